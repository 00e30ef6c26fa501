//! Rendering diagnostics: the terminal (codespan-reporting) and versioned JSON.

use crate::analysis::{Analysis, SourceInfo};
use crate::diag::{Diagnostic, Lang, Severity};
use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, termcolor};
use serde::Serialize;

/// The analysis' files as codespan sees them: control characters are replaced
/// byte for byte, so that a file cannot drive the terminal and offsets stay put;
/// in names (a file name may hold any byte but `/`) they are escaped.
struct SourceFiles<'a>(&'a [SourceInfo], Vec<Option<String>>, Vec<String>);

impl<'a> SourceFiles<'a> {
    /// Only the lines that `diags` show are masked (a clean run copies no text, and a
    /// file with one diagnostic is checked on that line only).
    fn new(files: &'a [SourceInfo], diags: &[Diagnostic]) -> SourceFiles<'a> {
        let mut shown: Vec<Vec<std::ops::Range<usize>>> = vec![Vec::new(); files.len()];
        for l in diags.iter().flat_map(|d| &d.labels) {
            let (Some(f), Some(ranges)) = (files.get(l.file.0 as usize), shown.get_mut(l.file.0 as usize)) else {
                continue;
            };
            let first = f.lines.line_of(l.span.start as usize);
            let last = f.lines.line_of(l.span.end as usize);
            ranges.push(f.lines.line_range(&f.text, first).start..f.lines.line_range(&f.text, last).end);
        }
        let clean = files
            .iter()
            .zip(&mut shown)
            .map(|(f, ranges)| {
                if ranges.is_empty() {
                    return None;
                }
                ranges.sort_by_key(|r| (r.start, r.end));
                let mut merged: Vec<std::ops::Range<usize>> = Vec::with_capacity(ranges.len());
                for r in ranges.drain(..) {
                    match merged.last_mut() {
                        Some(m) if r.start <= m.end => m.end = m.end.max(r.end),
                        _ => merged.push(r),
                    }
                }
                crate::diag::mask_controls_in(&f.text, &merged)
            })
            .collect();
        let names = files.iter().map(|f| escape(&f.name)).collect();
        SourceFiles(files, clean, names)
    }
}

/// Texts for the terminal carry user input (paths, `mig.toml` values, strings
/// of the model): control characters are escaped.
fn escape(text: &str) -> String {
    crate::diag::escape_controls(text).into_owned()
}

impl<'a> Files<'a> for SourceFiles<'a> {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, FilesError> {
        self.2.get(id).map(String::as_str).ok_or(FilesError::FileMissing)
    }
    fn source(&'a self, id: usize) -> Result<&'a str, FilesError> {
        if let Some(Some(clean)) = self.1.get(id) {
            return Ok(clean);
        }
        self.0.get(id).map(|f| &*f.text).ok_or(FilesError::FileMissing)
    }
    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.0.get(id).ok_or(FilesError::FileMissing)?.lines.line_of(byte_index))
    }
    fn line_range(&'a self, id: usize, line_index: usize) -> Result<std::ops::Range<usize>, FilesError> {
        let f = self.0.get(id).ok_or(FilesError::FileMissing)?;
        if line_index >= f.lines.line_count() {
            return Err(FilesError::LineTooLarge { given: line_index, max: f.lines.line_count().saturating_sub(1) });
        }
        // Without the line terminator, so a CRLF file shows no stray `\r`.
        Ok(f.lines.line_range(&f.text, line_index))
    }
}

