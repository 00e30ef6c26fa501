//! "Did you mean …?" for names, kinds, properties and enum values.
//!
//! Bounded work whatever the input: a distance is only computed up to the limit
//! (O(length · limit)), candidates whose length differs by more than the limit are
//! skipped, and over the symbol table ([`NameIndex`], built once per analysis) a
//! lookup examines at most a fixed number of candidates.

use crate::model::SymbolTable;
use std::collections::HashMap;

/// The largest distance still taken for a typo of a word of `len` characters.
fn limit_for(len: usize) -> usize {
    match len {
        0..=2 => 1,
        3..=5 => 2,
        _ => 3,
    }
}

/// `str::to_lowercase`, which lowercases a final `Σ` differently from `char::to_lowercase`.
fn lowercase(s: &str) -> String {
    s.to_lowercase()
}

/// Whether `c` lowercases to `lower` (itself lowercased with [`lowercase`]), without
/// allocating in the common case.
fn same_ignoring_case(lower: &str, c: &str) -> bool {
    if c.contains('Σ') {
        return lowercase(c) == lower;
    }
    c.chars().flat_map(char::to_lowercase).eq(lower.chars())
}

/// Levenshtein distance in characters, computed in a band of width `2·limit + 1`
/// and abandoned as soon as it must exceed the limit; reuses its buffers.
#[derive(Default)]
struct Bounded {
    word: Vec<char>,
    cand: Vec<char>,
    prev: Vec<usize>,
    cur: Vec<usize>,
}

impl Bounded {
    fn new(word: &str) -> Bounded {
        Bounded { word: word.chars().collect(), ..Bounded::default() }
    }

    /// The distance from the word to `c` if it is at most `limit`.
    fn distance(&mut self, c: &str, limit: usize) -> Option<usize> {
        self.cand.clear();
        self.cand.extend(c.chars());
        let (a, b) = (&self.word, &self.cand);
        let (n, m) = (a.len(), b.len());
        if n.abs_diff(m) > limit {
            return None;
        }
        // Values above the limit are all "too far": cap them so nothing overflows.
        let far = limit + 1;
        self.prev.clear();
        self.prev.extend((0..=m).map(|j| j.min(far)));
        self.cur.clear();
        self.cur.resize(m + 1, far);
        for i in 1..=n {
            // Only cells with |i - j| <= limit can stay within the limit.
            let lo = i.saturating_sub(limit).max(1);
            let hi = (i + limit).min(m);
            self.cur[lo - 1] = if lo == 1 { i.min(far) } else { far };
            let mut row_min = self.cur[lo - 1];
            for j in lo..=hi {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let v = (self.prev[j - 1] + cost).min(self.prev[j] + 1).min(self.cur[j - 1] + 1).min(far);
                self.cur[j] = v;
                row_min = row_min.min(v);
            }
            if hi < m {
                self.cur[hi + 1] = far;
            }
            if row_min > limit {
                return None;
            }
            std::mem::swap(&mut self.prev, &mut self.cur);
        }
        let d = self.prev[m];
        (d <= limit).then_some(d)
    }
}

/// The best of the candidates seen: smallest distance, then the smallest string.
#[derive(Default)]
struct Best<'a>(Option<(usize, &'a str)>);

impl<'a> Best<'a> {
    fn offer(&mut self, d: usize, c: &'a str) {
        if self.0.is_none_or(|(bd, bc)| (d, c) < (bd, bc)) {
            self.0 = Some((d, c));
        }
    }
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
/// Distance is counted in characters, so Japanese names work too; a candidate that
/// differs only in case counts as distance 0. Ties go to the smallest string.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let limit = limit_for(word.chars().count());
    let lower = lowercase(word);
    let mut dist = Bounded::new(word);
    let mut best = Best::default();
    for c in candidates {
        if c == word {
            continue;
        }
        let d = if same_ignoring_case(&lower, c) { Some(0) } else { dist.distance(c, limit) };
        if let Some(d) = d {
            best.offer(d, c);
        }
    }
    best.0.map(|(_, c)| c.to_string())
}

