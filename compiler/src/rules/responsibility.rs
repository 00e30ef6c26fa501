//! 責任分界: owners for every duty, asset and control.

use super::{Ctx, Finding, Rule, Tag, cite, name_span, prop_span, shown};
use crate::diag::{Diagnostic, Label, Lang, Severity, Text};
use crate::model::{MValue, SymbolId};
use crate::tr;
use std::collections::HashSet;

pub const RULES: &[Rule] = &[
    Rule {
        id: "MIG-RESP-001",
        title_ja: "責務ごとに通常時と非常時の担当を決める",
        title_en: "Every duty has an owner for normal times and emergencies",
        severity: Severity::Error,
        cites: &[
            cite("MHLW安全管理GL", "6.0", "システム運用編 3, 13①", Tag::V),
            cite("提供事業者GL", "1.1", "§4.2", Tag::V),
        ],
        explanation: include_str!("explain/MIG-RESP-001.md"),
        editions: &[],
        check: duties,
    },
    Rule {
        id: "MIG-RESP-002",
        title_ja: "機器・構成要素ごとに管理者を決める",
        title_en: "Every asset has a manager",
        severity: Severity::Error,
        cites: &[
            cite("MHLW安全管理GL", "6.0", "システム運用編 3", Tag::V),
            cite("提供事業者GL", "1.1", "表4-1 B (§5.1.6 運用管理規程 (エ) 機器等の管理責任)", Tag::V),
        ],
        explanation: include_str!("explain/MIG-RESP-002.md"),
        editions: &[],
        check: asset_managers,
    },
    Rule {
        id: "MIG-RESP-003",
        title_ja: "対策ごとに実施者を決める",
        title_en: "Every control has an owner",
        severity: Severity::Error,
        cites: &[
            cite("MHLW安全管理GL", "6.0", "システム運用編 3", Tag::V),
            cite("提供事業者GL", "1.1", "§5.1.5", Tag::V),
        ],
        explanation: include_str!("explain/MIG-RESP-003.md"),
        editions: &[],
        check: control_owners,
    },
    Rule {
        id: "MIG-RESP-004",
        title_ja: "共同で担う責務は当事者をすべて明示する",
        title_en: "A shared duty names every party",
        severity: Severity::Error,
        cites: &[
            cite("MHLW安全管理GL", "6.0", "システム運用編 3", Tag::V),
            cite("MHLW安全管理GL", "6.0", "小規模医療機関等向けガイダンス (通常時・非常時)", Tag::V),
        ],
        explanation: include_str!("explain/MIG-RESP-004.md"),
        editions: &[],
        check: parties_named,
    },
    Rule {
        id: "MIG-RESP-005",
        title_ja: "サービスにつながる第三者のシステムは、ログ・バックアップ・消去の担当を明示する",
        title_en: "A third party's system linked to the service states who logs, backs up and erases there",
        severity: Severity::Warning,
        cites: &[
            cite("提供事業者GL", "1.1", "§4.2 医療機関等との役割分担の明確化 (表4-1 B)", Tag::V),
            cite("MHLW安全管理GL", "6.0", "システム運用編 3 責任分界", Tag::V),
            cite(
                "migc",
                "",
                "第三者のシステムとの境界で、アクセスログ・バックアップ・消去の3つの責務の担当をシステムごとに明示させる解釈",
                Tag::Proposal,
            ),
        ],
        explanation: include_str!("explain/MIG-RESP-005.md"),
        editions: &[],
        check: third_party_boundary,
    },
];

/// The duties whose owner a third party's system must state (who logs, backs up and erases there).
const BOUNDARY_DUTIES: [&str; 3] = ["std::duty::access_log_review", "std::duty::backup", "std::duty::data_disposal"];

