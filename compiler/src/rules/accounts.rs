//! アカウントとパスワード: password length and reuse, lockout, screen lock,
//! shared and unneeded accounts (MHLW 6.0 Q&A, 7.0 シス12, 14; checklist 令和7年度).

use super::auth::{actors, factors, personal_medical_flows};
use super::{Basis, Ctx, Finding, Mhlw, Rule, Tag, cite, name_span, prop_span, shown};
use crate::diag::Severity;
use crate::model::{Duration, ModelDecl};
use crate::tr;

const CHECKLIST: &str = "MHLW サイバーセキュリティ対策チェックリスト";

pub const RULES: &[Rule] = &[
    Rule {
        id: "MIG-PW-001",
        title_ja: "パスワードは二要素認証なしなら13文字以上、二要素認証と併用なら8文字以上",
        title_en: "Passwords have 13 characters without a second factor, 8 with one",
        severity: Severity::Error,
        cites: &[cite(CHECKLIST, "令和7年度", "2⑦", Tag::V)],
        explanation: include_str!("explain/MIG-PW-001.md"),
        editions: &[
            Basis {
                edition: Mhlw::V6_0,
                cites: &[cite("MHLW安全管理GL", "6.0", "Q&A シQ-54, シQ-50", Tag::V)],
                severity: Severity::Error,
                asks_ja: "13文字以上、または8文字以上で2か月以内ごとの定期変更、または8文字以上で二要素認証。13文字以上なら定期変更は不要。",
                asks_en: "13 characters or more; or 8 or more changed at least every 2 months; or 8 or more with two-factor authentication; no periodic change is needed at 13 or more",
            },
            Basis {
                edition: Mhlw::V7_0,
                cites: &[cite("MHLW安全管理GL", "7.0", "システム運用編 14⑥ (14.1.1)", Tag::V2)],
                severity: Severity::Warning,
                asks_ja: "二要素認証と併用なら8文字以上 (文字種を混在)、二要素認証なしなら13文字以上。定期変更の要件は削除され、定期変更は短い長さの代わりにならない。本文は二次資料でのみ確認 [V2] のため警告。",
                asks_en: "8 characters or more (mixed classes) with a second factor, 13 or more without; the periodic-change requirement is deleted and no longer stands in for length; the text is known from secondary sources [V2], hence warnings",
            },
        ],
        check: password_length,
    },
    Rule {
        id: "MIG-PW-002",
        title_ja: "パスワードの使い回しを禁止する",
        title_en: "Password reuse is banned",
        severity: Severity::Error,
        cites: &[cite(CHECKLIST, "令和7年度", "2⑧", Tag::V)],
        explanation: include_str!("explain/MIG-PW-002.md"),
        editions: &[],
        check: reuse_banned,
    },
    Rule {
        id: "MIG-PW-003",
        title_ja: "認証の失敗が続いたらアカウントをロックする (第7.0版)",
        title_en: "Repeated authentication failures lock the account (7.0)",
        severity: Severity::Warning,
        cites: &[],
        explanation: include_str!("explain/MIG-PW-003.md"),
        editions: &[
            Basis {
                edition: Mhlw::V6_0,
                cites: &[],
                severity: Severity::Note,
                asks_ja: "確認した範囲の第6.0版には定めがない。この版を対象とするモデルでは指摘しない。",
                asks_en: "not asked by 6.0 as far as it was read; no finding for a model targeting it",
            },
            Basis {
                edition: Mhlw::V7_0,
                cites: &[cite("MHLW安全管理GL", "7.0", "システム運用編 14⑥ (14.1.1)", Tag::V2)],
                severity: Severity::Warning,
                asks_ja: "アカウントロックを追加 (二次資料による [V2])。",
                asks_en: "account lockout is added (known from secondary sources [V2])",
            },
        ],
        check: lockout,
    },
    Rule {
        id: "MIG-SESS-001",
        title_ja: "端末を離れたら自動で画面をロックする",
        title_en: "A terminal left alone locks its screen",
        severity: Severity::Warning,
        cites: &[],
        explanation: include_str!("explain/MIG-SESS-001.md"),
        editions: &[
            Basis {
                edition: Mhlw::V6_0,
                cites: &[cite(
                    "MHLW安全管理GL",
                    "6.0",
                    "Q&A (シ14: 長時間の放置、離席時のクリアスクリーン)",
                    Tag::VDraft,
                )],
                severity: Severity::Warning,
                asks_ja: "ログインしたまま長時間放置しない。離席時はクリアスクリーン等。時間の数値は示されていない。",
                asks_en: "no login left unattended for long; clear the screen when leaving the desk; no number is given",
            },
            Basis {
                edition: Mhlw::V7_0,
                cites: &[cite("MHLW安全管理GL", "7.0", "システム運用編 12⑥ (12.3.2)", Tag::V2)],
                severity: Severity::Warning,
                asks_ja: "端末を離れたときの自動の画面ロック。時間の数値は示されていない (二次資料による [V2])。",
                asks_en: "an automatic screen lock when a terminal is left; no number is given (known from secondary sources [V2])",
            },
        ],
        check: screen_lock,
    },
    Rule {
        id: "MIG-ACCT-001",
        title_ja: "医療情報を扱う人に共用アカウントを使わせない",
        title_en: "No shared accounts for people who handle 医療情報",
        severity: Severity::Error,
        cites: &[
            cite("MHLW安全管理GL", "6.0", "システム運用編 14①② (識別・認証、本人しか知り得ない状態)", Tag::V),
            cite("MHLW安全管理GL", "6.0", "システム運用編 17① (アクセスログで操作した人を特定)", Tag::V),
        ],
        explanation: include_str!("explain/MIG-ACCT-001.md"),
        editions: &[],
        check: shared_accounts,
    },
    Rule {
        id: "MIG-ACCT-002",
        title_ja: "不要なアカウントを削除する",
        title_en: "Accounts no longer needed are removed",
        severity: Severity::Warning,
        cites: &[
            cite(CHECKLIST, "令和6年度", "2 (不要なアカウントの削除: サーバ・端末)", Tag::V2),
            cite("MHLW安全管理GL", "6.0", "システム運用編 14④ (権限の付与と管理)", Tag::V),
        ],
        explanation: include_str!("explain/MIG-ACCT-002.md"),
        editions: &[],
        check: unused_accounts,
    },
];

