//! アクセスログ: fields, tamper protection, time source, retention, coverage.

use super::{Ctx, Finding, Rule, Tag, cite, name_span, prop_span, shown};
use crate::diag::Severity;
use crate::model::{Duration, ModelDecl, Part, SymbolId};
use crate::tr;

pub const RULES: &[Rule] = &[
    Rule {
        id: "MIG-LOG-001",
        title_ja: "アクセスログにログイン時刻・アクセス時間・操作した医療情報を記録する",
        title_en: "Access logs record login time, duration and the records touched",
        severity: Severity::Error,
        cites: &[cite("MHLW安全管理GL", "6.0", "システム運用編 17①", Tag::V)],
        explanation: include_str!("explain/MIG-LOG-001.md"),
        editions: &[],
        check: fields,
    },
    Rule {
        id: "MIG-LOG-002",
        title_ja: "ログの改ざんを防ぎ、ログへのアクセスを制限する",
        title_en: "Logs are protected against tampering and access to them is restricted",
        severity: Severity::Error,
        cites: &[cite("MHLW安全管理GL", "6.0", "システム運用編 17②", Tag::V)],
        explanation: include_str!("explain/MIG-LOG-002.md"),
        editions: &[],
        check: protection,
    },
    Rule {
        id: "MIG-LOG-003",
        title_ja: "ログの時刻は信頼できる時刻源に同期する",
        title_en: "Log time comes from a reliable time source",
        severity: Severity::Error,
        cites: &[cite("MHLW安全管理GL", "6.0", "システム運用編 17③", Tag::V)],
        explanation: include_str!("explain/MIG-LOG-003.md"),
        editions: &[],
        check: time_source,
    },
    Rule {
        id: "MIG-LOG-004",
        title_ja: "アクセスログは記録の法定保存年限以上保存する",
        title_en: "Access logs are kept at least as long as the legal retention of the records",
        severity: Severity::Error,
        cites: &[cite("提供事業者GL", "1.1", "§5.1.5(1)(イ)②", Tag::V)],
        explanation: include_str!("explain/MIG-LOG-004.md"),
        editions: &[],
        check: retention,
    },
    Rule {
        id: "MIG-LOG-005",
        title_ja: "医療情報を保存するシステムのアクセスログを取る",
        title_en: "Systems that store 医療情報 have an access log",
        severity: Severity::Error,
        cites: &[cite("MHLW安全管理GL", "6.0", "システム運用編 17①", Tag::V)],
        explanation: include_str!("explain/MIG-LOG-005.md"),
        editions: &[],
        check: coverage,
    },
];

/// Logs of systems that hold or carry 医療情報.
fn medical_logs<'a>(ctx: &'a Ctx) -> impl Iterator<Item = &'a ModelDecl> + 'a {
    ctx.index
        .all("log")
        .iter()
        .copied()
        .filter(|l| l.refs("of").into_iter().filter_map(|a| ctx.index.decl(a)).any(|a| ctx.index.handles_medical(a)))
}

/// A log's tiers: its `tier` blocks, or the log itself (the flat form, one implicit tier).
/// A tier inherits what it does not state from the log.
pub(crate) fn tiers(log: &ModelDecl) -> Vec<Part<'_>> {
    Part::of(log, "tier")
}

/// The tier kept longest (the first of equals), with its retention.
pub(crate) fn longest_tier<'a>(log: &'a ModelDecl) -> Option<(Part<'a>, Duration)> {
    let mut best: Option<(Part<'a>, Duration)> = None;
    for t in tiers(log) {
        let Some(d) = t.duration("retention") else { continue };
        if best.as_ref().is_none_or(|(_, b)| !b.at_least(d)) {
            best = Some((t, d));
        }
    }
    best
}

/// `tier archive` → " の段 `archive`" / " (tier `archive`)"; nothing for the flat form.
fn tier_words(t: &Part) -> (String, String) {
    match (t.block, t.label()) {
        (Some(_), Some(l)) => (format!("の段 `{l}` "), format!(" (tier `{l}`)")),
        (Some(_), None) => ("の段 ".to_string(), " (a tier)".to_string()),
        _ => (String::new(), String::new()),
    }
}

fn fields(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    const REQUIRED: [(&str, &str); 3] =
        [("login_time", "ログイン時刻"), ("duration", "アクセス時間"), ("records_touched", "操作した医療情報")];
    for log in medical_logs(ctx) {
        let have = log.enums("fields");
        let missing: Vec<_> = REQUIRED.iter().filter(|(k, _)| !have.contains(k)).collect();
        if missing.is_empty() {
            continue;
        }
        let name = shown(log);
        let keys = missing.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", ");
        let labels = missing.iter().map(|(_, j)| *j).collect::<Vec<_>>().join("・");
        rule.finding(log, tr!("ログ `{name}` に {labels} の記録がありません", "log `{name}` does not record {keys}"))
            .at(prop_span(log, "fields"), tr!("{keys} がない", "missing {keys}"))
            .help(tr!("`fields` に {keys} を加えてください。", "add {keys} to `fields`"))
            .push(out);
    }
}

