//! Routes (`route`, `alternative`, `via`), wireless LAN authentication, IPsec and
//! TLS detail: MIG-NET-008, MIG-NET-009, MIG-TLS-004, the TLS in place of a VPN
//! derived from a route (MIG-TLS-003), remote access per route (MIG-AUTH-003) and
//! the `via`/`route` conflict (MIG2021). Each finding is checked at its
//! declaration and property, beside a compliant near miss that stays clean.

use migc::diag::{Diagnostic, Lang, Severity};
use migc::workspace::Workspace;
use migc::{Analysis, analyze};

#[path = "support/base.rs"]
mod base;
use base::{BASE, all, check, fires, found, none, schema_problems};

fn diags<'a>(a: &'a Analysis, code: &str) -> Vec<&'a Diagnostic> {
    a.diagnostics.iter().filter(|d| d.code == code).collect()
}

const VIA: &str = "  via     line\n";

/// The baseline with `consult`'s `via line` replaced by `route_lines` (lines of
/// the flow's body) and `networks` appended.
fn model(route_lines: &str, networks: &str) -> String {
    assert_eq!(BASE.matches(VIA).count(), 1);
    format!("{}\n{networks}\n", BASE.replacen(VIA, route_lines, 1))
}

/// A wireless LAN `wlan` with this authentication, and a wired LAN `lan`.
fn wlan(auth: &str) -> String {
    format!(
        "network wlan \"院内無線\" {{\n  kind          wireless_lan\n  wireless_auth {auth}\n}}\nnetwork lan \"院内LAN\" {{ kind lan }}\n"
    )
}

// ==== syntax: route, alternative, via ===============================================================

#[test]
/// The brief's example; several entries on one line are separated by `;`, as everywhere.
fn the_syntax_of_the_brief_parses() {
    let t = model(
        "  route   [院内無線, 院内LAN, line]\n  alternative 障害時 {\n    route [院内無線, 院内LAN, 予備VPN]\n    description \"専用線の障害時に自動で切り替える\"\n  }\n",
        r#"network 院内無線 { kind wireless_lan; wireless_auth eap_tls }
network 院内LAN { kind lan }
network 予備VPN {
  kind ipsec_vpn
  ike  true
  ike_version      2            // Int 1..=2
  ipsec_encryption [aes256_gcm]
  ipsec_integrity  [sha256]
  dh_groups        [14, 19]
}
network web { kind tls; tls [1.2, 1.3]; cipher_profile cryptrec_high; client_certificates true }
"#,
    );
    let a = check(&t);
    assert_eq!(schema_problems(&a), none());
    for code in ["MIG-NET-002", "MIG-NET-008", "MIG-NET-009", "MIG-TLS-003", "MIG-TLS-004"] {
        assert_eq!(all(&a).into_iter().filter(|(c, _, _)| c == code).collect::<Vec<_>>(), none(), "{code}");
    }
    // The IPsec hop is only the failover of a closed primary route: not MIG-NET-001's.
    assert_eq!(fires(&t, "MIG-NET-001"), none());
}

#[test]
fn net_001_a_failover_of_a_closed_route_is_not_judged_one_of_an_open_route_is() {
    let nets = "network lan \"院内LAN\" { kind lan }\nnetwork vpn \"予備VPN\" { kind ipsec_vpn; ike true }\n";
    let failover = "  route   [lan, line]\n  alternative 障害時 {\n    route [lan, vpn]\n  }\n";
    assert_eq!(fires(&model(failover, nets), "MIG-NET-001"), none());
    // The primary route itself is open (IPsec): the VPN is judged wherever it appears.
    let open_primary = "  route   [lan, vpn]\n  alternative 障害時 {\n    route [lan, line]\n  }\n";
    assert_eq!(
        fires(&model(open_primary, nets), "MIG-NET-001"),
        [found("MIG-NET-001", Severity::Warning, "ipsec_vpn")]
    );
    // A failover of a primary route with an open hop: judged too.
    let nets_open =
        format!("{nets}network net \"インターネット\" {{ kind tls; tls [1.3]; client_certificates true }}\n");
    let open_hop = "  route   [lan, net]\n  alternative 障害時 {\n    route [lan, vpn]\n  }\n";
    let got: Vec<String> = fires(&model(open_hop, &nets_open), "MIG-NET-001").into_iter().map(|(_, _, t)| t).collect();
    assert_eq!(got, ["ipsec_vpn", "tls"]);
}

