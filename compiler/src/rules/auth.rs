//! 利用者認証: multi-factor authentication, smartcards, remote access.

use super::{Basis, Ctx, Finding, Mhlw, Rule, Tag, cite, name_span, prop_span, shown};
use crate::diag::Severity;
use crate::model::{Date, ModelDecl};
use crate::tr;

pub const RULES: &[Rule] = &[
    Rule {
        id: "MIG-AUTH-001",
        title_ja: "医療情報へのアクセスは異なる2種類以上の認証要素を組み合わせる",
        title_en: "Access to 医療情報 combines two different factor types",
        severity: Severity::Warning,
        cites: &[cite("提供事業者GL", "1.1", "§5.1.5(1)(イ)①", Tag::V)],
        explanation: include_str!("explain/MIG-AUTH-001.md"),
        editions: &[
            Basis {
                edition: Mhlw::V6_0,
                cites: &[
                    cite("MHLW安全管理GL", "6.0", "企画管理編 13.1.2", Tag::VDraft),
                    cite("MHLW安全管理GL", "5.2", "§6.5(1) (令和9年度)", Tag::V),
                ],
                severity: Severity::Error,
                asks_ja: "令和9年度に稼働が見込まれるシステムを導入・更新するときは、原則として二要素認証を採用する。対象のログインは限定しない。猶予の定めはない。",
                asks_en: "a system expected to run in 令和9年度 (from 2027-04-01) adopts two-factor authentication, in principle, when it is introduced or renewed; every login is in scope; no relief",
            },
            Basis {
                edition: Mhlw::V7_0,
                cites: &[
                    cite("MHLW安全管理GL", "7.0", "システム運用編 14⑤", Tag::V2),
                    cite("MHLW安全管理GL", "7.0", "保守委託機関編 9章④⑤", Tag::V2),
                ],
                severity: Severity::Warning,
                asks_ja: "令和9年度に稼働が見込まれるシステムを新規導入・更新するときは二要素認証を行う (義務)。対象はクライアント端末のアプリケーションへのログインとオンプレミスのサーバの OS へのログイン。2027-04-01 に間に合わない場合は次の更新時 (対応できる事業者を選ぶ)。本文は二次資料でのみ確認 [V2] のため警告。",
                asks_en: "a system expected to run from 2027-04-01 does two-factor authentication when newly introduced or renewed (a duty), at the application login on client terminals and the OS login on on-premises servers; where 2027-04-01 is not feasible, at the next renewal (choosing a vendor able to provide it); the text is known from secondary sources [V2], hence warnings",
            },
        ],
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
        editions: &[],
        check: possession_only,
    },
    Rule {
        id: "MIG-AUTH-003",
        title_ja: "外部からのアクセスは VPN と仮想デスクトップ等を経由する",
        title_en: "Remote access goes through a VPN and VDI-like access",
        severity: Severity::Error,
        cites: &[cite("MHLW安全管理GL", "6.0", "システム運用編 7⑬ (シQ-14)", Tag::V)],
        explanation: include_str!("explain/MIG-AUTH-003.md"),
        editions: &[],
        check: remote_access,
    },
    Rule {
        id: "MIG-PAT-001",
        title_ja: "患者向けの情報流がオープンなネットワークで医療情報を扱うなら本人を確認する [PROPOSAL]",
        title_en: "A patient-facing flow carrying 医療情報 over an open network authenticates the patient [PROPOSAL]",
        severity: Severity::Warning,
        cites: &[cite(
            "migc",
            "",
            "職員向けの多要素認証の求めは患者向けの経路 (受付端末・患者ポータル) には及ばないが、オープンなネットワークで医療情報を患者に渡すなら何らかの本人確認を置くという解釈",
            Tag::Proposal,
        )],
        explanation: include_str!("explain/MIG-PAT-001.md"),
        editions: &[],
        check: patient_auth,
    },
];

/// 令和9年度 starts on 2027-04-01.
const MFA_DEADLINE: Date = Date { year: 2027, month: 4, day: 1 };
/// MHLW 5.2, which first asked systems introduced or renewed "from now on" for
/// 令和9年度 to use two factors, was published in 令和4年3月: introductions from
/// 令和4年度 on are "from now on".
const MFA_ANNOUNCED: Date = Date { year: 2022, month: 4, day: 1 };
/// MHLW 6.0 was published on 2023-05-31: an introduction after it is "from now on" in its own text.
const MHLW_6_0_PUBLISHED: Date = Date { year: 2023, month: 5, day: 31 };