/// Flows in which a person reaches 医療情報 with a knowledge factor (a password or the like).
fn password_flows<'a>(ctx: &'a Ctx) -> Vec<&'a ModelDecl> {
    personal_medical_flows(ctx).filter(|f| factors(ctx, f).iter().any(|(t, _)| *t == "knowledge")).collect()
}

/// The account policy of the model (the first one).
fn policy<'a>(ctx: &'a Ctx) -> Option<&'a ModelDecl> {
    ctx.index.all("account_policy").first().copied()
}

/// Whether a change interval is two months or less, the longest that lets 8
/// characters pass under 6.0 (シQ-54): in months exactly, else at most 62 days.
fn within_two_months(d: Duration) -> bool {
    d.months().map_or(d.days_range().1 <= 62, |m| m <= 2)
}

fn password_length(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    let flows = password_flows(ctx);
    if flows.is_empty() {
        return;
    }
    let Some(pol) = policy(ctx) else {
        let Some(model) = ctx.index.model else { return };
        let flow = shown(flows[0]);
        rule.finding(
            model,
            tr!("パスワードの規程 (account_policy) がありません", "no password rules (account_policy) are stated"),
        )
        .at(name_span(model), tr!("account_policy がない", "no account_policy"))
        .note(tr!(
            "情報流 `{flow}` などがパスワード等の知識要素で認証しています。",
            "flows such as `{flow}` authenticate with a password or another knowledge factor"
        ))
        .help(tr!(
            "`account_policy 認証規程 {{ min_length 13; reuse_banned true; lockout true; screen_lock 10min; remove_unused_accounts true }}` のように書いてください。",
            "declare e.g. `account_policy rules {{ min_length 13; reuse_banned true; lockout true; screen_lock 10min; remove_unused_accounts true }}`"
        ))
        .push(out);
        return;
    };
    let name = shown(pol);
    // A second factor everywhere a password is used.
    let with_mfa = flows.iter().all(|f| {
        let mut types: Vec<&str> = factors(ctx, f).iter().map(|(t, _)| *t).collect();
        types.sort_unstable();
        types.dedup();
        types.len() >= 2
    });
    let Some(len) = pol.int("min_length") else {
        rule.finding(
            pol,
            tr!("`{name}` にパスワードの最小文字数がありません", "`{name}` states no minimum password length"),
        )
        .at(name_span(pol), tr!("`min_length` がない", "no `min_length`"))
        .help(tr!("`min_length 13` のように書いてください。", "add e.g. `min_length 13`"))
        .push(out);
        return;
    };
    let changed_often = pol.duration("periodic_change").is_some_and(within_two_months);
    let ok = match ctx.mhlw {
        Mhlw::V6_0 => len >= 13 || (len >= 8 && (with_mfa || changed_often)),
        Mhlw::V7_0 => len >= 13 || (len >= 8 && with_mfa),
    };
    if ok {
        return;
    }
    let need = if with_mfa { 8 } else { 13 };
    let (case_ja, case_en) = match (ctx.mhlw, with_mfa) {
        (_, true) => ("二要素認証と併用しているので8文字以上", "8 or more, as a second factor is used"),
        (Mhlw::V6_0, false) => (
            "二要素認証がないので13文字以上 (8文字以上なら2か月以内ごとの定期変更)",
            "13 or more without a second factor (or 8 or more changed at least every 2 months)",
        ),
        (Mhlw::V7_0, false) => (
            "二要素認証がないので13文字以上 (第7.0版では定期変更は代わりにならない)",
            "13 or more without a second factor (under 7.0 a periodic change does not stand in)",
        ),
    };
    rule.finding(
        pol,
        tr!("パスワードの最小文字数 {len} が足りません", "a minimum password length of {len} is too short"),
    )
    .at(prop_span(pol, "min_length"), tr!("{case_ja}が必要", "needs {case_en}"))
    .help(tr!(
        "`min_length {need}` 以上にするか、パスワードを使うすべての情報流で二要素認証を使ってください。",
        "raise it to `min_length {need}` or more, or use two factors on every flow that uses a password"
    ))
    .push(out);
}

