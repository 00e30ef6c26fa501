//! Editor queries (`migc::ide`) on a two-file project with Japanese and astral
//! names. `‸` in a fixture marks a cursor; it is removed before the analysis.

use migc::Analysis;
use migc::diag::{FileId, Lang};
use migc::ide::{self, Location, RenameError};
use migc::workspace::Workspace;

const PARTIES: &str = "/// 提供事業者。クラウドで電子カルテを提供する。
party 𠮷田‸メディカル \"𠮷田メディカル株式会社\" {
  role    provider
  country JP
}

party clinic \"さくらクリニック\" {
  role    institution
  country JP
}
";

const MODEL: &str = "import \"parties.mig\"

model m \"電子カルテ\" {
  editions [std::edition::meti_mic_1_1, std::edition::mhlw_6_0]
  form     application
  provider 𠮷田メ‸ディカル
}

site dc \"東京DC\" {
  k‸ind    datacenter
  country JP
}

asset db \"DB\" {
  kind       server
  at         dc
  managed_by 𠮷田メディカル
}

data 診療録 {
  class patient_identifiable
}

actor 医師 {
  category doctor
  party    clinic
}

flow 参照 {
  phase   operation
  who     医師
  from    db
  to      db
  carries [診療録]
}

risk r1 on 参照 {
  threat     std::threat::ransom‸ware
  impact     5
  likelihood 4
  treatment  retain
}

termination t {
  return 返却 {
    data   [診療録]
    to     clinic
    wit‸hin 30d
  }
}

waiver w1 on db {
  rule        MIG-AU‸TH-001
  reason      \"試験\"
  approved_by \"院長\"
  until       2027-03-31
}
";

/// The text without its markers, and the byte offsets of the markers.
fn unmark(text: &str) -> (String, Vec<usize>) {
    let mut out = String::new();
    let mut marks = Vec::new();
    for (i, part) in text.split('‸').enumerate() {
        if i > 0 {
            marks.push(out.len());
        }
        out.push_str(part);
    }
    (out, marks)
}

struct Fixture {
    analysis: Analysis,
    parties: FileId,
    model: FileId,
    parties_marks: Vec<usize>,
    model_marks: Vec<usize>,
    parties_text: String,
    model_text: String,
}

fn fixture() -> Option<Fixture> {
    let (parties_text, parties_marks) = unmark(PARTIES);
    let (model_text, model_marks) = unmark(MODEL);
    let mut ws = Workspace::new("/p");
    ws.set_text("/p/parties.mig", parties_text.as_str());
    ws.set_text("/p/model.mig", model_text.as_str());
    let analysis = migc::analyze(&ws);
    let parties = analysis.file_id(std::path::Path::new("/p/parties.mig"))?;
    let model = analysis.file_id(std::path::Path::new("/p/model.mig"))?;
    Some(Fixture { analysis, parties, model, parties_marks, model_marks, parties_text, model_text })
}

fn text_at<'a>(f: &'a Fixture, loc: &Location) -> &'a str {
    let text = if loc.file == f.parties { &f.parties_text } else { &f.model_text };
    text.get(loc.span.range()).unwrap_or("?")
}

#[test]
fn definition_and_references_across_files() {
    let f = fixture().expect("fixture");
    let provider_ref = f.model_marks[0];
    let def = ide::definition(&f.analysis, f.model, provider_ref).expect("a definition");
    assert_eq!(def.file, f.parties);
    assert_eq!(text_at(&f, &def), "𠮷田メディカル");
    let refs = ide::references(&f.analysis, f.model, provider_ref, true);
    let shown: Vec<(bool, &str)> = refs.iter().map(|l| (l.file == f.parties, text_at(&f, l))).collect();
    assert_eq!(shown, [(false, "𠮷田メディカル"), (false, "𠮷田メディカル"), (true, "𠮷田メディカル")]);
    assert_eq!(ide::references(&f.analysis, f.model, provider_ref, false).len(), 2);
    // From the definition too (the cursor inside the astral name).
    assert_eq!(ide::references(&f.analysis, f.parties, f.parties_marks[0], true), refs);
    // Into the standard library.
    let std_def = ide::definition(&f.analysis, f.model, f.model_marks[2]).expect("std definition");
    let std_file = f.analysis.file(std_def.file).expect("std file");
    assert_eq!(std_file.stdlib_module, Some("threat"));
    assert_eq!(&std_file.text[std_def.span.range()], "ransomware");
    // Nothing at a property key.
    assert_eq!(ide::definition(&f.analysis, f.model, f.model_marks[1]), None);
}

