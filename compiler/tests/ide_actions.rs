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
    // Only the diagnostics at the range: none on the import line.
    assert_eq!(actions_at(&a, "model.mig", &model, "import"), []);
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

#[test]
fn folding_ranges_cover_blocks_lists_comment_runs_and_imports() {
    let text = "import \"parties.mig\"
// 共通の定義
import \"other.mig\"

// 東京の
// データセンター
site 東京 { kind datacenter }

flow 参照 {
  phase   operation
  carries [
    診療録,
  ]
}
"
    .to_string();
    let files = vec![("parties.mig", PARTIES.to_string()), ("model.mig", text.clone()), ("other.mig", String::new())];
    let a = analyze(&files);
    let file = file_id(&a, "model.mig").expect("file");
    let folds: Vec<(ide::FoldKind, &str)> =
        ide::folding_ranges(&a, file).iter().map(|f| (f.kind, &text[f.span.range()])).collect();
    assert_eq!(
        folds,
        [
            (ide::FoldKind::Imports, "import \"parties.mig\"\n// 共通の定義\nimport \"other.mig\""),
            (ide::FoldKind::Comment, "// 東京の\n// データセンター"),
            (ide::FoldKind::Region, &text[text.find("{\n  phase").unwrap_or(0)..text.len() - 1]),
            (ide::FoldKind::Region, "[\n    診療録,\n  ]"),
        ]
    );
}

#[test]
fn workspace_symbols_match_part_of_a_name_project_first() {
    let a = analyze(&base());
    let found = ide::workspace_symbols(&a, "カルテ");
    let names: Vec<(&str, &str, &str)> =
        found.iter().map(|s| (s.name.as_str(), s.kind, s.container.as_str())).collect();
    assert_eq!(names, [("電子カルテ", "model", "/p/model.mig"), ("電子カルテDB", "asset", "/p/model.mig")]);
    let model = file_id(&a, "model.mig").expect("file");
    assert_eq!(found[1].location.file, model);
    assert_eq!(&MODEL[found[1].location.span.range()], "電子カルテDB");
    // Case does not matter; the standard library comes after the project, by path.
    let ransom = ide::workspace_symbols(&a, "RANSOM");
    assert_eq!(ransom.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["std::threat::ransomware"]);
    assert_eq!(ransom[0].container, "std::threat");
    let all = ide::workspace_symbols(&a, "");
    // Files by path (model.mig, then parties.mig), then the standard library.
    assert_eq!(all[0].name, "電子カルテ");
    let std = all.iter().position(|s| s.name.starts_with("std::")).unwrap_or(0);
    assert_eq!(all[std - 1].name, "さくら");
    assert!(all[std..].iter().all(|s| s.name.starts_with("std::")));
    // At most WORKSPACE_SYMBOLS_MAX.
    let many: String = (0..300).map(|i| format!("actor 医師{i} {{\n  category doctor\n}}\n")).collect();
    let b = analyze(&[("model.mig", many)]);
    let found = ide::workspace_symbols(&b, "医師");
    assert_eq!(found.len(), ide::WORKSPACE_SYMBOLS_MAX);
    assert_eq!((found[0].name.as_str(), found[199].name.as_str()), ("医師0", "医師199"));
    assert_eq!(ide::workspace_symbols(&a, "存在しない名前"), []);
}