/// Third-party assets at an end of a flow carrying 医療情報 whose other end is the
/// provider's: the duties of [`BOUNDARY_DUTIES`] with no responsibility `for` the
/// asset or a site it is in.
fn third_party_boundary(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    use super::scope::{Scope, scope_of};
    let analysis = ctx.analysis;
    for asset in ctx.index.equipment() {
        let Some(s) = asset.symbol else { continue };
        if scope_of(analysis, asset) != Some(Scope::ThirdParty) {
            continue;
        }
        let linked = ctx.index.flows_at.get(&s).is_some_and(|fs| {
            fs.iter().any(|f| {
                let other = if f.reference("to") == Some(s) { f.reference("from") } else { f.reference("to") };
                !ctx.index.medical_carried(f).is_empty()
                    && other.and_then(|o| ctx.index.decl(o)).and_then(|o| scope_of(analysis, o))
                        == Some(Scope::Provider)
            })
        });
        if !linked {
            continue;
        }
        let mut places = vec![s];
        places.extend(super::scope::sites_around(analysis, asset));
        let stated: HashSet<SymbolId> = ctx
            .index
            .all("responsibility")
            .iter()
            .filter(|r| r.refs("for").iter().any(|x| places.contains(x)))
            .filter_map(|r| r.target.as_ref().and_then(|t| t.as_ref_symbol()))
            .collect();
        let missing: Vec<&str> = BOUNDARY_DUTIES
            .iter()
            .copied()
            .filter(|d| !analysis.symbols.lookup_kind(d, "duty").is_some_and(|d| stated.contains(&d)))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let name = shown(asset);
        let list = missing.join(", ");
        let owner = asset
            .reference("managed_by")
            .map(|p| ctx.index.name(p))
            .unwrap_or_else(|| analysis.symbols.placeholder_name(&["party"]));
        let system = ctx.index.name(s);
        let blocks: String = missing.iter().map(|d| boundary_stub(d, &system, &owner)).collect::<Vec<_>>().join("\n");
        let end = analysis.file(asset.file).map_or(0, |f| f.text.len());
        let fix = super::fixes::insert_after(analysis, asset.file, end, &blocks).map(|edit| {
            crate::diag::Fix::repair(
                tr!("`{name}` の責任分界 (for) を追加する", "add the responsibilities `for` `{name}`"),
                vec![edit],
            )
        });
        rule.finding(
            asset,
            tr!(
                "第三者のシステム `{name}` との責任分界がありません: {list}",
                "the boundary with the third party's system `{name}` is not stated: {list}"
            ),
        )
        .at(
            name_span(asset),
            tr!("第三者のシステム。医療情報の情報流で対象事業者のシステムとつながる", "a third party's system, linked to the provider's by a flow of 医療情報"),
        )
        .help(tr!(
            "そこで誰がログを取り、バックアップし、消去するかを決め、責務ごとに `responsibility on 責務 {{ for [{name}]; normal [担当の組織]; emergency [担当の組織] }}` を書いてください: {list}",
            "decide who logs, backs up and erases there, and write for each duty `responsibility on DUTY {{ for [{name}]; normal [OWNER]; emergency [OWNER] }}`: {list}"
        ))
        .fix(fix)
        .push(out);
    }
}

/// A `responsibility` for `duty` on one system, its owners marked for the team.
fn boundary_stub(duty: &str, system: &str, owner: &str) -> String {
    format!(
        "responsibility on {duty} {{  // {}: 担当 (通常時・非常時)\n  for       [{system}]\n  normal    [{owner}]\n  emergency [{owner}]\n}}\n",
        crate::init::MARKER
    )
}