/// Below this many candidates of the right kinds and lengths, a lookup examines them
/// all (exactly [`did_you_mean`]'s answer); above it, only the neighbours below.
const EXHAUSTIVE: usize = 256;
/// Neighbours examined on each side of the word, in each order, for each length.
const NEIGHBOURS: usize = 8;

/// The names of one kind: by lowercase spelling, and by length in characters.
#[derive(Debug, Default)]
struct Lexicon {
    words: Vec<String>,
    lower: HashMap<String, Vec<u32>>,
    by_len: HashMap<usize, Bucket>,
}

/// Names of one length, sorted, and sorted by their reversed spelling: a typo near the
/// end keeps the name's place in the first order, one near the start in the second.
#[derive(Debug, Default)]
struct Bucket {
    fwd: Vec<u32>,
    rev: Vec<u32>,
}

fn rev_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.chars().rev().cmp(b.chars().rev())
}

impl Lexicon {
    fn add(&mut self, word: &str) {
        let i = self.words.len() as u32;
        self.lower.entry(lowercase(word)).or_default().push(i);
        self.by_len.entry(word.chars().count()).or_default().fwd.push(i);
        self.words.push(word.to_string());
    }

    fn seal(&mut self) {
        let words = &self.words;
        for b in self.by_len.values_mut() {
            b.fwd.sort_by(|&x, &y| words[x as usize].cmp(&words[y as usize]));
            b.rev = b.fwd.clone();
            b.rev.sort_by(|&x, &y| rev_cmp(&words[x as usize], &words[y as usize]));
        }
    }

    fn offer_case<'a>(&'a self, word: &str, lower: &str, best: &mut Best<'a>) {
        for &i in self.lower.get(lower).into_iter().flatten() {
            let c = self.words[i as usize].as_str();
            if c != word {
                best.offer(0, c);
            }
        }
    }

    fn window(&self, len: usize, limit: usize) -> impl Iterator<Item = &Bucket> {
        (len.saturating_sub(limit)..=len + limit).filter_map(|l| self.by_len.get(&l))
    }

    fn offer_near<'a>(&'a self, word: &str, limit: usize, all: bool, dist: &mut Bounded, best: &mut Best<'a>) {
        let len = dist.word.len();
        let mut try_one = |i: u32, best: &mut Best<'a>| {
            let c = self.words[i as usize].as_str();
            if c != word
                && let Some(d) = dist.distance(c, limit)
            {
                best.offer(d, c);
            }
        };
        for b in self.window(len, limit) {
            if all {
                b.fwd.iter().for_each(|&i| try_one(i, best));
                continue;
            }
            let at = b.fwd.partition_point(|&i| self.words[i as usize].as_str() < word);
            let from = at.saturating_sub(NEIGHBOURS);
            b.fwd[from..(at + NEIGHBOURS).min(b.fwd.len())].iter().for_each(|&i| try_one(i, best));
            let at = b.rev.partition_point(|&i| rev_cmp(&self.words[i as usize], word).is_lt());
            let from = at.saturating_sub(NEIGHBOURS);
            b.rev[from..(at + NEIGHBOURS).min(b.rev.len())].iter().for_each(|&i| try_one(i, best));
        }
    }
}