/// Whether to use colour: only on a terminal, and never when NO_COLOR is set.
pub fn use_color(stream_is_terminal: bool) -> bool {
    stream_is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Render diagnostics for a terminal.
pub fn human(analysis: &Analysis, diags: &[Diagnostic], lang: Lang, color: bool) -> String {
    let mut buffer = if color { termcolor::Buffer::ansi() } else { termcolor::Buffer::no_color() };
    // A buffer in memory cannot fail to take the text.
    let _ = human_to(&mut buffer, analysis, diags, lang);
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

/// [`human`], written as it is rendered (the CLI streams to stdout: a run with many
/// diagnostics never holds all of its output in memory). Fails only when `out` does.
pub fn human_to(
    out: &mut dyn termcolor::WriteColor,
    analysis: &Analysis,
    diags: &[Diagnostic],
    lang: Lang,
) -> std::io::Result<()> {
    let files = SourceFiles::new(&analysis.files, diags);
    let config = term::Config::default();
    for d in diags {
        let cd = to_codespan(d, lang, &analysis.files);
        match term::emit_to_write_style(out, &config, &files, &cd) {
            Ok(()) => {}
            Err(FilesError::Io(e)) => return Err(e),
            Err(_) => {
                // A label outside its file cannot be drawn; say the message plainly.
                let line = format!("{}[{}]: {}\n", d.severity.as_str(), d.code, escape(d.message.get(lang)));
                out.write_all(line.as_bytes())?;
            }
        }
    }
    Ok(())
}

fn to_codespan(d: &Diagnostic, lang: Lang, files: &[SourceInfo]) -> cs::Diagnostic<usize> {
    let severity = match d.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
        Severity::Note => cs::Severity::Note,
    };
    // A label on a very long line (minified or garbage input) would print the whole
    // line; such labels are given as positions in a note instead. Both ends are
    // checked: codespan prints the first and the last line of a label. The cost is
    // O(log lines) per label, and the position is O(1) (LineIndex checkpoints).
    let too_long = |l: &crate::diag::Label| {
        files.get(l.file.0 as usize).is_some_and(|f| {
            [l.span.start, l.span.end].iter().any(|&at| {
                let line = f.lines.line_of(at as usize);
                f.lines.line_range(&f.text, line).len() > MAX_SNIPPET_LINE
            })
        })
    };
    let mut notes = Vec::new();
    let mut labels = Vec::new();
    for l in &d.labels {
        let Some(f) = files.get(l.file.0 as usize) else { continue };
        if too_long(l) {
            let at = f.lines.line_col(&f.text, l.span.start as usize);
            let (line, col) = (at.line + 1, at.col + 1);
            notes.push(format!("{}:{line}:{col}: {}", escape(&f.name), escape(l.message.get(lang))));
            continue;
        }
        let style = if l.primary { cs::LabelStyle::Primary } else { cs::LabelStyle::Secondary };
        let len = f.text.len();
        let (s, e) = (l.span.start as usize, l.span.end as usize);
        let range = s.min(len)..e.min(len).max(s.min(len));
        labels.push(cs::Label::new(style, l.file.0 as usize, range).with_message(escape(l.message.get(lang))));
    }
    notes.extend(detail_lines(d, lang, escape));
    cs::Diagnostic::new(severity)
        .with_code(d.code.clone())
        .with_message(escape(d.message.get(lang)))
        .with_labels(labels)
        .with_notes(notes)
}

/// What follows a diagnostic's message, one entry each: its hint (`ヒント:`), notes
/// (`注記:`) and guideline sources (`根拠:`), the terminal and the editor alike. `show`
/// prepares each line of text (the terminal escapes control characters).
pub fn detail_lines(d: &Diagnostic, lang: Lang, show: impl Fn(&str) -> String) -> Vec<String> {
    let (help, note, cite) = match lang {
        Lang::Ja => ("ヒント", "注記", "根拠"),
        Lang::En => ("help", "note", "source"),
    };
    let mut out = Vec::new();
    if let Some(h) = &d.help {
        // A help may show several lines to write (e.g. blocks): each line is prepared on its own.
        let lines: Vec<String> = h.get(lang).split('\n').map(&show).collect();
        out.push(format!("{help}: {}", lines.join("\n")));
    }
    out.extend(d.notes.iter().map(|n| format!("{note}: {}", show(n.get(lang)))));
    out.extend(d.citations.iter().map(|c| format!("{cite}: {c}")));
    out
}

/// Lines longer than this (in bytes) are not printed in a snippet.
const MAX_SNIPPET_LINE: usize = 1000;

/// One line of counts for the end of a human run.
pub fn summary(analysis: &Analysis, lang: Lang) -> String {
    let errors = analysis.count(Severity::Error);
    let warnings = analysis.count(Severity::Warning);
    let crate::rules::RuleStats { rules_run, waived, .. } = analysis.rule_stats;
    match lang {
        Lang::Ja => {
            format!("ルール {rules_run} 件を実行: エラー {errors} 件、警告 {warnings} 件、適用除外 {waived} 件")
        }
        Lang::En => format!("{rules_run} rules run: {errors} error(s), {warnings} warning(s), {waived} waived"),
    }
}

/// `--statistics`: how many findings each rule or code gave, most first, with its title.
pub fn statistics(diags: &[&Diagnostic], lang: Lang) -> String {
    let mut counts: std::collections::BTreeMap<&str, (usize, Severity)> = std::collections::BTreeMap::new();
    for d in diags {
        let e = counts.entry(d.code.as_str()).or_insert((0, d.severity));
        e.0 += 1;
        e.1 = e.1.min(d.severity);
    }
    let mut rows: Vec<(&str, usize, Severity)> = counts.into_iter().map(|(c, (n, s))| (c, n, s)).collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.2.cmp(&b.2)).then_with(|| a.0.cmp(b.0)));
    let width = rows.iter().map(|r| r.1.to_string().len()).max().unwrap_or(1);
    let mut out = String::new();
    for (code, n, severity) in rows {
        let title = match crate::rules::find(code) {
            Some(r) if code.starts_with("MIG-") => r.title(lang).to_string(),
            _ => crate::codes::info(code).map_or_else(String::new, |c| {
                match lang {
                    Lang::Ja => c.ja,
                    Lang::En => c.en,
                }
                .to_string()
            }),
        };
        let sev = severity_name(severity, lang);
        let pad = " ".repeat(8usize.saturating_sub(sev.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()));
        out.push_str(&format!("{n:>width$}  {code:<14} {sev}{pad} {}\n", escape(&title)));
    }
    out
}

