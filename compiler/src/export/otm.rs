//! Open Threat Model 0.2.0 (`migc export --format otm`, IriusRisk's interchange
//! format; schema vendored in `docs/schemas/otm-0.2.0.schema.json`). The mapping
//! (docs/export.md):
//!
//! - trust zones: one per scope that occurs (`scope:provider`, `scope:institution`,
//!   `scope:third_party`, `scope:unknown`), and one per site (`site:NAME`) inside the
//!   zone of its scope, or inside the site it is `part_of`;
//!   trustRating: provider 100, institution 70, third party 30, unknown 0;
//! - components: assets (`asset:NAME`), inside the asset they `runs_on`, else their
//!   site's zone, else their scope's zone;
//! - dataflows: flows (`flow:NAME`) from their `from` asset to their `to` asset;
//! - threats: risks that are evaluated (`risk:NAME`); likelihood and impact are the
//!   matrix evaluation's 1–5 times 20 (OTM's 0–100);
//! - mitigations: controls (`control:NAME`); riskReduction is the largest fall of the
//!   risk level (inherent → residual, in percent) among the risks that list the
//!   control, 0 when none states a residual evaluation;
//! - a component's or dataflow's `threats` are the risks `on` it, `mitigated` when
//!   they list controls, else `exposed`; each control `implemented`.

use super::{Options, path_of, title_of};
use crate::analysis::Analysis;
use crate::model::{ModelDecl, SymbolId};
use crate::rules::Index;
use crate::rules::risk::{RiskEval, evaluate_residual, evaluate_risk, matrix_of, not_applicable};
use crate::rules::scope::{Scope, scope_of};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

pub const OTM_VERSION: &str = "0.2.0";

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Otm {
    pub otm_version: &'static str,
    pub project: Project,
    pub trust_zones: Vec<TrustZone>,
    pub components: Vec<Component>,
    pub dataflows: Vec<Dataflow>,
    pub threats: Vec<Threat>,
    pub mitigations: Vec<Mitigation>,
}

#[derive(Debug, Serialize)]
pub struct Project {
    pub name: String,
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub attributes: BTreeMap<&'static str, String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rating {
    pub trust_rating: u32,
}

