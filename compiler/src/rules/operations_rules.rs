//! 運用管理規程: the items (ア)–(サ) of 提供事業者GL 1.1 §5.1.6 and the managers it names.

use super::{Ctx, Finding, Index, Rule, Tag, cite, name_span, prop_span, shown};
use crate::diag::{Diagnostic, Label, Lang, Severity, Text};
use crate::model::ModelDecl;
use crate::schema::POLICY_ITEMS;
use crate::tr;

/// (ア)–(エ): seen in the text (表4-1 B lists them as items of the 運用管理規程).
pub(crate) const VERIFIED_ITEMS: &[&str] = &["basic_policy", "organization", "documents", "equipment"];

pub const RULES: &[Rule] = &[
    Rule {
        id: "MIG-OPS-001",
        title_ja: "運用管理規程に (ア) 基本方針〜(エ) 機器等の管理を含める",
        title_en: "The 運用管理規程 covers items (ア)–(エ)",
        severity: Severity::Error,
        cites: &[cite("提供事業者GL", "1.1", "§5.1.6, 表4-1 B (運用管理規程に含める事項)", Tag::V)],
        explanation: include_str!("explain/MIG-OPS-001.md"),
        editions: &[],
        check: |rule, ctx, out| items(rule, ctx, out, true),
    },
    Rule {
        id: "MIG-OPS-002",
        title_ja: "運用管理規程に (オ) リスク対応策の運用〜(サ) 問い合わせ窓口を含める",
        title_en: "The 運用管理規程 covers items (オ)–(サ)",
        severity: Severity::Warning,
        cites: &[
            cite("提供事業者GL", "1.1", "§5.1.6 (オ)〜(サ) (読書メモ)", Tag::V2),
            cite("MHLW サイバーセキュリティ対策チェックリスト", "令和7年度", "3 (運用管理規程等の整備)", Tag::V2),
        ],
        explanation: include_str!("explain/MIG-OPS-002.md"),
        editions: &[],
        check: |rule, ctx, out| items(rule, ctx, out, false),
    },
    Rule {
        id: "MIG-OPS-003",
        title_ja: "運用管理規程で最終的な管理責任者とシステム管理者を定める",
        title_en: "The 運用管理規程 names the final accountable manager and the system manager",
        severity: Severity::Warning,
        cites: &[cite("提供事業者GL", "1.1", "§5.1.6 (イ) 提供体制 (読書メモ)", Tag::V2)],
        explanation: include_str!("explain/MIG-OPS-003.md"),
        editions: &[],
        check: managers,
    },
];

/// The 運用管理規程: the policies of kind `operations_rules`.
pub(crate) fn operations_rules<'a>(index: &Index<'a>) -> Vec<&'a ModelDecl> {
    index.all("policy").iter().copied().filter(|p| p.enum_value("kind") == Some("operations_rules")).collect()
}

/// The policies that cover an item (ア)–(サ): every policy, of whatever kind, whose
/// `covers` names it (the policies are read together).
pub(crate) fn covering<'a>(index: &Index<'a>, item: &str) -> Vec<&'a ModelDecl> {
    index.all("policy").iter().copied().filter(|p| p.enums("covers").contains(&item)).collect()
}

/// A manager (`accountable_manager`, `system_manager`) the 運用管理規程 names: the first one stated.
pub(crate) fn manager<'a>(rules: &[&'a ModelDecl], key: &str) -> Option<&'a str> {
    rules.iter().filter_map(|p| p.str(key)).find(|s| !s.trim().is_empty())
}

/// The 運用管理規程, and where to report: the first of them, else the model.
fn anchor<'a>(ctx: &'a Ctx) -> Option<(&'a ModelDecl, Vec<&'a ModelDecl>)> {
    let rules = operations_rules(&ctx.index);
    let at = rules.first().copied().or(ctx.index.model)?;
    Some((at, rules))
}

