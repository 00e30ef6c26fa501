//! The resolved model: every declaration with its properties checked against
//! the schema and its references resolved to symbols. Guideline rules, hover
//! and the documents read this, never the raw syntax tree.

use crate::diag::FileId;
use crate::schema::KindSchema;
use crate::syntax::{DurationUnit, Ident, Span};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct SymbolId(pub u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct DeclId(pub u32);

/// A calendar date, known to be real.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// `None` unless the date exists (2027-02-30 does not).
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (year >= 1 && (1..=days).contains(&day)).then_some(Date { year, month, day })
    }
    pub fn parse(s: &str) -> Option<Date> {
        let mut it = s.split('-');
        let (y, m, d) = (it.next()?, it.next()?, it.next()?);
        if it.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Duration {
    pub amount: u64,
    pub unit: DurationUnit,
}

impl Duration {
    /// Length in months when the unit is months or years (exact), else `None`.
    pub fn months(self) -> Option<u64> {
        match self.unit {
            DurationUnit::Months => Some(self.amount),
            DurationUnit::Years => Some(self.amount.saturating_mul(12)),
            _ => None,
        }
    }
    /// Shortest and longest length in days: a month is 28–31 days, a span of
    /// `n` years holds at most ⌈n/4⌉ leap days.
    pub fn days_range(self) -> (u64, u64) {
        let a = self.amount;
        match self.unit {
            DurationUnit::Minutes => (a / 1440, a.div_ceil(1440)),
            DurationUnit::Hours => (a / 24, a.div_ceil(24)),
            DurationUnit::Days => (a, a),
            DurationUnit::Weeks => (a.saturating_mul(7), a.saturating_mul(7)),
            DurationUnit::Months => (a.saturating_mul(28), a.saturating_mul(31)),
            DurationUnit::Years => (a.saturating_mul(365), a.saturating_mul(365).saturating_add(a.div_ceil(4))),
        }
    }
}

impl Duration {
    /// Whether this period is at least `other` whenever it starts: exactly when both
    /// are in months or years, else by this period's shortest length in days against
    /// the other's longest (5 years can be 1827 days, so 1825d is not enough).
    pub fn at_least(self, other: Duration) -> bool {
        match (self.months(), other.months()) {
            (Some(a), Some(b)) => a >= b,
            _ => self.days_range().0 >= other.days_range().1,
        }
    }
    /// Japanese reading: 5年, 6か月, 90日.
    pub fn ja(self) -> String {
        let unit = match self.unit {
            DurationUnit::Minutes => "分",
            DurationUnit::Hours => "時間",
            DurationUnit::Days => "日",
            DurationUnit::Weeks => "週間",
            DurationUnit::Months => "か月",
            DurationUnit::Years => "年",
        };
        format!("{}{unit}", self.amount)
    }
}

impl std::fmt::Display for Duration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let unit = match self.unit {
            DurationUnit::Minutes => "min",
            DurationUnit::Hours => "h",
            DurationUnit::Days => "d",
            DurationUnit::Weeks => "w",
            DurationUnit::Months => "m",
            DurationUnit::Years => "y",
        };
        write!(f, "{}{unit}", self.amount)
    }
}

