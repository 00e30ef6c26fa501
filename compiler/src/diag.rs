//! The one diagnostic type. Syntax errors, name and type errors and (later)
//! guideline findings are all `Diagnostic`s; the terminal, JSON and the language
//! server render them from here.

use crate::syntax::Span;
use serde::Serialize;

/// Index of a file in the analysis' file table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct FileId(pub u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// The output language of diagnostics and documents.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "ja" | "jp" | "japanese" | "ja_jp" | "ja-jp" => Some(Lang::Ja),
            "en" | "english" | "en_us" | "en-us" | "en_gb" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A text in both languages. Every user-facing string of a diagnostic is one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Text {
    pub ja: String,
    pub en: String,
}

impl Text {
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Text {
        Text { ja: ja.into(), en: en.into() }
    }
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.ja,
            Lang::En => &self.en,
        }
    }
}

/// `tr!("ja {x}", "en {x}")` builds a [`Text`] with `format!` on both.
#[macro_export]
macro_rules! tr {
    ($ja:literal, $en:literal $(,)?) => {
        $crate::diag::Text { ja: format!($ja), en: format!($en) }
    };
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Label {
    pub file: FileId,
    pub span: Span,
    pub message: Text,
    /// The primary label is where the problem is; secondary labels give context.
    pub primary: bool,
}

/// Where a requirement comes from: guideline, edition, section and how well the
/// team verified it (the tags of shared/domain/guidelines.md).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Citation {
    pub guideline: String,
    pub edition: String,
    pub section: String,
    pub verified: String,
}

impl std::fmt::Display for Citation {
    /// `提供事業者GL 1.1 §5.1.5(1)(イ)② [V]` (empty parts left out).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts = [&self.guideline, &self.edition, &self.section];
        let text = parts.iter().filter(|p| !p.is_empty()).map(|p| p.as_str()).collect::<Vec<_>>().join(" ");
        write!(f, "{text} [{}]", self.verified)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// `MIG1001` (syntax), `MIG2001` (names and types), `MIG-AUTH-001` (guideline rules).
    pub code: String,
    pub severity: Severity,
    pub message: Text,
    pub labels: Vec<Label>,
    pub help: Option<Text>,
    pub notes: Vec<Text>,
    pub citations: Vec<Citation>,
    /// Machine-applicable fixes (a did-you-mean, a missing property, a waiver
    /// skeleton), for the editor's quick fixes. Not part of the CLI's output.
    #[serde(skip)]
    pub fixes: Vec<Fix>,
}

/// One text edit: replace `span` of `file` with `text` (an empty span inserts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub file: FileId,
    pub span: Span,
    pub text: String,
}

/// The line ending of a text, as its first line ends (`\n` when it has one line,
/// or its first line is longer than 4 KiB): inserted lines use it. Constant time,
/// so that a fix per finding costs nothing on a long line.
pub fn line_ending(text: &str) -> &'static str {
    let head = &text.as_bytes()[..text.len().min(4096)];
    match memchr::memchr(b'\n', head) {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

impl Edit {
    /// Insert `line` as a new last line of the block `block` (`{ … }`) of `text`,
    /// indented like the block's entries (two spaces deeper than the block's line
    /// when it has none), with the file's line ending.
    pub fn line_in_block(file: FileId, text: &str, block: Span, line: &str) -> Option<Edit> {
        let close = (block.end as usize).checked_sub(1)?;
        let open = block.start as usize;
        if text.get(close..close + 1) != Some("}") || close <= open {
            return None;
        }
        let nl = line_ending(text);
        // Where a line starts, looked for at most `WINDOW` bytes back: on a longer
        // line (generated text) there is no fix, and no quadratic search.
        const WINDOW: usize = 4096;
        let line_start = |at: usize| {
            let from = (at.saturating_sub(WINDOW)..=at).find(|&i| text.is_char_boundary(i))?;
            match text.get(from..at)?.rfind('\n') {
                Some(i) => Some(from + i + 1),
                None => (from == 0).then_some(0),
            }
        };
        let indent_of = |start: usize| {
            let rest = &text[start..];
            &rest[..rest.len() - rest.trim_start_matches([' ', '\t']).len()]
        };
        let base = indent_of(line_start(open)?);
        let close_line = line_start(close)?;
        // The first line inside the block with something on it, before the `}` line.
        let sibling = text
            .get(open..close_line)
            .unwrap_or("")
            .match_indices('\n')
            .map(|(i, _)| open + i + 1)
            .find(|&s| text[s..].lines().next().is_some_and(|l| !l.trim().is_empty()));
        let indent = sibling.map_or_else(|| format!("{base}  "), |s| indent_of(s).to_string());
        if close_line > open && text[close_line..close].trim().is_empty() {
            return Some(Edit { file, span: Span::new(close_line, close_line), text: format!("{indent}{line}{nl}") });
        }
        // `{ a b }` on one line: the new line goes before the `}`, which moves to its own line.
        let end = text[..close].trim_end_matches([' ', '\t']).len().max(open + 1);
        Some(Edit { file, span: Span::new(end, close), text: format!("{nl}{indent}{line}{nl}{base}") })
    }
}

/// A change that fixes (or answers) a diagnostic: a title and its edits, possibly in several files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: Text,
    pub edits: Vec<Edit>,
    pub kind: FixKind,
}

