//! migc's JSON export (`migc export --format json`): the resolved model, every
//! declaration with its stated properties (references resolved to qualified names,
//! enum values by their schema names), the facts migc derives from them, the
//! findings after waivers and the waivers in force. Described by
//! `docs/export.schema.json`; a field added is a minor version, a field removed or
//! changed a major one ([`FORMAT_VERSION`]).

use super::{Options, file_path, line_of, path_of};
use crate::analysis::Analysis;
use crate::diag::{FileId, Lang, Severity};
use crate::model::{Duration, MProp, MVal, MValue, ModelDecl, SymbolId};
use crate::rules::Index;
use crate::rules::index::routes;
use crate::rules::risk::{RiskEval, evaluate_residual, evaluate_risk, matrix_of, not_applicable};
use crate::rules::scope::scope_of;
use crate::syntax::DurationUnit;
use crate::workspace::Workspace;
use serde::Serialize;

/// The version of this format: `MAJOR.MINOR`.
pub const FORMAT_VERSION: &str = "1.0";

/// The whole export.
#[derive(Debug, Serialize)]
pub struct Export {
    /// The version of this format ([`FORMAT_VERSION`]).
    pub migc_export: &'static str,
    /// The version of migc that wrote it.
    pub migc_version: &'static str,
    /// Made from a model with errors (`--draft`).
    pub draft: bool,
    /// The language of the messages and of nothing else (`ja` or `en`).
    pub lang: &'static str,
    pub model: Option<Header>,
    pub declarations: Vec<Decl>,
    pub findings: Vec<FindingOut>,
    pub waivers_in_force: Vec<WaiverOut>,
    pub summary: Summary,
}

/// The model's header: what it is, for whom, judged when and against what.
#[derive(Debug, Serialize)]
pub struct Header {
    pub name: Option<String>,
    pub title: Option<String>,
    pub editions: Vec<String>,
    pub form: Option<&'static str>,
    pub provider: Option<String>,
    pub customers: Vec<String>,
    /// The date the model is judged at: `--as-of`, else the model's `as_of`.
    pub as_of: Option<String>,
    /// The MHLW edition the rules judged against (`6.0`).
    pub mhlw_edition: &'static str,
    /// SHA-256 of the model's sources (the same as in `migc report`).
    pub version: String,
    pub disclosures: Vec<Prop>,
}

/// One declaration of the project (the standard library's are not listed; references
/// to them are by qualified name, `std::threat::ransomware`).
#[derive(Debug, Serialize)]
pub struct Decl {
    pub kind: &'static str,
    /// The qualified name; `null` for a declaration without one (`responsibility on …`).
    pub name: Option<String>,
    /// A name for every declaration: the qualified name, else `KIND on TARGET`.
    pub id: String,
    pub title: Option<String>,
    pub doc: Option<String>,
    pub file: String,
    pub line: u32,
    /// What `on TARGET` names.
    pub target: Option<Value>,
    /// Every stated property, in source order.
    pub properties: Vec<Prop>,
    /// Site, asset, flow, network, party: whose it is (`provider`, `institution`, `third_party`); `null` when nothing says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<Option<&'static str>>,
    /// Flow: its routes, primary first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub routes: Option<Vec<RouteOut>>,
    /// Risk: its evaluation through the model's matrix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk: Option<RiskOut>,
    /// Log: the legal retention of the records it logs (`null` when none is known).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required_retention: Option<Option<RetentionOut>>,
}

/// One property as written: its key, a block's label and title, where, its value.
#[derive(Debug, Serialize)]
pub struct Prop {
    pub key: &'static str,
    pub label: Option<String>,
    pub title: Option<String>,
    pub line: u32,
    pub value: Value,
}

/// A value, tagged by its type: `{"ref": {...}}`, `{"enum": "application"}`, …
#[derive(Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Value {
    String(String),
    Int(u64),
    Bool(bool),
    Duration(DurationOut),
    Date(String),
    Version(String),
    Country(String),
    Rule(String),
    Ref(RefOut),
    Enum(&'static str),
    List(Vec<Value>),
    Record(Vec<Prop>),
}

#[derive(Debug, Serialize)]
pub struct RefOut {
    /// The qualified name.
    pub name: String,
    /// The kind of what it names (names are unique per kind only).
    pub kind: &'static str,
}