// ---- JSON -----------------------------------------------------------------------------

/// The version of the JSON document; bumped on any incompatible change.
pub const JSON_VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonDoc<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    /// The findings waivers accepted, each with the waiver that accepted it.
    waivers: Vec<JsonWaived<'a>>,
    summary: JsonSummary,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<JsonBaseline<'a>>,
}

#[derive(Serialize)]
struct JsonWaived<'a> {
    code: &'a str,
    message: &'a str,
    subject: String,
    fingerprint: String,
    #[serde(flatten)]
    location: Option<JsonLocation<'a>>,
    waiver: &'a str,
    reason: &'a str,
    approved_by: &'a str,
    until: String,
}

#[derive(Serialize)]
struct JsonBaseline<'a> {
    new: usize,
    known: usize,
    gone: &'a [crate::emit::baseline::Entry],
}

#[derive(Serialize)]
struct JsonSummary {
    rules_run: usize,
    errors: usize,
    warnings: usize,
    waived: usize,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    severity: Severity,
    message: &'a str,
    /// The qualified name of the declaration at fault.
    subject: String,
    /// Stable across line moves, reformatting and moves between files.
    fingerprint: String,
    /// With a baseline: whether the finding is in it.
    #[serde(skip_serializing_if = "Option::is_none")]
    new: Option<bool>,
    /// The primary label's place (absent only for a diagnostic without a place).
    #[serde(flatten)]
    location: Option<JsonLocation<'a>>,
    help: Option<&'a str>,
    notes: Vec<&'a str>,
    labels: Vec<JsonLabel<'a>>,
    citations: &'a [crate::diag::Citation],
}

#[derive(Serialize)]
struct JsonLocation<'a> {
    file: &'a str,
    /// 1-based; columns count Unicode scalar values.
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    span: JsonSpan,
}

