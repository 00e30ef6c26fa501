//! Whose system a site, asset, flow or network is: the provider's (対象事業者),
//! a medical institution's (医療機関等) or a third party's (第三者). Rules about
//! what the provider must do judge only what the provider holds and runs.
//!
//! Reading (one function, [`scope_of`], used by the rules and the documents):
//! - a stated `scope` wins;
//! - asset → its `managed_by` party, else its site (`at`); an asset a `maintainer`
//!   manages is the scope of its site (the maintainer works for whoever holds it),
//!   a third party's when the site says nothing;
//! - site → its `operated_by` party, else the site it is `part_of`;
//! - network → its `operated_by` party;
//! - flow → the scope of its `to` asset: a flow belongs to the system it reaches
//!   (a doctor's terminal reading the provider's service is the provider's flow);
//! - party → provider when it is the model's `provider` or a `subcontractor`
//!   (who works for the provider), institution when its role is `institution`,
//!   else third party (another provider, a maintainer, a lab);
//! - nothing said: unknown (`None`).

use super::{Ctx, Finding, Rule, Tag, cite, name_span, shown};
use crate::analysis::Analysis;
use crate::diag::Severity;
use crate::model::{ModelDecl, SymbolId};
use crate::tr;

/// Whose system something is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// 対象事業者: the provider the model describes, or its subcontractors.
    Provider,
    /// 医療機関等.
    Institution,
    /// 第三者: anyone else.
    ThirdParty,
}

impl Scope {
    /// The name written in a model (`scope provider`).
    pub fn name(self) -> &'static str {
        match self {
            Scope::Provider => "provider",
            Scope::Institution => "institution",
            Scope::ThirdParty => "third_party",
        }
    }
    pub fn ja(self) -> &'static str {
        match self {
            Scope::Provider => "対象事業者",
            Scope::Institution => "医療機関等",
            Scope::ThirdParty => "第三者",
        }
    }
    fn from_name(name: &str) -> Option<Scope> {
        match name {
            "provider" => Some(Scope::Provider),
            "institution" => Some(Scope::Institution),
            "third_party" => Some(Scope::ThirdParty),
            _ => None,
        }
    }
}

/// The scope of a site, asset, flow, network or party; `None` when nothing says.
pub fn scope_of(analysis: &Analysis, decl: &ModelDecl) -> Option<Scope> {
    let mut cur = decl;
    // Sites form `part_of` chains; a cycle (reported elsewhere) ends here.
    for _ in 0..32 {
        if let Some(s) = cur.enum_value("scope").and_then(Scope::from_name) {
            return Some(s);
        }
        let next = match cur.kind.kind {
            "party" => return party_scope(analysis, cur),
            "asset" => match cur.reference("managed_by").and_then(|p| analysis.decl_of(p)) {
                // A maintainer looks after equipment for whoever holds it: the site says whose
                // (the clinic's analyzer in its lab room is the clinic's); on nobody's site, a third party's.
                Some(p) if p.enum_value("role") == Some("maintainer") => {
                    let at = cur.reference("at").and_then(|s| analysis.decl_of(s));
                    return Some(at.and_then(|s| scope_of(analysis, s)).unwrap_or(Scope::ThirdParty));
                }
                Some(p) => return party_scope(analysis, p),
                None => cur.reference("at"),
            },
            "site" => match cur.reference("operated_by") {
                Some(p) => return analysis.decl_of(p).and_then(|p| party_scope(analysis, p)),
                None => cur.reference("part_of"),
            },
            "network" => {
                return cur
                    .reference("operated_by")
                    .and_then(|p| analysis.decl_of(p))
                    .and_then(|p| party_scope(analysis, p));
            }
            "flow" => cur.reference("to"),
            _ => None,
        };
        cur = analysis.decl_of(next?)?;
    }
    None
}

/// The scope of a party: the model's provider and subcontractors are the provider's side.
fn party_scope(analysis: &Analysis, party: &ModelDecl) -> Option<Scope> {
    if party.symbol.is_some() && party.symbol == analysis.model.provider {
        return Some(Scope::Provider);
    }
    match party.enum_value("role") {
        Some("subcontractor") => Some(Scope::Provider),
        Some("institution") => Some(Scope::Institution),
        Some(_) => Some(Scope::ThirdParty),
        None => None,
    }
}

/// Whether the provider holds and runs it: its scope, stated or derived, is the provider's.
pub(crate) fn provider_holds(ctx: &Ctx, decl: &ModelDecl) -> bool {
    scope_of(ctx.analysis, decl) == Some(Scope::Provider)
}

/// Whether a rule about what the provider must do judges this declaration: yes
/// unless its scope is known to be an institution's or a third party's (an
/// unknown scope is judged as before; MIG-SCOPE-001 asks to state it).
pub(crate) fn provider_judged(ctx: &Ctx, decl: &ModelDecl) -> bool {
    !matches!(scope_of(ctx.analysis, decl), Some(Scope::Institution | Scope::ThirdParty))
}

