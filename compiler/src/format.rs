//! The formatter: one canonical layout for `.mig` text, printed from the lossless
//! tree, keeping every comment. Used by `migc fmt` (and, later, the language server).
//!
//! The layout is the style of `examples/`:
//! - two spaces of indentation per level; one entry per line (`a 1; b 2` is split);
//! - the values of consecutive one-line entries aligned one space after the widest
//!   key, in display columns (a blank line, or an entry that spans lines, starts a
//!   new alignment run);
//! - a declaration's header on one line, `kind name "title" on target {`;
//! - lists on one line as `[a, b]`, or, when written over several lines or holding a
//!   comment, one element per line with a trailing comma;
//! - a comment after code is three spaces after it; blank lines are kept, at most one
//!   in a row, and declarations are separated by one;
//! - the file's line ending (the first one in it) is kept, and the text ends with one.
//!
//! A file with syntax errors is not formatted. The output is checked before it is
//! returned: it must parse without errors to the same declarations (spans aside,
//! doc comments included) and hold the same comments in the same order (Cedar's
//! formatter makes the same check), so formatting can never change a model.

use crate::diag::FileId;
use crate::syntax::{self, Element, NodeId, NodeKind, SyntaxTree, TokenKind};
use unicode_width::UnicodeWidthStr;

/// Why a text was not formatted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatError {
    /// The text has this many syntax errors (formatting would guess at its meaning).
    SyntaxErrors(usize),
    /// The formatted text would not mean the same (a bug in the formatter): what differs.
    Unsound(String),
}

impl FormatError {
    /// Why the file shown as `name` was not formatted (the CLI and the editor say the same).
    pub fn message(&self, name: &str) -> crate::diag::Text {
        match self {
            FormatError::SyntaxErrors(n) => crate::tr!(
                "{name}: 構文エラーが {n} 件あるため整形しません (`migc check` で場所を確認できます)",
                "{name}: not formatted: {n} syntax errors (`migc check` shows where)"
            ),
            FormatError::Unsound(why) => crate::tr!(
                "{name}: 整形すると内容が変わるため整形しません ({why})。migc の不具合です。報告してください",
                "{name}: not formatted: the result would not mean the same ({why}); this is a bug in migc, please report it"
            ),
        }
    }
}

/// The text in the canonical layout.
pub fn format_text(text: &str) -> Result<String, FormatError> {
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    let (file, diags) = syntax::parse(FileId(0), body);
    let errors = diags.iter().filter(|d| d.severity == crate::diag::Severity::Error).count();
    if errors > 0 {
        return Err(FormatError::SyntaxErrors(errors));
    }
    let newline = file
        .syntax
        .tokens
        .iter()
        .enumerate()
        .find(|(_, t)| t.kind == TokenKind::Newline)
        .map_or("\n", |(i, _)| &body[file.syntax.token_span(i as u32).range()]);
    let mut p = Printer { tree: &file.syntax, text: body, out: String::with_capacity(body.len() + 64) };
    if let Some(root) = file.syntax.root() {
        p.top_level(root);
    }
    let out = format!("{bom}{}", p.out.replace('\n', newline));
    check_same_meaning(body, out.strip_prefix('\u{feff}').unwrap_or(&out))?;
    Ok(out)
}

/// The soundness check: `after` parses cleanly to what `before` parses to.
fn check_same_meaning(before: &str, after: &str) -> Result<(), FormatError> {
    let (a, _) = syntax::parse(FileId(0), before);
    let (b, diags) = syntax::parse(FileId(0), after);
    if let Some(d) = diags.first() {
        return Err(FormatError::Unsound(format!("the output has a syntax error: {}", d.message.en)));
    }
    if shape(&a) != shape(&b) {
        return Err(FormatError::Unsound("the declarations would change".into()));
    }
    let comments = |f: &syntax::SourceFile, text: &str| -> Vec<String> {
        (0..f.syntax.tokens.len() as u32)
            .filter(|&t| matches!(f.syntax.token_kind(t), Some(TokenKind::Comment | TokenKind::DocComment)))
            .map(|t| text[f.syntax.token_span(t).range()].trim_end().to_string())
            .collect()
    };
    if comments(&a, before) != comments(&b, after) {
        return Err(FormatError::Unsound("the comments would change".into()));
    }
    Ok(())
}

