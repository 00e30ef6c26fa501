//! Several actors in a flow, patient-facing flows, factors bound to a device, log
//! tiers and backup copies: each finding at its declaration and property, and the
//! compliant near miss beside it clean. The baseline is the one of `rules.rs`.

use migc::analyze;
use migc::diag::{Diagnostic, Lang, Severity};
use migc::format::format_text;
use migc::workspace::Workspace;

#[path = "support/base.rs"]
mod base;
use base::{BASE, Found, all, check, fires, found, none, schema_problems};

/// The English messages (and notes) of one rule's findings.
fn messages(text: &str, code: &str) -> Vec<String> {
    let a = check(text);
    a.diagnostics
        .iter()
        .filter(|d| d.code == code)
        .map(|d| {
            let notes: Vec<&str> = d.notes.iter().map(|n| n.get(Lang::En)).collect();
            format!("{} | {}", d.message.get(Lang::En), notes.join(" | "))
        })
        .collect()
}

/// The baseline with each `(from, to)` applied; every `from` must occur exactly once.
fn edit(pairs: &[(&str, &str)]) -> String {
    let mut out = BASE.to_string();
    for (from, to) in pairs {
        assert_eq!(out.matches(from).count(), 1, "`{from}` must occur exactly once");
        out = out.replacen(from, to, 1);
    }
    out
}

// ==== several actors ====================================================================

const NURSE: &str = r#"
actor nurse "看護師" {
  category nurse
  party    clinic
}
"#;

const PASSWORD_ONLY: (&str, &str) =
    ("auth    [std::auth::password, std::auth::smartcard]", "auth    [std::auth::password]");

#[test]
fn a_who_list_is_judged_once_per_flow() {
    // A bare name still works (the baseline); a list of a doctor and a nurse, password only:
    // one finding for the flow, at its `auth`, not one per actor.
    let text = format!("{}{NURSE}", edit(&[("who     doctor", "who     [doctor, nurse]"), PASSWORD_ONLY]));
    assert_eq!(fires(&text, "MIG-AUTH-001"), vec![found("MIG-AUTH-001", Severity::Warning, "[std::auth::password]")]);
    // The near miss: the same list with two factor types.
    let text = format!("{}{NURSE}", edit(&[("who     doctor", "who     [doctor, nurse]")]));
    assert_eq!(fires(&text, "MIG-AUTH-001"), none());
    assert_eq!(fires(&text, "MIG-AUTH-002"), none());
}

#[test]
fn each_actor_of_a_list_is_judged_for_shared_accounts() {
    let shared = NURSE.replace("  party    clinic\n", "  party    clinic\n  shared_account true\n");
    let text = format!("{}{shared}", edit(&[("who     doctor", "who     [doctor, nurse]")]));
    assert_eq!(fires(&text, "MIG-ACCT-001"), vec![found("MIG-ACCT-001", Severity::Error, "true")]);
    // The near miss: the shared account is in no flow.
    let text = format!("{BASE}{shared}");
    assert_eq!(fires(&text, "MIG-ACCT-001"), none());
}

#[test]
fn a_maintainer_among_several_actors_makes_a_remote_maintenance_flow() {
    let maint = r#"
actor engineer "保守担当者" {
  category maintainer
  party    vendor
}
"#;
    let remote = ("  via     line\n", "  via     line\n  remote  true\n  vdi     true\n");
    let text = format!("{}{maint}", edit(&[("who     doctor", "who     [doctor, engineer]"), remote]));
    assert_eq!(fires(&text, "MIG-NET-007"), vec![found("MIG-NET-007", Severity::Error, "db_server")]);
    let text = format!("{}{maint}", edit(&[remote]));
    assert_eq!(fires(&text, "MIG-NET-007"), none());
}

// ==== patient-facing flows ==============================================================

const PORTAL: &str = r#"
actor patient "患者" {
  category patient
  party    clinic
}

network web "インターネット (TLS)" {
  kind        tls
  between     [dc]
  operated_by vendor
}