/// A checked value.
#[derive(Clone, Debug, Serialize)]
pub enum MValue {
    Str(String),
    Int(u64),
    Bool(bool),
    Duration(Duration),
    Date(Date),
    Version(Vec<u32>),
    Country(String),
    RuleId(String),
    Ref(SymbolId),
    /// The canonical name of an enum variant (aliases already mapped).
    Enum(&'static str),
    List(Vec<MVal>),
    Record(Vec<MProp>),
}

/// Typed readers of a value, shared by [`ModelDecl`] and [`Part`]: `None` (or
/// empty) when the value is of another type.
impl MValue {
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            MValue::Bool(b) => Some(*b),
            _ => None,
        }
    }
    pub fn as_int(&self) -> Option<u64> {
        match self {
            MValue::Int(n) => Some(*n),
            _ => None,
        }
    }
    pub fn as_duration(&self) -> Option<Duration> {
        match self {
            MValue::Duration(d) => Some(*d),
            _ => None,
        }
    }
    /// The canonical names of a list of enums (or of one enum).
    pub fn enum_names(&self) -> Vec<&'static str> {
        match self {
            MValue::List(items) => items
                .iter()
                .filter_map(|v| match v.value {
                    MValue::Enum(e) => Some(e),
                    _ => None,
                })
                .collect(),
            MValue::Enum(e) => vec![e],
            _ => Vec::new(),
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct MVal {
    pub value: MValue,
    pub span: Span,
}

impl MVal {
    /// The symbol of a reference value.
    pub fn as_ref_symbol(&self) -> Option<SymbolId> {
        match self.value {
            MValue::Ref(s) => Some(s),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct MProp {
    pub key: &'static str,
    pub label: Option<Ident>,
    pub title: Option<String>,
    pub value: MVal,
    /// The whole entry, key to end of value.
    pub span: Span,
    pub key_span: Span,
}

#[derive(Clone, Debug, Serialize)]
pub struct ModelDecl {
    #[serde(serialize_with = "kind_name")]
    pub kind: &'static KindSchema,
    pub file: FileId,
    pub span: Span,
    pub kind_span: Span,
    pub name: Option<Ident>,
    pub symbol: Option<SymbolId>,
    pub title: Option<String>,
    pub doc: Option<String>,
    pub target: Option<MVal>,
    pub props: Vec<MProp>,
}

fn kind_name<S: serde::Serializer>(k: &&'static KindSchema, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(k.kind)
}

impl ModelDecl {
    pub fn prop(&self, key: &str) -> Option<&MProp> {
        self.props.iter().find(|p| p.key == key)
    }
    /// Every occurrence of a repeated nested block (`return`, `dispose`, …).
    pub fn props_named<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a MProp> + 'a {
        self.props.iter().filter(move |p| p.key == key)
    }
    pub fn get(&self, key: &str) -> Option<&MValue> {
        self.prop(key).map(|p| &p.value.value)
    }
    pub fn bool(&self, key: &str) -> Option<bool> {
        self.get(key).and_then(MValue::as_bool)
    }
    pub fn int(&self, key: &str) -> Option<u64> {
        self.get(key).and_then(MValue::as_int)
    }
    pub fn enum_value(&self, key: &str) -> Option<&'static str> {
        match self.get(key) {
            Some(MValue::Enum(v)) => Some(v),
            _ => None,
        }
    }
    pub fn duration(&self, key: &str) -> Option<Duration> {
        self.get(key).and_then(MValue::as_duration)
    }
    pub fn date(&self, key: &str) -> Option<Date> {
        match self.get(key) {
            Some(MValue::Date(d)) => Some(*d),
            _ => None,
        }
    }
    pub fn str(&self, key: &str) -> Option<&str> {
        match self.get(key) {
            Some(MValue::Str(s)) => Some(s),
            _ => None,
        }
    }
    pub fn reference(&self, key: &str) -> Option<SymbolId> {
        match self.get(key) {
            Some(MValue::Ref(s)) => Some(*s),
            _ => None,
        }
    }
    /// The symbols of a list-of-references property (empty if absent).
    pub fn refs(&self, key: &str) -> Vec<SymbolId> {
        match self.get(key) {
            Some(MValue::List(items)) => items
                .iter()
                .filter_map(|v| match v.value {
                    MValue::Ref(s) => Some(s),
                    _ => None,
                })
                .collect(),
            Some(MValue::Ref(s)) => vec![*s],
            _ => Vec::new(),
        }
    }
    /// The canonical names of a list-of-enums property.
    pub fn enums(&self, key: &str) -> Vec<&'static str> {
        self.get(key).map(MValue::enum_names).unwrap_or_default()
    }
}

/// A named declaration.
#[derive(Clone, Debug, Serialize)]
pub struct Symbol {
    /// Full path: `R01`, or `std::threat::ransomware` in the standard library.
    pub path: String,
    pub name: String,
    #[serde(serialize_with = "kind_name")]
    pub kind: &'static KindSchema,
    pub file: FileId,
    pub name_span: Span,
    pub decl: DeclId,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct SymbolTable {
    pub symbols: Vec<Symbol>,
    #[serde(skip)]
    // FxHash: names are not attacker-chosen keys here, and SipHash was 7% of a run.
    pub(crate) by_path: rustc_hash::FxHashMap<String, SymbolId>,
    /// Names that several kinds share (a site 受付 and the flow 受付 at it): the
    /// other symbols of the name, keyed by the one in `by_path`. Names are unique
    /// per kind; most names have one kind, and no entry here.
    #[serde(skip)]
    pub(crate) shared: rustc_hash::FxHashMap<SymbolId, Vec<SymbolId>>,
}

impl SymbolTable {
    pub fn get(&self, id: SymbolId) -> Option<&Symbol> {
        self.symbols.get(id.0 as usize)
    }
    /// A symbol of this name: the only one, or, when several kinds share the
    /// name, the first collected. [`SymbolTable::lookup_all`] gives them all.
    pub fn lookup(&self, path: &str) -> Option<SymbolId> {
        self.by_path.get(path).copied()
    }
    /// Every symbol of this name (one per kind), the first collected first.
    pub fn lookup_all(&self, path: &str) -> impl Iterator<Item = SymbolId> + '_ {
        let first = self.lookup(path);
        first.into_iter().chain(self.shared_with(first).iter().copied())
    }
    /// The symbol of this name and kind.
    pub fn lookup_kind(&self, path: &str, kind: &str) -> Option<SymbolId> {
        self.lookup_all(path).find(|&s| self.get(s).is_some_and(|s| s.kind.kind == kind))
    }
    /// The other symbols that share the name of `first` (the one [`SymbolTable::lookup`]
    /// gives); empty for a name of one kind.
    pub fn shared_with(&self, first: Option<SymbolId>) -> &[SymbolId] {
        if self.shared.is_empty() {
            return &[];
        }
        first.and_then(|f| self.shared.get(&f)).map_or(&[], Vec::as_slice)
    }
    pub fn iter(&self) -> impl Iterator<Item = (SymbolId, &Symbol)> {
        self.symbols.iter().enumerate().map(|(i, s)| (SymbolId(i as u32), s))
    }
    /// A name to write where a declaration of one of `kinds` is expected: the
    /// project's first (of the first kind that has one), else the standard
    /// library's, else the kind word itself.
    pub fn placeholder_name(&self, kinds: &[&str]) -> String {
        let first = |std: bool| {
            kinds
                .iter()
                .find_map(|k| self.symbols.iter().find(|s| s.kind.kind == *k && s.path.starts_with("std::") == std))
        };
        first(false)
            .or_else(|| first(true))
            .map_or_else(|| kinds.first().copied().unwrap_or("name").to_string(), |s| s.path.clone())
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Model {
    pub decls: Vec<ModelDecl>,
    /// The `provider` of the (first) `model` declaration, looked up once: scope
    /// questions ask it for every asset.
    #[serde(skip)]
    pub provider: Option<SymbolId>,
}

impl Model {
    pub fn new(decls: Vec<ModelDecl>) -> Model {
        let provider = decls.iter().filter(|d| d.kind.kind == "model").find_map(|m| m.reference("provider"));
        Model { decls, provider }
    }
    pub fn decl(&self, id: DeclId) -> Option<&ModelDecl> {
        self.decls.get(id.0 as usize)
    }
    pub fn of_kind<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a ModelDecl> + 'a {
        self.decls.iter().filter(move |d| d.kind.kind == kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_against_the_calendar() {
        assert!(Date::new(2027, 2, 30).is_none());
        assert!(Date::new(2028, 2, 29).is_some());
        assert!(Date::new(2100, 2, 29).is_none());
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(2027, 13, 1).is_none());
        assert_eq!(Date::parse("2027-03-31").map(|d| d.to_string()).as_deref(), Some("2027-03-31"));
    }
}

impl MProp {
    /// The fields of a nested block (empty for other values).
    pub fn fields(&self) -> &[MProp] {
        match &self.value.value {
            MValue::Record(props) => props,
            _ => &[],
        }
    }
    /// `tier hot "…" { … }` → the span of `tier hot`.
    pub fn head(&self) -> Span {
        Span { start: self.key_span.start, end: self.label.as_ref().map_or(self.key_span.end, |l| l.span.end) }
    }
}

/// One part of a declaration that may be split into repeated nested blocks (a log's
/// `tier`s, a backup's `copy`s): the block, or the declaration itself when it has
/// none (the flat form, one implicit part). A block inherits what it does not state
/// from its declaration.
#[derive(Clone, Copy, Debug)]
pub struct Part<'a> {
    pub decl: &'a ModelDecl,
    /// `None`: the declaration itself is the only part.
    pub block: Option<&'a MProp>,
}

impl<'a> Part<'a> {
    /// The parts of `decl` written as `key` blocks; the declaration itself if there are none.
    pub fn of(decl: &'a ModelDecl, key: &'a str) -> Vec<Part<'a>> {
        let blocks: Vec<Part<'a>> = decl.props_named(key).map(|b| Part { decl, block: Some(b) }).collect();
        if blocks.is_empty() { vec![Part { decl, block: None }] } else { blocks }
    }
    /// The property as the part states it, else as its declaration does.
    pub fn prop(&self, key: &str) -> Option<&'a MProp> {
        self.block.and_then(|b| b.fields().iter().find(|f| f.key == key)).or_else(|| self.decl.prop(key))
    }
    /// The property only as the block itself states it (the declaration's for the flat form).
    pub fn own(&self, key: &str) -> Option<&'a MProp> {
        match self.block {
            Some(b) => b.fields().iter().find(|f| f.key == key),
            None => self.decl.prop(key),
        }
    }
    fn value(&self, key: &str) -> Option<&'a MValue> {
        self.prop(key).map(|p| &p.value.value)
    }
    pub fn bool(&self, key: &str) -> Option<bool> {
        self.value(key).and_then(MValue::as_bool)
    }
    pub fn int(&self, key: &str) -> Option<u64> {
        self.value(key).and_then(MValue::as_int)
    }
    pub fn duration(&self, key: &str) -> Option<Duration> {
        self.value(key).and_then(MValue::as_duration)
    }
    /// The canonical names of a list-of-enums property.
    pub fn enums(&self, key: &str) -> Vec<&'static str> {
        self.value(key).map(MValue::enum_names).unwrap_or_default()
    }
    /// The block's label (`hot` in `tier hot`), if any.
    pub fn label(&self) -> Option<&'a str> {
        self.block.and_then(|b| b.label.as_ref()).map(|l| l.text.as_str())
    }
    /// Where to point at a property of the part: its value, else the block's head
    /// (`tier hot`), else the declaration's name.
    pub fn span_of(&self, key: &str) -> Span {
        match self.prop(key) {
            Some(p) => p.value.span,
            None => self.head(),
        }
    }
    /// The block's head (`copy archive`), or the declaration's name for the flat form.
    pub fn head(&self) -> Span {
        match self.block {
            Some(b) => b.head(),
            None => self.decl.name.as_ref().map_or(self.decl.kind_span, |n| n.span),
        }
    }
}
