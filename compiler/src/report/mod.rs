//! Release documents (提供事業者GL 表4-1 B, §5): one table model that every format
//! renders. Each document is built from the checked model by one function; the
//! emitters ([`markdown`], [`csv`], [`html`], [`xlsx`]) are leaves that only escape and lay out.
//!
//! Titles are Japanese (or English); user text (titles, descriptions, reasons)
//! is shown as written, in either language. Enum values are shown with their
//! Japanese label (the schema's `Variant.ja`) in Japanese, their name in English.

pub mod csv;
mod disclosure;
pub mod html;
pub mod markdown;
pub mod xlsx;

use crate::analysis::Analysis;
use crate::diag::{Lang, Severity, Text};
use crate::model::{Date, ModelDecl, SymbolId};
use crate::rules::Index;
use crate::rules::index::routes;
use crate::rules::risk::{RiskEval, evaluate_residual, evaluate_risk, matrix_of, not_applicable};
use crate::rules::scope::scope_of;
use crate::schema::{self, Ty, Variant};
use crate::tr;
use crate::workspace::Workspace;

/// One document: a file stem, a title, its tables.
#[derive(Clone, Debug)]
pub struct Document {
    /// The file stem: `flows` → `flows.md`, `flows.csv`.
    pub id: &'static str,
    pub title: Text,
    /// Made from a model with errors (`--draft`): every rendering says so at its top.
    pub draft: bool,
    pub tables: Vec<Table>,
}

/// One table: a title, column headings, rows of cells (already in the document's language).
#[derive(Clone, Debug)]
pub struct Table {
    pub title: Text,
    pub columns: Vec<Text>,
    pub rows: Vec<Vec<String>>,
}

/// A cell as a spreadsheet must get it: text that Excel or LibreOffice would read
/// as a formula (`=`, `+`, `-`, `@`, tab or CR first) gets a leading `'`. The CSV
/// and the xlsx writers both use it, so the two show the same text.
pub fn neutralise(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => std::borrow::Cow::Owned(format!("'{text}")),
        _ => std::borrow::Cow::Borrowed(text),
    }
}

/// The date the documents speak of: `--as-of`, else the model's `as_of`.
pub fn as_of(analysis: &Analysis, opts: &Options) -> Option<Date> {
    as_of_in(opts, Index::new(analysis).model)
}

/// The same, from the model declaration already looked up.
pub(crate) fn as_of_in(opts: &Options, model: Option<&ModelDecl>) -> Option<Date> {
    opts.as_of.or_else(|| model.and_then(|m| m.date("as_of")))
}

/// What the documents are made for.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    pub lang: Lang,
    /// The date the documents speak of: `--as-of`, else the model's `as_of`.
    pub as_of: Option<Date>,
    pub draft: bool,
}

/// The word every format stamps a draft with (`--draft`: made from a model with errors).
pub fn draft_word(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "「ドラフト」",
        Lang::En => "DRAFT",
    }
}

/// What a draft's stamp says after the word, where there is room for a sentence.
pub fn draft_reason(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "誤りのあるモデルから作成した文書です。",
        Lang::En => "made from a model with errors.",
    }
}

/// The 全体構成図 (`crate::diagram`) as files: the SVG laid out by migc, the same
/// picture as Mermaid and DOT text, and a Markdown page that shows the SVG and the
/// Mermaid (which GitHub and many wikis draw).
pub fn overview_files(analysis: &Analysis, opts: &Options) -> Vec<(String, String)> {
    let d = crate::diagram::build(analysis);
    let mermaid = crate::diagram::mermaid(&d);
    let title = match opts.lang {
        Lang::Ja => "全体構成図",
        Lang::En => "Overall configuration diagram",
    };
    let stamp = if opts.draft { markdown::draft_stamp(opts.lang) } else { String::new() };
    let md = format!("# {title}\n\n{stamp}![{title}](overview.svg)\n\n```mermaid\n{}\n```\n", mermaid.trim_end());
    vec![
        ("overview.svg".to_string(), crate::diagram::svg(&d, opts.lang, opts.draft)),
        ("overview.mmd".to_string(), mermaid),
        ("overview.dot".to_string(), crate::diagram::dot(&d)),
        ("overview.md".to_string(), md),
    ]
}

