//! 利用者認証: multi-factor authentication, smartcards, remote access.

use super::{Ctx, Finding, Rule, Tag, cite, name_span, prop_span, shown};
use crate::diag::Severity;
use crate::model::{Date, ModelDecl};
use crate::tr;

pub const RULES: &[Rule] = &[
    Rule {
        id: "MIG-AUTH-001",
        title_ja: "医療情報へのアクセスは異なる2種類以上の認証要素を組み合わせる",
        title_en: "Access to 医療情報 combines two different factor types",
        severity: Severity::Warning,
        cites: &[
            cite("提供事業者GL", "1.1", "§5.1.5(1)(イ)①", Tag::V),
            cite("MHLW安全管理GL", "6.0", "企画管理編 13.1.2", Tag::VDraft),
            cite("MHLW安全管理GL", "5.2", "§6.5(1) (令和9年度)", Tag::V),
        ],
        explanation: include_str!("explain/MIG-AUTH-001.md"),
        check: mfa,
    },
    Rule {
        id: "MIG-AUTH-002",
        title_ja: "ICカード等の所持要素だけで認証しない",
        title_en: "A smartcard (possession factor) alone is not enough",
        severity: Severity::Error,
        cites: &[
            cite("MHLW安全管理GL", "6.0", "Q&A シQ-49", Tag::V),
            cite("MHLW安全管理GL", "6.0", "システム運用編 14③", Tag::V),
        ],
        explanation: include_str!("explain/MIG-AUTH-002.md"),
        check: possession_only,
    },
    Rule {
        id: "MIG-AUTH-003",
        title_ja: "外部からのアクセスは VPN と仮想デスクトップ等を経由する",
        title_en: "Remote access goes through a VPN and VDI-like access",
        severity: Severity::Error,
        cites: &[cite("MHLW安全管理GL", "6.0", "システム運用編 7⑬ (シQ-14)", Tag::V)],
        explanation: include_str!("explain/MIG-AUTH-003.md"),
        check: remote_access,
    },
];

/// 令和9年度 starts on 2027-04-01: from then on, missing MFA is an error.
const MFA_DEADLINE: Date = Date { year: 2027, month: 4, day: 1 };

/// The flows a person uses to reach 医療情報.
fn personal_medical_flows<'a>(ctx: &'a Ctx) -> impl Iterator<Item = &'a ModelDecl> + 'a {
    ctx.index.all("flow").iter().copied().filter(|f| {
        let person = f
            .reference("who")
            .and_then(|w| ctx.index.decl(w))
            .is_some_and(|actor| actor.enum_value("category") != Some("system"));
        person && !ctx.index.medical_carried(f).is_empty()
    })
}

/// The factor types of a flow's auth methods, with the methods' names.
fn factors(ctx: &Ctx, flow: &ModelDecl) -> Vec<(&'static str, String)> {
    flow.refs("auth")
        .into_iter()
        .filter_map(|m| {
            let decl = ctx.index.decl(m)?;
            Some((decl.enum_value("factor")?, ctx.index.name(m)))
        })
        .collect()
}

fn factor_ja(f: &str) -> &'static str {
    match f {
        "knowledge" => "知識",
        "possession" => "所持",
        _ => "生体",
    }
}

