//! pest pairs → syntax tree, and pest errors → diagnostics.

use super::ast::*;
use super::scan::{ItemChunk, MAX_NESTING};
use super::{MigParser, Rule};
use crate::diag::{Diagnostic, FileId, Text};
use crate::tr;
use pest::Parser;
use pest::iterators::Pair;

pub(super) fn parse_chunk(file: FileId, text: &str, chunk: &ItemChunk, diags: &mut Vec<Diagnostic>) -> Option<Item> {
    if let Some(span) = chunk.too_deep {
        diags.push(
            Diagnostic::error(
                "MIG1006",
                tr!(
                    "入れ子が深すぎます（最大 {MAX_NESTING} 段）",
                    "nesting is too deep (at most {MAX_NESTING} levels)"
                ),
            )
            .primary(file, span, tr!("ここで {MAX_NESTING} 段を超えました", "level {MAX_NESTING} is exceeded here"))
            .help(tr!(
                "ブロックやリストの入れ子を浅くしてください。宣言を分けて名前で参照できます。",
                "flatten the nested blocks or lists; split them into declarations and refer to them by name"
            )),
        );
        return None;
    }
    let base = chunk.span.start as usize;
    let src = text.get(chunk.span.range()).unwrap_or("");
    match MigParser::parse(Rule::item_chunk, src) {
        Ok(mut pairs) => {
            let pair = pairs.find(|p| matches!(p.as_rule(), Rule::decl | Rule::import))?;
            let mut b = Builder { file, base, diags };
            Some(match pair.as_rule() {
                Rule::import => Item::Import(b.import(pair)),
                _ => Item::Decl(b.decl(pair)),
            })
        }
        Err(err) => {
            diags.push(syntax_error(file, text, chunk, &err));
            recover_header(file, base, src, diags)
        }
    }
}

/// After a syntax error, keep the declaration's header if it parses and names a
/// known kind, so that its name is still defined.
fn recover_header(file: FileId, base: usize, src: &str, diags: &mut Vec<Diagnostic>) -> Option<Item> {
    let head = MigParser::parse(Rule::decl_head, src).ok()?.next()?;
    let mut b = Builder { file, base, diags };
    let mut decl = b.decl(head);
    crate::schema::kind(&decl.kind.text)?;
    decl.recovered = true;
    decl.span = Span::new(base, base + src.len());
    Some(Item::Decl(decl))
}

