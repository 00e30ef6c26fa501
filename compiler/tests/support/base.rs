//! The baseline model the rule tests edit, and the helpers that read their findings
//! (rules.rs, rules_routes.rs, rules_scope.rs, rules_people.rs).
#![allow(dead_code, reason = "each rule test file uses a part of these helpers")]

use migc::diag::{Diagnostic, Severity};
use migc::workspace::Workspace;
use migc::{Analysis, analyze};

/// A small model that passes every rule: one provider (ISMS), one institution,
/// one site in Japan, a server storing one class of 医療情報 with a legal
/// retention, one terminal, one doctor, one flow over an IP-VPN with password +
/// IC card, all eleven threats of 表5-1 on that flow, owned controls, an access
/// log, a backup, every std::duty assigned, and a termination.
pub const BASE: &str = r#"model svc "テスト用サービス" {
  editions  [std::edition::meti_mic_1_1, std::edition::mhlw_6_0]
  form      application
  provider  vendor
  customers [clinic]
  as_of     2026-11-01
}

party vendor "提供事業者" {
  role           provider
  country        JP
  certifications [isms]
}

party clinic "診療所" {
  role    institution
  country JP
}

site dc "データセンター" {
  kind        datacenter
  country     JP
  operated_by vendor
}

asset db_server "DBサーバ" {
  kind       server
  at         dc
  managed_by vendor
  stores     [chart]
  encrypted  true
  registered true
  patching   managed
  services_minimized true
}

asset exam_pc "診察室端末" {
  kind        terminal
  at          dc
  managed_by  clinic
  usb_storage blocked
  registered  true
  patching    managed
  services_minimized true
}

network line "接続回線" {
  kind        ip_vpn
  between     [dc]
  operated_by vendor
}

data chart "診療録" {
  class     patient_identifiable
  record    std::record::medical_record
  retention 5y
}

actor doctor "医師" {
  category doctor
  party    clinic
}

flow consult "診察" {
  phase   operation
  who     doctor
  from    exam_pc
  to      db_server
  carries [chart]
  actions [view, edit]
  via     line
  auth    [std::auth::password, std::auth::smartcard]
}

risk r01 on consult {
  threat              std::threat::unauthorized_access
  impact              4
  likelihood          3
  rank                B
  treatment           reduce
  controls            [mfa]
  residual_impact     4
  residual_likelihood 1
}
risk r02 on consult { threat std::threat::eavesdropping_spoofing; not_applicable "閉域網のみ" }
risk r03 on consult { threat std::threat::advanced_cyber_attack; not_applicable "試験" }
risk r04 on consult { threat std::threat::ransomware; not_applicable "試験" }
risk r05 on consult { threat std::threat::information_leakage; not_applicable "試験" }
risk r06 on consult { threat std::threat::tampering_destruction; not_applicable "試験" }
risk r07 on consult { threat std::threat::system_outage; not_applicable "試験" }
risk r08 on consult { threat std::threat::technical_vulnerability; not_applicable "試験" }
risk r09 on consult { threat std::threat::device_loss_theft; not_applicable "試験" }
risk r10 on consult { threat std::threat::physical_intrusion; not_applicable "試験" }
risk r11 on consult { threat std::threat::disaster; not_applicable "試験" }

control mfa "多要素認証" {
  category technical
  owner    vendor
}

control training "教育" {
  category human
  owner    clinic
}

log access_log "アクセスログ" {
  of                [db_server]
  fields            [login_time, duration, records_touched]
  retention         5y
  tamper_proof      true
  access_restricted true
  time_source       ntp
}

backup nightly "夜間バックアップ" {
  of             [db_server]
  generations    7
  methods        [snapshot, tape]
  immutable      true
  restore_tested 2026-09-01
}