#[test]
fn rename_edits_every_occurrence_and_refuses_what_it_must() {
    let f = fixture().expect("fixture");
    let at = f.model_marks[0];
    let edits = ide::rename(&f.analysis, f.model, at, "吉田メディカル").expect("rename");
    assert_eq!(edits.len(), 3);
    assert!(edits.iter().all(|l| text_at(&f, l) == "𠮷田メディカル"));
    assert_eq!(ide::rename(&f.analysis, f.model, at, "1abc"), Err(RenameError::NotAName("1abc".into())));
    assert_eq!(ide::rename(&f.analysis, f.model, at, "on"), Err(RenameError::NotAName("on".into())));
    assert_eq!(ide::rename(&f.analysis, f.model, at, "a b"), Err(RenameError::NotAName("a b".into())));
    match ide::rename(&f.analysis, f.model, at, "clinic") {
        Err(RenameError::Clash { name, existing }) => {
            assert_eq!(name, "clinic");
            assert_eq!(existing.file, f.parties);
        }
        other => panic!("expected a clash, got {other:?}"),
    }
    assert_eq!(
        ide::prepare_rename(&f.analysis, f.model, f.model_marks[2]),
        Err(RenameError::StandardLibrary("std::threat::ransomware".into()))
    );
    assert_eq!(ide::prepare_rename(&f.analysis, f.model, f.model_marks[1]), Err(RenameError::NothingToRename));
}

#[test]
fn document_symbols_list_the_declarations_of_a_file() {
    let f = fixture().expect("fixture");
    let symbols = ide::document_symbols(&f.analysis, f.model);
    let names: Vec<(&str, &str)> = symbols.iter().map(|s| (s.kind, s.name.as_str())).collect();
    assert_eq!(
        names,
        [
            ("model", "m"),
            ("site", "dc"),
            ("asset", "db"),
            ("data", "診療録"),
            ("actor", "医師"),
            ("flow", "参照"),
            ("risk", "r1"),
            ("termination", "t"),
            ("waiver", "w1")
        ]
    );
    let site = &symbols[1];
    assert_eq!(&f.model_text[site.selection.range()], "dc");
    assert!(f.model_text[site.span.range()].starts_with("site dc") && f.model_text[site.span.range()].ends_with('}'));
}

#[test]
fn hover_says_what_is_under_the_cursor() {
    let f = fixture().expect("fixture");
    let hover = |file, offset, lang| ide::hover(&f.analysis, file, offset, lang).map(|h| h.markdown);
    let provider = hover(f.model, f.model_marks[0], Lang::Ja).expect("hover on a reference");
    assert!(provider.contains("party 𠮷田メディカル \"𠮷田メディカル株式会社\""), "{provider}");
    assert!(provider.contains("提供事業者。クラウドで電子カルテを提供する。"), "{provider}");
    assert!(provider.contains("/p/parties.mig") || provider.contains("parties.mig"), "{provider}");

    let kind = hover(f.model, f.model_marks[1], Lang::En).expect("hover on a property key");
    assert!(kind.starts_with("**kind** (required):"), "{kind}");
    assert!(kind.contains("- `datacenter`"), "{kind}");

    let within = hover(f.model, f.model_marks[3], Lang::Ja).expect("hover on a nested key");
    assert!(within.starts_with("**within**"), "{within}");

    let rule = hover(f.model, f.model_marks[4], Lang::En).expect("hover on a rule id");
    assert!(rule.starts_with("**MIG-AUTH-001**"), "{rule}");
    // With the explanation `migc explain` gives, in the language asked for.
    let explained = migc::rules::find("MIG-AUTH-001").map(|r| r.explanation_in(Lang::En)).unwrap_or_default();
    assert!(!explained.is_empty() && rule.contains(explained.trim()), "{rule}");

    // A risk: its derived level and rank.
    let r1 = f.model_text.find("risk r1").map(|i| i + 5).expect("r1");
    let risk = hover(f.model, r1, Lang::Ja).expect("hover on a risk");
    assert!(risk.contains("リスクレベル 20 (影響度 5 × 顕在化率 4)、ランク **S**"), "{risk}");

    // A declaration kind word.
    let asset = f.model_text.find("asset db").expect("asset");
    let kind_word = hover(f.model, asset + 2, Lang::Ja).expect("hover on a kind");
    assert!(kind_word.starts_with("**asset**"), "{kind_word}");
    // Blank space: nothing.
    assert_eq!(hover(f.model, f.model_text.find("\n\nsite").expect("blank") + 1, Lang::Ja), None);
}

