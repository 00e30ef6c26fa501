//! `migc export`: the checked model as data for other tools. [`json`] is migc's own
//! format (`docs/export.schema.json`), [`otm`] the Open Threat Model 0.2.0.
//!
//! Both are leaves: every derived fact (routes, scope, risk ranks, legal retentions,
//! findings after waivers, waivers in force) comes from the function the rules and
//! the documents use; nothing is computed a second time here. Output is the same
//! bytes on every run: declarations in source order, no clock, paths relative to the
//! project root.

pub mod json;
pub mod otm;

use crate::analysis::Analysis;
use crate::diag::FileId;
use crate::model::{ModelDecl, SymbolId};
use crate::syntax::Span;
use crate::workspace::Workspace;

/// What an export is made for: the same options as the documents'.
pub use crate::report::Options;

/// A file's path relative to the project root, with `/` separators; the standard
/// library's files as `std/MODULE.mig`.
pub(crate) fn file_path(analysis: &Analysis, ws: &Workspace, file: FileId) -> String {
    let Some(f) = analysis.file(file) else { return String::new() };
    match f.stdlib_module {
        Some(m) => format!("std/{m}.mig"),
        None => {
            let p = f.path.strip_prefix(&ws.root).unwrap_or(&f.path);
            p.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
        }
    }
}

/// The 1-based line of a position in a file.
pub(crate) fn line_of(analysis: &Analysis, file: FileId, span: Span) -> u32 {
    analysis.file(file).map_or(0, |f| f.lines.line_of(span.start as usize) as u32 + 1)
}

/// A symbol's qualified name (`R01`, `std::threat::ransomware`).
pub(crate) fn path_of(analysis: &Analysis, s: SymbolId) -> String {
    analysis.symbols.get(s).map(|s| s.path.clone()).unwrap_or_default()
}

/// A declaration's title, else its name, else its kind.
pub(crate) fn title_of(d: &ModelDecl) -> String {
    d.title.clone().or_else(|| d.name.as_ref().map(|n| n.text.to_string())).unwrap_or_else(|| d.kind.kind.to_string())
}