fn reuse_banned(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    let Some(pol) = policy(ctx) else { return };
    if password_flows(ctx).is_empty() || pol.bool("reuse_banned") == Some(true) {
        return;
    }
    let name = shown(pol);
    rule.finding(pol, tr!("`{name}` がパスワードの使い回しを禁止していません", "`{name}` does not ban password reuse"))
        .at(prop_span(pol, "reuse_banned"), tr!("`reuse_banned true` ではない", "not `reuse_banned true`"))
        .help(tr!(
            "他のシステムやサービスと同じパスワードを使うことを禁止し、`reuse_banned true` と書いてください。",
            "forbid using the same password as on other systems and services, and write `reuse_banned true`"
        ))
        .push(out);
}

fn lockout(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    // Asked by 7.0 only.
    if ctx.mhlw != Mhlw::V7_0 {
        return;
    }
    let Some(pol) = policy(ctx) else { return };
    if password_flows(ctx).is_empty() || pol.bool("lockout") == Some(true) {
        return;
    }
    let name = shown(pol);
    rule.finding(pol, tr!("`{name}` にアカウントロックがありません", "`{name}` has no account lockout"))
        .at(prop_span(pol, "lockout"), tr!("`lockout true` ではない", "not `lockout true`"))
        .help(tr!(
            "認証の失敗が一定回数続いたらアカウントをロックし、`lockout true` と書いてください。",
            "lock the account after a number of failed attempts, and write `lockout true`"
        ))
        .push(out);
}

fn screen_lock(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    let Some(pol) = policy(ctx) else { return };
    if personal_medical_flows(ctx).next().is_none() || pol.duration("screen_lock").is_some() {
        return;
    }
    let name = shown(pol);
    rule.finding(pol, tr!("`{name}` に端末の自動画面ロックがありません", "`{name}` has no automatic screen lock"))
        .at(name_span(pol), tr!("`screen_lock` がない", "no `screen_lock`"))
        .help(tr!(
            "端末を離れたとき自動で画面をロックするまでの時間を `screen_lock 10min` のように書いてください (ガイドラインに数値の定めはありません)。",
            "state after how long an idle terminal locks its screen, e.g. `screen_lock 10min` (the guideline gives no number)"
        ))
        .push(out);
}

fn shared_accounts(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    let mut seen = std::collections::HashSet::new();
    // Each actor of a flow is judged (once, at its first flow).
    for (flow, actor) in personal_medical_flows(ctx).flat_map(|f| actors(ctx, f).into_iter().map(move |a| (f, a))) {
        if actor.bool("shared_account") != Some(true) || !seen.insert(actor.symbol) {
            continue;
        }
        let (an, fname) = (shown(actor), shown(flow));
        rule.finding(actor, tr!("`{an}` が共用アカウントで医療情報を扱っています", "`{an}` handles 医療情報 with a shared account"))
            .at(prop_span(actor, "shared_account"), tr!("共用アカウント", "a shared account"))
            .note(tr!("情報流 `{fname}` などで医療情報を扱います。", "it handles 医療情報 in flows such as `{fname}`"))
            .help(tr!(
                "一人ひとりに ID を発行し、本人だけが知る認証情報でログインさせてください (アクセスログで操作した人を特定できるようにします)。",
                "give each person their own ID with credentials only they know, so the access log shows who did what"
            ))
            .push(out);
    }
}

fn unused_accounts(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    let Some(pol) = policy(ctx) else { return };
    if personal_medical_flows(ctx).next().is_none() || pol.bool("remove_unused_accounts") == Some(true) {
        return;
    }
    let name = shown(pol);
    rule.finding(pol, tr!("`{name}` に不要なアカウントの削除がありません", "`{name}` does not remove accounts no longer needed"))
        .at(prop_span(pol, "remove_unused_accounts"), tr!("`remove_unused_accounts true` ではない", "not `remove_unused_accounts true`"))
        .help(tr!(
            "退職・異動した人のアカウントや使わない初期アカウントを削除する手順を定め、`remove_unused_accounts true` と書いてください。",
            "set a procedure that removes the accounts of leavers and movers and unused default accounts, and write `remove_unused_accounts true`"
        ))
        .push(out);
}
