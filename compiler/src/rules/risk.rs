//! リスクアセスメント: coverage of the threat catalog, the risk matrix, treatments,
//! controls by rank, stated ranks and residual risk.

use super::{Ctx, Finding, Rule, Tag, cite, name_span, prop_span, shown};
use crate::diag::Severity;
use crate::model::{MValue, ModelDecl, SymbolId};
use crate::tr;
use std::collections::HashSet;

const MATRIX_CITES: &[super::Cite] = &[
    cite("提供事業者GL", "1.1", "§5.1.2–5.1.3, 表5-2 (例)", Tag::V),
    cite("migc 既定マトリクス", "", "std::matrix::default", Tag::Proposal),
];

pub const RULES: &[Rule] = &[
    Rule {
        id: "MIG-RISK-001",
        title_ja: "医療情報の情報流ごとに代表的な脅威をすべて評価する",
        title_en: "Every flow of 医療情報 is assessed against every catalog threat",
        severity: Severity::Error,
        cites: &[cite("提供事業者GL", "1.1", "§5.1.1, 表5-1", Tag::V)],
        explanation: include_str!("explain/MIG-RISK-001.md"),
        editions: &[],
        check: coverage,
    },
    Rule {
        id: "MIG-RISK-002",
        title_ja: "リスクに影響度と顕在化率を付ける",
        title_en: "Every risk has an impact and a likelihood",
        severity: Severity::Error,
        cites: &[cite("提供事業者GL", "1.1", "§5.1.2", Tag::V)],
        explanation: include_str!("explain/MIG-RISK-002.md"),
        editions: &[],
        check: assessed,
    },
    Rule {
        id: "MIG-RISK-003",
        title_ja: "ランクに応じた数の対策をとる (S は複数、A は1つ以上)",
        title_en: "Controls by rank: S needs several, A at least one",
        severity: Severity::Warning,
        cites: MATRIX_CITES,
        explanation: include_str!("explain/MIG-RISK-003.md"),
        editions: &[],
        check: controls_by_rank,
    },
    Rule {
        id: "MIG-RISK-004",
        title_ja: "リスク対応の選択肢 (低減・回避・共有・保有) を決める",
        title_en: "Every assessed risk has a treatment (reduce, avoid, share, retain)",
        severity: Severity::Error,
        cites: &[
            cite("提供事業者GL", "1.1", "§5.1.4, 表5-3", Tag::V),
            cite("MHLW安全管理GL", "6.0", "経営管理編 2.2.1", Tag::VDraft),
        ],
        explanation: include_str!("explain/MIG-RISK-004.md"),
        editions: &[],
        check: treatment,
    },
    Rule {
        id: "MIG-RISK-005",
        title_ja: "保有したリスクを医療機関等に開示する",
        title_en: "Retained risks are disclosed to the institution",
        severity: Severity::Note,
        cites: &[
            cite("提供事業者GL", "1.1", "§5.1.4", Tag::V),
            cite("提供事業者GL", "1.1", "表4-1 B (リスク対応一覧)", Tag::V),
        ],
        explanation: include_str!("explain/MIG-RISK-005.md"),
        editions: &[],
        check: retained,
    },
    Rule {
        id: "MIG-RISK-006",
        title_ja: "記載したランクは影響度と顕在化率から導いたランクと一致させる",
        title_en: "A stated rank agrees with the rank derived from impact and likelihood",
        severity: Severity::Warning,
        cites: MATRIX_CITES,
        explanation: include_str!("explain/MIG-RISK-006.md"),
        editions: &[],
        check: stated_rank,
    },
    Rule {
        id: "MIG-RISK-007",
        title_ja: "対策後のリスクは対策前を超えない",
        title_en: "Residual risk does not exceed the inherent risk",
        severity: Severity::Error,
        cites: &[cite("提供事業者GL", "1.1", "§5.1.5", Tag::V)],
        explanation: include_str!("explain/MIG-RISK-007.md"),
        editions: &[],
        check: residual,
    },
];

