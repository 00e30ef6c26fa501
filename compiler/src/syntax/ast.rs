//! The syntax tree of one `.mig` file. Every node carries a byte span into the
//! file's text. The tree is untyped: which kinds and keys exist is the schema's
//! business (crate::schema), not the parser's.

use serde::Serialize;

/// A byte range `start..end` in one file's text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start: clamp_u32(start), end: clamp_u32(end) }
    }
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
    pub fn contains(self, offset: usize) -> bool {
        (self.start as usize) <= offset && offset <= (self.end as usize)
    }
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A name as written, with where it was written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Ident {
    pub text: compact_str::CompactString,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum DurationUnit {
    Minutes,
    Hours,
    Days,
    Weeks,
    Months,
    Years,
}

// ---- the typed view over the lossless tree ----------------------------------------------
//
// The checker reads a file through these: small `Copy` handles (the tree, the text
// and a node) whose accessors read the tree's tokens and child nodes. Nothing is
// copied out of the text until the checker keeps it in the model; the parser builds
// only the lossless tree. Shapes the view relies on (the parser guarantees them, the
// differential tests check them against the grammar):
// - a declaration's direct children: its kind and name (bare identifier tokens), a
//   title (string token), a `Target` node holding a `Path`, its `Block`;
// - an entry's: its key and label (bare identifier tokens; a name used as a value is
//   always inside a `Path` node, and `true`/`false` are never labels), a title
//   (a string token followed by the block), then the value: a literal token or a
//   `Path`/`List`/`Block` node; an `Error` node where the value could not be read;
// - a list's: its values, separators, and `Error` nodes for skipped elements.

use super::lexer::TokenKind;
use super::literal;
use super::tree::{Element, NodeId, NodeKind, SyntaxTree};
use std::borrow::Cow;
use std::sync::Arc;

/// One parsed file: its text and its lossless tree. The typed AST is a view over them.
#[derive(Clone, Debug, Default)]
pub struct SourceFile {
    pub text: Arc<str>,
    pub syntax: SyntaxTree,
}

/// What a view needs: the tree and the text its tokens point into.
#[derive(Clone, Copy, Debug)]
struct Cx<'a> {
    tree: &'a SyntaxTree,
    text: &'a str,
}

impl<'a> Cx<'a> {
    fn text_of(self, span: Span) -> &'a str {
        self.text.get(span.range()).unwrap_or("")
    }
    fn token_text(self, t: u32) -> &'a str {
        self.text_of(self.tree.token_span(t))
    }
    fn kind_of(self, id: NodeId) -> Option<NodeKind> {
        self.tree.node(id).map(|n| n.kind)
    }
    /// The children of a node without blanks and comments.
    fn significant(self, id: NodeId) -> impl Iterator<Item = Element> + 'a {
        let tree = self.tree;
        tree.children(id).filter(move |e| !matches!(e, Element::Token(t) if tree.is_trivia(*t)))
    }
    fn child_nodes(self, id: NodeId, kind: NodeKind) -> impl Iterator<Item = NodeId> + 'a {
        let tree = self.tree;
        tree.children(id).filter_map(move |e| match e {
            Element::Node(n) if tree.node(n).is_some_and(|n| n.kind == kind) => Some(n),
            _ => None,
        })
    }
    fn name(self, t: u32) -> Name<'a> {
        let span = self.tree.token_span(t);
        Name { text: self.text_of(span), span }
    }
    fn string(self, t: u32) -> StringLit<'a> {
        let span = self.tree.token_span(t);
        StringLit { raw: self.text_of(span), span }
    }
}

impl SourceFile {
    fn cx(&self) -> Cx<'_> {
        Cx { tree: &self.syntax, text: &self.text }
    }
    /// The top-level items, in order.
    pub fn items(&self) -> impl Iterator<Item = Item<'_>> + '_ {
        let cx = self.cx();
        let root = self.syntax.root();
        root.into_iter().flat_map(move |r| cx.tree.children(r)).filter_map(move |e| match e {
            Element::Token(_) => None,
            Element::Node(id) => Some(match cx.kind_of(id) {
                Some(NodeKind::Decl) => Item::Decl(Decl { cx, id }),
                Some(NodeKind::Import) if (Import { cx, id }).path().is_some() => Item::Import(Import { cx, id }),
                _ => Item::Error(cx.tree.node_span(id)),
            }),
        })
    }
    pub fn decls(&self) -> impl Iterator<Item = Decl<'_>> + '_ {
        self.items().filter_map(|i| match i {
            Item::Decl(d) => Some(d),
            _ => None,
        })
    }
    pub fn imports(&self) -> impl Iterator<Item = Import<'_>> + '_ {
        self.items().filter_map(|i| match i {
            Item::Import(d) => Some(d),
            _ => None,
        })
    }
    /// The declaration at node `id` (from [`Decl::id`]).
    pub fn decl(&self, id: NodeId) -> Option<Decl<'_>> {
        let cx = self.cx();
        (cx.kind_of(id) == Some(NodeKind::Decl)).then_some(Decl { cx, id })
    }
}