/// The actors of a flow (`who`, one or several).
pub(super) fn actors<'a>(ctx: &'a Ctx, flow: &ModelDecl) -> Vec<&'a ModelDecl> {
    flow.refs("who").into_iter().filter_map(|w| ctx.index.decl(w)).collect()
}

/// A person who works with the system (staff): not an automatic process, not a patient.
fn is_staff(actor: &ModelDecl) -> bool {
    !matches!(actor.enum_value("category"), Some("system" | "patient"))
}

/// The flows a member of staff uses to reach 医療情報: a flow is a person's if any of its
/// actors is one. A flow whose only people are patients (a kiosk, a portal) is not one of
/// them; a flow shared by a patient and staff is judged as the staff's.
pub(super) fn personal_medical_flows<'a>(ctx: &'a Ctx) -> impl Iterator<Item = &'a ModelDecl> + 'a {
    ctx.index
        .all("flow")
        .iter()
        .copied()
        .filter(|f| actors(ctx, f).into_iter().any(is_staff) && !ctx.index.medical_carried(f).is_empty())
}

/// The flows in which patients, and no staff, reach 医療情報 (a kiosk, a patient portal).
fn patient_medical_flows<'a>(ctx: &'a Ctx) -> impl Iterator<Item = &'a ModelDecl> + 'a {
    ctx.index
        .all("flow")
        .iter()
        .copied()
        .filter(|f| ctx.index.patient_only(f) && !ctx.index.medical_carried(f).is_empty())
}

/// A flow's auth methods: (factor type, name, whether it is a factor the person holds).
/// A method `bound_to device` used from a `shared true` asset is not: anyone at that
/// device has it.
fn all_factors(ctx: &Ctx, flow: &ModelDecl) -> Vec<(&'static str, String, bool)> {
    let shared = flow.reference("from").and_then(|a| ctx.index.decl(a)).is_some_and(|a| a.bool("shared") == Some(true));
    flow.refs("auth")
        .into_iter()
        .filter_map(|m| {
            let decl = ctx.index.decl(m)?;
            let device = decl.enum_value("bound_to") == Some("device");
            Some((decl.enum_value("factor")?, ctx.index.name(m), !(shared && device)))
        })
        .collect()
}

/// The factor types of a flow's auth methods that the person holds, with the methods' names.
pub(super) fn factors(ctx: &Ctx, flow: &ModelDecl) -> Vec<(&'static str, String)> {
    all_factors(ctx, flow).into_iter().filter(|(_, _, own)| *own).map(|(t, n, _)| (t, n)).collect()
}

fn factor_ja(f: &str) -> &'static str {
    match f {
        "knowledge" => "知識",
        "possession" => "所持",
        _ => "生体",
    }
}

/// Which case of the two-factor duty applies to the system a flow logs in to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MfaCase {
    /// Introduced or renewed from 令和4年度 on, and running in 令和9年度: the duty applies.
    Introduced(Date),
    /// The planned renewal has come: the duty applies from it.
    Renewed(Date),
    /// Introduced earlier; the duty applies at the planned renewal, not yet come.
    AtRenewal(Date),
    /// Introduced before 令和4年度, no renewal planned: the duty applies at the next renewal.
    Existing(Date),
    /// No dates in the model.
    Unknown,
    /// 7.0 only: neither an application login on a client terminal nor an OS login on an on-premises server.
    OutOfScope,
}

/// The system a flow logs in to: its `to`, whose dates (or those of what it runs on) decide.
fn system_dates<'a>(ctx: &'a Ctx, flow: &ModelDecl) -> (Option<&'a ModelDecl>, Option<Date>, Option<Date>) {
    let mut cur = flow.reference("to").and_then(|t| ctx.index.decl(t));
    let first = cur;
    for _ in 0..8 {
        let Some(a) = cur else { break };
        if a.date("introduced").is_some() || a.date("next_renewal").is_some() {
            return (Some(a), a.date("introduced"), a.date("next_renewal"));
        }
        cur = a.reference("runs_on").and_then(|r| ctx.index.decl(r));
    }
    (first, None, None)
}

/// 7.0 scope: the application login on a client terminal, or the OS login on an
/// on-premises server (a server not in a data centre or cloud region).
fn in_7_0_scope(ctx: &Ctx, flow: &ModelDecl) -> bool {
    let asset = |key: &str| flow.reference(key).and_then(|a| ctx.index.decl(a));
    let client =
        asset("from").is_some_and(|a| matches!(a.enum_value("kind"), Some("terminal" | "tablet" | "smartphone")));
    let on_prem_server = asset("to").is_some_and(|a| {
        a.enum_value("kind") == Some("server")
            && a.reference("at")
                .and_then(|s| ctx.index.decl(s))
                .is_some_and(|s| !matches!(s.enum_value("kind"), Some("datacenter" | "cloud_region")))
    });
    client || on_prem_server
}

