//! GitHub Actions: one workflow-command annotation per finding (`::error file=…`),
//! escaped as `@actions/core` does, and a Markdown job summary.

use super::{Finding, path_of, place};
use crate::analysis::Analysis;
use crate::diag::{Lang, Severity};

/// Escape the message of a workflow command: `%`, CR and LF; other control
/// characters are written as `\u{…}` so that they cannot reach the log as they are.
pub fn escape_data(text: &str) -> String {
    let text = text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    crate::diag::escape_controls(&text).into_owned()
}

/// Escape a property value of a workflow command: as data, and `:` and `,`.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    }
}

/// One annotation line per finding.
pub fn annotations(analysis: &Analysis, findings: &[Finding], lang: Lang) -> String {
    let mut out = String::new();
    for f in findings {
        let d = f.diag;
        let mut props = Vec::new();
        if let Some((file, p)) = d.primary_label().and_then(|l| place(analysis, l)) {
            props.push(format!("file={}", escape_property(&path_of(file))));
            props.push(format!("line={}", p.line));
            props.push(format!("endLine={}", p.end_line));
            // Columns only on a one-line place (GitHub ignores them otherwise).
            if p.line == p.end_line {
                props.push(format!("col={}", p.column));
                props.push(format!("endColumn={}", p.end_column));
            }
        }
        let title = match crate::rules::find(&d.code) {
            Some(r) if d.code.starts_with("MIG-") => format!("{} {}", d.code, r.title(lang)),
            _ => d.code.clone(),
        };
        props.push(format!("title={}", escape_property(&title)));
        let mut message = d.message.get(lang).to_string();
        if let Some(h) = &d.help {
            message.push('\n');
            message.push_str(h.get(lang));
        }
        for c in &d.citations {
            message.push('\n');
            message.push_str(&c.to_string());
        }
        out.push_str(&format!("::{} {}::{}\n", command(d.severity), props.join(","), escape_data(&message)));
    }
    out
}

/// A Markdown table cell: one line, `|` escaped, control characters escaped.
fn cell(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    crate::diag::escape_controls(&one_line).replace('|', "\\|")
}

/// Rows of the job summary at most (GitHub takes 1 MiB per step).
const MAX_ROWS: usize = 500;

/// The job summary: the counts, then a table of the findings.
pub fn summary_markdown(analysis: &Analysis, findings: &[Finding], summary_line: &str, lang: Lang) -> String {
    let (title, sev, rule, place_h, message, none, more) = match lang {
        Lang::Ja => ("migc check", "重大度", "ルール", "場所", "内容", "指摘はありません。", "件は省略"),
        Lang::En => ("migc check", "severity", "rule", "where", "message", "No findings.", "more not shown"),
    };
    let mut out = format!("## {title}\n\n{}\n\n", cell(summary_line));
    if findings.is_empty() {
        out.push_str(none);
        out.push('\n');
        return out;
    }
    out.push_str(&format!("| {sev} | {rule} | {place_h} | {message} |\n|---|---|---|---|\n"));
    for f in findings.iter().take(MAX_ROWS) {
        let d = f.diag;
        let rule = if crate::rules::find(&d.code).is_some() && d.code.starts_with("MIG-") {
            format!("[`{}`]({})", d.code, super::sarif::rule_doc_uri(&d.code))
        } else {
            format!("`{}`", d.code)
        };
        let at = d.primary_label().and_then(|l| place(analysis, l)).map_or_else(String::new, |(file, p)| {
            format!("`{}:{}:{}`", cell(&path_of(file)).replace('`', "'"), p.line, p.column)
        });
        out.push_str(&format!("| {} | {rule} | {at} | {} |\n", d.severity.as_str(), cell(d.message.get(lang))));
    }
    if findings.len() > MAX_ROWS {
        out.push_str(&format!("\n{} {more}\n", findings.len() - MAX_ROWS));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_commands_are_escaped_like_actions_core() {
        assert_eq!(escape_data("100% a\r\nb"), "100%25 a%0D%0Ab");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(escape_data("x\u{1b}[31m"), "x\\u{1b}[31m");
        assert_eq!(cell("a | b\nc"), "a \\| b c");
    }
}
