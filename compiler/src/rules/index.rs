//! An index over the resolved model, built once per run so that rules look
//! things up by reference instead of looping over declarations in pairs.

use crate::analysis::Analysis;
use crate::model::{MProp, MValue, ModelDecl, SymbolId};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

pub struct Index<'a> {
    pub analysis: &'a Analysis,
    /// The (first) `model` declaration.
    pub model: Option<&'a ModelDecl>,
    /// Data classes holding 医療情報 (`class patient_identifiable`).
    pub medical: HashSet<SymbolId>,
    /// Declarations by kind, in source order (standard library excluded).
    by_kind: HashMap<&'static str, Vec<&'a ModelDecl>>,
    /// Risks by the flow or asset they are `on`.
    pub risks_on: HashMap<SymbolId, Vec<&'a ModelDecl>>,
    /// Logs by each asset they record.
    pub logs_of: HashMap<SymbolId, Vec<&'a ModelDecl>>,
    /// Flows by each asset they start or end at.
    pub flows_at: HashMap<SymbolId, Vec<&'a ModelDecl>>,
    /// Backups by each data class or asset they copy.
    pub backups_of: HashMap<SymbolId, Vec<&'a ModelDecl>>,
    /// Networks that carry 医療情報: every hop of every route of a flow that
    /// carries it, in the order first met.
    medical_networks: Vec<&'a ModelDecl>,
}

/// One route of a flow: its primary `route` (or `via`), or an `alternative`.
pub struct Route<'a> {
    /// The `alternative` block, `None` for the primary route.
    pub alternative: Option<&'a MProp>,
    /// The property that names the hops (`route` or `via`).
    pub prop: &'a MProp,
    /// The networks, first hop first.
    pub hops: Vec<SymbolId>,
}

impl Route<'_> {
    /// The alternative's label, if it has one.
    pub fn label(&self) -> Option<&str> {
        self.alternative.and_then(|a| a.label.as_ref()).map(|l| l.text.as_str())
    }
}

/// The hops a `route` or `via` property names.
fn hops(p: &MProp) -> Vec<SymbolId> {
    match &p.value.value {
        MValue::List(items) => items.iter().filter_map(|v| v.as_ref_symbol()).collect(),
        MValue::Ref(s) => vec![*s],
        _ => Vec::new(),
    }
}

/// A flow's routes: the primary one (`route`, or `via NET` meaning `route [NET]`)
/// if written, then each `alternative` in source order.
pub fn routes(flow: &ModelDecl) -> Vec<Route<'_>> {
    let mut out = Vec::new();
    if let Some(p) = flow.prop("route").or_else(|| flow.prop("via")) {
        out.push(Route { alternative: None, prop: p, hops: hops(p) });
    }
    for alt in flow.props_named("alternative") {
        if let MValue::Record(inner) = &alt.value.value
            && let Some(p) = inner.iter().find(|p| p.key == "route")
        {
            out.push(Route { alternative: Some(alt), prop: p, hops: hops(p) });
        }
    }
    out
}

impl<'a> Index<'a> {
    pub fn new(analysis: &'a Analysis) -> Index<'a> {
        let mut by_kind: HashMap<&'static str, Vec<&'a ModelDecl>> = HashMap::default();
        for d in &analysis.model.decls {
            let in_stdlib = analysis.file(d.file).is_some_and(|f| f.stdlib_module.is_some());
            if !in_stdlib {
                by_kind.entry(d.kind.kind).or_default().push(d);
            }
        }
        let list = |k: &str| by_kind.get(k).map_or(&[][..], Vec::as_slice);
        let medical = list("data")
            .iter()
            .filter(|d| d.enum_value("class") == Some("patient_identifiable"))
            .filter_map(|d| d.symbol)
            .collect();
        let mut risks_on: HashMap<SymbolId, Vec<&ModelDecl>> = HashMap::default();
        for r in list("risk") {
            if let Some(t) = r.target.as_ref().and_then(|t| t.as_ref_symbol()) {
                risks_on.entry(t).or_default().push(r);
            }
        }
        let mut logs_of: HashMap<SymbolId, Vec<&ModelDecl>> = HashMap::default();
        for l in list("log") {
            for a in l.refs("of") {
                logs_of.entry(a).or_default().push(l);
            }
        }
        let mut flows_at: HashMap<SymbolId, Vec<&ModelDecl>> = HashMap::default();
        for f in list("flow") {
            for key in ["from", "to"] {
                if let Some(a) = f.reference(key) {
                    flows_at.entry(a).or_default().push(f);
                }
            }
        }
        let mut backups_of: HashMap<SymbolId, Vec<&ModelDecl>> = HashMap::default();
        for b in list("backup") {
            for x in b.refs("of") {
                backups_of.entry(x).or_default().push(b);
            }
        }
        let model = list("model").first().copied();
        let mut index = Index {
            analysis,
            model,
            medical,
            by_kind,
            risks_on,
            logs_of,
            flows_at,
            backups_of,
            medical_networks: Vec::new(),
        };
        let mut seen: HashSet<SymbolId> = HashSet::default();
        let mut nets = Vec::new();
        for f in index.all("flow") {
            if index.medical_carried(f).is_empty() {
                continue;
            }
            for r in routes(f) {
                for h in r.hops {
                    if seen.insert(h)
                        && let Some(n) = index.decl(h)
                    {
                        nets.push(n);
                    }
                }
            }
        }
        index.medical_networks = nets;
        index
    }

    /// Networks that carry 医療情報: every network on every route (primary and
    /// alternatives) of a flow that carries it, in the order first met.
    pub fn medical_networks(&self) -> &[&'a ModelDecl] {
        &self.medical_networks
    }

    /// The project's declarations of a kind (the standard library's excluded).
    pub fn all(&self, kind: &str) -> &[&'a ModelDecl] {
        self.by_kind.get(kind).map_or(&[], Vec::as_slice)
    }

    /// The declaration a symbol names.
    pub fn decl(&self, s: SymbolId) -> Option<&'a ModelDecl> {
        self.analysis.decl_of(s)
    }