/// Every document of this step, in a fixed order.
pub fn documents(analysis: &Analysis, ws: &Workspace, opts: &Options) -> Vec<Document> {
    let cx = Cx::new(analysis, opts);
    let mut docs = vec![flows(&cx), risk_assessment(&cx), risk_treatment(&cx), responsibility(&cx), findings(&cx, ws)];
    docs.extend([disclosure::operations_rules(&cx), disclosure::selection_criteria(&cx)]);
    for d in &mut docs {
        d.draft = opts.draft;
    }
    docs
}

/// What the builders share: the model, its index, the matrix, the language.
struct Cx<'a> {
    analysis: &'a Analysis,
    index: Index<'a>,
    matrix: Option<&'a ModelDecl>,
    lang: Lang,
    as_of: Option<Date>,
}

impl<'a> Cx<'a> {
    fn new(analysis: &'a Analysis, opts: &Options) -> Cx<'a> {
        let index = Index::new(analysis);
        let matrix = matrix_of(analysis, index.model);
        let as_of = as_of_in(opts, index.model);
        Cx { analysis, index, matrix, lang: opts.lang, as_of }
    }
    fn t(&self, text: Text) -> String {
        text.get(self.lang).to_string()
    }
    /// A list joined as the language writes lists.
    fn join(&self, items: impl IntoIterator<Item = String>) -> String {
        let sep = match self.lang {
            Lang::Ja => "、",
            Lang::En => ", ",
        };
        items.into_iter().collect::<Vec<_>>().join(sep)
    }
    /// A declaration's title, else its name.
    fn title(&self, s: SymbolId) -> String {
        match self.analysis.decl_of(s) {
            Some(d) => decl_title(d),
            None => self.analysis.symbols.get(s).map(|s| s.path.clone()).unwrap_or_default(),
        }
    }
    /// When a party bears a `responsibility`: 通常時, 非常時, both, or "" (not at all).
    fn when_responsible(&self, r: &ModelDecl, party: SymbolId) -> String {
        match (r.refs("normal").contains(&party), r.refs("emergency").contains(&party)) {
            (true, true) => self.t(tr!("通常時・非常時", "normal, emergency")),
            (true, false) => self.t(tr!("通常時", "normal")),
            (false, true) => self.t(tr!("非常時", "emergency")),
            (false, false) => String::new(),
        }
    }
    /// The duty a `responsibility` assigns: its target's title.
    fn duty_of(&self, r: &ModelDecl) -> String {
        r.target.as_ref().and_then(|t| t.as_ref_symbol()).map(|s| self.title(s)).unwrap_or_default()
    }
    fn titles(&self, syms: impl IntoIterator<Item = SymbolId>) -> String {
        self.join(syms.into_iter().map(|s| self.title(s)))
    }
    /// An enum value of a declaration's property, as the language shows it.
    fn enum_text(&self, decl: &ModelDecl, key: &str) -> String {
        let variants = decl.kind.prop(key).and_then(|p| variants_of(&p.ty));
        self.join(decl.enums(key).into_iter().map(|v| self.variant(variants, v)))
    }
    fn variant(&self, variants: Option<&'static [Variant]>, name: &str) -> String {
        match (self.lang, variants.and_then(|vs| vs.iter().find(|v| v.name == name))) {
            (Lang::Ja, Some(v)) => v.ja.to_string(),
            _ => name.to_string(),
        }
    }
    fn num(&self, n: Option<u64>) -> String {
        n.map(|n| n.to_string()).unwrap_or_default()
    }
    /// The risk's target: its symbol and declaration.
    fn target(&self, r: &ModelDecl) -> Option<(SymbolId, &'a ModelDecl)> {
        let s = r.target.as_ref().and_then(|t| t.as_ref_symbol())?;
        Some((s, self.analysis.decl_of(s)?))
    }
    fn eval(&self, r: &ModelDecl) -> Option<RiskEval> {
        self.matrix.and_then(|m| evaluate_risk(m, r))
    }
    /// A data class with its class label, and `※医療情報` when it is 医療情報.
    fn data(&self, s: SymbolId) -> String {
        let medical = match (self.index.is_medical(s), self.lang) {
            (true, Lang::Ja) => " ※医療情報",
            (true, Lang::En) => " *medical",
            (false, _) => "",
        };
        format!("{}{medical}", self.title(s))
    }
    fn scope(&self, d: &ModelDecl) -> String {
        match (scope_of(self.analysis, d), self.lang) {
            (Some(s), Lang::Ja) => s.ja().to_string(),
            (Some(s), Lang::En) => s.name().to_string(),
            (None, _) => self.t(tr!("不明", "unknown")),
        }
    }
}

fn decl_title(d: &ModelDecl) -> String {
    d.title.clone().or_else(|| d.name.as_ref().map(|n| n.text.to_string())).unwrap_or_else(|| d.kind.kind.to_string())
}

fn variants_of(ty: &Ty) -> Option<&'static [Variant]> {
    match ty {
        Ty::Enum(v) => Some(v),
        Ty::List(inner) => variants_of(inner),
        _ => None,
    }
}

