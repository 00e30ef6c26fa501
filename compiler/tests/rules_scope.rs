//! Scope (whose system a site, asset, flow or network is), requests to the
//! institution, responsibility `for` some systems, and the third-party boundary:
//! the derived scope on each path, the provider's rules judging only what the
//! provider holds (MIG-TERM-002, MIG-LOG-004/005, MIG-BKP-004), MIG-SCOPE-001
//! and MIG-RESP-005 with their near misses. Helpers in `support/base.rs`.

use migc::diag::{Lang, Severity};
use migc::rules::{Scope, scope_of};
use migc::workspace::Workspace;
use migc::{Analysis, analyze};

#[path = "support/base.rs"]
mod base;
use base::{BASE, Found, all, check, fires, found, none, of_code, schema_problems};

fn with(extra: &str) -> String {
    format!("{BASE}\n{extra}")
}

/// The scope of the declaration `name` of `kind`.
fn scope(a: &Analysis, name: &str, kind: &str) -> Option<Scope> {
    let d = a.symbols.lookup_kind(name, kind).and_then(|s| a.decl_of(s))?;
    scope_of(a, d)
}

// ==== derived scope ==================================================================================

const PARTIES: &str = r#"
party sub "再委託先" { role subcontractor; country JP }
party lab "検査会社" { role other; country JP }
party other_vendor "別の提供事業者" { role provider; country JP }
party maint "保守事業者" { role maintainer; country JP }

site clinic_site "診療所" { kind facility; country JP; operated_by clinic }
site room "診察室" { kind room; part_of clinic_site }
site lab_site "検査センター" { kind facility; country JP; operated_by lab }
site nowhere "運営者不明の場所" { kind facility; country JP }
"#;

const SCOPED: &str = r#"
asset by_vendor { kind server; at nowhere; managed_by vendor }
asset by_sub { kind server; at nowhere; managed_by sub }
asset by_clinic { kind terminal; at dc; managed_by clinic }
asset by_lab { kind external_system; at dc; managed_by lab }
asset by_other_vendor { kind server; at dc; managed_by other_vendor }
asset in_room { kind terminal; at room }
asset in_dc { kind server; at dc }
asset at_nowhere { kind server; at nowhere }
asset stated { kind terminal; at dc; managed_by clinic; scope provider }
asset maintained_in_room { kind medical_device; at room; managed_by maint }
asset maintained_nowhere { kind medical_device; at nowhere; managed_by maint }
network lab_line "検査回線" { kind closed; between [dc, lab_site]; operated_by lab }
network open_line "回線" { kind closed; between [dc] }
"#;

#[test]
fn scope_is_derived_on_every_path() {
    let a = check(&with(&format!("{PARTIES}{SCOPED}")));
    assert_eq!(schema_problems(&a), Vec::<Found>::new());
    let cases = [
        ("by_vendor", "asset", Some(Scope::Provider)),
        ("by_sub", "asset", Some(Scope::Provider)),
        ("by_clinic", "asset", Some(Scope::Institution)),
        ("by_lab", "asset", Some(Scope::ThirdParty)),
        // A party with role provider that is not the model's provider is a third party.
        ("by_other_vendor", "asset", Some(Scope::ThirdParty)),
        // No managed_by: the site; a room without operator: the site it is part of.
        ("in_room", "asset", Some(Scope::Institution)),
        ("in_dc", "asset", Some(Scope::Provider)),
        ("at_nowhere", "asset", None),
        // A stated scope wins over managed_by.
        ("stated", "asset", Some(Scope::Provider)),
        // A maintainer manages for whoever holds the equipment: the site says whose.
        ("maintained_in_room", "asset", Some(Scope::Institution)),
        ("maintained_nowhere", "asset", Some(Scope::ThirdParty)),
        ("room", "site", Some(Scope::Institution)),
        ("lab_site", "site", Some(Scope::ThirdParty)),
        ("nowhere", "site", None),
        ("lab_line", "network", Some(Scope::ThirdParty)),
        ("open_line", "network", None),
        // A flow is the scope of the asset it reaches (`to`).
        ("consult", "flow", Some(Scope::Provider)),
        ("vendor", "party", Some(Scope::Provider)),
        ("clinic", "party", Some(Scope::Institution)),
    ];
    for (name, kind, want) in cases {
        assert_eq!(scope(&a, name, kind), want, "{kind} {name}");
    }
}

