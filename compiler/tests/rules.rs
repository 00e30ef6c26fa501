//! The guideline rules, one by one. A small baseline model passes every rule;
//! for every rule of the registry a small edit of it makes the rule fire (id,
//! severity and the text under the primary label are checked) and a near miss
//! must stay quiet. Also: the 2027 MFA deadline, waivers, severities from
//! `mig.toml`, risk matrices and the missing `as_of`.
//!
//! Some tests were first written as failing tests of what the guideline asks
//! (1825 days is less than five years; an empty `not_applicable` reason; a
//! waiver without reason; unknown rule ids in `mig.toml`); they now pass.

use migc::diag::{Diagnostic, Lang, Severity};
use migc::model::Date;
use migc::workspace::{RuleLevel, Workspace};
use migc::{Analysis, analyze};
use std::collections::BTreeSet;

#[path = "support/base.rs"]
mod base;
use base::{BASE, Found, all, check, fires, found, label_text, none, of_code, schema_problems};

/// A waiver of MIG-NET-001 on `line` until 2027-03-31 (appended to a model).
const WAIVER: &str = r#"
waiver keep_vpn on line {
  rule        MIG-NET-001
  reason      "閉域網の整備が終わるまで IPsec-VPN を使う"
  approved_by "院長"
  until       2027-03-31
}
"#;

/// Turns `line` into an IPsec-VPN with IKE: MIG-NET-001 (warning) and nothing else.
const IPSEC: (&str, &str) = ("kind        ip_vpn", "kind        ipsec_vpn\n  ike         true");

fn workspace(text: &str) -> Workspace {
    let mut ws = Workspace::new("proj");
    ws.set_text("proj/m.mig", text.to_string());
    ws
}

fn diags<'a>(a: &'a Analysis, code: &str) -> Vec<&'a Diagnostic> {
    a.diagnostics.iter().filter(|d| d.code == code).collect()
}

/// Like [`fires`], for a workspace prepared by the caller.
fn fires_in(ws: &Workspace, code: &str) -> Vec<Found> {
    let a = analyze(ws);
    assert_eq!(schema_problems(&a), Vec::<Found>::new(), "the edited model must be well-formed");
    of_code(&a, code)
}

/// The baseline with each `(from, to)` applied; every `from` must occur exactly once.
fn edit(pairs: &[(&str, &str)]) -> String {
    edit_of(BASE, pairs)
}

fn edit_of(text: &str, pairs: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (from, to) in pairs {
        assert_eq!(out.matches(from).count(), 1, "`{from}` must occur exactly once");
        out = out.replacen(from, to, 1);
    }
    out
}

/// The baseline with declarations appended.
fn with(extra: &str) -> String {
    with_of(BASE, extra)
}

fn with_of(text: &str, extra: &str) -> String {
    format!("{text}\n{extra}")
}

fn date(y: u16, m: u8, d: u8) -> Option<Date> {
    Date::new(y, m, d)
}

fn message_en(d: &Diagnostic) -> &str {
    d.message.get(Lang::En)
}

// ==== the baseline and the registry =================================================================

/// Every rule the tests below exercise.
const COVERED: &[&str] = &[
    "MIG-AUTH-001",
    "MIG-AUTH-002",
    "MIG-AUTH-003",
    "MIG-PAT-001",
    "MIG-PW-001",
    "MIG-PW-002",
    "MIG-PW-003",
    "MIG-SESS-001",
    "MIG-ACCT-001",
    "MIG-ACCT-002",
    "MIG-LOG-001",
    "MIG-LOG-002",
    "MIG-LOG-003",
    "MIG-LOG-004",
    "MIG-LOG-005",
    "MIG-TERM-001",
    "MIG-TERM-002",
    "MIG-TERM-003",
    "MIG-TERM-004",
    "MIG-CERT-001",
    "MIG-CERT-002",
    "MIG-RESP-001",
    "MIG-RESP-002",
    "MIG-RESP-003",
    "MIG-RESP-004",
    "MIG-RESP-005",
    "MIG-SCOPE-001",
    "MIG-SCOPE-002",
    "MIG-OPS-001",
    "MIG-OPS-002",
    "MIG-OPS-003",
    "MIG-LOC-001",
    "MIG-LOC-002",
    "MIG-LOC-003",
    "MIG-LOC-004",
    "MIG-NET-001",
    "MIG-NET-002",
    "MIG-NET-003",
    "MIG-NET-004",
    "MIG-NET-005",
    "MIG-TLS-001",
    "MIG-TLS-002",
    "MIG-TLS-003",
    "MIG-TLS-004",
    "MIG-NET-008",
    "MIG-NET-009",
    "MIG-RISK-001",
    "MIG-RISK-002",
    "MIG-RISK-003",
    "MIG-RISK-004",
    "MIG-RISK-005",
    "MIG-RISK-006",
    "MIG-RISK-007",
    "MIG-BKP-001",
    "MIG-BKP-002",
    "MIG-BKP-003",
    "MIG-BKP-004",
    "MIG-RET-001",
    "MIG-MEDIA-001",
    "MIG-MEDIA-002",
    "MIG-DEV-001",
    "MIG-EDOC-001",
    "MIG-DEV-002",
    "MIG-DEV-003",
    "MIG-NET-006",
    "MIG-NET-007",
    "MIG-BCP-001",
    "MIG-BCP-002",
    "MIG-MAINT-001",
];

#[test]
fn the_baseline_passes_every_rule() {
    let a = check(BASE);
    let problems: Vec<Found> = all(&a).into_iter().filter(|(_, s, _)| *s != Severity::Note).collect();
    assert_eq!(problems, none());
    // Only disclosure notes of retained risks may remain; the baseline retains none.
    assert_eq!(all(&a), none());
    assert_eq!(a.rule_stats.rules_run, migc::rules::registry().count());
    assert_eq!(a.rule_stats.waived, 0);
}

#[test]
fn every_rule_of_the_registry_is_covered_here() {
    let registry: BTreeSet<&str> = migc::rules::registry().map(|r| r.id).collect();
    let covered: BTreeSet<&str> = COVERED.iter().copied().collect();
    assert_eq!(registry, covered, "add tests for new rules and list them in COVERED");
}

#[test]
fn default_severities_match_the_rule_list() {
    let severity = |id: &str| migc::rules::find(id).map(|r| r.severity);
    for id in ["MIG-AUTH-001", "MIG-LOC-002", "MIG-NET-001", "MIG-NET-005", "MIG-TLS-002", "MIG-RISK-003"] {
        assert_eq!(severity(id), Some(Severity::Warning), "{id}");
    }
    for id in ["MIG-CERT-002", "MIG-MEDIA-001", "MIG-EDOC-001", "MIG-BKP-003", "MIG-LOC-003", "MIG-LOC-004"] {
        assert_eq!(severity(id), Some(Severity::Warning), "{id}");
    }
    assert_eq!(severity("MIG-RISK-005"), Some(Severity::Note));
    // MIG-RISK-006 rests on the default matrix [PROPOSAL], so it is a warning.
    assert_eq!(severity("MIG-RISK-006"), Some(Severity::Warning));
    for id in ["MIG-AUTH-002", "MIG-LOG-004", "MIG-TERM-001", "MIG-RESP-001", "MIG-LOC-001", "MIG-TLS-001"] {
        assert_eq!(severity(id), Some(Severity::Error), "{id}");
    }
    assert_eq!(severity("mig-net-001").map(|_| ()), Some(()), "lookup ignores case");
}

// ==== MIG-AUTH-001: two different factor types ======================================================

const AUTH_LINE: &str = "auth    [std::auth::password, std::auth::smartcard]";

#[test]
fn auth_001_password_and_pin_are_one_factor_type() {
    let t = edit(&[(AUTH_LINE, "auth    [std::auth::password, std::auth::pin]")]);
    assert_eq!(
        fires(&t, "MIG-AUTH-001"),
        [found("MIG-AUTH-001", Severity::Warning, "[std::auth::password, std::auth::pin]")]
    );
    let a = check(&t);
    let d = diags(&a, "MIG-AUTH-001");
    assert!(message_en(d[0]).contains("knowledge factors only"), "{}", message_en(d[0]));
    let label = d[0].primary_label().map(|l| l.message.get(Lang::En).to_string()).unwrap_or_default();
    assert!(label.contains("one type"), "{label}");
    assert!(label.contains("std::auth::password + std::auth::pin"), "{label}");
}

#[test]
fn auth_001_missing_auth_points_at_the_flow() {
    let t = edit(&[(AUTH_LINE, "")]);
    assert_eq!(fires(&t, "MIG-AUTH-001"), [found("MIG-AUTH-001", Severity::Warning, "consult")]);
}

#[test]
fn auth_001_password_and_smartcard_is_mfa() {
    assert_eq!(fires(BASE, "MIG-AUTH-001"), none());
    let t = edit(&[(AUTH_LINE, "auth    [std::auth::pin, std::auth::fingerprint]")]);
    assert_eq!(fires(&t, "MIG-AUTH-001"), none());
}

#[test]
fn auth_001_does_not_apply_to_automated_processing() {
    let t = edit(&[(AUTH_LINE, ""), ("category doctor", "category system")]);
    assert_eq!(fires(&t, "MIG-AUTH-001"), none());
}

#[test]
fn auth_001_does_not_apply_to_flows_without_medical_data() {
    let t = edit(&[(AUTH_LINE, ""), ("class     patient_identifiable", "class     non_medical")]);
    assert_eq!(fires(&t, "MIG-AUTH-001"), none());
}

// ---- the 令和9年度 deadline --------------------------------------------------------------------------

fn one_factor_as_of(model_as_of: &str) -> String {
    edit(&[
        (AUTH_LINE, "auth    [std::auth::password, std::auth::pin]"),
        ("as_of     2026-11-01", &format!("as_of     {model_as_of}")),
    ])
}

const PIN_LIST: &str = "[std::auth::password, std::auth::pin]";

/// `db_server` (the system `consult` logs in to) with dates.
fn one_factor_with_dates(as_of: &str, dates: &str) -> String {
    edit_of(&one_factor_as_of(as_of), &[("  encrypted  true\n", &format!("  encrypted  true\n{dates}"))])
}

fn notes_en(a: &Analysis, code: &str) -> String {
    diags(a, code)
        .iter()
        .flat_map(|d| d.notes.iter().map(|n| n.get(Lang::En).to_string()))
        .collect::<Vec<_>>()
        .join(" | ")
}

fn cited(a: &Analysis, code: &str) -> Vec<String> {
    diags(a, code)[0].citations.iter().map(|c| format!("{} {} [{}]", c.edition, c.section, c.verified)).collect()
}

/// Corrected (guidelines.md §15 5): the duty covers systems newly introduced or
/// renewed; without dates migc cannot tell, so the finding stays a warning even
/// in 令和9年度 (it was an error for every flow from 2027-04-01).
#[test]
fn mfa_without_dates_is_a_warning_even_in_reiwa_9() {
    for as_of in ["2027-03-31", "2027-04-01", "2030-01-01"] {
        let t = one_factor_as_of(as_of);
        assert_eq!(fires(&t, "MIG-AUTH-001"), [found("MIG-AUTH-001", Severity::Warning, PIN_LIST)], "{as_of}");
        assert!(notes_en(&check(&t), "MIG-AUTH-001").contains("neither `introduced` nor `next_renewal`"));
    }
}

/// Between MHLW 5.2 (令和4年3月) and 6.0 (2023-05-31) an introduction is "from now on"
/// only by migc's reading of 5.2: a warning that says so, not an error.
#[test]
fn mfa_an_introduction_before_6_0_was_published_is_a_proposal_warning() {
    let t = one_factor_with_dates("2026-11-01", "  introduced 2022-10-01\n");
    assert_eq!(fires(&t, "MIG-AUTH-001"), [found("MIG-AUTH-001", Severity::Warning, PIN_LIST)]);
    assert!(notes_en(&check(&t), "MIG-AUTH-001").contains("[PROPOSAL]"));
}

#[test]
fn mfa_a_system_introduced_since_reiwa_4_is_under_the_duty() {
    let t = one_factor_with_dates("2026-11-01", "  introduced 2024-04-01\n");
    assert_eq!(fires(&t, "MIG-AUTH-001"), [found("MIG-AUTH-001", Severity::Error, PIN_LIST)]);
    let a = check(&t);
    assert!(
        notes_en(&a, "MIG-AUTH-001").contains("introduced or renewed on 2024-04-01"),
        "{}",
        notes_en(&a, "MIG-AUTH-001")
    );
    assert_eq!(
        cited(&a, "MIG-AUTH-001"),
        ["1.1 §5.1.5(1)(イ)① [V]", "6.0 企画管理編 13.1.2 [V-draft]", "5.2 §6.5(1) (令和9年度) [V]"]
    );
}

#[test]
fn mfa_an_existing_system_falls_under_the_duty_at_its_renewal() {
    let dates = "  introduced 2019-04-01\n  next_renewal 2027-10-01\n";
    let t = one_factor_with_dates("2027-04-01", dates);
    assert_eq!(fires(&t, "MIG-AUTH-001"), [found("MIG-AUTH-001", Severity::Warning, PIN_LIST)]);
    assert!(notes_en(&check(&t), "MIG-AUTH-001").contains("from its next renewal (2027-10-01)"));
    // The renewal date has come: the duty applies.
    let t = one_factor_with_dates("2027-10-01", dates);
    assert_eq!(fires(&t, "MIG-AUTH-001"), [found("MIG-AUTH-001", Severity::Error, PIN_LIST)]);
    assert!(notes_en(&check(&t), "MIG-AUTH-001").contains("due for renewal on 2027-10-01"));
    // --as-of decides over the model's as_of.
    let mut ws = workspace(&one_factor_with_dates("2026-11-01", dates));
    ws.as_of = date(2027, 10, 1);
    assert_eq!(fires_in(&ws, "MIG-AUTH-001"), [found("MIG-AUTH-001", Severity::Error, PIN_LIST)]);
    let mut ws = workspace(&one_factor_with_dates("2027-10-01", dates));
    ws.as_of = date(2027, 9, 30);
    assert_eq!(fires_in(&ws, "MIG-AUTH-001"), [found("MIG-AUTH-001", Severity::Warning, PIN_LIST)]);
}

#[test]
fn mfa_an_existing_system_without_a_planned_renewal_is_a_warning() {
    let t = one_factor_with_dates("2027-04-01", "  introduced 2019-04-01\n");
    assert_eq!(fires(&t, "MIG-AUTH-001"), [found("MIG-AUTH-001", Severity::Warning, PIN_LIST)]);
    assert!(notes_en(&check(&t), "MIG-AUTH-001").contains("existing system introduced on 2019-04-01"));
}