#[derive(Debug, Serialize)]
pub struct DurationOut {
    pub amount: u64,
    pub unit: &'static str,
    /// As written in a model: `5y`, `90d`.
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct RouteOut {
    /// `false` for the primary route (`route` or `via`), `true` for an `alternative`.
    pub alternative: bool,
    /// The alternative's label, if it has one.
    pub label: Option<String>,
    /// The networks, first hop first (qualified names).
    pub hops: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct RiskOut {
    /// Marked `not_applicable` with a reason: not evaluated.
    pub not_applicable: bool,
    /// The matrix the model uses (qualified name).
    pub matrix: Option<String>,
    pub inherent: Option<EvalOut>,
    pub residual: Option<EvalOut>,
}

#[derive(Debug, Serialize)]
pub struct EvalOut {
    pub impact: u64,
    pub likelihood: u64,
    /// impact × likelihood.
    pub level: u64,
    /// S, A, B, C or D.
    pub rank: &'static str,
    /// How many controls the rank needs by the matrix' criteria.
    pub controls_needed: u64,
}

#[derive(Debug, Serialize)]
pub struct RetentionOut {
    pub period: DurationOut,
    /// The data class whose record kind sets the period.
    pub data: String,
    /// The record kind (qualified name).
    pub record: String,
    pub statute: Option<String>,
    /// The longest retention the log states (over its tiers).
    pub kept: Option<DurationOut>,
    /// Whether `kept` is at least `period`.
    pub satisfied: bool,
}

#[derive(Debug, Serialize)]
pub struct FindingOut {
    pub rule: String,
    pub severity: &'static str,
    pub file: Option<String>,
    pub line: Option<u32>,
    /// The qualified name of the declaration at fault.
    pub subject: String,
    /// In the export's language.
    pub message: String,
    /// Stable across runs and line moves (as in SARIF and the baseline).
    pub fingerprint: String,
}

#[derive(Debug, Serialize)]
pub struct WaiverOut {
    pub name: String,
    pub rule: Option<String>,
    pub reason: Option<String>,
    pub approved_by: Option<String>,
    pub until: Option<String>,
    pub file: String,
    pub line: u32,
    /// How many findings it accepted in this run.
    pub findings_waived: usize,
}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    pub waived: usize,
}

fn duration(d: Duration) -> DurationOut {
    let unit = match d.unit {
        DurationUnit::Minutes => "minutes",
        DurationUnit::Hours => "hours",
        DurationUnit::Days => "days",
        DurationUnit::Weeks => "weeks",
        DurationUnit::Months => "months",
        DurationUnit::Years => "years",
    };
    DurationOut { amount: d.amount, unit, text: d.to_string() }
}

fn eval(e: RiskEval) -> EvalOut {
    EvalOut {
        impact: e.impact,
        likelihood: e.likelihood,
        level: e.level(),
        rank: e.rank,
        controls_needed: e.controls_needed,
    }
}

struct Cx<'a> {
    analysis: &'a Analysis,
    ws: &'a Workspace,
}

impl Cx<'_> {
    fn reference(&self, s: SymbolId) -> RefOut {
        let kind = self.analysis.symbols.get(s).map_or("", |s| s.kind.kind);
        RefOut { name: path_of(self.analysis, s), kind }
    }
    fn value(&self, v: &MVal, file: FileId) -> Value {
        match &v.value {
            MValue::Str(s) => Value::String(s.clone()),
            MValue::Int(n) => Value::Int(*n),
            MValue::Bool(b) => Value::Bool(*b),
            MValue::Duration(d) => Value::Duration(duration(*d)),
            MValue::Date(d) => Value::Date(d.to_string()),
            MValue::Version(parts) => Value::Version(parts.iter().map(u32::to_string).collect::<Vec<_>>().join(".")),
            MValue::Country(c) => Value::Country(c.clone()),
            MValue::RuleId(r) => Value::Rule(r.clone()),
            MValue::Ref(s) => Value::Ref(self.reference(*s)),
            MValue::Enum(e) => Value::Enum(e),
            MValue::List(items) => Value::List(items.iter().map(|i| self.value(i, file)).collect()),
            MValue::Record(props) => Value::Record(self.props(props, file)),
        }
    }
    fn props(&self, props: &[MProp], file: FileId) -> Vec<Prop> {
        props.iter().map(|p| self.prop(p, file)).collect()
    }
    fn prop(&self, p: &MProp, file: FileId) -> Prop {
        Prop {
            key: p.key,
            label: p.label.as_ref().map(|l| l.text.to_string()),
            title: p.title.clone(),
            line: line_of(self.analysis, file, p.span),
            value: self.value(&p.value, file),
        }
    }
}

