//! Reports for CI: SARIF, GitHub annotations, JUnit, GitLab Code Quality, and the
//! baseline. They are leaves: they read the analysis, and nothing reads them back.
//! Fingerprints are computed here, once, for every format.

use crate::analysis::{Analysis, SourceInfo};
use crate::diag::{Diagnostic, Label, Severity};
use crate::model::ModelDecl;

pub mod baseline;
pub mod diff;
pub mod github;
pub mod gitlab;
pub mod junit;
pub mod sarif;

/// A finding as the reports see it: the diagnostic, the declaration at fault and
/// its fingerprint.
#[derive(Clone, Debug)]
pub struct Finding<'a> {
    pub diag: &'a Diagnostic,
    /// The qualified name of the declaration holding the primary label (`R01`,
    /// `responsibility on std::duty::backup`), else the file's name.
    pub subject: String,
    /// Stable across runs, line moves, reformatting and moves between files.
    pub fingerprint: String,
}

/// Fingerprint each diagnostic of `diags`: rule id + the qualified name of the
/// declaration at fault + a discriminator (the English message, whitespace
/// collapsed, and for exact repeats their order). Positions and file names are
/// not part of it, so moving a declaration within or between files, reformatting,
/// and adding unrelated declarations change nothing; a different finding
/// (another rule, declaration or message) gets a different fingerprint.
pub fn findings<'a>(analysis: &Analysis, diags: &'a [Diagnostic]) -> Vec<Finding<'a>> {
    let mut seen: std::collections::HashMap<(String, String, String), u32> = std::collections::HashMap::new();
    diags
        .iter()
        .map(|d| {
            let subject = subject(analysis, d);
            let message = d.message.en.split_whitespace().collect::<Vec<_>>().join(" ");
            let n = seen.entry((d.code.clone(), subject.clone(), message.clone())).or_insert(0);
            let key = format!("{}\u{1f}{subject}\u{1f}{message}\u{1f}{n}", d.code);
            *n += 1;
            Finding { diag: d, subject, fingerprint: hash(&key) }
        })
        .collect()
}

/// FNV-1a, 128 bits, as 32 hex digits: stable across platforms and Rust versions
/// (a fingerprint is stored in baselines and by code-scanning services).
fn hash(text: &str) -> String {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    let mut h = OFFSET;
    for b in text.bytes() {
        h ^= u128::from(b);
        h = h.wrapping_mul(PRIME);
    }
    format!("{h:032x}")
}

/// The qualified name of the declaration holding the primary label.
fn subject(analysis: &Analysis, d: &Diagnostic) -> String {
    let Some(l) = d.primary_label() else { return String::new() };
    match enclosing_decl(analysis, l) {
        Some(m) => qualified_name(analysis, m),
        None => analysis.file(l.file).map_or_else(String::new, |f| f.name.clone()),
    }
}

/// The declaration whose text holds the start of a label.
fn enclosing_decl<'a>(analysis: &'a Analysis, l: &Label) -> Option<&'a ModelDecl> {
    // Declarations are in file and source order.
    let decls = &analysis.model.decls;
    let i = decls.partition_point(|m| (m.file, m.span.start) <= (l.file, l.span.start));
    let m = decls.get(i.checked_sub(1)?)?;
    (m.file == l.file && l.span.start < m.span.end.max(m.span.start + 1)).then_some(m)
}

/// `R01`, `std::threat::ransomware`; an unnamed declaration by its kind and target.
pub fn qualified_name(analysis: &Analysis, m: &ModelDecl) -> String {
    if let Some(s) = m.symbol.and_then(|s| analysis.symbols.get(s)) {
        return s.path.clone();
    }
    let kind = m.kind.kind;
    if let Some(n) = &m.name {
        return format!("{kind} {}", n.text);
    }
    match m.target.as_ref().and_then(|t| t.as_ref_symbol()).and_then(|s| analysis.symbols.get(s)) {
        Some(t) => format!("{kind} on {}", t.path),
        None => kind.to_string(),
    }
}

/// A place, 1-based, columns in Unicode code points, the end exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

/// The file and place of a label.
pub fn place<'a>(analysis: &'a Analysis, l: &Label) -> Option<(&'a SourceInfo, Place)> {
    let f = analysis.file(l.file)?;
    let s = f.lines.line_col(&f.text, l.span.start as usize);
    let e = f.lines.line_col(&f.text, l.span.end as usize);
    Some((f, Place { line: s.line + 1, column: s.col + 1, end_line: e.line + 1, end_column: e.col + 1 }))
}

/// A file's path with `/` separators, as shown (relative to the directory migc
/// ran in, unless the paths were given absolutely).
pub fn path_of(f: &SourceInfo) -> String {
    f.name.replace('\\', "/")
}

/// Severities from the most to the least serious.
pub fn at_least(s: Severity, level: Severity) -> bool {
    s <= level
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_fnv1a_128() {
        // Published test vectors of FNV-1a 128.
        assert_eq!(hash(""), "6c62272e07bb014262b821756295c58d");
        assert_eq!(hash("a"), "d228cb696f1a8caf78912b704e4a8964");
    }

    #[test]
    fn severities_are_ordered_from_error() {
        assert!(at_least(Severity::Error, Severity::Warning));
        assert!(at_least(Severity::Warning, Severity::Warning));
        assert!(!at_least(Severity::Note, Severity::Warning));
    }
}