/// The declarations of a file as text, spans left out: two files with the same
/// shape mean the same (values, names, titles, labels, docs, recovery flags).
fn shape(file: &syntax::SourceFile) -> String {
    use std::fmt::Write;
    use syntax::owned::{Block, Item, Value, ValueKind};
    fn block(b: &Block, out: &mut String) {
        let _ = write!(out, "{{{}", b.recovered);
        for e in &b.entries {
            let label = e.label.as_ref().map(|l| l.text.as_str());
            let title = e.title.as_ref().map(|t| t.value.as_str());
            let _ = write!(out, "({} {label:?} {title:?} ", e.key.text);
            value(&e.value, out);
            out.push(')');
        }
        out.push('}');
    }
    fn value(v: &Value, out: &mut String) {
        match &v.kind {
            ValueKind::List(items) => {
                out.push('[');
                for i in items {
                    value(i, out);
                    out.push(',');
                }
                out.push(']');
            }
            ValueKind::Block(b) => block(b, out),
            ValueKind::Ref(p) => {
                let _ = write!(out, "Ref({})", p.text());
            }
            other => {
                let _ = write!(out, "{other:?}");
            }
        }
    }
    let mut out = String::new();
    for item in syntax::owned::materialise(file) {
        match &item {
            Item::Import(i) => {
                let _ = write!(out, "import {:?};", i.path.value);
            }
            Item::Decl(d) => {
                let name = d.name.as_ref().map(|n| n.text.as_str());
                let title = d.title.as_ref().map(|t| t.value.as_str());
                let target = d.target.as_ref().map(|t| t.text());
                let _ = write!(out, "{} {name:?} {title:?} {target:?} {:?} {}", d.kind.text, d.doc, d.recovered);
                block(&d.body, &mut out);
                out.push(';');
            }
            Item::Error(_) => out.push_str("error;"),
        }
    }
    out
}

/// Spaces before a comment that follows code on its line.
const COMMENT_GAP: &str = "   ";

/// One line-level item of a block or of the file, with the blank line before it.
enum Line {
    /// An entry (or a top-level item), and a comment after it on its line.
    Item { node: NodeId, comment: Option<u32>, blank_before: bool },
    /// A comment on a line of its own.
    Comment { token: u32, blank_before: bool },
}

struct Printer<'a> {
    tree: &'a SyntaxTree,
    text: &'a str,
    out: String,
}

