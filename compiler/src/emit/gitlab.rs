//! GitLab Code Quality: a JSON array of issues, each with a description, a
//! check name, a unique fingerprint, a severity and a location.

use super::{Finding, path_of, place};
use crate::analysis::Analysis;
use crate::diag::{Lang, Severity};
use serde_json::json;

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Note => "info",
    }
}

pub fn gitlab(analysis: &Analysis, findings: &[Finding], lang: Lang) -> String {
    let issues: Vec<serde_json::Value> = findings
        .iter()
        .map(|f| {
            let d = f.diag;
            let location = match d.primary_label().and_then(|l| place(analysis, l)) {
                Some((file, p)) => json!({"path": path_of(file), "lines": {"begin": p.line, "end": p.end_line}}),
                None => json!({"path": "", "lines": {"begin": 1}}),
            };
            json!({
                "type": "issue",
                "check_name": d.code,
                "description": format!("{}: {}", d.code, d.message.get(lang)),
                "categories": ["Security"],
                "fingerprint": f.fingerprint,
                "severity": severity(d.severity),
                "location": location,
            })
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".to_string());
    out.push('\n');
    out
}