/// Suggestions for unknown names over the whole symbol table, built once per analysis
/// (after the symbols are collected) so that each unknown name costs a bounded amount
/// of work instead of a pass over every symbol.
///
/// Gives the same answer as `did_you_mean` over the paths of every symbol of the
/// wanted kinds, then over their last segments (`ransomware` for
/// `std::threat::ransomware`), as long as at most [`EXHAUSTIVE`] names of those kinds
/// have a usable length. Beyond that (large projects with many names of similar
/// length) it examines, for each usable length, the [`NEIGHBOURS`] names on each side
/// of the word in sorted and in reverse-sorted order: deterministic, and it finds a
/// typo that leaves the start or the end of the name in place. A hard cap, rather
/// than an exact index such as SymSpell, because deletion neighbourhoods for
/// distance 3 cost over a thousand entries per name of 20 characters.
#[derive(Debug, Default)]
pub struct NameIndex {
    /// Paths by kind.
    paths: HashMap<&'static str, Lexicon>,
    /// Last segments of the standard library's paths by kind. A project name is its
    /// own path, so its last segment can never match where its path did not.
    std_shorts: HashMap<&'static str, Lexicon>,
    /// Standard-library symbols (path, kind) by last segment, in symbol order.
    std_by_short: HashMap<String, Vec<(String, &'static str)>>,
}

impl NameIndex {
    pub fn new(symbols: &SymbolTable) -> NameIndex {
        let mut index = NameIndex::default();
        for s in &symbols.symbols {
            let kind = s.kind.kind;
            index.paths.entry(kind).or_default().add(&s.path);
            if s.path.starts_with("std::") {
                let short = s.path.rsplit("::").next().unwrap_or(&s.path);
                index.std_shorts.entry(kind).or_default().add(short);
                index.std_by_short.entry(short.to_string()).or_default().push((s.path.clone(), kind));
            }
        }
        index.paths.values_mut().chain(index.std_shorts.values_mut()).for_each(Lexicon::seal);
        index
    }

    /// A suggestion for the unknown name `text` that should be of one of `kinds`.
    pub fn suggest(&self, text: &str, kinds: &[&str]) -> Option<String> {
        let std_path =
            |short: &str| self.std_by_short.get(short)?.iter().find(|(_, k)| kinds.contains(k)).map(|(p, _)| p.clone());
        // A bare name that exists in the standard library: its full path.
        if let Some(p) = std_path(text) {
            return Some(p);
        }
        if let Some(p) = Self::closest(&self.paths, text, kinds) {
            return Some(p.to_string());
        }
        Self::closest(&self.std_shorts, text, kinds).and_then(std_path)
    }

