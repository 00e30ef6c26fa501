//! 保存場所と準拠法: where 医療情報 is stored and processed, and under which law (表4-1).
//!
//! Three organisations are told apart: the contracting party (the model's
//! `provider`, which the institutions contract with), the manager of an asset
//! (`managed_by`) and the operator of its site (`operated_by`: the data centre or
//! cloud region), each with its country of incorporation and its parent
//! (`parent`, a party, or `parent_country`). Storage outside Japan is an error
//! (表4-1 A1); a foreign organisation or parent, and processing abroad, are
//! exposure to disclose (warnings), settled by a `disclosure` of the model dated
//! on or before its `as_of`.

use super::{Ctx, Finding, FindingBuilder, Index, Rule, Tag, cite, name_span, shown};
use crate::diag::Severity;
use crate::model::{Date, MProp, MValue, ModelDecl, SymbolId};
use crate::syntax::Span;
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
        title_ja: "契約先・運営者の親会社による国外法の適用可能性を開示する",
        title_en: "Disclose foreign-law exposure through the parent of the contracting party or an operator",
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
        title_ja: "国外で設立された契約先・運営者による国外法の適用可能性を開示する",
        title_en: "Disclose foreign-law exposure through a contracting party or operator incorporated abroad",
        severity: Severity::Warning,
        cites: &[
            cite("提供事業者GL", "1.1", "表4-1 B", Tag::V),
            cite("MHLW安全管理GL", "6.0", "企画管理編 7⑥ i (委託先の選定)", Tag::V),
            cite("migc", "", "設置場所の運営者・機器の管理者の設立国を国外法の適用の目安とする解釈", Tag::Proposal),
        ],
        explanation: include_str!("explain/MIG-LOC-003.md"),
        editions: &[],
        check: foreign_organisations,
    },
    Rule {
        id: "MIG-LOC-004",
        title_ja: "医療情報を国外で処理する構成を開示する (migc の解釈)",
        title_en: "Disclose that 医療情報 is processed abroad (migc's reading)",
        severity: Severity::Warning,
        cites: &[
            cite("提供事業者GL", "1.1", "表4-1 A1, B", Tag::V),
            cite("個人情報保護委員会 FAQ", "", "Q4-31", Tag::V),
            cite("migc", "", "保存しない処理の場所も国外法の適用可能性として開示する解釈", Tag::Proposal),
        ],
        explanation: include_str!("explain/MIG-LOC-004.md"),
        editions: &[],
        check: processed_abroad,
    },
];

/// Assets storing 医療情報, with their site.
pub(crate) fn stores<'a>(index: &'a Index<'a>) -> impl Iterator<Item = (&'a ModelDecl, Option<&'a ModelDecl>)> + 'a {
    index
        .all("asset")
        .iter()
        .copied()
        .filter(|a| !index.medical_stored(a).is_empty())
        .map(|a| (a, a.reference("at").and_then(|s| index.decl(s))))
}

pub(crate) fn country(d: &ModelDecl, key: &str) -> Option<String> {
    match d.get(key) {
        Some(MValue::Country(c)) => Some(c.clone()),
        _ => None,
    }
}

/// How an organisation holds 医療情報 that an asset stores.
#[derive(Clone, Copy)]
pub(crate) enum Role<'a> {
    /// The model's `provider`: the party the institutions contract with.
    Contracting,
    /// The asset's `managed_by`.
    Manager,
    /// The `operated_by` of the asset's site (or of a site it is `part_of`).
    Operator(&'a ModelDecl),
}

/// An organisation through which foreign law may reach stored 医療情報, the
/// first asset it holds and how.
pub(crate) struct Holder<'a> {
    pub party: &'a ModelDecl,
    pub asset: &'a ModelDecl,
    pub role: Role<'a>,
}

/// The site that runs a site: its own `operated_by`, else that of a site it is `part_of`.
fn site_operator<'a>(index: &'a Index<'a>, site: &'a ModelDecl) -> Option<(&'a ModelDecl, &'a ModelDecl)> {
    let mut cur = Some(site);
    for _ in 0..32 {
        let s = cur?;
        if let Some(op) = s.reference("operated_by").and_then(|o| index.decl(o)) {
            return Some((op, s));
        }
        cur = s.reference("part_of").and_then(|p| index.decl(p));
    }
    None
}

/// Every organisation holding stored 医療情報, each once, in model order: the
/// contracting party, then per storing asset its manager and its site's operator.
pub(crate) fn holders<'a>(index: &'a Index<'a>) -> Vec<Holder<'a>> {
    let mut out: Vec<Holder> = Vec::new();
    let mut push = |party: Option<&'a ModelDecl>, asset: &'a ModelDecl, role: Role<'a>| {
        if let Some(party) = party
            && !out.iter().any(|h| h.party.symbol == party.symbol)
        {
            out.push(Holder { party, asset, role });
        }
    };
    let provider = index.model.and_then(|m| m.reference("provider")).and_then(|p| index.decl(p));
    for (asset, site) in stores(index) {
        push(provider, asset, Role::Contracting);
        push(asset.reference("managed_by").and_then(|p| index.decl(p)), asset, Role::Manager);
        if let Some((op, s)) = site.and_then(|s| site_operator(index, s)) {
            push(Some(op), asset, Role::Operator(s));
        }
    }
    out
}

