//! Code actions, folding ranges, workspace symbols, semantic tokens and
//! declaration snippets (`migc::ide`), on small models with Japanese names.
//! Each code action is applied to the text, the result analysed again: the
//! diagnostic it answers is gone and no syntax error (MIG1xxx) appears.

use migc::Analysis;
use migc::diag::{Diagnostic, Edit, FileId, Lang};
use migc::ide::{self, CodeAction, CodeActionKind};
use migc::syntax::Span;
use migc::workspace::Workspace;
use std::path::Path;

/// A project of `/p/<name>` files.
fn analyze(files: &[(&str, String)]) -> Analysis {
    let mut ws = Workspace::new("/p");
    for (name, text) in files {
        ws.set_text(format!("/p/{name}"), text.as_str());
    }
    migc::analyze(&ws)
}

fn file_id(a: &Analysis, name: &str) -> Option<FileId> {
    a.file_id(Path::new(&format!("/p/{name}")))
}

/// The files with `edits` applied (each file's edits from the end, so spans stay valid).
fn apply(a: &Analysis, files: &[(&str, String)], edits: &[Edit]) -> Vec<(&'static str, String)> {
    files
        .iter()
        .map(|(name, text)| {
            let id = file_id(a, name);
            let mut mine: Vec<&Edit> = edits.iter().filter(|e| Some(e.file) == id).collect();
            mine.sort_by_key(|e| std::cmp::Reverse(e.span.start));
            let mut text = text.clone();
            for e in mine {
                text.replace_range(e.span.range(), &e.text);
            }
            (leak(name), text)
        })
        .collect()
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_string().into_boxed_str())
}

fn codes(a: &Analysis) -> Vec<&str> {
    a.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

fn syntax_errors(a: &Analysis) -> Vec<&Diagnostic> {
    a.diagnostics.iter().filter(|d| d.code.starts_with("MIG1")).collect()
}

/// The actions at the first occurrence of `needle` in file `name`.
fn actions_at(a: &Analysis, name: &str, text: &str, needle: &str) -> Vec<CodeAction> {
    let (Some(file), Some(at)) = (file_id(a, name), text.find(needle)) else { return Vec::new() };
    ide::code_actions(a, file, Span::new(at, at), Lang::Ja)
}

const PARTIES: &str = "party 𠮷田メディカル \"𠮷田メディカル株式会社\" {
  role    provider
  country JP
}

party さくら \"さくらクリニック\" {
  role    institution
  country JP
}
";

#[test]
fn did_you_mean_actions_replace_exactly_the_misspelt_text() {
    let model = "import \"parties.mig\"

sitte 東京 {
  kind    datacenter
  country JP
}

site 大阪 {
  kind    datacentre
  contry  JP
  operated_by 𠮷田メディカ
}

waiver 例外 on 大阪 {
  rule        MIG-AUTH-01
  reason      \"試験\"
  approved_by \"院長\"
  until       2027-03-31
}
"
    .to_string();
    let files = vec![("parties.mig", PARTIES.to_string()), ("model.mig", model.clone())];
    let a = analyze(&files);
    for (needle, code, replaced) in [
        ("sitte", "MIG2001", "site 東京 {"),
        ("datacentre", "MIG2012", "kind    datacenter\n  contry"),
        ("contry", "MIG2002", "country  JP"),
        ("𠮷田メディカ\n", "MIG2006", "operated_by 𠮷田メディカル\n"),
        ("MIG-AUTH-01", "MIG3002", "rule        MIG-AUTH-001\n"),
    ] {
        let actions = actions_at(&a, "model.mig", &model, needle);
        let fix =
            actions.iter().find(|c| c.code.as_deref() == Some(code)).unwrap_or_else(|| panic!("{code}: {actions:?}"));
        assert_eq!(fix.kind, CodeActionKind::QuickFix);
        assert!(fix.title.contains("に置き換える"), "{}", fix.title);
        let edited = apply(&a, &files, &fix.edits);
        let text = &edited[1].1;
        assert!(text.contains(replaced), "{code}:\n{text}");
        let b = analyze(&edited.iter().map(|(n, t)| (*n, t.clone())).collect::<Vec<_>>());
        let still: Vec<&Diagnostic> = b.diagnostics.iter().filter(|d| d.code == code).collect();
        assert!(still.is_empty(), "{code} still there after the fix: {still:?}");
        assert!(syntax_errors(&b).is_empty(), "{:?}", syntax_errors(&b));
    }
}

/// A model with gaps: a site without its country, a flow of 医療情報 not assessed
/// against the threat catalogue, no responsibility blocks.
const MODEL: &str = "import \"parties.mig\"

model 電子カルテ \"電子カルテサービス\" {
  editions  [std::edition::meti_mic_1_1, std::edition::mhlw_6_0]
  form      application
  provider  𠮷田メディカル
  customers [さくら]
  as_of     2026-11-01
}

site 東京 \"東京DC\" {
  kind datacenter
}

asset 電子カルテDB {
  kind       server
  at         東京
  managed_by 𠮷田メディカル
  stores     [診療録]
}

data 診療録 {
  class patient_identifiable
}

actor 医師 {
  category doctor
  party    さくら
}

flow 参照 \"医師が診療録を参照する\" {
  phase   operation
  who     医師
  from    電子カルテDB
  to      電子カルテDB
  carries [診療録]
}

control アクセス制御 {
  owner 𠮷田メディカル
}

log 操作ログ { retention 5y }
";