/// The tiers that keep a log for the legal period (those kept at least `legal`); where none
/// does or the period is unknown, the tiers kept longest.
fn keeping_tiers<'a>(log: &'a ModelDecl, legal: Option<Duration>) -> Vec<Part<'a>> {
    let all = tiers(log);
    if let Some(p) = legal {
        let covering: Vec<Part<'a>> =
            all.iter().copied().filter(|t| t.duration("retention").is_some_and(|d| d.at_least(p))).collect();
        if !covering.is_empty() {
            return covering;
        }
    }
    match longest_tier(log) {
        Some((_, max)) => {
            all.into_iter().filter(|t| t.duration("retention").is_some_and(|d| d.at_least(max))).collect()
        }
        None => all,
    }
}

fn protection(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for log in medical_logs(ctx) {
        let name = shown(log);
        // Tamper protection: on a tier that keeps the log for the legal period (a short
        // searchable tier may do without it). Access restriction: on every tier.
        let legal = legal_retention(ctx, log).map(|(p, _, _)| p);
        let keeping = keeping_tiers(log, legal);
        let mut lacking: Vec<(&str, &str, &str, Part)> = Vec::new();
        if let Some(t) = keeping.first().filter(|_| !keeping.iter().any(|t| t.bool("tamper_proof") == Some(true))) {
            lacking.push(("tamper_proof", "改ざん防止", "tamper protection", *t));
        }
        for t in tiers(log) {
            if t.bool("access_restricted") != Some(true) {
                lacking.push(("access_restricted", "アクセス制限", "access restriction", t));
            }
        }
        for (key, ja, en, t) in lacking {
            let (tj, te) = tier_words(&t);
            let mut f = rule
                .finding(log, tr!("ログ `{name}` {tj}に{ja}がありません", "log `{name}`{te} has no {en}"))
                .at(t.span_of(key), tr!("`{key} true` ではない", "not `{key} true`"))
                .help(if t.block.is_some() {
                    tr!(
                        "この段に{ja}の措置をとり、段の中に `{key} true` と書いてください。",
                        "protect this tier and write `{key} true` in it"
                    )
                } else {
                    tr!("{ja}の措置をとり `{key} true` と書いてください。", "protect the log and write `{key} true`")
                });
            if t.block.is_some() && key == "tamper_proof" {
                f = f.note(tr!(
                    "改ざん防止は、法定保存年限のあいだログを保存する段 (それがなければ最も長く保存する段) に求めます。短い検索用の段にはなくてもかまいません。",
                    "tamper protection is asked of a tier that keeps the log for the legal retention period (else of the tier kept longest); a short searchable tier may do without it"
                ));
            }
            f.push(out);
        }
    }
}

fn time_source(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for log in medical_logs(ctx) {
        let source = log.enum_value("time_source");
        if matches!(source, Some("ntp" | "gps" | "cloud_time")) {
            continue;
        }
        let name = shown(log);
        let label = match source {
            Some(s) => tr!("{s} は標準時刻と同期していない", "{s} is not synchronised with standard time"),
            None => tr!("時刻源 (time_source) がない", "no time_source"),
        };
        rule.finding(log, tr!("ログ `{name}` の時刻源が信頼できません", "log `{name}` has no reliable time source"))
            .at(prop_span(log, "time_source"), label)
            .help(tr!(
                "標準時刻と同期した時刻源を使い `time_source ntp` のように書いてください。",
                "synchronise with standard time and write e.g. `time_source ntp`"
            ))
            .push(out);
    }
}