#[derive(Serialize)]
struct JsonSpan {
    /// Byte offsets into the file (after a UTF-8 BOM, if any).
    start: u32,
    end: u32,
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    #[serde(flatten)]
    location: JsonLocation<'a>,
    message: &'a str,
    primary: bool,
}

fn location<'a>(files: &'a [SourceInfo], l: &crate::diag::Label) -> Option<JsonLocation<'a>> {
    let f = files.get(l.file.0 as usize)?;
    let s = f.lines.line_col(&f.text, l.span.start as usize);
    let e = f.lines.line_col(&f.text, l.span.end as usize);
    Some(JsonLocation {
        file: &f.name,
        line: s.line + 1,
        column: s.col + 1,
        end_line: e.line + 1,
        end_column: e.col + 1,
        span: JsonSpan { start: l.span.start, end: l.span.end },
    })
}

/// The versioned JSON document: `{"version":1,"diagnostics":[…],"waivers":[…],"summary":{…}}`.
pub fn json(analysis: &Analysis, diags: &[Diagnostic], lang: Lang) -> String {
    json_report(analysis, diags, None, lang)
}

/// [`json`], with the comparison against a baseline (`baseline` in the document,
/// `new` on each diagnostic).
pub fn json_report(
    analysis: &Analysis,
    diags: &[Diagnostic],
    baseline: Option<&crate::emit::baseline::Comparison>,
    lang: Lang,
) -> String {
    let files = &analysis.files;
    let count = |s: Severity| diags.iter().filter(|d| d.severity == s).count();
    let summary = JsonSummary {
        rules_run: analysis.rule_stats.rules_run,
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        waived: analysis.rule_stats.waived,
    };
    let findings = crate::emit::findings(analysis, diags);
    let waived = &analysis.rule_stats.waived_findings;
    let waived_diags: Vec<Diagnostic> = waived.iter().map(|w| w.diag.clone()).collect();
    let waived_findings = crate::emit::findings(analysis, &waived_diags);
    let doc = JsonDoc {
        version: JSON_VERSION,
        summary,
        baseline: baseline.map(|b| JsonBaseline { new: b.new_count(), known: b.known_count(), gone: &b.gone }),
        waivers: waived
            .iter()
            .zip(waived_findings)
            .map(|(w, f)| JsonWaived {
                code: &w.diag.code,
                message: w.diag.message.get(lang),
                subject: f.subject,
                fingerprint: f.fingerprint,
                location: w.diag.primary_label().and_then(|l| location(files, l)),
                waiver: &w.waiver,
                reason: &w.reason,
                approved_by: &w.approved_by,
                until: w.until.to_string(),
            })
            .collect(),
        diagnostics: diags
            .iter()
            .zip(findings)
            .enumerate()
            .map(|(i, (d, f))| JsonDiagnostic {
                code: &d.code,
                severity: d.severity,
                message: d.message.get(lang),
                subject: f.subject,
                fingerprint: f.fingerprint,
                new: baseline.and_then(|b| b.is_new.get(i).copied()),
                location: d.primary_label().and_then(|l| location(files, l)),
                help: d.help.as_ref().map(|h| h.get(lang)),
                notes: d.notes.iter().map(|n| n.get(lang)).collect(),
                labels: d
                    .labels
                    .iter()
                    .filter_map(|l| {
                        Some(JsonLabel {
                            location: location(files, l)?,
                            message: l.message.get(lang),
                            primary: l.primary,
                        })
                    })
                    .collect(),
                citations: &d.citations,
            })
            .collect(),
    };
    let out = serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"version\":1,\"error\":\"{e}\"}}"));
    let mut out = escape_json_controls(&out);
    out.push('\n');
    out
}

