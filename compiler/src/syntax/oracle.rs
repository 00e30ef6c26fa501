//! The grammar as an oracle: `mig.pest` run by pest, its pairs turned into the
//! same AST the hand-written parser builds. Used by the differential tests, which
//! hold the parser to the normative grammar; not used by `analyze`.

use super::ast::*;
use super::{MigParser, Rule};
use crate::diag::{Diagnostic, FileId, Text};
use crate::tr;
use pest::Parser;
use pest::iterators::Pair;

/// Parse a whole file with the grammar's `file` rule. `Err` holds pest's message
/// when the grammar rejects the text.
pub fn parse_file(file: FileId, text: &str) -> Result<Vec<Item>, String> {
    let pairs = MigParser::parse(Rule::file, text).map_err(|e| e.to_string())?;
    let mut diags = Vec::new();
    let mut b = Builder { file, base: 0, diags: &mut diags };
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
    let comments = super::comments_of(&super::lexer::lex(text), text.len());
    super::attach_docs(text, &mut items, &comments);
    Ok(items)
}

struct Builder<'d> {
    file: FileId,
    base: usize,
    diags: &'d mut Vec<Diagnostic>,
}

impl Builder<'_> {
    fn span(&self, p: &Pair<Rule>) -> Span {
        let s = p.as_span();
        Span::new(self.base + s.start(), self.base + s.end())
    }
    fn ident(&self, p: &Pair<Rule>) -> Ident {
        Ident { text: p.as_str().into(), span: self.span(p) }
    }

    fn import(&mut self, pair: Pair<Rule>) -> Import {
        let span = self.span(&pair);
        let mut path = StringLit { value: String::new(), span };
        for p in pair.into_inner() {
            if p.as_rule() == Rule::string {
                path = self.string(p);
            }
        }
        Import { path, span }
    }

    fn decl(&mut self, pair: Pair<Rule>) -> Decl {
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

    fn block(&mut self, pair: Pair<Rule>) -> Block {
        let span = self.span(&pair);
        let mut entries = Vec::new();
        for p in pair.into_inner() {
            if p.as_rule() == Rule::entry {
                entries.push(self.entry(p));
            }
        }
        Block { entries, span, recovered: false }
    }

    fn entry(&mut self, pair: Pair<Rule>) -> Entry {
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

    fn string(&mut self, pair: Pair<Rule>) -> StringLit {
        let span = self.span(&pair);
        let body = pair.into_inner().next();
        let (raw, body_start) = match &body {
            Some(b) => (b.as_str(), self.base + b.as_span().start()),
            None => ("", span.start as usize + 1),
        };
        let value = self.unescape(raw, body_start);
        StringLit { value, span }
    }

    /// Apply escapes; report an unknown or malformed one at its place.
    fn unescape(&mut self, raw: &str, start: usize) -> String {
        if !raw.contains('\\') {
            return raw.to_string();
        }
        let mut out = String::with_capacity(raw.len());
        let mut chars = raw.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            let Some((_, e)) = chars.next() else { break };
            match e {
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'u' => {
                    let rest = &raw[i + 2..];
                    let parsed = rest
                        .strip_prefix('{')
                        .and_then(|r| r.find('}').map(|end| &r[..end]))
                        .filter(|hex| (1..=6).contains(&hex.len()));
                    let cp = parsed.and_then(|hex| u32::from_str_radix(hex, 16).ok()).and_then(char::from_u32);
                    match (parsed, cp) {
                        (Some(hex), Some(ch)) => {
                            out.push(ch);
                            for _ in 0..hex.len() + 2 {
                                chars.next();
                            }
                        }
                        _ => self.bad_escape(
                            start + i,
                            2 + raw[i + 2..].find('}').map_or(0, |e| e + 1).min(12),
                            Text::new(
                                "`\\u{...}` には1〜6桁の16進数で有効な文字を書きます（例 `\\u{3042}`）。",
                                "`\\u{...}` takes 1 to 6 hex digits of a valid character, e.g. `\\u{3042}`",
                            ),
                        ),
                    }
                }
                other => self.bad_escape(
                    start + i,
                    1 + other.len_utf8(),
                    Text::new(
                        "使えるエスケープは `\\\"` `\\\\` `\\n` `\\t` `\\r` `\\u{...}` です。",
                        "the escapes are `\\\"` `\\\\` `\\n` `\\t` `\\r` and `\\u{...}`",
                    ),
                ),
            }
        }
        out
    }

    fn bad_escape(&mut self, at: usize, len: usize, help: Text) {
        self.diags.push(
            Diagnostic::error("MIG1005", tr!("不正なエスケープです", "invalid escape sequence"))
                .primary(self.file, Span::new(at, at + len), tr!("このエスケープは使えません", "not a valid escape"))
                .help(help),
        );
    }

    fn value(&mut self, pair: Pair<Rule>) -> Value {
        let span = self.span(&pair);
        let s = pair.as_str();
        let kind = match pair.as_rule() {
            Rule::string => ValueKind::String(self.string(pair).value),
            Rule::integer => match s.parse::<u64>() {
                Ok(n) => ValueKind::Integer(n),
                Err(_) => {
                    self.diags.push(
                        Diagnostic::error("MIG1007", tr!("整数が大きすぎます", "integer is too large")).primary(
                            self.file,
                            span,
                            tr!("この数は扱えません", "out of range"),
                        ),
                    );
                    ValueKind::Invalid
                }
            },
            Rule::boolean => ValueKind::Bool(s == "true"),
            Rule::duration => {
                let digits = s.trim_end_matches(|c: char| c.is_ascii_alphabetic());
                let unit = match &s[digits.len()..] {
                    "min" => DurationUnit::Minutes,
                    "h" => DurationUnit::Hours,
                    "d" => DurationUnit::Days,
                    "w" => DurationUnit::Weeks,
                    "m" => DurationUnit::Months,
                    _ => DurationUnit::Years,
                };
                let amount = digits.parse::<u64>().unwrap_or(u64::MAX);
                ValueKind::Duration { amount, unit }
            }
            Rule::date => {
                let year = s.get(0..4).and_then(|x| x.parse().ok()).unwrap_or(0);
                let month = s.get(5..7).and_then(|x| x.parse().ok()).unwrap_or(0);
                let day = s.get(8..10).and_then(|x| x.parse().ok()).unwrap_or(0);
                ValueKind::Date { year, month, day }
            }
            Rule::version => ValueKind::Version(s.split('.').map(|x| x.parse().unwrap_or(u32::MAX)).collect()),
            Rule::rule_id => ValueKind::RuleId(s.to_string()),
            Rule::reference => ValueKind::Ref(self.path(pair)),
            Rule::list => ValueKind::List(pair.into_inner().map(|p| self.value(p)).collect()),
            Rule::block => ValueKind::Block(self.block(pair)),
            _ => ValueKind::List(Vec::new()),
        };
        Value { kind, span }
    }
}
