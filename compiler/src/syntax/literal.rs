//! Literal values: the text of a string, number, duration, date or version turned
//! into its value, with the diagnostics of a bad escape or a too large integer.
//! Shared by the parser and the grammar oracle.

use super::ast::{DurationUnit, Span, ValueKind};
use crate::diag::{Diagnostic, FileId, Text};
use crate::tr;

/// Apply the escapes of a string's body (`raw`, starting at byte `start` of the file);
/// report an unknown or malformed one at its place.
pub fn unescape(file: FileId, raw: &str, start: usize, diags: &mut Vec<Diagnostic>) -> String {
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
                    _ => {
                        // Point at `\u{...}` up to its `}` (or a few characters).
                        let close = rest.find('}').filter(|&e| e < 12).map_or(0, |e| e + 1);
                        bad_escape(
                            file,
                            diags,
                            start + i,
                            2 + close,
                            Text::new(
                                "`\\u{...}` には1〜6桁の16進数で有効な文字を書きます（例 `\\u{3042}`）。",
                                "`\\u{...}` takes 1 to 6 hex digits of a valid character, e.g. `\\u{3042}`",
                            ),
                        )
                    }
                }
            }
            other => bad_escape(
                file,
                diags,
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

fn bad_escape(file: FileId, diags: &mut Vec<Diagnostic>, at: usize, len: usize, help: Text) {
    diags.push(
        Diagnostic::error("MIG1005", tr!("不正なエスケープです", "invalid escape sequence"))
            .primary(file, Span::new(at, at + len), tr!("このエスケープは使えません", "not a valid escape"))
            .help(help),
    );
}

/// An integer; one too large for 64 bits is reported and invalid.
pub fn integer(file: FileId, span: Span, text: &str, diags: &mut Vec<Diagnostic>) -> ValueKind {
    match text.parse::<u64>() {
        Ok(n) => ValueKind::Integer(n),
        Err(_) => {
            diags.push(Diagnostic::error("MIG1007", tr!("整数が大きすぎます", "integer is too large")).primary(
                file,
                span,
                tr!("この数は扱えません", "out of range"),
            ));
            ValueKind::Invalid
        }
    }
}

/// `30min`, `12h`, `90d`, `2w`, `6m`, `5y`.
pub fn duration(text: &str) -> ValueKind {
    let digits = text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let unit = match &text[digits.len()..] {
        "min" => DurationUnit::Minutes,
        "h" => DurationUnit::Hours,
        "d" => DurationUnit::Days,
        "w" => DurationUnit::Weeks,
        "m" => DurationUnit::Months,
        _ => DurationUnit::Years,
    };
    ValueKind::Duration { amount: digits.parse::<u64>().unwrap_or(u64::MAX), unit }
}

/// `2027-03-31`, as written (whether it is a real date is the checker's business).
pub fn date(text: &str) -> ValueKind {
    ValueKind::Date {
        year: text.get(0..4).and_then(|x| x.parse().ok()).unwrap_or(0),
        month: text.get(5..7).and_then(|x| x.parse().ok()).unwrap_or(0),
        day: text.get(8..10).and_then(|x| x.parse().ok()).unwrap_or(0),
    }
}

/// `1.3`, `3.0.1`.
pub fn version(text: &str) -> ValueKind {
    ValueKind::Version(text.split('.').map(|x| x.parse().unwrap_or(u32::MAX)).collect())
}