fn cols(items: &[Text]) -> Vec<Text> {
    items.to_vec()
}

// ---- 情報流一覧 ----------------------------------------------------------------------

/// 情報流一覧 (提供事業者GL §5.2): per form of service and phase, who / where / which / what / how.
fn flows(cx: &Cx) -> Document {
    let form = cx.index.model.map(|m| cx.enum_text(m, "form")).unwrap_or_default();
    let columns = cols(&[
        tr!("No", "No"),
        tr!("情報流", "Flow"),
        tr!("誰が (Who)", "Who"),
        tr!("どこで (Where)", "Where"),
        tr!("どの機器で (Which)", "Which"),
        tr!("何を (What)", "What"),
        tr!("どうする (How): 操作", "How: actions"),
        tr!("どうする (How): 経路", "How: route"),
        tr!("どうする (How): 認証", "How: authentication"),
        tr!("範囲", "Scope"),
    ]);
    let all = cx.index.all("flow");
    let mut tables = Vec::new();
    for phase in schema::PHASES {
        let in_phase: Vec<&&ModelDecl> = all.iter().filter(|f| f.enum_value("phase") == Some(phase.name)).collect();
        if in_phase.is_empty() {
            continue;
        }
        let rows = in_phase.iter().enumerate().map(|(i, f)| flow_row(cx, i + 1, f)).collect();
        let label = cx.variant(Some(schema::PHASES), phase.name);
        let title = match form.is_empty() {
            true => tr!("{label}フェーズ", "{label} phase"),
            false => tr!("{form} — {label}フェーズ", "{form} — {label} phase"),
        };
        tables.push(Table { title, columns: columns.clone(), rows });
    }
    if tables.is_empty() {
        tables.push(Table { title: tr!("情報流", "Flows"), columns, rows: Vec::new() });
    }
    Document { id: "flows", title: tr!("情報流一覧", "Information flows"), draft: false, tables }
}

fn flow_row(cx: &Cx, n: usize, f: &ModelDecl) -> Vec<String> {
    let asset = |key: &str| f.reference(key).and_then(|s| cx.analysis.decl_of(s));
    let site = |key: &str| {
        asset(key).and_then(|a| a.reference("at")).map(|s| cx.title(s)).unwrap_or_else(|| cx.t(tr!("不明", "unknown")))
    };
    let which = |key: &str| f.reference(key).map(|s| cx.title(s)).unwrap_or_default();
    let route = routes(f)
        .iter()
        .map(|r| {
            let hops = r.hops.iter().map(|&h| cx.title(h)).collect::<Vec<_>>().join(" → ");
            match (r.alternative.is_some(), r.label()) {
                (false, _) => hops,
                (true, Some(l)) => cx.t(tr!("代替 {l}: {hops}", "alternative {l}: {hops}")),
                (true, None) => cx.t(tr!("代替: {hops}", "alternative: {hops}")),
            }
        })
        .collect::<Vec<_>>()
        .join("; ");
    vec![
        n.to_string(),
        decl_title(f),
        cx.titles(f.refs("who")),
        format!("{} → {}", site("from"), site("to")),
        format!("{} → {}", which("from"), which("to")),
        cx.join(f.refs("carries").into_iter().map(|d| cx.data(d))),
        cx.enum_text(f, "actions"),
        route,
        f.refs("auth").into_iter().map(|a| cx.title(a)).collect::<Vec<_>>().join(" + "),
        cx.scope(f),
    ]
}

// ---- リスクアセスメント結果一覧 ----------------------------------------------------------