/// What applying a fix does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixKind {
    /// Repairs the text or writes what the finding asks for.
    Repair,
    /// Records an accepted exception (a `waiver`): the finding stays true.
    Waiver,
}

impl Fix {
    pub fn repair(title: Text, edits: Vec<Edit>) -> Fix {
        Fix { title, edits, kind: FixKind::Repair }
    }
    /// Replace `span` by `with`: the fix of a did-you-mean.
    pub fn replace(file: FileId, span: Span, with: &str) -> Fix {
        Fix {
            title: Text::new(format!("`{with}` に置き換える"), format!("replace with `{with}`")),
            edits: vec![Edit { file, span, text: with.to_string() }],
            kind: FixKind::Repair,
        }
    }
}

impl Diagnostic {
    pub fn new(code: &str, severity: Severity, message: Text) -> Diagnostic {
        Diagnostic {
            code: code.to_string(),
            severity,
            message,
            labels: Vec::new(),
            help: None,
            notes: Vec::new(),
            citations: Vec::new(),
            fixes: Vec::new(),
        }
    }
    pub fn error(code: &str, message: Text) -> Diagnostic {
        Diagnostic::new(code, Severity::Error, message)
    }
    pub fn warning(code: &str, message: Text) -> Diagnostic {
        Diagnostic::new(code, Severity::Warning, message)
    }
    pub fn primary(mut self, file: FileId, span: Span, message: Text) -> Diagnostic {
        self.labels.push(Label { file, span, message, primary: true });
        self
    }
    pub fn secondary(mut self, file: FileId, span: Span, message: Text) -> Diagnostic {
        self.labels.push(Label { file, span, message, primary: false });
        self
    }
    pub fn help(mut self, help: Text) -> Diagnostic {
        self.help = Some(help);
        self
    }
    pub fn note(mut self, note: Text) -> Diagnostic {
        self.notes.push(note);
        self
    }
    pub fn fix(mut self, fix: Fix) -> Diagnostic {
        self.fixes.push(fix);
        self
    }
    pub fn fixes(mut self, fixes: impl IntoIterator<Item = Fix>) -> Diagnostic {
        self.fixes.extend(fixes);
        self
    }
    /// The fix of a did-you-mean: replace `span` (the misspelt text) by `with`.
    pub fn replace_fix(self, file: FileId, span: Span, with: &str) -> Diagnostic {
        self.fix(Fix::replace(file, span, with))
    }
    /// The primary label's location, used for sorting and for one-line output.
    pub fn primary_label(&self) -> Option<&Label> {
        self.labels.iter().find(|l| l.primary).or(self.labels.first())
    }
    /// Sort key: file, position, code; so that output order never depends on
    /// the order in which checks ran.
    pub fn sort_key(&self) -> (FileId, u32, u32, &str) {
        match self.primary_label() {
            Some(l) => (l.file, l.span.start, l.span.end, &self.code),
            None => (FileId(0), 0, 0, &self.code),
        }
    }
}

