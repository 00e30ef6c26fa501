//! ネットワーク経路: closed networks, VPNs, IPsec/IKE, SSL-VPN, TLS versions.

use super::index::routes;
use super::{Ctx, Finding, Rule, Tag, cite, name_span, prop_span, shown};
use crate::diag::Severity;
use crate::model::{MValue, ModelDecl};
use crate::tr;

const TLS_CITES: &[super::Cite] = &[
    cite("MHLW安全管理GL", "6.0", "Q&A (TLS)", Tag::VDraft),
    cite("CRYPTREC TLS暗号設定ガイドライン", "3.0.1", "高セキュリティ型", Tag::V),
];
const SSL_VPN_CITES: &[super::Cite] =
    &[cite("MHLW安全管理GL", "6.0", "システム運用編 13⑥", Tag::V), cite("MHLW安全管理GL", "6.0", "Q&A シQ-40", Tag::V)];

pub const RULES: &[Rule] = &[
    Rule {
        id: "MIG-NET-001",
        title_ja: "医療情報の経路は閉域網を原則とする",
        title_en: "医療情報 travels over closed networks where possible",
        severity: Severity::Warning,
        cites: &[cite("MHLW安全管理GL", "6.0", "システム運用編 13②", Tag::VDraft)],
        explanation: include_str!("explain/MIG-NET-001.md"),
        editions: &[],
        check: closed_preferred,
    },
    Rule {
        id: "MIG-NET-002",
        title_ja: "オープンなネットワークでは IPsec または TLS で保護する",
        title_en: "An open network is protected by IPsec or TLS",
        severity: Severity::Error,
        cites: &[cite("MHLW安全管理GL", "6.0", "Q&A (IPsec/TLS)", Tag::VDraft)],
        explanation: include_str!("explain/MIG-NET-002.md"),
        editions: &[],
        check: open_protected,
    },
    Rule {
        id: "MIG-NET-003",
        title_ja: "IPsec は IKE と組み合わせる",
        title_en: "IPsec is combined with IKE",
        severity: Severity::Error,
        cites: &[cite("MHLW安全管理GL", "6.0", "Q&A (IPsec)", Tag::VDraft)],
        explanation: include_str!("explain/MIG-NET-003.md"),
        editions: &[],
        check: ipsec_ike,
    },
    Rule {
        id: "MIG-NET-004",
        title_ja: "クライアントレス型 SSL-VPN を使わない",
        title_en: "No clientless SSL-VPN",
        severity: Severity::Error,
        cites: SSL_VPN_CITES,
        explanation: include_str!("explain/MIG-NET-004.md"),
        editions: &[],
        check: |rule, ctx, out| ssl_vpn(rule, ctx, out, "ssl_vpn_clientless"),
    },
    Rule {
        id: "MIG-NET-005",
        title_ja: "クライアント型 SSL-VPN は条件付きでのみ使う",
        title_en: "Client-type SSL-VPN only with justification",
        severity: Severity::Warning,
        cites: SSL_VPN_CITES,
        explanation: include_str!("explain/MIG-NET-005.md"),
        editions: &[],
        check: |rule, ctx, out| ssl_vpn(rule, ctx, out, "ssl_vpn_client"),
    },
    Rule {
        id: "MIG-TLS-001",
        title_ja: "TLS は 1.2 以上に限定する",
        title_en: "TLS is limited to version 1.2 or later",
        severity: Severity::Error,
        cites: TLS_CITES,
        explanation: include_str!("explain/MIG-TLS-001.md"),
        editions: &[],
        check: tls_minimum,
    },
    Rule {
        id: "MIG-TLS-002",
        title_ja: "TLS 1.3 を有効にする",
        title_en: "TLS 1.3 is enabled",
        severity: Severity::Warning,
        cites: TLS_CITES,
        explanation: include_str!("explain/MIG-TLS-002.md"),
        editions: &[],
        check: tls13,
    },
    Rule {
        id: "MIG-TLS-003",
        title_ja: "VPN の代わりに使う TLS は 1.3 とクライアント証明書による認証",
        title_en: "TLS in place of a VPN uses 1.3 and client certificates",
        severity: Severity::Error,
        cites: &[cite("提供事業者GL", "1.1", "別紙2 ①-9", Tag::V)],
        explanation: include_str!("explain/MIG-TLS-003.md"),
        editions: &[],
        check: tls_as_vpn,
    },
    Rule {
        id: "MIG-TLS-004",
        title_ja: "医療情報を運ぶ TLS は CRYPTREC 高セキュリティ型で設定する",
        title_en: "TLS carrying 医療情報 uses the CRYPTREC high-security profile",
        severity: Severity::Warning,
        cites: TLS_CITES,
        explanation: include_str!("explain/MIG-TLS-004.md"),
        editions: &[],
        check: tls_profile,
    },
    Rule {
        id: "MIG-NET-008",
        title_ja: "医療情報を運ぶ無線LANは端末を証明書で認証する (IEEE 802.1X)",
        title_en: "A wireless LAN carrying 医療情報 authenticates terminals by certificate (IEEE 802.1X)",
        severity: Severity::Warning,
        cites: &[
            cite("提供事業者GL", "1.1", "5.1.5(1)(イ)④", Tag::V2),
            cite("MHLW安全管理GL", "6.0", "システム運用編 13.4 (見出し)", Tag::V),
        ],
        explanation: include_str!("explain/MIG-NET-008.md"),
        editions: &[],
        check: wireless_certificates,
    },
    Rule {
        id: "MIG-NET-009",
        title_ja: "医療情報を運ぶ IPsec-VPN で弱い暗号の設定を許さない",
        title_en: "An IPsec VPN carrying 医療情報 allows no weak cryptography",
        severity: Severity::Warning,
        cites: &[
            cite("提供事業者GL", "1.1", "5.1.5(1)(イ)③", Tag::V2),
            cite("MHLW安全管理GL", "6.0", "Q&A (IPsec)", Tag::VDraft),
            cite("CRYPTREC 暗号リスト", "2023", "電子政府推奨暗号リスト (migc による IPsec への当てはめ)", Tag::U),
        ],
        explanation: include_str!("explain/MIG-NET-009.md"),
        editions: &[],
        check: ipsec_parameters,
    },
];