/// Every duty of the catalog (std::duty and the model's own) without a
/// `responsibility`. Each is its own finding on the duty (so a waiver on one
/// duty accepts that one), and those that remain are shown as one diagnostic
/// listing them all, with the blocks to write.
fn duties(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    let Some(model) = ctx.index.model else { return };
    // A model-wide split (no `for`) assigns a duty; a split `for` some systems
    // refines it there and does not replace it (the duty is still open elsewhere).
    let (per_system, model_wide): (Vec<&&crate::model::ModelDecl>, Vec<_>) =
        ctx.index.all("responsibility").iter().partition(|r| r.get("for").is_some());
    let duty_of = |r: &&&crate::model::ModelDecl| r.target.as_ref().and_then(|t| t.as_ref_symbol());
    let assigned: HashSet<SymbolId> = model_wide.iter().filter_map(duty_of).collect();
    let refined: HashSet<SymbolId> = per_system.iter().filter_map(duty_of).collect();
    // The blocks the fix writes: the provider in normal times, with the first customer in an emergency.
    let provider = model.reference("provider").map(|s| ctx.index.name(s));
    let customer = model.refs("customers").first().map(|&s| ctx.index.name(s));
    let normal = provider.clone().unwrap_or_else(|| ctx.analysis.symbols.placeholder_name(&["party"]));
    let emergency = customer.map_or_else(|| normal.clone(), |c| format!("{normal}, {c}"));
    let model_end = ctx.analysis.file(model.file).map_or(0, |f| f.text.len());
    for duty in ctx.analysis.model.of_kind("duty") {
        let Some(s) = duty.symbol else { continue };
        if assigned.contains(&s) {
            continue;
        }
        let path = ctx.index.name(s);
        let title = duty.title.clone().unwrap_or_default();
        let block = super::fixes::responsibility_stub(&path, &normal, &emergency);
        let fix = super::fixes::insert_after(ctx.analysis, model.file, model_end, &block).map(|edit| {
            crate::diag::Fix::repair(
                tr!("`{path}` の責任分界を追加する", "add the responsibility for `{path}`"),
                vec![edit],
            )
        });
        let note = refined.contains(&s).then(|| {
            tr!(
                "`{path}` には `for` を付けた分担しかありません。`for` のない分担 (モデル全体) も必要です。",
                "`{path}` has only splits with `for`; the model-wide split (without `for`) is needed too"
            )
        });
        // Per duty: the message is the item of the list and the help its block (see `merge_duties`).
        let mut f = rule.finding(model, tr!("`{path}` ({title})", "`{path}` ({title})"));
        if let Some(n) = note {
            f = f.note(n);
        }
        f.target(Some(s))
            .at(name_span(model), tr!("責任分界がない", "no responsibility"))
            .help(tr!(
                "responsibility on {path} {{ normal [担当の組織]; emergency [担当の組織] }}",
                "responsibility on {path} {{ normal [OWNER]; emergency [OWNER] }}"
            ))
            .merged(merge_duties)
            .fix(fix)
            .push(out);
    }
}

