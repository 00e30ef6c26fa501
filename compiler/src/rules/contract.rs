//! 契約終了: return, transfer and disposal of 医療情報.

use super::{Ctx, Finding, Rule, Tag, cite, name_span, shown};
use crate::diag::Severity;
use crate::model::{MProp, MValue, ModelDecl, SymbolId};
use crate::syntax::Span;
use crate::tr;
use std::collections::HashSet;

const TERM_CITES: &[super::Cite] = &[
    cite("提供事業者GL", "1.1", "3章 契約終了フェーズ", Tag::V),
    cite("MHLW安全管理GL", "6.0", "小規模医療機関等向けガイダンス 3.5", Tag::V),
];

pub const RULES: &[Rule] = &[
    Rule {
        id: "MIG-TERM-001",
        title_ja: "契約終了時に医療情報を返却・移行・廃棄する",
        title_en: "At contract end every class of 医療情報 is returned, transferred or disposed of",
        severity: Severity::Error,
        cites: TERM_CITES,
        explanation: include_str!("explain/MIG-TERM-001.md"),
        editions: &[],
        check: data_handled,
    },
    Rule {
        id: "MIG-TERM-002",
        title_ja: "対象事業者が保有する、医療情報を保存する機器・媒体を契約終了時に消去・廃棄する",
        title_en: "Every asset of the provider storing 医療情報 is erased or destroyed at contract end",
        severity: Severity::Error,
        cites: TERM_CITES,
        explanation: include_str!("explain/MIG-TERM-002.md"),
        editions: &[],
        check: assets_disposed,
    },
    Rule {
        id: "MIG-TERM-003",
        title_ja: "廃棄は方法・証跡・期限を定める",
        title_en: "A disposal names its method, evidence and deadline",
        severity: Severity::Error,
        cites: &[cite("MHLW安全管理GL", "5.2", "§6.7", Tag::V), cite("提供事業者GL", "1.1", "別紙2 ③-8", Tag::V)],
        explanation: include_str!("explain/MIG-TERM-003.md"),
        editions: &[],
        check: disposal_details,
    },
    Rule {
        id: "MIG-TERM-004",
        title_ja: "返却・移行は形式と期限を定める",
        title_en: "A return or transfer names its format and deadline",
        severity: Severity::Error,
        cites: TERM_CITES,
        explanation: include_str!("explain/MIG-TERM-004.md"),
        editions: &[],
        check: return_details,
    },
];

/// The nested blocks of every termination declaration, with their declaration.
fn blocks<'a>(ctx: &'a Ctx, key: &'a str) -> impl Iterator<Item = (&'a ModelDecl, &'a MProp)> + 'a {
    ctx.index.all("termination").iter().flat_map(move |t| t.props_named(key).map(move |p| (*t, p)))
}

fn record(p: &MProp) -> &[MProp] {
    match &p.value.value {
        MValue::Record(props) => props,
        _ => &[],
    }
}

fn field<'a>(p: &'a MProp, key: &str) -> Option<&'a MProp> {
    record(p).iter().find(|f| f.key == key)
}

fn field_refs(p: &MProp, key: &str) -> Vec<SymbolId> {
    match field(p, key).map(|f| &f.value.value) {
        Some(MValue::List(items)) => items.iter().filter_map(|v| v.as_ref_symbol()).collect(),
        Some(MValue::Ref(s)) => vec![*s],
        _ => Vec::new(),
    }
}

/// `return 返却` → the span of `return 返却`.
fn head(p: &MProp) -> Span {
    Span { start: p.key_span.start, end: p.label.as_ref().map_or(p.key_span.end, |l| l.span.end) }
}

fn disposed(ctx: &Ctx) -> HashSet<SymbolId> {
    blocks(ctx, "dispose").flat_map(|(_, p)| field_refs(p, "target")).collect()
}

