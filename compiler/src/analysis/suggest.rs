//! "Did you mean …?" for names, kinds, properties and enum values.

/// The candidate closest to `word`, if it is close enough to be a likely typo.
/// Distance is counted in characters, so Japanese names work too.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let len = word.chars().count();
    let limit = match len {
        0..=2 => 1,
        3..=5 => 2,
        _ => 3,
    };
    let lower = word.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c == word {
            continue;
        }
        let d = if c.to_lowercase() == lower { 0 } else { strsim::levenshtein(word, c) };
        if d <= limit && best.is_none_or(|(bd, bc)| (d, c) < (bd, bc)) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(did_you_mean("encripted", ["encrypted", "portable"]).as_deref(), Some("encrypted"));
        assert_eq!(did_you_mean("診療禄", ["診療録", "処方箋"]).as_deref(), Some("診療録"));
        assert_eq!(did_you_mean("zzz", ["encrypted"]), None);
    }
}