/// Networks that carry 医療情報: every hop of every route of a flow that carries it.
fn medical_networks<'a>(ctx: &'a Ctx) -> impl Iterator<Item = &'a ModelDecl> + 'a {
    ctx.index.medical_networks().iter().copied()
}

pub(super) fn kind(n: &ModelDecl) -> &'static str {
    n.enum_value("kind").unwrap_or("")
}

/// A VPN or a closed hop: on a route, the traffic is not left to TLS alone.
pub(super) fn vpn_or_closed(k: &str) -> bool {
    matches!(k, "closed" | "ip_vpn" | "ipsec_vpn" | "ssl_vpn_client" | "ssl_vpn_clientless")
}

/// The TLS networks used in place of a VPN without `replaces_vpn true`, each with
/// the first flow whose route shows it: a TLS hop on a route of a flow carrying
/// 医療情報 whose hops include no VPN or closed network (the TLS hop itself is the
/// open one).
pub(super) fn derived_tls_as_vpn<'a>(ctx: &'a Ctx) -> Vec<(&'a ModelDecl, &'a ModelDecl)> {
    let mut out: Vec<(&ModelDecl, &ModelDecl)> = Vec::new();
    for f in ctx.index.all("flow") {
        // A patient portal is not TLS standing in for a VPN to the system (別紙2 ①-9 is about
        // the institution's access); patients cannot be issued client certificates.
        if ctx.index.medical_carried(f).is_empty() || ctx.index.patient_only(f) {
            continue;
        }
        for r in routes(f) {
            let hops: Vec<&ModelDecl> = r.hops.iter().filter_map(|h| ctx.index.decl(*h)).collect();
            if hops.iter().any(|n| vpn_or_closed(kind(n))) {
                continue;
            }
            for n in hops.into_iter().filter(|n| kind(n) == "tls") {
                if !out.iter().any(|(m, _)| std::ptr::eq(*m, n)) {
                    out.push((n, f));
                }
            }
        }
    }
    out
}

/// A hop that keeps the traffic on closed or premises networks.
fn closed_hop(n: &ModelDecl) -> bool {
    matches!(kind(n), "closed" | "ip_vpn" | "lan") || encrypted_wireless(n)
}