/// A risk's evaluation through the matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RiskEval {
    pub impact: u64,
    pub likelihood: u64,
    pub rank: &'static str,
    /// Controls the rank needs by the matrix' criteria.
    pub controls_needed: u64,
}

impl RiskEval {
    /// The risk level: impact × likelihood.
    pub fn level(&self) -> u64 {
        self.impact.saturating_mul(self.likelihood)
    }
}

/// The matrix a model uses: its `matrix`, else `std::matrix::default`.
pub fn matrix_of<'a>(analysis: &'a crate::analysis::Analysis, model: Option<&ModelDecl>) -> Option<&'a ModelDecl> {
    let chosen = model.and_then(|m| m.reference("matrix"));
    let id = chosen.or_else(|| analysis.symbols.lookup("std::matrix::default"))?;
    analysis.decl_of(id)
}

/// Impact × likelihood → rank, through `matrix`.
pub fn evaluate_risk(matrix: &ModelDecl, risk: &ModelDecl) -> Option<RiskEval> {
    evaluate(matrix, risk.int("impact")?, risk.int("likelihood")?)
}

/// A risk's residual evaluation: `residual_impact` × `residual_likelihood` through `matrix`.
pub fn evaluate_residual(matrix: &ModelDecl, risk: &ModelDecl) -> Option<RiskEval> {
    evaluate(matrix, risk.int("residual_impact")?, risk.int("residual_likelihood")?)
}

/// Impact × likelihood → rank, through `matrix` (the one place ranks are derived).
pub fn evaluate(matrix: &ModelDecl, impact: u64, likelihood: u64) -> Option<RiskEval> {
    // The matrix' rows by impact (no string built per risk: a model has thousands).
    const ROWS: [&str; 5] = ["impact_1", "impact_2", "impact_3", "impact_4", "impact_5"];
    let row = matrix.get(ROWS.get(usize::try_from(impact).ok()?.checked_sub(1)?)?)?;
    let MValue::List(ranks) = row else { return None };
    let MValue::Enum(rank) = ranks.get(usize::try_from(likelihood).ok()?.checked_sub(1)?)?.value else { return None };
    let controls_needed = match rank {
        "S" => matrix.int("s_controls").unwrap_or(2),
        "A" => matrix.int("a_controls").unwrap_or(1),
        _ => 0,
    };
    Some(RiskEval { impact, likelihood, rank, controls_needed })
}

/// Whether a risk is marked not applicable with a reason (an empty reason is none).
pub fn not_applicable(r: &ModelDecl) -> bool {
    r.str("not_applicable").is_some_and(|reason| !reason.trim().is_empty())
}

fn assessed_risks<'a>(ctx: &'a Ctx) -> impl Iterator<Item = &'a ModelDecl> + 'a {
    ctx.index.all("risk").iter().copied().filter(|r| !not_applicable(r))
}

