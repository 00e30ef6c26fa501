//! What the MHLW サイバーセキュリティ対策チェックリスト and the 7.0 保守委託機関編 ask of
//! the systems and their documents: patches, unneeded services, connection-source
//! restriction, the devices under remote maintenance, the incident contact chart
//! and the BCP, and who applies security updates.

use super::{Basis, Ctx, Finding, Mhlw, Rule, Tag, cite, name_span, prop_span, shown};
use crate::diag::Severity;
use crate::model::ModelDecl;
use crate::tr;

const CHECKLIST: &str = "MHLW サイバーセキュリティ対策チェックリスト";

pub const RULES: &[Rule] = &[
    Rule {
        id: "MIG-DEV-002",
        title_ja: "サーバ・端末・ネットワーク機器にセキュリティパッチを適用する",
        title_en: "Security patches are applied to servers, terminals and network devices",
        severity: Severity::Error,
        cites: &[cite(CHECKLIST, "令和7年度", "2⑥", Tag::V)],
        explanation: include_str!("explain/MIG-DEV-002.md"),
        editions: &[],
        check: patches,
    },
    Rule {
        id: "MIG-DEV-003",
        title_ja: "サーバ・端末の不要なソフトウェア・サービスを停止する",
        title_en: "Unneeded software and services are stopped on servers and terminals",
        severity: Severity::Error,
        cites: &[cite(CHECKLIST, "令和7年度", "2⑫", Tag::V)],
        explanation: include_str!("explain/MIG-DEV-003.md"),
        editions: &[],
        check: services,
    },
    Rule {
        id: "MIG-NET-006",
        title_ja: "ネットワーク機器で接続元を制限する",
        title_en: "Network devices restrict connecting sources",
        severity: Severity::Error,
        cites: &[
            cite(CHECKLIST, "令和7年度", "2⑬", Tag::V),
            cite("MHLW安全管理GL", "6.0", "システム運用編 13⑪", Tag::V),
        ],
        explanation: include_str!("explain/MIG-NET-006.md"),
        editions: &[],
        check: source_restriction,
    },
    Rule {
        id: "MIG-NET-007",
        title_ja: "リモートメンテナンスを受ける機器を把握する",
        title_en: "Devices under remote maintenance are listed",
        severity: Severity::Error,
        cites: &[cite(CHECKLIST, "令和7年度", "2②", Tag::V)],
        explanation: include_str!("explain/MIG-NET-007.md"),
        editions: &[],
        check: remote_maintenance,
    },
    Rule {
        id: "MIG-BCP-001",
        title_ja: "インシデント時の連絡体制図に医療機関等の連絡先を載せる",
        title_en: "The incident contact chart names the institution's contact",
        severity: Severity::Error,
        cites: &[cite(CHECKLIST, "令和5年度", "3(1)", Tag::V)],
        explanation: include_str!("explain/MIG-BCP-001.md"),
        editions: &[],
        check: |rule, ctx, out| documented(rule, ctx, out, "incident_procedure"),
    },
    Rule {
        id: "MIG-BCP-002",
        title_ja: "サイバー攻撃を想定した BCP を定め、医療機関等の連絡先を載せる",
        title_en: "A BCP for cyber attacks names the institution's contact",
        severity: Severity::Warning,
        cites: &[cite(CHECKLIST, "令和6年度", "3(3)", Tag::V2)],
        explanation: include_str!("explain/MIG-BCP-002.md"),
        editions: &[],
        check: |rule, ctx, out| documented(rule, ctx, out, "bcp"),
    },
    Rule {
        id: "MIG-MAINT-001",
        title_ja: "契約・SLA でセキュリティアップデートの適用の責任者を定める (第7.0版)",
        title_en: "The contract or SLA names who applies security updates (7.0)",
        severity: Severity::Warning,
        cites: &[],
        explanation: include_str!("explain/MIG-MAINT-001.md"),
        editions: &[
            Basis {
                edition: Mhlw::V6_0,
                cites: &[],
                severity: Severity::Note,
                asks_ja: "確認した範囲の第6.0版には定めがない (保守委託機関編は第7.0版で新設)。この版では指摘しない。",
                asks_en: "not asked by 6.0 as far as it was read (保守委託機関編 is new in 7.0); no finding",
            },
            Basis {
                edition: Mhlw::V7_0,
                cites: &[cite("MHLW安全管理GL", "7.0", "保守委託機関編", Tag::V2)],
                severity: Severity::Warning,
                asks_ja: "サーバのセキュリティアップデートを事業者に委ねる場合、契約・利用規約・SLA で事業者がその責任を負うことを定める (二次資料による [V2])。",
                asks_en: "where server security updates are left to a provider, the contract, terms or SLA say the provider bears that responsibility (known from secondary sources [V2])",
            },
        ],
        check: security_updates,
    },
];

