//! ネットワーク経路: closed networks, VPNs, IPsec/IKE, SSL-VPN, TLS versions.

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
];

/// Networks that carry 医療情報 (the `via` of a flow that carries it).
fn medical_networks<'a>(ctx: &'a Ctx) -> Vec<&'a ModelDecl> {
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<&ModelDecl> = Vec::new();
    for f in ctx.index.all("flow") {
        if ctx.index.medical_carried(f).is_empty() {
            continue;
        }
        if let Some(n) = f.reference("via").filter(|n| seen.insert(*n)).and_then(|n| ctx.index.decl(n)) {
            out.push(n);
        }
    }
    out
}

fn kind(n: &ModelDecl) -> &'static str {
    n.enum_value("kind").unwrap_or("")
}

fn closed_preferred(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for n in medical_networks(ctx) {
        let k = kind(n);
        if matches!(k, "closed" | "ip_vpn" | "lan") || protected_wireless(n) {
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

/// A wireless LAN with strong authentication and encryption (802.1X, WPA3).
fn protected_wireless(n: &ModelDecl) -> bool {
    kind(n) == "wireless_lan" && matches!(n.enum_value("wireless_auth"), Some("ieee8021x" | "wpa3_sae"))
}

fn open_protected(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for n in medical_networks(ctx) {
        let k = kind(n);
        if !matches!(k, "internet" | "mobile" | "wireless_lan") || protected_wireless(n) {
            continue;
        }
        let name = shown(n);
        rule.finding(
            n,
            tr!("`{name}` ({k}) は医療情報を保護なしで運んでいます", "`{name}` ({k}) carries 医療情報 unprotected"),
        )
        .at(prop_span(n, "kind"), tr!("IPsec も TLS もない経路", "neither IPsec nor TLS"))
        .help(tr!(
            "IPsec-VPN (IKE 併用) か TLS (kind tls) で保護してください。無線LAN なら `wireless_auth ieee8021x` (または wpa3_sae) にします。",
            "protect it with an IPsec VPN (with IKE) or TLS (kind tls); for a wireless LAN use `wireless_auth ieee8021x` (or wpa3_sae)"
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
    for n in tls_networks(ctx) {
        if n.bool("replaces_vpn") != Some(true) {
            continue;
        }
        let name = shown(n);
        let versions = tls_versions(n);
        // 別紙2 ①-9 allows TLS 1.2 where the system cannot do 1.3: a warning, not an error.
        if versions.is_empty() || versions.iter().any(|v| *v < (1, 3)) {
            rule.finding(
                n,
                tr!(
                    "VPN の代わりの TLS `{name}` が 1.3 に限定されていません",
                    "TLS `{name}`, used in place of a VPN, is not limited to 1.3"
                ),
            )
            .severity(Severity::Warning)
            .at(prop_span(n, "tls"), tr!("`tls [1.3]` ではない", "not `tls [1.3]`"))
            .help(tr!(
                "`tls [1.3]` に限定してください。システムが 1.3 に対応できない場合は TLS 1.2 (高セキュリティ型) も認められます。その場合は対応できない理由と移行の予定を、この network を対象とする waiver に記録してください。",
                "limit it to `tls [1.3]`; where the system cannot do 1.3, TLS 1.2 (high-security profile) is acceptable: record why and the plan to move in a waiver on this network"
            ))
            .note(tr!(
                "1.3 がないことは警告、クライアント証明書認証がないことはエラーです (別紙2 ①-9)。",
                "missing 1.3 is a warning; missing client-certificate authentication is an error (別紙2 ①-9)"
            ))
            .push(out);
        }
        if n.bool("client_certificates") != Some(true) {
            rule.finding(
                n,
                tr!(
                    "VPN の代わりの TLS `{name}` にクライアント証明書認証がありません",
                    "TLS `{name}`, used in place of a VPN, has no client-certificate authentication"
                ),
            )
            .at(
                prop_span(n, "client_certificates"),
                tr!("`client_certificates true` ではない", "not `client_certificates true`"),
            )
            .help(tr!(
                "TLS クライアント認証を使い `client_certificates true` と書いてください。",
                "authenticate clients with certificates and write `client_certificates true`"
            ))
            .push(out);
        }
    }
}