/// A foreign parent of a party: the property that leads to it, its country, the
/// parent party (when declared) and every party on the way (for disclosures).
pub(crate) struct ForeignParent<'a> {
    pub key: &'static str,
    pub country: String,
    pub parent: Option<&'a ModelDecl>,
    pub chain: Vec<SymbolId>,
}

/// The first parent outside Japan: `parent_country`, then the `parent` party's
/// country, its `parent_country`, its `parent`, and so on up the chain.
pub(crate) fn foreign_parent<'a>(index: &'a Index<'a>, party: &'a ModelDecl) -> Option<ForeignParent<'a>> {
    if let Some(c) = country(party, "parent_country").filter(|c| c != "JP") {
        return Some(ForeignParent { key: "parent_country", country: c, parent: None, chain: Vec::new() });
    }
    let mut chain = Vec::new();
    let mut cur = party.reference("parent").and_then(|p| index.decl(p));
    for _ in 0..32 {
        let p = cur?;
        if p.symbol.is_some_and(|s| chain.contains(&s) || Some(s) == party.symbol) {
            return None;
        }
        chain.extend(p.symbol);
        for key in ["country", "parent_country"] {
            if let Some(c) = country(p, key).filter(|c| c != "JP") {
                return Some(ForeignParent { key: "parent", country: c, parent: Some(p), chain });
            }
        }
        cur = p.reference("parent").and_then(|q| index.decl(q));
    }
    None
}

/// A `disclosure` block of the model.
pub(crate) struct Disclosure<'a> {
    pub name: String,
    pub covers: Vec<SymbolId>,
    pub document: Option<&'a str>,
    pub date: Option<(Date, Span)>,
    pub block: &'a MProp,
}

pub(crate) fn disclosures<'a>(index: &Index<'a>) -> (Option<&'a ModelDecl>, Vec<Disclosure<'a>>) {
    let Some(model) = index.model else { return (None, Vec::new()) };
    let list = model
        .props_named("disclosure")
        .map(|block| {
            let fields: &[MProp] = match &block.value.value {
                MValue::Record(f) => f,
                _ => &[],
            };
            let field = |k: &str| fields.iter().find(|f| f.key == k);
            let covers = match field("covers").map(|f| &f.value.value) {
                Some(MValue::List(items)) => items.iter().filter_map(|v| v.as_ref_symbol()).collect(),
                Some(MValue::Ref(s)) => vec![*s],
                _ => Vec::new(),
            };
            let date = field("date").and_then(|f| match f.value.value {
                MValue::Date(d) => Some((d, f.value.span)),
                _ => None,
            });
            let document = field("document").and_then(|f| match &f.value.value {
                MValue::Str(s) => Some(s.as_str()),
                _ => None,
            });
            let name = block.label.as_ref().map_or_else(|| "disclosure".to_string(), |l| l.text.to_string());
            Disclosure { name, covers, document, date, block }
        })
        .collect();
    (Some(model), list)
}

/// Whether a disclosure of the model covers one of `subjects`: settled when one
/// is dated on or before the `as_of`; else the first one dated after it.
pub(crate) enum Disclosed<'a> {
    Settled,
    Late(&'a ModelDecl, Disclosure<'a>),
    Not,
}

pub(crate) fn disclosed<'a>(index: &Index<'a>, as_of: Option<Date>, subjects: &[SymbolId]) -> Disclosed<'a> {
    let (model, list) = disclosures(index);
    let mut late = None;
    for d in list {
        if !d.covers.iter().any(|c| subjects.contains(c)) {
            continue;
        }
        match (d.date, as_of) {
            (Some((date, _)), Some(as_of)) if date > as_of => {
                if late.is_none() {
                    late = Some(d);
                }
            }
            (Some(_), _) => return Disclosed::Settled,
            (None, _) => {}
        }
    }
    match (model, late) {
        (Some(m), Some(d)) => Disclosed::Late(m, d),
        _ => Disclosed::Not,
    }
}