#[test]
fn via_alone_still_works() {
    let t = BASE.replacen("kind        ip_vpn", "kind        internet", 1);
    assert_eq!(fires(&t, "MIG-NET-002"), [found("MIG-NET-002", Severity::Error, "internet")]);
    assert_eq!(fires(BASE, "MIG-NET-002"), none());
}

#[test]
fn via_and_route_conflict_at_the_second() {
    let t = model("  via     line\n  route   [lan, line]\n", &wlan("eap_tls"));
    let a = check(&t);
    assert_eq!(schema_problems(&a), [found("MIG2021", Severity::Error, "route")]);
    let d = &diags(&a, "MIG2021")[0];
    assert!(d.message.get(Lang::En).contains("`via` and `route`"), "{}", d.message.get(Lang::En));
    // The other order: the error sits at `via`.
    let t = model("  route   [lan, line]\n  via     line\n", &wlan("eap_tls"));
    assert_eq!(schema_problems(&check(&t)), [found("MIG2021", Severity::Error, "via")]);
    // The second one is dropped: `route [wlan, line]` with a PSK wireless hop is not judged.
    let t = model("  via     line\n  route   [wlan, line]\n", &wlan("wpa2_psk"));
    assert!(all(&check(&t)).iter().all(|(c, _, _)| c != "MIG-NET-008"));
}

// ==== MIG-NET-008: wireless LAN terminals authenticated by certificate ==============================

#[test]
fn net_008_a_psk_wireless_hop_in_the_middle_of_a_route() {
    let t = model("  route   [wlan, lan, line]\n", &wlan("wpa2_psk"));
    assert_eq!(fires(&t, "MIG-NET-008"), [found("MIG-NET-008", Severity::Warning, "wpa2_psk")]);
    // A PSK LAN is encrypted: neither unprotected (NET-002) nor an open path (NET-001).
    assert_eq!(fires(&t, "MIG-NET-002"), none());
    assert_eq!(fires(&t, "MIG-NET-001"), none());
    let a = check(&t);
    assert!(diags(&a, "MIG-NET-008")[0].message.get(Lang::En).contains("`wlan`"));
}

#[test]
fn net_008_the_same_route_with_eap_tls_is_clean() {
    let t = model("  route   [wlan, lan, line]\n", &wlan("eap_tls"));
    for code in ["MIG-NET-001", "MIG-NET-002", "MIG-NET-008"] {
        assert_eq!(fires(&t, code), none(), "{code}");
    }
}

#[test]
fn net_008_sae_and_plain_8021x_are_warned() {
    for auth in ["wpa3_sae", "ieee8021x"] {
        let t = model("  route   [wlan, lan, line]\n", &wlan(auth));
        assert_eq!(fires(&t, "MIG-NET-008"), [found("MIG-NET-008", Severity::Warning, auth)], "{auth}");
        assert_eq!(fires(&t, "MIG-NET-002"), none(), "{auth}");
    }
}

#[test]
fn net_008_an_open_wireless_lan_is_net_002s() {
    let t = model("  route   [wlan, lan, line]\n", &wlan("open"));
    assert_eq!(fires(&t, "MIG-NET-002"), [found("MIG-NET-002", Severity::Error, "wireless_lan")]);
    assert_eq!(fires(&t, "MIG-NET-008"), none());
}

#[test]
fn net_008_a_network_only_on_a_non_medical_route_is_not_judged() {
    let extra = format!(
        "{}\ndata notice \"お知らせ\" {{ class non_medical }}\nflow news \"お知らせの配信\" {{\n  phase   operation\n  who     doctor\n  from    db_server\n  to      exam_pc\n  carries [notice]\n  route   [wlan, line]\n}}\n",
        wlan("wpa2_psk")
    );
    let t = format!("{BASE}\n{extra}");
    assert_eq!(fires(&t, "MIG-NET-008"), none());
    assert_eq!(fires(&t, "MIG-NET-001"), none());
    // Once the medical flow uses it too, it is judged.
    let t = model("  route   [wlan, line]\n", &extra);
    assert_eq!(fires(&t, "MIG-NET-008"), [found("MIG-NET-008", Severity::Warning, "wpa2_psk")]);
}

