//! 保存場所と準拠法: where 医療情報 is stored and under which law (表4-1).

use super::{Ctx, Finding, Rule, Tag, cite, name_span, shown};
use crate::diag::Severity;
use crate::model::{MValue, ModelDecl};
use crate::tr;
use std::collections::HashSet;

pub const RULES: &[Rule] = &[
    Rule {
        id: "MIG-LOC-001",
        title_ja: "医療情報は国内に保存し、国内法の適用を受ける",
        title_en: "医療情報 is stored in Japan, under Japanese law",
        severity: Severity::Error,
        cites: &[cite("提供事業者GL", "1.1", "表4-1 A1", Tag::V), cite("個人情報保護委員会 FAQ", "", "Q4-31", Tag::V)],
        explanation: include_str!("explain/MIG-LOC-001.md"),
        editions: &[],
        check: in_japan,
    },
    Rule {
        id: "MIG-LOC-002",
        title_ja: "運営者の親会社の国外法の適用可能性を開示する",
        title_en: "Disclose foreign-law exposure through an operator's parent",
        severity: Severity::Warning,
        cites: &[
            cite("提供事業者GL", "1.1", "表4-1 B", Tag::V),
            cite("MHLW安全管理GL", "6.0", "企画管理編 7⑥ i (委託先の選定)", Tag::V),
        ],
        explanation: include_str!("explain/MIG-LOC-002.md"),
        editions: &[],
        check: foreign_parents,
    },
    Rule {
        id: "MIG-LOC-003",
        title_ja: "医療情報を保存する機器の管理・運営者は国内法人とする (migc の解釈)",
        title_en: "Equipment storing 医療情報 is run by organisations incorporated in Japan (migc's reading)",
        severity: Severity::Warning,
        cites: &[
            cite("提供事業者GL", "1.1", "表4-1 A1, B", Tag::V),
            cite("migc", "", "運営者の設立国を国内法の適用の目安とする解釈", Tag::Proposal),
        ],
        explanation: include_str!("explain/MIG-LOC-003.md"),
        editions: &[],
        check: operators_in_japan,
    },
];

/// Assets storing 医療情報, with their site.
fn stores<'a>(ctx: &'a Ctx) -> impl Iterator<Item = (&'a ModelDecl, Option<&'a ModelDecl>)> + 'a {
    ctx.index
        .all("asset")
        .iter()
        .copied()
        .filter(|a| !ctx.index.medical_stored(a).is_empty())
        .map(|a| (a, a.reference("at").and_then(|s| ctx.index.decl(s))))
}

fn country(d: &ModelDecl, key: &str) -> Option<String> {
    match d.get(key) {
        Some(MValue::Country(c)) => Some(c.clone()),
        _ => None,
    }
}

/// The organisations responsible for a store: the asset's manager and the site's operator.
fn operators<'a>(ctx: &'a Ctx, asset: &'a ModelDecl, site: Option<&'a ModelDecl>) -> Vec<&'a ModelDecl> {
    let mut out = Vec::new();
    for s in [asset.reference("managed_by"), site.and_then(|s| s.reference("operated_by"))].into_iter().flatten() {
        if let Some(d) = ctx.index.decl(s)
            && !out.iter().any(|o: &&ModelDecl| o.symbol == d.symbol)
        {
            out.push(d);
        }
    }
    out
}

fn in_japan(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for (asset, site) in stores(ctx) {
        let name = shown(asset);
        if let Some(site) = site {
            let c = ctx.index.site_country(site);
            if c.as_deref() != Some("JP") {
                let sn = shown(site);
                let where_ = c.clone().unwrap_or_else(|| "?".into());
                rule.finding(
                    asset,
                    tr!(
                        "`{name}` の医療情報が国外または国の不明な場所 `{sn}` ({where_}) にあります",
                        "`{name}` keeps 医療情報 at `{sn}` ({where_}), not known to be in Japan"
                    ),
                )
                .at(super::prop_span(asset, "at"), tr!("国内 (JP) の場所ではない", "not a site in Japan (JP)"))
                .also(site.file, name_span(site), tr!("この場所の国", "this site's country"))
                .help(tr!(
                    "医療情報は国内法の執行が及ぶ国内に保存し、場所に `country JP` と書いてください。",
                    "store 医療情報 in Japan, within reach of Japanese law, and give the site `country JP`"
                ))
                .push(out);
            }
        }
    }
}

fn operators_in_japan(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for (asset, site) in stores(ctx) {
        let name = shown(asset);
        for op in operators(ctx, asset, site) {
            let c = country(op, "country");
            if c.as_deref() == Some("JP") || c.is_none() {
                continue;
            }
            let (on, c) = (shown(op), c.unwrap_or_default());
            rule.finding(
                asset,
                tr!(
                    "`{name}` の医療情報を国外の組織 `{on}` ({c}) が管理・運営しています",
                    "`{name}` is run by `{on}`, incorporated in {c}"
                ),
            )
            .at(
                name_span(asset),
                tr!("国内法の適用を受けない組織が管理", "managed or hosted by an organisation outside Japanese law"),
            )
            .also(op.file, name_span(op), tr!("所在国 {c}", "incorporated in {c}"))
            .help(tr!(
                "国内法人が管理する構成にするか、国外法の適用可能性を医療機関等に説明したうえで、この機器を対象とする waiver に理由・承認者・期限を記録してください。",
                "have it run by an organisation incorporated in Japan, or explain the possible reach of foreign law to the institution and record the choice as a waiver on this asset (reason, approver, expiry)"
            ))
            .note(tr!(
                "運営者が国内法人であることは本文の要求ではなく migc の解釈 [PROPOSAL] のため警告です。国外での保存は MIG-LOC-001 (エラー) です。",
                "a Japanese operator is migc's reading [PROPOSAL], not a requirement of the text, hence a warning; storage outside Japan is MIG-LOC-001 (error)"
            ))
            .push(out);
        }
    }
}

fn foreign_parents(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut seen = HashSet::new();
    for (asset, site) in stores(ctx) {
        for op in operators(ctx, asset, site) {
            let Some(parent) = country(op, "parent_country").filter(|c| c != "JP") else { continue };
            if !seen.insert(op.symbol) {
                continue;
            }
            let (on, an) = (shown(op), shown(asset));
            rule.finding(op, tr!("`{on}` の親会社は {parent} にあり、国外法が適用される可能性があります", "the parent of `{on}` is in {parent}: foreign law may reach it"))
                .at(super::prop_span(op, "parent_country"), tr!("親会社の所在国 {parent}", "parent company in {parent}"))
                .note(tr!("`{an}` など医療情報を保存する機器を管理・運営しています。", "it runs assets that store 医療情報, such as `{an}`"))
                .help(tr!(
                    "国外法の適用可能性 (例 データ開示命令) を医療機関等に情報提供してください (表4-1)。開示済みなら理由を添えて waiver で記録できます。",
                    "disclose the foreign-law exposure (e.g. data-disclosure orders) to the institution (table 4-1); once disclosed, record it with a waiver"
                ))
                .push(out);
        }
    }
}