fn coverage(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    // The catalog of 表5-1: (symbol, short name, Japanese title).
    let catalog: Vec<(SymbolId, String, String)> = ctx
        .analysis
        .symbols
        .iter()
        .filter(|(_, s)| s.kind.kind == "threat" && s.path.starts_with("std::threat::"))
        .map(|(id, s)| {
            let title = ctx.index.decl(id).and_then(|d| d.title.clone()).unwrap_or_else(|| s.name.clone());
            (id, s.name.clone(), title)
        })
        .collect();
    for flow in ctx.index.all("flow") {
        if ctx.index.medical_carried(flow).is_empty() {
            continue;
        }
        let Some(fs) = flow.symbol else { continue };
        let covered: HashSet<SymbolId> = ctx
            .index
            .risks_on
            .get(&fs)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            // Covered by an assessment, or by `not_applicable` with a reason.
            .filter(|r| not_applicable(r) || r.get("impact").is_some() || r.get("likelihood").is_some())
            .filter_map(|r| r.reference("threat"))
            .collect();
        let missing: Vec<&(SymbolId, String, String)> =
            catalog.iter().filter(|(id, ..)| !covered.contains(id)).collect();
        if missing.is_empty() {
            continue;
        }
        let name = shown(flow);
        let n = missing.len();
        let list_ja = missing.iter().map(|(_, _, t)| t.as_str()).collect::<Vec<_>>().join("、");
        let list = missing.iter().map(|(_, n, _)| n.as_str()).collect::<Vec<_>>().join(", ");
        let flow_path = ctx.index.name(fs);
        let control = ctx.index.all("control").iter().find_map(|c| c.symbol).map(|s| ctx.index.name(s));
        let stubs = missing
            .iter()
            .map(|(_, threat, _)| {
                let risk = super::fixes::fresh_name(ctx.analysis, &format!("{name}_{threat}"));
                super::fixes::risk_stub(&risk, &flow_path, &format!("std::threat::{threat}"), control.as_deref())
            })
            .collect::<Vec<_>>()
            .join("\n");
        let fix = super::fixes::insert_after(ctx.analysis, flow.file, flow.span.end as usize, &stubs).map(|edit| {
            crate::diag::Fix::repair(
                tr!("未評価の脅威 {n} 件の risk を追加する", "add a risk for each of the {n} unassessed threats"),
                vec![edit],
            )
        });
        rule.finding(flow, tr!("情報流 `{name}` で {n} 件の脅威が評価されていません", "flow `{name}` is not assessed against {n} threat(s)"))
            .at(name_span(flow), tr!("未評価: {list_ja}", "not assessed: {list}"))
            .help(tr!(
                "脅威ごとに `risk 名前 on {name} {{ threat … }}` を書いてください。該当しない脅威は `not_applicable \"理由\"` とします。",
                "add `risk NAME on {name} {{ threat … }}` for each; for a threat that does not apply write `not_applicable \"reason\"`"
            ))
            .fix(fix)
            .push(out);
    }
}

fn assessed(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for r in assessed_risks(ctx) {
        let missing: Vec<&str> = ["impact", "likelihood"].into_iter().filter(|k| r.get(k).is_none()).collect();
        if missing.is_empty() {
            continue;
        }
        let (name, keys) = (shown(r), missing.join(", "));
        rule.finding(r, tr!("リスク `{name}` に {keys} がありません", "risk `{name}` has no {keys}"))
            .at(name_span(r), tr!("{keys} がない", "no {keys}"))
            .help(tr!(
                "影響度と顕在化率を 1〜5 で書いてください (例 `impact 4`、`likelihood 大きい` ではなく `likelihood 高い`)。該当しないなら `not_applicable \"理由\"`。",
                "give impact and likelihood from 1 to 5, e.g. `impact 4`; if the threat does not apply write `not_applicable \"reason\"`"
            ))
            .push(out);
    }
}

fn controls_by_rank(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    let Some(matrix) = matrix_of(ctx.analysis, ctx.index.model) else { return };
    for r in assessed_risks(ctx) {
        let Some(eval) = evaluate_risk(matrix, r) else { continue };
        let have = r.refs("controls").len() as u64;
        if have >= eval.controls_needed {
            continue;
        }
        let (name, rank, need) = (shown(r), eval.rank, eval.controls_needed);
        rule.finding(
            r,
            tr!(
                "ランク {rank} のリスク `{name}` の対策が {have} 件です ({need} 件以上必要)",
                "risk `{name}` of rank {rank} has {have} control(s); it needs {need}"
            ),
        )
        .at(
            prop_span(r, "controls"),
            tr!("ランク {rank} には {need} 件以上の対策", "rank {rank} needs {need} control(s)"),
        )
        .note({
            let (i, l, m) = (eval.impact, eval.likelihood, shown(matrix));
            tr!(
                "影響度 {i} × 顕在化率 {l} → ランク {rank} (マトリクス `{m}`)。",
                "impact {i} × likelihood {l} → rank {rank} (matrix `{m}`)"
            )
        })
        .help(tr!("`controls` に対策を加えてください。", "add controls to `controls`"))
        .push(out);
    }
}