#[test]
fn net_008_a_bad_hop_of_an_alternative_route() {
    let t = model("  via     line\n  alternative 障害時 {\n    route [wlan, line]\n  }\n", &wlan("wpa2_psk"));
    assert_eq!(fires(&t, "MIG-NET-008"), [found("MIG-NET-008", Severity::Warning, "wpa2_psk")]);
    // An unlabelled alternative counts too.
    let t = model("  via     line\n  alternative {\n    route [wlan, line]\n  }\n", &wlan("wpa2_psk"));
    assert_eq!(fires(&t, "MIG-NET-008"), [found("MIG-NET-008", Severity::Warning, "wpa2_psk")]);
    let t = model("  via     line\n  alternative 障害時 {\n    route [wlan, line]\n  }\n", &wlan("eap_tls"));
    assert_eq!(fires(&t, "MIG-NET-008"), none());
}

// ==== MIG-NET-009: IPsec parameters ==================================================================

fn ipsec(detail: &str) -> String {
    model(
        "  route   [lan, vpn]\n",
        &format!(
            "network lan \"院内LAN\" {{ kind lan }}\nnetwork vpn \"IPsec-VPN\" {{\n  kind ipsec_vpn\n  ike  true\n{detail}}}\n"
        ),
    )
}

#[test]
fn net_009_ikev1_sha1_and_dh_2_fire_at_their_properties() {
    let t = ipsec("  ike_version     1\n  ipsec_integrity [sha1, sha256]\n  dh_groups       [2, 14]\n");
    assert_eq!(
        fires(&t, "MIG-NET-009"),
        [
            found("MIG-NET-009", Severity::Warning, "1"),
            found("MIG-NET-009", Severity::Warning, "[sha1, sha256]"),
            found("MIG-NET-009", Severity::Warning, "[2, 14]"),
        ]
    );
    let a = check(&t);
    let labels: Vec<String> = diags(&a, "MIG-NET-009")
        .iter()
        .filter_map(|d| d.primary_label())
        .map(|l| l.message.get(Lang::En).to_string())
        .collect();
    assert_eq!(labels, ["IKEv1", "sha1: not a recommended hash", "DH group 2: too short a key"]);
}

#[test]
fn net_009_des_3des_md5_and_dh_5_fire() {
    let t = ipsec("  ipsec_encryption [triple_des, aes256]\n  ipsec_integrity  md5\n  dh_groups        [5]\n");
    assert_eq!(
        fires(&t, "MIG-NET-009"),
        [
            found("MIG-NET-009", Severity::Warning, "[triple_des, aes256]"),
            found("MIG-NET-009", Severity::Warning, "md5"),
            found("MIG-NET-009", Severity::Warning, "[5]"),
        ]
    );
    let t = ipsec("  ipsec_encryption des\n");
    assert_eq!(fires(&t, "MIG-NET-009"), [found("MIG-NET-009", Severity::Warning, "des")]);
}

#[test]
fn net_009_ikev2_sha256_dh_14_are_clean() {
    let t = ipsec(
        "  ike_version      2\n  ipsec_encryption [aes256_gcm, chacha20_poly1305]\n  ipsec_integrity  [sha256, sha384]\n  dh_groups        [14, 19, 20]\n",
    );
    assert_eq!(fires(&t, "MIG-NET-009"), none());
    // Unstated detail is not a finding.
    assert_eq!(fires(&ipsec(""), "MIG-NET-009"), none());
}

#[test]
fn net_009_not_on_a_network_without_medical_data() {
    let t = format!("{BASE}\nnetwork vpn \"IPsec-VPN\" {{\n  kind ipsec_vpn\n  ike  true\n  ike_version 1\n}}\n");
    assert_eq!(fires(&t, "MIG-NET-009"), none());
}

#[test]
fn net_009_values_are_range_checked() {
    let a = check(&ipsec("  ike_version 3\n  dh_groups [0, 33]\n"));
    let codes: Vec<String> = schema_problems(&a).into_iter().map(|(c, _, _)| c).collect();
    assert_eq!(codes, ["MIG2005", "MIG2005", "MIG2005"]);
}

// ==== MIG-TLS-004: cipher profile ====================================================================

fn web(profile: &str) -> String {
    model(
        "  route   [lan, web]\n",
        &format!(
            "network lan \"院内LAN\" {{ kind lan }}\nnetwork web \"Web\" {{\n  kind                tls\n  tls                 [1.3]\n  client_certificates true\n{profile}}}\n"
        ),
    )
}