/// The export of a checked model.
pub fn build(analysis: &Analysis, ws: &Workspace, opts: &Options) -> Export {
    let cx = Cx { analysis, ws };
    let index = Index::new(analysis);
    let model = index.model;
    let as_of = crate::report::as_of_in(opts, model);
    let mhlw = crate::rules::targeted_mhlw(analysis, ws);
    let matrix = matrix_of(analysis, model);
    // The rules' context, for what only the rules compute (a log's legal retention).
    let ctx = crate::rules::Ctx { analysis, index: Index::new(analysis), as_of, mhlw };
    let header = model.map(|m| Header {
        name: m.symbol.map(|s| path_of(analysis, s)),
        title: m.title.clone(),
        editions: m.refs("editions").into_iter().map(|s| path_of(analysis, s)).collect(),
        form: m.enum_value("form"),
        provider: m.reference("provider").map(|s| path_of(analysis, s)),
        customers: m.refs("customers").into_iter().map(|s| path_of(analysis, s)).collect(),
        as_of: as_of.map(|d| d.to_string()),
        mhlw_edition: mhlw.version(),
        version: crate::report::model_version(analysis, ws),
        disclosures: m.props_named("disclosure").map(|p| cx.prop(p, m.file)).collect(),
    });
    let declarations = analysis
        .model
        .decls
        .iter()
        .filter(|d| analysis.file(d.file).is_some_and(|f| f.stdlib_module.is_none()))
        .map(|d| decl(&cx, &ctx, matrix, d))
        .collect();
    let findings = crate::emit::findings(analysis, &analysis.diagnostics)
        .into_iter()
        .map(|f| {
            let place = f.diag.primary_label().and_then(|l| {
                let (_, p) = crate::emit::place(analysis, l)?;
                Some((file_path(analysis, ws, l.file), p.line))
            });
            FindingOut {
                rule: f.diag.code.clone(),
                severity: f.diag.severity.as_str(),
                file: place.as_ref().map(|(f, _)| f.clone()),
                line: place.map(|(_, l)| l),
                subject: f.subject,
                message: f.diag.message.get(opts.lang).to_string(),
                fingerprint: f.fingerprint,
            }
        })
        .collect();
    let waivers_in_force = crate::report::waivers_in_force(&index, as_of)
        .into_iter()
        .map(|w| WaiverOut {
            name: crate::emit::qualified_name(analysis, w),
            rule: match w.get("rule") {
                Some(MValue::RuleId(r)) => Some(r.clone()),
                _ => None,
            },
            reason: w.str("reason").map(str::to_string),
            approved_by: w.str("approved_by").map(str::to_string),
            until: w.date("until").map(|d| d.to_string()),
            file: file_path(analysis, ws, w.file),
            line: line_of(analysis, w.file, crate::rules::name_span(w)),
            findings_waived: crate::report::findings_waived_by(analysis, w),
        })
        .collect();
    Export {
        migc_export: FORMAT_VERSION,
        migc_version: env!("CARGO_PKG_VERSION"),
        draft: opts.draft,
        lang: match opts.lang {
            Lang::Ja => "ja",
            Lang::En => "en",
        },
        model: header,
        declarations,
        findings,
        waivers_in_force,
        summary: Summary {
            errors: analysis.count(Severity::Error),
            warnings: analysis.count(Severity::Warning),
            notes: analysis.count(Severity::Note),
            waived: analysis.rule_stats.waived,
        },
    }
}

fn decl(cx: &Cx, ctx: &crate::rules::Ctx, matrix: Option<&ModelDecl>, d: &ModelDecl) -> Decl {
    let a = cx.analysis;
    let kind = d.kind.kind;
    let scope = matches!(kind, "site" | "asset" | "flow" | "network" | "party")
        .then(|| scope_of(a, d).map(crate::rules::scope::Scope::name));
    let routes = (kind == "flow").then(|| {
        routes(d)
            .iter()
            .map(|r| RouteOut {
                alternative: r.alternative.is_some(),
                label: r.label().map(str::to_string),
                hops: r.hops.iter().map(|&h| path_of(a, h)).collect(),
            })
            .collect()
    });
    let risk = (kind == "risk").then(|| {
        let na = not_applicable(d);
        RiskOut {
            not_applicable: na,
            matrix: matrix.and_then(|m| m.symbol).map(|s| path_of(a, s)),
            inherent: if na { None } else { matrix.and_then(|m| evaluate_risk(m, d)).map(eval) },
            residual: if na { None } else { matrix.and_then(|m| evaluate_residual(m, d)).map(eval) },
        }
    });
    let required_retention = (kind == "log").then(|| {
        let (period, data, record) = crate::rules::logging::legal_retention(ctx, d)?;
        let kept = crate::rules::logging::longest_tier(d).map(|(_, k)| k);
        Some(RetentionOut {
            period: duration(period),
            data: path_of(a, data),
            record: path_of(a, record),
            statute: a.decl_of(record).and_then(|r| r.str("statute")).map(str::to_string),
            kept: kept.map(duration),
            satisfied: kept.is_some_and(|k| k.at_least(period)),
        })
    });
    Decl {
        kind,
        name: d.symbol.map(|s| path_of(a, s)),
        id: crate::emit::qualified_name(a, d),
        title: d.title.clone(),
        doc: d.doc.clone(),
        file: file_path(a, cx.ws, d.file),
        line: line_of(a, d.file, crate::rules::name_span(d)),
        target: d.target.as_ref().map(|t| cx.value(t, d.file)),
        properties: cx.props(&d.props, d.file),
        scope,
        routes,
        risk,
        required_retention,
    }
}

/// The JSON text: two-space indentation, a final newline.
pub fn render(export: &Export) -> String {
    let mut out = serde_json::to_string_pretty(export).unwrap_or_default();
    out.push('\n');
    out
}