#[test]
fn semantic_tokens_classify_each_word_of_a_japanese_model() {
    let text = "/// 医師の参照\nflow 参照 \"診療録\" {\n  phase   operation  // 運用時\n  who     医師\n  carries [診療録]\n}\n\
                risk r on 参照 {\n  threat     std::threat::ransomware\n  likelihood 高い\n  impact     4\n}\n\
                waiver w on 参照 {\n  rule MIG-AUTH-001\n  until 2027-03-31\n}\n\
                actor 医師 {\n  category doctor\n}\ndata 診療録 {\n  class patient_identifiable\n}\n";
    let a = analyze(&[("model.mig", text.to_string())]);
    let file = file_id(&a, "model.mig").expect("file");
    let tokens = ide::semantic_tokens(&a, file);
    use ide::SemanticKind as K;
    let shown: Vec<(&str, K, bool, bool, bool)> = tokens
        .iter()
        .map(|t| {
            let m = t.modifiers;
            (&text[t.span.range()], t.kind, m.declaration, m.default_library, m.documentation)
        })
        .collect();
    assert_eq!(
        shown[..22],
        [
            ("/// 医師の参照", K::Comment, false, false, true),
            ("flow", K::Keyword, false, false, false),
            ("参照", K::Symbol("flow"), true, false, false),
            ("\"診療録\"", K::String, false, false, false),
            ("phase", K::Property, false, false, false),
            ("operation", K::EnumMember, false, false, false),
            ("// 運用時", K::Comment, false, false, false),
            ("who", K::Property, false, false, false),
            ("医師", K::Symbol("actor"), false, false, false),
            ("carries", K::Property, false, false, false),
            ("診療録", K::Symbol("data"), false, false, false),
            ("risk", K::Keyword, false, false, false),
            ("r", K::Symbol("risk"), true, false, false),
            ("on", K::Keyword, false, false, false),
            ("参照", K::Symbol("flow"), false, false, false),
            ("threat", K::Property, false, false, false),
            ("std::threat::ransomware", K::Symbol("threat"), false, true, false),
            ("likelihood", K::Property, false, false, false),
            ("高い", K::EnumMember, false, false, false),
            ("impact", K::Property, false, false, false),
            ("4", K::Number, false, false, false),
            ("waiver", K::Keyword, false, false, false),
        ]
    );
    assert!(shown.contains(&("MIG-AUTH-001", K::RuleId, false, false, false)));
    assert!(shown.contains(&("2027-03-31", K::Number, false, false, false)));
    // In order, not overlapping, each on one line.
    for w in tokens.windows(2) {
        assert!(w[0].span.end <= w[1].span.start);
    }
    assert!(tokens.iter().all(|t| !text[t.span.range()].contains('\n')));
}

/// A snippet with each placeholder replaced by its default and the tab stops removed.
fn expand(snippet: &str) -> String {
    let mut out = String::new();
    let mut open = 0;
    let mut chars = snippet.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '$' if chars.peek() == Some(&'{') => {
                chars.next();
                chars.by_ref().take_while(|c| *c != ':').for_each(drop);
                open += 1;
            }
            '$' => {
                while chars.peek().is_some_and(char::is_ascii_digit) {
                    chars.next();
                }
            }
            '}' if open > 0 => open -= 1,
            c => out.push(c),
        }
    }
    out
}

#[test]
fn declaration_snippets_expand_to_text_that_parses() {
    let files = base();
    let a = analyze(&files);
    let file = file_id(&a, "model.mig").expect("file");
    let end = MODEL.len();
    let items = ide::completions(&a, file, end, Lang::Ja).items;
    let snippets: Vec<&ide::CompletionItem> = items.iter().filter(|i| i.kind == ide::CompletionKind::Snippet).collect();
    assert!(snippets.len() >= 15, "{snippets:?}");
    let site = snippets.iter().find(|s| s.label == "site {…}").and_then(|s| s.snippet.as_deref());
    assert_eq!(site, Some("site ${1:名前} {\n  kind ${2:datacenter}\n}$0"));
    let risk = snippets.iter().find(|s| s.label == "risk {…}").and_then(|s| s.snippet.as_deref());
    assert_eq!(risk, Some("risk ${1:名前} on ${2:参照} {\n  threat ${3:std::threat::unauthorized_access}\n}$0"));
    for s in snippets {
        let snippet = s.snippet.as_deref().unwrap_or("");
        let text = format!("{MODEL}\n{}\n", expand(snippet));
        let b = analyze(&[("parties.mig", PARTIES.to_string()), ("model.mig", text.clone())]);
        assert!(syntax_errors(&b).is_empty(), "{}: {:?}\n{text}", s.label, syntax_errors(&b));
        let in_snippet = |d: &&Diagnostic| d.primary_label().is_some_and(|l| l.span.start as usize > MODEL.len());
        let required: Vec<&Diagnostic> =
            b.diagnostics.iter().filter(|d| d.code == "MIG2003").filter(in_snippet).collect();
        assert!(required.is_empty(), "{}: {required:?}", s.label);
    }
}

#[test]
fn inserted_lines_keep_the_files_crlf_line_endings() {
    let crlf = |s: &str| s.replace('\n', "\r\n");
    let files = vec![("parties.mig", crlf(PARTIES)), ("model.mig", crlf(MODEL))];
    let a = analyze(&files);
    let all: Vec<Edit> = a.diagnostics.iter().flat_map(|d| &d.fixes).flat_map(|f| f.edits.clone()).collect();
    assert!(all.len() > 5, "{all:?}");
    for e in &all {
        assert!(!e.text.replace("\r\n", "").contains('\n'), "a bare LF in {:?}", e.text);
    }
}