#[test]
fn tls_004_a_profile_other_than_high_security() {
    for p in ["other", "cryptrec_recommended", "cryptrec_exception"] {
        let t = web(&format!("  cipher_profile      {p}\n"));
        assert_eq!(fires(&t, "MIG-TLS-004"), [found("MIG-TLS-004", Severity::Warning, p)], "{p}");
    }
}

#[test]
fn tls_004_high_security_or_unstated_is_clean() {
    assert_eq!(fires(&web("  cipher_profile      cryptrec_high\n"), "MIG-TLS-004"), none());
    assert_eq!(fires(&web("  cipher_profile      高セキュリティ型\n"), "MIG-TLS-004"), none());
    assert_eq!(fires(&web(""), "MIG-TLS-004"), none());
    let t = format!("{BASE}\nnetwork web \"Web\" {{\n  kind tls\n  tls [1.3]\n  cipher_profile other\n}}\n");
    assert_eq!(fires(&t, "MIG-TLS-004"), none(), "not on a route of 医療情報");
}

// ==== MIG-TLS-003 derived from a route ===============================================================

fn tls_route(route: &str, tls_extra: &str) -> String {
    model(
        &format!("  route   {route}\n"),
        &format!(
            "network lan \"院内LAN\" {{ kind lan }}\nnetwork vpn \"IPsec-VPN\" {{\n  kind ipsec_vpn\n  ike  true\n}}\nnetwork web \"Web\" {{\n  kind tls\n  tls  [1.3]\n{tls_extra}}}\n"
        ),
    )
}

#[test]
fn tls_003_derived_without_replaces_vpn() {
    let t = tls_route("[lan, web]", "");
    assert_eq!(fires(&t, "MIG-TLS-003"), [found("MIG-TLS-003", Severity::Error, "web")]);
    let a = check(&t);
    let d = &diags(&a, "MIG-TLS-003")[0];
    assert!(d.message.get(Lang::En).contains("route of flow `consult`"), "{}", d.message.get(Lang::En));
    assert!(d.notes.iter().any(|n| n.get(Lang::En).contains("`replaces_vpn` is not written")));
    // With client certificates and 1.3 only it is clean.
    assert_eq!(fires(&tls_route("[lan, web]", "  client_certificates true\n"), "MIG-TLS-003"), none());
}

#[test]
fn tls_003_not_derived_when_the_route_has_an_ipsec_hop() {
    assert_eq!(fires(&tls_route("[lan, vpn, web]", ""), "MIG-TLS-003"), none());
    // `replaces_vpn true` still forces it.
    let t = tls_route("[lan, vpn, web]", "  replaces_vpn true\n");
    assert_eq!(fires(&t, "MIG-TLS-003"), [found("MIG-TLS-003", Severity::Error, "web")]);
    assert!(!diags(&check(&t), "MIG-TLS-003")[0].message.get(Lang::En).contains("route of flow"));
}

#[test]
fn tls_003_derived_from_an_alternative_route() {
    let t = model(
        "  route   [lan, line]\n  alternative 障害時 {\n    route [lan, web]\n  }\n",
        "network lan \"院内LAN\" { kind lan }\nnetwork web \"Web\" {\n  kind tls\n  tls  [1.2, 1.3]\n  client_certificates true\n}\n",
    );
    assert_eq!(fires(&t, "MIG-TLS-003"), [found("MIG-TLS-003", Severity::Warning, "[1.2, 1.3]")]);
}

// ==== MIG-AUTH-003 per route =========================================================================

fn remote(route_lines: &str, networks: &str) -> String {
    model(&format!("{route_lines}  remote  true\n  vdi     true\n"), networks)
}

const NETS: &str = "network lan \"院内LAN\" { kind lan }\nnetwork net \"インターネット\" { kind internet }\nnetwork vpn \"IPsec-VPN\" {\n  kind ipsec_vpn\n  ike  true\n}\n";