fn treatment(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for r in assessed_risks(ctx) {
        if r.get("treatment").is_some() {
            continue;
        }
        let name = shown(r);
        rule.finding(r, tr!("リスク `{name}` の対応 (treatment) がありません", "risk `{name}` has no treatment"))
            .at(name_span(r), tr!("低減・回避・共有・保有 のどれか", "one of reduce, avoid, share, retain"))
            .help(tr!(
                "`treatment 低減` (reduce)、`回避` (avoid)、`共有` / `移転` (share)、`保有` / `受容` (retain) のどれかを書いてください。",
                "write `treatment reduce`, `avoid`, `share` (移転) or `retain` (受容)"
            ))
            .push(out);
    }
}

/// One note for the whole model, so that a compliant model stays quiet: the
/// retained risks, listed for the disclosure to the institution.
fn retained(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    let risks: Vec<&ModelDecl> = assessed_risks(ctx).filter(|r| r.enum_value("treatment") == Some("retain")).collect();
    let Some(first) = risks.first() else { return };
    let n = risks.len();
    let list = risks
        .iter()
        .map(|r| {
            let on = r.target.as_ref().and_then(|t| t.as_ref_symbol()).map(|s| ctx.index.name(s)).unwrap_or_default();
            format!("{} ({on})", shown(r))
        })
        .collect::<Vec<_>>()
        .join(", ");
    rule.finding(
        first,
        tr!("保有したリスク {n} 件は医療機関等への開示対象です", "{n} retained risk(s) to disclose to the institution"),
    )
    .at(prop_span(first, "treatment"), tr!("保有", "retained"))
    .note(tr!("保有したリスク: {list}", "retained: {list}"))
    .help(tr!(
        "リスク対応一覧で残存リスクとして医療機関等に説明し、合意してください。",
        "explain them as residual risks in the risk-treatment list and agree them with the institution"
    ))
    .push(out);
}

fn stated_rank(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    let Some(matrix) = matrix_of(ctx.analysis, ctx.index.model) else { return };
    for r in assessed_risks(ctx) {
        let (Some(stated), Some(eval)) = (r.enum_value("rank"), evaluate_risk(matrix, r)) else { continue };
        if stated == eval.rank {
            continue;
        }
        let (name, derived, m) = (shown(r), eval.rank, shown(matrix));
        let (i, l) = (eval.impact, eval.likelihood);
        rule.finding(
            r,
            tr!(
                "リスク `{name}` のランク {stated} は導出したランク {derived} と違います",
                "risk `{name}` states rank {stated}, but its impact and likelihood give {derived}"
            ),
        )
        .at(
            prop_span(r, "rank"),
            tr!("影響度 {i} × 顕在化率 {l} → {derived}", "impact {i} × likelihood {l} → {derived}"),
        )
        .also(matrix.file, name_span(matrix), tr!("使ったマトリクス `{m}`", "the matrix used, `{m}`"))
        .help(tr!(
            "`rank` を削除する (ランクは導出されます) か `rank {derived}` にしてください。",
            "remove `rank` (it is derived) or write `rank {derived}`"
        ))
        .push(out);
    }
}

fn residual(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for r in assessed_risks(ctx) {
        for (res, inh, ja) in
            [("residual_impact", "impact", "影響度"), ("residual_likelihood", "likelihood", "顕在化率")]
        {
            let (Some(after), Some(before)) = (r.int(res), r.int(inh)) else { continue };
            if after <= before {
                continue;
            }
            let name = shown(r);
            rule.finding(
                r,
                tr!(
                    "リスク `{name}` の対策後の{ja} {after} が対策前 {before} を超えています",
                    "risk `{name}`: {res} {after} exceeds {inh} {before}"
                ),
            )
            .at(prop_span(r, res), tr!("対策前 {before} 以下のはず", "at most {before}"))
            .also(r.file, prop_span(r, inh), tr!("対策前", "before controls"))
            .help(tr!(
                "対策でリスクは増えません。値を見直してください。",
                "controls do not raise a risk; check the values"
            ))
            .push(out);
        }
    }
}
