//! The typed AST as owned values: what a [`SourceFile`]'s view reads, materialised.
//! The grammar oracle builds these from pest's pairs, and the differential tests
//! compare them with [`materialise`]d views; the compiler itself reads the views.

use super::ast::{self, DurationUnit, Ident, Span};
use super::{SourceFile, ValueKind as V};
use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub enum Item {
    Import(Import),
    Decl(Decl),
    /// A top-level item that did not parse; its diagnostic was reported.
    Error(Span),
}

#[derive(Clone, Debug, Serialize)]
pub struct Import {
    pub path: StringLit,
    pub span: Span,
}

#[derive(Clone, Debug, Serialize)]
pub struct Decl {
    pub kind: Ident,
    pub name: Option<Ident>,
    pub title: Option<StringLit>,
    /// `on TARGET`
    pub target: Option<Path>,
    pub body: Block,
    /// The text of the `///` comments right above the declaration, markers removed.
    pub doc: Option<String>,
    pub span: Span,
    /// The header had a syntax error (reported): checks of what the header
    /// may have lost (a missing `on` target) are skipped. The name, if read, is defined.
    pub recovered: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct Block {
    pub entries: Vec<Entry>,
    pub span: Span,
    /// Entries may have been lost to a syntax error here (reported), or the block
    /// is not closed: "missing required property" is not said of it.
    pub recovered: bool,
}

/// `key value`, or a nested block `key [label] ["title"] { ... }`.
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    pub key: Ident,
    /// Boxed: most entries have neither, and entries are the most numerous node.
    pub label: Option<Box<Ident>>,
    pub title: Option<Box<StringLit>>,
    pub value: Value,
    pub span: Span,
}

#[derive(Clone, Debug, Serialize)]
pub struct StringLit {
    /// The value with escapes applied.
    pub value: String,
    pub span: Span,
}

/// `name` or `std::threat::ransomware`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Path {
    pub segments: Vec<Ident>,
    pub span: Span,
}

impl Path {
    /// The path as written, segments joined by `::`.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (i, s) in self.segments.iter().enumerate() {
            if i > 0 {
                out.push_str("::");
            }
            out.push_str(&s.text);
        }
        out
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Value {
    pub kind: ValueKind,
    pub span: Span,
}

#[derive(Clone, Debug, Serialize)]
pub enum ValueKind {
    String(String),
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
    RuleId(String),
    Ref(Path),
    /// A value already reported as malformed (e.g. an integer too large); checks skip it.
    Invalid,
    List(Vec<Value>),
    Block(Block),
}

/// The items of a parsed file, read through the view and copied out.
pub fn materialise(file: &SourceFile) -> Vec<Item> {
    file.items()
        .map(|item| match item {
            ast::Item::Import(i) => Item::Import(Import {
                path: i.path().map_or_else(|| StringLit { value: String::new(), span: i.span() }, string),
                span: i.span(),
            }),
            ast::Item::Decl(d) => {
                let p = d.parts();
                let span = d.span();
                Item::Decl(Decl {
                    kind: p.kind.to_ident(),
                    name: p.name.map(ast::Name::to_ident),
                    title: p.title.map(string),
                    target: p.target.map(path),
                    body: p.body.map_or(Block { entries: Vec::new(), span, recovered: true }, block),
                    doc: d.doc(),
                    span,
                    recovered: d.recovered(),
                })
            }
            ast::Item::Error(span) => Item::Error(span),
        })
        .collect()
}

fn string(s: ast::StringLit<'_>) -> StringLit {
    StringLit { value: s.value().into_owned(), span: s.span }
}

fn path(p: ast::Path<'_>) -> Path {
    Path { segments: p.segments().map(ast::Name::to_ident).collect(), span: p.span() }
}

fn block(b: ast::Block<'_>) -> Block {
    Block { entries: b.entries().map(entry).collect(), span: b.span(), recovered: b.recovered() }
}

fn entry(e: ast::Entry<'_>) -> Entry {
    let p = e.parts();
    Entry {
        key: p.key.to_ident(),
        label: p.label.map(|l| Box::new(l.to_ident())),
        title: p.title.map(|t| Box::new(string(t))),
        value: value(p.value),
        span: e.span(),
    }
}

fn value(v: ast::Value<'_>) -> Value {
    let kind = match v.kind {
        V::String(s) => ValueKind::String(s.into_owned()),
        V::Integer(n) => ValueKind::Integer(n),
        V::Bool(b) => ValueKind::Bool(b),
        V::Duration { amount, unit } => ValueKind::Duration { amount, unit },
        V::Date { year, month, day } => ValueKind::Date { year, month, day },
        V::Version(v) => ValueKind::Version(v),
        V::RuleId(r) => ValueKind::RuleId(r.to_string()),
        V::Ref(p) => ValueKind::Ref(path(p)),
        V::Invalid => ValueKind::Invalid,
        V::List(l) => ValueKind::List(l.values().map(value).collect()),
        V::Block(b) => ValueKind::Block(block(b)),
    };
    Value { kind, span: v.span }
}