/// リスクアセスメント結果一覧 (§5.1.1–5.1.3): one row per risk (flow or asset × threat).
fn risk_assessment(cx: &Cx) -> Document {
    let columns = cols(&[
        tr!("No", "No"),
        tr!("リスク", "Risk"),
        tr!("対象 (情報流・機器)", "On (flow or asset)"),
        tr!("情報の分類", "Information"),
        tr!("脅威", "Threat"),
        tr!("影響度", "Impact"),
        tr!("顕在化率", "Likelihood"),
        tr!("リスクレベル", "Level"),
        tr!("ランク", "Rank"),
        tr!("対策の要否", "Treatment needed"),
        tr!("該当しない理由", "Not applicable because"),
    ]);
    let rows = cx
        .index
        .all("risk")
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let (on, info) = match cx.target(r) {
                Some((s, d)) if d.kind.kind == "flow" => {
                    (cx.title(s), cx.join(d.refs("carries").into_iter().map(|x| cx.data(x))))
                }
                Some((s, d)) => (cx.title(s), cx.join(cx.index.medical_processed(d).into_iter().map(|x| cx.data(x)))),
                None => (String::new(), String::new()),
            };
            let threat = r.reference("threat").map(|t| cx.title(t)).unwrap_or_default();
            let na = not_applicable(r);
            let eval = if na { None } else { cx.eval(r) };
            let needed = match eval {
                Some(e) if e.controls_needed > 1 => {
                    let n = e.controls_needed;
                    cx.t(tr!("要 (複数の対策: {n} 件以上)", "yes ({n} or more controls)"))
                }
                Some(e) if e.controls_needed == 1 => cx.t(tr!("要", "yes")),
                // 提供事業者GL §5.1.3's example criteria: B–C decided case by case, D needs none.
                Some(e) if e.rank == "D" => cx.t(tr!("不要", "no")),
                Some(_) => cx.t(tr!("個別に判断", "case by case")),
                None => String::new(),
            };
            vec![
                (i + 1).to_string(),
                decl_title(r),
                on,
                info,
                threat,
                if na { String::new() } else { cx.num(r.int("impact")) },
                if na { String::new() } else { cx.num(r.int("likelihood")) },
                cx.num(eval.map(|e| e.level())),
                eval.map(|e| e.rank.to_string()).unwrap_or_default(),
                needed,
                if na { r.str("not_applicable").unwrap_or_default().to_string() } else { String::new() },
            ]
        })
        .collect();
    Document {
        id: "risk_assessment",
        title: tr!("リスクアセスメント結果一覧", "Risk assessment"),
        draft: false,
        tables: vec![Table { title: tr!("リスクアセスメント結果", "Assessed risks"), columns, rows }],
    }
}

// ---- リスク対応一覧 ------------------------------------------------------------------

/// リスク対応一覧 (§5.1.4–5.1.5): one row per assessed risk.
fn risk_treatment(cx: &Cx) -> Document {
    let columns = cols(&[
        tr!("No", "No"),
        tr!("リスク", "Risk"),
        tr!("対象", "On"),
        tr!("脅威", "Threat"),
        tr!("ランク", "Rank"),
        tr!("対応", "Option"),
        tr!("対策 (人的・組織的)", "Controls (human, organisational)"),
        tr!("対策 (物理的)", "Controls (physical)"),
        tr!("対策 (技術的)", "Controls (technical)"),
        tr!("対策後の影響度", "Residual impact"),
        tr!("対策後の顕在化率", "Residual likelihood"),
        tr!("対策後のランク", "Residual rank"),
        tr!("医療機関等への依頼", "Requested of the institution"),
        tr!("開示", "Disclosure"),
    ]);
    let rows = cx
        .index
        .all("risk")
        .iter()
        .filter(|r| !not_applicable(r))
        .enumerate()
        .map(|(i, r)| {
            let controls = |cats: &[&str]| {
                cx.join(r.refs("controls").into_iter().filter_map(|c| {
                    let d = cx.analysis.decl_of(c)?;
                    let cat = d.enum_value("category")?;
                    if !cats.contains(&cat) {
                        return None;
                    }
                    Some(match d.reference("owner") {
                        Some(o) => format!("{} ({})", decl_title(d), cx.title(o)),
                        None => decl_title(d),
                    })
                }))
            };
            let residual = cx.matrix.and_then(|m| evaluate_residual(m, r));
            let retained = r.enum_value("treatment") == Some("retain");
            vec![
                (i + 1).to_string(),
                decl_title(r),
                cx.target(r).map(|(s, _)| cx.title(s)).unwrap_or_default(),
                r.reference("threat").map(|t| cx.title(t)).unwrap_or_default(),
                cx.eval(r).map(|e| e.rank.to_string()).unwrap_or_default(),
                cx.enum_text(r, "treatment"),
                controls(&["human", "organizational"]),
                controls(&["physical"]),
                controls(&["technical"]),
                cx.num(r.int("residual_impact")),
                cx.num(r.int("residual_likelihood")),
                residual.map(|e| e.rank.to_string()).unwrap_or_default(),
                cx.titles(r.refs("requests")),
                if retained { cx.t(tr!("開示対象 (保有)", "to disclose (retained)")) } else { String::new() },
            ]
        })
        .collect();
    Document {
        id: "risk_treatment",
        title: tr!("リスク対応一覧", "Risk treatment"),
        draft: false,
        tables: vec![Table { title: tr!("リスク対応", "Treatments"), columns, rows }],
    }
}