flow portal "患者ポータルで診療録を見る" {
  phase   operation
  who     patient
  from    exam_pc
  to      db_server
  carries [chart]
  actions [view]
  via     web
}
"#;

#[test]
fn a_patient_only_flow_is_not_judged_by_the_staff_mfa_rules() {
    let text = format!("{BASE}{PORTAL}");
    assert_eq!(fires(&text, "MIG-AUTH-001"), none());
    assert_eq!(fires(&text, "MIG-AUTH-002"), none());
    // Our reading [PROPOSAL]: 医療情報 on an open network with no auth at all is a warning, at the flow.
    assert_eq!(fires(&text, "MIG-PAT-001"), vec![found("MIG-PAT-001", Severity::Warning, "portal")]);
    let msgs = messages(&text, "MIG-PAT-001");
    assert!(msgs[0].contains("[PROPOSAL]"), "{msgs:?}");
    // Near misses: any auth, or a closed network.
    let with_auth = PORTAL.replace("  via     web\n", "  via     web\n  auth    [std::auth::password]\n");
    assert_eq!(fires(&format!("{BASE}{with_auth}"), "MIG-PAT-001"), none());
    let closed = PORTAL.replace("  via     web\n", "  via     line\n");
    assert_eq!(fires(&format!("{BASE}{closed}"), "MIG-PAT-001"), none());
}

#[test]
fn a_flow_of_a_patient_and_staff_is_judged_as_staff() {
    let both = PORTAL.replace("who     patient", "who     [patient, doctor]");
    let text = format!("{BASE}{both}");
    assert_eq!(fires(&text, "MIG-AUTH-001"), vec![found("MIG-AUTH-001", Severity::Warning, "portal")]);
    assert_eq!(fires(&text, "MIG-PAT-001"), none());
}

#[test]
fn a_patient_flow_over_a_route_is_judged_by_pat_001_at_its_open_hop() {
    let routed = PORTAL.replace("  via     web\n", "  route   [line, web]\n");
    let a = check(&format!("{BASE}{routed}"));
    let d: Vec<&Diagnostic> = a.diagnostics.iter().filter(|d| d.code == "MIG-PAT-001").collect();
    assert_eq!(d.len(), 1, "{:?}", all(&a));
    let secondary: Vec<String> = d[0]
        .labels
        .iter()
        .filter(|l| !l.primary)
        .filter_map(|l| a.file(l.file).map(|f| f.text[l.span.range()].to_string()))
        .collect();
    assert_eq!(secondary, ["[line, web]"]);
}

#[test]
fn a_patient_portals_tls_is_not_tls_in_place_of_a_vpn_nor_a_closed_network_exception() {
    // The portal's internet TLS, no client certificates: for patients neither MIG-TLS-003
    // (patients get no client certificates) nor MIG-NET-001 (no closed network reaches a home).
    let text = format!("{BASE}{PORTAL}").replace("  via     web\n", "  via     web\n  auth    [std::auth::password]\n");
    assert_eq!(fires(&text, "MIG-TLS-003"), none());
    assert_eq!(fires(&text, "MIG-NET-001"), none());
    // Near miss: the same network on a doctor's flow is judged.
    let staff = text.replace("who     patient", "who     doctor");
    assert_eq!(fires(&staff, "MIG-NET-001"), vec![found("MIG-NET-001", Severity::Warning, "tls")]);
    let tls003: Vec<String> = fires(&staff, "MIG-TLS-003").into_iter().map(|(c, _, _)| c).collect();
    assert!(!tls003.is_empty(), "a staff flow over TLS alone is TLS in place of a VPN");
}