fn data_handled(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut handled: HashSet<SymbolId> = disposed(ctx);
    for key in ["return", "transfer"] {
        handled.extend(blocks(ctx, key).flat_map(|(_, p)| field_refs(p, "data")));
    }
    let anchor = ctx.index.all("termination").first().copied().or(ctx.index.model);
    for data in ctx.index.all("data") {
        let Some(s) = data.symbol else { continue };
        if !ctx.index.is_medical(s) || handled.contains(&s) {
            continue;
        }
        let name = shown(data);
        let mut f = rule
            .finding(
                data,
                tr!(
                    "契約終了時の `{name}` の取扱いがありません",
                    "nothing returns, transfers or disposes of `{name}` at contract end"
                ),
            )
            .at(
                name_span(data),
                tr!("医療情報だが termination のどこにもない", "医療情報 named in no termination block"),
            );
        if let Some(t) = anchor {
            f = f.also(t.file, name_span(t), tr!("契約終了時の取扱いはここ", "the contract-end handling is here"));
        }
        f.help(tr!(
            "`termination` に `return {{ data [{name}] … }}`、`transfer` または `dispose` を書いてください。",
            "add `return {{ data [{name}] … }}`, `transfer` or `dispose` to a `termination`"
        ))
        .push(out);
    }
}

fn assets_disposed(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    let disposed = disposed(ctx);
    for asset in ctx.index.all("asset") {
        let stored = ctx.index.medical_stored(asset);
        if stored.is_empty() || asset.symbol.is_some_and(|s| disposed.contains(&s)) {
            continue;
        }
        if stored.iter().all(|d| disposed.contains(d)) {
            continue;
        }
        // Only what the provider holds (scope provider, stated or derived; see `scope`).
        if !super::scope::provider_holds(ctx, asset) {
            continue;
        }
        let name = shown(asset);
        // The message stays as it was (fingerprints in baselines); the label says whose it is.
        rule.finding(asset, tr!("`{name}` の医療情報の消去・廃棄がありません", "`{name}` stores 医療情報 that is never erased or destroyed"))
            .at(
                name_span(asset),
                tr!(
                    "対象事業者が保有する機器で、どの dispose の `target` にもない",
                    "held by the provider, and in no dispose `target`"
                ),
            )
        .help(tr!(
            "`termination` に `dispose {{ target [{name}] method … evidence \"…\" within … }}` を書いてください (委託先・バックアップも含む)。対象事業者が保有するもの (scope provider) だけが対象です。医療機関等の機器なら `managed_by` か `scope institution` を書いてください。",
            "add `dispose {{ target [{name}] … }}` to a `termination` (subcontractors' copies and backups included); only what the provider holds (scope provider) is judged: if the institution manages it, say so with `managed_by` or `scope institution`"
        ))
            .push(out);
    }
}

fn missing_fields(rule: &'static Rule, out: &mut Vec<Finding>, t: &ModelDecl, p: &MProp, keys: &[(&str, &str, &str)]) {
    for (key, ja, en) in keys {
        if field(p, key).is_some() {
            continue;
        }
        let block = match &p.label {
            Some(l) => format!("{} {}", p.key, l.text),
            None => p.key.to_string(),
        };
        rule.finding(t, tr!("`{block}` に {ja} がありません", "`{block}` names no {en}"))
            .at(head(p), tr!("`{key}` がない", "no `{key}`"))
            .help(tr!("`{key}` を書いてください。", "add `{key}`"))
            .push(out);
    }
}

fn disposal_details(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for (t, p) in blocks(ctx, "dispose") {
        missing_fields(
            rule,
            out,
            t,
            p,
            &[
                ("method", "方法 (method)", "method"),
                ("evidence", "証跡 (evidence、例 データ消去証明書)", "evidence (e.g. a certificate of erasure)"),
                ("within", "期限 (within)", "deadline (within)"),
            ],
        );
    }
}

fn return_details(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for (t, p) in blocks(ctx, "return") {
        missing_fields(
            rule,
            out,
            t,
            p,
            &[("format", "形式 (format)", "format"), ("within", "期限 (within)", "deadline (within)")],
        );
    }
    for (t, p) in blocks(ctx, "transfer") {
        missing_fields(
            rule,
            out,
            t,
            p,
            &[("format", "形式 (format)", "format"), ("within", "期限 (within)", "deadline (within)")],
        );
    }
}