// ---- 責任分界表 ----------------------------------------------------------------------

/// 責任分界表: duties × parties, normal time and emergency; a split `for` some systems is its own row.
fn responsibility(cx: &Cx) -> Document {
    let parties: Vec<&ModelDecl> = cx.index.all("party").to_vec();
    let mut columns = vec![tr!("責務", "Duty"), tr!("適用範囲", "Applies to")];
    columns.extend(parties.iter().map(|p| {
        let t = decl_title(p);
        Text::new(t.clone(), t)
    }));
    let rows = cx
        .index
        .all("responsibility")
        .iter()
        .map(|r| {
            let duty = cx.duty_of(r);
            let applies = match r.refs("for") {
                f if f.is_empty() => cx.t(tr!("全体", "whole model")),
                f => cx.titles(f),
            };
            let mut row = vec![duty, applies];
            row.extend(parties.iter().map(|p| p.symbol.map(|s| cx.when_responsible(r, s)).unwrap_or_default()));
            row
        })
        .collect();
    Document {
        id: "responsibility",
        title: tr!("責任分界表", "Responsibility matrix"),
        draft: false,
        tables: vec![Table { title: tr!("責務と担当", "Duties and parties"), columns, rows }],
    }
}

// ---- 点検結果 ------------------------------------------------------------------------

/// The model's version: SHA-256 over its sources, sorted by path (relative to the
/// project root; the standard library's as `std/MODULE.mig`).
pub fn model_version(analysis: &Analysis, ws: &Workspace) -> String {
    let mut sources: Vec<(String, &str)> = analysis
        .files
        .iter()
        .map(|f| {
            let path = match f.stdlib_module {
                Some(m) => format!("std/{m}.mig"),
                None => {
                    let p = f.path.strip_prefix(&ws.root).unwrap_or(&f.path);
                    p.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
                }
            };
            (path, &*f.text)
        })
        .collect();
    sources.sort();
    let mut bytes = Vec::new();
    for (path, text) in sources {
        bytes.extend_from_slice(format!("{}:{path}{}:", path.len(), text.len()).as_bytes());
        bytes.extend_from_slice(text.as_bytes());
    }
    use sha2::Digest;
    sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The waivers in force at `as_of` (all of them when no date is known), in source order.
pub fn waivers_in_force<'a>(index: &Index<'a>, as_of: Option<Date>) -> Vec<&'a ModelDecl> {
    index
        .all("waiver")
        .iter()
        .copied()
        .filter(|w| match (w.date("until"), as_of) {
            (Some(until), Some(as_of)) => until >= as_of,
            _ => true,
        })
        .collect()
}

/// How many findings a waiver accepted in this run.
pub fn findings_waived_by(analysis: &Analysis, waiver: &ModelDecl) -> usize {
    let span = crate::rules::name_span(waiver);
    analysis.rule_stats.waived_findings.iter().filter(|x| x.file == waiver.file && x.span == span).count()
}

fn severity(cx: &Cx, s: Severity) -> String {
    match s {
        Severity::Error => cx.t(tr!("エラー", "error")),
        Severity::Warning => cx.t(tr!("警告", "warning")),
        Severity::Note => cx.t(tr!("注記", "note")),
    }
}

