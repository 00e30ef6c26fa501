//! The lexer: text → tokens that cover every byte, in one linear pass.
//!
//! Nothing is dropped: blanks, comments and characters that start no token
//! become tokens too, so the concatenated token texts are the input (the
//! syntax tree is lossless because of this). A token's kind is decided by
//! looking at most one character past its end, so lexing never backtracks.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[repr(u8)]
pub enum TokenKind {
    /// Spaces and tabs.
    Whitespace,
    /// `\n`, `\r\n` or a lone `\r` (the grammar's NEWLINE).
    Newline,
    /// `// ...` to the end of the line.
    Comment,
    /// `/// ...`: attached to the declaration below it.
    DocComment,
    /// A Unicode identifier (UAX #31 XID): `受付PC`, `ehr_db`, `on`, `true`.
    Ident,
    /// `"..."` closed on its line (escapes are checked when the value is built).
    String,
    /// `"...` that reaches the end of its line.
    UnterminatedString,
    Integer,
    /// `2027-03-31` (whether it is a real date is the checker's business).
    Date,
    /// `1.3`, `3.0.1`
    Version,
    /// `30min`, `12h`, `90d`, `2w`, `6m`, `5y`
    Duration,
    /// A word that starts with a digit but is none of the above: `5yx`, `1.2.3.4`.
    BadNumber,
    /// `MIG-AUTH-001`
    RuleId,
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    Comma,
    Semicolon,
    /// `::`
    ColonColon,
    /// One character that starts no token: `=`, `:`, `@`, a full-width space.
    Unknown,
}

impl TokenKind {
    /// Blanks and comments: allowed between any two tokens of a line.
    pub fn is_trivia(self) -> bool {
        matches!(self, TokenKind::Whitespace | TokenKind::Comment | TokenKind::DocComment)
    }
}

/// A token: its kind and where it starts; it ends where the next one starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Token {
    pub kind: TokenKind,
    pub start: u32,
}

/// Whether `c` may start an identifier (the grammar's `XID_START | "_"`).
pub fn is_ident_start(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_alphabetic() || c == '_' } else { pest::unicode::XID_START(c) }
}

/// Whether `c` may continue an identifier (the grammar's `XID_CONTINUE`).
pub fn is_ident_continue(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_alphanumeric() || c == '_' } else { pest::unicode::XID_CONTINUE(c) }
}

/// Split `text` into tokens. The tokens' texts, concatenated, are `text`.
pub fn lex(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    // Models average about one token per five bytes (blanks included); reserving
    // more would only be memory that is never touched, reserving less a few regrowths.
    let mut tokens = Vec::with_capacity(text.len() / 5 + 16);
    let mut i = 0usize;
    while i < bytes.len() {
        let start = i;
        let b = bytes[i];
        let kind = match b {
            b' ' | b'\t' => {
                i = skip_while(bytes, i, |b| b == b' ' || b == b'\t');
                TokenKind::Whitespace
            }
            b'\n' => {
                i += 1;
                TokenKind::Newline
            }
            b'\r' => {
                i += if bytes.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
                TokenKind::Newline
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = skip_while(bytes, i, |b| b != b'\n' && b != b'\r');
                let doc = bytes.get(start + 2) == Some(&b'/') && bytes.get(start + 3) != Some(&b'/');
                if doc { TokenKind::DocComment } else { TokenKind::Comment }
            }
            b'"' => {
                let (end, closed) = string_end(bytes, i);
                i = end;
                if closed { TokenKind::String } else { TokenKind::UnterminatedString }
            }
            b'{' => one(&mut i, TokenKind::LBrace),
            b'}' => one(&mut i, TokenKind::RBrace),
            b'[' => one(&mut i, TokenKind::LBracket),
            b']' => one(&mut i, TokenKind::RBracket),
            b',' => one(&mut i, TokenKind::Comma),
            b';' => one(&mut i, TokenKind::Semicolon),
            b':' if bytes.get(i + 1) == Some(&b':') => {
                i += 2;
                TokenKind::ColonColon
            }
            b'0'..=b'9' => {
                i = number_end(text, i);
                classify_number(&text[start..i])
            }
            _ => {
                let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
                if is_ident_start(c) {
                    i = ident_end(text, i + c.len_utf8());
                    if &text[start..i] == "MIG"
                        && let Some(end) = rule_id_end(text, i)
                    {
                        i = end;
                        TokenKind::RuleId
                    } else {
                        TokenKind::Ident
                    }
                } else {
                    i += c.len_utf8().max(1);
                    TokenKind::Unknown
                }
            }
        };
        tokens.push(Token { kind, start: to_u32(start) });
    }
    tokens
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn one(i: &mut usize, kind: TokenKind) -> TokenKind {
    *i += 1;
    kind
}

fn skip_while(bytes: &[u8], mut i: usize, keep: impl Fn(u8) -> bool) -> usize {
    while i < bytes.len() && keep(bytes[i]) {
        i += 1;
    }
    i
}

/// End of the string starting at the quote `at`, and whether it was closed.
/// A string stays on its line: a line break (or a `\` right before one) ends it
/// unterminated. The grammar's `"\\" ~ (!NEWLINE ~ ANY)` escape is followed here.
fn string_end(bytes: &[u8], at: usize) -> (usize, bool) {
    let mut i = at + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => return (i + 1, true),
            b'\n' | b'\r' => return (i, false),
            b'\\' => match bytes.get(i + 1) {
                None | Some(b'\n' | b'\r') => return (i + 1, false),
                // The escaped character may be multi-byte; its continuation bytes
                // are never `"`, `\` or a line break, so stepping over one byte is enough.
                Some(_) => i += 2,
            },
            _ => i += 1,
        }
    }
    (bytes.len(), false)
}