#[test]
fn a_stated_scope_on_a_flow_and_a_site_wins() {
    let text = with(&format!(
        "{PARTIES}\nsite stated_site {{ kind facility; country JP; operated_by clinic; scope third_party }}\n"
    ))
    .replace("  via     line\n", "  via     line\n  scope   institution\n");
    let a = check(&text);
    assert_eq!(schema_problems(&a), Vec::<Found>::new());
    assert_eq!(scope(&a, "consult", "flow"), Some(Scope::Institution));
    assert_eq!(scope(&a, "stated_site", "site"), Some(Scope::ThirdParty));
}

#[test]
fn scope_takes_japanese_labels() {
    let a = check(&with("asset jp_scoped { kind terminal; at dc; scope 医療機関等 }"));
    assert_eq!(schema_problems(&a), Vec::<Found>::new());
    assert_eq!(scope(&a, "jp_scoped", "asset"), Some(Scope::Institution));
}

// ==== the provider's rules judge what the provider holds ============================================

/// A second class of 医療情報 (no backup, no disposal covers it).
const IMAGES: &str = r#"
data images "検査画像" { class patient_identifiable; record std::record::medical_record; retention 5y }
"#;

fn server(name: &str, manager: &str) -> String {
    format!("asset {name} {{ kind server; at dc; managed_by {manager}; stores [images] }}\n")
}

#[test]
fn term_002_skips_an_institution_asset_and_still_fires_for_the_provider() {
    assert_eq!(fires(&with(&format!("{IMAGES}{}", server("clinic_srv", "clinic"))), "MIG-TERM-002"), none());
    assert_eq!(
        fires(&with(&format!("{IMAGES}{}", server("vendor_srv", "vendor"))), "MIG-TERM-002"),
        vec![found("MIG-TERM-002", Severity::Error, "vendor_srv")]
    );
    // Derived from the site: no managed_by, at the provider's data centre.
    assert_eq!(
        fires(&with(&format!("{IMAGES}asset dc_srv {{ kind server; at dc; stores [images] }}\n")), "MIG-TERM-002"),
        vec![found("MIG-TERM-002", Severity::Error, "dc_srv")]
    );
    // A subcontractor's asset is the provider's.
    let sub = format!("{IMAGES}party sub {{ role subcontractor; country JP }}\n{}", server("sub_srv", "sub"));
    assert_eq!(fires(&with(&sub), "MIG-TERM-002"), vec![found("MIG-TERM-002", Severity::Error, "sub_srv")]);
    // The label and the help say it is about what the provider holds (the message,
    // which fingerprints hash, stays as it was).
    let a = check(&with(&format!("{IMAGES}{}", server("vendor_srv", "vendor"))));
    let d = a.diagnostics.iter().find(|d| d.code == "MIG-TERM-002");
    assert!(
        d.and_then(|d| d.primary_label()).is_some_and(|l| l.message.get(Lang::En).contains("held by the provider"))
    );
    assert!(d.and_then(|d| d.help.as_ref()).is_some_and(|h| h.get(Lang::En).contains("only what the provider holds")));
    assert!(
        d.is_some_and(|d| d.message.get(Lang::En) == "`vendor_srv` stores 医療情報 that is never erased or destroyed")
    );
}

#[test]
fn term_002_skips_an_asset_stated_institution() {
    let text = with(&format!(
        "{IMAGES}asset s {{ kind server; at dc; managed_by vendor; stores [images]; scope institution }}"
    ));
    assert_eq!(fires(&text, "MIG-TERM-002"), none());
}

#[test]
fn log_005_and_bkp_004_skip_the_institution_and_fire_for_the_provider() {
    for code in ["MIG-LOG-005", "MIG-BKP-004"] {
        assert_eq!(fires(&with(&format!("{IMAGES}{}", server("clinic_srv", "clinic"))), code), none(), "{code}");
        assert_eq!(
            fires(&with(&format!("{IMAGES}{}", server("vendor_srv", "vendor"))), code),
            vec![found(code, Severity::Error, "vendor_srv")],
            "{code}"
        );
        // A third party's system is not the provider's either.
        let lab = format!("{IMAGES}party lab {{ role other; country JP }}\n{}", server("lab_srv", "lab"));
        assert_eq!(fires(&with(&lab), code), none(), "{code}");
    }
}

