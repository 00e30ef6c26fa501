//! The item splitter: one linear pass over a file that finds where each
//! top-level item begins and ends, collects comments, and notes the problems
//! that are clearer to report here than from pest (unclosed braces, stray
//! closing braces, nesting that is too deep).

use super::ast::{Comment, Span};

/// Deeper nesting than this is refused before parsing, so no input can exhaust
/// the stack of the recursive-descent parser.
pub const MAX_NESTING: usize = 64;

#[derive(Clone, Debug)]
pub struct ItemChunk {
    pub span: Span,
    /// The first `{` or `[` that was never closed (or was closed by the wrong bracket).
    pub unclosed: Option<Span>,
    /// Where the item was cut because a new declaration began while it was open.
    pub cut_at: Option<Span>,
    /// A `}` or `]` with nothing open.
    pub stray_close: Option<Span>,
    /// The opening bracket at which nesting passed [`MAX_NESTING`].
    pub too_deep: Option<Span>,
}

#[derive(Debug, Default)]
pub struct Scanned {
    pub chunks: Vec<ItemChunk>,
    pub comments: Vec<Comment>,
}

/// Split `text` into top-level items.
///
/// An item starts at the first token at depth 0 and ends at the `}` that brings
/// the depth back to 0, or at the end of its line if it opened nothing (an
/// `import`). A line that starts in column 0 with a declaration keyword while a
/// block is still open starts a new item: the unclosed one is reported and the
/// rest of the file is not swallowed.
pub fn split_items(text: &str) -> Scanned {
    let bytes = text.as_bytes();
    let mut out = Scanned::default();
    let mut i = 0usize;
    let mut item_start: Option<usize> = None;
    // Open brackets of the current item (positions).
    let mut stack: Vec<usize> = Vec::new();
    let mut too_deep: Option<Span> = None;
    let mut stray: Option<Span> = None;
    let mut line_start = true;
    // Whether the current item has opened a bracket yet.
    let mut opened_any = false;

    // A bracket closed by the wrong kind (`[` closed by `}`): reported as unclosed.
    let mut mismatched: Option<Span> = None;
    let finish = |out: &mut Scanned,
                  start: usize,
                  end: usize,
                  stack: &mut Vec<usize>,
                  too_deep: &mut Option<Span>,
                  stray: &mut Option<Span>,
                  mismatched: &mut Option<Span>| {
        let unclosed = mismatched.take().or_else(|| stack.first().map(|&p| Span::new(p, p + 1)));
        let cut_at = (!stack.is_empty() && end < text.len()).then(|| next_word(text, end));
        out.chunks.push(ItemChunk {
            span: Span::new(start, end),
            unclosed,
            cut_at,
            stray_close: stray.take(),
            too_deep: too_deep.take(),
        });
        stack.clear();
    };

    while i < bytes.len() {
        let b = bytes[i];
        // A declaration keyword in column 0 inside an open block: recover.
        if line_start
            && !stack.is_empty()
            && starts_declaration(&text[i..])
            && let Some(start) = item_start.take()
        {
            let end = trim_end(text, start, i);
            finish(&mut out, start, end, &mut stack, &mut too_deep, &mut stray, &mut mismatched);
            opened_any = false;
        }
        line_start = false;
        match b {
            b'\n' => {
                line_start = true;
                // A declaration header may put its `{` on the next line.
                let brace_follows = !opened_any && text[i + 1..].trim_start().starts_with('{');
                if stack.is_empty()
                    && !(item_start.is_some() && brace_follows)
                    && let Some(start) = item_start.take()
                {
                    let end = trim_end(text, start, i);
                    finish(&mut out, start, end, &mut stack, &mut too_deep, &mut stray, &mut mismatched);
                    opened_any = false;
                }
                i += 1;
            }
            b' ' | b'\t' | b'\r' => i += 1,
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = text[i..].find('\n').map_or(text.len(), |n| i + n);
                let end = if end > i && bytes.get(end - 1) == Some(&b'\r') { end - 1 } else { end };
                let doc = bytes.get(i + 2) == Some(&b'/') && bytes.get(i + 3) != Some(&b'/');
                out.comments.push(Comment { span: Span::new(i, end), doc });
                i = end;
            }
            b'"' => {
                item_start.get_or_insert(i);
                let start_quote = i;
                i += 1;
                while i < bytes.len() {
                    match bytes[i] {
                        b'\\' => i += 2,
                        b'"' => {
                            i += 1;
                            break;
                        }
                        // An unterminated string ends at the line's end (pest reports
                        // it), but brackets inside it still count: `flow x "title {`
                        // must not end the declaration at this line.
                        b'\n' => {
                            let body = &bytes[start_quote + 1..i];
                            for (k, &c) in body.iter().enumerate() {
                                match c {
                                    b'{' | b'[' => {
                                        stack.push(start_quote + 1 + k);
                                        opened_any = true;
                                    }
                                    b'}' | b']' => {
                                        stack.pop();
                                    }
                                    _ => {}
                                }
                            }
                            break;
                        }
                        _ => i += 1,
                    }
                }
            }
            b'{' | b'[' => {
                item_start.get_or_insert(i);
                opened_any = true;
                stack.push(i);
                if stack.len() > MAX_NESTING && too_deep.is_none() {
                    too_deep = Some(Span::new(i, i + 1));
                }
                i += 1;
            }
            b'}' | b']' => {
                item_start.get_or_insert(i);
                i += 1;
                match stack.pop() {
                    None if stray.is_none() => stray = Some(Span::new(i - 1, i)),
                    Some(open) if (bytes[open] == b'{') != (b == b'}') && mismatched.is_none() => {
                        mismatched = Some(Span::new(open, open + 1));
                    }
                    _ => {}
                }
                if stack.is_empty()
                    && b == b'}'
                    && let Some(start) = item_start.take()
                {
                    finish(&mut out, start, i, &mut stack, &mut too_deep, &mut stray, &mut mismatched);
                    opened_any = false;
                }
            }
            _ => {
                item_start.get_or_insert(i);
                i += 1;
            }
        }
    }
    if let Some(start) = item_start.take() {
        let end = trim_end(text, start, text.len());
        finish(&mut out, start, end, &mut stack, &mut too_deep, &mut stray, &mut mismatched);
    }
    out
}