#[test]
fn a_patients_own_device_is_not_equipment_of_the_service() {
    let phone = r#"
asset phone "患者のスマートフォン" {
  kind  smartphone
  at    dc
  byod  true
}
"#;
    let text = format!("{BASE}{PORTAL}{phone}")
        .replace("  from    exam_pc\n  to      db_server\n  carries [chart]\n  actions [view]\n  via     web\n",
                 "  from    phone\n  to      db_server\n  carries [chart]\n  actions [view]\n  via     web\n  auth    [std::auth::password]\n");
    let a = check(&text);
    assert_eq!(schema_problems(&a), none());
    let on_phone: Vec<Found> = all(&a).into_iter().filter(|(_, _, t)| t == "phone").collect();
    assert_eq!(on_phone, none());
    // Near miss: a doctor uses the same BYOD phone: it is equipment to manage (register, patches, manager).
    let staff = text.replace("who     patient", "who     doctor");
    let codes: Vec<String> =
        all(&check(&staff)).into_iter().filter(|(_, _, t)| t == "phone").map(|(c, _, _)| c).collect();
    for code in ["MIG-DEV-001", "MIG-DEV-002", "MIG-RESP-002"] {
        assert!(codes.iter().any(|c| c == code), "{code} in {codes:?}");
    }
}

// ==== factors bound to a device =========================================================

const RECEPTION: &str = r#"
asset reception "受付PC" {
  kind        terminal
  at          dc
  managed_by  clinic
  usb_storage blocked
  registered  true
  patching    managed
  services_minimized true
  shared      true
}
"#;

const DEVICE_CERT: (&str, &str) = (
    "auth    [std::auth::password, std::auth::smartcard]",
    "auth    [std::auth::password, std::auth::device_certificate]",
);

#[test]
fn a_device_certificate_on_a_shared_pc_is_not_the_persons_factor() {
    let text = format!("{}{RECEPTION}", edit(&[("from    exam_pc", "from    reception"), DEVICE_CERT]));
    assert_eq!(
        fires(&text, "MIG-AUTH-001"),
        vec![found("MIG-AUTH-001", Severity::Warning, "[std::auth::password, std::auth::device_certificate]")]
    );
    let msgs = messages(&text, "MIG-AUTH-001");
    assert!(msgs[0].contains("knowledge factors only"), "{msgs:?}");
    assert!(msgs[0].contains("not counted as a possession factor the person holds"), "{msgs:?}");
    // The near misses: the same method on a personal device, or on a terminal not shared.
    assert_eq!(fires(&format!("{}{RECEPTION}", edit(&[DEVICE_CERT])), "MIG-AUTH-001"), none());
    let not_shared = RECEPTION.replace("shared      true", "shared      false");
    let text = format!("{}{not_shared}", edit(&[("from    exam_pc", "from    reception"), DEVICE_CERT]));
    assert_eq!(fires(&text, "MIG-AUTH-001"), none());
}

#[test]
fn a_device_certificate_alone_on_a_shared_pc() {
    let alone = ("auth    [std::auth::password, std::auth::smartcard]", "auth    [std::auth::device_certificate]");
    let text = format!("{}{RECEPTION}", edit(&[("from    exam_pc", "from    reception"), alone]));
    // Possession alone (MIG-AUTH-002), and no factor the person holds (MIG-AUTH-001), both at `auth`.
    assert_eq!(
        fires(&text, "MIG-AUTH-002"),
        vec![found("MIG-AUTH-002", Severity::Error, "[std::auth::device_certificate]")]
    );
    assert_eq!(
        fires(&text, "MIG-AUTH-001"),
        vec![found("MIG-AUTH-001", Severity::Warning, "[std::auth::device_certificate]")]
    );
    assert!(messages(&text, "MIG-AUTH-001")[0].contains("no factor the person holds"));
}

// ==== log tiers =========================================================================

const FLAT_LOG: &str =
    "  retention         5y\n  tamper_proof      true\n  access_restricted true\n  time_source       ntp\n";

const TIERS: &str = r#"  time_source       ntp
  tier hot "検索用" {
    stored_at         db_server
    retention         1y
    access_restricted true
  }
  tier archive "長期保存" {
    stored_at         db_server
    retention         6y
    tamper_proof      true
    access_restricted true
  }
"#;

fn tiers(pairs: &[(&str, &str)]) -> String {
    let mut t = TIERS.to_string();
    for (from, to) in pairs {
        assert_eq!(t.matches(from).count(), 1, "`{from}` must occur exactly once");
        t = t.replacen(from, to, 1);
    }
    edit(&[(FLAT_LOG, &t)])
}