fn kind(a: &ModelDecl) -> &'static str {
    a.enum_value("kind").unwrap_or("")
}

fn patches(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for a in ctx.index.equipment() {
        if !matches!(kind(a), "server" | "terminal" | "tablet" | "smartphone" | "network_device") {
            continue;
        }
        let name = shown(a);
        let (msg, label) = match a.enum_value("patching") {
            Some("none") => (
                tr!("`{name}` にセキュリティパッチを適用していません", "`{name}` gets no security patches"),
                tr!("適用しない", "not applied"),
            ),
            Some(_) => continue,
            None => (
                tr!(
                    "`{name}` のセキュリティパッチの適用方法が書かれていません",
                    "`{name}` does not say how security patches are applied"
                ),
                tr!("`patching` がない", "no `patching`"),
            ),
        };
        rule.finding(a, msg)
            .at(prop_span(a, "patching"), label)
            .help(tr!(
                "OS・ソフトウェア・ファームウェアの更新を適用し、`patching managed` (計画的に適用)・`automatic`・`vendor` (事業者が適用) のどれかを書いてください。",
                "apply OS, software and firmware updates, and write `patching managed`, `automatic` or `vendor`"
            ))
            .push(out);
    }
}

fn services(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for a in ctx.index.equipment() {
        if !matches!(kind(a), "server" | "terminal") || a.bool("services_minimized") == Some(true) {
            continue;
        }
        let name = shown(a);
        rule.finding(
            a,
            tr!(
                "`{name}` の不要なソフトウェア・サービスの停止が確認されていません",
                "`{name}` is not known to run only the software and services it needs"
            ),
        )
        .at(
            prop_span(a, "services_minimized"),
            tr!("`services_minimized true` ではない", "not `services_minimized true`"),
        )
        .help(tr!(
            "バックグラウンドで動く不要なソフトウェアとサービスを停止し、`services_minimized true` と書いてください。",
            "stop unneeded background software and services, and write `services_minimized true`"
        ))
        .push(out);
    }
}

fn source_restriction(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for a in ctx.index.all("asset") {
        if kind(a) != "network_device" || a.bool("source_restriction") == Some(true) {
            continue;
        }
        let name = shown(a);
        rule.finding(a, tr!("ネットワーク機器 `{name}` が接続元を制限していません", "network device `{name}` does not restrict connecting sources"))
            .at(prop_span(a, "source_restriction"), tr!("`source_restriction true` ではない", "not `source_restriction true`"))
            .help(tr!(
                "接続できる機器や送信元を限定し (例 許可した IP アドレス・MAC アドレスだけ)、`source_restriction true` と書いてください。",
                "allow only known devices and sources (e.g. permitted IP or MAC addresses), and write `source_restriction true`"
            ))
            .push(out);
    }
}

