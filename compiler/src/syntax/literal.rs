//! Literal values: the text of a string, number, duration, date or version turned
//! into its value. The parser reports what is malformed (through `bad_escape` and
//! `integer`'s `None`); the typed AST view and the grammar oracle decode with the
//! same functions, so all three agree on every literal.

use super::ast::{DurationUnit, Span};
use crate::diag::{Diagnostic, FileId, Text};
use crate::tr;
use std::borrow::Cow;

/// Apply the escapes of a string's body (`raw`). `bad(offset, len, help)` is told
/// of each unknown or malformed escape (offset within `raw`), which is dropped.
pub fn unescape<'a>(raw: &'a str, mut bad: impl FnMut(usize, usize, Text)) -> Cow<'a, str> {
    if !raw.contains('\\') {
        return Cow::Borrowed(raw);
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
                    _ => {
                        // Point at `\u{...}` up to its `}` (or a few characters).
                        let close = rest.find('}').filter(|&e| e < 12).map_or(0, |e| e + 1);
                        bad(
                            i,
                            2 + close,
                            Text::new(
                                "`\\u{...}` には1〜6桁の16進数で有効な文字を書きます（例 `\\u{3042}`）。",
                                "`\\u{...}` takes 1 to 6 hex digits of a valid character, e.g. `\\u{3042}`",
                            ),
                        )
                    }
                }
            }
            other => bad(
                i,
                1 + other.len_utf8(),
                Text::new(
                    "使えるエスケープは `\\\"` `\\\\` `\\n` `\\t` `\\r` `\\u{...}` です。",
                    "the escapes are `\\\"` `\\\\` `\\n` `\\t` `\\r` and `\\u{...}`",
                ),
            ),
        }
    }
    Cow::Owned(out)
}

/// The body of a string token (quotes removed).
pub fn string_body(token: &str) -> &str {
    token.get(1..token.len().saturating_sub(1)).unwrap_or("")
}

/// The diagnostic for a bad escape at `at..at + len` of the file.
pub fn bad_escape(file: FileId, at: usize, len: usize, help: Text) -> Diagnostic {
    Diagnostic::error("MIG1005", tr!("不正なエスケープです", "invalid escape sequence"))
        .primary(file, Span::new(at, at + len), tr!("このエスケープは使えません", "not a valid escape"))
        .help(help)
}

/// An integer; `None` if it does not fit 64 bits.
pub fn integer(text: &str) -> Option<u64> {
    text.parse::<u64>().ok()
}

/// The diagnostic for an integer [`integer`] refused.
pub fn integer_too_large(file: FileId, span: Span) -> Diagnostic {
    Diagnostic::error("MIG1007", tr!("整数が大きすぎます", "integer is too large")).primary(
        file,
        span,
        tr!("この数は扱えません", "out of range"),
    )
}

/// `30min`, `12h`, `90d`, `2w`, `6m`, `5y`.
pub fn duration(text: &str) -> (u64, DurationUnit) {
    let digits = text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let unit = match &text[digits.len()..] {
        "min" => DurationUnit::Minutes,
        "h" => DurationUnit::Hours,
        "d" => DurationUnit::Days,
        "w" => DurationUnit::Weeks,
        "m" => DurationUnit::Months,
        _ => DurationUnit::Years,
    };
    (digits.parse::<u64>().unwrap_or(u64::MAX), unit)
}

/// `2027-03-31`, as written (whether it is a real date is the checker's business).
pub fn date(text: &str) -> (u16, u8, u8) {
    (
        text.get(0..4).and_then(|x| x.parse().ok()).unwrap_or(0),
        text.get(5..7).and_then(|x| x.parse().ok()).unwrap_or(0),
        text.get(8..10).and_then(|x| x.parse().ok()).unwrap_or(0),
    )
}

/// `1.3`, `3.0.1`.
pub fn version(text: &str) -> Vec<u32> {
    text.split('.').map(|x| x.parse().unwrap_or(u32::MAX)).collect()
}