/// Networks MIG-NET-001 does not judge, migc's reading: those that carry 医療情報 only
/// - as the failover of a closed route: every route they are on is an `alternative` of a
///   flow whose primary route is closed from end to end (the flow travels the closed
///   network as the guideline asks), or
/// - for patients (a portal reached from home: a closed network is not there to choose).
///
/// Their protection is still judged (NET-002, -003, -009).
fn not_judged_for_closed(ctx: &Ctx) -> rustc_hash::FxHashSet<crate::model::SymbolId> {
    let mut exempt = rustc_hash::FxHashSet::default();
    let mut judged = rustc_hash::FxHashSet::default();
    for f in ctx.index.all("flow") {
        if ctx.index.medical_carried(f).is_empty() {
            continue;
        }
        let patients = ctx.index.patient_only(f);
        let routes = routes(f);
        let closed_primary = routes
            .iter()
            .find(|r| r.alternative.is_none())
            .is_some_and(|r| !r.hops.is_empty() && r.hops.iter().all(|h| ctx.index.decl(*h).is_some_and(closed_hop)));
        for r in &routes {
            let set = if patients || (r.alternative.is_some() && closed_primary) { &mut exempt } else { &mut judged };
            set.extend(r.hops.iter().copied());
        }
    }
    exempt.retain(|n| !judged.contains(n));
    exempt
}

fn closed_preferred(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    let exempt = not_judged_for_closed(ctx);
    for n in medical_networks(ctx) {
        let k = kind(n);
        if closed_hop(n) || n.symbol.is_some_and(|s| exempt.contains(&s)) {
            continue;
        }
        let name = shown(n);
        rule.finding(n, tr!("`{name}` ({k}) は閉域網ではありません", "`{name}` ({k}) is not a closed network"))
            .at(prop_span(n, "kind"), tr!("医療情報を運ぶオープンな経路", "an open path carrying 医療情報"))
            .help(tr!(
                "原則として閉域網 (専用線・IP-VPN) を使ってください。使えない理由と期限があるなら waiver で記録します。",
                "use a closed network (dedicated line, IP-VPN) where possible; record a justified, time-limited exception with a waiver"
            ))
            .push(out);
    }
}

/// A wireless LAN whose traffic is encrypted (802.1X with or without certificates,
/// WPA3-SAE, WPA2-PSK): a segment of the premises like a wired LAN, not an open
/// path. How its terminals are authenticated is MIG-NET-008's question.
fn encrypted_wireless(n: &ModelDecl) -> bool {
    kind(n) == "wireless_lan"
        && matches!(n.enum_value("wireless_auth"), Some("ieee8021x" | "eap_tls" | "wpa3_sae" | "wpa2_psk"))
}

fn open_protected(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for n in medical_networks(ctx) {
        let k = kind(n);
        if !matches!(k, "internet" | "mobile" | "wireless_lan") || encrypted_wireless(n) {
            continue;
        }
        let name = shown(n);
        rule.finding(
            n,
            tr!("`{name}` ({k}) は医療情報を保護なしで運んでいます", "`{name}` ({k}) carries 医療情報 unprotected"),
        )
        .at(prop_span(n, "kind"), tr!("IPsec も TLS もない経路", "neither IPsec nor TLS"))
        .help(tr!(
            "IPsec-VPN (IKE 併用) か TLS (kind tls) で保護してください。無線LAN なら証明書による IEEE 802.1X 認証 (`wireless_auth eap_tls`) にします。",
            "protect it with an IPsec VPN (with IKE) or TLS (kind tls); for a wireless LAN authenticate terminals with IEEE 802.1X and certificates (`wireless_auth eap_tls`)"
        ))
        .push(out);
    }
}

fn ipsec_ike(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for n in ctx.index.all("network") {
        if kind(n) != "ipsec_vpn" || n.bool("ike") == Some(true) {
            continue;
        }
        let name = shown(n);
        rule.finding(n, tr!("IPsec-VPN `{name}` が IKE を使っていません", "IPsec VPN `{name}` does not use IKE"))
            .at(prop_span(n, "ike"), tr!("`ike true` ではない", "not `ike true`"))
            .help(tr!(
                "鍵交換に IKE を使い `ike true` と書いてください。",
                "exchange keys with IKE and write `ike true`"
            ))
            .push(out);
    }
}