fn mfa_case(ctx: &Ctx, flow: &ModelDecl, introduced: Option<Date>, next: Option<Date>) -> MfaCase {
    if ctx.mhlw == Mhlw::V7_0 && !in_7_0_scope(ctx, flow) {
        return MfaCase::OutOfScope;
    }
    let as_of = ctx.as_of;
    match (introduced, next) {
        (_, Some(n)) if as_of.is_some_and(|d| d >= n) => MfaCase::Renewed(n),
        (Some(i), _) if i >= MFA_ANNOUNCED => MfaCase::Introduced(i),
        (_, Some(n)) => MfaCase::AtRenewal(n),
        (Some(i), None) => MfaCase::Existing(i),
        (None, None) => MfaCase::Unknown,
    }
}

fn mfa(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    let in_r9 = ctx.as_of.is_some_and(|d| d >= MFA_DEADLINE);
    let relief = ctx.mhlw == Mhlw::V7_0;
    for flow in personal_medical_flows(ctx) {
        let fs = factors(ctx, flow);
        // Methods bound to the shared device the flow starts from: not the person's factors.
        let on_shared: Vec<String> =
            all_factors(ctx, flow).into_iter().filter(|(_, _, own)| !*own).map(|(_, n, _)| n).collect();
        let mut types: Vec<&str> = fs.iter().map(|(t, _)| *t).collect();
        types.sort_unstable();
        types.dedup();
        if types.len() >= 2 {
            continue;
        }
        let (system, introduced, next) = system_dates(ctx, flow);
        let sys = system.map(shown).unwrap_or_else(|| "?".to_string());
        let case = mfa_case(ctx, flow, introduced, next);
        // Whether the duty applies (an error, within what the targeted edition allows), and the sentence saying which case this is.
        let (duty, case_text) = match case {
            // Introduced after MHLW 6.0 was published: "from now on" in its own text. Between
            // 5.2 (令和4年3月) and 6.0 it is migc's reading that 5.2's "from now on" already
            // covered it [PROPOSAL]: a warning.
            MfaCase::Introduced(d) if d >= MHLW_6_0_PUBLISHED => (
                true,
                tr!(
                    "`{sys}` は {d} に導入・更新され、令和9年度 (2027-04-01〜) も稼働するシステムです。二要素認証の求めが適用されます。",
                    "`{sys}` was introduced or renewed on {d} and runs from 2027-04-01 (令和9年度): the two-factor duty applies"
                ),
            ),
            MfaCase::Introduced(d) => (
                false,
                tr!(
                    "`{sys}` は {d} (MHLW 5.2 の公表後、6.0 の公表前) に導入・更新され、令和9年度も稼働するシステムです。5.2 の「今後」に含まれるという migc の解釈 [PROPOSAL] で、二要素認証の求めが適用されるものとして扱います。",
                    "`{sys}` was introduced or renewed on {d} (after MHLW 5.2, before 6.0 was published) and runs from 2027-04-01: migc reads 5.2's \"from now on\" as covering it [PROPOSAL], so the two-factor duty is taken to apply"
                ),
            ),
            MfaCase::Renewed(d) => (
                true,
                tr!(
                    "`{sys}` は {d} に更新予定でした。更新したシステムには二要素認証の求めが適用されます。",
                    "`{sys}` was due for renewal on {d}: the renewed system falls under the two-factor duty"
                ),
            ),
            MfaCase::AtRenewal(d) => (
                false,
                tr!(
                    "`{sys}` の次の更新 ({d}) から二要素認証の求めが適用されます。それまでは可能な限り早期の採用が求められます。",
                    "the two-factor duty applies to `{sys}` from its next renewal ({d}); until then MFA is asked for as early as possible"
                ),
            ),
            MfaCase::Existing(d) if relief || !in_r9 => (
                false,
                tr!(
                    "`{sys}` は {d} に導入された既存のシステムです。二要素認証の求めは次の更新時から適用されます (`next_renewal` で予定日を書けます)。",
                    "`{sys}` is an existing system introduced on {d}: the two-factor duty applies from its next renewal (state it with `next_renewal`)"
                ),
            ),
            MfaCase::Existing(d) => (
                false,
                tr!(
                    "`{sys}` は {d} に導入された既存のシステムです。二要素認証の求めは導入・更新時のものなので、次の更新の予定日を `next_renewal` に書いてください。",
                    "`{sys}` is an existing system introduced on {d}: the two-factor duty applies when it is renewed; give the planned date as `next_renewal`"
                ),
            ),
            MfaCase::Unknown => (
                false,
                tr!(
                    "`{sys}` の導入日 (`introduced`) も次の更新予定日 (`next_renewal`) も書かれていないため、二要素認証の求めが適用されるかを判定できません。",
                    "`{sys}` states neither `introduced` nor `next_renewal`, so migc cannot tell whether the two-factor duty applies"
                ),
            ),
            MfaCase::OutOfScope => (
                false,
                tr!(
                    "第7.0版の二要素認証の求めの対象 (クライアント端末のアプリケーションへのログイン、オンプレミスのサーバの OS へのログイン) ではありません。提供事業者GL は多要素認証を可能な限り早期に採用するよう求めています。",
                    "not in the scope of the 7.0 two-factor duty (application login on a client terminal, OS login on an on-premises server); the provider guideline asks for MFA as early as possible"
                ),
            ),
        };
        let name = shown(flow);
        let device = flow.reference("from").map(|a| ctx.index.name(a)).unwrap_or_default();
        let f = if fs.is_empty() && !on_shared.is_empty() {
            let methods = on_shared.join(" + ");
            rule.finding(
                flow,
                tr!(
                    "情報流 `{name}` の認証に本人の要素がありません",
                    "flow `{name}` authenticates with no factor the person holds"
                ),
            )
            .at(
                prop_span(flow, "auth"),
                tr!(
                    "共用の `{device}` の {methods} は本人が持つ要素ではない",
                    "{methods} on the shared `{device}` is not a factor the person holds"
                ),
            )
        } else if fs.is_empty() {
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
        let mut f = f
            .severity(if duty { Severity::Error } else { Severity::Warning })
            .help(tr!(
                "知識・所持・生体のうち異なる2種類を組み合わせてください (例 `auth [std::auth::password, std::auth::smartcard]`)。",
                "combine two different factor types of knowledge, possession and biometric, e.g. `auth [std::auth::password, std::auth::smartcard]`"
            ))
            .note(case_text);
        if !on_shared.is_empty() {
            let methods = on_shared.join(", ");
            f = f.note(tr!(
                "{methods} は機器に結び付いた要素 (`bound_to device`) で、`{device}` は共用の機器 (`shared true`) です。その機器を使う誰もが持つため、本人の所持要素に数えません。",
                "{methods} is bound to a device (`bound_to device`) and `{device}` is shared (`shared true`): anyone at it has the factor, so it is not counted as a possession factor the person holds"
            ));
        }
        if duty && relief {
            f = f.note(tr!(
                "第7.0版では、2027-04-01 に間に合わない場合は次の更新時までの対応が認められます。第7.0版の本文は二次資料でのみ確認 [V2] のため、この指摘は警告です。",
                "under 7.0, where 2027-04-01 is not feasible, the next renewal is allowed; the 7.0 text is known from secondary sources [V2], so this finding is a warning"
            ));
        }
        f.push(out);
    }
}

fn possession_only(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for flow in personal_medical_flows(ctx) {
        // Every method counts here, a device's too: possession alone is the question.
        let fs: Vec<(&str, String)> = all_factors(ctx, flow).into_iter().map(|(t, n, _)| (t, n)).collect();
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
    let derived = super::network::derived_tls_as_vpn(ctx);
    // A VPN or closed hop, or TLS in place of a VPN: `replaces_vpn true`, or derived
    // from a route (MIG-TLS-003) and authenticating clients by certificate.
    let is_vpn = |n: &ModelDecl| match n.enum_value("kind") {
        Some("closed" | "ip_vpn" | "ipsec_vpn") => true,
        Some("tls") => {
            n.bool("replaces_vpn") == Some(true)
                || (n.bool("client_certificates") == Some(true) && derived.iter().any(|(m, _)| std::ptr::eq(*m, n)))
        }
        _ => false,
    };
    for flow in ctx.index.all("flow") {
        if flow.bool("remote") != Some(true) {
            continue;
        }
        let name = shown(flow);
        let routes = super::index::routes(flow);
        if routes.is_empty() {
            rule.finding(
                flow,
                tr!(
                    "外部からのアクセス `{name}` が VPN を経由していません",
                    "remote access `{name}` does not go through a VPN"
                ),
            )
            .at(
                prop_span(flow, "via"),
                tr!("経由するネットワーク (via) がありません", "no network (via) is named"),
            )
            .help(tr!(
                "盗聴・なりすましを防ぐ VPN (IPsec-VPN、IP-VPN、閉域網) を `via` (経路が複数の区間なら `route`) に指定してください。",
                "name a VPN that prevents eavesdropping and spoofing (IPsec VPN, IP-VPN, closed network) in `via` (or `route`, for a path of several hops)"
            ))
            .push(out);
        }
        for r in &routes {
            let hops: Vec<&ModelDecl> = r.hops.iter().filter_map(|h| ctx.index.decl(*h)).collect();
            if hops.iter().any(|n| is_vpn(n)) {
                continue;
            }
            let listed: Vec<String> =
                hops.iter().map(|n| format!("{} ({})", shown(n), n.enum_value("kind").unwrap_or("?"))).collect();
            let list = listed.join(", ");
            let (lj, le) = match (listed.len(), r.label()) {
                (1, None) => (format!("{list} は VPN ではありません"), format!("{list} is not a VPN")),
                (_, None) => (format!("経路 [{list}] に VPN がありません"), format!("no VPN on the route [{list}]")),
                (_, Some(l)) => (
                    format!("代わりの経路 {l} [{list}] に VPN がありません"),
                    format!("no VPN on the alternative route {l} [{list}]"),
                ),
            };
            let alt = r.alternative.is_some();
            rule.finding(
                flow,
                if alt {
                    tr!(
                        "外部からのアクセス `{name}` の代わりの経路が VPN を経由していません",
                        "an alternative route of remote access `{name}` does not go through a VPN"
                    )
                } else {
                    tr!(
                        "外部からのアクセス `{name}` が VPN を経由していません",
                        "remote access `{name}` does not go through a VPN"
                    )
                },
            )
            .at(r.prop.value.span, tr!("{lj}", "{le}"))
            .help(tr!(
                "盗聴・なりすましを防ぐ VPN (IPsec-VPN、IP-VPN、閉域網) を `via` (経路が複数の区間なら `route`) に指定してください。",
                "name a VPN that prevents eavesdropping and spoofing (IPsec VPN, IP-VPN, closed network) in `via` (or `route`, for a path of several hops)"
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

/// Networks open to anyone: the internet, mobile lines, TLS or SSL-VPN over them.
fn open_network(kind: Option<&str>) -> bool {
    matches!(kind, Some("internet" | "tls" | "mobile" | "ssl_vpn_client" | "ssl_vpn_clientless"))
}

fn patient_auth(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for flow in patient_medical_flows(ctx) {
        if !flow.refs("auth").is_empty() {
            continue;
        }
        // The first open hop on any of its routes (`via`, `route`, each `alternative`).
        let open = super::index::routes(flow).into_iter().find_map(|r| {
            let prop = r.prop;
            r.hops
                .into_iter()
                .filter_map(|h| ctx.index.decl(h))
                .find(|n| open_network(n.enum_value("kind")))
                .map(|n| (n, prop))
        });
        let Some((net, hop_prop)) = open else { continue };
        let (name, nn) = (shown(flow), shown(net));
        rule.finding(
            flow,
            tr!(
                "患者向けの情報流 `{name}` はオープンなネットワーク `{nn}` で医療情報を扱いますが、認証 (auth) がありません",
                "patient-facing flow `{name}` carries 医療情報 over the open network `{nn}` with no authentication (auth)"
            ),
        )
        .at(name_span(flow), tr!("患者向け・認証なし", "patient-facing, no auth"))
        .also(flow.file, hop_prop.value.span, tr!("オープンなネットワーク", "an open network"))
        .note(tr!(
            "職員向けの二要素認証の求め (MIG-AUTH-001/002) は患者向けの情報流には適用しません。患者の本人確認を求める確かめた条文はなく、この指摘は migc の解釈 [PROPOSAL] です。",
            "the staff two-factor rules (MIG-AUTH-001/002) do not judge patient-facing flows; no verified text asks how patients authenticate, so this finding is migc's reading [PROPOSAL]"
        ))
        .help(tr!(
            "患者が本人であることを確かめる方式を `auth` に書いてください (例 `auth [std::auth::password, std::auth::sms_otp]`)。",
            "name how the patient is identified in `auth`, e.g. `auth [std::auth::password, std::auth::sms_otp]`"
        ))
        .push(out);
    }
}