fn base() -> Vec<(&'static str, String)> {
    vec![("parties.mig", PARTIES.to_string()), ("model.mig", MODEL.to_string())]
}

/// Applies the action of `code` at `needle` (of kind `kind`), checks that its
/// diagnostic is gone and that no syntax error appeared, and returns the new model text.
fn fix_and_recheck(needle: &str, code: &str, kind: CodeActionKind) -> Result<(String, Analysis), String> {
    let files = base();
    let a = analyze(&files);
    if !codes(&a).contains(&code) {
        return Err(format!("{code} not reported: {:?}", codes(&a)));
    }
    let actions = actions_at(&a, "model.mig", MODEL, needle);
    let action = actions
        .iter()
        .find(|c| c.code.as_deref() == Some(code) && c.kind == kind)
        .ok_or_else(|| format!("no {kind:?} action for {code} at {needle}: {actions:?}"))?;
    let edited = apply(&a, &files, &action.edits);
    let b = analyze(&edited);
    let model = edited.into_iter().find(|(n, _)| *n == "model.mig").map(|(_, t)| t).unwrap_or_default();
    if !syntax_errors(&b).is_empty() {
        return Err(format!("{:?}\n{model}", syntax_errors(&b)));
    }
    Ok((model, b))
}

#[test]
fn a_missing_required_property_is_added_as_the_last_line_of_the_block() {
    // Indented like `owner`; the first value of its type; marked for the team to check.
    let (text, b) = fix_and_recheck("アクセス制御", "MIG2003", CodeActionKind::QuickFix).expect("fixed");
    assert!(
        text.contains(
            "control アクセス制御 {\n  owner 𠮷田メディカル\n  category organizational  // TODO(migc): 対策の分類\n}\n"
        ),
        "{text}"
    );
    assert!(!b.diagnostics.iter().any(|d| d.code == "MIG2003" && d.message.en.contains("category")), "{:?}", codes(&b));
    assert!(codes(&b).contains(&"MIG3007"), "the placeholder is marked to fill in");
    // A block on one line: the `}` moves to a line of its own; a reference names a declared asset.
    let (text, b) = fix_and_recheck("操作ログ", "MIG2003", CodeActionKind::QuickFix).expect("fixed");
    assert!(
        text.contains(
            "log 操作ログ { retention 5y\n  of [電子カルテDB]  // TODO(migc): 記録する対象の機器・システム\n}\n"
        ),
        "{text}"
    );
    assert!(!b.diagnostics.iter().any(|d| d.code == "MIG2003" && d.message.en.contains("`of`")), "{:?}", codes(&b));
}

#[test]
fn unassessed_threats_get_one_risk_each_after_the_flow() {
    let (text, b) = fix_and_recheck("参照 \"医師", "MIG-RISK-001", CodeActionKind::QuickFix).expect("fixed");
    assert!(!codes(&b).contains(&"MIG-RISK-001"), "{:?}", codes(&b));
    let flow_end = text.find("carries [診療録]\n}\n").map(|i| i + "carries [診療録]\n}\n".len()).unwrap_or(0);
    assert!(text[flow_end..].starts_with("\nrisk 参照_"), "{}", &text[flow_end..]);
    assert!(text.contains("risk 参照_ransomware on 参照 {"), "{text}");
    assert!(text.contains("  threat              std::threat::ransomware\n"), "{text}");
}

#[test]
fn missing_responsibility_blocks_are_written_for_every_duty() {
    let (text, b) = fix_and_recheck("電子カルテ \"", "MIG-RESP-001", CodeActionKind::QuickFix).expect("fixed");
    assert!(!codes(&b).contains(&"MIG-RESP-001"), "{:?}", codes(&b));
    assert!(text.contains("responsibility on std::duty::"), "{text}");
    assert!(text.contains("  normal    [𠮷田メディカル]\n  emergency [𠮷田メディカル, さくら]\n"), "{text}");
}

#[test]
fn a_guideline_finding_offers_a_waiver_that_the_checker_recognises() {
    let files = base();
    let a = analyze(&files);
    let finding = a.diagnostics.iter().find(|d| d.code.starts_with("MIG-") && !d.fixes.is_empty());
    let finding = finding.expect("a guideline finding");
    let label = finding.primary_label().expect("label");
    let text = &files[1].1;
    let actions = ide::code_actions(&a, label.file, label.span, Lang::En);
    let waiver = actions
        .iter()
        .find(|c| c.kind == CodeActionKind::Other && c.code.as_deref() == Some(finding.code.as_str()))
        .expect("a waiver action");
    assert!(waiver.title.starts_with("waive `MIG-"), "{}", waiver.title);
    let edited = apply(&a, &files, &waiver.edits);
    let new_text = &edited[1].1;
    assert!(new_text.starts_with(text.as_str()), "appended at the end");
    let added = &new_text[text.len()..];
    assert!(added.starts_with("\nwaiver waive_"), "{added}");
    assert!(added.contains(&format!("  rule        {}\n", finding.code)), "{added}");
    assert!(added.contains("  until       2027-11-01  // TODO(migc): 期限\n"), "{added}");
    let b = analyze(&edited);
    assert!(syntax_errors(&b).is_empty(), "{:?}", syntax_errors(&b));
    // The finding is waived; the reason and approver are still to be written.
    assert!(b.rule_stats.waived_findings.iter().any(|w| w.diag.code == finding.code && w.waiver.starts_with("waive_")));
    assert!(codes(&b).contains(&"MIG3007"));
    assert!(!codes(&b).contains(&"MIG3001"), "the waiver matches its finding");
}
