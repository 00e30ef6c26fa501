//! SARIF 2.1.0 for code scanning (GitHub, Azure DevOps, IDE viewers).
//!
//! Columns are Unicode code points (`run.columnKind`), as in migc's JSON; URIs are
//! relative to the directory migc ran in (the repository root in CI), so they are
//! the same on every run; each result has a fingerprint that does not depend on
//! lines; waived findings are present, suppressed, with the waiver's reason.

use super::{Finding, path_of, place};
use crate::analysis::Analysis;
use crate::diag::{Diagnostic, Lang, Severity};
use serde_json::{Value, json};

/// The key of migc's fingerprint in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "migcFingerprint/v1";

/// Where a rule's documentation is.
pub fn rule_doc_uri(id: &str) -> String {
    format!("{}/blob/main/docs/rules.md#{}", env!("CARGO_PKG_REPOSITORY"), id.to_ascii_lowercase())
}

/// The SARIF document. `baseline`, when a baseline was used, says for each of
/// `findings` whether it is new (`baselineState` `new`, else `unchanged`).
pub fn sarif(
    analysis: &Analysis,
    findings: &[Finding],
    waived: &[(Finding, &crate::rules::Waived)],
    baseline: Option<&[bool]>,
    lang: Lang,
) -> String {
    let rules: Vec<&'static crate::rules::Rule> = crate::rules::registry().collect();
    let mut descriptors: Vec<Value> = rules.iter().map(|r| rule_descriptor(r, lang)).collect();
    // Language diagnostics (MIG1xxx, MIG2xxx, MIG3xxx) seen in this run, after the rules.
    let mut codes: Vec<&str> =
        findings.iter().map(|f| f.diag.code.as_str()).filter(|c| !c.starts_with("MIG-")).collect();
    codes.sort_unstable();
    codes.dedup();
    for code in &codes {
        descriptors.push(code_descriptor(code, lang));
    }
    let index_of = |code: &str| -> Option<usize> {
        rules
            .iter()
            .position(|r| r.id == code)
            .or_else(|| codes.iter().position(|c| *c == code).map(|i| i + rules.len()))
    };
    let mut results: Vec<Value> = Vec::with_capacity(findings.len() + waived.len());
    for (i, f) in findings.iter().enumerate() {
        let mut r = result(analysis, f, index_of(&f.diag.code), lang);
        if let (Some(is_new), Some(obj)) = (baseline, r.as_object_mut()) {
            let state = if is_new.get(i).copied().unwrap_or(true) { "new" } else { "unchanged" };
            obj.insert("baselineState".into(), json!(state));
        }
        results.push(r);
    }
    for (f, w) in waived {
        let mut r = result(analysis, f, index_of(&f.diag.code), lang);
        if let Some(obj) = r.as_object_mut() {
            obj.insert(
                "suppressions".into(),
                json!([{
                    "kind": "inSource",
                    "status": "accepted",
                    "justification": w.reason,
                    "properties": {
                        "waiver": w.waiver,
                        "approvedBy": w.approved_by,
                        "until": w.until.to_string(),
                    }
                }]),
            );
        }
        results.push(r);
    }
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "migc",
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": descriptors,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn rule_descriptor(r: &crate::rules::Rule, lang: Lang) -> Value {
    let cites: Vec<String> = r.citations().iter().map(|c| c.to_string()).collect();
    let (sources, explain) = match lang {
        Lang::Ja => ("根拠", "説明"),
        Lang::En => ("Sources", "Explanation"),
    };
    let help_text = format!("{sources}: {}\n`migc explain {}`", cites.join("; "), r.id);
    let help_md = format!(
        "**{sources}**\n\n{}\n\n**{explain}**\n\n{}\n",
        cites.iter().map(|c| format!("- {c}")).collect::<Vec<_>>().join("\n"),
        r.explanation_in(lang)
    );
    json!({
        "id": r.id,
        "name": r.title_en,
        "shortDescription": {"text": r.title(lang)},
        "fullDescription": {"text": r.explanation_in(lang)},
        "help": {"text": help_text, "markdown": help_md},
        "helpUri": rule_doc_uri(r.id),
        "defaultConfiguration": {"level": level(r.severity)},
        "properties": {
            "tags": ["compliance", "3省2ガイドライン"],
            "provisional": r.weak_basis(),
        }
    })
}

fn code_descriptor(code: &str, lang: Lang) -> Value {
    let title = crate::codes::info(code).map_or(code, |c| match lang {
        Lang::Ja => c.ja,
        Lang::En => c.en,
    });
    let name = crate::codes::info(code).map_or(code, |c| c.en);
    json!({
        "id": code,
        "name": name,
        "shortDescription": {"text": title},
        "properties": {"tags": ["language"]},
    })
}

fn result(analysis: &Analysis, f: &Finding, rule_index: Option<usize>, lang: Lang) -> Value {
    let d: &Diagnostic = f.diag;
    let mut text = d.message.get(lang).to_string();
    if let Some(h) = &d.help {
        text.push('\n');
        text.push_str(h.get(lang));
    }
    let mut locations = Vec::new();
    let mut related = Vec::new();
    for (i, l) in d.labels.iter().enumerate() {
        let Some((file, p)) = place(analysis, l) else { continue };
        let mut artifact = json!({"uri": uri(&path_of(file))});
        if file.stdlib_module.is_some()
            && let Some(obj) = artifact.as_object_mut()
        {
            obj.insert("description".into(), json!({"text": "migc standard library (embedded in migc)"}));
        }
        let physical = json!({
            "artifactLocation": artifact,
            "region": {
                "startLine": p.line,
                "startColumn": p.column,
                "endLine": p.end_line,
                "endColumn": p.end_column,
            }
        });
        if Some(l) == d.primary_label() && locations.is_empty() {
            locations.push(json!({"physicalLocation": physical, "message": {"text": l.message.get(lang)}}));
        } else {
            related.push(json!({"id": i, "physicalLocation": physical, "message": {"text": l.message.get(lang)}}));
        }
    }
    let mut r = json!({
        "ruleId": d.code,
        "level": level(d.severity),
        "message": {"text": text},
        "locations": locations,
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
        "properties": {"subject": f.subject},
    });
    if let Some(obj) = r.as_object_mut() {
        if let Some(i) = rule_index {
            obj.insert("ruleIndex".into(), json!(i));
        }
        if !related.is_empty() {
            obj.insert("relatedLocations".into(), Value::Array(related));
        }
        if !d.citations.is_empty()
            && let Some(props) = obj.get_mut("properties").and_then(Value::as_object_mut)
        {
            let cites: Vec<String> = d.citations.iter().map(|c| c.to_string()).collect();
            props.insert("citations".into(), json!(cites));
        }
    }
    r
}

/// A path as a URI reference: relative paths stay relative (`/` separated), an
/// absolute one becomes `file:///…`; every byte outside the unreserved set is
/// percent-encoded (Japanese file names included), as RFC 3986 wants.
pub fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 8);
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded_and_relative_unless_absolute() {
        assert_eq!(uri("examples/cloud-ehr/model.mig"), "examples/cloud-ehr/model.mig");
        assert_eq!(uri("モデル 1.mig"), "%E3%83%A2%E3%83%87%E3%83%AB%201.mig");
        assert_eq!(uri("/tmp/a b.mig"), "file:///tmp/a%20b.mig");
        assert_eq!(uri("<std>/threat.mig"), "%3Cstd%3E/threat.mig");
    }
}