/// `None` if `text` has no control characters (other than line breaks and tabs);
/// else a copy of the same byte length with each one replaced by `?` (a two-byte
/// C1 control by `??`), so a file shown in a terminal cannot drive it and byte
/// offsets stay valid.
pub fn mask_controls(text: &str) -> Option<String> {
    mask_controls_in(text, std::slice::from_ref(&(0..text.len())))
}

/// [`mask_controls`] for the parts of `text` that will be shown: `ranges` (sorted,
/// not overlapping, on char boundaries). Bytes outside them are copied as they are,
/// so a file of which one line is shown costs one line of checking.
pub fn mask_controls_in(text: &str, ranges: &[std::ops::Range<usize>]) -> Option<String> {
    // A `\r` is kept only as part of a CRLF line end (the snippet drops it there);
    // a lone one would move the terminal's cursor back over the line.
    let bytes = text.as_bytes();
    let lone_cr = |i: usize| bytes.get(i + 1) != Some(&b'\n');
    let bad = |i: usize, c: char| match c {
        '\n' | '\t' => false,
        '\r' => lone_cr(i),
        c => is_unsafe(c),
    };
    // Every character `bad` can flag starts with a byte below 0x20, 0x7F, or the
    // lead byte of C1 controls (0xC2) or of the bidi marks (0xD8, 0xE2): parts
    // without those bytes (most) are settled by a byte scan.
    let suspect = |b: &u8| matches!(b, 0..=0x08 | 0x0B..=0x1F | 0x7F | 0xC2 | 0xD8 | 0xE2);
    let part = |r: &std::ops::Range<usize>| text.get(r.clone()).map(|t| (r.start, t));
    let dirty: Vec<(usize, &str)> = ranges
        .iter()
        .filter_map(part)
        .filter(|(start, t)| t.as_bytes().iter().any(suspect) && t.char_indices().any(|(i, c)| bad(start + i, c)))
        .collect();
    if dirty.is_empty() {
        return None;
    }
    let mut out = bytes.to_vec();
    for (start, t) in dirty {
        for (i, c) in t.char_indices() {
            if bad(start + i, c) {
                out[start + i..start + i + c.len_utf8()].fill(b'?');
            }
        }
    }
    // Whole characters were replaced by as many ASCII bytes: still UTF-8.
    String::from_utf8(out).ok()
}

/// Whether a character must not reach a terminal as is: control characters
/// (C0, DEL, C1) and the bidirectional formatting characters that can make
/// text read differently from what it is ("Trojan Source").
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A user-provided value (a path, a `mig.toml` string, an argument) made safe
/// to print: each control or bidi character, line breaks and tabs included,
/// becomes a Rust-style escape such as `\u{1b}`, so the value stays on one line,
/// cannot drive the terminal, and the reader can still tell what it was. The one
/// helper for every place that echoes such a value.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    // The same byte prefilter as `mask_controls` (line breaks and tabs count here).
    let suspect = |b: &u8| matches!(b, 0..=0x1F | 0x7F | 0xC2 | 0xD8 | 0xE2);
    if !text.as_bytes().iter().any(suspect) || !text.chars().any(is_unsafe) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Line starts of one text, for turning byte offsets into line/column positions
/// in Unicode scalar values (terminal, JSON) or UTF-16 code units (LSP).
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    starts: Vec<u32>,
    /// Only for a text with a line longer than [`LONG_LINE`] bytes: for each
    /// multiple `k·CHECKPOINT` of bytes, the characters and UTF-16 units before it.
    /// A column is then a difference of two counts, each at most `CHECKPOINT` bytes
    /// away from a checkpoint, instead of a count over the whole line (100k
    /// diagnostics on one 500 KB line would otherwise be quadratic).
    checkpoints: Vec<(u32, u32)>,
    /// The text is ASCII and has a long line: a column is a difference of offsets,
    /// and no checkpoints are needed.
    ascii: bool,
}