/// Turn a pest error into a diagnostic that says what was found and what was expected.
fn syntax_error(file: FileId, text: &str, chunk: &ItemChunk, err: &pest::error::Error<Rule>) -> Diagnostic {
    let base = chunk.span.start as usize;
    // Brace problems found by the scanner explain the failure better than pest.
    if let Some(open) = chunk.unclosed {
        let (o, c) = if text.as_bytes().get(open.start as usize) == Some(&b'[') { ("[", "]") } else { ("{", "}") };
        let mut d = Diagnostic::error("MIG1002", tr!("`{o}` が閉じられていません", "unclosed `{o}`"))
            .primary(file, open, tr!("この `{o}` に対応する `{c}` がありません", "this `{o}` is never closed"))
            .help(tr!("対応する `{c}` を追加してください。", "add the matching `{c}`"));
        if let Some(cut) = chunk.cut_at {
            d = d.secondary(file, cut, tr!("ここで次の宣言が始まっています", "the next declaration starts here"));
        }
        return d;
    }
    if let Some(close) = chunk.stray_close {
        return Diagnostic::error(
            "MIG1003",
            tr!("対応する開き括弧のない閉じ括弧です", "closing bracket without an opening one"),
        )
        .primary(file, close, tr!("余分な閉じ括弧", "unmatched closing bracket"))
        .help(tr!("この括弧を削除してください。", "remove this bracket"));
    }
    let pos = match err.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    let at = base + pos;
    let found = describe_found(text, at);
    let found_span = Span::new(at, at + found.len);
    let (positives, _) = match &err.variant {
        pest::error::ErrorVariant::ParsingError { positives, negatives } => (positives.clone(), negatives.clone()),
        pest::error::ErrorVariant::CustomError { .. } => (Vec::new(), Vec::new()),
    };
    let mut expected: Vec<(&str, &str)> = positives.iter().filter_map(|r| expected_label(*r)).collect();
    expected.sort();
    expected.dedup();
    let exp_ja = expected.iter().map(|e| e.0).collect::<Vec<_>>().join(" または ");
    let exp_en = match expected.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            format!("{} or {}", rest.iter().map(|e| e.1).collect::<Vec<_>>().join(", "), last.1)
        }
        _ => expected.iter().map(|e| e.1).collect::<Vec<_>>().join(""),
    };
    let (found_ja, found_en) = (&found.ja, &found.en);

    // An unterminated string: the line of the error ends inside "...".
    if let Some(q) = unterminated_string(text, at) {
        return Diagnostic::error("MIG1004", tr!("文字列が閉じられていません", "unterminated string"))
            .primary(
                file,
                Span::new(q, q + 1),
                tr!("この文字列は行末までに閉じられていません", "this string is not closed before the end of the line"),
            )
            .help(tr!(
                "`\"` で閉じてください。文字列は1行に書きます（改行は `\\n`）。",
                "close it with `\"`; strings stay on one line (write a newline as `\\n`)"
            ));
    }
    if let Some(d) = not_a_declaration(file, text, chunk, at) {
        return d;
    }
    let mut d = Diagnostic::error(
        "MIG1001",
        if exp_ja.is_empty() {
            tr!("構文エラー: {found_ja} は使えません", "syntax error: unexpected {found_en}")
        } else {
            tr!(
                "構文エラー: {exp_ja} が必要ですが {found_ja} があります",
                "syntax error: expected {exp_en}, found {found_en}"
            )
        },
    )
    .primary(
        file,
        found_span,
        if exp_ja.is_empty() {
            tr!("予期しない記号", "unexpected here")
        } else {
            tr!("ここに {exp_ja} が必要です", "expected {exp_en} here")
        },
    );
    let ch = text[at.min(text.len())..].chars().next();
    if ch == Some('\u{3000}') {
        d = d.help(tr!(
            "全角スペースは区切りに使えません。半角スペースに置き換えてください。",
            "a full-width space (U+3000) cannot separate tokens; use an ASCII space"
        ));
    } else if let Some(key) = value_missing_after(text, at, &positives, found.len) {
        d = d.help(tr!(
            "`{key}` に値がありません。`{key} 値` のように同じ行に値を書いてください。",
            "`{key}` has no value; write it on the same line: `{key} value`"
        ));
    } else if positives.contains(&Rule::entry_sep) && found.is_word {
        d = d.help(tr!(
            "プロパティは1行に1つ書きます（同じ行に並べるときは `;` で区切ります）。",
            "write one property per line (or separate properties on one line with `;`)"
        ));
    } else if matches!(ch, Some('=' | ':')) {
        d = d.help(tr!(
            "プロパティは `キー 値` の形で書きます（`=` や `:` は不要です）。",
            "properties are written `key value`, without `=` or `:`"
        ));
    }
    d
}

/// The opening quote of a string left open at the end of the line holding `at`.
fn unterminated_string(text: &str, at: usize) -> Option<usize> {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    let end = text[at..].find('\n').map_or(text.len(), |n| at + n);
    let line = text.as_bytes().get(start..end)?;
    let mut open: Option<usize> = None;
    let mut k = 0;
    while k < line.len() {
        match (line[k], open) {
            (b'\\', Some(_)) => k += 1,
            (b'"', None) => open = Some(start + k),
            (b'"', Some(_)) => open = None,
            (b'/', None) if line.get(k + 1) == Some(&b'/') => break,
            _ => {}
        }
        k += 1;
    }
    open
}

/// A top-level item that does not start with a declaration kind or `import`
/// (prose, a stray word): say so at its start rather than where pest gave up.
fn not_a_declaration(file: FileId, text: &str, chunk: &ItemChunk, at: usize) -> Option<Diagnostic> {
    let start = chunk.span.start as usize;
    let first_line_end = text[start..].find('\n').map_or(text.len(), |n| start + n);
    let src = &text[start..first_line_end];
    let word_len = src.char_indices().find(|(_, c)| !(c.is_alphanumeric() || *c == '_')).map_or(src.len(), |(i, _)| i);
    let word = &src[..word_len];
    if word == "import" || crate::schema::kind(word).is_some() || at > first_line_end {
        return None;
    }
    let span = if word.is_empty() {
        Span::new(start, start + src.chars().next().map_or(0, char::len_utf8))
    } else {
        Span::new(start, start + word_len)
    };
    let kinds = crate::schema::KINDS.iter().filter(|k| !k.stdlib).map(|k| k.kind).collect::<Vec<_>>().join(", ");
    let mut d = Diagnostic::error(
        "MIG1001",
        tr!("構文エラー: ここには宣言か `import` が必要です", "syntax error: expected a declaration or `import`"),
    )
    .primary(file, span, tr!("宣言の種類ではありません", "not a declaration kind"));
    d = match crate::analysis::did_you_mean(word, crate::schema::KINDS.iter().map(|k| k.kind)) {
        Some(s) if !word.is_empty() => d.help(tr!("`{s}` のことですか?", "did you mean `{s}`?")),
        _ => d.help(tr!(
            "説明文は `//` で始まるコメントにしてください。宣言の種類: {kinds}",
            "write prose as a `//` comment; the declaration kinds are: {kinds}"
        )),
    };
    Some(d)
}

