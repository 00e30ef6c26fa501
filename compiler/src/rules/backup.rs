//! バックアップ (ランサムウェア対策) and 法定保存年限 of stored records.

use super::{Ctx, Finding, Rule, Tag, cite, name_span, prop_span, shown};
use crate::diag::Severity;
use crate::model::{ModelDecl, Part, SymbolId};
use crate::tr;
use std::collections::HashSet;

pub const RULES: &[Rule] = &[
    Rule {
        id: "MIG-BKP-001",
        title_ja: "バックアップは複数世代・複数方式でとる",
        title_en: "Backups keep several generations by more than one method",
        severity: Severity::Error,
        cites: &[cite("MHLW安全管理GL", "6.0", "システム運用編 18①", Tag::V)],
        explanation: include_str!("explain/MIG-BKP-001.md"),
        editions: &[],
        check: generations,
    },
    Rule {
        id: "MIG-BKP-002",
        title_ja: "追記不能またはネットワークから切り離したコピーを持つ",
        title_en: "At least one immutable or offline copy",
        severity: Severity::Error,
        cites: &[cite("MHLW安全管理GL", "6.0", "システム運用編 18①", Tag::V)],
        explanation: include_str!("explain/MIG-BKP-002.md"),
        editions: &[],
        check: immutable,
    },
    Rule {
        id: "MIG-BKP-003",
        title_ja: "復元を試験する",
        title_en: "Restoring is tested",
        severity: Severity::Warning,
        cites: &[
            cite("MHLW サイバーセキュリティ対策チェックリスト", "令和6年度", "3(2)", Tag::V2),
            cite("MHLW安全管理GL", "6.0", "企画管理編 15④", Tag::V),
        ],
        explanation: include_str!("explain/MIG-BKP-003.md"),
        editions: &[],
        check: restore_tested,
    },
    Rule {
        id: "MIG-BKP-004",
        title_ja: "医療情報を保存する機器をバックアップする",
        title_en: "Every asset storing 医療情報 is backed up",
        severity: Severity::Error,
        cites: &[
            cite("MHLW安全管理GL", "6.0", "システム運用編 18①", Tag::V),
            cite("提供事業者GL", "1.1", "表4-1 A3", Tag::V),
        ],
        explanation: include_str!("explain/MIG-BKP-004.md"),
        editions: &[],
        check: covered,
    },
    Rule {
        id: "MIG-RET-001",
        title_ja: "記録を法定保存年限以上保存する",
        title_en: "Records are kept at least their legal retention period",
        severity: Severity::Error,
        cites: &[
            cite("医師法 等 (std::record)", "", "保存義務の各条", Tag::V),
            cite("厚生省通知 (電子保存の三条件)", "1999", "保存性", Tag::V),
        ],
        explanation: include_str!("explain/MIG-RET-001.md"),
        editions: &[],
        check: record_retention,
    },
];

/// A backup's copies: its `copy` blocks, or the backup itself (the flat form, one
/// implicit copy). A copy inherits what it does not state from the backup.
pub(crate) fn copies(b: &ModelDecl) -> Vec<Part<'_>> {
    Part::of(b, "copy")
}

/// The copy keeping the most generations (the first of equals): copies of the same
/// moments do not add up.
pub(crate) fn most_generations<'p, 'a>(parts: &'p [Part<'a>]) -> Option<(u64, &'p Part<'a>)> {
    parts
        .iter()
        .filter_map(|c| c.int("generations").map(|g| (g, c)))
        .fold(None, |best, (g, c)| if best.is_none_or(|(b, _)| g > b) { Some((g, c)) } else { best })
}