#[test]
fn log_004_judges_only_logs_of_the_provider() {
    let log = |of: &str| {
        format!(
            "log short_{of} {{ of [{of}]; fields [login_time, duration, records_touched]; retention 1y; tamper_proof true; access_restricted true; time_source ntp }}\n"
        )
    };
    let clinic = with(&format!("{IMAGES}{}{}", server("clinic_srv", "clinic"), log("clinic_srv")));
    assert_eq!(fires(&clinic, "MIG-LOG-004"), none());
    let vendor = with(&format!("{IMAGES}{}{}", server("vendor_srv", "vendor"), log("vendor_srv")));
    assert_eq!(fires(&vendor, "MIG-LOG-004"), vec![found("MIG-LOG-004", Severity::Error, "1y")]);
}

// ==== MIG-SCOPE-001 ==================================================================================

#[test]
fn scope_001_fires_when_nothing_says_whose_an_asset_is() {
    let site = "site nowhere { kind facility; country JP }\n";
    let text = with(&format!("{site}asset orphan \"所属不明\" {{ kind server; at nowhere; stores [chart] }}"));
    assert_eq!(fires(&text, "MIG-SCOPE-001"), vec![found("MIG-SCOPE-001", Severity::Warning, "orphan")]);
    // Near misses: a stated scope, a manager, or an asset without 医療情報.
    for near in [
        "asset orphan { kind server; at nowhere; stores [chart]; scope institution }",
        "asset orphan { kind server; at nowhere; stores [chart]; managed_by clinic }",
        "asset orphan { kind server; at nowhere }",
    ] {
        assert_eq!(fires(&with(&format!("{site}{near}")), "MIG-SCOPE-001"), none(), "{near}");
    }
}

#[test]
fn scope_001_offers_managed_by_as_a_fix() {
    let a = check(&with(
        "site nowhere { kind facility; country JP }\nasset orphan { kind server; at nowhere; stores [chart] }",
    ));
    let d = a.diagnostics.iter().find(|d| d.code == "MIG-SCOPE-001");
    assert!(d.is_some_and(|d| d.fixes.iter().any(|f| f.edits.iter().any(|e| e.text.contains("managed_by")))));
}

// ==== MIG-RESP-005 and responsibility `for` ==========================================================

const LAB: &str = r#"
party lab "検査会社" { role other; country JP }
site lab_site "検査センター" { kind facility; country JP; operated_by lab }
actor lab_bot "検査システム" { category system; party lab }
asset lab_system "検査会社の検査システム" { kind external_system; at lab_site; managed_by lab; stores [chart] }
flow lab_in "検査結果の受信" {
  phase   operation
  who     lab_bot
  from    lab_system
  to      db_server
  carries [chart]
  via     line
}
"#;

fn per_system(duty: &str, target: &str) -> String {
    format!("responsibility on std::duty::{duty} {{ for [{target}]; normal [lab]; emergency [lab, vendor] }}\n")
}

#[test]
fn resp_005_fires_at_the_lab_system_naming_the_missing_duties() {
    let a = check(&with(LAB));
    assert_eq!(schema_problems(&a), Vec::<Found>::new());
    assert_eq!(of_code(&a, "MIG-RESP-005"), vec![found("MIG-RESP-005", Severity::Warning, "lab_system")]);
    let d = a.diagnostics.iter().find(|d| d.code == "MIG-RESP-005");
    for duty in ["std::duty::access_log_review", "std::duty::backup", "std::duty::data_disposal"] {
        assert!(d.is_some_and(|d| d.message.get(Lang::En).contains(duty)), "message names {duty}");
        assert!(
            d.is_some_and(|d| d.help.as_ref().is_some_and(|h| h.get(Lang::Ja).contains(duty))),
            "help names {duty}"
        );
    }
    // The quick fix writes the three blocks `for` the system.
    let fix = d.and_then(|d| d.fixes.first()).and_then(|f| f.edits.first()).map(|e| e.text.clone()).unwrap_or_default();
    assert_eq!(fix.matches("for       [lab_system]").count(), 3, "{fix}");
}