#[test]
fn mfa_without_any_as_of_is_a_warning() {
    let t = edit(&[(AUTH_LINE, "auth    [std::auth::password, std::auth::pin]"), ("  as_of     2026-11-01\n", "")]);
    assert_eq!(fires(&t, "MIG-AUTH-001"), [found("MIG-AUTH-001", Severity::Warning, PIN_LIST)]);
}

// ---- MHLW 6.0 and 7.0: the same model, judged under each edition --------------------------------

fn to_7_0(t: &str) -> String {
    edit_of(t, &[("std::edition::mhlw_6_0", "std::edition::mhlw_7_0")])
}

#[test]
fn mfa_under_7_0_is_a_warning_with_the_relief_and_7_0_citations() {
    let t = to_7_0(&one_factor_with_dates("2026-11-01", "  introduced 2024-04-01\n"));
    assert_eq!(fires(&t, "MIG-AUTH-001"), [found("MIG-AUTH-001", Severity::Warning, PIN_LIST)]);
    let a = check(&t);
    assert!(notes_en(&a, "MIG-AUTH-001").contains("the next renewal is allowed"));
    assert_eq!(
        cited(&a, "MIG-AUTH-001"),
        ["1.1 §5.1.5(1)(イ)① [V]", "7.0 システム運用編 14⑤ [V2]", "7.0 保守委託機関編 9章④⑤ [V2]"]
    );
    // mig.toml editions decide when the model names no MHLW edition.
    let mut ws = workspace(&edit_of(
        &one_factor_with_dates("2026-11-01", "  introduced 2024-04-01\n"),
        &[("[std::edition::meti_mic_1_1, std::edition::mhlw_6_0]", "[std::edition::meti_mic_1_1]")],
    ));
    ws.config.project.editions = vec!["meti_mic_1_1".into(), "mhlw_7_0".into()];
    assert_eq!(fires_in(&ws, "MIG-AUTH-001"), [found("MIG-AUTH-001", Severity::Warning, PIN_LIST)]);
}

#[test]
fn mfa_7_0_scope_is_client_terminals_and_on_premises_servers() {
    // Logged in from a device that is not a client terminal, to a server in a data centre.
    let t = edit_of(
        &one_factor_with_dates("2026-11-01", "  introduced 2024-04-01\n"),
        &[("  kind        terminal", "  kind        medical_device")],
    );
    assert_eq!(fires(&t, "MIG-AUTH-001"), [found("MIG-AUTH-001", Severity::Error, PIN_LIST)], "6.0 covers every login");
    let t7 = to_7_0(&t);
    assert_eq!(fires(&t7, "MIG-AUTH-001"), [found("MIG-AUTH-001", Severity::Warning, PIN_LIST)]);
    assert!(notes_en(&check(&t7), "MIG-AUTH-001").contains("not in the scope of the 7.0 two-factor duty"));
}