/// The key of an entry whose value is missing: the error is at the end of a line
/// that holds only a key.
fn value_missing_after(text: &str, at: usize, positives: &[Rule], found_len: usize) -> Option<String> {
    if found_len != 0 || !positives.contains(&Rule::list) {
        return None;
    }
    let at = at.min(text.len());
    let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    let words: Vec<&str> = text[line_start..at].split_whitespace().collect();
    match words.as_slice() {
        [key] => Some((*key).to_string()),
        _ => None,
    }
}

struct Found {
    ja: String,
    en: String,
    len: usize,
    is_word: bool,
}

/// Describe the token at `at`: a word, a character, a line end or the end of the file.
fn describe_found(text: &str, at: usize) -> Found {
    let rest = text.get(at..).unwrap_or("");
    let Some(c) = rest.chars().next() else {
        return Found { ja: "ファイルの終わり".into(), en: "end of file".into(), len: 0, is_word: false };
    };
    if c == '\n' || c == '\r' {
        return Found { ja: "行末".into(), en: "end of line".into(), len: 0, is_word: false };
    }
    if c.is_alphanumeric() || c == '_' {
        let len = rest.char_indices().find(|(_, c)| !(c.is_alphanumeric() || *c == '_')).map_or(rest.len(), |(i, _)| i);
        let w = &rest[..len];
        return Found { ja: format!("`{w}`"), en: format!("`{w}`"), len, is_word: true };
    }
    let shown = if c == '\u{3000}' { "全角スペース".to_string() } else { format!("`{}`", c.escape_debug()) };
    let shown_en = if c == '\u{3000}' { "a full-width space".to_string() } else { format!("`{}`", c.escape_debug()) };
    Found { ja: shown, en: shown_en, len: c.len_utf8(), is_word: false }
}

/// Human names of the grammar rules that can appear in "expected ...".
fn expected_label(rule: Rule) -> Option<(&'static str, &'static str)> {
    Some(match rule {
        Rule::import | Rule::decl | Rule::kind => ("宣言", "a declaration"),
        Rule::name | Rule::label => ("名前", "a name"),
        Rule::title => ("タイトル文字列", "a title string"),
        Rule::target => ("`on`", "`on`"),
        Rule::block => ("`{`", "`{`"),
        Rule::entry_sep => ("改行または `;`", "a line break or `;`"),
        Rule::entry | Rule::key => ("プロパティ", "a property"),
        Rule::list
        | Rule::string
        | Rule::date
        | Rule::version
        | Rule::duration
        | Rule::integer
        | Rule::boolean
        | Rule::rule_id
        | Rule::reference => ("値", "a value"),
        Rule::ident_part => ("名前", "a name"),
        Rule::EOI => ("ファイルの終わり", "end of file"),
        _ => return None,
    })
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
        Ident { text: p.as_str().to_string(), span: self.span(p) }
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
        let mut kind = Ident { text: String::new(), span };
        let (mut name, mut title, mut target, mut body) = (None, None, None, None);
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::kind => kind = self.ident(&p),
                Rule::name => name = Some(self.ident(&p)),
                Rule::title => title = p.into_inner().next().map(|s| self.string(s)),
                Rule::target => target = p.into_inner().next().map(|r| self.path(r)),
                Rule::block => body = Some(self.block(p)),
                _ => {}
            }
        }
        let body = body.unwrap_or(Block { entries: Vec::new(), span });
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
        Block { entries, span }
    }

    fn entry(&mut self, pair: Pair<Rule>) -> Entry {
        let span = self.span(&pair);
        let mut key = Ident { text: String::new(), span };
        let (mut label, mut title, mut value) = (None, None, None);
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::key => key = self.ident(&p),
                Rule::label => label = Some(self.ident(&p)),
                Rule::title => title = p.into_inner().next().map(|s| self.string(s)),
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