/// Completions at the marker in `text` (alone in a project with `PARTIES`).
fn complete(text: &str) -> Vec<String> {
    let (text, marks) = unmark(text);
    let mut ws = Workspace::new("/p");
    ws.set_text("/p/parties.mig", unmark(PARTIES).0.as_str());
    ws.set_text("/p/model.mig", text.as_str());
    let a = migc::analyze(&ws);
    let Some(file) = a.file_id(std::path::Path::new("/p/model.mig")) else { return Vec::new() };
    let c = ide::completions(&a, file, marks[0], Lang::Ja);
    c.items.into_iter().map(|i| i.label).collect()
}

#[test]
fn completion_knows_where_the_cursor_is_even_in_broken_text() {
    // The top level: declaration kinds.
    let top = complete("import \"parties.mig\"\n\n‸\n");
    assert!(top.contains(&"asset".to_string()) && top.contains(&"import".to_string()), "{top:?}");
    assert!(complete("party x {\n  role provider\n}\nas‸").iter().all(|k| k.starts_with("as")));

    // A name two accepted kinds share is offered qualified (bare, it would be ambiguous).
    let shared =
        complete("data 受付 {\n  class administrative\n}\nasset 受付 {\n  kind server\n}\nbackup b {\n  of [‸]\n}\n");
    assert!(shared.contains(&"data::受付".to_string()) && shared.contains(&"asset::受付".to_string()), "{shared:?}");
    assert!(!shared.contains(&"受付".to_string()), "{shared:?}");
    // Where only one kind is accepted, the bare name.
    let at = complete("site 受付 {\n  kind office\n}\ndata 受付 {\n  class administrative\n}\nasset a {\n  at ‸\n}\n");
    assert!(at.contains(&"受付".to_string()) && !at.iter().any(|l| l.ends_with("::受付")), "{at:?}");

    // In a block: the properties not yet written there, required first.
    let props = complete("site dc {\n  kind datacenter\n  ‸\n}\n");
    assert!(!props.contains(&"kind".to_string()), "{props:?}");
    assert_eq!(props.first().map(String::as_str), Some("country"), "{props:?}");
    // In a nested block: its record's properties.
    let nested = complete("termination t {\n  return 返却 {\n    ‸\n  }\n}\n");
    assert!(nested.contains(&"within".to_string()) && nested.contains(&"data".to_string()), "{nested:?}");

    // After a key, unfinished (no value yet, no closing brace): the values of its type.
    let forms = complete("model m {\n  form ‸");
    assert_eq!(forms[..3], ["application", "platform", "infrastructure"], "{forms:?}");
    assert!(forms.contains(&"アプリケーション提供".to_string()), "{forms:?}");
    // References: only parties, filtered by the typed prefix (an astral first character).
    assert_eq!(complete("model m {\n  provider 𠮷‸\n}\n"), ["𠮷田メディカル"]);
    let parties = complete("model m {\n  provider ‸\n}\n");
    assert!(parties.contains(&"clinic".to_string()) && !parties.iter().any(|p| p.starts_with("std::")), "{parties:?}");
    // Standard-library names by their path.
    assert_eq!(complete("risk r on f {\n  threat std::threat::ran‸\n}\n"), ["std::threat::ransomware"]);
    // Rule ids in a waiver; list elements after the first.
    let rules = complete("waiver w on x {\n  rule MIG-AU‸\n}\n");
    assert!(!rules.is_empty() && rules.iter().all(|r| r.starts_with("MIG-AU")), "{rules:?}");
    let actions = complete("flow f {\n  actions [view, cre‸]\n}\n");
    assert_eq!(actions, ["create"]);
    // Nothing inside a string or a comment.
    assert!(complete("party p {\n  contact \"a‸b\"\n}\n").is_empty());
    assert!(complete("// as‸\n").is_empty());
}