fn mfa(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    let severity = match ctx.as_of {
        Some(d) if d >= MFA_DEADLINE => Severity::Error,
        _ => Severity::Warning,
    };
    for flow in personal_medical_flows(ctx) {
        let fs = factors(ctx, flow);
        let mut types: Vec<&str> = fs.iter().map(|(t, _)| *t).collect();
        types.sort_unstable();
        types.dedup();
        if types.len() >= 2 {
            continue;
        }
        let name = shown(flow);
        let f = if fs.is_empty() {
            rule.finding(
                flow,
                tr!(
                    "情報流 `{name}` に利用者認証 (auth) がありません",
                    "flow `{name}` declares no user authentication (auth)"
                ),
            )
            .at(
                name_span(flow),
                tr!("医療情報を扱うが認証方式の記載がない", "carries 医療情報 but names no auth methods"),
            )
        } else {
            let methods = fs.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>().join(" + ");
            let (tj, te) = (factor_ja(types[0]), types[0]);
            rule.finding(
                flow,
                tr!("情報流 `{name}` の認証は {tj} 要素だけです", "flow `{name}` authenticates with {te} factors only"),
            )
            .at(
                prop_span(flow, "auth"),
                if fs.len() == 1 {
                    tr!("{methods} は {tj} 要素だけ", "{methods} is a single {te} factor")
                } else {
                    tr!("{methods} はどれも {tj} 要素 (1種類)", "{methods} are all {te} factors (one type)")
                },
            )
        };
        f.severity(severity)
            .help(tr!(
                "知識・所持・生体のうち異なる2種類を組み合わせてください (例 `auth [std::auth::password, std::auth::smartcard]`)。",
                "combine two different factor types of knowledge, possession and biometric, e.g. `auth [std::auth::password, std::auth::smartcard]`"
            ))
            .note(tr!(
                "令和9年度 (2027-04-01) より前は警告、以降はエラーです (基準日 as_of / --as-of で判定)。",
                "a warning before 2027-04-01 (令和9年度), an error from then on (judged by as_of / --as-of)"
            ))
            .push(out);
    }
}

fn possession_only(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for flow in personal_medical_flows(ctx) {
        let fs = factors(ctx, flow);
        if fs.is_empty() || fs.iter().any(|(t, _)| *t != "possession") {
            continue;
        }
        let name = shown(flow);
        let methods = fs.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>().join(" + ");
        rule.finding(
            flow,
            tr!(
                "情報流 `{name}` は所持要素だけで認証しています",
                "flow `{name}` authenticates with a possession factor alone"
            ),
        )
        .at(
            prop_span(flow, "auth"),
            tr!("{methods} だけでは本人確認になりません", "{methods} alone does not identify the person"),
        )
        .help(tr!(
            "本人しか知り得ない情報 (パスワード・PIN) か生体認証と組み合わせてください。",
            "combine it with something only the person knows (password, PIN) or a biometric"
        ))
        .push(out);
    }
}

fn remote_access(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for flow in ctx.index.all("flow") {
        if flow.bool("remote") != Some(true) {
            continue;
        }
        let name = shown(flow);
        let network = flow.reference("via").and_then(|n| ctx.index.decl(n));
        let vpn = network.is_some_and(|n| match n.enum_value("kind") {
            Some("closed" | "ip_vpn" | "ipsec_vpn") => true,
            Some("tls") => n.bool("replaces_vpn") == Some(true),
            _ => false,
        });
        if !vpn {
            let (lj, le) = match network {
                Some(n) => {
                    let k = n.enum_value("kind").unwrap_or("?");
                    (format!("{} ({k}) は VPN ではありません", shown(n)), format!("{} ({k}) is not a VPN", shown(n)))
                }
                None => {
                    ("経由するネットワーク (via) がありません".to_string(), "no network (via) is named".to_string())
                }
            };
            rule.finding(
                flow,
                tr!(
                    "外部からのアクセス `{name}` が VPN を経由していません",
                    "remote access `{name}` does not go through a VPN"
                ),
            )
            .at(prop_span(flow, "via"), tr!("{lj}", "{le}"))
            .help(tr!(
                "盗聴・なりすましを防ぐ VPN (IPsec-VPN、IP-VPN、閉域網) を `via` に指定してください。",
                "name a VPN that prevents eavesdropping and spoofing (IPsec VPN, IP-VPN, closed network) in `via`"
            ))
            .push(out);
        }
        if flow.bool("vdi") != Some(true) {
            rule.finding(flow, tr!("外部からのアクセス `{name}` が仮想デスクトップ等を経由していません", "remote access `{name}` does not use VDI-like access"))
                .at(
                    flow.prop("vdi").or(flow.prop("remote")).map_or_else(|| name_span(flow), |p| p.value.span),
                    tr!("外部からのアクセスだが `vdi true` がない", "remote access without `vdi true`"),
                )
                .help(tr!(
                    "外部からは仮想デスクトップ等で接続し、端末に医療情報を残さない構成にして `vdi true` と書いてください。",
                    "connect from outside through a virtual desktop (or similar) so no 医療情報 stays on the device, and write `vdi true`"
                ))
                .push(out);
        }
    }
}
