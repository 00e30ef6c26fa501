//! The intentionally failing example (`examples/failing`): a model that is
//! syntactically and schema-valid but breaks nearly every guideline rule.
//! Its rendered diagnostics are snapshotted (Japanese text, English JSON), and
//! the set of rules it fires is pinned here, so that a change in any rule's
//! findings shows up as a reviewed diff.

#[path = "support/editions.rs"]
mod editions;

use migc::diag::{Lang, Severity};
use migc::{Analysis, analyze, render, workspace};
use std::path::PathBuf;

/// Rule ids the example cannot fire, and why.
/// (In the order of the registry.)
const NOT_FIRED: &[(&str, &str)] = &[
    (
        "MIG-PAT-001",
        "the example has no patient-facing flow (a [PROPOSAL] warning added after the example; its own tests are in rules_people.rs)",
    ),
    ("MIG-PW-003", "account lockout is asked by MHLW 7.0 only; the example targets 6.0 (it fires on 7.0, below)"),
    (
        "MIG-CERT-002",
        "a model has one provider: without Pマーク/ISMS it gets either MIG-CERT-001 (no alternative) or MIG-CERT-002 (alternatives only), never both",
    ),
    ("MIG-TLS-004", "the example states no TLS cipher profile (an unstated profile is not a finding)"),
    ("MIG-NET-008", "the example's networks carrying 医療情報 include no wireless LAN"),
    (
        "MIG-NET-009",
        "the example's IPsec VPN states no IKE version, algorithms or DH groups (unstated detail is not a finding)",
    ),
    (
        "MIG-MAINT-001",
        "the security-update clause is asked by MHLW 7.0 (保守委託機関編) only; the example targets 6.0 (it fires on 7.0, below)",
    ),
];

/// Rules the example fires only when it targets MHLW 7.0.
const ONLY_ON_7_0: &[&str] = &["MIG-MAINT-001", "MIG-PW-003"];

/// Every guideline rule the example fires, sorted.
const EXPECTED_RULES: &[&str] = &[
    "MIG-ACCT-001",
    "MIG-ACCT-002",
    "MIG-AUTH-001",
    "MIG-AUTH-002",
    "MIG-AUTH-003",
    "MIG-BCP-001",
    "MIG-BCP-002",
    "MIG-BKP-001",
    "MIG-BKP-002",
    "MIG-BKP-003",
    "MIG-BKP-004",
    "MIG-CERT-001",
    "MIG-DEV-001",
    "MIG-DEV-002",
    "MIG-DEV-003",
    "MIG-EDOC-001",
    "MIG-LOC-001",
    "MIG-LOC-002",
    "MIG-LOC-003",
    "MIG-LOC-004",
    "MIG-LOG-001",
    "MIG-LOG-002",
    "MIG-LOG-003",
    "MIG-LOG-004",
    "MIG-LOG-005",
    "MIG-MEDIA-001",
    "MIG-MEDIA-002",
    "MIG-NET-001",
    "MIG-NET-002",
    "MIG-NET-003",
    "MIG-NET-004",
    "MIG-NET-005",
    "MIG-NET-006",
    "MIG-NET-007",
    "MIG-OPS-001",
    "MIG-OPS-002",
    "MIG-OPS-003",
    "MIG-PW-001",
    "MIG-PW-002",
    "MIG-RESP-001",
    "MIG-RESP-002",
    "MIG-RESP-003",
    "MIG-RESP-004",
    "MIG-RESP-005",
    "MIG-RET-001",
    "MIG-RISK-001",
    "MIG-RISK-002",
    "MIG-RISK-003",
    "MIG-RISK-004",
    "MIG-RISK-005",
    "MIG-RISK-006",
    "MIG-RISK-007",
    "MIG-SCOPE-001",
    "MIG-SCOPE-002",
    "MIG-SESS-001",
    "MIG-TERM-001",
    "MIG-TERM-002",
    "MIG-TERM-003",
    "MIG-TERM-004",
    "MIG-TLS-001",
    "MIG-TLS-002",
    "MIG-TLS-003",
];

