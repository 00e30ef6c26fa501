//! `migc init`: a new project that a team fills in. Every place that needs the
//! team's input carries a `// TODO(migc): …` marker, which `migc check` reports
//! (MIG3007) until it is removed; with the markers removed, the project checks clean.

use crate::analysis::Analysis;
use crate::rules::fixes as stubs;

/// The marker of a place to fill in.
pub const MARKER: &str = "TODO(migc)";

/// The forms of service a project can start from.
pub const FORMS: &[&str] = &["application", "platform", "infrastructure"];

/// The files of a new project: (relative path, text), in writing order.
/// Threats and duties come from the standard library, so a new catalogue entry
/// appears in the next project without a change here.
pub fn project_files(form: &str) -> Vec<(&'static str, String)> {
    let std = crate::analyze(&crate::workspace::Workspace::default());
    let names = |kind: &str| -> Vec<String> {
        std.symbols.iter().filter(|(_, s)| s.kind.kind == kind).map(|(_, s)| s.name.clone()).collect()
    };
    let mut model = MODEL.replace("{form}", form);
    for duty in names("duty") {
        model.push('\n');
        model.push_str(&stubs::responsibility_stub(&format!("std::duty::{duty}"), "provider", "provider, institution"));
    }
    let mut risks = String::from(RISKS_HEAD);
    for threat in names("threat") {
        risks.push('\n');
        risks.push_str(&stubs::risk_stub(
            &format!("main_flow_{threat}"),
            "main_flow",
            &format!("std::threat::{threat}"),
            Some("access_control"),
        ));
    }
    // In the canonical layout, as `migc fmt` would leave them (the templates parse cleanly).
    let canonical = |text: String| crate::format::format_text(&text).unwrap_or(text);
    vec![("mig.toml", MIG_TOML.to_string()), ("model.mig", canonical(model)), ("risks.mig", canonical(risks))]
}

/// The places to fill in of an analysed project: (file, byte offset of the marker, what to fill in).
pub fn markers(analysis: &Analysis) -> Vec<(crate::diag::FileId, usize, usize, String)> {
    let mut out = Vec::new();
    for (i, f) in analysis.files.iter().enumerate() {
        if f.stdlib_module.is_some() || !f.name.ends_with(".mig") {
            continue;
        }
        for at in memchr::memmem::find_iter(f.text.as_bytes(), MARKER.as_bytes()) {
            let end = f.text[at..].find('\n').map_or(f.text.len(), |n| at + n);
            let what = f.text[at + MARKER.len()..end].trim_start_matches(':').trim().trim_end_matches('\r').to_string();
            out.push((crate::diag::FileId(i as u32), at, end, what));
        }
    }
    out
}

const MIG_TOML: &str = "[project]\nname = \"my-service\"\nentry = [\"model.mig\"]\n";

const RISKS_HEAD: &str = "// risks.mig — 情報流 main_flow のリスク評価: 脅威カタログ (std::threat) の脅威ごとに1件。\n// 影響 (impact) と発生可能性 (likelihood) は 1〜5。対策 (controls) は model.mig の control。\n";

const MODEL: &str = r#"// model.mig — migc init が作ったひな形。要記入の印の注釈が付いた箇所をサービスに合わせて
// 書き換え、その注釈を消してください。`migc check` は残っている箇所を MIG3007 として示します。

import "risks.mig"

model my_service "サービス名" {  // TODO(migc): サービスの名前と題名
  editions [std::edition::meti_mic_1_1, std::edition::mhlw_6_0]
  form     {form}
  provider provider
  customers [institution]
  as_of    2026-11-30  // TODO(migc): 評価の基準日
}

party provider "提供事業者" {  // TODO(migc): 提供事業者の名前
  role           provider
  country        JP
  certifications [isms]  // TODO(migc): 取得している認証 (isms, pmark)
}

party institution "医療機関" {  // TODO(migc): 医療機関の名前
  role    institution
  country JP
}

site datacenter "データセンター" {  // TODO(migc): 設置場所
  kind        datacenter
  country     JP
  operated_by provider
  physical    [locked, cctv]
}

asset app_server "アプリケーションサーバ" {  // TODO(migc): 医療情報を保存する機器
  kind        server
  registered  true
  at          datacenter
  managed_by  provider
  stores      [patient_record]
  encrypted   true
  patching    vendor
  services_minimized true
}

asset terminal "利用者端末" {  // TODO(migc): 利用者の端末
  kind        terminal
  registered  true
  at          datacenter
  managed_by  institution
  usb_storage blocked
  patching    automatic
  services_minimized true
}

network service_net "サービスの回線" {  // TODO(migc): 端末とサーバの間の回線
  kind               closed
  between            [datacenter]
  operated_by        provider
  source_restriction true
}

data patient_record "診療録" {  // TODO(migc): 扱う医療情報
  class     patient_identifiable
  retention 5y
}

actor clinician "医師" {
  category doctor
  party    institution
}

flow main_flow "診療録の参照・記載" {  // TODO(migc): 情報流 (誰が、どこから、何を)
  phase   operation
  who     clinician
  from    terminal
  to      app_server
  carries [patient_record]
  actions [view, create, edit]
  via     service_net
  auth    [std::auth::password, std::auth::smartcard]
}

control access_control "アクセス制御" {  // TODO(migc): 実施する対策
  category technical
  owner    provider
}

log access_log "アクセスログ" {
  of                [app_server]
  stored_at         app_server
  fields            [login_time, logout_time, duration, records_touched, user_id, terminal, operation]
  retention         5y
  tamper_proof      true
  access_restricted true
  time_source       ntp
  reviewed_every    1m
}

backup server_backup "バックアップ" {
  of             [app_server]
  generations    7
  methods        [disk, snapshot]
  immutable      true
  offline        true
  interval       1d
  stored_at      [datacenter]
  restore_tested 2026-11-01  // TODO(migc): 直近の復元試験の日
}

policy operations_rules "運用管理規程" {
  kind                operations_rules
  covers              [basic_policy, organization, documents, equipment, risk_controls, incidents, media, crisis, patients, audit, contact]
  accountable_manager "管理責任者"  // TODO(migc): 最終的な管理責任者 (役職と氏名)
  system_manager      "システム管理者"  // TODO(migc): システム管理者 (役職と氏名)
}

policy incident_procedure "非常時・インシデント対応手順" {
  kind     incident_procedure
  contacts [institution, provider]
}

policy bcp "事業継続計画 (サイバー攻撃を想定)" {
  kind     bcp
  contacts [institution, provider]
}

policy contract "提供契約" {
  kind                contract
  security_updates_by provider
}

account_policy accounts "アカウント・パスワード規程" {
  min_length             13
  reuse_banned           true
  lockout                true
  screen_lock            10min
  remove_unused_accounts true
}

termination contract_end "契約終了時の取扱い" {
  return return_data {
    data   [patient_record]
    to     institution
    format "標準形式"  // TODO(migc): 返却の形式
    within 30d
  }
  dispose disposal {
    target   [app_server]
    method   physical_destruction
    evidence "消去証明書"  // TODO(migc): 廃棄の証跡
    within   90d
    by       provider
  }
}

"#;