/// One MIG-RESP-001 diagnostic for every unassigned duty that no waiver accepts.
fn merge_duties(parts: Vec<Diagnostic>) -> Diagnostic {
    let n = parts.len();
    let items: Vec<&Text> = parts.iter().map(|d| &d.message).collect();
    let join = |lang: Lang, sep: &str| items.iter().map(|t| t.get(lang)).collect::<Vec<_>>().join(sep);
    let blocks = |lang: Lang| {
        parts.iter().filter_map(|d| d.help.as_ref()).map(|h| h.get(lang).to_string()).collect::<Vec<_>>().join("\n")
    };
    let (list_ja, list_en) = (join(Lang::Ja, "、"), join(Lang::En, ", "));
    let (blocks_ja, blocks_en) = (blocks(Lang::Ja), blocks(Lang::En));
    let mut out = parts.first().cloned().unwrap_or_else(|| Diagnostic::error("MIG-RESP-001", Text::default()));
    out.severity = parts.iter().map(|d| d.severity).min().unwrap_or(out.severity);
    out.message = if n == 1 {
        tr!("責務 {list_ja} の担当がありません", "no one is assigned duty {list_en}")
    } else {
        tr!("責務 {n} 件の担当がありません: {list_ja}", "{n} duties have no one assigned: {list_en}")
    };
    let label = if n == 1 {
        tr!("この責務の責任分界 (responsibility) がない", "no responsibility for this duty")
    } else {
        tr!("{n} 件の責務の責任分界 (responsibility) がない", "no responsibility for {n} duties")
    };
    out.labels.retain(|l| !l.primary);
    if let Some(first) = parts.first().and_then(|d| d.primary_label()) {
        out.labels.insert(0, Label { message: label, ..first.clone() });
    }
    out.help = Some(tr!(
        "責務ごとに通常時と非常時の担当を決め、次のブロックを書いてください (`担当の組織` を party の名前に置き換えます。受け入れる責務は、その責務を対象とする waiver で記録できます):\n{blocks_ja}",
        "decide who does each duty in normal times and in an emergency, and write these blocks (replace `OWNER` with party names; a duty you accept leaving open is recorded with a waiver on that duty):\n{blocks_en}"
    ));
    // One fix writes every missing block (the first fix of each part: its block,
    // all at the end of the model's file); the waivers of the parts stay one by one.
    let blocks: Vec<&crate::diag::Edit> =
        parts.iter().filter_map(|d| d.fixes.first()).filter_map(|f| f.edits.first()).collect();
    if let Some(first) = blocks.first() {
        let nl = if first.text.ends_with("\r\n") { "\r\n" } else { "\n" };
        let text = blocks
            .iter()
            .enumerate()
            .map(|(i, e)| if i == 0 { e.text.clone() } else { format!("{nl}{}", e.text.trim_start()) })
            .collect::<String>();
        let edit = crate::diag::Edit { text, ..(*first).clone() };
        let title = if n == 1 {
            parts.iter().find_map(|d| d.fixes.first()).map(|f| f.title.clone()).unwrap_or_default()
        } else {
            tr!("責務 {n} 件の責任分界を追加する", "add the responsibility for the {n} duties")
        };
        out.fixes = std::iter::once(crate::diag::Fix::repair(title, vec![edit]))
            .chain(parts.iter().flat_map(|d| d.fixes.iter().skip(1).cloned()))
            .collect();
    }
    // Notes and secondary labels of the parts (an expired waiver on a duty) stay.
    out.notes = parts.iter().flat_map(|d| d.notes.iter().cloned()).collect();
    out.labels.extend(parts.iter().skip(1).flat_map(|d| d.labels.iter().filter(|l| !l.primary).cloned()));
    out
}

fn asset_managers(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for asset in ctx.index.equipment() {
        if asset.get("managed_by").is_some() {
            continue;
        }
        let name = shown(asset);
        rule.finding(asset, tr!("`{name}` の管理者 (managed_by) がありません", "`{name}` has no manager (managed_by)"))
            .at(name_span(asset), tr!("誰が管理するか書かれていない", "who manages it is not stated"))
            .help(tr!("`managed_by 組織名` を書いてください。", "add `managed_by <party>`"))
            .fix(super::fixes::add_property(ctx.analysis, asset, "managed_by"))
            .push(out);
    }
}

fn control_owners(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for control in ctx.index.all("control") {
        if control.get("owner").is_some() {
            continue;
        }
        let name = shown(control);
        rule.finding(control, tr!("対策 `{name}` の実施者 (owner) がありません", "control `{name}` has no owner"))
            .at(name_span(control), tr!("誰が実施するか書かれていない", "who carries it out is not stated"))
            .help(tr!("`owner 組織名` を書いてください。", "add `owner <party>`"))
            .fix(super::fixes::add_property(ctx.analysis, control, "owner"))
            .push(out);
    }
}

fn parties_named(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for r in ctx.index.all("responsibility") {
        for key in ["normal", "emergency"] {
            let empty = matches!(r.get(key), Some(MValue::List(items)) if items.is_empty());
            if !empty {
                continue;
            }
            let duty = r.target.as_ref().and_then(|t| t.as_ref_symbol()).map(|s| ctx.index.name(s)).unwrap_or_default();
            let when = if key == "normal" { "通常時" } else { "非常時" };
            rule.finding(r, tr!("`{duty}` の{when}の担当が空です", "the {key} owners of `{duty}` are empty"))
                .at(prop_span(r, key), tr!("担当する組織がない", "no party named"))
                .help(tr!(
                    "担当する組織を書いてください。共同で担うときは `[提供事業者, 医療機関]` のように全員を書きます。",
                    "name the parties; for a shared duty name each of them, e.g. `[provider, clinic]`"
                ))
                .push(out);
        }
    }
}
