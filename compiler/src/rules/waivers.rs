//! Waivers: an accepted exception suppresses exactly the findings of its rule on
//! its target until its `until` date; after that the finding fires again with a
//! note naming the expired waiver. A waiver that matches nothing is a warning.

use super::{Finding, Waived};
use crate::analysis::Analysis;
use crate::diag::Diagnostic;
use crate::model::{Date, MValue, ModelDecl, SymbolId};
use crate::tr;
use std::collections::HashMap;

struct Waiver<'a> {
    decl: &'a ModelDecl,
    rule: String,
    target: SymbolId,
    until: Date,
    used: bool,
}

/// Returns the findings that stay and those waived; waiver problems go to `extra`.
pub(super) fn apply(
    analysis: &Analysis,
    findings: Vec<Finding>,
    as_of: Option<Date>,
    extra: &mut Vec<Diagnostic>,
) -> (Vec<Finding>, Vec<Waived>) {
    let mut waivers: Vec<Waiver> = Vec::new();
    for w in analysis.model.of_kind("waiver") {
        let Some(MValue::RuleId(rule)) = w.get("rule") else { continue };
        // A waiver without its reason or approver, or with an empty one (already an
        // error, MIG2003 or MIG2019), accepts nothing.
        if w.str("reason").is_none_or(|r| r.trim().is_empty())
            || w.str("approved_by").is_none_or(|a| a.trim().is_empty())
        {
            continue;
        }
        let (Some(target), Some(until)) = (w.target.as_ref().and_then(|t| t.as_ref_symbol()), w.date("until")) else {
            continue;
        };
        if super::find(rule).is_none() {
            let span = w.prop("rule").map_or(w.kind_span, |p| p.value.span);
            let mut d = Diagnostic::error("MIG3002", tr!("不明なルール `{rule}`", "unknown rule `{rule}`"))
                .primary(w.file, span, tr!("このルールはありません", "no such rule"))
                .help(super::unknown_rule_help(rule));
            if let Some(s) = super::unknown_rule_suggestion(rule) {
                d = d.replace_fix(w.file, span, &s);
            }
            extra.push(d);
            continue;
        }
        waivers.push(Waiver { decl: w, rule: rule.clone(), target, until, used: false });
    }

    // (rule, target) → waiver; the first waiver wins if two name the same pair.
    let mut by_key: HashMap<(&str, SymbolId), usize> = HashMap::new();
    for (i, w) in waivers.iter().enumerate() {
        by_key.entry((w.rule.as_str(), w.target)).or_insert(i);
    }
    let by_key: HashMap<(String, SymbolId), usize> =
        by_key.into_iter().map(|((r, t), i)| ((r.to_string(), t), i)).collect();
    let mut kept = Vec::with_capacity(findings.len());
    let mut waived = Vec::new();
    for mut f in findings {
        let index = f.target.and_then(|t| by_key.get(&(f.diag.code.clone(), t)).copied());
        match index.and_then(|i| waivers.get_mut(i)) {
            Some(w) => {
                w.used = true;
                let expired = as_of.is_some_and(|d| d > w.until);
                if expired {
                    let (name, until) = (w.decl.name.as_ref().map_or("", |n| n.text.as_str()), w.until);
                    f.diag = f
                        .diag
                        .note(tr!("適用除外 `{name}` は {until} に期限切れです", "waiver `{name}` expired on {until}"));
                    let span = w.decl.prop("until").map_or(w.decl.kind_span, |p| p.value.span);
                    f.diag = f.diag.secondary(w.decl.file, span, tr!("期限切れの適用除外", "expired waiver"));
                    kept.push(f);
                } else {
                    let d = w.decl;
                    let waiver = d.symbol.and_then(|s| analysis.symbols.get(s)).map_or_else(
                        || d.name.as_ref().map_or_else(String::new, |n| n.text.to_string()),
                        |s| s.path.clone(),
                    );
                    waived.push(Waived {
                        diag: f.diag,
                        waiver,
                        reason: d.str("reason").unwrap_or_default().to_string(),
                        approved_by: d.str("approved_by").unwrap_or_default().to_string(),
                        until: w.until,
                        file: d.file,
                        span: super::name_span(d),
                    });
                }
            }
            None => kept.push(f),
        }
    }
    for w in waivers.iter().filter(|w| !w.used) {
        let span = w.decl.name.as_ref().map_or(w.decl.kind_span, |n| n.span);
        let rule = &w.rule;
        extra.push(
            Diagnostic::warning("MIG3001", tr!("適用除外に該当する指摘がありません", "waiver matches no finding"))
                .primary(
                    w.decl.file,
                    span,
                    tr!("`{rule}` の指摘は対象にありません", "no `{rule}` finding on its target"),
                )
                .help(tr!(
                    "不要になった適用除外は削除してください (対象と rule が正しいかも確認してください)。",
                    "remove a waiver that is no longer needed (or check its target and rule)"
                )),
        );
    }
    (kept, waived)
}
