//! Code actions: the fixes the diagnostics at a range carry (did-you-mean
//! replacements, missing properties and declarations, waiver skeletons).

use crate::analysis::Analysis;
use crate::diag::{Edit, FileId, FixKind, Lang};
use crate::syntax::Span;

/// What an action is, for the editor's menus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeActionKind {
    /// Repairs the text or writes what a finding asks for.
    QuickFix,
    /// Anything else (a waiver: it records an exception, the finding stays true).
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeAction {
    pub title: String,
    pub kind: CodeActionKind,
    /// The code of the diagnostic it answers.
    pub code: Option<String>,
    /// The primary span of that diagnostic (the editor links the action to it).
    pub diagnostic: Option<(FileId, Span)>,
    /// Text edits, possibly in several files; in one file they do not overlap.
    pub edits: Vec<Edit>,
}

/// The actions for the diagnostics whose primary label is in `file` and touches
/// `range` (a cursor is an empty range), in diagnostic order: quick fixes first.
pub fn code_actions(a: &Analysis, file: FileId, range: Span, lang: Lang) -> Vec<CodeAction> {
    let touches = |s: Span| s.start <= range.end && range.start <= s.end;
    let mut out: Vec<CodeAction> = a
        .diagnostics
        .iter()
        .filter_map(|d| Some((d, d.primary_label()?)))
        .filter(|(_, l)| l.file == file && touches(l.span))
        .flat_map(|(d, l)| {
            d.fixes.iter().map(move |f| CodeAction {
                title: f.title.get(lang).to_string(),
                kind: match f.kind {
                    FixKind::Repair => CodeActionKind::QuickFix,
                    FixKind::Waiver => CodeActionKind::Other,
                },
                code: Some(d.code.clone()),
                diagnostic: Some((l.file, l.span)),
                edits: f.edits.clone(),
            })
        })
        .collect();
    out.sort_by_key(|c| c.kind != CodeActionKind::QuickFix);
    out.dedup();
    out
}