fn remote_maintenance(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut seen = std::collections::HashSet::new();
    for flow in ctx.index.all("flow") {
        let maintainer = flow
            .refs("who")
            .into_iter()
            .filter_map(|w| ctx.index.decl(w))
            .any(|a| a.enum_value("category") == Some("maintainer"));
        if !maintainer || flow.bool("remote") != Some(true) {
            continue;
        }
        let Some(target) = flow.reference("to").and_then(|t| ctx.index.decl(t)) else { continue };
        if target.bool("remote_maintenance") == Some(true) || !seen.insert(target.symbol) {
            continue;
        }
        let (name, fname) = (shown(target), shown(flow));
        rule.finding(
            target,
            tr!("`{name}` はリモートメンテナンスを受けますが、その機器として把握されていません", "`{name}` is maintained remotely but not listed as such"),
        )
        .at(name_span(target), tr!("`remote_maintenance true` ではない", "not `remote_maintenance true`"))
        .also(flow.file, name_span(flow), tr!("リモート保守の情報流", "the remote-maintenance flow"))
        .note(tr!("情報流 `{fname}` で保守担当者が外部から接続します。", "a maintainer connects from outside in flow `{fname}`"))
        .help(tr!(
            "リモートメンテナンスを受ける機器を事業者に確認して一覧にし、その機器に `remote_maintenance true` と書いてください。",
            "confirm with the vendor which devices are under remote maintenance, list them, and write `remote_maintenance true` on each"
        ))
        .push(out);
    }
}

/// Whether a policy lists a party of role institution among its contacts.
fn names_institution(ctx: &Ctx, p: &ModelDecl) -> bool {
    p.refs("contacts")
        .into_iter()
        .filter_map(|s| ctx.index.decl(s))
        .any(|d| d.enum_value("role") == Some("institution"))
}

/// MIG-BCP-001/002: a policy of `kind` exists, and one of them lists the institution's contact.
fn documented(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>, kind: &str) {
    let Some(model) = ctx.index.model else { return };
    let docs: Vec<&ModelDecl> =
        ctx.index.all("policy").iter().copied().filter(|p| p.enum_value("kind") == Some(kind)).collect();
    let (what_ja, what_en) = if kind == "bcp" {
        ("サイバー攻撃を想定した事業継続計画 (BCP)", "business-continuity plan (BCP) for cyber attacks")
    } else {
        ("インシデント発生時の連絡体制図 (非常時・インシデント対応手順)", "incident contact chart (incident procedure)")
    };
    let Some(first) = docs.first() else {
        rule.finding(model, tr!("{what_ja} がありません", "there is no {what_en}"))
            .at(name_span(model), tr!("`policy … {{ kind {kind} }}` がない", "no `policy … {{ kind {kind} }}`"))
            .help(tr!(
                "`policy NAME {{ kind {kind}; contacts [提供事業者, 医療機関等, …] }}` を書いてください。",
                "add `policy NAME {{ kind {kind}; contacts [provider, institution, …] }}`"
            ))
            .push(out);
        return;
    };
    if docs.iter().any(|p| names_institution(ctx, p)) {
        return;
    }
    let name = shown(first);
    rule.finding(
        first,
        tr!("`{name}` に医療機関等の連絡先がありません", "`{name}` does not list the institution's contact"),
    )
    .at(prop_span(first, "contacts"), tr!("`role institution` の組織がない", "no party of `role institution`"))
    .help(tr!(
        "非常時に連絡する医療機関等 (と関係する事業者) を `contacts [...]` に並べてください。",
        "list the institution (and the providers involved) to contact in an emergency in `contacts [...]`"
    ))
    .push(out);
}

fn security_updates(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    // Asked by 7.0 (保守委託機関編) only.
    if ctx.mhlw != Mhlw::V7_0 {
        return;
    }
    let Some(model) = ctx.index.model else { return };
    let agreements: Vec<&ModelDecl> = ctx
        .index
        .all("policy")
        .iter()
        .copied()
        .filter(|p| matches!(p.enum_value("kind"), Some("contract" | "sla")))
        .collect();
    if agreements.iter().any(|p| p.reference("security_updates_by").is_some()) {
        return;
    }
    let at = agreements.first().copied().unwrap_or(model);
    let name = shown(at);
    rule.finding(
        at,
        tr!("契約・SLA でセキュリティアップデートを適用する責任者が定められていません (`{name}`)", "no contract or SLA says who applies security updates (`{name}`)"),
    )
    .at(name_span(at), tr!("`security_updates_by` がない", "no `security_updates_by`"))
    .help(tr!(
        "契約書・利用規約・SLA の policy に、サーバ等のセキュリティアップデートの適用の責任を負う組織を `security_updates_by 組織名` と書いてください。",
        "write the organisation responsible for applying security updates as `security_updates_by <party>` in the contract, terms or SLA policy"
    ))
    .push(out);
}