#[derive(Debug, Serialize)]
pub struct TrustZone {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub risk: Rating,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<Parent>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Parent {
    TrustZone(String),
    Component(String),
}

#[derive(Debug, Serialize)]
pub struct Component {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub parent: Parent,
    pub threats: Vec<ThreatLink>,
}

#[derive(Debug, Serialize)]
pub struct Dataflow {
    pub id: String,
    pub name: String,
    pub source: String,
    pub destination: String,
    /// The data it carries (qualified names).
    pub assets: Vec<String>,
    pub threats: Vec<ThreatLink>,
    pub attributes: BTreeMap<&'static str, String>,
}

#[derive(Debug, Serialize)]
pub struct ThreatLink {
    pub threat: String,
    pub state: &'static str,
    pub mitigations: Vec<MitigationLink>,
}

#[derive(Debug, Serialize)]
pub struct MitigationLink {
    pub mitigation: String,
    pub state: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ThreatRisk {
    pub likelihood: u64,
    pub impact: u64,
}

#[derive(Debug, Serialize)]
pub struct Threat {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The threat of 表5-1 (qualified name).
    pub categories: Vec<String>,
    pub risk: ThreatRisk,
    pub attributes: BTreeMap<&'static str, String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Mitigation {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub risk_reduction: u64,
    pub attributes: BTreeMap<&'static str, String>,
}

/// OTM's trust rating of a scope (0–100, higher is more trusted).
pub fn trust_rating(scope: Option<Scope>) -> u32 {
    match scope {
        Some(Scope::Provider) => 100,
        Some(Scope::Institution) => 70,
        Some(Scope::ThirdParty) => 30,
        None => 0,
    }
}

/// A 1–5 level on OTM's 0–100 scale.
pub fn scale(level: u64) -> u64 {
    level.saturating_mul(20).min(100)
}

fn scope_zone(scope: Option<Scope>) -> String {
    format!("scope:{}", scope.map_or("unknown", Scope::name))
}

fn scope_title(scope: Option<Scope>, lang: crate::diag::Lang) -> String {
    match (scope, lang) {
        (Some(s), crate::diag::Lang::Ja) => s.ja().to_string(),
        (Some(s), crate::diag::Lang::En) => s.name().to_string(),
        (None, crate::diag::Lang::Ja) => "不明".to_string(),
        (None, crate::diag::Lang::En) => "unknown".to_string(),
    }
}

fn id(kind: &str, a: &Analysis, s: SymbolId) -> String {
    format!("{kind}:{}", path_of(a, s))
}

fn description(d: &ModelDecl) -> Option<String> {
    d.str("description").map(str::to_string).or_else(|| d.doc.clone())
}

/// The OTM document of a checked model.
pub fn build(analysis: &Analysis, opts: &Options) -> Otm {
    let a = analysis;
    let index = Index::new(a);
    let matrix = matrix_of(a, index.model);
    let eval = |r: &ModelDecl| -> Option<RiskEval> {
        if not_applicable(r) { None } else { matrix.and_then(|m| evaluate_risk(m, r)) }
    };
    let residual = |r: &ModelDecl| matrix.and_then(|m| evaluate_residual(m, r));

    // Trust zones: the scopes that occur, first; then the sites.
    let sites = index.all("site");
    let assets = index.all("asset");
    let mut scopes: Vec<Option<Scope>> = Vec::new();
    for d in sites.iter().chain(assets.iter()) {
        let s = scope_of(a, d);
        if !scopes.contains(&s) {
            scopes.push(s);
        }
    }
    let order = |s: &Option<Scope>| match s {
        Some(Scope::Provider) => 0,
        Some(Scope::Institution) => 1,
        Some(Scope::ThirdParty) => 2,
        None => 3,
    };
    scopes.sort_by_key(order);
    let mut trust_zones: Vec<TrustZone> = scopes
        .iter()
        .map(|&s| TrustZone {
            id: scope_zone(s),
            name: scope_title(s, opts.lang),
            kind: "scope",
            risk: Rating { trust_rating: trust_rating(s) },
            parent: None,
        })
        .collect();
    let site_ids: HashSet<SymbolId> = sites.iter().filter_map(|s| s.symbol).collect();
    for site in sites {
        let Some(sym) = site.symbol else { continue };
        let scope = scope_of(a, site);
        let parent = match site.reference("part_of").filter(|p| site_ids.contains(p) && *p != sym) {
            Some(p) => Parent::TrustZone(id("site", a, p)),
            None => Parent::TrustZone(scope_zone(scope)),
        };
        trust_zones.push(TrustZone {
            id: id("site", a, sym),
            name: title_of(site),
            kind: "site",
            risk: Rating { trust_rating: trust_rating(scope) },
            parent: Some(parent),
        });
    }

    // Threats: evaluated risks.
    let threats: Vec<Threat> = index
        .all("risk")
        .iter()
        .filter_map(|r| {
            let sym = r.symbol?;
            let e = eval(r)?;
            let mut attributes = BTreeMap::new();
            attributes.insert("level", e.level().to_string());
            attributes.insert("rank", e.rank.to_string());
            if let Some(x) = residual(r) {
                attributes.insert("residualLevel", x.level().to_string());
                attributes.insert("residualRank", x.rank.to_string());
            }
            if let Some(t) = r.enum_value("treatment") {
                attributes.insert("treatment", t.to_string());
            }
            Some(Threat {
                id: id("risk", a, sym),
                name: title_of(r),
                description: description(r),
                categories: r.reference("threat").map(|t| path_of(a, t)).into_iter().collect(),
                risk: ThreatRisk { likelihood: scale(e.likelihood), impact: scale(e.impact) },
                attributes,
            })
        })
        .collect();
    let threat_ids: HashSet<&str> = threats.iter().map(|t| t.id.as_str()).collect();

    // Mitigations: controls; riskReduction from the risks that list them (one pass over
    // the risks: the largest fall from inherent to residual level, per control).
    let mut reductions: HashMap<SymbolId, u64> = HashMap::new();
    for r in index.all("risk") {
        let Some((e, x)) = eval(r).zip(residual(r)) else { continue };
        let (before, after) = (e.level(), x.level());
        if before == 0 {
            continue;
        }
        let fall = before.saturating_sub(after).saturating_mul(100) / before;
        for c in r.refs("controls") {
            let best = reductions.entry(c).or_insert(0);
            *best = (*best).max(fall);
        }
    }
    let mitigations: Vec<Mitigation> = index
        .all("control")
        .iter()
        .filter_map(|c| {
            let sym = c.symbol?;
            let reduction = reductions.get(&sym).copied().unwrap_or(0);
            let mut attributes = BTreeMap::new();
            if let Some(cat) = c.enum_value("category") {
                attributes.insert("category", cat.to_string());
            }
            if let Some(o) = c.reference("owner") {
                attributes.insert("owner", path_of(a, o));
            }
            Some(Mitigation {
                id: id("control", a, sym),
                name: title_of(c),
                description: description(c),
                risk_reduction: reduction,
                attributes,
            })
        })
        .collect();

    let links = |on: SymbolId| -> Vec<ThreatLink> {
        index
            .risks_on
            .get(&on)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter_map(|r| {
                let tid = id("risk", a, r.symbol?);
                if !threat_ids.contains(&tid.as_str()) {
                    return None;
                }
                let controls = r.refs("controls");
                Some(ThreatLink {
                    threat: tid,
                    state: if controls.is_empty() { "exposed" } else { "mitigated" },
                    mitigations: controls
                        .into_iter()
                        .map(|c| MitigationLink { mitigation: id("control", a, c), state: "implemented" })
                        .collect(),
                })
            })
            .collect()
    };

    let asset_ids: HashSet<SymbolId> = assets.iter().filter_map(|s| s.symbol).collect();
    let components = assets
        .iter()
        .filter_map(|asset| {
            let sym = asset.symbol?;
            let parent = match (asset.reference("runs_on"), asset.reference("at")) {
                (Some(host), _) if asset_ids.contains(&host) && host != sym => Parent::Component(id("asset", a, host)),
                (_, Some(site)) if site_ids.contains(&site) => Parent::TrustZone(id("site", a, site)),
                _ => Parent::TrustZone(scope_zone(scope_of(a, asset))),
            };
            Some(Component {
                id: id("asset", a, sym),
                name: title_of(asset),
                kind: asset.enum_value("kind").unwrap_or("asset").to_string(),
                description: description(asset),
                parent,
                threats: links(sym),
            })
        })
        .collect();

    let dataflows = index
        .all("flow")
        .iter()
        .filter_map(|f| {
            let sym = f.symbol?;
            let (from, to) = (f.reference("from")?, f.reference("to")?);
            if !asset_ids.contains(&from) || !asset_ids.contains(&to) {
                return None;
            }
            let mut attributes = BTreeMap::new();
            let route = crate::rules::index::routes(f);
            if let Some(primary) = route.iter().find(|r| r.alternative.is_none()) {
                attributes.insert("route", primary.hops.iter().map(|&h| path_of(a, h)).collect::<Vec<_>>().join(" → "));
            }
            if let Some(s) = scope_of(a, f) {
                attributes.insert("scope", s.name().to_string());
            }
            Some(Dataflow {
                id: id("flow", a, sym),
                name: title_of(f),
                source: id("asset", a, from),
                destination: id("asset", a, to),
                assets: f.refs("carries").into_iter().map(|d| path_of(a, d)).collect(),
                threats: links(sym),
                attributes,
            })
        })
        .collect();

    let model = index.model;
    let mut attributes = BTreeMap::new();
    attributes.insert("migcVersion", env!("CARGO_PKG_VERSION").to_string());
    if opts.draft {
        attributes.insert("draft", "true".to_string());
    }
    if let Some(d) = crate::report::as_of_in(opts, model) {
        attributes.insert("asOf", d.to_string());
    }
    Otm {
        otm_version: OTM_VERSION,
        project: Project {
            name: model.map(title_of).unwrap_or_default(),
            id: model.and_then(|m| m.symbol).map(|s| path_of(a, s)).unwrap_or_default(),
            description: model.and_then(description),
            attributes,
        },
        trust_zones,
        components,
        dataflows,
        threats,
        mitigations,
    }
}

/// The JSON text: two-space indentation, a final newline.
pub fn render(otm: &Otm) -> String {
    let mut out = serde_json::to_string_pretty(otm).unwrap_or_default();
    out.push('\n');
    out
}
