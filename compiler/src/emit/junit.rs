//! JUnit XML: a test suite per file, a failing test case per finding (named
//! `mig.{code}`), and one passing case when there is nothing to report, so that
//! CI dashboards show a green test.

use super::{Finding, path_of, place};
use crate::analysis::Analysis;
use crate::diag::Lang;
use std::collections::BTreeMap;

/// Escape text for XML 1.0 (attribute values and element text): markup
/// characters as entities, line breaks in attributes as character references,
/// and characters XML 1.0 cannot hold (other control characters) as `\u{…}`.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            c if c.is_control() || matches!(c, '\u{fffe}' | '\u{ffff}') => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

pub fn junit(analysis: &Analysis, findings: &[Finding], lang: Lang) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    if findings.is_empty() {
        out.push_str("<testsuites name=\"migc\" tests=\"1\" failures=\"0\" errors=\"0\">\n");
        out.push_str("  <testsuite name=\"migc\" tests=\"1\" failures=\"0\" errors=\"0\">\n");
        out.push_str("    <testcase name=\"migc check\" classname=\"migc\"/>\n");
        out.push_str("  </testsuite>\n</testsuites>\n");
        return out;
    }
    // Suites by file, in the order of the findings' files; findings without a place under "migc".
    let mut suites: BTreeMap<(u32, String), Vec<&Finding>> = BTreeMap::new();
    for f in findings {
        let key = match f.diag.primary_label().and_then(|l| analysis.file(l.file).map(|file| (l.file.0, path_of(file))))
        {
            Some(k) => k,
            None => (u32::MAX, "migc".to_string()),
        };
        suites.entry(key).or_default().push(f);
    }
    let n = findings.len();
    out.push_str(&format!("<testsuites name=\"migc\" tests=\"{n}\" failures=\"{n}\" errors=\"0\">\n"));
    for ((_, name), items) in &suites {
        let k = items.len();
        out.push_str(&format!("  <testsuite name=\"{}\" tests=\"{k}\" failures=\"{k}\" errors=\"0\">\n", xml(name)));
        for f in items {
            let d = f.diag;
            let at = d.primary_label().and_then(|l| place(analysis, l));
            let (line_attrs, prefix) = match at {
                Some((file, p)) => (
                    format!(" file=\"{}\" line=\"{}\" column=\"{}\"", xml(&path_of(file)), p.line, p.column),
                    format!("{}:{}:{}: ", path_of(file), p.line, p.column),
                ),
                None => (String::new(), String::new()),
            };
            let message = d.message.get(lang);
            let mut body = format!("{prefix}{}: {message}", d.severity.as_str());
            if let Some(h) = &d.help {
                body.push('\n');
                body.push_str(h.get(lang));
            }
            for c in &d.citations {
                body.push('\n');
                body.push_str(&c.to_string());
            }
            out.push_str(&format!(
                "    <testcase name=\"mig.{}\" classname=\"{}\"{line_attrs}>\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>\n",
                xml(&d.code),
                xml(name),
                xml(message),
                d.severity.as_str(),
                xml(&body).replace("&#10;", "\n")
            ));
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_markup_and_controls() {
        assert_eq!(xml("a<b & \"c\" 'd'>"), "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;");
        assert_eq!(xml("x\u{1b}y\nz"), "x\\u{1b}y&#10;z");
    }
}