#[test]
fn inlay_hints_show_the_derived_rank_and_the_legal_retention() {
    let f = fixture().expect("fixture");
    let hints = ide::inlay_hints(&f.analysis, f.model, Lang::Ja);
    let risk = hints.iter().find(|h| h.label.contains("ランク")).expect("a risk hint");
    assert_eq!(risk.label, "レベル 20・ランク S");
    // Right after `likelihood 4` (the later of the two values).
    assert!(f.model_text[..risk.offset].ends_with("likelihood 4"), "{}", &f.model_text[..risk.offset]);

    let text = "data 診療録 {\n  class  patient_identifiable\n  record std::record::medical_record\n}\n\
                asset db {\n  kind   server\n  stores [診療録]\n}\n\
                log l {\n  of        [db]\n  retention 1y\n}\n";
    let mut ws = Workspace::new("/q");
    ws.set_text("/q/a.mig", text);
    let a = migc::analyze(&ws);
    let file = a.file_id(std::path::Path::new("/q/a.mig")).expect("file");
    let hints = ide::inlay_hints(&a, file, Lang::En);
    assert_eq!(hints.len(), 1, "{hints:?}");
    assert!(text[..hints[0].offset].ends_with("retention 1y"));
    assert!(hints[0].label.starts_with("legal: at least 5y ("), "{}", hints[0].label);
    // Hover on the log says the same, and why.
    let on_log = text.find("log l").map(|i| i + 4).expect("log");
    let hover = ide::hover(&a, file, on_log, Lang::Ja).map(|h| h.markdown).unwrap_or_default();
    assert!(hover.contains("法定保存期間: **5年** 以上 — 診療録"), "{hover}");
}

#[test]
fn rename_clashes_only_with_a_name_a_reference_could_confuse() {
    let f = fixture().expect("fixture");
    let party = f.model_marks[0];
    // A party may take the name of a site: no reference to either accepts the other.
    let edits = ide::rename(&f.analysis, f.model, party, "dc").expect("a party may share a site's name");
    assert_eq!(edits.len(), 3);
    // The site `dc` may take the name of the flow `参照`: `at` accepts sites only,
    // `risk … on` flows and assets.
    let dc = f.model_text.find("site dc").expect("site dc") + "site ".len();
    assert_eq!(ide::rename(&f.analysis, f.model, dc, "参照").map(|e| e.len()), Ok(2));
    // The asset `db` may not: `waiver w1 on db` accepts flows too, and would become ambiguous.
    let db = f.model_text.find("asset db").expect("asset db") + "asset ".len();
    match ide::rename(&f.analysis, f.model, db, "参照") {
        Err(RenameError::Clash { name, existing }) => {
            assert_eq!(name, "参照");
            assert_eq!(text_at(&f, &existing), "参照");
        }
        other => panic!("expected a clash, got {other:?}"),
    }
}

#[test]
fn a_name_shared_by_a_site_and_a_flow_resolves_per_kind() {
    let text = "party さくら {\n  role institution\n  country JP\n}\n\nsite 受付 {\n  kind room\n}\n\nasset 端末 {\n  kind terminal\n  at   受付\n}\n\nactor 事務 {\n  category clerk\n  party さくら\n}\n\ndata 情報 {\n  class patient_identifiable\n}\n\nflow 受付 {\n  phase operation\n  who 事務\n  from 端末\n  to 端末\n  carries [情報]\n}\n\nrisk r1 on 受付 {\n  threat std::threat::ransomware\n  not_applicable \"x\"\n}\n\nwaiver w1 on flow::受付 {\n  rule MIG-AUTH-001\n  reason \"試験\"\n  approved_by \"院長\"\n  until 2027-03-31\n}\n";
    let mut ws = Workspace::new("/p");
    ws.set_text("/p/m.mig", text);
    let a = migc::analyze(&ws);
    let file = a.file_id(std::path::Path::new("/p/m.mig")).expect("file");
    let language: Vec<&str> =
        a.diagnostics.iter().filter(|d| d.code.starts_with("MIG2")).map(|d| d.code.as_str()).collect();
    assert_eq!(language, Vec::<&str>::new());
    let site = text.find("site 受付").expect("site") + "site ".len();
    let flow = text.find("flow 受付").expect("flow") + "flow ".len();
    let at = text.find("at   受付").expect("at") + "at   ".len();
    let on = text.find("r1 on 受付").expect("on") + "r1 on ".len();
    let qualified = text.find("flow::受付").expect("qualified") + "flow::".len();
    let def = |offset| ide::definition(&a, file, offset).map(|l| l.span.start as usize);
    assert_eq!(def(at), Some(site));
    assert_eq!(def(on), Some(flow));
    assert_eq!(def(qualified), Some(flow));
    // Renaming the flow changes its name, the risk's target and the qualified name only.
    let edits = ide::rename(&a, file, on, "受付登録").expect("rename");
    let starts: Vec<usize> = edits.iter().map(|l| l.span.start as usize).collect();
    assert_eq!(starts, [flow, on, qualified]);
    assert!(edits.iter().all(|l| &text[l.span.range()] == "受付"));
}