/// Push a finding unless a disclosure settles it; a disclosure dated after the
/// `as_of` is pointed at.
fn unless_disclosed(ctx: &Ctx, subjects: &[SymbolId], f: FindingBuilder, out: &mut Vec<Finding>) {
    match disclosed(&ctx.index, ctx.as_of, subjects) {
        Disclosed::Settled => {}
        Disclosed::Late(model, d) => {
            let (name, as_of) = (d.name.clone(), ctx.as_of.map(|a| a.to_string()).unwrap_or_default());
            let (date, span) = d.date.map_or((String::new(), d.block.span), |(date, s)| (date.to_string(), s));
            f.also(model.file, span, tr!("基準日 {as_of} より後の開示", "dated after the as_of {as_of}"))
                .note(tr!(
                    "開示 `{name}` は {date} 付で、モデルの基準日 (as_of {as_of}) より後のため、まだ行われていないものとして扱います。",
                    "the disclosure `{name}` is dated {date}, after the model's as_of ({as_of}), so it is not yet made"
                ))
                .push(out);
        }
        Disclosed::Not => f.push(out),
    }
}

/// The Japanese help's second half: how to record the disclosure of `subject`.
fn record_ja(subject: &str) -> String {
    format!(
        "モデルに開示の記録を書いてください: `disclosure 国外法 {{ covers [{subject}]; document \"表4-1 情報提供シート\"; date YYYY-MM-DD }}` (日付は as_of 以前)。"
    )
}

fn in_japan(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for (asset, site) in stores(&ctx.index) {
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
                    "医療情報は国内法の執行が及ぶ国内に保存し、場所に `country JP` と書いてください。保存せずに処理するだけなら `stores` ではなく `processes` に書きます (MIG-LOC-004)。",
                    "store 医療情報 in Japan, within reach of Japanese law, and give the site `country JP`; an asset that only processes it, storing nothing, lists it under `processes`, not `stores` (MIG-LOC-004)"
                ))
                .push(out);
            }
        }
    }
}

fn foreign_organisations(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for h in holders(&ctx.index) {
        let Some(c) = country(h.party, "country").filter(|c| c != "JP") else { continue };
        let (on, an) = (shown(h.party), shown(h.asset));
        let record = record_ja(&on);
        let how = match h.role {
            Role::Contracting => tr!(
                "医療機関等の契約先 (対象事業者) として `{an}` などの医療情報を預かっています。",
                "as the contracting party, it holds 医療情報 such as that of `{an}`"
            ),
            Role::Manager => {
                tr!("`{an}` など医療情報を保存する機器を管理しています。", "it manages `{an}`, which stores 医療情報")
            }
            Role::Operator(site) => {
                let sn = shown(site);
                tr!(
                    "`{an}` など医療情報を保存する機器のある `{sn}` を運営しています。",
                    "it runs `{sn}`, where `{an}` stores 医療情報"
                )
            }
        };
        let f = rule
            .finding(
                h.party,
                tr!(
                    "`{on}` は {c} で設立された組織で、国外法が適用される可能性があります",
                    "`{on}` is incorporated in {c}: foreign law may reach it"
                ),
            )
            .at(super::prop_span(h.party, "country"), tr!("設立国 {c}", "incorporated in {c}"))
            .also(h.asset.file, name_span(h.asset), tr!("医療情報を保存", "stores 医療情報"))
            .note(how)
            .note(tr!(
                "国外の組織であること自体は禁止されていません。表4-1 B は国外法の適用可能性の情報提供を求めます。国外での保存は MIG-LOC-001 (エラー) です。管理者・運営者 (再委託先) の設立国を目安にすることは migc の解釈 [PROPOSAL] です。",
                "a foreign organisation is not forbidden as such: table 4-1 B asks to disclose the possible reach of foreign law; storage outside Japan is MIG-LOC-001 (error); judging managers and operators (subcontractors) by their incorporation is migc's reading [PROPOSAL]"
            ))
            .help(tr!(
                "国外法の適用可能性 (例 データ開示命令) を医療機関等に情報提供し、{record}",
                "disclose the foreign-law exposure (e.g. data-disclosure orders) to the institutions and record it on the model: `disclosure NAME {{ covers [{on}]; document \"…\"; date YYYY-MM-DD }}`, dated on or before the as_of"
            ));
        let subjects: Vec<SymbolId> = h.party.symbol.into_iter().collect();
        unless_disclosed(ctx, &subjects, f, out);
    }
}