impl<'a> Printer<'a> {
    fn token_text(&self, t: u32) -> &'a str {
        self.text.get(self.tree.token_span(t).range()).unwrap_or("").trim_end()
    }
    fn node_text(&self, n: NodeId) -> &'a str {
        self.text.get(self.tree.node_span(n).range()).unwrap_or("")
    }
    fn kind(&self, n: NodeId) -> Option<NodeKind> {
        self.tree.node(n).map(|n| n.kind)
    }
    fn indent(&mut self, depth: usize) {
        for _ in 0..depth {
            self.out.push_str("  ");
        }
    }

    /// The children of a file or block as lines: items with their trailing comments,
    /// own-line comments, and where blank lines were. A comment right after the
    /// opening `{` is returned separately.
    fn lines(&self, parent: NodeId) -> (Option<u32>, Vec<Line>) {
        let mut lines: Vec<Line> = Vec::new();
        let mut after_open = None;
        // Line breaks since the last item or comment (a `;` counts as one).
        let mut breaks = 0usize;
        let mut started = false;
        for e in self.tree.children(parent) {
            match e {
                Element::Node(n) => {
                    lines.push(Line::Item { node: n, comment: None, blank_before: started && breaks >= 2 });
                    (breaks, started) = (0, true);
                }
                Element::Token(t) => match self.tree.token_kind(t) {
                    Some(TokenKind::Newline) => breaks += 1,
                    Some(TokenKind::Semicolon) => breaks = breaks.max(1),
                    Some(TokenKind::Comment | TokenKind::DocComment) => {
                        if breaks == 0
                            && let Some(Line::Item { comment: c @ None, .. }) = lines.last_mut()
                        {
                            *c = Some(t);
                        } else if breaks == 0 && !started && self.kind(parent) == Some(NodeKind::Block) {
                            after_open = Some(t);
                        } else {
                            lines.push(Line::Comment { token: t, blank_before: started && breaks >= 2 });
                            started = true;
                        }
                        breaks = 0;
                    }
                    _ => {}
                },
            }
        }
        (after_open, lines)
    }

    fn top_level(&mut self, root: NodeId) {
        let (_, lines) = self.lines(root);
        let tree = self.tree;
        let is_decl =
            |l: &Line| matches!(*l, Line::Item { node, .. } if tree.node(node).map(|n| n.kind) == Some(NodeKind::Decl));
        for (i, line) in lines.iter().enumerate() {
            let blank = match *line {
                Line::Item { blank_before, .. } | Line::Comment { blank_before, .. } => blank_before,
            };
            // Declarations are set apart by a blank line; a comment right above one stays attached.
            if let Some(prev) = i.checked_sub(1).and_then(|p| lines.get(p))
                && (blank || is_decl(prev) || (is_decl(line) && matches!(prev, Line::Item { .. })))
            {
                self.out.push('\n');
            }
            match *line {
                Line::Item { node, comment, .. } => {
                    match self.kind(node) {
                        Some(NodeKind::Decl) => self.decl(node),
                        // `import "path"`
                        _ => {
                            let words: Vec<&str> = self
                                .tree
                                .children(node)
                                .filter_map(|e| match e {
                                    Element::Token(t) if !self.tree.is_trivia(t) => Some(self.token_text(t)),
                                    _ => None,
                                })
                                .collect();
                            self.out.push_str(&words.join(" "));
                        }
                    }
                    self.trailing(comment);
                }
                Line::Comment { token, .. } => self.out.push_str(self.token_text(token)),
            }
            self.out.push('\n');
        }
    }

    fn trailing(&mut self, comment: Option<u32>) {
        if let Some(c) = comment {
            self.out.push_str(COMMENT_GAP);
            self.out.push_str(self.token_text(c));
        }
    }

    /// `kind name "title" on target { ... }`
    fn decl(&mut self, node: NodeId) {
        let mut words: Vec<&str> = Vec::new();
        let mut block = None;
        let mut comments = Vec::new();
        for e in self.tree.children(node) {
            match e {
                Element::Token(t) => match self.tree.token_kind(t) {
                    Some(TokenKind::Whitespace | TokenKind::Newline) => {}
                    Some(TokenKind::Comment | TokenKind::DocComment) => comments.push(t),
                    _ => words.push(self.token_text(t)),
                },
                Element::Node(n) => match self.kind(n) {
                    Some(NodeKind::Block) => block = Some(n),
                    // `on TARGET` (a path holds no blanks).
                    Some(NodeKind::Target) => {
                        for c in self.tree.children(n) {
                            match c {
                                Element::Token(t) if !self.tree.is_trivia(t) => words.push(self.token_text(t)),
                                Element::Token(_) => {}
                                Element::Node(p) => words.push(self.node_text(p)),
                            }
                        }
                    }
                    _ => words.push(self.node_text(n)),
                },
            }
        }
        self.out.push_str(&words.join(" "));
        if let Some(b) = block {
            self.out.push(' ');
            // A comment in the header (before a `{` on a later line) follows the `{`.
            self.block(b, 0, &comments);
        }
    }

    /// A block whose `{` goes at the current position; its entries at `depth + 1`.
    /// `lead`: comments to put right after the `{`.
    fn block(&mut self, node: NodeId, depth: usize, lead: &[u32]) {
        let (after_open, lines) = self.lines(node);
        let opening: Vec<u32> = lead.iter().copied().chain(after_open).collect();
        if lines.is_empty() && opening.is_empty() {
            self.out.push_str("{}");
            return;
        }
        self.out.push('{');
        self.trailing(opening.first().copied());
        self.out.push('\n');
        for &c in opening.iter().skip(1) {
            self.indent(depth + 1);
            self.out.push_str(self.token_text(c));
            self.out.push('\n');
        }
        // Alignment runs: consecutive one-line entries, broken by a blank line or a multi-line entry.
        let widths = self.key_widths(&lines);
        for (line, width) in lines.iter().zip(widths) {
            match *line {
                Line::Item { node, comment, blank_before } => {
                    if blank_before {
                        self.out.push('\n');
                    }
                    self.indent(depth + 1);
                    self.entry(node, depth + 1, width);
                    self.trailing(comment);
                }
                Line::Comment { token, blank_before } => {
                    if blank_before {
                        self.out.push('\n');
                    }
                    self.indent(depth + 1);
                    self.out.push_str(self.token_text(token));
                }
            }
            self.out.push('\n');
        }
        self.indent(depth);
        self.out.push('}');
    }

    /// For each line, the width its key is padded to (0: not aligned).
    fn key_widths(&self, lines: &[Line]) -> Vec<usize> {
        let mut widths = vec![0; lines.len()];
        let mut run: Vec<(usize, usize)> = Vec::new();
        let flush = |run: &mut Vec<(usize, usize)>, widths: &mut Vec<usize>| {
            let w = run.iter().map(|&(_, k)| k).max().unwrap_or(0);
            for &(i, _) in run.iter() {
                widths[i] = w;
            }
            run.clear();
        };
        for (i, line) in lines.iter().enumerate() {
            match *line {
                Line::Item { node, blank_before, .. } => {
                    if blank_before {
                        flush(&mut run, &mut widths);
                    }
                    match self.one_line_key(node) {
                        Some(k) => run.push((i, k)),
                        None => flush(&mut run, &mut widths),
                    }
                }
                Line::Comment { blank_before, .. } => {
                    if blank_before {
                        flush(&mut run, &mut widths);
                    }
                }
            }
        }
        flush(&mut run, &mut widths);
        widths
    }

    /// The width of an entry's key, if the entry prints on one line with a plain value.
    fn one_line_key(&self, entry: NodeId) -> Option<usize> {
        let mut key = None;
        for e in self.tree.children(entry) {
            match e {
                Element::Token(t) if self.tree.is_trivia(t) => {}
                Element::Token(t) if key.is_none() => key = Some(self.token_text(t).width()),
                // A label or title: a nested block follows.
                Element::Token(t) if matches!(self.tree.token_kind(t), Some(TokenKind::String)) => {}
                Element::Token(_) => {}
                Element::Node(n) => match self.kind(n) {
                    Some(NodeKind::Block) => return None,
                    Some(NodeKind::List) if self.spans_lines(n) => return None,
                    _ => {}
                },
            }
        }
        key
    }

    /// `key value`, padded to `width`, or `key label "title" { ... }`.
    fn entry(&mut self, node: NodeId, depth: usize, width: usize) {
        let mut first = true;
        for e in self.tree.children(node) {
            match e {
                Element::Token(t) if self.tree.is_trivia(t) => {}
                Element::Token(t) => {
                    let word = self.token_text(t);
                    if first {
                        self.out.push_str(word);
                        let pad = width.saturating_sub(word.width());
                        self.out.extend(std::iter::repeat_n(' ', pad));
                    } else {
                        self.out.push(' ');
                        self.out.push_str(word);
                    }
                }
                Element::Node(n) => {
                    self.out.push(' ');
                    self.value_node(n, depth);
                }
            }
            first = false;
        }
    }

    fn value_node(&mut self, node: NodeId, depth: usize) {
        match self.kind(node) {
            Some(NodeKind::Block) => self.block(node, depth, &[]),
            Some(NodeKind::List) => self.list(node, depth),
            _ => self.out.push_str(self.node_text(node)),
        }
    }

    fn value(&mut self, e: Element, depth: usize) {
        match e {
            Element::Token(t) => self.out.push_str(self.token_text(t)),
            Element::Node(n) => self.value_node(n, depth),
        }
    }

    /// `[a, b]`, or one element per line (with a trailing comma) when the list was
    /// written over several lines or holds a comment.
    fn list(&mut self, node: NodeId, depth: usize) {
        // Elements with the comment after each, and comments on their own lines.
        let mut items: Vec<(Option<Element>, Option<u32>)> = Vec::new();
        let mut breaks = 0usize;
        for e in self.tree.children(node) {
            match e {
                Element::Token(t) => match self.tree.token_kind(t) {
                    Some(TokenKind::Newline) => breaks += 1,
                    Some(TokenKind::Comment | TokenKind::DocComment) => {
                        match items.last_mut() {
                            Some((Some(_), c @ None)) if breaks == 0 => *c = Some(t),
                            _ => items.push((None, Some(t))),
                        }
                        breaks = 0;
                    }
                    Some(TokenKind::Whitespace | TokenKind::Comma | TokenKind::LBracket | TokenKind::RBracket) => {}
                    _ => {
                        items.push((Some(e), None));
                        breaks = 0;
                    }
                },
                Element::Node(_) => {
                    items.push((Some(e), None));
                    breaks = 0;
                }
            }
        }
        if !self.spans_lines(node) {
            self.out.push('[');
            for (i, (v, _)) in items.iter().enumerate() {
                if i > 0 {
                    self.out.push_str(", ");
                }
                if let Some(v) = v {
                    self.value(*v, depth);
                }
            }
            self.out.push(']');
            return;
        }
        self.out.push_str("[\n");
        for (v, comment) in items {
            self.indent(depth + 1);
            if let Some(v) = v {
                self.value(v, depth + 1);
                self.out.push(',');
                self.trailing(comment);
            } else if let Some(c) = comment {
                self.out.push_str(self.token_text(c));
            }
            self.out.push('\n');
        }
        self.indent(depth);
        self.out.push(']');
    }

    /// This list (not its inner lists) was written over lines or holds a comment,
    /// or an element prints over lines.
    fn spans_lines(&self, list: NodeId) -> bool {
        self.tree.children(list).any(|e| match e {
            Element::Token(t) => {
                matches!(self.tree.token_kind(t), Some(TokenKind::Newline | TokenKind::Comment | TokenKind::DocComment))
            }
            Element::Node(n) => match self.kind(n) {
                Some(NodeKind::Block) => true,
                Some(NodeKind::List) => self.spans_lines(n),
                _ => false,
            },
        })
    }
}
