//! 機器と記録媒体 (USB, portable devices, the asset register) and e-文書法.

use super::{Ctx, Finding, Rule, Tag, cite, name_span, prop_span, shown};
use crate::diag::Severity;
use crate::tr;

pub const RULES: &[Rule] = &[
    Rule {
        id: "MIG-MEDIA-001",
        title_ja: "医療情報を扱う端末では USB ストレージを使えなくする",
        title_en: "USB storage is blocked on devices that handle 医療情報",
        severity: Severity::Warning,
        cites: &[
            cite("提供事業者GL", "1.1", "§5.1.5(1)(イ)⑤", Tag::V),
            cite("MHLW サイバーセキュリティ対策チェックリスト", "令和7年度", "2⑨", Tag::V),
        ],
        explanation: include_str!("explain/MIG-MEDIA-001.md"),
        editions: &[],
        check: usb,
    },
    Rule {
        id: "MIG-MEDIA-002",
        title_ja: "医療情報を保存する可搬媒体・機器は登録し暗号化する",
        title_en: "Portable media and devices holding 医療情報 are registered and encrypted",
        severity: Severity::Error,
        cites: &[
            cite("MHLW安全管理GL", "6.0", "システム運用編 7.4", Tag::V),
            cite("MHLW安全管理GL", "6.0", "Q&A 企Q-39", Tag::V),
        ],
        explanation: include_str!("explain/MIG-MEDIA-002.md"),
        editions: &[],
        check: portable,
    },
    Rule {
        id: "MIG-DEV-001",
        title_ja: "機器を台帳に登録する",
        title_en: "Every device is in the asset register",
        severity: Severity::Error,
        cites: &[
            cite("MHLW サイバーセキュリティ対策チェックリスト", "令和7年度", "2①", Tag::V),
            cite("MHLW安全管理GL", "6.0", "システム運用編 8.4", Tag::VDraft),
        ],
        explanation: include_str!("explain/MIG-DEV-001.md"),
        editions: &[],
        check: inventory,
    },
    Rule {
        id: "MIG-EDOC-001",
        title_ja: "紙に代わる電子保存は真正性・見読性・保存性を確保する",
        title_en: "Records that replace paper ensure authenticity, legibility and preservation",
        severity: Severity::Warning,
        cites: &[
            cite("厚生省通知 (電子保存の三条件)", "1999", "真正性・見読性・保存性", Tag::V),
            cite("MHLW安全管理GL", "6.0", "システム運用編 別添", Tag::V),
        ],
        explanation: include_str!("explain/MIG-EDOC-001.md"),
        editions: &[],
        check: edoc,
    },
];

fn usb(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for a in ctx.index.equipment() {
        if !matches!(a.enum_value("kind"), Some("terminal" | "tablet" | "smartphone")) || !ctx.index.handles_medical(a)
        {
            continue;
        }
        if a.enum_value("usb_storage") == Some("blocked") {
            continue;
        }
        let name = shown(a);
        rule.finding(a, tr!("端末 `{name}` で USB ストレージが使えます", "USB storage is usable on `{name}`"))
            .at(prop_span(a, "usb_storage"), tr!("`usb_storage blocked` ではない", "not `usb_storage blocked`"))
            .help(tr!(
                "医療情報を扱う端末では USB ストレージを使えなくし、`usb_storage blocked` と書いてください。",
                "block USB storage on devices that handle 医療情報 and write `usb_storage blocked`"
            ))
            .push(out);
    }
}

fn portable(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for a in ctx.index.equipment() {
        let is_portable = a.bool("portable") == Some(true)
            || matches!(a.enum_value("kind"), Some("portable_media" | "tablet" | "smartphone"));
        if !is_portable || ctx.index.medical_stored(a).is_empty() {
            continue;
        }
        let name = shown(a);
        for (key, ja, en) in [("registered", "台帳に登録", "registered"), ("encrypted", "暗号化", "encrypted")]
        {
            if a.bool(key) == Some(true) {
                continue;
            }
            rule.finding(
                a,
                tr!(
                    "医療情報を保存する可搬機器 `{name}` が{ja}されていません",
                    "portable `{name}` holds 医療情報 but is not {en}"
                ),
            )
            .at(prop_span(a, key), tr!("`{key} true` ではない", "not `{key} true`"))
            .help(tr!("{ja}して `{key} true` と書いてください。", "make it {en} and write `{key} true`"))
            .push(out);
        }
    }
}

fn inventory(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for a in ctx.index.equipment() {
        if matches!(a.enum_value("kind"), Some("application" | "external_system")) || a.bool("registered") == Some(true)
        {
            continue;
        }
        let name = shown(a);
        rule.finding(
            a,
            tr!("機器 `{name}` が台帳に登録されていません", "device `{name}` is not in the asset register"),
        )
        .at(prop_span(a, "registered"), tr!("`registered true` ではない", "not `registered true`"))
        .help(tr!(
            "機器台帳に載せ、`registered true` と書いてください。",
            "put it in the asset register and write `registered true`"
        ))
        .push(out);
    }
}

fn edoc(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    for d in ctx.index.all("data") {
        if d.bool("replaces_paper") != Some(true) {
            continue;
        }
        let name = shown(d);
        for (key, ja, en) in [
            ("authenticity", "真正性", "authenticity"),
            ("legibility", "見読性", "legibility"),
            ("preservation", "保存性", "preservation"),
        ] {
            if !d.refs(key).is_empty() {
                continue;
            }
            rule.finding(d, tr!("`{name}` の{ja}を確保する対策がありません", "`{name}` names no control for {en}"))
                .at(name_span(d), tr!("`{key}` がない", "no `{key}`"))
                .help(tr!("`{key} [対策名]` を書いてください。", "add `{key} [control]`"))
                .push(out);
        }
    }
}
