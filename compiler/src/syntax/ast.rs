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

#[derive(Clone, Debug, Default, Serialize)]
pub struct SourceFile {
    pub items: Vec<Item>,
    /// Every comment in the file, in order (doc comments included).
    pub comments: Vec<Comment>,
    /// The lossless tree the items were read from (every byte, comment and error).
    pub syntax: super::tree::SyntaxTree,
}

#[derive(Clone, Debug, Serialize)]
pub struct Comment {
    pub span: Span,
    /// `///` rather than `//`.
    pub doc: bool,
}

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

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum DurationUnit {
    Minutes,
    Hours,
    Days,
    Weeks,
    Months,
    Years,
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

impl ValueKind {
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