#[derive(Clone, Copy, Debug)]
pub enum Item<'a> {
    Import(Import<'a>),
    Decl(Decl<'a>),
    /// A top-level item that did not parse; its diagnostic was reported.
    Error(Span),
}

/// A name as written, borrowed from the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Name<'a> {
    pub text: &'a str,
    pub span: Span,
}

impl Name<'_> {
    pub fn to_ident(self) -> Ident {
        Ident { text: self.text.into(), span: self.span }
    }
}

/// A string literal as written (quotes included).
#[derive(Clone, Copy, Debug)]
pub struct StringLit<'a> {
    raw: &'a str,
    pub span: Span,
}

impl<'a> StringLit<'a> {
    /// The value, escapes applied (a bad escape, reported by the parser, is dropped).
    pub fn value(self) -> Cow<'a, str> {
        literal::unescape(literal::string_body(self.raw), |_, _, _| {})
    }
}

/// `import "path.mig"`
#[derive(Clone, Copy, Debug)]
pub struct Import<'a> {
    cx: Cx<'a>,
    id: NodeId,
}

impl<'a> Import<'a> {
    pub fn span(self) -> Span {
        self.cx.tree.node_span(self.id)
    }
    pub fn path(self) -> Option<StringLit<'a>> {
        self.cx.significant(self.id).find_map(|e| match e {
            Element::Token(t) if self.cx.tree.token_kind(t) == Some(TokenKind::String) => Some(self.cx.string(t)),
            _ => None,
        })
    }
}

/// `KIND [NAME] ["title"] [on TARGET] { ... }`
#[derive(Clone, Copy, Debug)]
pub struct Decl<'a> {
    cx: Cx<'a>,
    id: NodeId,
}

/// A declaration's header and body, read in one walk over its children.
#[derive(Clone, Copy, Debug)]
pub struct DeclParts<'a> {
    pub kind: Name<'a>,
    pub name: Option<Name<'a>>,
    pub title: Option<StringLit<'a>>,
    /// `on TARGET`
    pub target: Option<Path<'a>>,
    /// Missing only after a syntax error in the header (reported).
    pub body: Option<Block<'a>>,
}

impl<'a> Decl<'a> {
    /// The node, to find the declaration again with [`SourceFile::decl`].
    pub fn id(self) -> NodeId {
        self.id
    }
    pub fn span(self) -> Span {
        self.cx.tree.node_span(self.id)
    }
    /// The header had a syntax error (reported): checks of what the header may
    /// have lost (a missing `on` target, a missing name) are skipped.
    pub fn recovered(self) -> bool {
        self.cx.tree.node(self.id).is_some_and(|n| n.recovered())
    }
    pub fn parts(self) -> DeclParts<'a> {
        let cx = self.cx;
        let mut parts =
            DeclParts { kind: Name { text: "", span: self.span() }, name: None, title: None, target: None, body: None };
        let mut seen_kind = false;
        for e in cx.significant(self.id) {
            match e {
                Element::Token(t) => match cx.tree.token_kind(t) {
                    Some(TokenKind::Ident) if !seen_kind => {
                        parts.kind = cx.name(t);
                        seen_kind = true;
                    }
                    Some(TokenKind::Ident) if parts.name.is_none() && parts.title.is_none() => {
                        parts.name = Some(cx.name(t))
                    }
                    Some(TokenKind::String) if parts.title.is_none() => parts.title = Some(cx.string(t)),
                    _ => {}
                },
                Element::Node(n) => match cx.kind_of(n) {
                    Some(NodeKind::Target) => {
                        parts.target = cx.child_nodes(n, NodeKind::Path).next().map(|id| Path { cx, id })
                    }
                    Some(NodeKind::Block) => parts.body = Some(Block { cx, id: n }),
                    _ => {}
                },
            }
        }
        parts
    }
    /// The text of the `///` comments right above the declaration, each on a line of
    /// its own (only blanks and single line breaks between them), markers and one
    /// following space removed.
    pub fn doc(self) -> Option<String> {
        let first = self.cx.tree.node(self.id)?.first_token;
        doc_above(self.cx.tree, self.cx.text, first)
    }
}

