//! Work split over the cores, with results in input order, so that what an
//! analysis reports never depends on scheduling.

/// Below this many bytes of source a step runs on one thread: a thread costs more
/// than it saves on a small project (an editor's usual case).
pub(crate) const MIN_PARALLEL_BYTES: usize = 256 * 1024;

/// `work` over contiguous chunks of `items`, one per core, the chunks about equal in
/// `weight`; the results in item order. Below `min_weight` in total everything runs
/// on this thread. A chunk whose thread failed is run again here.
pub(crate) fn map_chunks<T: Sync, R: Send>(
    items: &[T],
    weight: impl Fn(&T) -> usize,
    min_weight: usize,
    work: impl Fn(&[T]) -> R + Sync,
) -> Vec<R> {
    let total: usize = items.iter().map(&weight).sum();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len());
    if threads < 2 || total < min_weight {
        return vec![work(items)];
    }
    // Cut where the running weight passes each k/threads of the total.
    let mut chunks: Vec<&[T]> = Vec::with_capacity(threads);
    let (mut start, mut acc) = (0, 0usize);
    for (i, item) in items.iter().enumerate() {
        acc += weight(item);
        if chunks.len() + 1 < threads && acc.saturating_mul(threads) >= total.saturating_mul(chunks.len() + 1) {
            chunks.push(&items[start..=i]);
            start = i + 1;
        }
    }
    chunks.push(&items[start..]);
    let work = &work;
    std::thread::scope(|scope| {
        let rest = chunks.get(1..).unwrap_or(&[]);
        let handles: Vec<_> = rest.iter().map(|&c| scope.spawn(move || work(c))).collect();
        let mut out = Vec::with_capacity(chunks.len());
        out.push(work(chunks.first().copied().unwrap_or(&[])));
        for (h, &c) in handles.into_iter().zip(rest) {
            out.push(h.join().unwrap_or_else(|_| work(c)));
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_order_whatever_the_split() {
        let items: Vec<usize> = (0..1000).collect();
        for min in [0, 1 << 40] {
            let out: Vec<usize> = map_chunks(&items, |&n| n % 7 + 1, min, |c| c.to_vec()).concat();
            assert_eq!(out, items);
        }
        let empty: Vec<Vec<u8>> = map_chunks(&[] as &[u8], |_| 1, 0, |c| c.to_vec());
        assert_eq!(empty.concat(), Vec::<u8>::new());
    }
}