fn items(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>, verified: bool) {
    let Some((at, _)) = anchor(ctx) else { return };
    for item in POLICY_ITEMS {
        if VERIFIED_ITEMS.contains(&item.name) != verified || !covering(&ctx.index, item.name).is_empty() {
            continue;
        }
        let (name, label) = (item.name, item.ja);
        rule.finding(at, tr!("{label}", "{label} (`{name}`)"))
            .at(prop_span(at, "covers"), tr!("含めていない事項がある", "items not covered"))
            .help(tr!("{name}", "{name}"))
            .merged(if verified { merge_verified } else { merge_secondary })
            .push(out);
    }
}

fn merge_verified(parts: Vec<Diagnostic>) -> Diagnostic {
    merge_items(parts, "(ア)〜(エ)")
}

fn merge_secondary(parts: Vec<Diagnostic>) -> Diagnostic {
    merge_items(parts, "(オ)〜(サ)")
}

/// One finding per rule: the missing items, and the `covers` to write.
fn merge_items(parts: Vec<Diagnostic>, range: &str) -> Diagnostic {
    let n = parts.len();
    let list = |lang: Lang, sep: &str| parts.iter().map(|d| d.message.get(lang)).collect::<Vec<_>>().join(sep);
    let (list_ja, list_en) = (list(Lang::Ja, "、"), list(Lang::En, ", "));
    let names = parts.iter().filter_map(|d| d.help.as_ref()).map(|h| h.get(Lang::En)).collect::<Vec<_>>().join(", ");
    let mut out = parts.first().cloned().unwrap_or_else(|| Diagnostic::error("MIG-OPS-001", Text::default()));
    out.message = tr!(
        "運用管理規程 {range} のうち {n} 件の事項がどの規程にもありません: {list_ja}",
        "{n} items of {range} of the 運用管理規程 are in no policy: {list_en}"
    );
    if let Some(first) = parts.first().and_then(|d| d.primary_label()) {
        let label = tr!("{n} 件の事項を含めていない", "{n} items not covered");
        out.labels = vec![Label { message: label, ..first.clone() }];
    }
    out.help = Some(tr!(
        "規程に次の事項を定め、その規程 (policy) の `covers` に加えてください: [{names}]",
        "set out these items in a policy and add them to its `covers`: [{names}]"
    ));
    out
}

fn managers(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    let Some((at, rules)) = anchor(ctx) else { return };
    let named = |key: &str| manager(&rules, key).is_some();
    let missing: Vec<(&str, &str, &str)> = [
        ("accountable_manager", "最終的な管理責任者", "the final accountable manager"),
        ("system_manager", "システム管理者", "the system manager"),
    ]
    .into_iter()
    .filter(|(key, ..)| !named(key))
    .collect();
    if missing.is_empty() {
        return;
    }
    let name = shown(at);
    let ja = missing.iter().map(|(_, j, _)| *j).collect::<Vec<_>>().join("と");
    let en = missing.iter().map(|(_, _, e)| *e).collect::<Vec<_>>().join(" and ");
    let keys = missing.iter().map(|(k, ..)| format!("{k} \"…\"")).collect::<Vec<_>>().join("; ");
    let (msg, label) = if rules.is_empty() {
        (
            tr!(
                "運用管理規程 (policy … {{ kind operations_rules }}) がなく、{ja}が定められていません",
                "there is no 運用管理規程 (policy … {{ kind operations_rules }}) naming {en}"
            ),
            tr!("運用管理規程がない", "no 運用管理規程"),
        )
    } else {
        (
            tr!("運用管理規程 `{name}` に{ja}がありません", "the 運用管理規程 `{name}` does not name {en}"),
            tr!("{ja}がない", "{en} not named"),
        )
    };
    rule.finding(at, msg)
        .at(name_span(at), label)
        .help(tr!(
            "一人 (または一つの役職) を定め、運用管理規程の policy に `{keys}` と書いてください。",
            "name one person (or one role) for each, and write `{keys}` in the 運用管理規程 policy"
        ))
        .push(out);
}