/// The same model under 6.0 and 7.0 differs exactly where the editions differ:
/// the findings of MIG-AUTH-001 (severity, notes, citations) and the note on the
/// edition targeted; everything else is identical.
#[test]
fn a_model_under_6_0_and_7_0_differs_exactly_where_the_editions_differ() {
    let t6 = one_factor_with_dates("2026-11-01", "  introduced 2024-04-01\n");
    let t7 = to_7_0(&t6);
    let (a6, a7) = (check(&t6), check(&t7));
    let rest = |a: &Analysis| {
        a.diagnostics
            .iter()
            .filter(|d| d.code != "MIG-AUTH-001" && d.code != "MIG2017")
            .map(|d| (d.code.clone(), d.severity, label_text(a, d), d.citations.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(rest(&a6), rest(&a7));
    assert_eq!(of_code(&a6, "MIG-AUTH-001"), [found("MIG-AUTH-001", Severity::Error, PIN_LIST)]);
    assert_eq!(of_code(&a7, "MIG-AUTH-001"), [found("MIG-AUTH-001", Severity::Warning, PIN_LIST)]);
    assert_eq!(of_code(&a6, "MIG2017"), none());
    assert_eq!(of_code(&a7, "MIG2017"), [found("MIG2017", Severity::Note, "std::edition::mhlw_7_0")]);
    // The baseline is clean under both.
    assert_eq!(all(&check(&to_7_0(BASE))).into_iter().filter(|(_, s, _)| *s != Severity::Note).count(), 0);
}

/// A model that touches every rule whose basis differs between the editions:
/// under 6.0 and 7.0 its findings differ exactly in those rules, as each
/// edition asks; every other diagnostic is identical.
#[test]
fn every_edition_difference_shows_and_nothing_else_changes() {
    let t6 = edit_of(
        &one_factor_with_dates("2026-11-01", "  introduced 2024-04-01\n"),
        &[
            ("  min_length             13\n", "  min_length             8\n  periodic_change        60d\n"),
            ("  lockout                true\n", ""),
            ("  screen_lock            10min\n", ""),
            ("  security_updates_by vendor\n", ""),
        ],
    );
    let t7 = to_7_0(&t6);
    let (a6, a7) = (check(&t6), check(&t7));
    let by_edition: Vec<&str> = migc::rules::registry().filter(|r| !r.editions.is_empty()).map(|r| r.id).collect();
    assert_eq!(by_edition, ["MIG-AUTH-001", "MIG-PW-001", "MIG-PW-003", "MIG-SESS-001", "MIG-MAINT-001"]);
    let rest = |a: &Analysis| {
        a.diagnostics
            .iter()
            .filter(|d| !by_edition.contains(&d.code.as_str()) && d.code != "MIG2017")
            .map(|d| (d.code.clone(), d.severity, label_text(a, d), d.citations.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(rest(&a6), rest(&a7));
    let differing = |a: &Analysis| -> Vec<(String, Severity, Vec<String>)> {
        a.diagnostics
            .iter()
            .filter(|d| by_edition.contains(&d.code.as_str()))
            .map(|d| {
                (
                    d.code.clone(),
                    d.severity,
                    d.citations.iter().map(|c| format!("{} {}", c.edition, c.section)).collect(),
                )
            })
            .collect()
    };
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        differing(&a6),
        [
            (
                "MIG-AUTH-001".to_string(),
                Severity::Error,
                s(&["1.1 §5.1.5(1)(イ)①", "6.0 企画管理編 13.1.2", "5.2 §6.5(1) (令和9年度)"])
            ),
            (
                "MIG-SESS-001".to_string(),
                Severity::Warning,
                s(&["6.0 Q&A (シ14: 長時間の放置、離席時のクリアスクリーン)"])
            ),
        ]
    );
    let mut got7 = differing(&a7);
    got7.sort();
    assert_eq!(
        got7,
        [
            (
                "MIG-AUTH-001".to_string(),
                Severity::Warning,
                s(&["1.1 §5.1.5(1)(イ)①", "7.0 システム運用編 14⑤", "7.0 保守委託機関編 9章④⑤"])
            ),
            ("MIG-MAINT-001".to_string(), Severity::Warning, s(&["7.0 保守委託機関編"])),
            ("MIG-PW-001".to_string(), Severity::Warning, s(&["令和7年度 2⑦", "7.0 システム運用編 14⑥ (14.1.1)"])),
            ("MIG-PW-003".to_string(), Severity::Warning, s(&["7.0 システム運用編 14⑥ (14.1.1)"])),
            ("MIG-SESS-001".to_string(), Severity::Warning, s(&["7.0 システム運用編 12⑥ (12.3.2)"])),
        ]
    );
}

// ==== MIG-PW-001..003, MIG-SESS-001, MIG-ACCT-001/002: passwords, sessions, accounts ==================

const PW_LEN: &str = "  min_length             13\n";

#[test]
fn pw_001_no_account_policy_is_one_finding() {
    let t =
        edit(&[("account_policy pw", "// account_policy pw"), (PW_LEN, ""), ("  reuse_banned           true\n", "")]);
    let t = t.replace(
        "\n  lockout                true\n  screen_lock            10min\n  remove_unused_accounts true\n}\n",
        "\n",
    );
    let t = t.replace("// account_policy pw \"認証規程\" {", "");
    assert_eq!(fires(&t, "MIG-PW-001"), [found("MIG-PW-001", Severity::Error, "svc")]);
    for other in ["MIG-PW-002", "MIG-PW-003", "MIG-SESS-001", "MIG-ACCT-002"] {
        assert_eq!(fires(&t, other), none(), "{other} waits for the policy");
    }
}

#[test]
fn pw_001_thirteen_without_a_second_factor() {
    // password + PIN: no second factor type.
    let one = edit(&[(AUTH_LINE, "auth    [std::auth::password, std::auth::pin]")]);
    assert_eq!(fires(&one, "MIG-PW-001"), none(), "13 is enough");
    let t = edit_of(&one, &[(PW_LEN, "  min_length             12\n")]);
    assert_eq!(fires(&t, "MIG-PW-001"), [found("MIG-PW-001", Severity::Error, "12")]);
    let label = check(&t)
        .diagnostics
        .iter()
        .find(|d| d.code == "MIG-PW-001")
        .and_then(|d| d.primary_label())
        .map(|l| l.message.get(Lang::En).to_string())
        .unwrap_or_default();
    assert!(label.contains("13 or more without a second factor"), "{label}");
}

#[test]
fn pw_001_eight_with_a_second_factor() {
    let t = edit(&[(PW_LEN, "  min_length             8\n")]);
    assert_eq!(fires(&t, "MIG-PW-001"), none(), "password + IC card: 8 is enough");
    let t = edit(&[(PW_LEN, "  min_length             7\n")]);
    assert_eq!(fires(&t, "MIG-PW-001"), [found("MIG-PW-001", Severity::Error, "7")]);
}

/// 6.0 (シQ-54) accepts 8 characters changed at least every two months; 7.0 deleted
/// the periodic change, so the same policy is a finding there (a warning: [V2]).
#[test]
fn pw_001_periodic_change_counts_under_6_0_only() {
    let t = edit(&[
        (AUTH_LINE, "auth    [std::auth::password, std::auth::pin]"),
        (PW_LEN, "  min_length             8\n  periodic_change        60d\n"),
    ]);
    assert_eq!(fires(&t, "MIG-PW-001"), none());
    assert_eq!(fires(&to_7_0(&t), "MIG-PW-001"), [found("MIG-PW-001", Severity::Warning, "8")]);
    // Every three months is not often enough under 6.0 either.
    let t = edit_of(&t, &[("periodic_change        60d", "periodic_change        3m")]);
    assert_eq!(fires(&t, "MIG-PW-001"), [found("MIG-PW-001", Severity::Error, "8")]);
}

#[test]
fn pw_002_reuse_not_banned() {
    let t = edit(&[("  reuse_banned           true\n", "")]);
    assert_eq!(fires(&t, "MIG-PW-002"), [found("MIG-PW-002", Severity::Error, "pw")]);
    let t = edit(&[("reuse_banned           true", "reuse_banned           false")]);
    assert_eq!(fires(&t, "MIG-PW-002"), [found("MIG-PW-002", Severity::Error, "false")]);
    assert_eq!(fires(BASE, "MIG-PW-002"), none());
}

#[test]
fn pw_003_lockout_is_asked_by_7_0_only() {
    let t = edit(&[("  lockout                true\n", "")]);
    assert_eq!(fires(&t, "MIG-PW-003"), none(), "6.0 does not ask for it");
    assert_eq!(fires(&to_7_0(&t), "MIG-PW-003"), [found("MIG-PW-003", Severity::Warning, "pw")]);
    let a = check(&to_7_0(&t));
    assert_eq!(cited(&a, "MIG-PW-003"), ["7.0 システム運用編 14⑥ (14.1.1) [V2]"]);
    assert_eq!(fires(&to_7_0(BASE), "MIG-PW-003"), none());
}

#[test]
fn sess_001_no_screen_lock() {
    let t = edit(&[("  screen_lock            10min\n", "")]);
    assert_eq!(fires(&t, "MIG-SESS-001"), [found("MIG-SESS-001", Severity::Warning, "pw")]);
    assert_eq!(cited(&check(&t), "MIG-SESS-001"), ["6.0 Q&A (シ14: 長時間の放置、離席時のクリアスクリーン) [V-draft]"]);
    assert_eq!(cited(&check(&to_7_0(&t)), "MIG-SESS-001"), ["7.0 システム運用編 12⑥ (12.3.2) [V2]"]);
    assert_eq!(fires(BASE, "MIG-SESS-001"), none());
}

#[test]
fn acct_001_a_shared_account() {
    let t = edit(&[("  category doctor\n", "  category doctor\n  shared_account true\n")]);
    assert_eq!(fires(&t, "MIG-ACCT-001"), [found("MIG-ACCT-001", Severity::Error, "true")]);
    let t = edit(&[("  category doctor\n", "  category doctor\n  shared_account false\n")]);
    assert_eq!(fires(&t, "MIG-ACCT-001"), none());
    // A shared account of a role that never touches 医療情報 is not this rule's concern.
    let t = with("actor nurse \"看護師\" { category nurse; party clinic; shared_account true }");
    assert_eq!(fires(&t, "MIG-ACCT-001"), none());
}

#[test]
fn acct_002_unneeded_accounts_kept() {
    let t = edit(&[("remove_unused_accounts true", "remove_unused_accounts false")]);
    assert_eq!(fires(&t, "MIG-ACCT-002"), [found("MIG-ACCT-002", Severity::Warning, "false")]);
    assert_eq!(fires(BASE, "MIG-ACCT-002"), none());
}

// ==== MIG-OPS-001..003: 運用管理規程 =================================================================

const ALL_ITEMS: &str = "[basic_policy, organization, documents, equipment, risk_controls, incidents, media, crisis, patients, audit, contact]";

#[test]
fn ops_001_a_missing_verified_item_is_an_error_naming_it() {
    let t = edit(&[(
        ALL_ITEMS,
        "[basic_policy, organization, documents, risk_controls, incidents, media, crisis, patients, audit, contact]",
    )]);
    assert_eq!(
        fires(&t, "MIG-OPS-001"),
        [found(
            "MIG-OPS-001",
            Severity::Error,
            "[basic_policy, organization, documents, risk_controls, incidents, media, crisis, patients, audit, contact]"
        )]
    );
    assert_eq!(fires(&t, "MIG-OPS-002"), none());
    let a = check(&t);
    let d = diags(&a, "MIG-OPS-001")[0];
    assert!(message_en(d).contains("(エ) 機器等の管理 (`equipment`)"), "{}", message_en(d));
    assert!(help_en(d).contains("[equipment]"), "{}", help_en(d));
}

#[test]
fn ops_002_missing_v2_items_are_one_warning_listing_them() {
    let t = edit(&[(ALL_ITEMS, "[ア, イ, ウ, エ, オ, カ, キ, ク]")]);
    assert_eq!(fires(&t, "MIG-OPS-001"), none(), "Japanese item names count");
    assert_eq!(fires(&t, "MIG-OPS-002"), [found("MIG-OPS-002", Severity::Warning, "[ア, イ, ウ, エ, オ, カ, キ, ク]")]);
    let a = check(&t);
    let d = diags(&a, "MIG-OPS-002")[0];
    assert!(message_en(d).starts_with("3 items of (オ)〜(サ)"), "{}", message_en(d));
    for item in ["(ケ) 患者等への説明", "(コ) 監査方針", "(サ) 問い合わせ窓口"] {
        assert!(message_en(d).contains(item), "{}", message_en(d));
    }
}

#[test]
fn ops_001_002_policies_cover_the_items_together() {
    let t = edit(&[(ALL_ITEMS, "[ア, イ, ウ, エ]")]);
    let t = format!("{t}\npolicy bcp2 \"BCP\" {{ kind bcp; covers [オ, カ, キ, ク, ケ, コ, サ] }}\n");
    assert_eq!(fires(&t, "MIG-OPS-001"), none());
    assert_eq!(fires(&t, "MIG-OPS-002"), none());
}

#[test]
fn ops_003_managers_named() {
    assert_eq!(fires(BASE, "MIG-OPS-003"), none());
    let t = edit(&[("  system_manager      \"運用部長\"\n", "")]);
    assert_eq!(fires(&t, "MIG-OPS-003"), [found("MIG-OPS-003", Severity::Warning, "ops")]);
    assert!(message_en(diags(&check(&t), "MIG-OPS-003")[0]).contains("does not name the system manager"));
    let t = edit(&[("  kind                operations_rules\n", "  kind                security_policy\n")]);
    assert_eq!(fires(&t, "MIG-OPS-003"), [found("MIG-OPS-003", Severity::Warning, "svc")]);
}

// ==== the checklist and 7.0 保守委託機関編: DEV-002/003, NET-006/007, BCP-001/002, MAINT-001 ===========

#[test]
fn dev_002_patches() {
    assert_eq!(fires(BASE, "MIG-DEV-002"), none());
    let t = edit(&[("  patching    managed\n", "")]);
    assert_eq!(fires(&t, "MIG-DEV-002"), [found("MIG-DEV-002", Severity::Error, "exam_pc")]);
    let t = edit(&[("  patching    managed\n", "  patching    none\n")]);
    assert_eq!(fires(&t, "MIG-DEV-002"), [found("MIG-DEV-002", Severity::Error, "none")]);
    // Storage is not a server, terminal or network device.
    let t = edit(&[("kind       server", "kind       storage"), ("  patching   managed\n", "")]);
    assert_eq!(fires(&t, "MIG-DEV-002"), none());
}

#[test]
fn dev_003_unneeded_services() {
    assert_eq!(fires(BASE, "MIG-DEV-003"), none());
    let t = edit(&[("  patching    managed\n  services_minimized true\n", "  patching    managed\n")]);
    assert_eq!(fires(&t, "MIG-DEV-003"), [found("MIG-DEV-003", Severity::Error, "exam_pc")]);
}

const ROUTER: &str = "asset router \"ルータ\" {\n  kind network_device\n  at dc\n  managed_by vendor\n  registered true\n  patching vendor\n";

#[test]
fn net_006_connection_source_restriction() {
    let t = with(&format!("{ROUTER}}}\n"));
    assert_eq!(fires(&t, "MIG-NET-006"), [found("MIG-NET-006", Severity::Error, "router")]);
    let t = with(&format!("{ROUTER}  source_restriction true\n}}\n"));
    assert_eq!(fires(&t, "MIG-NET-006"), none());
}

const REMOTE_MAINT: &str = r#"
actor engineer "保守担当者" { category maintainer; party vendor }
flow maint "リモート保守" {
  phase   operation
  who     engineer
  from    exam_pc
  to      db_server
  carries [chart]
  actions [view]
  via     line
  remote  true
  vdi     true
  auth    [std::auth::password, std::auth::smartcard]
}
risk m01 on maint { threat std::threat::unauthorized_access; not_applicable "試験" }
risk m02 on maint { threat std::threat::eavesdropping_spoofing; not_applicable "試験" }
risk m03 on maint { threat std::threat::advanced_cyber_attack; not_applicable "試験" }
risk m04 on maint { threat std::threat::ransomware; not_applicable "試験" }
risk m05 on maint { threat std::threat::information_leakage; not_applicable "試験" }
risk m06 on maint { threat std::threat::tampering_destruction; not_applicable "試験" }
risk m07 on maint { threat std::threat::system_outage; not_applicable "試験" }
risk m08 on maint { threat std::threat::technical_vulnerability; not_applicable "試験" }
risk m09 on maint { threat std::threat::device_loss_theft; not_applicable "試験" }
risk m10 on maint { threat std::threat::physical_intrusion; not_applicable "試験" }
risk m11 on maint { threat std::threat::disaster; not_applicable "試験" }
"#;

#[test]
fn net_007_remote_maintenance_devices_listed() {
    let t = with(REMOTE_MAINT);
    assert_eq!(fires(&t, "MIG-NET-007"), [found("MIG-NET-007", Severity::Error, "db_server")]);
    let t = edit_of(
        &t,
        &[(
            "  services_minimized true\n}\n\nasset exam_pc",
            "  services_minimized true\n  remote_maintenance true\n}\n\nasset exam_pc",
        )],
    );
    assert_eq!(fires(&t, "MIG-NET-007"), none());
}

#[test]
fn bcp_001_contact_chart_names_the_institution() {
    assert_eq!(fires(BASE, "MIG-BCP-001"), none());
    let t = edit(&[(
        "  kind     incident_procedure\n  contacts [vendor, clinic]",
        "  kind     incident_procedure\n  contacts [vendor]",
    )]);
    assert_eq!(fires(&t, "MIG-BCP-001"), [found("MIG-BCP-001", Severity::Error, "[vendor]")]);
    let t = edit(&[("  kind     incident_procedure\n", "  kind     manual\n")]);
    assert_eq!(fires(&t, "MIG-BCP-001"), [found("MIG-BCP-001", Severity::Error, "svc")]);
}

#[test]
fn bcp_002_bcp_names_the_institution() {
    assert_eq!(fires(BASE, "MIG-BCP-002"), none());
    let t = edit(&[("  kind     bcp\n  contacts [vendor, clinic]", "  kind     bcp")]);
    assert_eq!(fires(&t, "MIG-BCP-002"), [found("MIG-BCP-002", Severity::Warning, "bcp")]);
    let t = edit(&[("  kind     bcp\n", "  kind     manual\n")]);
    assert_eq!(fires(&t, "MIG-BCP-002"), [found("MIG-BCP-002", Severity::Warning, "svc")]);
}

#[test]
fn maint_001_security_update_clause_under_7_0_only() {
    let t = edit(&[("  security_updates_by vendor\n", "")]);
    assert_eq!(fires(&t, "MIG-MAINT-001"), none(), "6.0 does not ask for it");
    assert_eq!(fires(&to_7_0(&t), "MIG-MAINT-001"), [found("MIG-MAINT-001", Severity::Warning, "contract")]);
    assert_eq!(cited(&check(&to_7_0(&t)), "MIG-MAINT-001"), ["7.0 保守委託機関編 [V2]"]);
    assert_eq!(fires(&to_7_0(BASE), "MIG-MAINT-001"), none());
}

// ==== MIG-AUTH-002: possession alone ================================================================

#[test]
fn auth_002_a_smartcard_alone_is_not_enough() {
    let t = edit(&[(AUTH_LINE, "auth    std::auth::smartcard")]);
    assert_eq!(fires(&t, "MIG-AUTH-002"), [found("MIG-AUTH-002", Severity::Error, "std::auth::smartcard")]);
    // It is also a single factor type.
    assert_eq!(fires(&t, "MIG-AUTH-001"), [found("MIG-AUTH-001", Severity::Warning, "std::auth::smartcard")]);
}

#[test]
fn auth_002_two_possession_factors_are_still_possession_only() {
    let t = edit(&[(AUTH_LINE, "auth    [std::auth::smartcard, std::auth::otp_token]")]);
    assert_eq!(
        fires(&t, "MIG-AUTH-002"),
        [found("MIG-AUTH-002", Severity::Error, "[std::auth::smartcard, std::auth::otp_token]")]
    );
}

#[test]
fn auth_002_a_smartcard_with_a_pin_is_fine() {
    let t = edit(&[(AUTH_LINE, "auth    [std::auth::smartcard, std::auth::pin]")]);
    assert_eq!(fires(&t, "MIG-AUTH-002"), none());
    assert_eq!(fires(&t, "MIG-AUTH-001"), none());
}

// ==== MIG-AUTH-003: remote access through VPN and VDI ===============================================

#[test]
fn auth_003_remote_access_without_vdi() {
    // The label stands on `remote true`: remote access, and no `vdi true`.
    let t = edit(&[(AUTH_LINE, &format!("{AUTH_LINE}\n  remote  true"))]);
    assert_eq!(fires(&t, "MIG-AUTH-003"), [found("MIG-AUTH-003", Severity::Error, "true")]);
}

#[test]
fn auth_003_remote_access_over_the_internet() {
    let t = edit(&[
        (AUTH_LINE, &format!("{AUTH_LINE}\n  remote  true\n  vdi     true")),
        ("kind        ip_vpn", "kind        internet"),
    ]);
    assert_eq!(fires(&t, "MIG-AUTH-003"), [found("MIG-AUTH-003", Severity::Error, "line")]);
}

#[test]
fn auth_003_remote_access_through_a_vpn_and_vdi_is_fine() {
    let t = edit(&[(AUTH_LINE, &format!("{AUTH_LINE}\n  remote  true\n  vdi     true"))]);
    assert_eq!(fires(&t, "MIG-AUTH-003"), none());
    // TLS that replaces a VPN counts as one.
    let t = edit_of(
        &t,
        &[(
            "kind        ip_vpn",
            "kind        tls\n  tls         [1.3]\n  replaces_vpn true\n  client_certificates true",
        )],
    );
    assert_eq!(fires(&t, "MIG-AUTH-003"), none());
}

// ==== MIG-LOG-001..005 ==============================================================================

const FIELDS: &str = "fields            [login_time, duration, records_touched]";

#[test]
fn log_001_missing_fields() {
    let t = edit(&[(FIELDS, "fields            [login_time, duration]")]);
    assert_eq!(fires(&t, "MIG-LOG-001"), [found("MIG-LOG-001", Severity::Error, "[login_time, duration]")]);
    let a = check(&t);
    assert!(message_en(diags(&a, "MIG-LOG-001")[0]).contains("records_touched"));
    // Without `fields` at all: at the log's name.
    let t = edit(&[(&format!("  {FIELDS}\n"), "")]);
    assert_eq!(fires(&t, "MIG-LOG-001"), [found("MIG-LOG-001", Severity::Error, "access_log")]);
}

#[test]
fn log_001_more_fields_than_required_is_fine() {
    let t = edit(&[(FIELDS, "fields [user_id, login_time, logout_time, duration, records_touched, operation]")]);
    assert_eq!(fires(&t, "MIG-LOG-001"), none());
    // A log of a system without 医療情報 is not held to it.
    let t = with(
        "asset mail \"メール\" { kind server; at dc; managed_by vendor; registered true }\nlog mail_log \"メールログ\" { of [mail]; retention 1y }",
    );
    assert_eq!(fires(&t, "MIG-LOG-001"), none());
}

#[test]
fn log_002_tamper_proof_and_access_restricted() {
    let t = edit(&[("tamper_proof      true", "tamper_proof      false")]);
    assert_eq!(fires(&t, "MIG-LOG-002"), [found("MIG-LOG-002", Severity::Error, "false")]);
    let t = edit(&[("  access_restricted true\n", "")]);
    assert_eq!(fires(&t, "MIG-LOG-002"), [found("MIG-LOG-002", Severity::Error, "access_log")]);
}

#[test]
fn log_002_both_true_is_fine() {
    assert_eq!(fires(BASE, "MIG-LOG-002"), none());
}

#[test]
fn log_003_local_clock_is_not_reliable() {
    let t = edit(&[("time_source       ntp", "time_source       local_clock")]);
    assert_eq!(fires(&t, "MIG-LOG-003"), [found("MIG-LOG-003", Severity::Error, "local_clock")]);
    let t = edit(&[("  time_source       ntp\n", "")]);
    assert_eq!(fires(&t, "MIG-LOG-003"), [found("MIG-LOG-003", Severity::Error, "access_log")]);
}

#[test]
fn log_003_gps_and_cloud_time_are_reliable() {
    for source in ["gps", "cloud_time"] {
        let t = edit(&[("time_source       ntp", &format!("time_source       {source}"))]);
        assert_eq!(fires(&t, "MIG-LOG-003"), none(), "{source}");
    }
}

const LOG_RETENTION: &str = "retention         5y";

#[test]
fn log_004_shorter_than_the_legal_period() {
    let t = edit(&[(LOG_RETENTION, "retention         4y")]);
    assert_eq!(fires(&t, "MIG-LOG-004"), [found("MIG-LOG-004", Severity::Error, "4y")]);
    let a = check(&t);
    let d = diags(&a, "MIG-LOG-004")[0];
    let ja = d.message.get(Lang::Ja);
    for part in ["診療録", "5年", "医師法24条2項"] {
        assert!(ja.contains(part), "message names {part}: {ja}");
    }
}

#[test]
fn log_004_counts_data_carried_to_the_logged_asset() {
    // The server stores nothing itself; the flow brings 診療録 to it.
    let t = edit(&[
        ("  stores     [chart]\n", ""),
        (LOG_RETENTION, "retention         3y"),
        ("of             [db_server]", "of             [chart]"),
        ("target   [db_server]", "target   [chart]"),
    ]);
    assert_eq!(fires(&t, "MIG-LOG-004"), [found("MIG-LOG-004", Severity::Error, "3y")]);
}

#[test]
fn log_004_exactly_the_legal_period_is_enough() {
    assert_eq!(fires(BASE, "MIG-LOG-004"), none());
    // 1827 days cover any five calendar years (at most two 29 Februaries).
    for kept in ["60m", "6y", "1827d"] {
        let t = edit(&[(LOG_RETENTION, &format!("retention         {kept}"))]);
        assert_eq!(fires(&t, "MIG-LOG-004"), none(), "{kept}");
    }
}

#[test]
fn log_004_a_year_short_in_months_fires() {
    let t = edit(&[(LOG_RETENTION, "retention         59m")]);
    assert_eq!(fires(&t, "MIG-LOG-004"), [found("MIG-LOG-004", Severity::Error, "59m")]);
}

/// Five calendar years starting on any date between 1901 and 2099 contain at
/// least one 29 February, so 1825 days are always shorter than 5年. The check
/// (`Duration::at_least`) compares the shortest lengths of both sides (5y as
/// 365 × 5 = 1825 days) and accepts 1825d; for a legal minimum it should compare
/// the kept period's shortest length with the required period's longest.
#[test]
fn log_004_1825_days_are_shorter_than_five_years() {
    let t = edit(&[(LOG_RETENTION, "retention         1825d")]);
    assert_eq!(fires(&t, "MIG-LOG-004"), [found("MIG-LOG-004", Severity::Error, "1825d")]);
}

#[test]
fn log_005_a_server_storing_medical_data_without_a_log() {
    let t = edit(&[("of                [db_server]", "of                [exam_pc]")]);
    assert_eq!(fires(&t, "MIG-LOG-005"), [found("MIG-LOG-005", Severity::Error, "db_server")]);
}

#[test]
fn log_005_only_servers_storage_and_applications_need_a_log() {
    // A terminal that stores 医療情報 is not required to be in a log's `of`.
    let t = edit(&[("  usb_storage blocked\n", "  usb_storage blocked\n  stores      [chart]\n")]);
    assert_eq!(fires(&t, "MIG-LOG-005"), none());
    // A server without 医療情報 neither.
    let t = with("asset mail \"メール\" { kind server; at dc; managed_by vendor; registered true }");
    assert_eq!(fires(&t, "MIG-LOG-005"), none());
}

// ==== MIG-TERM-001..004 =============================================================================

const RETURN_BLOCK: &str = "  return handback {
    data   [chart]
    to     clinic
    format \"SS-MIX2\"
    within 30d
  }
";

#[test]
fn term_001_medical_data_nobody_returns_or_disposes() {
    let t = edit(&[(RETURN_BLOCK, "")]);
    assert_eq!(fires(&t, "MIG-TERM-001"), [found("MIG-TERM-001", Severity::Error, "chart")]);
    let a = check(&t);
    let d = diags(&a, "MIG-TERM-001")[0];
    let secondary: Vec<String> = d
        .labels
        .iter()
        .filter(|l| !l.primary)
        .filter_map(|l| a.file(l.file).and_then(|f| f.text.get(l.span.range())).map(str::to_string))
        .collect();
    assert_eq!(secondary, ["contract_end"]);
}

#[test]
fn term_001_in_a_second_file() {
    let mut ws = workspace(BASE);
    ws.set_text("proj/extra.mig", "data memo \"メモ\" { class patient_identifiable }\n");
    let a = analyze(&ws);
    let d = diags(&a, "MIG-TERM-001");
    assert_eq!(d.len(), 1);
    let file = d[0].primary_label().and_then(|l| a.file(l.file)).map(|f| f.name.clone());
    assert_eq!(file.as_deref(), Some("proj/extra.mig"));
    assert_eq!(label_text(&a, d[0]), "memo");
}

#[test]
fn term_001_returned_transferred_or_disposed_data_is_handled() {
    assert_eq!(fires(BASE, "MIG-TERM-001"), none());
    let transfer =
        "  transfer onward {\n    data   [chart]\n    to     clinic\n    format \"CSV\"\n    within 60d\n  }\n";
    let t = edit(&[(RETURN_BLOCK, transfer)]);
    assert_eq!(fires(&t, "MIG-TERM-001"), none());
    let t = edit(&[(RETURN_BLOCK, ""), ("target   [db_server]", "target   [db_server, chart]")]);
    assert_eq!(fires(&t, "MIG-TERM-001"), none());
    // Data that is not 医療情報 need not be named.
    let t = with("data stats \"統計\" { class anonymized }");
    assert_eq!(fires(&t, "MIG-TERM-001"), none());
}

#[test]
fn term_002_an_asset_storing_medical_data_is_never_erased() {
    let t = edit(&[("target   [db_server]", "target   [exam_pc]")]);
    assert_eq!(fires(&t, "MIG-TERM-002"), [found("MIG-TERM-002", Severity::Error, "db_server")]);
}

/// Corrected (guidelines.md §15 1): the duty is about what the provider holds;
/// the institution's own equipment is not the provider's to erase.
#[test]
fn term_002_the_institutions_own_server_is_not_judged() {
    let t = edit(&[
        ("target   [db_server]", "target   [exam_pc]"),
        ("  managed_by vendor\n  stores     [chart]", "  managed_by clinic\n  stores     [chart]"),
    ]);
    assert_eq!(fires(&t, "MIG-TERM-002"), none());
}

#[test]
fn term_002_a_subcontractors_storage_is_judged() {
    let t = with("party dc_co \"DC事業者\" { role subcontractor; country JP }");
    let t = edit_of(
        &t,
        &[
            ("target   [db_server]", "target   [exam_pc]"),
            ("  managed_by vendor\n  stores     [chart]", "  managed_by dc_co\n  stores     [chart]"),
        ],
    );
    assert_eq!(fires(&t, "MIG-TERM-002"), [found("MIG-TERM-002", Severity::Error, "db_server")]);
}

#[test]
fn term_002_disposing_of_all_its_data_is_enough() {
    let t = edit(&[("target   [db_server]", "target   [chart]")]);
    assert_eq!(fires(&t, "MIG-TERM-002"), none());
}

#[test]
fn term_003_a_disposal_without_evidence() {
    let t = edit(&[("    evidence \"データ消去証明書\"\n", "")]);
    assert_eq!(fires(&t, "MIG-TERM-003"), [found("MIG-TERM-003", Severity::Error, "dispose wipe")]);
    let a = check(&t);
    let label = diags(&a, "MIG-TERM-003")[0].primary_label().map(|l| l.message.get(Lang::En).to_string());
    assert_eq!(label.as_deref(), Some("no `evidence`"));
}

#[test]
fn term_003_each_missing_detail_is_reported() {
    let t = edit(&[
        ("    method   crypto_erase\n", ""),
        ("    evidence \"データ消去証明書\"\n", ""),
        ("    within   60d\n", ""),
    ]);
    assert_eq!(fires(&t, "MIG-TERM-003").len(), 3);
}

#[test]
fn term_003_method_evidence_and_within_are_enough() {
    assert_eq!(fires(BASE, "MIG-TERM-003"), none());
}

#[test]
fn term_004_a_return_without_format() {
    let t = edit(&[("    format \"SS-MIX2\"\n", "")]);
    assert_eq!(fires(&t, "MIG-TERM-004"), [found("MIG-TERM-004", Severity::Error, "return handback")]);
}

#[test]
fn term_004_a_transfer_without_within() {
    let t = edit(&[(RETURN_BLOCK, "  transfer onward {\n    data   [chart]\n    format \"CSV\"\n  }\n")]);
    assert_eq!(fires(&t, "MIG-TERM-004"), [found("MIG-TERM-004", Severity::Error, "transfer onward")]);
}

#[test]
fn term_004_a_transfer_without_to_passes() {
    let t =
        edit(&[(RETURN_BLOCK, "  transfer onward {\n    data   [chart]\n    format \"CSV\"\n    within 60d\n  }\n")]);
    assert_eq!(fires(&t, "MIG-TERM-004"), none());
    assert_eq!(fires(BASE, "MIG-TERM-004"), none());
}

// ==== MIG-CERT-001/002 ==============================================================================

const CERTS: &str = "certifications [isms]";

#[test]
fn cert_001_a_provider_without_pmark_or_isms() {
    let t = edit(&[(CERTS, "certifications [iso27017]")]);
    assert_eq!(fires(&t, "MIG-CERT-001"), [found("MIG-CERT-001", Severity::Error, "[iso27017]")]);
    assert_eq!(fires(&t, "MIG-CERT-002"), none());
    let t = edit(&[(&format!("  {CERTS}\n"), "")]);
    assert_eq!(fires(&t, "MIG-CERT-001"), [found("MIG-CERT-001", Severity::Error, "vendor")]);
}

#[test]
fn cert_001_pmark_or_isms_is_enough() {
    for certs in ["[pmark]", "[isms]", "Pマーク", "[soc2, pmark]"] {
        let t = edit(&[(CERTS, &format!("certifications {certs}"))]);
        assert_eq!(fires(&t, "MIG-CERT-001"), none(), "{certs}");
        assert_eq!(fires(&t, "MIG-CERT-002"), none(), "{certs}");
    }
}

#[test]
fn cert_002_alternatives_only_give_a_warning_instead() {
    let t = edit(&[(CERTS, "certifications [soc2, ismap]")]);
    assert_eq!(fires(&t, "MIG-CERT-002"), [found("MIG-CERT-002", Severity::Warning, "[soc2, ismap]")]);
    assert_eq!(fires(&t, "MIG-CERT-001"), none());
    let a = check(&t);
    assert!(message_en(diags(&a, "MIG-CERT-002")[0]).contains("soc2, ismap"));
}

#[test]
fn cert_001_only_the_model_provider_is_held_to_it() {
    // The institution holds no certification: not a finding.
    assert_eq!(fires(BASE, "MIG-CERT-001"), none());
}

// ==== MIG-RESP-001..004 =============================================================================

#[test]
fn resp_001_a_duty_without_a_responsibility() {
    let t = edit(&[("responsibility on std::duty::audit { normal [vendor]; emergency [vendor] }\n", "")]);
    assert_eq!(fires(&t, "MIG-RESP-001"), [found("MIG-RESP-001", Severity::Error, "svc")]);
    let a = check(&t);
    assert!(message_en(diags(&a, "MIG-RESP-001")[0]).contains("std::duty::audit"));
}

const AUDIT: &str = "responsibility on std::duty::audit { normal [vendor]; emergency [vendor] }\n";
const INQUIRY: &str = "responsibility on std::duty::inquiry_contact { normal [vendor]; emergency [vendor] }\n";
const TRAINING: &str = "responsibility on std::duty::user_training { normal [clinic]; emergency [clinic] }\n";

fn help_en(d: &Diagnostic) -> String {
    d.help.as_ref().map(|h| h.get(Lang::En).to_string()).unwrap_or_default()
}

/// Item 6 of issue 7: one finding lists every unassigned duty, and its help
/// shows the blocks to write.
#[test]
fn resp_001_one_finding_lists_every_unassigned_duty() {
    let t = edit(&[(AUDIT, ""), (INQUIRY, ""), (TRAINING, "")]);
    assert_eq!(fires(&t, "MIG-RESP-001"), [found("MIG-RESP-001", Severity::Error, "svc")]);
    let a = check(&t);
    let d = diags(&a, "MIG-RESP-001")[0];
    assert!(message_en(d).starts_with("3 duties have no one assigned: "), "{}", message_en(d));
    let help = help_en(d);
    for duty in ["audit", "inquiry_contact", "user_training"] {
        assert!(message_en(d).contains(&format!("`std::duty::{duty}`")), "{}", message_en(d));
        assert!(
            help.contains(&format!("\nresponsibility on std::duty::{duty} {{ normal [OWNER]; emergency [OWNER] }}")),
            "{help}"
        );
    }
    let label = d.primary_label().map(|l| l.message.get(Lang::En).to_string()).unwrap_or_default();
    assert_eq!(label, "no responsibility for 3 duties");
    // The rendered text shows one block per line.
    let text = migc::render::human(&a, &a.diagnostics, Lang::En, false);
    let line =
        text.lines().find(|l| l.trim_start().starts_with("responsibility on std::duty::audit")).unwrap_or_default();
    assert_eq!(line.trim(), "responsibility on std::duty::audit { normal [OWNER]; emergency [OWNER] }", "{text}");
}

#[test]
fn resp_001_a_model_without_any_responsibility_gets_one_finding() {
    let without: String = BASE.lines().filter(|l| !l.starts_with("responsibility on")).collect::<Vec<_>>().join("\n");
    let duties = migc::analyze(&Workspace::default()).model.of_kind("duty").count();
    assert_eq!(fires(&without, "MIG-RESP-001"), [found("MIG-RESP-001", Severity::Error, "svc")]);
    let a = check(&without);
    assert!(message_en(diags(&a, "MIG-RESP-001")[0]).starts_with(&format!("{duties} duties have no one assigned")));
}

#[test]
fn resp_001_waiving_one_duty_still_works() {
    let waiver = |until: &str| {
        format!(
            "waiver no_audit on std::duty::audit {{\n  rule MIG-RESP-001\n  reason \"監査は医療機関等の内部監査で行う\"\n  approved_by \"院長\"\n  until {until}\n}}\n"
        )
    };
    // Two unassigned, one waived: the finding names the other only.
    let t = edit_of(&with(&waiver("2027-03-31")), &[(AUDIT, ""), (INQUIRY, "")]);
    assert_eq!(fires(&t, "MIG-RESP-001"), [found("MIG-RESP-001", Severity::Error, "svc")]);
    let a = check(&t);
    let d = diags(&a, "MIG-RESP-001")[0];
    assert_eq!(message_en(d), "no one is assigned duty `std::duty::inquiry_contact` (問い合わせ窓口)");
    assert!(!help_en(d).contains("std::duty::audit"));
    assert_eq!(a.rule_stats.waived, 1);
    assert_eq!(of_code(&a, "MIG3001"), none());
    // The waived duty alone: no finding.
    let t = edit_of(&with(&waiver("2027-03-31")), &[(AUDIT, "")]);
    assert_eq!(fires(&t, "MIG-RESP-001"), none());
    // An expired waiver: the duty is listed again, with the waiver named.
    let t = edit_of(&with(&waiver("2026-10-31")), &[(AUDIT, ""), (INQUIRY, "")]);
    let a = check(&t);
    let d = diags(&a, "MIG-RESP-001")[0];
    assert!(message_en(d).starts_with("2 duties have no one assigned"), "{}", message_en(d));
    assert!(d.notes.iter().any(|n| n.get(Lang::En).contains("waiver `no_audit` expired on 2026-10-31")));
    // A waiver on a duty that has a responsibility matches nothing.
    let a = check(&with(&waiver("2027-03-31")));
    assert_eq!(of_code(&a, "MIG3001").len(), 1);
}

#[test]
fn resp_001_the_model_s_own_duties_are_in_the_catalog() {
    let t = with("duty key_handover \"鍵の受け渡し\" { description \"サーバ室の鍵\" }");
    assert_eq!(fires(&t, "MIG-RESP-001"), [found("MIG-RESP-001", Severity::Error, "svc")]);
    let t = with(
        "duty key_handover \"鍵の受け渡し\" { description \"サーバ室の鍵\" }\nresponsibility on key_handover { normal [clinic]; emergency [clinic] }",
    );
    assert_eq!(fires(&t, "MIG-RESP-001"), none());
}

#[test]
fn resp_002_an_asset_without_a_manager() {
    let t = edit(&[("  managed_by  clinic\n", "")]);
    assert_eq!(fires(&t, "MIG-RESP-002"), [found("MIG-RESP-002", Severity::Error, "exam_pc")]);
}

/// A typo in a reference is a language error; the rules do not also read the
/// broken property as missing (no MIG-RESP-002 on top of MIG2006).
#[test]
fn a_declaration_with_a_language_error_is_not_judged_by_the_rules() {
    let t = edit_of(BASE, &[("  managed_by  clinic\n", "  managed_by  clnic\n")]);
    let a = check(&t);
    let codes: Vec<&str> = a.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["MIG2006"], "{codes:?}");
}

#[test]
fn resp_002_every_baseline_asset_has_a_manager() {
    assert_eq!(fires(BASE, "MIG-RESP-002"), none());
}

#[test]
fn resp_003_a_control_without_an_owner() {
    let t = edit(&[("  owner    clinic\n", "")]);
    assert_eq!(fires(&t, "MIG-RESP-003"), [found("MIG-RESP-003", Severity::Error, "training")]);
}

#[test]
fn resp_003_owned_controls_are_fine() {
    assert_eq!(fires(BASE, "MIG-RESP-003"), none());
}

#[test]
fn resp_004_an_empty_list_of_parties() {
    let t = edit(&[(
        "std::duty::audit { normal [vendor]; emergency [vendor] }",
        "std::duty::audit { normal [vendor]; emergency [] }",
    )]);
    assert_eq!(fires(&t, "MIG-RESP-004"), [found("MIG-RESP-004", Severity::Error, "[]")]);
}

#[test]
fn resp_004_a_shared_duty_naming_each_party_is_fine() {
    let t = edit(&[(
        "std::duty::audit { normal [vendor]; emergency [vendor] }",
        "std::duty::audit { normal [vendor, clinic]; emergency vendor }",
    )]);
    assert_eq!(fires(&t, "MIG-RESP-004"), none());
}

// ==== MIG-LOC-001/002 ===============================================================================

#[test]
fn loc_001_a_site_abroad() {
    let t = edit(&[("country     JP", "country     US")]);
    assert_eq!(fires(&t, "MIG-LOC-001"), [found("MIG-LOC-001", Severity::Error, "dc")]);
    let a = check(&t);
    let d = diags(&a, "MIG-LOC-001")[0];
    assert!(message_en(d).contains("(US)"), "{}", message_en(d));
}

/// Corrected (guidelines.md §15 3): a foreign operator is exposure to disclose,
/// MIG-LOC-003 (warning), not MIG-LOC-001 (error). Reported once on the party, at
/// its `country`, whatever it holds: here the contracting party, manager and operator.
#[test]
fn loc_003_a_contracting_party_incorporated_abroad_is_a_warning() {
    let t = edit(&[("country        JP", "country        SG")]);
    assert_eq!(fires(&t, "MIG-LOC-001"), none());
    assert_eq!(fires(&t, "MIG-LOC-003"), [found("MIG-LOC-003", Severity::Warning, "SG")]);
    let a = check(&t);
    let d = diags(&a, "MIG-LOC-003")[0];
    assert!(d.notes.iter().any(|n| n.get(Lang::En).contains("contracting party")), "{:?}", d.notes);
    assert!(d.notes.iter().any(|n| n.get(Lang::En).contains("[PROPOSAL]")), "{:?}", d.notes);
    assert!(d.citations.iter().any(|c| c.verified == "PROPOSAL"));
}

#[test]
fn loc_003_japanese_operators_are_fine() {
    assert_eq!(fires(BASE, "MIG-LOC-003"), none());
    // Storage abroad stays an error of MIG-LOC-001 and is not repeated by MIG-LOC-003.
    let t = edit(&[("country     JP", "country     US")]);
    assert_eq!(fires(&t, "MIG-LOC-003"), none());
}

/// The data centre's operator, distinct from the contracting party.
const FOREIGN_DC_OPERATOR: &str = "party dc_op \"DC Operator Inc.\" { role subcontractor; country US }";
const DC_RUN_BY_DC_OP: (&str, &str) =
    ("  operated_by vendor\n}\n\nasset db_server", "  operated_by dc_op\n}\n\nasset db_server");

/// The model with one disclosure appended to it.
fn disclosing(text: &str, covers: &str, date: &str) -> String {
    edit_of(
        text,
        &[(
            "  as_of     2026-11-01\n}",
            &format!(
                "  as_of     2026-11-01\n\n  disclosure 国外法 {{\n    covers   [{covers}]\n    document \"表4-1 情報提供シート\"\n    date     {date}\n  }}\n}}"
            ),
        )],
    )
}

#[test]
fn loc_003_a_site_operator_abroad_is_reported_on_the_operator() {
    let t = edit_of(&with(FOREIGN_DC_OPERATOR), &[DC_RUN_BY_DC_OP]);
    assert_eq!(fires(&t, "MIG-LOC-003"), [found("MIG-LOC-003", Severity::Warning, "US")]);
    let a = check(&t);
    let d = diags(&a, "MIG-LOC-003")[0];
    assert!(message_en(d).contains("`dc_op`"), "{}", message_en(d));
    assert!(d.notes.iter().any(|n| n.get(Lang::En).contains("runs `dc`")), "{:?}", d.notes);
    assert_eq!(fires(&t, "MIG-LOC-001"), none());
}

#[test]
fn loc_003_the_operator_of_the_site_a_room_is_part_of() {
    let t = with_of(&with(FOREIGN_DC_OPERATOR), "site rack \"ラック\" { kind room; part_of dc }");
    let t = edit_of(
        &t,
        &[DC_RUN_BY_DC_OP, ("  at         dc\n  managed_by vendor", "  at         rack\n  managed_by vendor")],
    );
    assert_eq!(fires(&t, "MIG-LOC-003"), [found("MIG-LOC-003", Severity::Warning, "US")]);
    let a = check(&t);
    assert!(diags(&a, "MIG-LOC-003")[0].notes.iter().any(|n| n.get(Lang::En).contains("runs `dc`")));
}

#[test]
fn loc_003_a_disclosure_settles_it_unless_dated_after_as_of() {
    let t = edit_of(&with(FOREIGN_DC_OPERATOR), &[DC_RUN_BY_DC_OP]);
    assert_eq!(fires(&disclosing(&t, "dc_op", "2026-04-01"), "MIG-LOC-003"), none());
    // On the as_of itself: made.
    assert_eq!(fires(&disclosing(&t, "dc_op", "2026-11-01"), "MIG-LOC-003"), none());
    // A disclosure of another party does not settle it.
    assert_eq!(fires(&disclosing(&t, "vendor", "2026-04-01"), "MIG-LOC-003").len(), 1);
    // Dated after the as_of: not yet made, and the finding points at the date.
    let late = disclosing(&t, "dc_op", "2026-12-01");
    assert_eq!(fires(&late, "MIG-LOC-003"), [found("MIG-LOC-003", Severity::Warning, "US")]);
    let a = check(&late);
    let d = diags(&a, "MIG-LOC-003")[0];
    assert!(d.notes.iter().any(|n| n.get(Lang::En).contains("after the model's as_of")), "{:?}", d.notes);
    let secondary: Vec<String> = d
        .labels
        .iter()
        .filter(|l| !l.primary)
        .filter_map(|l| a.file(l.file).and_then(|f| f.text.get(l.span.range())).map(str::to_string))
        .collect();
    assert!(secondary.contains(&"2026-12-01".to_string()), "{secondary:?}");
}

#[test]
fn loc_001_a_disclosure_does_not_settle_storage_abroad() {
    let t = disclosing(&edit(&[("country     JP", "country     US")]), "dc, db_server, vendor", "2026-04-01");
    assert_eq!(fires(&t, "MIG-LOC-001"), [found("MIG-LOC-001", Severity::Error, "dc")]);
}

#[test]
fn loc_001_a_site_without_country_inherits_from_part_of() {
    let t = with("site rack \"ラック\" { kind room; part_of dc }");
    let t = edit_of(&t, &[("  at         dc\n", "  at         rack\n")]);
    assert_eq!(fires(&t, "MIG-LOC-001"), none());
    // Without part_of, the country is unknown.
    let t = with("site rack \"ラック\" { kind room }");
    let t = edit_of(&t, &[("  at         dc\n", "  at         rack\n")]);
    assert_eq!(fires(&t, "MIG-LOC-001"), [found("MIG-LOC-001", Severity::Error, "rack")]);
}

#[test]
fn loc_001_a_foreign_party_without_medical_data_is_fine() {
    // The terminal stores nothing; a foreign manager of it is not a storage location.
    let t = with("party acme \"Acme\" { role maintainer; country US }");
    let t = edit_of(&t, &[("  managed_by  clinic\n", "  managed_by  acme\n")]);
    assert_eq!(fires(&t, "MIG-LOC-001"), none());
}

#[test]
fn loc_002_a_foreign_parent() {
    let t = edit(&[("country        JP", "country        JP\n  parent_country US")]);
    assert_eq!(fires(&t, "MIG-LOC-002"), [found("MIG-LOC-002", Severity::Warning, "US")]);
    assert_eq!(fires(&t, "MIG-LOC-001"), none());
    assert_eq!(fires(&t, "MIG-LOC-003"), none());
    // Disclosed before the as_of: settled.
    assert_eq!(fires(&disclosing(&t, "vendor", "2026-10-01"), "MIG-LOC-002"), none());
}

#[test]
fn loc_002_a_japanese_parent_is_fine() {
    let t = edit(&[("country        JP", "country        JP\n  parent_country JP")]);
    assert_eq!(fires(&t, "MIG-LOC-002"), none());
}

const FOREIGN_PARENT: &str = "party global \"Global Cloud Inc.\" { role other; country US }";

#[test]
fn loc_002_a_parent_declared_as_a_party() {
    let t = edit_of(&with(FOREIGN_PARENT), &[("country        JP", "country        JP\n  parent         global")]);
    // At the `parent` property of the party whose parent it is, not at the parent.
    assert_eq!(fires(&t, "MIG-LOC-002"), [found("MIG-LOC-002", Severity::Warning, "global")]);
    let a = check(&t);
    let d = diags(&a, "MIG-LOC-002")[0];
    assert!(message_en(d).contains("`vendor`") && message_en(d).contains("`global`"), "{}", message_en(d));
    // The parent itself holds nothing: no MIG-LOC-003 for it.
    assert_eq!(fires(&t, "MIG-LOC-003"), none());
    // A disclosure naming the party or its parent settles it; one dated after the as_of does not.
    assert_eq!(fires(&disclosing(&t, "vendor", "2026-04-01"), "MIG-LOC-002"), none());
    assert_eq!(fires(&disclosing(&t, "global", "2026-04-01"), "MIG-LOC-002"), none());
    assert_eq!(fires(&disclosing(&t, "global", "2027-01-01"), "MIG-LOC-002").len(), 1);
}

#[test]
fn loc_002_a_foreign_grandparent_through_a_japanese_parent() {
    let t = with("party holding \"持株会社\" { role other; country JP; parent global }");
    let t =
        edit_of(&with_of(&t, FOREIGN_PARENT), &[("country        JP", "country        JP\n  parent         holding")]);
    assert_eq!(fires(&t, "MIG-LOC-002"), [found("MIG-LOC-002", Severity::Warning, "holding")]);
    let a = check(&t);
    assert!(message_en(diags(&a, "MIG-LOC-002")[0]).contains("lead to `global`, under the law of US"));
    assert_eq!(fires(&disclosing(&t, "global", "2026-04-01"), "MIG-LOC-002"), none());
    // The Japanese parent's own parent given as a country.
    let t = with("party holding \"持株会社\" { role other; country JP; parent_country US }");
    let t = edit_of(&t, &[("country        JP", "country        JP\n  parent         holding")]);
    assert_eq!(fires(&t, "MIG-LOC-002"), [found("MIG-LOC-002", Severity::Warning, "holding")]);
    let a = check(&t);
    assert!(message_en(diags(&a, "MIG-LOC-002")[0]).contains("through `holding` to a parent in US"));
    assert_eq!(fires(&disclosing(&t, "holding", "2026-04-01"), "MIG-LOC-002"), none());
    // A Japanese chain is fine.
    let t = with("party holding \"持株会社\" { role other; country JP }");
    let t = edit_of(&t, &[("country        JP", "country        JP\n  parent         holding")]);
    assert_eq!(fires(&t, "MIG-LOC-002"), none());
}

#[test]
fn loc_002_the_parent_of_a_site_operator() {
    let op = "party dc_op \"DCオペレーター合同会社\" { role subcontractor; country JP; parent global }";
    let t = edit_of(&with_of(&with(op), FOREIGN_PARENT), &[DC_RUN_BY_DC_OP]);
    assert_eq!(fires(&t, "MIG-LOC-002"), [found("MIG-LOC-002", Severity::Warning, "global")]);
    assert_eq!(fires(&t, "MIG-LOC-003"), none());
    let a = check(&t);
    assert!(message_en(diags(&a, "MIG-LOC-002")[0]).contains("`dc_op`"));
}

// ==== MIG-LOC-004: processed abroad, stored in Japan =================================================

const US_SITE: &str = "site us_east \"US East リージョン\" { kind cloud_region; country US; operated_by vendor }";

fn processing_at(site: &str) -> String {
    processing_at_with(BASE, site)
}

fn processing_at_with(text: &str, site: &str) -> String {
    with_of(
        &with_of(text, US_SITE),
        &format!(
            "asset inference \"推論API\" {{\n  kind       external_system\n  at         {site}\n  managed_by vendor\n  processes  [chart]\n}}"
        ),
    )
}

#[test]
fn loc_004_processing_abroad_without_storing_is_a_warning_not_loc_001() {
    let t = processing_at("us_east");
    assert_eq!(fires(&t, "MIG-LOC-004"), [found("MIG-LOC-004", Severity::Warning, "us_east")]);
    assert_eq!(fires(&t, "MIG-LOC-001"), none());
    let a = check(&t);
    let d = diags(&a, "MIG-LOC-004")[0];
    assert!(message_en(d).contains("`inference`"), "{}", message_en(d));
    assert!(d.citations.iter().any(|c| c.verified == "PROPOSAL"));
    // The same asset storing the data there is MIG-LOC-001 instead.
    let stored = edit_of(&t, &[("  processes  [chart]", "  stores     [chart]")]);
    assert_eq!(fires(&stored, "MIG-LOC-004"), none());
    assert_eq!(fires(&stored, "MIG-LOC-001"), [found("MIG-LOC-001", Severity::Error, "us_east")]);
}

#[test]
fn loc_004_near_misses_stay_clean() {
    // Processing in Japan.
    assert_eq!(fires(&processing_at("dc"), "MIG-LOC-004"), none());
    // Abroad, but no 医療情報.
    let t = with("data stats \"統計\" { class anonymized }");
    let t = edit_of(&processing_at_with(&t, "us_east"), &[("  processes  [chart]", "  processes  [stats]")]);
    assert_eq!(fires(&t, "MIG-LOC-004"), none());
    // Disclosed: the asset or its site.
    assert_eq!(fires(&disclosing(&processing_at("us_east"), "inference", "2026-04-01"), "MIG-LOC-004"), none());
    assert_eq!(fires(&disclosing(&processing_at("us_east"), "us_east", "2026-04-01"), "MIG-LOC-004"), none());
    assert_eq!(fires(&disclosing(&processing_at("us_east"), "us_east", "2026-11-02"), "MIG-LOC-004").len(), 1);
}

#[test]
fn loc_004_a_flow_carrying_medical_data_to_an_asset_abroad() {
    let t = with(US_SITE);
    let t = with_of(
        &t,
        "asset relay \"中継サーバ\" { kind server; at us_east; managed_by vendor }\n\nflow relay_out \"中継\" {\n  phase   operation\n  who     doctor\n  from    exam_pc\n  to      relay\n  carries [chart]\n  via     line\n}",
    );
    assert_eq!(fires(&t, "MIG-LOC-004"), [found("MIG-LOC-004", Severity::Warning, "us_east")]);
}

// ==== MIG-NET-001..005 ==============================================================================

const NET_KIND: &str = "kind        ip_vpn";

fn net(kind: &str) -> String {
    edit(&[(NET_KIND, &format!("kind        {kind}"))])
}

#[test]
fn net_001_an_ipsec_vpn_is_not_a_closed_network() {
    let t = edit(&[IPSEC]);
    assert_eq!(fires(&t, "MIG-NET-001"), [found("MIG-NET-001", Severity::Warning, "ipsec_vpn")]);
}

#[test]
fn net_001_closed_ip_vpn_and_lan_are_fine() {
    for kind in ["closed", "ip_vpn", "lan", "専用線"] {
        assert_eq!(fires(&net(kind), "MIG-NET-001"), none(), "{kind}");
    }
}

#[test]
fn net_001_a_network_without_medical_data_is_not_checked() {
    let t = with("network guest \"来院者Wi-Fi\" { kind internet }");
    assert_eq!(fires(&t, "MIG-NET-001"), none());
    assert_eq!(fires(&t, "MIG-NET-002"), none());
}

#[test]
fn net_002_an_open_network_without_protection() {
    for kind in ["internet", "mobile", "wireless_lan"] {
        assert_eq!(fires(&net(kind), "MIG-NET-002"), [found("MIG-NET-002", Severity::Error, kind)], "{kind}");
    }
}

#[test]
fn net_002_a_wireless_lan_with_8021x_or_wpa3_is_protected() {
    for auth in ["ieee8021x", "wpa3_sae"] {
        let t = edit(&[(NET_KIND, &format!("kind          wireless_lan\n  wireless_auth {auth}"))]);
        assert_eq!(fires(&t, "MIG-NET-002"), none(), "{auth}");
        assert_eq!(fires(&t, "MIG-NET-001"), none(), "{auth}");
    }
    // A PSK LAN is encrypted, not unprotected: how its terminals are authenticated is MIG-NET-008's.
    let t = edit(&[(NET_KIND, "kind          wireless_lan\n  wireless_auth wpa2_psk")]);
    assert_eq!(fires(&t, "MIG-NET-002"), none());
    assert_eq!(fires(&t, "MIG-NET-008"), [found("MIG-NET-008", Severity::Warning, "wpa2_psk")]);
    let t = edit(&[(NET_KIND, "kind          wireless_lan\n  wireless_auth open")]);
    assert_eq!(fires(&t, "MIG-NET-002"), [found("MIG-NET-002", Severity::Error, "wireless_lan")]);
}

#[test]
fn net_002_tls_over_the_internet_is_protected() {
    let t = edit(&[(NET_KIND, "kind        tls\n  tls         [1.2, 1.3]")]);
    assert_eq!(fires(&t, "MIG-NET-002"), none());
    assert_eq!(fires(&t, "MIG-NET-001"), [found("MIG-NET-001", Severity::Warning, "tls")]);
}

#[test]
fn net_003_ipsec_without_ike() {
    let t = net("ipsec_vpn");
    assert_eq!(fires(&t, "MIG-NET-003"), [found("MIG-NET-003", Severity::Error, "line")]);
    let t = edit(&[(NET_KIND, "kind        ipsec_vpn\n  ike         false")]);
    assert_eq!(fires(&t, "MIG-NET-003"), [found("MIG-NET-003", Severity::Error, "false")]);
}

#[test]
fn net_003_ipsec_with_ike_is_fine() {
    assert_eq!(fires(&edit(&[IPSEC]), "MIG-NET-003"), none());
}

#[test]
fn net_004_clientless_ssl_vpn() {
    let t = net("ssl_vpn_clientless");
    assert_eq!(fires(&t, "MIG-NET-004"), [found("MIG-NET-004", Severity::Error, "ssl_vpn_clientless")]);
    assert_eq!(fires(&t, "MIG-NET-005"), none());
    // The help says what the principle allows and how to record the exception.
    let a = check(&t);
    let help = diags(&a, "MIG-NET-004")[0].help.as_ref().map(|h| h.get(Lang::En).to_string()).unwrap_or_default();
    assert!(help.contains("in principle") && help.contains("waiver"), "{help}");
    let rule = migc::rules::find("MIG-NET-004").map(|r| r.explanation_in(Lang::En)).unwrap_or_default();
    assert!(rule.contains("exception the principle allows"), "{rule}");
}

#[test]
fn net_004_an_exception_recorded_as_a_waiver_is_accepted() {
    let t = format!(
        "{}\nwaiver ssl_exception on line {{\n  rule MIG-NET-004\n  reason \"機器更新まで。サーバ証明書の厳格な検証とクライアント証明書で偽サーバ対策\"\n  approved_by \"院長\"\n  until 2027-03-31\n}}\n",
        net("ssl_vpn_clientless")
    );
    assert_eq!(fires(&t, "MIG-NET-004"), none());
}

#[test]
fn net_005_client_ssl_vpn() {
    let t = net("ssl_vpn_client");
    assert_eq!(fires(&t, "MIG-NET-005"), [found("MIG-NET-005", Severity::Warning, "ssl_vpn_client")]);
    assert_eq!(fires(&t, "MIG-NET-004"), none());
}

#[test]
fn net_004_and_005_not_for_other_vpns() {
    let t = edit(&[IPSEC]);
    assert_eq!(fires(&t, "MIG-NET-004"), none());
    assert_eq!(fires(&t, "MIG-NET-005"), none());
}

// ==== MIG-TLS-001..003 ==============================================================================

fn tls(rest: &str) -> String {
    edit(&[(NET_KIND, &format!("kind        tls\n{rest}"))])
}

#[test]
fn tls_001_versions_below_1_2() {
    let t = tls("  tls         [1.1, 1.2, 1.3]");
    assert_eq!(fires(&t, "MIG-TLS-001"), [found("MIG-TLS-001", Severity::Error, "[1.1, 1.2, 1.3]")]);
    let a = check(&t);
    assert!(message_en(diags(&a, "MIG-TLS-001")[0]).contains("TLS 1.1"));
}

#[test]
fn tls_001_versions_not_stated() {
    let t = tls("");
    assert_eq!(fires(&t, "MIG-TLS-001"), [found("MIG-TLS-001", Severity::Error, "line")]);
    // Without versions TLS-002 has nothing to judge.
    assert_eq!(fires(&t, "MIG-TLS-002"), none());
}

#[test]
fn tls_001_and_002_1_2_and_1_3_are_fine() {
    let t = tls("  tls         [1.2, 1.3]");
    assert_eq!(fires(&t, "MIG-TLS-001"), none());
    assert_eq!(fires(&t, "MIG-TLS-002"), none());
    // TLS alone on the route of a flow carrying 医療情報 is in place of a VPN
    // (derived, tests/rules_routes.rs): MIG-TLS-003 applies.
    assert_eq!(
        fires(&t, "MIG-TLS-003"),
        [found("MIG-TLS-003", Severity::Error, "line"), found("MIG-TLS-003", Severity::Warning, "[1.2, 1.3]")]
    );
}

#[test]
fn tls_002_without_1_3() {
    let t = tls("  tls         1.2");
    assert_eq!(fires(&t, "MIG-TLS-002"), [found("MIG-TLS-002", Severity::Warning, "1.2")]);
    assert_eq!(fires(&t, "MIG-TLS-001"), none());
}

/// Corrected (guidelines.md §15 2): 別紙2 ①-9 allows TLS 1.2 where 1.3 is not
/// feasible, so 1.2 with client certificates is a warning, not an error.
#[test]
fn tls_003_1_2_with_client_certificates_is_a_warning() {
    let t = tls("  tls         [1.2, 1.3]\n  replaces_vpn true\n  client_certificates true");
    assert_eq!(fires(&t, "MIG-TLS-003"), [found("MIG-TLS-003", Severity::Warning, "[1.2, 1.3]")]);
    let t = tls("  tls         1.2\n  replaces_vpn true\n  client_certificates true");
    assert_eq!(fires(&t, "MIG-TLS-003"), [found("MIG-TLS-003", Severity::Warning, "1.2")]);
    let a = check(&t);
    assert_eq!(a.count(Severity::Error), 0, "1.2 with client certificates is not an error");
}

#[test]
fn tls_003_1_2_without_client_certificates_is_still_an_error() {
    let t = tls("  tls         1.2\n  replaces_vpn true");
    assert_eq!(
        fires(&t, "MIG-TLS-003"),
        [found("MIG-TLS-003", Severity::Error, "line"), found("MIG-TLS-003", Severity::Warning, "1.2")]
    );
}

#[test]
fn tls_003_in_place_of_a_vpn_needs_client_certificates() {
    let t = tls("  tls         [1.3]\n  replaces_vpn true");
    assert_eq!(fires(&t, "MIG-TLS-003"), [found("MIG-TLS-003", Severity::Error, "line")]);
    let t = tls("  tls         [1.3]\n  replaces_vpn true\n  client_certificates false");
    assert_eq!(fires(&t, "MIG-TLS-003"), [found("MIG-TLS-003", Severity::Error, "false")]);
}

#[test]
fn tls_003_1_3_with_client_certificates_is_fine() {
    let t = tls("  tls         [1.3]\n  replaces_vpn true\n  client_certificates true");
    assert_eq!(fires(&t, "MIG-TLS-003"), none());
    assert_eq!(fires(&t, "MIG-TLS-001"), none());
    assert_eq!(fires(&t, "MIG-TLS-002"), none());
}

// ==== MIG-RISK-001..007 =============================================================================

const R11: &str = "risk r11 on consult { threat std::threat::disaster; not_applicable \"試験\" }\n";

#[test]
fn risk_001_a_threat_not_assessed() {
    let t = edit(&[(R11, "")]);
    assert_eq!(fires(&t, "MIG-RISK-001"), [found("MIG-RISK-001", Severity::Error, "consult")]);
    let a = check(&t);
    let d = diags(&a, "MIG-RISK-001")[0];
    let label = |lang| d.primary_label().map(|l| l.message.get(lang).to_string()).unwrap_or_default();
    assert_eq!(label(Lang::En), "not assessed: disaster");
    assert_eq!(label(Lang::Ja), "未評価: 災害等");
}

#[test]
fn risk_001_not_applicable_with_a_reason_counts() {
    assert_eq!(fires(BASE, "MIG-RISK-001"), none());
    // A flow of data that is not 医療情報 needs no risks.
    let t = with(
        "data notice \"お知らせ\" { class non_medical }\nflow publish \"掲示\" { phase operation; who doctor; from exam_pc; to db_server; carries [notice] }",
    );
    assert_eq!(fires(&t, "MIG-RISK-001"), none());
}

/// 表5-1 asks that every threat be assessed; `not_applicable` stands in for an
/// assessment only with a reason. An empty reason is no reason.
#[test]
fn risk_001_an_empty_not_applicable_reason_is_no_reason() {
    let t = edit(&[(R11, "risk r11 on consult { threat std::threat::disaster; not_applicable \"\" }\n")]);
    assert_eq!(fires(&t, "MIG-RISK-001").len(), 1, "an empty reason must not count as an assessment");
}

const R01_LIKELIHOOD: &str = "likelihood          3";

#[test]
fn risk_002_an_assessed_risk_without_likelihood() {
    let t = edit(&[(&format!("  {R01_LIKELIHOOD}\n"), "")]);
    assert_eq!(fires(&t, "MIG-RISK-002"), [found("MIG-RISK-002", Severity::Error, "r01")]);
    let a = check(&t);
    assert!(message_en(diags(&a, "MIG-RISK-002")[0]).contains("likelihood"));
}

#[test]
fn risk_002_not_applicable_risks_need_no_levels() {
    assert_eq!(fires(BASE, "MIG-RISK-002"), none());
}

fn r01(impact: &str, likelihood: &str, rank: &str, controls: &str) -> String {
    edit(&[
        ("impact              4", &format!("impact              {impact}")),
        (R01_LIKELIHOOD, &format!("likelihood          {likelihood}")),
        ("rank                B", &format!("rank                {rank}")),
        ("controls            [mfa]", &format!("controls            {controls}")),
    ])
}

#[test]
fn risk_003_rank_s_with_one_control() {
    let t = r01("4", "5", "S", "[mfa]");
    assert_eq!(fires(&t, "MIG-RISK-003"), [found("MIG-RISK-003", Severity::Warning, "[mfa]")]);
}

#[test]
fn risk_003_rank_a_without_controls() {
    let t = edit_of(&r01("4", "4", "A", "[mfa]"), &[("  controls            [mfa]\n", "")]);
    assert_eq!(fires(&t, "MIG-RISK-003"), [found("MIG-RISK-003", Severity::Warning, "r01")]);
}

#[test]
fn risk_003_rank_s_with_two_controls_is_fine() {
    let t = r01("4", "5", "S", "[mfa, training]");
    assert_eq!(fires(&t, "MIG-RISK-003"), none());
    assert_eq!(fires(&t, "MIG-RISK-006"), none());
    // Rank B needs no particular number.
    let t = edit_of(&r01("4", "3", "B", "[mfa]"), &[("  controls            [mfa]\n", "")]);
    assert_eq!(fires(&t, "MIG-RISK-003"), none());
}

#[test]
fn risk_004_an_assessed_risk_without_treatment() {
    let t = edit(&[("  treatment           reduce\n", "")]);
    assert_eq!(fires(&t, "MIG-RISK-004"), [found("MIG-RISK-004", Severity::Error, "r01")]);
}

#[test]
fn risk_004_japanese_treatments_are_accepted() {
    for treatment in ["低減", "回避", "移転", "受容", "avoid", "share"] {
        let t = edit(&[("treatment           reduce", &format!("treatment           {treatment}"))]);
        assert_eq!(fires(&t, "MIG-RISK-004"), none(), "{treatment}");
    }
}

#[test]
fn risk_005_a_retained_risk_is_noted_for_disclosure() {
    let t = edit(&[("treatment           reduce", "treatment           retain")]);
    assert_eq!(fires(&t, "MIG-RISK-005"), [found("MIG-RISK-005", Severity::Note, "retain")]);
    let t = edit(&[("treatment           reduce", "treatment           受容")]);
    assert_eq!(fires(&t, "MIG-RISK-005"), [found("MIG-RISK-005", Severity::Note, "受容")]);
    // A note does not make the model fail.
    let a = check(&t);
    assert_eq!(a.count(Severity::Error) + a.count(Severity::Warning), 0);
}

#[test]
fn risk_005_lists_every_retained_risk_in_one_note() {
    let t = edit(&[
        ("treatment           reduce", "treatment           retain"),
        (R11, "risk r11 on consult { threat std::threat::disaster; impact 1; likelihood 1; treatment 保有 }\n"),
    ]);
    let a = check(&t);
    let notes = diags(&a, "MIG-RISK-005");
    assert_eq!(notes.len(), 1, "one note for the model");
    let text = notes[0].notes.iter().map(|n| n.get(Lang::En).to_string()).collect::<Vec<_>>().join("\n");
    assert!(notes[0].message.en.starts_with("2 retained"), "{}", notes[0].message.en);
    assert!(text.contains("r11 (consult)"), "{text}");
}

#[test]
fn risk_005_other_treatments_are_not_listed() {
    assert_eq!(fires(BASE, "MIG-RISK-005"), none());
    let t = edit(&[("treatment           reduce", "treatment           リスク共有")]);
    assert_eq!(fires(&t, "MIG-RISK-005"), none());
}

#[test]
fn risk_006_a_stated_rank_that_disagrees() {
    let t = edit(&[("rank                B", "rank                A")]);
    assert_eq!(fires(&t, "MIG-RISK-006"), [found("MIG-RISK-006", Severity::Warning, "A")]);
    let a = check(&t);
    let d = diags(&a, "MIG-RISK-006")[0];
    let label = d.primary_label().map(|l| l.message.get(Lang::En).to_string()).unwrap_or_default();
    assert_eq!(label, "impact 4 × likelihood 3 → B");
    let secondary: Vec<String> = d
        .labels
        .iter()
        .filter(|l| !l.primary)
        .filter_map(|l| a.file(l.file).and_then(|f| f.text.get(l.span.range())).map(str::to_string))
        .collect();
    assert_eq!(secondary, ["default"], "points at the matrix used");
}

#[test]
fn risk_006_a_stated_rank_equal_to_the_derived_one() {
    assert_eq!(fires(BASE, "MIG-RISK-006"), none());
    // No stated rank: nothing to compare.
    let t = edit(&[("  rank                B\n", "")]);
    assert_eq!(fires(&t, "MIG-RISK-006"), none());
}

#[test]
fn risk_007_residual_above_inherent() {
    let t = edit(&[("residual_impact     4", "residual_impact     5")]);
    assert_eq!(fires(&t, "MIG-RISK-007"), [found("MIG-RISK-007", Severity::Error, "5")]);
    let a = check(&t);
    let d = diags(&a, "MIG-RISK-007")[0];
    let secondary: Vec<String> = d
        .labels
        .iter()
        .filter(|l| !l.primary)
        .filter_map(|l| a.file(l.file).and_then(|f| f.text.get(l.span.range())).map(str::to_string))
        .collect();
    assert_eq!(secondary, ["4"]);
    let t = edit(&[("residual_likelihood 1", "residual_likelihood 4")]);
    assert_eq!(fires(&t, "MIG-RISK-007"), [found("MIG-RISK-007", Severity::Error, "4")]);
}

#[test]
fn risk_007_residual_equal_to_inherent_is_fine() {
    let t = edit(&[("residual_likelihood 1", "residual_likelihood 3")]);
    assert_eq!(fires(&t, "MIG-RISK-007"), none());
    assert_eq!(fires(BASE, "MIG-RISK-007"), none());
}

// ---- risk matrices ---------------------------------------------------------------------------------

/// A stricter matrix: impact 4 × likelihood 3 is A here (B by default), 4 × 4 is S
/// (A by default), and S needs three controls.
const STRICT: &str = "matrix strict \"厳しめの基準\" {
  impact_5 [A, S, S, S, S]
  impact_4 [B, A, A, S, S]
  impact_3 [C, B, A, A, S]
  impact_2 [D, C, B, B, A]
  impact_1 [D, D, C, C, B]
  s_controls 3
  a_controls 1
  verified   proposal
}";

fn with_strict(text: &str) -> String {
    let t = format!("{text}\n{STRICT}\n");
    edit_of(&t, &[("  as_of     2026-11-01\n", "  as_of     2026-11-01\n  matrix    strict\n")])
}

#[test]
fn matrix_default_ranks_4_by_5_as_s_and_3_by_3_as_c() {
    let t = r01("4", "5", "S", "[mfa, training]");
    assert_eq!(fires(&t, "MIG-RISK-006"), none());
    let t = r01("3", "3", "C", "[mfa]");
    assert_eq!(fires(&t, "MIG-RISK-006"), none());
    let t = r01("3", "3", "B", "[mfa]");
    assert_eq!(fires(&t, "MIG-RISK-006"), [found("MIG-RISK-006", Severity::Warning, "B")]);
}

#[test]
fn matrix_default_evaluates_through_the_library() {
    let a = check(&r01("4", "5", "S", "[mfa, training]"));
    let matrix = a.symbols.lookup("std::matrix::default").and_then(|m| a.decl_of(m));
    let risk = a.model.of_kind("risk").find(|r| r.name.as_ref().is_some_and(|n| n.text == "r01"));
    let eval = matrix.zip(risk).and_then(|(m, r)| migc::rules::evaluate_risk(m, r));
    assert_eq!(eval.map(|e| (e.rank, e.controls_needed)), Some(("S", 2)));
}

#[test]
fn matrix_custom_changes_the_derived_rank() {
    // 4 × 3 stated as A: agrees with the custom matrix ...
    let stated_a = edit(&[("rank                B", "rank                A")]);
    assert_eq!(fires(&with_strict(&stated_a), "MIG-RISK-006"), none());
    // ... and disagrees with the default one.
    assert_eq!(fires(&stated_a, "MIG-RISK-006"), [found("MIG-RISK-006", Severity::Warning, "A")]);
    // The baseline's B now disagrees, and the finding points at the custom matrix.
    let t = with_strict(BASE);
    assert_eq!(fires(&t, "MIG-RISK-006"), [found("MIG-RISK-006", Severity::Warning, "B")]);
    let a = check(&t);
    let d = diags(&a, "MIG-RISK-006")[0];
    let secondary: Vec<String> = d
        .labels
        .iter()
        .filter(|l| !l.primary)
        .filter_map(|l| a.file(l.file).and_then(|f| f.text.get(l.span.range())).map(str::to_string))
        .collect();
    assert_eq!(secondary, ["strict"]);
}

#[test]
fn matrix_custom_sets_the_number_of_controls() {
    // 4 × 4 with two controls: A by default (fine), S needing 3 in the custom matrix.
    let t = r01("4", "4", "A", "[mfa, training]");
    assert_eq!(fires(&t, "MIG-RISK-003"), none());
    let t = with_strict(&r01("4", "4", "S", "[mfa, training]"));
    assert_eq!(fires(&t, "MIG-RISK-003"), [found("MIG-RISK-003", Severity::Warning, "[mfa, training]")]);
    assert_eq!(fires(&t, "MIG-RISK-006"), none());
}

#[test]
fn matrix_a_row_with_four_entries_is_rejected() {
    let t = format!("{BASE}\n{}\n", STRICT.replace("impact_3 [C, B, A, A, S]", "impact_3 [C, B, A, A]"));
    let a = check(&t);
    assert_eq!(of_code(&a, "MIG2005"), [found("MIG2005", Severity::Error, "[C, B, A, A]")]);
}

#[test]
fn matrix_levels_may_be_written_as_labels() {
    // 大きい = 4, 高い = 4 → A by default.
    let t = r01("大きい", "高い", "A", "[mfa]");
    assert_eq!(fires(&t, "MIG-RISK-006"), none());
    assert_eq!(fires(&t, "MIG-RISK-003"), none());
    let t = r01("大きい", "高い", "B", "[mfa]");
    assert_eq!(fires(&t, "MIG-RISK-006"), [found("MIG-RISK-006", Severity::Warning, "B")]);
    let a = check(&t);
    let label =
        diags(&a, "MIG-RISK-006")[0].primary_label().map(|l| l.message.get(Lang::En).to_string()).unwrap_or_default();
    assert_eq!(label, "impact 4 × likelihood 4 → A");
    // Residual levels as labels too: 中程度 (3) does not exceed 大きい (4).
    let t = edit_of(&t, &[("residual_impact     4", "residual_impact     中程度")]);
    assert_eq!(fires(&t, "MIG-RISK-007"), none());
}

// ==== MIG-BKP-001..004 ==============================================================================

#[test]
fn bkp_001_one_generation() {
    let t = edit(&[("generations    7", "generations    1")]);
    assert_eq!(fires(&t, "MIG-BKP-001"), [found("MIG-BKP-001", Severity::Error, "1")]);
}

#[test]
fn bkp_001_one_method() {
    let t = edit(&[("methods        [snapshot, tape]", "methods        [snapshot, snapshot]")]);
    assert_eq!(fires(&t, "MIG-BKP-001"), [found("MIG-BKP-001", Severity::Error, "[snapshot, snapshot]")]);
    let a = check(&t);
    assert!(message_en(diags(&a, "MIG-BKP-001")[0]).contains("1 method"));
}

#[test]
fn bkp_001_two_generations_by_two_methods_are_enough() {
    let t = edit(&[("generations    7", "generations    2")]);
    assert_eq!(fires(&t, "MIG-BKP-001"), none());
}

#[test]
fn bkp_002_neither_immutable_nor_offline() {
    // The label stands on the stated `immutable false`; without it, on the backup's name.
    let t = edit(&[("immutable      true", "immutable      false")]);
    assert_eq!(fires(&t, "MIG-BKP-002"), [found("MIG-BKP-002", Severity::Error, "false")]);
    let t = edit(&[("immutable      true\n", "")]);
    assert_eq!(fires(&t, "MIG-BKP-002"), [found("MIG-BKP-002", Severity::Error, "nightly")]);
}

#[test]
fn bkp_002_an_offline_copy_is_enough() {
    let t = edit(&[("immutable      true", "offline        true")]);
    assert_eq!(fires(&t, "MIG-BKP-002"), none());
}

#[test]
fn bkp_003_no_restore_test() {
    let t = edit(&[("  restore_tested 2026-09-01\n", "")]);
    // Corrected (guidelines.md §15 4): a dated restore test rests on a secondary source.
    assert_eq!(fires(&t, "MIG-BKP-003"), [found("MIG-BKP-003", Severity::Warning, "nightly")]);
    assert_eq!(check(&t).count(Severity::Error), 0);
}

#[test]
fn bkp_003_a_restore_test_after_as_of() {
    let t = edit(&[("restore_tested 2026-09-01", "restore_tested 2026-11-02")]);
    assert_eq!(fires(&t, "MIG-BKP-003"), [found("MIG-BKP-003", Severity::Warning, "2026-11-02")]);
}

#[test]
fn bkp_003_a_restore_test_on_the_as_of_date_is_fine() {
    let t = edit(&[("restore_tested 2026-09-01", "restore_tested 2026-11-01")]);
    assert_eq!(fires(&t, "MIG-BKP-003"), none());
}

#[test]
fn bkp_004_an_asset_storing_medical_data_without_a_backup() {
    let t = edit(&[("of             [db_server]", "of             [exam_pc]")]);
    assert_eq!(fires(&t, "MIG-BKP-004"), [found("MIG-BKP-004", Severity::Error, "db_server")]);
}

#[test]
fn bkp_004_backing_up_the_data_or_an_asset_holding_it_is_enough() {
    let t = edit(&[("of             [db_server]", "of             [chart]")]);
    assert_eq!(fires(&t, "MIG-BKP-004"), none());
    // A replica storing the same data is covered by the server's backup.
    let t =
        with("asset replica \"レプリカ\" { kind storage; at dc; managed_by vendor; stores [chart]; registered true }");
    assert_eq!(fires(&t, "MIG-BKP-004"), none());
}

// ==== MIG-RET-001 ===================================================================================

const DATA_RETENTION: &str = "retention 5y";

#[test]
fn ret_001_shorter_than_the_legal_period() {
    let t = edit(&[(DATA_RETENTION, "retention 4y")]);
    assert_eq!(fires(&t, "MIG-RET-001"), [found("MIG-RET-001", Severity::Error, "4y")]);
    let a = check(&t);
    let ja = diags(&a, "MIG-RET-001")[0].message.get(Lang::Ja).to_string();
    assert!(ja.contains("医師法24条2項") && ja.contains("5年"), "{ja}");
}

#[test]
fn ret_001_no_retention_stated() {
    let t = edit(&[(&format!("  {DATA_RETENTION}\n"), "")]);
    assert_eq!(fires(&t, "MIG-RET-001"), [found("MIG-RET-001", Severity::Error, "chart")]);
}

#[test]
fn ret_001_exactly_the_legal_period_or_no_record_kind_is_fine() {
    assert_eq!(fires(BASE, "MIG-RET-001"), none());
    let t = edit(&[(DATA_RETENTION, "retention 10y")]);
    assert_eq!(fires(&t, "MIG-RET-001"), none());
    let t = with("data memo \"メモ\" { class non_medical }");
    assert_eq!(fires(&t, "MIG-RET-001"), none());
}

// ==== MIG-MEDIA-001/002, MIG-DEV-001 ================================================================

#[test]
fn media_001_usb_storage_allowed() {
    let t = edit(&[("usb_storage blocked", "usb_storage allowed")]);
    assert_eq!(fires(&t, "MIG-MEDIA-001"), [found("MIG-MEDIA-001", Severity::Warning, "allowed")]);
    let t = edit(&[("  usb_storage blocked\n", "")]);
    assert_eq!(fires(&t, "MIG-MEDIA-001"), [found("MIG-MEDIA-001", Severity::Warning, "exam_pc")]);
}

#[test]
fn media_001_terminals_without_medical_data_are_not_checked() {
    assert_eq!(fires(BASE, "MIG-MEDIA-001"), none());
    let t = with("asset office_pc \"事務PC\" { kind terminal; at dc; managed_by clinic; registered true }");
    assert_eq!(fires(&t, "MIG-MEDIA-001"), none());
}

const TABLET: &str = "asset tab \"タブレット\" {
  kind       tablet
  at         dc
  managed_by clinic
  stores     [chart]
  usb_storage blocked
  registered true
  encrypted  true
}";

#[test]
fn media_002_a_tablet_storing_medical_data_unencrypted() {
    let t = with(&TABLET.replace("  encrypted  true\n", ""));
    assert_eq!(fires(&t, "MIG-MEDIA-002"), [found("MIG-MEDIA-002", Severity::Error, "tab")]);
    let t = with(&TABLET.replace("registered true", "registered false"));
    assert_eq!(fires(&t, "MIG-MEDIA-002"), [found("MIG-MEDIA-002", Severity::Error, "false")]);
}

#[test]
fn media_002_portable_true_makes_any_asset_portable() {
    let t = edit(&[("  usb_storage blocked\n", "  usb_storage blocked\n  stores      [chart]\n  portable    true\n")]);
    assert_eq!(fires(&t, "MIG-MEDIA-002"), [found("MIG-MEDIA-002", Severity::Error, "exam_pc")]);
}

#[test]
fn media_002_registered_and_encrypted_is_fine() {
    let t = with(TABLET);
    assert_eq!(fires(&t, "MIG-MEDIA-002"), none());
    // A tablet without 医療情報 stored on it neither.
    let t = with(&TABLET.replace("  stores     [chart]\n", "").replace("  encrypted  true\n", ""));
    assert_eq!(fires(&t, "MIG-MEDIA-002"), none());
}

#[test]
fn dev_001_an_unregistered_device() {
    let t = edit(&[("  registered  true\n", "")]);
    assert_eq!(fires(&t, "MIG-DEV-001"), [found("MIG-DEV-001", Severity::Error, "exam_pc")]);
    let t = edit(&[("registered true", "registered false")]);
    assert_eq!(fires(&t, "MIG-DEV-001"), [found("MIG-DEV-001", Severity::Error, "false")]);
}

#[test]
fn dev_001_applications_and_external_systems_are_not_devices() {
    let t = with(
        "asset app \"電子カルテ\" { kind application; at dc; managed_by vendor; runs_on db_server }\nasset ext \"外部\" { kind external_system; at dc; managed_by vendor }",
    );
    assert_eq!(fires(&t, "MIG-DEV-001"), none());
}

// ==== MIG-EDOC-001 ==================================================================================

#[test]
fn edoc_001_replaces_paper_without_the_three_conditions() {
    let t = edit(&[(DATA_RETENTION, "retention 5y\n  replaces_paper true")]);
    let expected = found("MIG-EDOC-001", Severity::Warning, "chart");
    assert_eq!(fires(&t, "MIG-EDOC-001"), [expected.clone(), expected.clone(), expected]);
    let t =
        edit(&[(DATA_RETENTION, "retention 5y\n  replaces_paper true\n  authenticity [mfa]\n  legibility [training]")]);
    assert_eq!(fires(&t, "MIG-EDOC-001"), [found("MIG-EDOC-001", Severity::Warning, "chart")]);
    let a = check(&t);
    assert!(message_en(diags(&a, "MIG-EDOC-001")[0]).contains("preservation"));
}

#[test]
fn edoc_001_all_three_conditions_are_enough() {
    let t = edit(&[(
        DATA_RETENTION,
        "retention 5y\n  replaces_paper true\n  authenticity [mfa]\n  legibility [training]\n  preservation [mfa]",
    )]);
    assert_eq!(fires(&t, "MIG-EDOC-001"), none());
    assert_eq!(fires(BASE, "MIG-EDOC-001"), none());
}

// ==== waivers =======================================================================================

fn waived_model() -> String {
    edit_of(&with(WAIVER), &[IPSEC])
}

#[test]
fn waiver_suppresses_its_finding() {
    // Without the waiver: the finding.
    assert_eq!(fires(&edit(&[IPSEC]), "MIG-NET-001"), [found("MIG-NET-001", Severity::Warning, "ipsec_vpn")]);
    let a = check(&waived_model());
    assert_eq!(all(&a), none());
    assert_eq!(a.rule_stats.waived, 1);
}

#[test]
fn waiver_holds_on_its_until_date() {
    let mut ws = workspace(&waived_model());
    ws.as_of = date(2027, 3, 31);
    let a = analyze(&ws);
    assert_eq!(all(&a), none());
    assert_eq!(a.rule_stats.waived, 1);
}

#[test]
fn waiver_expired_brings_the_finding_back_with_a_note() {
    let mut ws = workspace(&waived_model());
    ws.as_of = date(2027, 4, 1);
    let a = analyze(&ws);
    assert_eq!(of_code(&a, "MIG-NET-001"), [found("MIG-NET-001", Severity::Warning, "ipsec_vpn")]);
    assert_eq!(a.rule_stats.waived, 0);
    assert_eq!(of_code(&a, "MIG3001"), none(), "an expired waiver is not unused");
    let d = diags(&a, "MIG-NET-001")[0];
    let notes: Vec<&str> = d.notes.iter().map(|n| n.get(Lang::En)).collect();
    assert!(notes.iter().any(|n| n.contains("keep_vpn") && n.contains("2027-03-31")), "{notes:?}");
    let secondary: Vec<String> = d
        .labels
        .iter()
        .filter(|l| !l.primary)
        .filter_map(|l| a.file(l.file).and_then(|f| f.text.get(l.span.range())).map(str::to_string))
        .collect();
    assert_eq!(secondary, ["2027-03-31"]);
}

#[test]
fn waiver_expired_by_the_model_as_of() {
    let t = edit_of(&waived_model(), &[("as_of     2026-11-01", "as_of     2027-06-01")]);
    assert_eq!(fires(&t, "MIG-NET-001"), [found("MIG-NET-001", Severity::Warning, "ipsec_vpn")]);
}

#[test]
fn waiver_unused_is_a_warning_at_its_name() {
    // The network is an IP-VPN: there is no MIG-NET-001 finding to waive.
    let a = check(&with(WAIVER));
    assert_eq!(all(&a), [found("MIG3001", Severity::Warning, "keep_vpn")]);
    assert_eq!(a.rule_stats.waived, 0);
}

#[test]
fn waiver_on_another_target_does_not_suppress() {
    let t = edit_of(&waived_model(), &[("waiver keep_vpn on line", "waiver keep_vpn on db_server")]);
    let a = check(&t);
    assert_eq!(
        all(&a),
        [found("MIG-NET-001", Severity::Warning, "ipsec_vpn"), found("MIG3001", Severity::Warning, "keep_vpn")]
    );
    assert_eq!(a.rule_stats.waived, 0);
}

#[test]
fn waiver_of_another_rule_does_not_suppress() {
    let t = edit_of(&waived_model(), &[("rule        MIG-NET-001", "rule        MIG-NET-003")]);
    let a = check(&t);
    assert_eq!(
        all(&a),
        [found("MIG-NET-001", Severity::Warning, "ipsec_vpn"), found("MIG3001", Severity::Warning, "keep_vpn")]
    );
}

#[test]
fn waiver_of_an_unknown_rule() {
    let t = edit_of(&waived_model(), &[("rule        MIG-NET-001", "rule        MIG-NET-010")]);
    let a = check(&t);
    assert_eq!(of_code(&a, "MIG3002"), [found("MIG3002", Severity::Error, "MIG-NET-010")]);
    assert_eq!(of_code(&a, "MIG-NET-001").len(), 1, "nothing is waived");
    let help = diags(&a, "MIG3002")[0].help.as_ref().map(|h| h.get(Lang::En).to_string()).unwrap_or_default();
    assert!(help.contains("MIG-NET-001"), "suggests the closest rule: {help}");
}

#[test]
fn waiver_without_reason_or_approver_is_an_error() {
    let t = edit_of(&waived_model(), &[("  reason      \"閉域網の整備が終わるまで IPsec-VPN を使う\"\n", "")]);
    let a = check(&t);
    assert_eq!(of_code(&a, "MIG2003"), [found("MIG2003", Severity::Error, "keep_vpn")]);
    let t = edit_of(&waived_model(), &[("  approved_by \"院長\"\n", "")]);
    let a = check(&t);
    assert_eq!(of_code(&a, "MIG2003"), [found("MIG2003", Severity::Error, "keep_vpn")]);
}

/// A waiver must state reason, approver and expiry (schema: "必ず書く"). One
/// that lacks them is rejected with MIG2003, yet it still suppresses the
/// finding, so the reader sees "missing reason" instead of the finding itself.
#[test]
fn waiver_without_reason_does_not_suppress() {
    let t = edit_of(&waived_model(), &[("  reason      \"閉域網の整備が終わるまで IPsec-VPN を使う\"\n", "")]);
    let a = check(&t);
    assert_eq!(of_code(&a, "MIG-NET-001").len(), 1, "an incomplete waiver must not take effect");
    assert_eq!(a.rule_stats.waived, 0);
}

#[test]
fn waiver_with_an_empty_reason_or_approver_is_an_error_and_waives_nothing() {
    let reason = "  reason      \"閉域網の整備が終わるまで IPsec-VPN を使う\"";
    let approver = "  approved_by \"院長\"";
    for (from, to, at) in [
        (reason, "  reason      \"\"", "\"\""),
        (reason, "  reason      \"  \u{3000} \"", "\"  \u{3000} \""),
        (approver, "  approved_by \"\"", "\"\""),
        (approver, "  approved_by \" \"", "\" \""),
    ] {
        let a = check(&edit_of(&waived_model(), &[(from, to)]));
        // One error, at the value; no "missing property", and the finding stays.
        assert_eq!(of_code(&a, "MIG2019"), [found("MIG2019", Severity::Error, at)], "{to}");
        assert_eq!(of_code(&a, "MIG2003"), none(), "{to}");
        assert_eq!(of_code(&a, "MIG3001"), none(), "{to}");
        assert_eq!(of_code(&a, "MIG-NET-001").len(), 1, "an empty {to} waives nothing");
        assert_eq!(a.rule_stats.waived, 0);
        let help = diags(&a, "MIG2019")[0].help.as_ref().map(|h| h.get(Lang::En).to_string()).unwrap_or_default();
        assert!(help.contains("e.g.") && help.contains("accepts nothing"), "{help}");
    }
    // The near-miss: a reason and an approver that say something waive the finding.
    let a = check(&waived_model());
    assert_eq!(of_code(&a, "MIG2019"), none());
    assert_eq!(a.rule_stats.waived, 1);
}

#[test]
fn waiver_suppresses_only_its_rule_on_its_target() {
    // Two findings on `line` (NET-001 and NET-003): the waiver removes NET-001 only.
    let t = edit_of(&with(WAIVER), &[(NET_KIND, "kind        ipsec_vpn")]);
    let a = check(&t);
    assert_eq!(all(&a), [found("MIG-NET-003", Severity::Error, "line")]);
    assert_eq!(a.rule_stats.waived, 1);
}

// ==== severities from mig.toml ======================================================================

#[test]
fn config_error_turns_a_warning_into_an_error() {
    let mut ws = workspace(&edit(&[IPSEC]));
    ws.config.rules.insert("MIG-NET-001".into(), RuleLevel::Error);
    assert_eq!(fires_in(&ws, "MIG-NET-001"), [found("MIG-NET-001", Severity::Error, "ipsec_vpn")]);
}

#[test]
fn config_warning_turns_an_error_into_a_warning() {
    let mut ws = workspace(&net("ipsec_vpn"));
    ws.config.rules.insert("MIG-NET-003".into(), RuleLevel::Warning);
    assert_eq!(fires_in(&ws, "MIG-NET-003"), [found("MIG-NET-003", Severity::Warning, "line")]);
}

#[test]
fn config_allow_removes_the_rule() {
    let mut ws = workspace(&edit(&[IPSEC]));
    ws.config.rules.insert("MIG-NET-001".into(), RuleLevel::Allow);
    let a = analyze(&ws);
    assert_eq!(all(&a), none());
    assert_eq!(a.rule_stats.rules_run, migc::rules::registry().count() - 1);
}

/// A severity for a rule id that does not exist (a typo) is silently ignored:
/// the user believes the rule is allowed or raised while nothing changed.
/// Waivers get MIG3002 for the same mistake; `mig.toml` should get a diagnostic too.
#[test]
fn config_naming_an_unknown_rule_is_reported() {
    let mut ws = workspace(&edit(&[IPSEC]));
    ws.config_path = Some("proj/mig.toml".into());
    ws.config_text = Some("[rules]\n\"MIG-NET-01\" = \"allow\"\n".into());
    ws.config.rules.insert("MIG-NET-01".into(), RuleLevel::Allow);
    let a = analyze(&ws);
    assert_eq!(of_code(&a, "MIG-NET-001").len(), 1, "the misspelt key changes nothing");
    let mentioned = a.diagnostics.iter().any(|d| d.code != "MIG-NET-001" && message_en(d).contains("MIG-NET-01"));
    assert!(mentioned, "an unknown rule id in mig.toml is reported: {:?}", all(&a));
}

#[test]
fn config_overrides_the_mfa_deadline_severity() {
    let mut ws = workspace(&one_factor_as_of("2027-04-01"));
    ws.config.rules.insert("MIG-AUTH-001".into(), RuleLevel::Warning);
    assert_eq!(fires_in(&ws, "MIG-AUTH-001"), [found("MIG-AUTH-001", Severity::Warning, PIN_LIST)]);
}

// ==== as_of =========================================================================================

#[test]
fn no_as_of_anywhere_is_a_warning_at_the_model() {
    let t = edit(&[("  as_of     2026-11-01\n", "")]);
    let a = check(&t);
    assert_eq!(all(&a), [found("MIG3003", Severity::Warning, "svc")]);
}

#[test]
fn workspace_as_of_replaces_a_missing_model_as_of() {
    let mut ws = workspace(&edit(&[("  as_of     2026-11-01\n", "")]));
    ws.as_of = date(2026, 11, 1);
    assert_eq!(all(&analyze(&ws)), none());
}