#[test]
fn resp_005_names_only_what_is_missing_and_is_clean_with_all_three() {
    let two =
        with(&format!("{LAB}{}{}", per_system("backup", "lab_system"), per_system("data_disposal", "lab_system")));
    let a = check(&two);
    assert_eq!(of_code(&a, "MIG-RESP-005"), vec![found("MIG-RESP-005", Severity::Warning, "lab_system")]);
    let msg = a.diagnostics.iter().find(|d| d.code == "MIG-RESP-005").map(|d| d.message.get(Lang::En).to_string());
    assert!(msg.as_deref().is_some_and(|m| m.contains("access_log_review") && !m.contains("std::duty::backup")));
    let three = format!("{two}{}", per_system("access_log_review", "lab_system"));
    assert_eq!(fires(&three, "MIG-RESP-005"), none());
    // A split `for` the site the system is in states the boundary too.
    let site: String =
        ["access_log_review", "backup", "data_disposal"].iter().map(|d| per_system(d, "lab_site")).collect();
    assert_eq!(fires(&with(&format!("{LAB}{site}")), "MIG-RESP-005"), none());
    // The model-wide splits of the baseline stay: no MIG-RESP-001 either.
    assert_eq!(fires(&three, "MIG-RESP-001"), none());
}

#[test]
fn resp_005_needs_a_flow_of_medical_information_to_the_provider() {
    // The same system, reached only by a flow of non-medical data: no boundary asked.
    let text = with(&format!(
        "{}\ndata codes \"マスタ\" {{ class non_medical }}\n",
        LAB.replace("carries [chart]", "carries [codes]")
    ));
    assert_eq!(fires(&text, "MIG-RESP-005"), none());
    // An institution's system is not a third party's.
    let clinic = with(&LAB.replace("managed_by lab; stores", "managed_by clinic; stores"));
    assert_eq!(fires(&clinic, "MIG-RESP-005"), none());
}

#[test]
fn resp_001_asks_for_the_model_wide_split_when_only_a_per_system_one_exists() {
    let text = with(&format!("{LAB}{}", per_system("backup", "lab_system")))
        .replace("responsibility on std::duty::backup { normal [vendor]; emergency [vendor] }\n", "");
    let a = check(&text);
    assert_eq!(of_code(&a, "MIG-RESP-001"), vec![found("MIG-RESP-001", Severity::Error, "svc")]);
    let d = a.diagnostics.iter().find(|d| d.code == "MIG-RESP-001");
    assert!(d.is_some_and(|d| d.notes.iter().any(|n| n.get(Lang::En).contains("only splits with `for`"))));
}

// ==== request and risk `requests` ====================================================================

const REQUEST: &str = r#"
request 端末管理 "医療機関等に求める事項: 端末の管理" {
  to          [clinic]
  about       [exam_pc]
  duty        std::duty::terminal_management
  description "OS のパッチ適用と画面ロックを医療機関等が行う"
}
"#;

#[test]
fn requests_resolve_to_a_request() {
    let text = with(REQUEST).replace(
        "risk r02 on consult { threat std::threat::eavesdropping_spoofing; not_applicable \"閉域網のみ\" }",
        "risk r02 on consult { threat std::threat::eavesdropping_spoofing; not_applicable \"閉域網のみ\"; requests [端末管理] }",
    );
    let a = check(&text);
    assert_eq!(schema_problems(&a), Vec::<Found>::new());
    let risk = a.symbols.lookup_kind("r02", "risk").and_then(|s| a.decl_of(s));
    let asked: Vec<String> = risk
        .map(|r| r.refs("requests"))
        .unwrap_or_default()
        .into_iter()
        .filter_map(|s| a.symbols.get(s))
        .map(|s| format!("{} {}", s.kind.kind, s.path))
        .collect();
    assert_eq!(asked, vec!["request 端末管理".to_string()]);
    // The baseline's rules stay quiet with a request in the model.
    let rules: Vec<Found> = all(&a).into_iter().filter(|(c, _, _)| c.starts_with("MIG-")).collect();
    assert_eq!(rules, none());
}

#[test]
fn requests_must_name_a_request_and_a_request_must_say_whom_it_asks() {
    let wrong = with("").replace(
        "risk r02 on consult { threat std::threat::eavesdropping_spoofing; not_applicable \"閉域網のみ\" }",
        "risk r02 on consult { threat std::threat::eavesdropping_spoofing; not_applicable \"閉域網のみ\"; requests [mfa] }",
    );
    assert!(!schema_problems(&check(&wrong)).is_empty(), "a control is not a request");
    let no_to = with("request r { about [exam_pc] }");
    assert!(!schema_problems(&check(&no_to)).is_empty(), "`to` is required");
}

