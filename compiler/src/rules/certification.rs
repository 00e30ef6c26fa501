//! 第三者認証: the provider's Privacy Mark or ISMS, or the alternatives (提供事業者GL §4.4).

use super::{Ctx, Finding, Rule, Tag, cite, shown};
use crate::diag::Severity;
use crate::model::ModelDecl;
use crate::tr;

pub const RULES: &[Rule] = &[
    Rule {
        id: "MIG-CERT-001",
        title_ja: "提供事業者はプライバシーマークまたは ISMS 認証を取得する",
        title_en: "The provider holds the Privacy Mark or ISMS certification",
        severity: Severity::Error,
        cites: &[cite("提供事業者GL", "1.1", "§4.4", Tag::V)],
        explanation: include_str!("explain/MIG-CERT-001.md"),
        editions: &[],
        check: certification,
    },
    Rule {
        id: "MIG-CERT-002",
        title_ja: "Pマーク・ISMS がない場合の代替認証・監査",
        title_en: "Alternative certifications or audits instead of Privacy Mark or ISMS",
        severity: Severity::Warning,
        cites: &[
            cite("提供事業者GL", "1.1", "表4-1 A8", Tag::V),
            cite("MHLW安全管理GL", "6.0", "企画管理編 7⑥ g (委託先の選定)", Tag::V),
        ],
        explanation: include_str!("explain/MIG-CERT-002.md"),
        editions: &[],
        check: alternative_certification,
    },
];

/// What 提供事業者GL §4.4 asks the provider to hold: the Privacy Mark or ISMS.
pub(crate) const REQUIRED: &[&str] = &["pmark", "isms"];

/// The alternatives when it holds neither (表4-1 A8; MHLW 6.0 企画管理編 7⑥ g).
pub(crate) const ALTERNATIVES: &[&str] = &["ismap", "soc2", "soc3", "fedramp", "cs_gold", "external_audit"];

/// The provider when it holds neither Pマーク nor ISMS, with the alternatives it shows.
fn uncertified_provider<'a>(ctx: &'a Ctx) -> Option<(&'a ModelDecl, Vec<&'static str>)> {
    let provider = ctx.index.model?.reference("provider").and_then(|p| ctx.index.decl(p))?;
    let certs = provider.enums("certifications");
    if certs.iter().any(|c| REQUIRED.contains(c)) {
        return None;
    }
    let alternatives = certs.into_iter().filter(|c| ALTERNATIVES.contains(c)).collect();
    Some((provider, alternatives))
}

/// Without any certification: an error. With only alternatives: MIG-CERT-002 instead.
fn certification(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    let Some((provider, alternatives)) = uncertified_provider(ctx) else { return };
    if !alternatives.is_empty() {
        return;
    }
    let name = shown(provider);
    rule.finding(
        provider,
        tr!(
            "提供事業者 `{name}` に Pマーク・ISMS 認証がありません",
            "provider `{name}` holds neither the Privacy Mark nor ISMS"
        ),
    )
    .at(super::prop_span(provider, "certifications"), tr!("pmark も isms もない", "neither pmark nor isms"))
    .help(tr!(
        "取得している認証を `certifications [isms, pmark]` のように書いてください。",
        "list the certifications held, e.g. `certifications [isms, pmark]`"
    ))
    .push(out);
}

fn alternative_certification(rule: &'static Rule, ctx: &Ctx, out: &mut Vec<Finding>) {
    let Some((provider, alternatives)) = uncertified_provider(ctx) else { return };
    if alternatives.is_empty() {
        return;
    }
    let name = shown(provider);
    let list = alternatives.join(", ");
    rule.finding(
        provider,
        tr!(
            "提供事業者 `{name}` は Pマーク・ISMS の代わりに {list} を示しています",
            "provider `{name}` shows {list} instead of the Privacy Mark or ISMS"
        ),
    )
    .at(super::prop_span(provider, "certifications"), tr!("代替の認証・監査", "alternative certification or audit"))
    .help(tr!(
        "提供事業者GL §4.4 は Pマークまたは ISMS を求めます。代替で足りる理由を医療機関等に説明してください。",
        "provider GL §4.4 asks for the Privacy Mark or ISMS; explain to the institution why the alternative suffices"
    ))
    .push(out);
}