    fn closest<'a>(lexicons: &'a HashMap<&'static str, Lexicon>, text: &str, kinds: &[&str]) -> Option<&'a str> {
        let lex: Vec<&Lexicon> = {
            let mut ks: Vec<&str> = kinds.to_vec();
            ks.sort_unstable();
            ks.dedup();
            ks.iter().filter_map(|k| lexicons.get(*k)).collect()
        };
        let lower = lowercase(text);
        let mut best = Best::default();
        lex.iter().for_each(|l| l.offer_case(text, &lower, &mut best));
        if best.0.is_some() {
            return best.0.map(|(_, c)| c);
        }
        let mut dist = Bounded::new(text);
        let limit = limit_for(dist.word.len());
        let len = dist.word.len();
        let in_window: usize = lex.iter().flat_map(|l| l.window(len, limit)).map(|b| b.fwd.len()).sum();
        let all = in_window <= EXHAUSTIVE;
        lex.iter().for_each(|l| l.offer_near(text, limit, all, &mut dist, &mut best));
        best.0.map(|(_, c)| c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::FileId;
    use crate::model::{DeclId, Symbol, SymbolId};
    use crate::syntax::Span;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(did_you_mean("encripted", ["encrypted", "portable"]).as_deref(), Some("encrypted"));
        assert_eq!(did_you_mean("診療禄", ["診療録", "処方箋"]).as_deref(), Some("診療録"));
        assert_eq!(did_you_mean("zzz", ["encrypted"]), None);
    }

    #[test]
    fn case_only_differences_win() {
        assert_eq!(did_you_mean("Encrypted", ["encrypte", "encrypted"]).as_deref(), Some("encrypted"));
        assert_eq!(did_you_mean("ΟΔΟΣ", ["οδος", "οδοσ"]).as_deref(), Some("οδος"));
        assert_eq!(did_you_mean("EHR_DB", ["ehr_db", "ehr_dc"]).as_deref(), Some("ehr_db"));
    }

    #[test]
    fn japanese_names_count_characters() {
        // Two characters changed in a name of 6: within the limit of 3.
        assert_eq!(did_you_mean("電子カルテ系", ["電子カルテDB", "医事会計"]).as_deref(), Some("電子カルテDB"));
        assert_eq!(did_you_mean("受付PC", ["受付ＰＣ"]).as_deref(), Some("受付ＰＣ"));
        assert_eq!(did_you_mean("診療録", ["処方箋データ"]), None);
    }

    #[test]
    fn ties_go_to_the_smallest_string() {
        assert_eq!(did_you_mean("cat", ["hat", "bat", "mat"]).as_deref(), Some("bat"));
        assert_eq!(did_you_mean("cat", ["cart", "bat"]).as_deref(), Some("bat"));
        // Distance first, then the string.
        assert_eq!(did_you_mean("abcdef", ["abcdxy", "zbcdef"]).as_deref(), Some("zbcdef"));
    }

    #[test]
    fn long_names_are_bounded() {
        let long: String = "あ".repeat(100_000);
        let mut near = long.clone();
        near.replace_range(30_000..30_003, "い");
        let far = "い".repeat(100_000);
        let t = std::time::Instant::now();
        assert_eq!(did_you_mean(&near, [far.as_str(), long.as_str()]).as_deref(), Some(long.as_str()));
        // The full matrix would be 10^10 cells; the band is 7 per character.
        assert!(t.elapsed().as_secs() < 5);
    }

    #[test]
    fn bounded_distance_matches_levenshtein() {
        let words =
            ["", "a", "ab", "abc", "kitten", "sitting", "診療録", "診療禄x", "flaw", "lawn", "abcdefgh", "hgfedcba"];
        for a in words {
            let mut d = Bounded::new(a);
            for b in words {
                let exact = strsim::levenshtein(a, b);
                for limit in 0..5 {
                    assert_eq!(d.distance(b, limit), (exact <= limit).then_some(exact), "{a} {b} {limit}");
                }
            }
        }
    }

    fn table(names: &[(&str, &str)]) -> SymbolTable {
        let mut t = SymbolTable::default();
        for (i, (kind, path)) in names.iter().enumerate() {
            let Some(kind) = crate::schema::kind(kind) else { continue };
            let name = path.rsplit("::").next().unwrap_or(path).to_string();
            let (path, decl) = (path.to_string(), DeclId(i as u32));
            t.by_path.insert(path.clone(), SymbolId(i as u32));
            t.symbols.push(Symbol { path, name, kind, file: FileId(0), name_span: Span::new(0, 0), decl });
        }
        t
    }

    /// The suggestion as `check.rs` computed it before the index: two passes of
    /// `did_you_mean` over every symbol of the wanted kinds.
    fn by_scan(symbols: &SymbolTable, text: &str, kinds: &[&str]) -> Option<String> {
        let candidates: Vec<&str> =
            symbols.symbols.iter().filter(|s| kinds.contains(&s.kind.kind)).map(|s| s.path.as_str()).collect();
        let std_match =
            candidates.iter().find(|c| c.starts_with("std::") && c.rsplit("::").next() == Some(text)).copied();
        std_match.map(str::to_string).or_else(|| {
            did_you_mean(text, candidates.iter().copied()).or_else(|| {
                did_you_mean(text, candidates.iter().map(|c| c.rsplit("::").next().unwrap_or(c))).and_then(|short| {
                    candidates.iter().find(|c| c.rsplit("::").next() == Some(short.as_str())).map(|c| c.to_string())
                })
            })
        })
    }

    #[test]
    fn index_gives_the_scan_answer() {
        let t = table(&[
            ("threat", "std::threat::ransomware"),
            ("threat", "std::threat::insider"),
            ("record", "std::record::診療録"),
            ("data", "診療禄"),
            ("data", "処方箋"),
            ("data", "Ehr_Data"),
            ("asset", "ehr_db"),
            ("asset", "ehr_dc"),
            ("asset", "受付PC"),
            ("site", "tokyo"),
            ("site", "osaka"),
            ("threat", "ransomwear"),
        ]);
        let index = NameIndex::new(&t);
        let words = [
            "ransomware",
            "ransomwar",
            "ransomwere",
            "insidr",
            "std::threat::insidr",
            "診療録",
            "診療",
            "ehr_data",
            "EHR_DB",
            "ehr_dd",
            "受付pc",
            "tokio",
            "osaka1",
            "zzz",
            "",
            "std::record::診療禄",
        ];
        let kinds: [&[&str]; 5] = [&["threat"], &["data", "record"], &["asset"], &["site", "asset"], &["party"]];
        for w in words {
            for k in kinds {
                assert_eq!(index.suggest(w, k), by_scan(&t, w, k), "{w} {k:?}");
            }
        }
    }

    #[test]
    fn index_gives_the_scan_answer_on_random_names() {
        // A small alphabet (with case, a kana and an astral character) so that many
        // names are near each other; a fixed linear congruential generator.
        let alphabet: Vec<char> = "abAB_1診𠮷".chars().collect();
        let mut seed = 12345u64;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        let word = |next: &mut dyn FnMut(usize) -> usize| {
            let len = 1 + next(7);
            (0..len).map(|_| alphabet[next(alphabet.len())]).collect::<String>()
        };
        let kinds = ["data", "asset", "threat"];
        let mut names: Vec<(&str, String)> = Vec::new();
        for _ in 0..120 {
            let kind = kinds[next(3)];
            let w = word(&mut next);
            let path = if next(4) == 0 { format!("std::m::{w}") } else { w };
            if !names.iter().any(|(_, p)| *p == path) {
                names.push((kind, path));
            }
        }
        let t = table(&names.iter().map(|(k, p)| (*k, p.as_str())).collect::<Vec<_>>());
        let index = NameIndex::new(&t);
        let wanted: [&[&str]; 3] = [&["data"], &["asset", "threat"], &["data", "asset", "threat"]];
        for _ in 0..600 {
            let w = word(&mut next);
            if t.lookup(&w).is_some() {
                continue;
            }
            for k in wanted {
                assert_eq!(index.suggest(&w, k), by_scan(&t, &w, k), "{w} {k:?}");
            }
        }
    }

    #[test]
    fn large_tables_examine_neighbours_only() {
        let names: Vec<String> = (0..20_000).map(|i| format!("data_record_{i:05}")).collect();
        let t = table(&names.iter().map(|n| ("data", n.as_str())).collect::<Vec<_>>());
        let index = NameIndex::new(&t);
        // A letter dropped, changed or added, at the start, middle or end.
        for (typo, want) in [
            ("data_recrd_01234", "data_record_01234"),
            ("dta_record_01234", "data_record_01234"),
            ("data_record_01234x", "data_record_01234"),
            ("Data_Record_01234", "data_record_01234"),
            ("xata_record_19999", "data_record_19999"),
        ] {
            assert_eq!(index.suggest(typo, &["data"]).as_deref(), Some(want), "{typo}");
        }
        // Many names are one insertion away; the one found is as close as the best,
        // though not necessarily the smallest of them.
        let found = index.suggest("data_record_0123", &["data"]).unwrap_or_default();
        assert_eq!(strsim::levenshtein("data_record_0123", &found), 1, "{found}");
        assert_eq!(index.suggest("unknown_item_1", &["data"]), None);
        let t0 = std::time::Instant::now();
        for i in 0..20_000 {
            let _ = index.suggest(&format!("unknown_item_{i:05}"), &["data"]);
        }
        assert!(t0.elapsed().as_secs() < 10);
    }
}