/// serde_json escapes C0 controls in strings but writes DEL and the C1 controls
/// (U+0080..U+009F, such as U+009B, an 8-bit CSI) as they are; write them as
/// `\u00XX` too. They can only occur inside strings, where the escape is valid JSON
/// for the same character.
fn escape_json_controls(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_control() && c as u32 >= 0x7f {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

// ---- the rule registry ------------------------------------------------------------------

fn severity_name(s: Severity, lang: Lang) -> &'static str {
    match (s, lang) {
        (Severity::Error, Lang::Ja) => "エラー",
        (Severity::Warning, Lang::Ja) => "警告",
        (Severity::Note, Lang::Ja) => "注記",
        (s, Lang::En) => s.as_str(),
    }
}

fn cite_text(r: &crate::rules::Rule) -> String {
    r.citations().iter().map(|c| c.to_string()).collect::<Vec<_>>().join("; ")
}

/// `migc rules`: one line per rule.
pub fn rules_table(lang: Lang) -> String {
    let mut out = String::new();
    for r in crate::rules::registry() {
        let sev = severity_name(r.severity, lang);
        // Pad by display width: CJK characters take two columns.
        let width: usize = sev.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
        let pad = " ".repeat(8usize.saturating_sub(width));
        out.push_str(&format!("{:<14} {sev}{pad} {}\n{:<24}{}\n", r.id, r.title(lang), "", cite_text(r)));
    }
    out
}

#[derive(Serialize)]
struct JsonRule<'a> {
    id: &'a str,
    severity: Severity,
    title: &'a str,
    citations: Vec<crate::diag::Citation>,
    /// Rests on a fact tagged [U] or [PROPOSAL].
    provisional: bool,
}

/// `migc rules --format json`: `{"version":1,"rules":[…]}`.
pub fn rules_json(lang: Lang) -> String {
    let rules: Vec<JsonRule> = crate::rules::registry()
        .map(|r| JsonRule {
            id: r.id,
            severity: r.severity,
            title: r.title(lang),
            citations: r.citations(),
            provisional: r.weak_basis(),
        })
        .collect();
    #[derive(Serialize)]
    struct Doc<'a> {
        version: u32,
        rules: Vec<JsonRule<'a>>,
    }
    let mut out = serde_json::to_string_pretty(&Doc { version: JSON_VERSION, rules }).unwrap_or_default();
    out.push('\n');
    out
}

/// `migc explain ID`.
pub fn explanation(r: &crate::rules::Rule, lang: Lang) -> String {
    let (sev_label, cite_label) = match lang {
        Lang::Ja => ("既定の重大度", "根拠"),
        Lang::En => ("default severity", "sources"),
    };
    format!(
        "{} {}\n{sev_label}: {}\n{cite_label}: {}\n{}\n{}\n",
        r.id,
        r.title(lang),
        severity_name(r.severity, lang),
        cite_text(r),
        editions_text(r, lang),
        r.explanation_in(lang)
    )
}

/// For a rule whose basis differs between MHLW editions: what each edition asks,
/// with its citations and the strongest severity it allows.
pub fn editions_text(r: &crate::rules::Rule, lang: Lang) -> String {
    if r.editions.is_empty() {
        return String::new();
    }
    let mut out = match lang {
        Lang::Ja => "\n版ごとの根拠 (モデルが対象とする MHLW の版に従う):\n".to_string(),
        Lang::En => "\nBasis by edition (follows the MHLW edition the model targets):\n".to_string(),
    };
    for b in r.editions {
        let cites = b.cites.iter().map(|c| format!("{} {} {} [{}]", c.guideline, c.edition, c.section, c.tag.label()));
        let cites = cites.collect::<Vec<_>>().join("; ");
        let (asks, most) = match lang {
            Lang::Ja => (b.asks_ja, "最大の重大度"),
            Lang::En => (b.asks_en, "at most"),
        };
        out.push_str(&format!(
            "- std::edition::{} ({most}: {}): {asks}\n",
            b.edition.name(),
            severity_name(b.severity, lang)
        ));
        if !cites.is_empty() {
            out.push_str(&format!("  {cites}\n"));
        }
    }
    out
}