/// The `///` comments right above token `first`, as in [`Decl::doc`].
pub(super) fn doc_above(tree: &SyntaxTree, text: &str, first: u32) -> Option<String> {
    let mut lines: Vec<&str> = Vec::new();
    let (mut t, mut breaks) = (first, 0);
    while t > 0 {
        t -= 1;
        match tree.token_kind(t) {
            Some(TokenKind::Whitespace) => {}
            Some(TokenKind::Newline) if breaks == 0 => breaks = 1,
            // Only a comment that begins its line (a `///` after code on the line above is
            // that code's comment).
            Some(TokenKind::DocComment) if breaks == 1 && begins_line(tree, t) => {
                let body = text.get(tree.token_span(t).range()).unwrap_or("");
                let body = body.strip_prefix("///").unwrap_or(body);
                lines.push(body.strip_prefix(' ').unwrap_or(body).trim_end());
                breaks = 0;
            }
            _ => break,
        }
    }
    (!lines.is_empty()).then(|| {
        lines.reverse();
        lines.join("\n")
    })
}

/// Whether only blanks stand between the start of token `t`'s line and it.
fn begins_line(tree: &SyntaxTree, t: u32) -> bool {
    let mut i = t;
    while i > 0 {
        i -= 1;
        match tree.token_kind(i) {
            Some(TokenKind::Whitespace) => {}
            Some(TokenKind::Newline) => return true,
            _ => return false,
        }
    }
    true
}

/// `{ entries }`
#[derive(Clone, Copy, Debug)]
pub struct Block<'a> {
    cx: Cx<'a>,
    id: NodeId,
}

impl<'a> Block<'a> {
    pub fn span(self) -> Span {
        self.cx.tree.node_span(self.id)
    }
    /// The text of the whole file the block is in.
    pub fn file_text(self) -> &'a str {
        self.cx.text
    }
    pub fn entries(self) -> impl Iterator<Item = Entry<'a>> + 'a {
        let cx = self.cx;
        cx.child_nodes(self.id, NodeKind::Entry).map(move |id| Entry { cx, id })
    }
    /// Entries may have been lost to a syntax error here (reported), or the block
    /// is not closed: "missing required property" is not said of it.
    pub fn recovered(self) -> bool {
        self.cx.tree.node(self.id).is_some_and(|n| n.recovered())
    }
}

/// `key value`, or a nested block `key [label] ["title"] { ... }`.
#[derive(Clone, Copy, Debug)]
pub struct Entry<'a> {
    cx: Cx<'a>,
    id: NodeId,
}

/// An entry's parts, read in one walk over its children.
#[derive(Clone, Debug)]
pub struct EntryParts<'a> {
    pub key: Name<'a>,
    pub label: Option<Name<'a>>,
    pub title: Option<StringLit<'a>>,
    pub value: Value<'a>,
}

impl<'a> Entry<'a> {
    pub fn span(self) -> Span {
        self.cx.tree.node_span(self.id)
    }
    pub fn parts(self) -> EntryParts<'a> {
        let cx = self.cx;
        let span = self.span();
        let mut key = None;
        let (mut label, mut string, mut value) = (None, None, None);
        for e in cx.significant(self.id) {
            if value.is_some() {
                break;
            }
            match e {
                Element::Token(t) if key.is_none() => key = Some(cx.name(t)),
                Element::Token(t) => match cx.tree.token_kind(t) {
                    Some(TokenKind::Ident) if !matches!(cx.token_text(t), "true" | "false") => label = Some(cx.name(t)),
                    // A title if a block (or the error where it was missing) follows, else the value.
                    Some(TokenKind::String) => string = Some(t),
                    _ => value = Some(Value::of(cx, e)),
                },
                Element::Node(_) => value = Some(Value::of(cx, e)),
            }
        }
        let value_follows = value.is_some();
        let mut value = match (value, string) {
            (Some(v), _) => v,
            (None, Some(t)) => Value::of(cx, Element::Token(t)),
            (None, None) => Value { kind: ValueKind::Invalid, span: Span { start: span.end, end: span.end } },
        };
        // A value cut off for depth is not checked further (its diagnostic was reported).
        if cx.tree.node(self.id).is_some_and(|n| n.invalid_value()) {
            value.kind = ValueKind::Invalid;
        }
        EntryParts {
            key: key.unwrap_or(Name { text: "", span }),
            label,
            title: string.filter(|_| value_follows).map(|t| cx.string(t)),
            value,
        }
    }
}

/// `name` or `std::threat::ransomware`.
#[derive(Clone, Copy, Debug)]
pub struct Path<'a> {
    cx: Cx<'a>,
    id: NodeId,
}