#[test]
fn auth_003_every_route_needs_a_vpn() {
    let t = remote("  route   [net, vpn]\n", NETS);
    assert_eq!(fires(&t, "MIG-AUTH-003"), none());
    let t = remote("  route   [net, vpn]\n  alternative 予備 {\n    route [lan, net]\n  }\n", NETS);
    assert_eq!(fires(&t, "MIG-AUTH-003"), [found("MIG-AUTH-003", Severity::Error, "[lan, net]")]);
    let a = check(&t);
    let d = &diags(&a, "MIG-AUTH-003")[0];
    let label = d.primary_label().map(|l| l.message.get(Lang::En).to_string()).unwrap_or_default();
    assert_eq!(label, "no VPN on the alternative route 予備 [lan (lan), net (internet)]");
    let t = remote("  route   [lan, net]\n", NETS);
    assert_eq!(fires(&t, "MIG-AUTH-003"), [found("MIG-AUTH-003", Severity::Error, "[lan, net]")]);
}

#[test]
fn auth_003_derived_tls_with_client_certificates_counts_as_a_vpn() {
    let nets = format!("{NETS}network web \"Web\" {{\n  kind tls\n  tls  [1.3]\n  client_certificates true\n}}\n");
    assert_eq!(fires(&remote("  route   [lan, web]\n", &nets), "MIG-AUTH-003"), none());
    let nets = format!("{NETS}network web \"Web\" {{\n  kind tls\n  tls  [1.3]\n}}\n");
    assert_eq!(
        fires(&remote("  route   [lan, web]\n", &nets), "MIG-AUTH-003"),
        [found("MIG-AUTH-003", Severity::Error, "[lan, web]")]
    );
}

// ==== the formatter lays out `alternative` like the other nested blocks =============================

#[test]
fn the_formatter_lays_out_routes_and_alternatives() {
    let messy = "flow f \"x\" {\n  phase operation\n  route [a,b ,  c]  // first hop first\n  alternative 障害時 {   // failover\n  route [a, d]\ndescription \"切替\"\n  }\n  alternative { route [e] }\n}\nnetwork d { kind ipsec_vpn; ike true; ike_version 2; dh_groups [14,19] }\n";
    let expected = "flow f \"x\" {\n  phase operation\n  route [a, b, c]   // first hop first\n  alternative 障害時 {   // failover\n    route       [a, d]\n    description \"切替\"\n  }\n  alternative {\n    route [e]\n  }\n}\n\nnetwork d {\n  kind        ipsec_vpn\n  ike         true\n  ike_version 2\n  dh_groups   [14, 19]\n}\n";
    let once = migc::format::format_text(messy).unwrap_or_else(|e| format!("<not formatted: {e:?}>"));
    assert_eq!(once, expected);
    let twice = migc::format::format_text(&once).unwrap_or_else(|e| format!("<not formatted: {e:?}>"));
    assert_eq!(twice, once, "formatting is idempotent");
}

// ==== completion and hover come from the schema ======================================================

/// Completion labels at byte `offset` of `text` (alone in a project).
fn complete_at(text: &str, offset: usize) -> Vec<String> {
    let mut ws = Workspace::new("/p");
    ws.set_text("/p/m.mig", text.to_string());
    let a = analyze(&ws);
    let Some(file) = a.file_id(std::path::Path::new("/p/m.mig")) else { return Vec::new() };
    migc::ide::completions(&a, file, offset, Lang::En).items.into_iter().map(|i| i.label).collect()
}

#[test]
fn completion_offers_routes_alternatives_and_eap_tls() {
    let nets = "network lan { kind lan }\nnetwork wlan {\n  kind wireless_lan\n  wireless_auth \n}\n";
    let flow = "flow f {\n  phase operation\n  \n  alternative x {\n    \n  }\n}\n";
    let text = format!("{nets}{flow}");
    let at = |marker: &str, nth: usize| {
        text.match_indices(marker).nth(nth).map(|(i, _)| i + marker.len()).unwrap_or(text.len())
    };
    let auth = complete_at(&text, at("wireless_auth ", 0));
    assert!(auth.contains(&"eap_tls".to_string()) && auth.contains(&"wpa2_psk".to_string()), "{auth:?}");
    let in_flow = complete_at(&text, at("phase operation\n  ", 0));
    assert!(in_flow.contains(&"route".to_string()) && in_flow.contains(&"alternative".to_string()), "{in_flow:?}");
    let in_alt = complete_at(&text, at("alternative x {\n    ", 0));
    assert!(in_alt.contains(&"route".to_string()), "{in_alt:?}");
    assert!(!in_alt.contains(&"phase".to_string()), "{in_alt:?}");
}