/// 点検結果: the summary (as-of date, version, editions), findings after waivers, counts by rule, waivers.
fn findings(cx: &Cx, ws: &Workspace) -> Document {
    let a = cx.analysis;
    let model = cx.index.model;
    let editions = model.map(|m| cx.titles(m.refs("editions"))).unwrap_or_default();
    let mhlw = crate::rules::targeted_mhlw(a, ws).version();
    let count = |s: Severity| a.count(s).to_string();
    let summary = vec![
        vec![cx.t(tr!("モデル", "Model")), model.map(decl_title).unwrap_or_default()],
        vec![cx.t(tr!("基準日", "As of")), cx.as_of.map(|d| d.to_string()).unwrap_or_default()],
        vec![cx.t(tr!("モデルの版 (SHA-256)", "Model version (SHA-256)")), model_version(a, ws)],
        vec![cx.t(tr!("対象のガイドライン", "Editions targeted")), editions],
        vec![cx.t(tr!("判定に用いた厚労省GL", "MHLW edition judged against")), mhlw.to_string()],
        vec![cx.t(tr!("エラー", "Errors")), count(Severity::Error)],
        vec![cx.t(tr!("警告", "Warnings")), count(Severity::Warning)],
        vec![cx.t(tr!("注記", "Notes")), count(Severity::Note)],
        vec![cx.t(tr!("適用除外された指摘", "Waived findings")), a.rule_stats.waived.to_string()],
    ];
    let found = crate::emit::findings(a, &a.diagnostics);
    let mut sorted: Vec<&crate::emit::Finding> = found.iter().collect();
    sorted.sort_by(|x, y| (x.diag.severity, &x.diag.code).cmp(&(y.diag.severity, &y.diag.code)));
    let list = sorted
        .iter()
        .enumerate()
        .map(|(i, f)| {
            vec![
                (i + 1).to_string(),
                f.diag.code.clone(),
                severity(cx, f.diag.severity),
                f.subject.clone(),
                f.diag.message.get(cx.lang).to_string(),
            ]
        })
        .collect();
    let mut by_rule: Vec<(Severity, String, usize)> = Vec::new();
    for f in &sorted {
        match by_rule.iter_mut().find(|(s, c, _)| *s == f.diag.severity && *c == f.diag.code) {
            Some((.., n)) => *n += 1,
            None => by_rule.push((f.diag.severity, f.diag.code.clone(), 1)),
        }
    }
    let by_rule = by_rule
        .into_iter()
        .map(|(s, code, n)| {
            let title = crate::rules::find(&code).map(|r| r.title(cx.lang).to_string()).unwrap_or_default();
            vec![code, title, severity(cx, s), n.to_string()]
        })
        .collect();
    let waivers = waivers_in_force(&cx.index, cx.as_of)
        .into_iter()
        .map(|w| {
            let used = findings_waived_by(a, w);
            let rule = match w.get("rule") {
                Some(crate::model::MValue::RuleId(r)) => r.clone(),
                _ => String::new(),
            };
            vec![
                decl_title(w),
                rule,
                w.str("reason").unwrap_or_default().to_string(),
                w.str("approved_by").unwrap_or_default().to_string(),
                w.date("until").map(|d| d.to_string()).unwrap_or_default(),
                used.to_string(),
            ]
        })
        .collect();
    Document {
        id: "findings",
        title: tr!("点検結果", "Check results"),
        draft: false,
        tables: vec![
            Table {
                title: tr!("概要", "Summary"),
                columns: cols(&[tr!("項目", "Item"), tr!("値", "Value")]),
                rows: summary,
            },
            Table {
                title: tr!("指摘 (適用除外の後)", "Findings (after waivers)"),
                columns: cols(&[
                    tr!("No", "No"),
                    tr!("ルール", "Rule"),
                    tr!("重大度", "Severity"),
                    tr!("対象", "Subject"),
                    tr!("内容", "Message"),
                ]),
                rows: list,
            },
            Table {
                title: tr!("ルール・重大度別の件数", "Findings by rule and severity"),
                columns: cols(&[
                    tr!("ルール", "Rule"),
                    tr!("名称", "Title"),
                    tr!("重大度", "Severity"),
                    tr!("件数", "Count"),
                ]),
                rows: by_rule,
            },
            Table {
                title: tr!("有効な適用除外", "Waivers in force"),
                columns: cols(&[
                    tr!("適用除外", "Waiver"),
                    tr!("ルール", "Rule"),
                    tr!("理由", "Reason"),
                    tr!("承認者", "Approved by"),
                    tr!("期限", "Until"),
                    tr!("適用した指摘", "Findings waived"),
                ]),
                rows: waivers,
            },
        ],
    }
}