#[test]
fn a_missing_property_of_a_nested_block_goes_into_that_block() {
    let text = "data 診療録 {\n  class patient_identifiable\n}\n\ntermination 契約終了 {\n    return 返却 {\n        within 30d\n    }\n}\n";
    let files = vec![("model.mig", text.to_string())];
    let a = analyze(&files);
    let actions = actions_at(&a, "model.mig", text, "返却 {");
    let add = actions.iter().find(|c| c.code.as_deref() == Some("MIG2003")).expect("an action");
    assert_eq!(add.title, "`data` を追加する");
    let edited = apply(&a, &files, &add.edits);
    assert!(
        edited[0].1.contains(
            "    return 返却 {\n        within 30d\n        data [診療録]  // TODO(migc): 返却するデータ\n    }\n"
        ),
        "{}",
        edited[0].1
    );
    let b = analyze(&edited);
    assert!(!codes(&b).contains(&"MIG2003") && syntax_errors(&b).is_empty(), "{:?}", codes(&b));
}

#[test]
fn misspelt_editions_and_rules_in_mig_toml_are_replaced_with_their_quotes() {
    let toml = "[project]\nname = \"x\"\neditions = [\"mhlw_6_O\"]\n\n[rules]\n\"MIG-AUTH-01\" = \"warning\"\n";
    let mut ws = Workspace::new("/p");
    ws.config = migc::workspace::parse_config(toml).expect("config");
    ws.config_text = Some(toml.into());
    ws.config_path = Some("/p/mig.toml".into());
    ws.set_text("/p/model.mig", MODEL);
    ws.set_text("/p/parties.mig", PARTIES);
    let a = migc::analyze(&ws);
    let config = file_id(&a, "mig.toml").expect("mig.toml in the analysis");
    let fix_at = |needle: &str| {
        let at = toml.find(needle).unwrap_or(0);
        let actions = ide::code_actions(&a, config, Span::new(at, at), Lang::En);
        actions.first().map(|c| (c.code.clone(), c.title.clone(), c.edits.clone()))
    };
    let (code, title, edits) = fix_at("mhlw_6_O").expect("an edition fix");
    assert_eq!((code.as_deref(), title.as_str()), (Some("MIG2015"), "replace with `\"mhlw_6_0\"`"));
    assert_eq!(&toml[edits[0].span.range()], "\"mhlw_6_O\"");
    let (code, _, edits) = fix_at("MIG-AUTH-01").expect("a rule fix");
    assert_eq!(code.as_deref(), Some("MIG3004"));
    assert_eq!((&toml[edits[0].span.range()], edits[0].text.as_str()), ("\"MIG-AUTH-01\"", "\"MIG-AUTH-001\""));
}

#[test]
fn an_asset_without_a_manager_and_a_control_without_an_owner_get_one() {
    let model = format!(
        "{MODEL}\nasset 受付PC \"受付の端末\" {{\n  kind terminal\n  at   東京\n}}\n\ncontrol 多要素認証 {{\n  category technical\n}}\n"
    );
    let files = vec![("parties.mig", PARTIES.to_string()), ("model.mig", model.clone())];
    let a = analyze(&files);
    for (needle, code, line) in [
        ("受付PC", "MIG-RESP-002", "  at   東京\n  managed_by 𠮷田メディカル  // TODO(migc): 管理する組織\n}"),
        ("多要素認証", "MIG-RESP-003", "  category technical\n  owner 𠮷田メディカル  // TODO(migc): 実施する組織\n}"),
    ] {
        let actions = actions_at(&a, "model.mig", &model, needle);
        let add = actions.iter().find(|c| c.code.as_deref() == Some(code)).expect("an action");
        assert_eq!(add.kind, CodeActionKind::QuickFix, "{add:?}");
        let edited = apply(&a, &files, &add.edits);
        assert!(edited[1].1.contains(line), "{}", edited[1].1);
        let b = analyze(&edited);
        assert!(!codes(&b).contains(&code) && syntax_errors(&b).is_empty(), "{code}: {:?}", codes(&b));
    }
}

#[test]
fn a_misspelt_kind_the_parser_rejects_is_replaced_too() {
    let text = "party p {\n  role    provider\n  country JP\n}\nprty さくら {\n  role institution\n}\n".to_string();
    let files = vec![("model.mig", text.clone())];
    let a = analyze(&files);
    let actions = actions_at(&a, "model.mig", &text, "prty");
    let fix = actions.iter().find(|c| c.kind == CodeActionKind::QuickFix).expect("a fix");
    assert_eq!(fix.edits.len(), 1);
    assert_eq!((&text[fix.edits[0].span.range()], fix.edits[0].text.as_str()), ("prty", "party"));
    let b = analyze(&apply(&a, &files, &fix.edits));
    assert!(syntax_errors(&b).is_empty() && !codes(&b).contains(&"MIG2001"), "{:?}", codes(&b));
}