/// The record kinds whose access a log records, with the data that has them.
fn records_behind(ctx: &Ctx, log: &ModelDecl) -> Vec<(SymbolId, SymbolId)> {
    let mut data: Vec<SymbolId> = Vec::new();
    for a in log.refs("of") {
        let Some(asset) = ctx.index.decl(a) else { continue };
        data.extend(asset.refs("stores"));
        for f in ctx.index.flows_at.get(&a).map_or(&[][..], Vec::as_slice) {
            data.extend(f.refs("carries"));
        }
    }
    data.sort_unstable();
    data.dedup();
    data.into_iter()
        .filter(|d| ctx.index.is_medical(*d))
        .filter_map(|d| Some((d, ctx.index.decl(d)?.reference("record")?)))
        .collect()
}

/// The longest legal retention among the records behind a log: (period, the data, its record kind).
/// Also what the editor shows after a log's `retention`.
pub(crate) fn legal_retention(ctx: &Ctx, log: &ModelDecl) -> Option<(Duration, SymbolId, SymbolId)> {
    let mut need: Option<(Duration, SymbolId, SymbolId)> = None;
    for (data, record) in records_behind(ctx, log) {
        let Some(period) = ctx.index.decl(record).and_then(|r| r.duration("retention")) else { continue };
        if need.is_none_or(|(n, _, _)| !n.at_least(period)) {
            need = Some((period, data, record));
        }
    }
    need
}

fn retention(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for log in ctx.index.all("log") {
        if !provider_log(ctx, log) {
            continue;
        }
        let Some((longest, kept)) = longest_tier(log) else { continue };
        let Some((period, data, record)) = legal_retention(ctx, log) else { continue };
        if kept.at_least(period) {
            continue;
        }
        let rec = ctx.index.decl(record);
        let statute = rec.and_then(|r| r.str("statute")).unwrap_or("");
        let title = rec.and_then(|r| r.title.clone()).unwrap_or_else(|| ctx.index.name(record));
        let (name, data_name) = (shown(log), ctx.index.name(data));
        let (pj, kj) = (period.ja(), kept.ja());
        // With tiers: which one is the longest.
        let (tj, te) = match (longest.block, longest.label()) {
            (Some(_), Some(l)) => (format!(" (最も長い段 `{l}`)"), format!(" (its longest tier, `{l}`)")),
            (Some(_), None) => (" (最も長い段)".to_string(), " (its longest tier)".to_string()),
            _ => (String::new(), String::new()),
        };
        rule.finding(
            log,
            tr!(
                "ログ `{name}` の保存期間 {kj}{tj} は {title} の法定保存年限 {pj} ({statute}) より短い",
                "log `{name}` is kept {kept}{te}, shorter than the legal retention of {title}: {period} ({statute})"
            ),
        )
        .at(longest.span_of("retention"), tr!("{pj} 以上が必要", "must be at least {period}"))
        .note(tr!(
            "`{data_name}` の記録の種類 {title} は {statute} により {pj} 保存します。",
            "`{data_name}` is a {title} record, kept {period} under {statute}"
        ))
        .help(tr!("`retention {period}` 以上にしてください。", "set `retention {period}` or longer"))
        .push(out);
    }
}

/// A log of the provider's systems (scope, see `scope`): one of its `of` is not
/// known to be an institution's or a third party's.
fn provider_log(ctx: &Ctx, log: &ModelDecl) -> bool {
    let of = log.refs("of");
    of.is_empty() || of.iter().filter_map(|a| ctx.index.decl(*a)).any(|a| super::scope::provider_judged(ctx, a))
}

fn coverage(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for asset in ctx.index.all("asset") {
        if !super::scope::provider_judged(ctx, asset) {
            continue;
        }
        if !matches!(asset.enum_value("kind"), Some("server" | "storage" | "application")) {
            continue;
        }
        if ctx.index.medical_stored(asset).is_empty() {
            continue;
        }
        if asset.symbol.is_some_and(|s| ctx.index.logs_of.contains_key(&s)) {
            continue;
        }
        let name = shown(asset);
        rule.finding(
            asset,
            tr!(
                "`{name}` は医療情報を保存しますがアクセスログがありません",
                "`{name}` stores 医療情報 but has no access log"
            ),
        )
        .at(name_span(asset), tr!("どの log の `of` にもない", "in no log's `of`"))
        .help(tr!(
            "`log アクセスログ {{ of [{name}] … }}` を宣言してください。",
            "declare `log access_log {{ of [{name}] … }}`"
        ))
        .push(out);
    }
}