/// The word (or character) starting at the first non-blank position from `at`.
fn next_word(text: &str, at: usize) -> Span {
    let rest = &text[at..];
    let skip = rest.len() - rest.trim_start().len();
    let start = at + skip;
    let len = text[start..]
        .char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
        .map_or(text.len() - start, |(i, _)| i)
        .max(text[start..].chars().next().map_or(0, char::len_utf8));
    Span::new(start, start + len)
}

/// Whether a line starts with `import` or a declaration kind followed by a space.
fn starts_declaration(rest: &str) -> bool {
    let word_end =
        rest.char_indices().find(|(_, c)| !(c.is_alphanumeric() || *c == '_')).map_or(rest.len(), |(i, _)| i);
    let word = &rest[..word_end];
    let followed_by_space = matches!(rest.as_bytes().get(word_end), Some(b' ' | b'\t'));
    followed_by_space && (word == "import" || crate::schema::kind(word).is_some())
}

/// End of an item without trailing spaces, carriage returns and comments.
fn trim_end(text: &str, start: usize, end: usize) -> usize {
    let slice = &text[start..end];
    // Drop a trailing line comment on the item's last line (only outside strings).
    let mut cut = slice.len();
    let mut in_str = false;
    let b = slice.as_bytes();
    let mut k = 0;
    while k < b.len() {
        match b[k] {
            b'\\' if in_str => k += 1,
            b'"' => in_str = !in_str,
            b'\n' => in_str = false,
            b'/' if !in_str && b.get(k + 1) == Some(&b'/') => {
                // Only a comment on the last line matters here.
                if !slice[k..].contains('\n') {
                    cut = k;
                    break;
                }
                // skip to line end
                while k < b.len() && b[k] != b'\n' {
                    k += 1;
                }
                continue;
            }
            _ => {}
        }
        k += 1;
    }
    start + slice[..cut].trim_end().len()
}