impl<'a> Path<'a> {
    pub fn span(self) -> Span {
        self.cx.tree.node_span(self.id)
    }
    pub fn segments(self) -> impl Iterator<Item = Name<'a>> + 'a {
        let cx = self.cx;
        cx.significant(self.id).filter_map(move |e| match e {
            Element::Token(t) if cx.tree.token_kind(t) == Some(TokenKind::Ident) => Some(cx.name(t)),
            _ => None,
        })
    }
    /// The only segment of a one-segment path.
    pub fn single(self) -> Option<Name<'a>> {
        let mut s = self.segments();
        let first = s.next()?;
        s.next().is_none().then_some(first)
    }
    /// The path as written, segments joined by `::` (`::` touches its names).
    pub fn text(self) -> &'a str {
        self.cx.text_of(self.span())
    }
}

/// `[a, b]`
#[derive(Clone, Copy, Debug)]
pub struct List<'a> {
    cx: Cx<'a>,
    id: NodeId,
}

impl<'a> List<'a> {
    pub fn span(self) -> Span {
        self.cx.tree.node_span(self.id)
    }
    pub fn values(self) -> impl Iterator<Item = Value<'a>> + 'a {
        let cx = self.cx;
        cx.significant(self.id).filter_map(move |e| {
            let is_value = match e {
                Element::Token(t) => !matches!(
                    cx.tree.token_kind(t),
                    Some(TokenKind::LBracket | TokenKind::RBracket | TokenKind::Comma | TokenKind::Newline)
                ),
                Element::Node(n) => cx.kind_of(n) != Some(NodeKind::Error),
            };
            is_value.then(|| Value::of(cx, e))
        })
    }
}

#[derive(Clone, Debug)]
pub struct Value<'a> {
    pub kind: ValueKind<'a>,
    pub span: Span,
}

impl<'a> Value<'a> {
    /// The value a token or node stands for.
    fn of(cx: Cx<'a>, e: Element) -> Value<'a> {
        match e {
            Element::Token(t) => {
                let span = cx.tree.token_span(t);
                let text = cx.text_of(span);
                let kind = match cx.tree.token_kind(t) {
                    Some(TokenKind::String) => ValueKind::String(cx.string(t).value()),
                    Some(TokenKind::Integer) => literal::integer(text).map_or(ValueKind::Invalid, ValueKind::Integer),
                    Some(TokenKind::Duration) => {
                        let (amount, unit) = literal::duration(text);
                        ValueKind::Duration { amount, unit }
                    }
                    Some(TokenKind::Date) => {
                        let (year, month, day) = literal::date(text);
                        ValueKind::Date { year, month, day }
                    }
                    Some(TokenKind::Version) => ValueKind::Version(literal::version(text)),
                    Some(TokenKind::RuleId) => ValueKind::RuleId(text),
                    Some(TokenKind::Ident) if text == "true" || text == "false" => ValueKind::Bool(text == "true"),
                    _ => ValueKind::Invalid,
                };
                Value { kind, span }
            }
            Element::Node(id) => {
                let span = cx.tree.node_span(id);
                let kind = match cx.kind_of(id) {
                    Some(NodeKind::Path) => ValueKind::Ref(Path { cx, id }),
                    Some(NodeKind::List) => ValueKind::List(List { cx, id }),
                    Some(NodeKind::Block) => ValueKind::Block(Block { cx, id }),
                    _ => ValueKind::Invalid,
                };
                Value { kind, span }
            }
        }
    }
}

#[derive(Clone, Debug)]
pub enum ValueKind<'a> {
    String(Cow<'a, str>),
    Integer(u64),
    Bool(bool),
    Duration {
        amount: u64,
        unit: DurationUnit,
    },
    /// As written; whether it is a real date is checked by the checker.
    Date {
        year: u16,
        month: u8,
        day: u8,
    },
    Version(Vec<u32>),
    RuleId(&'a str),
    Ref(Path<'a>),
    /// A value already reported as malformed (e.g. an integer too large); checks skip it.
    Invalid,
    List(List<'a>),
    Block(Block<'a>),
}

impl ValueKind<'_> {
    /// What kind of value this is, for "expected X, found Y" messages.
    pub fn describe(&self) -> (&'static str, &'static str) {
        match self {
            ValueKind::String(_) => ("文字列", "a string"),
            ValueKind::Integer(_) => ("整数", "an integer"),
            ValueKind::Bool(_) => ("真偽値", "a boolean"),
            ValueKind::Duration { .. } => ("期間", "a duration"),
            ValueKind::Date { .. } => ("日付", "a date"),
            ValueKind::Version(_) => ("バージョン", "a version"),
            ValueKind::RuleId(_) => ("ルールID", "a rule id"),
            ValueKind::Ref(_) => ("名前", "a name"),
            ValueKind::List(_) => ("リスト", "a list"),
            ValueKind::Block(_) => ("ブロック", "a block"),
            ValueKind::Invalid => ("不正な値", "an invalid value"),
        }
    }
}