    /// The name of a symbol as written in the model.
    pub fn name(&self, s: SymbolId) -> String {
        self.analysis.symbols.get(s).map_or_else(String::new, |s| s.path.clone())
    }

    pub fn is_medical(&self, data: SymbolId) -> bool {
        self.medical.contains(&data)
    }

    /// The 医療情報 data classes an asset stores.
    pub fn medical_stored(&self, asset: &ModelDecl) -> Vec<SymbolId> {
        asset.refs("stores").into_iter().filter(|d| self.is_medical(*d)).collect()
    }

    /// The 医療情報 data classes a flow carries.
    /// Whether a flow's people are patients only (a kiosk, a patient portal): one of its
    /// actors is a patient and none is staff (anyone but a patient or an automatic process).
    pub fn patient_only(&self, flow: &ModelDecl) -> bool {
        let categories: Vec<Option<&str>> =
            flow.refs("who").into_iter().filter_map(|w| self.decl(w)).map(|a| a.enum_value("category")).collect();
        categories.contains(&Some("patient")) && categories.iter().all(|c| matches!(c, Some("patient" | "system")))
    }

    /// A patient's own device: `byod true`, and every flow at it (one at least) is
    /// patient-only. Nobody in the service manages it, so the register, patching, USB,
    /// manager and scope rules do not judge it; the flows through it still are.
    pub fn patients_device(&self, asset: &ModelDecl) -> bool {
        asset.bool("byod") == Some(true)
            && asset
                .symbol
                .and_then(|s| self.flows_at.get(&s))
                .is_some_and(|flows| flows.iter().all(|f| self.patient_only(f)))
    }

    /// The assets the parties of the service hold and manage: every asset but
    /// patients' own devices.
    pub fn equipment(&self) -> impl Iterator<Item = &'a ModelDecl> + '_ {
        self.all("asset").iter().copied().filter(|a| !self.patients_device(a))
    }

    pub fn medical_carried(&self, flow: &ModelDecl) -> Vec<SymbolId> {
        flow.refs("carries").into_iter().filter(|d| self.is_medical(*d)).collect()
    }

    /// The 医療情報 data classes an asset is said to process without storing (`processes`).
    pub fn medical_processed(&self, asset: &ModelDecl) -> Vec<SymbolId> {
        asset.refs("processes").into_iter().filter(|d| self.is_medical(*d)).collect()
    }

    /// Whether an asset stores or processes 医療情報, or is an end of a flow that carries it.
    pub fn handles_medical(&self, asset: &ModelDecl) -> bool {
        !self.medical_stored(asset).is_empty()
            || !self.medical_processed(asset).is_empty()
            || asset.symbol.is_some_and(|s| {
                self.flows_at.get(&s).is_some_and(|fs| fs.iter().any(|f| !self.medical_carried(f).is_empty()))
            })
    }

    /// A site's country, following `part_of` up to the first site that states one.
    pub fn site_country(&self, site: &ModelDecl) -> Option<String> {
        let mut cur = Some(site);
        for _ in 0..32 {
            let s = cur?;
            if let Some(crate::model::MValue::Country(c)) = s.get("country") {
                return Some(c.clone());
            }
            cur = s.reference("part_of").and_then(|p| self.decl(p));
        }
        None
    }
}