fn ssl_vpn(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>, which: &str) {
    for n in ctx.index.all("network") {
        if kind(n) != which {
            continue;
        }
        let name = shown(n);
        let (msg, help) = if which == "ssl_vpn_clientless" {
            (
                tr!("`{name}` はクライアントレス型 SSL-VPN です", "`{name}` is a clientless SSL-VPN"),
                tr!(
                    "SSL-VPN は原則として使いません (偽サーバ対策が不十分)。IPsec-VPN か閉域網に切り替えてください。原則の例外として、適切な方式と対策 (偽サーバ対策など) をとって使う場合は、この network を対象とする waiver に理由・方式・対策、承認者、期限を記録してください。",
                    "SSL-VPN is not used in principle (weak against fake servers): switch to an IPsec VPN or a closed network; as the exception the principle allows, if you use it with an appropriate method and measures (against fake servers and the like), record the reason, method and measures, the approver and an expiry in a waiver on this network"
                ),
            )
        } else {
            (
                tr!("`{name}` はクライアント型 SSL-VPN です", "`{name}` is a client-type SSL-VPN"),
                tr!(
                    "SSL-VPN は原則使いません。使う理由と対策を waiver に記録するか IPsec-VPN に切り替えてください。",
                    "SSL-VPN is avoided in principle; record the reason and safeguards in a waiver, or switch to an IPsec VPN"
                ),
            )
        };
        rule.finding(n, msg).at(prop_span(n, "kind"), tr!("SSL-VPN", "SSL-VPN")).help(help).push(out);
    }
}

