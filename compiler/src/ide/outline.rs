//! The shape of files and of the project: folding ranges and workspace symbols.

use super::Location;
use crate::analysis::Analysis;
use crate::diag::FileId;
use crate::syntax::{NodeKind, Span, TokenKind};

/// What a folding range holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoldKind {
    /// A block `{ … }` or a list `[ … ]` over several lines.
    Region,
    /// Two or more consecutive comment lines.
    Comment,
    /// Two or more consecutive imports.
    Imports,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fold {
    /// From the first byte folded (a `{`, a comment, an import) to the last.
    pub span: Span,
    pub kind: FoldKind,
}

/// Every block and list spanning more than one line, every run of two or more
/// comment lines and of two or more imports; sorted by start.
pub fn folding_ranges(a: &Analysis, file: FileId) -> Vec<Fold> {
    let (Some(info), Some(tree)) = (a.file(file), a.trees.get(file.0 as usize).map(|t| &t.syntax)) else {
        return Vec::new();
    };
    let line = |offset: u32| info.lines.line_of(offset as usize);
    let mut out = Vec::new();
    // Blocks and lists.
    for (id, node) in tree.nodes.iter().enumerate() {
        if matches!(node.kind, NodeKind::Block | NodeKind::List) {
            let span = tree.node_span(id as u32);
            if line(span.start) < line(span.end.saturating_sub(1)) {
                out.push(Fold { span, kind: FoldKind::Region });
            }
        }
    }
    // Runs of lines that hold only a comment.
    let mut runs: Vec<(Span, usize, usize, FoldKind)> = Vec::new();
    let mut code_line = usize::MAX;
    for (i, t) in tree.tokens.iter().enumerate() {
        let span = tree.token_span(i as u32);
        let l = line(span.start);
        match t.kind {
            TokenKind::Whitespace | TokenKind::Newline => {}
            TokenKind::Comment | TokenKind::DocComment if code_line != l => match runs.last_mut() {
                Some((s, _, last, _)) if *last + 1 == l => {
                    s.end = span.end;
                    *last = l;
                }
                _ => runs.push((span, l, l, FoldKind::Comment)),
            },
            _ => code_line = l,
        }
    }
    // Runs of imports: top-level imports with no declaration between them.
    let mut imports: Option<(Span, usize, usize, FoldKind)> = None;
    for e in tree.root().map(|r| tree.children(r)).into_iter().flatten() {
        let crate::syntax::Element::Node(n) = e else { continue };
        let span = tree.node_span(n);
        if tree.node(n).is_some_and(|n| n.kind == NodeKind::Import) {
            let last = line(span.end.saturating_sub(1));
            imports = Some(match imports {
                Some((s, first, _, k)) => (Span { start: s.start, end: span.end }, first, last, k),
                None => (span, line(span.start), last, FoldKind::Imports),
            });
        } else {
            runs.extend(imports.take());
        }
    }
    runs.extend(imports);
    out.extend(
        runs.into_iter().filter(|(_, first, last, _)| last > first).map(|(span, _, _, kind)| Fold { span, kind }),
    );
    out.sort_by_key(|f| (f.span.start, std::cmp::Reverse(f.span.end)));
    out
}

/// A declaration found by name anywhere in the project or the standard library.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceSymbol {
    pub location: Location,
    /// The name (`std::threat::ransomware` for the standard library's).
    pub name: String,
    pub kind: &'static str,
    /// The file of a project declaration, the module of a standard one (`std::threat`).
    pub container: String,
}

/// At most this many workspace symbols are returned.
pub const WORKSPACE_SYMBOLS_MAX: usize = 200;

/// The declarations whose name contains `query` (without regard to case; an empty
/// query matches all): the project's in file order, then the standard library's
/// by path; at most [`WORKSPACE_SYMBOLS_MAX`].
pub fn workspace_symbols(a: &Analysis, query: &str) -> Vec<WorkspaceSymbol> {
    let query = query.trim().to_lowercase();
    let mut found: Vec<(bool, WorkspaceSymbol)> = a
        .symbols
        .symbols
        .iter()
        .filter(|s| s.path.to_lowercase().contains(&query))
        .filter_map(|s| {
            let file = a.file(s.file)?;
            let std = file.stdlib_module.is_some();
            let container = match file.stdlib_module {
                Some(m) => format!("std::{m}"),
                None => file.name.clone(),
            };
            let location = Location { file: s.file, span: s.name_span };
            Some((std, WorkspaceSymbol { location, name: s.path.clone(), kind: s.kind.kind, container }))
        })
        .collect();
    found.sort_by(|(a_std, a), (b_std, b)| {
        let key = |std: bool, s: &WorkspaceSymbol| (std, if std { s.name.clone() } else { String::new() }, s.location);
        key(*a_std, a).cmp(&key(*b_std, b))
    });
    found.into_iter().take(WORKSPACE_SYMBOLS_MAX).map(|(_, s)| s).collect()
}
