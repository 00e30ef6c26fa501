//! Positions and diagnostics between migc (byte offsets, `Diagnostic`) and LSP
//! (line and column in UTF-16 units, or bytes when the client offers UTF-8).

use migc::Analysis;
use migc::analysis::SourceInfo;
use migc::diag::{Diagnostic, FileId, Lang, LineCol, Severity};
use migc::syntax::Span;
use tower_lsp_server::ls_types as lsp;

/// How a column counts: LSP's default is UTF-16 code units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    #[default]
    Utf16,
    Utf8,
}

impl Encoding {
    /// UTF-8 if the client offers it (fewer conversions), else UTF-16.
    pub fn negotiate(caps: &lsp::ClientCapabilities) -> Encoding {
        let offered = caps.general.as_ref().and_then(|g| g.position_encodings.as_ref());
        match offered {
            Some(list) if list.contains(&lsp::PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }
    pub fn kind(self) -> lsp::PositionEncodingKind {
        match self {
            Encoding::Utf16 => lsp::PositionEncodingKind::UTF16,
            Encoding::Utf8 => lsp::PositionEncodingKind::UTF8,
        }
    }
}

/// The LSP position of a byte offset.
pub fn position(file: &SourceInfo, offset: usize, enc: Encoding) -> lsp::Position {
    let text = &*file.text;
    let lc = match enc {
        Encoding::Utf16 => file.lines.line_col_utf16(text, offset),
        Encoding::Utf8 => {
            let mut offset = offset.min(text.len());
            while !text.is_char_boundary(offset) {
                offset -= 1;
            }
            let line = file.lines.line_of(offset);
            let start = file.lines.line_range(text, line).start.min(offset);
            LineCol { line: line as u32, col: (offset - start) as u32 }
        }
    };
    lsp::Position { line: lc.line, character: lc.col }
}

/// The byte offset of an LSP position, clamped to its line (a position past the end
/// of a line is before its `\r\n`); never inside a character.
pub fn offset(file: &SourceInfo, pos: lsp::Position, enc: Encoding) -> usize {
    let text = &*file.text;
    if pos.line as usize >= file.lines.line_count() {
        return text.len();
    }
    match enc {
        Encoding::Utf16 => file.lines.offset_utf16(text, LineCol { line: pos.line, col: pos.character }),
        Encoding::Utf8 => {
            let range = file.lines.line_range(text, pos.line as usize);
            let mut o = (range.start + pos.character as usize).min(range.end);
            while !text.is_char_boundary(o) {
                o -= 1;
            }
            o
        }
    }
}

pub fn range(file: &SourceInfo, span: Span, enc: Encoding) -> lsp::Range {
    lsp::Range { start: position(file, span.start as usize, enc), end: position(file, span.end as usize, enc) }
}

/// The byte span of an LSP range.
pub fn span(file: &SourceInfo, range: lsp::Range, enc: Encoding) -> Span {
    let start = offset(file, range.start, enc);
    let end = offset(file, range.end, enc).max(start);
    Span::new(start, end)
}

/// Where a migc diagnostic is shown: the file of its primary label.
pub fn diagnostic_file(d: &Diagnostic) -> Option<FileId> {
    d.primary_label().map(|l| l.file)
}

/// A migc diagnostic as the editor shows it: the same code, severity and message as
/// `migc check`, the primary label's text, help, notes and citations below it, the
/// secondary labels as related information, and the rule's documentation as a link.
pub fn diagnostic(
    a: &Analysis,
    d: &Diagnostic,
    lang: Lang,
    enc: Encoding,
    uri_of: &dyn Fn(FileId) -> Option<lsp::Uri>,
) -> lsp::Diagnostic {
    let primary = d.primary_label();
    let at = primary.and_then(|l| Some(range(a.file(l.file)?, l.span, enc))).unwrap_or_default();
    let mut message = d.message.get(lang).to_string();
    if let Some(l) = primary {
        let text = l.message.get(lang);
        if !text.is_empty() && text != message {
            message.push('\n');
            message.push_str(text);
        }
    }
    for line in migc::render::detail_lines(d, lang, str::to_string) {
        message.push('\n');
        message.push_str(&line);
    }
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .filter(|l| !l.primary)
        .filter_map(|l| {
            let file = a.file(l.file)?;
            Some(lsp::DiagnosticRelatedInformation {
                location: lsp::Location { uri: uri_of(l.file)?, range: range(file, l.span, enc) },
                message: l.message.get(lang).to_string(),
            })
        })
        .collect();
    let code_description = d
        .code
        .starts_with("MIG-")
        .then(|| migc::emit::sarif::rule_doc_uri(&d.code).parse::<lsp::Uri>().ok())
        .flatten()
        .map(|href| lsp::CodeDescription { href });
    lsp::Diagnostic {
        range: at,
        severity: Some(match d.severity {
            Severity::Error => lsp::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp::DiagnosticSeverity::WARNING,
            Severity::Note => lsp::DiagnosticSeverity::INFORMATION,
        }),
        code: Some(lsp::NumberOrString::String(d.code.clone())),
        code_description,
        source: Some("migc".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use migc::diag::LineIndex;
    use std::sync::Arc;

    fn info(text: &str) -> SourceInfo {
        SourceInfo {
            path: "a.mig".into(),
            name: "a.mig".into(),
            text: Arc::from(text),
            lines: LineIndex::new(text),
            stdlib_module: None,
        }
    }

    #[test]
    fn utf16_counts_astral_characters_twice_and_crlf_is_a_line_end() {
        let f = info("party 𠮷野家 {\r\n  role provider\r\n}\r\n");
        let at = f.text.find("野").unwrap_or(0);
        assert_eq!(position(&f, at, Encoding::Utf16), lsp::Position { line: 0, character: 8 });
        assert_eq!(position(&f, at, Encoding::Utf8), lsp::Position { line: 0, character: 10 });
        assert_eq!(offset(&f, lsp::Position { line: 0, character: 8 }, Encoding::Utf16), at);
        assert_eq!(offset(&f, lsp::Position { line: 0, character: 10 }, Encoding::Utf8), at);
        // Inside the surrogate pair: after the character; inside a UTF-8 sequence: its start.
        let kichi = f.text.find("𠮷").unwrap_or(0);
        assert_eq!(offset(&f, lsp::Position { line: 0, character: 7 }, Encoding::Utf16), at);
        assert_eq!(offset(&f, lsp::Position { line: 0, character: 8 }, Encoding::Utf8), kichi);
        // Past the end of a line: before its `\r\n`.
        let end1 = f.text.find("provider").unwrap_or(0) + "provider".len();
        assert_eq!(offset(&f, lsp::Position { line: 1, character: 99 }, Encoding::Utf16), end1);
        assert_eq!(offset(&f, lsp::Position { line: 1, character: 99 }, Encoding::Utf8), end1);
        assert_eq!(position(&f, end1, Encoding::Utf16), lsp::Position { line: 1, character: 15 });
        // Past the last line: the end of the text.
        assert_eq!(offset(&f, lsp::Position { line: 9, character: 0 }, Encoding::Utf16), f.text.len());
    }
}