/// Load and analyse the example. The path is relative to the package directory
/// (where `cargo test` runs), so rendered file names are stable:
/// `../examples/failing/flows.mig`.
#[expect(clippy::expect_used, reason = "an example that cannot load is a failed test")]
fn failing() -> Analysis {
    let ws = workspace::load(&[PathBuf::from("../examples/failing")]).expect("examples/failing loads");
    assert!(ws.len() >= 3, "the example has several files joined by imports");
    analyze(&ws)
}

/// The distinct diagnostic codes, sorted.
fn codes(a: &Analysis) -> Vec<&str> {
    let mut codes: Vec<&str> = a.diagnostics.iter().map(|d| d.code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

#[test]
fn failing_example_fires_the_expected_rules() {
    let a = failing();
    let codes = codes(&a);

    // Only guideline findings: no syntax (MIG1xxx) or schema (MIG2xxx) problems.
    let structural: Vec<&str> =
        codes.iter().copied().filter(|c| c.starts_with("MIG1") || c.starts_with("MIG2")).collect();
    assert!(
        structural.is_empty(),
        "syntax or schema problems: {structural:?}\n{}",
        render::human(&a, &a.diagnostics, Lang::En, false)
    );

    let rules: Vec<&str> = codes.iter().copied().filter(|c| c.starts_with("MIG-")).collect();
    assert_eq!(rules, EXPECTED_RULES);

    // Every rule of the registry fires, except those that cannot (and those are real rules).
    let missing: Vec<&str> = migc::rules::registry().map(|r| r.id).filter(|id| !rules.contains(id)).collect();
    let cannot: Vec<&str> = NOT_FIRED.iter().map(|(id, _)| *id).collect();
    assert_eq!(missing, cannot, "rules that the example does not fire");

    // Besides the rules: the unused waiver W02, nothing else.
    let other: Vec<&str> = codes.iter().copied().filter(|c| !c.starts_with("MIG-")).collect();
    assert_eq!(other, ["MIG3001"]);

    // The expired waiver W01 does not hide its finding; it is named in a note.
    let net005: Vec<_> = a.diagnostics.iter().filter(|d| d.code == "MIG-NET-005").collect();
    assert_eq!(net005.len(), 1);
    assert!(net005.iter().all(|d| d.notes.iter().any(|n| n.get(Lang::En).contains("waiver `W01` expired"))));
    assert_eq!(a.rule_stats.waived, 0, "no waiver is in force");

    // `migc check` would exit with 1.
    assert!(a.count(Severity::Error) > 0);
}

/// Targeting MHLW 7.0 instead of 6.0, the example still fires every rule it
/// fires under 6.0 (so every rule family), and the findings differ only in the
/// rules whose basis differs between the editions.
#[test]
fn failing_example_on_7_0_still_fires_every_rule_family() {
    let mut ws = workspace::load(&[PathBuf::from("../examples/failing")]).expect("examples/failing loads");
    editions::retarget_to_7_0(&mut ws);
    let a7 = analyze(&ws);
    let rules: Vec<&str> = codes(&a7).into_iter().filter(|c| c.starts_with("MIG-")).collect();
    let mut expected: Vec<&str> = EXPECTED_RULES.iter().chain(ONLY_ON_7_0).copied().collect();
    expected.sort_unstable();
    assert_eq!(rules, expected);
    let a6 = failing();
    let differ_by_edition: Vec<&str> =
        migc::rules::registry().filter(|r| !r.editions.is_empty()).map(|r| r.id).collect();
    let same = |a: &Analysis| -> Vec<(String, Severity, String)> {
        a.diagnostics
            .iter()
            .filter(|d| !differ_by_edition.contains(&d.code.as_str()) && d.code != "MIG2017")
            .map(|d| (d.code.clone(), d.severity, d.message.get(Lang::En).to_string()))
            .collect()
    };
    assert_eq!(same(&a6), same(&a7));
}

#[test]
fn failing_ja() {
    let a = failing();
    let mut text = render::human(&a, &a.diagnostics, Lang::Ja, false);
    text.push_str(&render::summary(&a, Lang::Ja));
    text.push('\n');
    insta::assert_snapshot!("failing_ja", text);
}

#[test]
fn failing_json_en() {
    let a = failing();
    insta::assert_snapshot!("failing_json_en", render::json(&a, &a.diagnostics, Lang::En));
}
