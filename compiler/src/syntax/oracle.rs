//! The grammar as an oracle: `mig.pest` run by pest, its pairs turned into the
//! owned AST that the parser's view materialises to ([`super::owned`]). Used by the
//! differential tests, which hold the parser to the normative grammar; not used by `analyze`.

use super::literal;
use super::owned::*;
use super::{DurationUnit, Ident, MigParser, Rule, Span, SyntaxTree};
use pest::Parser;
use pest::iterators::Pair;

/// Parse a whole file with the grammar's `file` rule. `Err` holds pest's message
/// when the grammar rejects the text.
pub fn parse_file(text: &str) -> Result<Vec<Item>, String> {
    let pairs = MigParser::parse(Rule::file, text).map_err(|e| e.to_string())?;
    let b = Builder;
    let mut items = Vec::new();
    for file_pair in pairs {
        for p in file_pair.into_inner() {
            match p.as_rule() {
                Rule::import => items.push(Item::Import(b.import(p))),
                Rule::decl => items.push(Item::Decl(b.decl(p))),
                _ => {}
            }
        }
    }
    // Doc comments are comments to the grammar: found as the parser's view finds them.
    let tokens = super::lexer::lex(text);
    let starts: Vec<u32> = tokens.iter().map(|t| t.start).collect();
    let lexed = SyntaxTree { tokens, nodes: Vec::new(), text_len: text.len() as u32 };
    for item in &mut items {
        if let Item::Decl(d) = item {
            let first = starts.partition_point(|&s| s < d.span.start) as u32;
            d.doc = super::ast::doc_above(&lexed, text, first);
        }
    }
    Ok(items)
}

struct Builder;

impl Builder {
    fn span(&self, p: &Pair<Rule>) -> Span {
        let s = p.as_span();
        Span::new(s.start(), s.end())
    }
    fn ident(&self, p: &Pair<Rule>) -> Ident {
        Ident { text: p.as_str().into(), span: self.span(p) }
    }

    fn import(&self, pair: Pair<Rule>) -> Import {
        let span = self.span(&pair);
        let mut path = StringLit { value: String::new(), span };
        for p in pair.into_inner() {
            if p.as_rule() == Rule::string {
                path = self.string(p);
            }
        }
        Import { path, span }
    }

    fn decl(&self, pair: Pair<Rule>) -> Decl {
        let span = self.span(&pair);
        let mut kind = Ident { text: Default::default(), span };
        let (mut name, mut title, mut target, mut body) = (None, None, None, None);
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::kind => kind = self.ident(&p),
                Rule::name => name = Some(self.ident(&p)),
                Rule::title => title = p.into_inner().next().map(|s| self.string(s)),
                Rule::target => target = p.into_inner().find(|r| r.as_rule() == Rule::reference).map(|r| self.path(r)),
                Rule::block => body = Some(self.block(p)),
                _ => {}
            }
        }
        let body = body.unwrap_or(Block { entries: Vec::new(), span, recovered: false });
        Decl { kind, name, title, target, body, doc: None, span, recovered: false }
    }

    fn block(&self, pair: Pair<Rule>) -> Block {
        let span = self.span(&pair);
        let mut entries = Vec::new();
        for p in pair.into_inner() {
            if p.as_rule() == Rule::entry {
                entries.push(self.entry(p));
            }
        }
        Block { entries, span, recovered: false }
    }

    fn entry(&self, pair: Pair<Rule>) -> Entry {
        let span = self.span(&pair);
        let mut key = Ident { text: Default::default(), span };
        let (mut label, mut title, mut value) = (None, None, None);
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::key => key = self.ident(&p),
                Rule::label => label = Some(Box::new(self.ident(&p))),
                Rule::title => title = p.into_inner().next().map(|s| Box::new(self.string(s))),
                _ => value = Some(self.value(p)),
            }
        }
        let value = value.unwrap_or(Value { kind: ValueKind::List(Vec::new()), span });
        Entry { key, label, title, value, span }
    }

    fn path(&self, pair: Pair<Rule>) -> Path {
        let span = self.span(&pair);
        let segments = pair.into_inner().map(|p| self.ident(&p)).collect();
        Path { segments, span }
    }

    fn string(&self, pair: Pair<Rule>) -> StringLit {
        let span = self.span(&pair);
        let raw = pair.into_inner().next().map_or("", |b| b.as_str());
        StringLit { value: literal::unescape(raw, |_, _, _| {}).into_owned(), span }
    }

    fn value(&self, pair: Pair<Rule>) -> Value {
        let span = self.span(&pair);
        let s = pair.as_str();
        let kind = match pair.as_rule() {
            Rule::string => ValueKind::String(self.string(pair).value),
            Rule::integer => literal::integer(s).map_or(ValueKind::Invalid, ValueKind::Integer),
            Rule::boolean => ValueKind::Bool(s == "true"),
            Rule::duration => {
                let (amount, unit): (u64, DurationUnit) = literal::duration(s);
                ValueKind::Duration { amount, unit }
            }
            Rule::date => {
                let (year, month, day) = literal::date(s);
                ValueKind::Date { year, month, day }
            }
            Rule::version => ValueKind::Version(literal::version(s)),
            Rule::rule_id => ValueKind::RuleId(s.to_string()),
            Rule::reference => ValueKind::Ref(self.path(pair)),
            Rule::list => ValueKind::List(pair.into_inner().map(|p| self.value(p)).collect()),
            Rule::block => ValueKind::Block(self.block(pair)),
            _ => ValueKind::List(Vec::new()),
        };
        Value { kind, span }
    }
}