/// Enabled TLS versions, as (major, minor).
fn tls_versions(n: &ModelDecl) -> Vec<(u32, u32)> {
    match n.get("tls") {
        Some(MValue::List(items)) => items
            .iter()
            .filter_map(|v| match &v.value {
                MValue::Version(parts) => Some((parts.first().copied()?, parts.get(1).copied().unwrap_or(0))),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn tls_networks<'a>(ctx: &'a Ctx) -> impl Iterator<Item = &'a ModelDecl> + 'a {
    ctx.index.all("network").iter().copied().filter(|n| kind(n) == "tls")
}

fn tls_minimum(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for n in tls_networks(ctx) {
        let versions = tls_versions(n);
        let name = shown(n);
        let old: Vec<String> = versions.iter().filter(|v| **v < (1, 2)).map(|(a, b)| format!("{a}.{b}")).collect();
        if versions.is_empty() {
            rule.finding(
                n,
                tr!("`{name}` の TLS のバージョンが書かれていません", "`{name}` does not state its TLS versions"),
            )
            .at(name_span(n), tr!("`tls [...]` がない", "no `tls [...]`"))
            .help(tr!(
                "`tls [1.2, 1.3]` のように有効なバージョンを書いてください。",
                "state the enabled versions, e.g. `tls [1.2, 1.3]`"
            ))
            .push(out);
        } else if !old.is_empty() {
            let list = old.join(", ");
            rule.finding(n, tr!("`{name}` で TLS {list} が有効です", "`{name}` enables TLS {list}"))
                .at(prop_span(n, "tls"), tr!("1.2 未満のバージョン", "versions below 1.2"))
                .help(tr!(
                    "TLS 1.2 未満を無効にしてください (高セキュリティ型)。",
                    "disable everything below TLS 1.2 (high-security profile)"
                ))
                .push(out);
        }
    }
}

fn tls13(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for n in tls_networks(ctx) {
        let versions = tls_versions(n);
        if versions.is_empty() || versions.contains(&(1, 3)) {
            continue;
        }
        let name = shown(n);
        rule.finding(n, tr!("`{name}` で TLS 1.3 が有効ではありません", "`{name}` does not enable TLS 1.3"))
            .at(prop_span(n, "tls"), tr!("1.3 がない", "no 1.3"))
            .help(tr!("TLS 1.3 を有効にしてください。", "enable TLS 1.3"))
            .push(out);
    }
}

fn tls_as_vpn(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    let derived = derived_tls_as_vpn(ctx);
    for n in tls_networks(ctx) {
        // `replaces_vpn true` says so; else the route of a flow may show it.
        let via_flow = if n.bool("replaces_vpn") == Some(true) {
            None
        } else {
            match derived.iter().find(|(m, _)| std::ptr::eq(*m, n)) {
                Some((_, f)) => Some(shown(f)),
                None => continue,
            }
        };
        let name = shown(n);
        let versions = tls_versions(n);
        let derived_note = via_flow.as_ref().map(|flow| {
            tr!(
                "`replaces_vpn` は書かれていませんが、情報流 `{flow}` の経路に VPN・閉域網の区間がなく、TLS `{name}` が VPN の代わりになっていると判断しました。",
                "`replaces_vpn` is not written, but the route of flow `{flow}` has no VPN or closed hop, so TLS `{name}` is taken to be used in place of a VPN"
            )
        });
        // 別紙2 ①-9 allows TLS 1.2 where the system cannot do 1.3: a warning, not an error.
        if versions.is_empty() || versions.iter().any(|v| *v < (1, 3)) {
            let msg = match &via_flow {
                None => tr!(
                    "VPN の代わりの TLS `{name}` が 1.3 に限定されていません",
                    "TLS `{name}`, used in place of a VPN, is not limited to 1.3"
                ),
                Some(flow) => tr!(
                    "情報流 `{flow}` の経路で VPN の代わりになっている TLS `{name}` が 1.3 に限定されていません",
                    "TLS `{name}`, used in place of a VPN on the route of flow `{flow}`, is not limited to 1.3"
                ),
            };
            let mut f = rule
                .finding(n, msg)
                .severity(Severity::Warning)
                .at(prop_span(n, "tls"), tr!("`tls [1.3]` ではない", "not `tls [1.3]`"))
                .help(tr!(
                    "`tls [1.3]` に限定してください。システムが 1.3 に対応できない場合は TLS 1.2 (高セキュリティ型) も認められます。その場合は対応できない理由と移行の予定を、この network を対象とする waiver に記録してください。",
                    "limit it to `tls [1.3]`; where the system cannot do 1.3, TLS 1.2 (high-security profile) is acceptable: record why and the plan to move in a waiver on this network"
                ))
                .note(tr!(
                    "1.3 がないことは警告、クライアント証明書認証がないことはエラーです (別紙2 ①-9)。",
                    "missing 1.3 is a warning; missing client-certificate authentication is an error (別紙2 ①-9)"
                ));
            if let Some(d) = derived_note.clone() {
                f = f.note(d);
            }
            f.push(out);
        }
        if n.bool("client_certificates") != Some(true) {
            let msg = match &via_flow {
                None => tr!(
                    "VPN の代わりの TLS `{name}` にクライアント証明書認証がありません",
                    "TLS `{name}`, used in place of a VPN, has no client-certificate authentication"
                ),
                Some(flow) => tr!(
                    "情報流 `{flow}` の経路で VPN の代わりになっている TLS `{name}` にクライアント証明書認証がありません",
                    "TLS `{name}`, used in place of a VPN on the route of flow `{flow}`, has no client-certificate authentication"
                ),
            };
            let mut f = rule
                .finding(n, msg)
                .at(
                    prop_span(n, "client_certificates"),
                    tr!("`client_certificates true` ではない", "not `client_certificates true`"),
                )
                .help(if via_flow.is_none() {
                    tr!(
                        "TLS クライアント認証を使い `client_certificates true` と書いてください。",
                        "authenticate clients with certificates and write `client_certificates true`"
                    )
                } else {
                    tr!(
                        "TLS クライアント認証を使い `client_certificates true` と書くか、経路に IPsec-VPN・IP-VPN・閉域網の区間を加えてください。",
                        "authenticate clients with certificates and write `client_certificates true`, or add an IPsec VPN, IP-VPN or closed hop to the route"
                    )
                });
            if let Some(d) = derived_note.clone() {
                f = f.note(d);
            }
            f.push(out);
        }
    }
}

fn tls_profile(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for n in medical_networks(ctx) {
        if kind(n) != "tls" {
            continue;
        }
        let Some(profile) = n.enum_value("cipher_profile") else { continue };
        if profile == "cryptrec_high" {
            continue;
        }
        let name = shown(n);
        rule.finding(
            n,
            tr!(
                "医療情報を運ぶ TLS `{name}` の暗号設定が高セキュリティ型ではありません ({profile})",
                "TLS `{name}` carries 医療情報 with a cipher profile other than high-security ({profile})"
            ),
        )
        .at(prop_span(n, "cipher_profile"), tr!("高セキュリティ型ではない", "not the high-security profile"))
        .help(tr!(
            "CRYPTREC TLS暗号設定ガイドラインの高セキュリティ型に設定し `cipher_profile cryptrec_high` と書いてください。",
            "configure the CRYPTREC TLS guideline's high-security profile and write `cipher_profile cryptrec_high`"
        ))
        .push(out);
    }
}

fn wireless_certificates(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for n in medical_networks(ctx) {
        if kind(n) != "wireless_lan" {
            continue;
        }
        // `open` and an unstated method are MIG-NET-002's (unprotected); `eap_tls` is clean.
        let (lj, le) = match n.enum_value("wireless_auth") {
            Some("wpa2_psk") => ("事前共有鍵 (PSK) は全端末で共通", "a pre-shared key is shared by every terminal"),
            Some("wpa3_sae") => ("SAE はパスワードによる認証", "SAE authenticates by password"),
            Some("ieee8021x") => {
                ("IEEE 802.1X だが証明書による認証か書かれていない", "IEEE 802.1X, but not stated to use certificates")
            }
            _ => continue,
        };
        let name = shown(n);
        rule.finding(
            n,
            tr!(
                "医療情報を運ぶ無線LAN `{name}` が端末を証明書で認証していません",
                "wireless LAN `{name}` carries 医療情報 without authenticating terminals by certificate"
            ),
        )
        .at(prop_span(n, "wireless_auth"), tr!("{lj}", "{le}"))
        .help(tr!(
            "IEEE 802.1X と端末証明書 (EAP-TLS) で端末を認証し `wireless_auth eap_tls` と書いてください。同等以上に安全な方式なら、その理由を waiver に記録します。",
            "authenticate terminals with IEEE 802.1X and certificates (EAP-TLS) and write `wireless_auth eap_tls`; for an equally safe method, record why in a waiver"
        ))
        .note(tr!(
            "MAC アドレスによる接続制限はなりすましが容易なため、それだけでは足りません。`ieee8021x` は証明書を使うかどうかを言わないため指摘します (証明書を使うなら eap_tls)。",
            "restricting by MAC address alone is not enough (MAC addresses are easily spoofed); `ieee8021x` does not say whether certificates are used, so it is reported (write eap_tls if they are)"
        ))
        .push(out);
    }
}

/// IKE Diffie-Hellman groups below CRYPTREC's 112-bit security: MODP under 2048
/// bits (1 = 768, 2 = 1024, 5 = 1536, 22 = 1024-bit with 160-bit subgroup), the
/// EC2N groups 3 and 4, and the 192-bit random ECP group 25.
pub const WEAK_DH_GROUPS: &[u64] = &[1, 2, 3, 4, 5, 22, 25];

fn ipsec_parameters(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for n in medical_networks(ctx) {
        if kind(n) != "ipsec_vpn" {
            continue;
        }
        let name = shown(n);
        let mut report = |key: &str, what: crate::diag::Text, help: crate::diag::Text| {
            rule.finding(
                n,
                tr!(
                    "医療情報を運ぶ IPsec-VPN `{name}` で弱い暗号の設定が許されています",
                    "IPsec VPN `{name}` carries 医療情報 and allows weak cryptography"
                ),
            )
            .at(prop_span(n, key), what)
            .help(help)
            .push(out);
        };
        if n.int("ike_version") == Some(1) {
            report(
                "ike_version",
                tr!("IKEv1", "IKEv1"),
                tr!("IKEv2 を使い `ike_version 2` と書いてください。", "use IKEv2 and write `ike_version 2`"),
            );
        }
        let weak_enc: Vec<&str> =
            n.enums("ipsec_encryption").into_iter().filter(|e| matches!(*e, "des" | "triple_des")).collect();
        if !weak_enc.is_empty() {
            let list = weak_enc.join(", ");
            report(
                "ipsec_encryption",
                tr!("{list} は推奨されない暗号", "{list}: not a recommended cipher"),
                tr!(
                    "DES・3DES を外し、AES (GCM が望ましい) か ChaCha20-Poly1305 に限ってください。",
                    "drop DES and 3DES; allow AES (preferably GCM) or ChaCha20-Poly1305 only"
                ),
            );
        }
        let weak_int: Vec<&str> =
            n.enums("ipsec_integrity").into_iter().filter(|e| matches!(*e, "md5" | "sha1")).collect();
        if !weak_int.is_empty() {
            let list = weak_int.join(", ");
            report(
                "ipsec_integrity",
                tr!("{list} は推奨されないハッシュ", "{list}: not a recommended hash"),
                tr!(
                    "MD5・SHA-1 を外し、SHA-256 以上に限ってください。",
                    "drop MD5 and SHA-1; allow SHA-256 or stronger only"
                ),
            );
        }
        let weak_dh: Vec<String> = match n.get("dh_groups") {
            Some(MValue::List(items)) => items
                .iter()
                .filter_map(|v| match v.value {
                    MValue::Int(g) if WEAK_DH_GROUPS.contains(&g) => Some(g.to_string()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        if !weak_dh.is_empty() {
            let list = weak_dh.join(", ");
            report(
                "dh_groups",
                tr!("DH グループ {list} は鍵長が足りない", "DH group {list}: too short a key"),
                tr!(
                    "2048 ビット以上の MODP (14 以上) か楕円曲線 (19, 20, 21 など) のグループに限ってください。",
                    "allow MODP groups of 2048 bits or more (14 and up) or elliptic-curve groups (19, 20, 21 …) only"
                ),
            );
        }
    }
}