#[test]
fn for_is_accepted_on_assets_sites_flows_and_networks() {
    let text = with(
        "responsibility on std::duty::network_management { for [line, dc, consult, db_server]; normal [vendor]; emergency [vendor] }",
    );
    assert_eq!(schema_problems(&check(&text)), Vec::<Found>::new());
    let bad =
        with("responsibility on std::duty::network_management { for [vendor]; normal [vendor]; emergency [vendor] }");
    assert!(!schema_problems(&check(&bad)).is_empty(), "a party is not a system");
}

#[test]
fn the_baseline_is_clean_of_the_new_rules() {
    let a = check(BASE);
    for code in ["MIG-SCOPE-001", "MIG-RESP-005"] {
        assert_eq!(of_code(&a, code), none(), "{code}");
    }
}

// ==== the editor reads the new properties from the schema ==========================================

/// Completions (labels) and hover (markdown) at the first `‸` of `text`.
fn at_mark(text: &str) -> Option<(Analysis, migc::diag::FileId, usize)> {
    let offset = text.find('‸')?;
    let text = text.replacen('‸', "", 1);
    let mut ws = Workspace::new("/p");
    ws.set_text("/p/m.mig", text);
    let a = analyze(&ws);
    let file = a.file_id(std::path::Path::new("/p/m.mig"))?;
    Some((a, file, offset))
}

fn completions(text: &str) -> Vec<String> {
    at_mark(text)
        .map(|(a, f, o)| migc::ide::completions(&a, f, o, Lang::En).items.into_iter().map(|i| i.label).collect())
        .unwrap_or_default()
}

fn hover(text: &str) -> String {
    at_mark(text).and_then(|(a, f, o)| migc::ide::hover(&a, f, o, Lang::En)).map(|h| h.markdown).unwrap_or_default()
}

#[test]
fn completion_offers_for_requests_scope_and_their_values() {
    let in_resp = completions("responsibility on std::duty::backup {\n  normal [x]\n  ‸\n}\n");
    assert!(in_resp.contains(&"for".to_string()), "{in_resp:?}");
    let in_risk = completions("risk r on f {\n  threat std::threat::ransomware\n  ‸\n}\n");
    assert!(in_risk.contains(&"requests".to_string()), "{in_risk:?}");
    let in_asset = completions("asset a {\n  kind server\n  ‸\n}\n");
    assert!(in_asset.contains(&"scope".to_string()), "{in_asset:?}");
    let values = completions("asset a {\n  scope ‸");
    assert_eq!(values[..3], ["provider", "institution", "third_party"], "{values:?}");
    let requests = completions(
        "party c { role institution; country JP }\nrequest 端末管理 { to [c] }\nrisk r on f {\n  requests [‸]\n}\n",
    );
    assert_eq!(requests, ["端末管理"], "{requests:?}");
    let top = completions("‸\n");
    assert!(top.contains(&"request".to_string()), "{top:?}");
}

#[test]
fn hover_on_scope_and_for_shows_their_docs() {
    let scope = hover("asset a {\n  kind server\n  sc‸ope provider\n}\n");
    assert!(scope.starts_with("**scope**") && scope.contains("third_party"), "{scope}");
    let for_ = hover("responsibility on std::duty::backup {\n  f‸or [a]\n}\n");
    assert!(for_.starts_with("**for**") && for_.contains("whole model"), "{for_}");
}

// ==== MIG-SCOPE-002 ==================================================================================

#[test]
fn scope_002_asks_for_a_request_or_a_responsibility_on_an_institution_asset() {
    let srv = "asset clinic_srv \"院内サーバ\" { kind server; at dc; managed_by clinic; stores [chart] }\n";
    assert_eq!(fires(&with(srv), "MIG-SCOPE-002"), vec![found("MIG-SCOPE-002", Severity::Warning, "clinic_srv")]);
    // Near misses: a request about it, a request about its site, a responsibility for it,
    // or the same asset held by the provider.
    for extra in [
        "request r { to [clinic]; about [clinic_srv] }",
        "request r { to [clinic]; about [dc] }",
        "responsibility on std::duty::media_management { for [clinic_srv]; normal [clinic]; emergency [clinic] }",
    ] {
        assert_eq!(fires(&with(&format!("{srv}{extra}")), "MIG-SCOPE-002"), none(), "{extra}");
    }
    let vendor = srv.replace("managed_by clinic", "managed_by vendor");
    assert_eq!(fires(&with(&vendor), "MIG-SCOPE-002"), none());
}