/// Bytes between column checkpoints.
const CHECKPOINT: usize = 64;
/// Checkpoints are kept only for a text with a line longer than this: shorter lines
/// are counted directly (at most this many bytes per column), and most files then
/// cost nothing more than their line starts.
const LONG_LINE: usize = 1024;

/// Whether a byte starts a character (is not a UTF-8 continuation byte).
fn starts_char(b: u8) -> bool {
    (b as i8) >= -0x40
}

/// A 0-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = Vec::with_capacity(text.len() / 24 + 1);
        starts.push(0u32);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| u32::try_from(i + 1).unwrap_or(u32::MAX)));
        let long_line = starts.windows(2).any(|w| (w[1] - w[0]) as usize > LONG_LINE)
            || starts.last().is_some_and(|&l| text.len() - l as usize > LONG_LINE);
        let mut checkpoints = Vec::new();
        let ascii = long_line && text.is_ascii();
        if long_line && !ascii {
            let (mut chars, mut units) = (0u32, 0u32);
            checkpoints.push((0, 0));
            for chunk in text.as_bytes().chunks(CHECKPOINT) {
                let c = chunk.iter().filter(|&&b| starts_char(b)).count() as u32;
                // A 4-byte character (lead byte F0–F4) is two UTF-16 units.
                let astral = chunk.iter().filter(|&&b| b >= 0xF0).count() as u32;
                chars = chars.saturating_add(c);
                units = units.saturating_add(c + astral);
                checkpoints.push((chars, units));
            }
        }
        LineIndex { starts, checkpoints, ascii }
    }

    /// Characters and UTF-16 units in `text[..offset]`.
    fn counts_before(&self, text: &str, offset: usize) -> (usize, usize) {
        let k = offset / CHECKPOINT;
        let (chars, units) = self.checkpoints.get(k).map_or((0, 0), |&(c, u)| (c as usize, u as usize));
        let rest = text.as_bytes().get(k * CHECKPOINT..offset).unwrap_or(&[]);
        let c = rest.iter().filter(|&&b| starts_char(b)).count();
        let astral = rest.iter().filter(|&&b| b >= 0xF0).count();
        (chars + c, units + c + astral)
    }

    /// Characters and UTF-16 units in `text[start..offset]`, both on one line.
    fn counts_between(&self, text: &str, start: usize, offset: usize) -> (usize, usize) {
        if self.ascii {
            return (offset - start, offset - start);
        }
        if offset - start <= CHECKPOINT || self.checkpoints.is_empty() {
            let s = text.get(start..offset).unwrap_or("");
            return (s.chars().count(), s.encode_utf16().count());
        }
        let (c0, u0) = self.counts_before(text, start);
        let (c1, u1) = self.counts_before(text, offset);
        (c1 - c0, u1 - u0)
    }
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
    /// 0-based line containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = u32::try_from(offset).unwrap_or(u32::MAX);
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }
    /// Byte range of a line, without its line terminator (`\n` or `\r\n`).
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.starts.get(line).map_or(text.len(), |s| *s as usize);
        let mut end = self.starts.get(line + 1).map_or(text.len(), |s| *s as usize);
        let bytes = text.as_bytes();
        if end > start && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
            if end > start && bytes.get(end - 1) == Some(&b'\r') {
                end -= 1;
            }
        }
        start.min(text.len())..end.min(text.len())
    }
    fn clamp(text: &str, offset: usize) -> usize {
        let mut o = offset.min(text.len());
        while o > 0 && !text.is_char_boundary(o) {
            o -= 1;
        }
        o
    }
    /// Line and column, the column counted in Unicode scalar values (𠮷 is one).
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = Self::clamp(text, offset);
        let line = self.line_of(offset);
        let start = self.starts.get(line).map_or(0, |s| *s as usize).min(offset);
        let col = self.counts_between(text, start, offset).0;
        LineCol { line: line as u32, col: col as u32 }
    }
    /// Line and column, the column counted in UTF-16 code units (𠮷 is two), as LSP wants.
    pub fn line_col_utf16(&self, text: &str, offset: usize) -> LineCol {
        let offset = Self::clamp(text, offset);
        let line = self.line_of(offset);
        let start = self.starts.get(line).map_or(0, |s| *s as usize).min(offset);
        let col = self.counts_between(text, start, offset).1;
        LineCol { line: line as u32, col: col as u32 }
    }
    /// The byte offset of a UTF-16 line/column (LSP), clamped to the line.
    pub fn offset_utf16(&self, text: &str, pos: LineCol) -> usize {
        let range = self.line_range(text, pos.line as usize);
        let mut units = 0u32;
        for (i, c) in text.get(range.clone()).unwrap_or("").char_indices() {
            if units >= pos.col {
                return range.start + i;
            }
            units += c.len_utf16() as u32;
        }
        range.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_astral_characters_once_and_utf16_twice() {
        let text = "a\r\n𠮷野家 x\n";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap_or(0);
        assert_eq!(idx.line_col(text, x), LineCol { line: 1, col: 4 });
        assert_eq!(idx.line_col_utf16(text, x), LineCol { line: 1, col: 5 });
        assert_eq!(idx.offset_utf16(text, LineCol { line: 1, col: 5 }), x);
        assert_eq!(&text[idx.line_range(text, 0)], "a");
    }

    #[test]
    fn escape_controls_keeps_plain_text_and_escapes_the_rest() {
        assert_eq!(escape_controls("sub/モデル.mig"), "sub/モデル.mig");
        assert!(matches!(escape_controls("a.mig"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(
            escape_controls("a\u{1b}[31m\nb\t\u{7f}\u{9b}\u{202e}.mig"),
            "a\\u{1b}[31m\\u{a}b\\u{9}\\u{7f}\\u{9b}\\u{202e}.mig"
        );
    }

    #[test]
    fn columns_on_long_lines_use_checkpoints_and_agree_with_counting() {
        // Mixed widths so that checkpoints fall inside characters.
        let line: String = (0..3000).map(|i| ["a", "é", "診", "𠮷"][i % 4]).collect();
        let text = format!("first\n{line}\r\nlast {line}");
        let idx = LineIndex::new(&text);
        assert!(!idx.checkpoints.is_empty());
        let short = LineIndex::new("a\nb");
        assert!(short.checkpoints.is_empty());
        for (offset, _) in text.char_indices().step_by(7).chain([(text.len(), ' ')]) {
            let line = idx.line_of(offset);
            let start = idx.starts[line] as usize;
            let chars = text[start..offset].chars().count() as u32;
            let units = text[start..offset].encode_utf16().count() as u32;
            assert_eq!(idx.line_col(&text, offset), LineCol { line: line as u32, col: chars });
            assert_eq!(idx.line_col_utf16(&text, offset), LineCol { line: line as u32, col: units });
        }
    }

    #[test]
    fn columns_on_long_ascii_lines_are_offsets() {
        let text = format!("a\n{}x\r\n{}y", " ".repeat(5000), "z".repeat(2000));
        let idx = LineIndex::new(&text);
        assert!(idx.ascii && idx.checkpoints.is_empty());
        let x = text.find('x').unwrap_or(0);
        assert_eq!(idx.line_col(&text, x), LineCol { line: 1, col: 5000 });
        assert_eq!(idx.line_col_utf16(&text, text.len()), LineCol { line: 2, col: 2001 });
        assert!(!LineIndex::new(&format!("{}診", " ".repeat(5000))).ascii);
    }

    #[test]
    fn many_columns_on_one_long_line_are_fast() {
        let text = "x @; ".repeat(200_000);
        let idx = LineIndex::new(&text);
        let t = std::time::Instant::now();
        let mut last = 0;
        for offset in (0..text.len()).step_by(5) {
            last = idx.line_col(&text, offset).col;
        }
        assert_eq!(last as usize, text.len() - 5);
        // 200k columns: about 10^11 byte visits if each were counted from the line start.
        assert!(t.elapsed().as_secs() < 2);
    }
}