/// The sites a site or asset is in: its site (`at`), then the sites that one is `part_of`.
pub(crate) fn sites_around(analysis: &Analysis, decl: &ModelDecl) -> Vec<SymbolId> {
    let mut out = Vec::new();
    let mut next = match decl.kind.kind {
        "asset" => decl.reference("at"),
        "site" => decl.reference("part_of"),
        _ => None,
    };
    while let Some(s) = next {
        if out.contains(&s) || out.len() > 32 {
            break;
        }
        out.push(s);
        next = analysis.decl_of(s).and_then(|d| d.reference("part_of"));
    }
    out
}

pub const RULES: &[Rule] = &[
    Rule {
        id: "MIG-SCOPE-001",
        title_ja: "医療情報を扱う機器は誰のシステムかを明示する",
        title_en: "An asset handling 医療情報 says whose system it is",
        severity: Severity::Warning,
        cites: &[
            cite("提供事業者GL", "1.1", "§4.2 医療機関等との役割分担の明確化 (表4-1 B)", Tag::V),
            cite(
                "migc",
                "",
                "医療情報を保存・処理する機器ごとに、対象事業者・医療機関等・第三者のどれのものかを明示させる解釈",
                Tag::Proposal,
            ),
        ],
        explanation: include_str!("explain/MIG-SCOPE-001.md"),
        editions: &[],
        check: unknown_scope,
    },
    Rule {
        id: "MIG-SCOPE-002",
        title_ja: "医療情報を保存する医療機関等の機器について、医療機関等に求める事項か責任分界を書く",
        title_en: "An institution's asset storing 医療情報 is the subject of a request or a responsibility",
        severity: Severity::Warning,
        cites: &[
            cite("提供事業者GL", "1.1", "表4-1 B 医療機関等の運用管理規程に定める必要がある事項 (§4.2)", Tag::V),
            cite(
                "migc",
                "",
                "医療情報を保存する医療機関等の機器ごとに、医療機関等に求める事項 (request) か責任分界 (for) を書かせる解釈",
                Tag::Proposal,
            ),
        ],
        explanation: include_str!("explain/MIG-SCOPE-002.md"),
        editions: &[],
        check: institution_asked,
    },
];

fn unknown_scope(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for asset in ctx.index.equipment() {
        if ctx.index.medical_stored(asset).is_empty() && ctx.index.medical_processed(asset).is_empty() {
            continue;
        }
        if scope_of(ctx.analysis, asset).is_some() {
            continue;
        }
        let name = shown(asset);
        rule.finding(
            asset,
            tr!(
                "`{name}` は医療情報を扱いますが、誰のシステムか (対象事業者・医療機関等・第三者) が分かりません",
                "`{name}` handles 医療情報 but whose system it is (provider, institution, third party) is not known"
            ),
        )
        .at(
            name_span(asset),
            tr!("managed_by も scope もなく、設置場所の運営者も分からない", "no managed_by, no scope, and no operator of its site"),
        )
        .help(tr!(
            "`managed_by 組織名` を書くか、`scope provider` (`institution`・`third_party`) を書いてください。対象事業者の義務 (契約終了時の廃棄・ログ・バックアップ) は対象事業者のものだけに適用されます。",
            "state `managed_by <party>` or `scope provider` (or `institution`, `third_party`); the provider's duties (disposal at contract end, logs, backups) apply to what the provider holds"
        ))
        .fix(super::fixes::add_property(ctx.analysis, asset, "managed_by"))
        .push(out);
    }
}

fn institution_asked(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    let named =
        |kind: &str, key: &str| -> Vec<SymbolId> { ctx.index.all(kind).iter().flat_map(|d| d.refs(key)).collect() };
    let mut covered = named("request", "about");
    covered.extend(named("responsibility", "for"));
    for asset in ctx.index.all("asset") {
        let Some(s) = asset.symbol else { continue };
        if ctx.index.medical_stored(asset).is_empty() || scope_of(ctx.analysis, asset) != Some(Scope::Institution) {
            continue;
        }
        if covered.contains(&s) || sites_around(ctx.analysis, asset).iter().any(|x| covered.contains(x)) {
            continue;
        }
        let name = shown(asset);
        rule.finding(
            asset,
            tr!(
                "医療機関等の機器 `{name}` は医療情報を保存しますが、医療機関等に求める事項 (request) も責任分界 (for) もありません",
                "`{name}`, the institution's, stores 医療情報 but no request or responsibility concerns it"
            ),
        )
        .at(name_span(asset), tr!("どの request の `about` にも responsibility の `for` にもない", "in no request's `about` and no responsibility's `for`"))
        .help(tr!(
            "医療機関等に求めること (管理・バックアップ・廃棄など) を `request 名前 {{ to [医療機関等]; about [{name}]; description \"…\" }}` に書くか、`responsibility on 責務 {{ for [{name}] … }}` を書いてください。",
            "write what the institution is asked to do (management, backups, disposal) as `request NAME {{ to [INSTITUTION]; about [{name}]; description \"…\" }}`, or write `responsibility on DUTY {{ for [{name}] … }}`"
        ))
        .push(out);
    }
}