#[test]
fn a_short_hot_tier_and_a_tamper_proof_archive_keep_a_five_year_record() {
    let text = tiers(&[]);
    for code in ["MIG-LOG-002", "MIG-LOG-004"] {
        assert_eq!(fires(&text, code), none(), "{code}");
    }
}

#[test]
fn an_archive_without_tamper_protection_fires_at_the_archive_tier() {
    let text = tiers(&[("    retention         6y\n    tamper_proof      true\n", "    retention         6y\n")]);
    assert_eq!(fires(&text, "MIG-LOG-002"), vec![found("MIG-LOG-002", Severity::Error, "tier archive")]);
    assert!(messages(&text, "MIG-LOG-002")[0].contains("(tier `archive`) has no tamper protection"));
    // Stated false: at the value.
    let text = tiers(&[("tamper_proof      true", "tamper_proof      false")]);
    assert_eq!(fires(&text, "MIG-LOG-002"), vec![found("MIG-LOG-002", Severity::Error, "false")]);
}

#[test]
fn every_tier_restricts_access() {
    let text = tiers(&[("    retention         1y\n    access_restricted true\n", "    retention         1y\n")]);
    assert_eq!(fires(&text, "MIG-LOG-002"), vec![found("MIG-LOG-002", Severity::Error, "tier hot")]);
}

#[test]
fn tiers_all_shorter_than_the_legal_period_fire_at_the_longest() {
    let text = tiers(&[("retention         6y", "retention         3y")]);
    assert_eq!(fires(&text, "MIG-LOG-004"), vec![found("MIG-LOG-004", Severity::Error, "3y")]);
    // The longest tier still is the one that must be tamper-proof: it is.
    assert_eq!(fires(&text, "MIG-LOG-002"), none());
}

#[test]
fn a_log_states_retention_on_itself_or_on_every_tier() {
    // A tier without retention, none on the log: MIG2003 at the tier.
    let text = tiers(&[("    retention         1y\n", "")]);
    let a = check(&text);
    assert_eq!(schema_problems(&a), vec![found("MIG2003", Severity::Error, "tier hot")]);
    // On the log, inherited by the tiers: clean.
    let text = tiers(&[
        ("    retention         1y\n", ""),
        ("  time_source       ntp\n", "  time_source       ntp\n  retention         5y\n"),
    ]);
    assert_eq!(fires(&text, "MIG-LOG-004"), none());
    // The flat form without retention: MIG2003 at the log, as a required property.
    let text = edit(&[("  retention         5y\n  tamper_proof", "  tamper_proof")]);
    assert_eq!(schema_problems(&check(&text)), vec![found("MIG2003", Severity::Error, "access_log")]);
}

// ==== backup copies =====================================================================

const FLAT_BACKUP: &str = "  generations    7\n  methods        [snapshot, tape]\n  immutable      true\n";

const COPIES: &str = r#"  interval       1d
  copy snapshot "同一リージョン" { stored_at [dc]; methods [snapshot]; generations 14; retention 14d }
  copy archive "別リージョン・追記不能" { stored_at [dc]; methods [object_storage, worm]; immutable true; generations 12; retention 1y }
"#;

fn copies(pairs: &[(&str, &str)]) -> String {
    let mut c = COPIES.to_string();
    for (from, to) in pairs {
        assert_eq!(c.matches(from).count(), 1, "`{from}` must occur exactly once");
        c = c.replacen(from, to, 1);
    }
    edit(&[(FLAT_BACKUP, &c)])
}

#[test]
fn an_immutable_archive_copy_satisfies_the_backup_rules() {
    let text = copies(&[]);
    for code in ["MIG-BKP-001", "MIG-BKP-002"] {
        assert_eq!(fires(&text, code), none(), "{code}");
    }
    // An offline copy does too.
    let text = copies(&[("immutable true; ", ""), ("retention 14d }", "retention 14d; offline true }")]);
    assert_eq!(fires(&text, "MIG-BKP-002"), none());
}