fn foreign_parents(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut seen = HashSet::new();
    for h in holders(&ctx.index) {
        let Some(fp) = foreign_parent(&ctx.index, h.party) else { continue };
        if !seen.insert(h.party.symbol) {
            continue;
        }
        let (on, an, parent) = (shown(h.party), shown(h.asset), fp.country.clone());
        let record = record_ja(&on);
        let mut f = match fp.parent {
            Some(p) => {
                let pn = shown(p);
                // Whether the parent found is itself foreign (else its own `parent_country` is).
                let foreign_itself = country(p, "country").is_some_and(|c| c != "JP");
                let message = match (fp.chain.len() == 1, foreign_itself) {
                    (true, true) => tr!(
                        "`{on}` の親会社 `{pn}` は {parent} の法人で、国外法が適用される可能性があります",
                        "the parent of `{on}`, `{pn}`, is under the law of {parent}: foreign law may reach it"
                    ),
                    (false, true) => tr!(
                        "`{on}` の親会社をたどると {parent} の法人 `{pn}` に至り、国外法が適用される可能性があります",
                        "the parents of `{on}` lead to `{pn}`, under the law of {parent}: foreign law may reach it"
                    ),
                    (_, false) => tr!(
                        "`{on}` の親会社をたどると `{pn}` の親会社が {parent} にあり、国外法が適用される可能性があります",
                        "the parents of `{on}` lead through `{pn}` to a parent in {parent}: foreign law may reach it"
                    ),
                };
                let there = if foreign_itself {
                    tr!("{parent} の法人", "under the law of {parent}")
                } else {
                    tr!("親会社の所在国 {parent}", "its parent is in {parent}")
                };
                rule.finding(h.party, message)
                    .at(super::prop_span(h.party, "parent"), tr!("親会社 ({parent})", "parent company ({parent})"))
                    .also(p.file, name_span(p), there)
            }
            None => rule
                .finding(
                    h.party,
                    tr!(
                        "`{on}` の親会社は {parent} にあり、国外法が適用される可能性があります",
                        "the parent of `{on}` is in {parent}: foreign law may reach it"
                    ),
                )
                .at(super::prop_span(h.party, fp.key), tr!("親会社の所在国 {parent}", "parent company in {parent}")),
        };
        f = f
            .note(match h.role {
                Role::Contracting => tr!(
                    "`{on}` は医療機関等の契約先 (対象事業者) です。",
                    "`{on}` is the party the institutions contract with"
                ),
                Role::Manager | Role::Operator(_) => tr!(
                    "`{an}` など医療情報を保存する機器を管理・運営しています。",
                    "it runs assets that store 医療情報, such as `{an}`"
                ),
            })
            .help(tr!(
                "国外法の適用可能性 (例 データ開示命令) を医療機関等に情報提供し (表4-1 B)、{record}",
                "disclose the foreign-law exposure (e.g. data-disclosure orders) to the institutions (table 4-1 B) and record it on the model: `disclosure NAME {{ covers [{on}]; document \"…\"; date YYYY-MM-DD }}`, dated on or before the as_of"
            ));
        let mut subjects: Vec<SymbolId> = h.party.symbol.into_iter().collect();
        subjects.extend(fp.chain);
        unless_disclosed(ctx, &subjects, f, out);
    }
}

fn processed_abroad(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for asset in ctx.index.all("asset").iter().copied() {
        if !ctx.index.medical_stored(asset).is_empty() || !ctx.index.handles_medical(asset) {
            continue;
        }
        let Some(site) = asset.reference("at").and_then(|s| ctx.index.decl(s)) else { continue };
        let Some(c) = ctx.index.site_country(site).filter(|c| c != "JP") else { continue };
        let (name, sn) = (shown(asset), shown(site));
        let record = record_ja(&name);
        let f = rule
            .finding(
                asset,
                tr!(
                    "`{name}` は医療情報を国外 (`{sn}`, {c}) で処理します",
                    "`{name}` processes 医療情報 abroad (`{sn}`, {c})"
                ),
            )
            .at(super::prop_span(asset, "at"), tr!("処理する場所 ({c})", "processed here ({c})"))
            .also(site.file, name_span(site), tr!("この場所の国 {c}", "this site's country, {c}"))
            .note(tr!(
                "保存はしないので MIG-LOC-001 (国内保存) の対象ではありません。表4-1 A1・B が述べるのは保存する機器ですが、処理の間も医療情報は国外法の執行が及ぶ範囲にあります。これを開示の対象とするのは migc の解釈 [PROPOSAL] のため警告です。",
                "it stores nothing, so MIG-LOC-001 (storage in Japan) does not apply; table 4-1 A1 and B speak of equipment that stores, but while processed the data is within reach of foreign law: treating this as exposure to disclose is migc's reading [PROPOSAL], hence a warning"
            ))
            .help(tr!(
                "国外で処理することと国外法の適用可能性を医療機関等に情報提供し、{record}",
                "disclose the processing abroad and the possible reach of foreign law to the institutions, and record it on the model: `disclosure NAME {{ covers [{name}]; document \"…\"; date YYYY-MM-DD }}`, dated on or before the as_of"
            ));
        let mut subjects: Vec<SymbolId> = asset.symbol.into_iter().collect();
        let mut cur = Some(site);
        for _ in 0..32 {
            let Some(s) = cur else { break };
            subjects.extend(s.symbol);
            cur = s.reference("part_of").and_then(|p| ctx.index.decl(p));
        }
        unless_disclosed(ctx, &subjects, f, out);
    }
}