responsibility on std::duty::server_management { normal [vendor]; emergency [vendor] }
responsibility on std::duty::terminal_management { normal [clinic]; emergency [clinic] }
responsibility on std::duty::network_management { normal [vendor]; emergency [vendor] }
responsibility on std::duty::account_management { normal [vendor]; emergency [vendor] }
responsibility on std::duty::access_log_review { normal [vendor]; emergency [vendor] }
responsibility on std::duty::backup { normal [vendor]; emergency [vendor] }
responsibility on std::duty::patch_management { normal [vendor]; emergency [vendor] }
responsibility on std::duty::vulnerability_management { normal [vendor]; emergency [vendor] }
responsibility on std::duty::incident_response { normal [vendor]; emergency [vendor, clinic] }
responsibility on std::duty::physical_security { normal [vendor]; emergency [vendor] }
responsibility on std::duty::media_management { normal [vendor]; emergency [vendor] }
responsibility on std::duty::data_disposal { normal [vendor]; emergency [vendor] }
responsibility on std::duty::contract_end_data_handling { normal [vendor]; emergency [vendor] }
responsibility on std::duty::user_training { normal [clinic]; emergency [clinic] }
responsibility on std::duty::audit { normal [vendor]; emergency [vendor] }
responsibility on std::duty::inquiry_contact { normal [vendor]; emergency [vendor] }

termination contract_end "契約終了" {
  return handback {
    data   [chart]
    to     clinic
    format "SS-MIX2"
    within 30d
  }
  dispose wipe {
    target   [db_server]
    method   crypto_erase
    evidence "データ消去証明書"
    within   60d
  }
}

account_policy pw "認証規程" {
  min_length             13
  reuse_banned           true
  lockout                true
  screen_lock            10min
  remove_unused_accounts true
}

policy incidents "インシデント対応手順・連絡体制図" {
  kind     incident_procedure
  contacts [vendor, clinic]
}

policy bcp "事業継続計画" {
  kind     bcp
  contacts [vendor, clinic]
}

policy contract "利用契約" {
  kind                contract
  security_updates_by vendor
}

policy ops "運用管理規程" {
  kind                operations_rules
  covers              [basic_policy, organization, documents, equipment, risk_controls, incidents, media, crisis, patients, audit, contact]
  accountable_manager "代表取締役"
  system_manager      "運用部長"
}
"#;

/// (code, severity, text under the primary label).
pub type Found = (String, Severity, String);

pub fn found(code: &str, severity: Severity, text: &str) -> Found {
    (code.to_string(), severity, text.to_string())
}

pub fn none() -> Vec<Found> {
    Vec::new()
}

/// Analyse one file `m.mig` of a project `proj`.
pub fn check(text: &str) -> Analysis {
    let mut ws = Workspace::new("proj");
    ws.set_text("proj/m.mig", text.to_string());
    analyze(&ws)
}

/// The text under a diagnostic's primary label.
pub fn label_text(a: &Analysis, d: &Diagnostic) -> String {
    d.primary_label()
        .and_then(|l| a.file(l.file).and_then(|f| f.text.get(l.span.range())))
        .unwrap_or("<no label>")
        .to_string()
}

pub fn all(a: &Analysis) -> Vec<Found> {
    a.diagnostics.iter().map(|d| (d.code.clone(), d.severity, label_text(a, d))).collect()
}

pub fn of_code(a: &Analysis, code: &str) -> Vec<Found> {
    all(a).into_iter().filter(|(c, _, _)| c == code).collect()
}

/// Syntax and schema diagnostics (MIG1xxx, MIG2xxx): an edit that produces one
/// would make a near miss pass for the wrong reason.
pub fn schema_problems(a: &Analysis) -> Vec<Found> {
    // Notes (MIG2017: the targeted edition is known from secondary sources) are not problems.
    all(a)
        .into_iter()
        .filter(|(c, s, _)| (c.starts_with("MIG1") || c.starts_with("MIG2")) && *s != Severity::Note)
        .collect()
}

/// Analyse a model that must be free of syntax and schema problems, and return
/// the findings of one rule.
pub fn fires(text: &str, code: &str) -> Vec<Found> {
    let a = check(text);
    assert_eq!(schema_problems(&a), Vec::<Found>::new(), "the edited model must be well-formed");
    of_code(&a, code)
}