#[test]
fn no_immutable_or_offline_copy_fires() {
    let text = copies(&[("immutable true; ", "")]);
    assert_eq!(fires(&text, "MIG-BKP-002"), vec![found("MIG-BKP-002", Severity::Error, "nightly")]);
    let text = copies(&[("immutable true", "immutable false")]);
    assert_eq!(fires(&text, "MIG-BKP-002"), vec![found("MIG-BKP-002", Severity::Error, "false")]);
}

#[test]
fn generations_and_methods_are_judged_over_all_copies() {
    // One generation in each copy: at the first copy's generations.
    let text = copies(&[("generations 14", "generations 1"), ("generations 12", "generations 1")]);
    assert_eq!(fires(&text, "MIG-BKP-001"), vec![found("MIG-BKP-001", Severity::Error, "1")]);
    // One method in all copies together: at the first copy that states it.
    let text = copies(&[("methods [object_storage, worm]", "methods [snapshot]")]);
    assert_eq!(fires(&text, "MIG-BKP-001"), vec![found("MIG-BKP-001", Severity::Error, "[snapshot]")]);
}

// ==== the formatter =====================================================================

#[test]
fn the_formatter_lays_out_tiers_and_copies() {
    let messy = "log l { of [a]\n  tier hot \"検索用\" { stored_at s; retention 1y }\n}\nbackup b { of [d]\n  copy offline_media { stored_at [x]; methods [tape]; offline true }\n}\nflow f { who [a, b]; from x }\n";
    let expected = "log l {\n  of [a]\n  tier hot \"検索用\" {\n    stored_at s\n    retention 1y\n  }\n}\n\nbackup b {\n  of [d]\n  copy offline_media {\n    stored_at [x]\n    methods   [tape]\n    offline   true\n  }\n}\n\nflow f {\n  who  [a, b]\n  from x\n}\n";
    let once = format_text(messy).map_err(|e| format!("{e:?}"));
    assert_eq!(once.as_deref(), Ok(expected));
    assert_eq!(format_text(expected).map_err(|e| format!("{e:?}")).as_deref(), Ok(expected));
}

// ==== the editor and the standard library ===============================================

#[test]
fn the_legal_retention_hint_sits_after_the_longest_tier_and_hover_still_says_it() {
    let text = "data 診療録 {\n  class  patient_identifiable\n  record std::record::medical_record\n}\n\
                asset db {\n  kind   server\n  stores [診療録]\n}\n\
                log l {\n  of [db]\n  tier hot { retention 1y }\n  tier archive { retention 6y }\n}\n";
    let mut ws = Workspace::new("/q");
    ws.set_text("/q/a.mig", text);
    let a = analyze(&ws);
    let Some(file) = a.file_id(std::path::Path::new("/q/a.mig")) else { panic!("no file") };
    let hints = migc::ide::inlay_hints(&a, file, Lang::En);
    assert_eq!(hints.len(), 1, "{hints:?}");
    assert!(text[..hints[0].offset].ends_with("retention 6y"), "{}", &text[..hints[0].offset]);
    assert!(hints[0].label.starts_with("legal: at least 5y ("), "{}", hints[0].label);
    let Some(on_log) = text.find("log l").map(|i| i + 4) else { panic!("no log") };
    let hover = migc::ide::hover(&a, file, on_log, Lang::Ja).map(|h| h.markdown).unwrap_or_default();
    assert!(hover.contains("法定保存期間: **5年** 以上 — 診療録"), "{hover}");
}

#[test]
fn only_the_device_certificate_of_std_auth_is_bound_to_a_device() {
    let a = check(BASE);
    let mut device: Vec<String> = Vec::new();
    let mut person = 0;
    for m in a.model.of_kind("auth_method") {
        match m.enum_value("bound_to") {
            Some("device") => device.extend(m.name.as_ref().map(|n| n.text.to_string())),
            Some("person") => person += 1,
            other => panic!("{:?} states no binding: {other:?}", m.name),
        }
    }
    assert_eq!(device, ["device_certificate"]);
    assert_eq!(person, 13);
}