/// End of an identifier whose first character ends at `i`.
fn ident_end(text: &str, i: usize) -> usize {
    word_end(text, i, b"")
}

/// From `i`, past identifier characters and any of the ASCII bytes `also`.
fn word_end(text: &str, mut i: usize, also: &[u8]) -> usize {
    let bytes = text.as_bytes();
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            if b.is_ascii_alphanumeric() || b == b'_' || also.contains(&b) {
                i += 1;
                continue;
            }
            break;
        }
        match text[i..].chars().next() {
            Some(c) if is_ident_continue(c) => i += c.len_utf8(),
            _ => break,
        }
    }
    i
}

/// `MIG` has been read up to `i`: the end of `-AREA-001` if a rule id follows
/// (the grammar's `"MIG-" ~ ASCII_ALPHA_UPPER+ ~ "-" ~ ASCII_DIGIT+ ~ !ident_char`).
fn rule_id_end(text: &str, i: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes.get(i) != Some(&b'-') {
        return None;
    }
    let area_end = skip_while(bytes, i + 1, |b| b.is_ascii_uppercase());
    if area_end == i + 1 || bytes.get(area_end) != Some(&b'-') {
        return None;
    }
    let end = skip_while(bytes, area_end + 1, |b| b.is_ascii_digit());
    if end == area_end + 1 {
        return None;
    }
    match text[end..].chars().next() {
        Some(c) if is_ident_continue(c) => None,
        _ => Some(end),
    }
}

/// A word that starts with a digit runs over identifier characters, `.` and `-`:
/// no valid token may follow a number directly with one of those, so reading
/// them all and classifying the word afterwards accepts exactly what the grammar does.
fn number_end(text: &str, i: usize) -> usize {
    word_end(text, i, b".-")
}

fn classify_number(word: &str) -> TokenKind {
    let b = word.as_bytes();
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    if digits(b) {
        return TokenKind::Integer;
    }
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' && digits(&b[0..4]) && digits(&b[5..7]) && digits(&b[8..10]) {
        return TokenKind::Date;
    }
    let parts: Vec<&[u8]> = b.split(|c| *c == b'.').collect();
    if (2..=3).contains(&parts.len()) && parts.iter().all(|p| digits(p)) {
        return TokenKind::Version;
    }
    let lead = b.iter().take_while(|c| c.is_ascii_digit()).count();
    match &word[lead..] {
        "min" | "h" | "d" | "w" | "m" | "y" => TokenKind::Duration,
        _ => TokenKind::BadNumber,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(TokenKind, &str)> {
        let toks = lex(text);
        let mut out = Vec::new();
        for (k, t) in toks.iter().enumerate() {
            let end = toks.get(k + 1).map_or(text.len(), |n| n.start as usize);
            out.push((t.kind, &text[t.start as usize..end]));
        }
        out
    }

    #[test]
    fn covers_every_byte() {
        let text = "party 受付 \"a \\\"b\" {\r\n  x 1.2; y 2027-03-31 // c\n  z [5y, MIG-AUTH-001, std::a]\r}\u{3000}=\"open\n";
        let joined: String = kinds(text).iter().map(|(_, s)| *s).collect();
        assert_eq!(joined, text);
    }

    #[test]
    fn classifies_words() {
        use TokenKind::*;
        let got: Vec<TokenKind> =
            kinds("1 1.2 1.2.3 1.2.3.4 30min 5y 5yx 2027-03-31 2027-3-31 MIG-AUTH-001 MIG-AUTH-001x MIG-a")
                .into_iter()
                .filter(|(k, _)| *k != Whitespace)
                .map(|(k, _)| k)
                .collect();
        assert_eq!(
            got,
            [
                Integer, Version, Version, BadNumber, Duration, Duration, BadNumber, Date, BadNumber, RuleId, Ident,
                Unknown, Ident, Unknown, BadNumber, Ident, Unknown, Ident
            ]
        );
    }

    #[test]
    fn strings_stay_on_their_line() {
        use TokenKind::*;
        let got = kinds("\"ab\\\n\"x\\\"\" \"y");
        assert_eq!(got[0], (UnterminatedString, "\"ab\\"));
        assert_eq!(got[1], (Newline, "\n"));
        assert!(got.contains(&(String, "\"x\\\"\"")));
        assert_eq!(got.last(), Some(&(UnterminatedString, "\"y")));
    }

    #[test]
    fn doc_comments() {
        use TokenKind::*;
        assert_eq!(kinds("/// d")[0].0, DocComment);
        assert_eq!(kinds("//// d")[0].0, Comment);
        assert_eq!(kinds("// d\r")[0], (Comment, "// d"));
    }
}