/// The methods of all copies together, sorted, each once.
pub(crate) fn methods(parts: &[Part<'_>]) -> Vec<&'static str> {
    let mut methods: Vec<&'static str> = parts.iter().flat_map(|c| c.enums("methods")).collect();
    methods.sort_unstable();
    methods.dedup();
    methods
}

/// Whether some copy states `KEY true` (`immutable`, `offline`), itself or through the backup.
pub(crate) fn any_copy(parts: &[Part<'_>], key: &str) -> bool {
    parts.iter().any(|c| c.bool(key) == Some(true))
}

/// Judged over all copies: the most generations any copy keeps (copies of the same
/// moments do not add up), the union of their methods.
fn generations(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for b in ctx.index.all("backup") {
        let name = shown(b);
        let parts = copies(b);
        let most = most_generations(&parts);
        let gens = most.map_or(0, |(g, _)| g);
        if gens < 2 {
            let at = most.map_or_else(|| prop_span(b, "generations"), |(_, c)| c.span_of("generations"));
            rule.finding(
                b,
                tr!("バックアップ `{name}` の世代数が {gens} です", "backup `{name}` keeps {gens} generation(s)"),
            )
            .at(at, tr!("2世代以上が必要", "needs at least 2"))
            .help(tr!(
                "数世代を保持し `generations 7` のように書いてください。",
                "keep several generations, e.g. `generations 7`"
            ))
            .push(out);
        }
        let methods = methods(&parts);
        if methods.len() < 2 {
            let n = methods.len();
            let at = match (b.prop("methods"), parts.iter().find(|c| c.own("methods").is_some())) {
                (None, Some(c)) => c.span_of("methods"),
                _ => prop_span(b, "methods"),
            };
            rule.finding(b, tr!("バックアップ `{name}` の方式が {n} 種類です", "backup `{name}` uses {n} method(s)"))
                .at(at, tr!("2方式以上が必要", "needs at least 2 methods"))
                .help(tr!(
                    "追記可能な媒体と追記不能な媒体など複数の方式を組み合わせてください (例 `methods [snapshot, worm]`)。",
                    "combine methods, e.g. writable and write-once media: `methods [snapshot, worm]`"
                ))
                .push(out);
        }
    }
}

fn immutable(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for b in ctx.index.all("backup") {
        let parts = copies(b);
        if any_copy(&parts, "immutable") || any_copy(&parts, "offline") {
            continue;
        }
        let name = shown(b);
        // At a stated `immutable false` / `offline false` (of the backup, else of a copy), else at the backup's name.
        let stated = b
            .prop("immutable")
            .or(b.prop("offline"))
            .or_else(|| parts.iter().find_map(|c| c.own("immutable").or(c.own("offline"))));
        rule.finding(b, tr!("バックアップ `{name}` に追記不能・オフラインのコピーがありません", "backup `{name}` has no immutable or offline copy"))
            .at(
                stated.map_or_else(|| name_span(b), |p| p.value.span),
                tr!("`immutable true` も `offline true` もない", "neither `immutable true` nor `offline true`"),
            )
            .help(tr!(
                "ランサムウェアに備え、追記不能な媒体 (`immutable true`) かネットワークから切り離した保管 (`offline true`) を持ってください。",
                "against ransomware keep a write-once copy (`immutable true`) or one cut off from the network (`offline true`)"
            ))
            .push(out);
    }
}

fn restore_tested(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for b in ctx.index.all("backup") {
        let name = shown(b);
        match b.date("restore_tested") {
            None => rule
                .finding(
                    b,
                    tr!(
                        "バックアップ `{name}` の復元試験の記録がありません",
                        "backup `{name}` has no record of a restore test"
                    ),
                )
                .at(name_span(b), tr!("`restore_tested` がない", "no `restore_tested`"))
                .help(tr!(
                    "復元手順を試験し、その日付を `restore_tested 2026-09-15` のように書いてください。",
                    "test the restore procedure and give its date, e.g. `restore_tested 2026-09-15`"
                ))
                .push(out),
            Some(d) if ctx.as_of.is_some_and(|as_of| d > as_of) => {
                let as_of = ctx.as_of.map(|d| d.to_string()).unwrap_or_default();
                rule.finding(
                    b,
                    tr!(
                        "バックアップ `{name}` の復元試験日 {d} が基準日 {as_of} より後です",
                        "backup `{name}` was restore-tested on {d}, after the model's date {as_of}"
                    ),
                )
                .at(prop_span(b, "restore_tested"), tr!("未来の日付", "a date in the future"))
                .help(tr!("実際に試験した日を書いてください。", "give the date the test was actually done"))
                .push(out);
            }
            Some(_) => {}
        }
    }
}

fn covered(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    // Data with a backup: named in a backup's `of`, or stored on an asset that is.
    let mut backed: HashSet<SymbolId> = HashSet::new();
    for copied in ctx.index.backups_of.keys() {
        backed.insert(*copied);
        if let Some(d) = ctx.index.decl(*copied).filter(|d| d.kind.kind == "asset") {
            backed.extend(d.refs("stores"));
        }
    }
    for asset in ctx.index.all("asset") {
        if !super::scope::provider_judged(ctx, asset) {
            continue;
        }
        let stored = ctx.index.medical_stored(asset);
        if stored.is_empty()
            || matches!(asset.enum_value("kind"), Some("portable_media" | "terminal" | "tablet" | "smartphone"))
        {
            continue;
        }
        if asset.symbol.is_some_and(|s| backed.contains(&s)) || stored.iter().all(|d| backed.contains(d)) {
            continue;
        }
        let name = shown(asset);
        rule.finding(
            asset,
            tr!("`{name}` の医療情報のバックアップがありません", "`{name}` stores 医療情報 that is not backed up"),
        )
        .at(name_span(asset), tr!("どの backup の `of` にもない", "in no backup's `of`"))
        .help(tr!("`backup … {{ of [{name}] … }}` を宣言してください。", "declare `backup … {{ of [{name}] … }}`"))
        .push(out);
    }
}

fn record_retention(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for data in ctx.index.all("data") {
        let Some(record) = data.reference("record").and_then(|r| ctx.index.decl(r)) else { continue };
        let Some(legal) = record.duration("retention") else { continue };
        let statute = record.str("statute").unwrap_or("");
        let title = record.title.clone().unwrap_or_else(|| shown(record));
        let (name, lj) = (shown(data), legal.ja());
        match data.duration("retention") {
            Some(kept) if kept.at_least(legal) => {}
            Some(kept) => {
                let kj = kept.ja();
                rule.finding(
                    data,
                    tr!(
                        "`{name}` の保存期間 {kj} は {title} の法定保存年限 {lj} ({statute}) より短い",
                        "`{name}` is kept {kept}, shorter than the legal {legal} for {title} ({statute})"
                    ),
                )
                .at(prop_span(data, "retention"), tr!("{lj} 以上が必要", "must be at least {legal}"))
                .help(tr!("`retention {legal}` 以上にしてください。", "set `retention {legal}` or longer"))
                .push(out);
            }
            None => rule
                .finding(
                    data,
                    tr!("`{name}` の保存期間 (retention) がありません", "`{name}` does not state how long it is kept"),
                )
                .at(name_span(data), tr!("{title}: 法定 {lj} ({statute})", "{title}: legally {legal} ({statute})"))
                .help(tr!("`retention {legal}` 以上を書いてください。", "add `retention {legal}` or longer"))
                .push(out),
        }
    }
}
