//! The guideline rules: one registry of units, each with a stable id, titles,
//! citations, a default severity, an explanation, and a check over the resolved
//! model. The engine runs them, applies `mig.toml` severities and waivers, and
//! adds the findings to the analysis as ordinary diagnostics.

use crate::analysis::Analysis;
use crate::diag::{Citation, Diagnostic, Lang, Severity, Text};
use crate::model::{Date, ModelDecl, SymbolId};
use crate::tr;
use crate::workspace::{RuleLevel, Workspace};

mod accounts;
mod auth;
pub(crate) mod backup;
pub(crate) mod certification;
mod checklist;
mod contract;
mod devices;
pub mod fixes;
pub(crate) mod index;
pub(crate) mod location;
pub(crate) mod logging;
mod network;
pub(crate) mod operations_rules;
mod responsibility;
pub(crate) mod risk;
pub mod scope;
mod waivers;

pub use index::Index;
pub use risk::{RiskEval, evaluate_risk, matrix_of};
pub use scope::{Scope, scope_of};

/// How well a cited fact was verified (the tags of guidelines.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tag {
    /// [V] seen in the guideline or statute text.
    V,
    /// [V-draft] seen only in the public-comment draft.
    VDraft,
    /// [V2] seen only in a secondary source.
    V2,
    /// [U] unverified.
    U,
    /// [PROPOSAL] a design choice of migc.
    Proposal,
}

impl Tag {
    pub fn label(self) -> &'static str {
        match self {
            Tag::V => "V",
            Tag::VDraft => "V-draft",
            Tag::V2 => "V2",
            Tag::U => "U",
            Tag::Proposal => "PROPOSAL",
        }
    }
    /// Facts a rule may not turn into an error by default.
    pub fn is_weak(self) -> bool {
        matches!(self, Tag::U | Tag::Proposal)
    }
    /// The strongest default severity a rule may have when this is the weakest tag
    /// it cites: only the text itself ([V], [V-draft]) can make an error; a
    /// secondary source ([V2]), an unverified fact ([U]) or migc's own reading
    /// ([PROPOSAL]) gives at most a warning.
    pub fn ceiling(self) -> Severity {
        match self {
            Tag::V | Tag::VDraft => Severity::Error,
            Tag::V2 | Tag::U | Tag::Proposal => Severity::Warning,
        }
    }
    /// Weaker tags compare greater.
    fn rank(self) -> u8 {
        match self {
            Tag::V => 0,
            Tag::VDraft => 1,
            Tag::V2 => 2,
            Tag::U => 3,
            Tag::Proposal => 4,
        }
    }
}

/// One guideline citation: guideline, edition, section, verification.
#[derive(Clone, Copy, Debug)]
pub struct Cite {
    pub guideline: &'static str,
    pub edition: &'static str,
    pub section: &'static str,
    pub tag: Tag,
}

pub const fn cite(guideline: &'static str, edition: &'static str, section: &'static str, tag: Tag) -> Cite {
    Cite { guideline, edition, section, tag }
}

/// What a check reports: a diagnostic and the declaration at fault (for waivers).
#[derive(Debug)]
pub struct Finding {
    pub target: Option<SymbolId>,
    pub diag: Diagnostic,
    /// Findings of one rule with a merge function are waived one by one, then
    /// the ones that remain are shown as one diagnostic that lists them.
    pub merge: Option<Merge>,
}

/// Makes one diagnostic of the findings of one rule that remain after waivers
/// (never called with an empty list).
pub type Merge = fn(Vec<Diagnostic>) -> Diagnostic;

pub type Check = fn(&'static Rule, &Ctx, &mut Vec<Finding>);

/// The editions of the MHLW guideline a model can target (`std::edition`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mhlw {
    /// 第6.0版 (2023-05-31), read in the text [V]: the default.
    V6_0,
    /// 第7.0版 (2026-06-29), known from secondary sources [V2].
    V7_0,
}

impl Mhlw {
    pub const ALL: [Mhlw; 2] = [Mhlw::V6_0, Mhlw::V7_0];
    /// The name in `std::edition`.
    pub fn name(self) -> &'static str {
        match self {
            Mhlw::V6_0 => "mhlw_6_0",
            Mhlw::V7_0 => "mhlw_7_0",
        }
    }
    /// The edition number as cited.
    pub fn version(self) -> &'static str {
        match self {
            Mhlw::V6_0 => "6.0",
            Mhlw::V7_0 => "7.0",
        }
    }
    pub fn from_name(name: &str) -> Option<Mhlw> {
        Mhlw::ALL.into_iter().find(|e| e.name() == name)
    }
}

/// What one MHLW edition asks for a rule whose basis differs between editions:
/// its own citations (added to the rule's common ones), the strongest severity
/// that basis allows, and a short statement of what the edition asks.
pub struct Basis {
    pub edition: Mhlw,
    pub cites: &'static [Cite],
    /// Findings under this edition are at most this severe.
    pub severity: Severity,
    pub asks_ja: &'static str,
    pub asks_en: &'static str,
}

/// A guideline rule.
pub struct Rule {
    /// Stable id: `MIG-AUTH-001`.
    pub id: &'static str,
    pub title_ja: &'static str,
    pub title_en: &'static str,
    pub severity: Severity,
    pub cites: &'static [Cite],
    /// Markdown with a `## 日本語` and an `## English` section: what the guideline
    /// asks, why, how to satisfy it in `.mig`, an example.
    pub explanation: &'static str,
    /// Per-edition bases, for rules whose basis differs between MHLW editions
    /// (empty: the same basis under every edition).
    pub editions: &'static [Basis],
    pub check: Check,
}

impl Rule {
    /// Start a finding of this rule about `decl`, with its default severity and citations.
    pub fn finding(&'static self, decl: &ModelDecl, message: Text) -> FindingBuilder {
        FindingBuilder {
            target: decl.symbol,
            merge: None,
            file: decl.file,
            diag: Diagnostic {
                code: self.id.to_string(),
                severity: self.severity,
                message,
                labels: Vec::new(),
                help: None,
                notes: Vec::new(),
                citations: self.citations(),
                fixes: Vec::new(),
            },
        }
    }
    /// Every citation of the rule: the common ones, then those of each edition.
    pub fn citations(&self) -> Vec<Citation> {
        self.cites.iter().chain(self.editions.iter().flat_map(|b| b.cites)).map(citation).collect()
    }
    /// The citations a finding shows when the model targets `edition`.
    pub fn citations_for(&self, edition: Mhlw) -> Vec<Citation> {
        self.cites.iter().chain(self.basis(edition).map_or(&[][..], |b| b.cites)).map(citation).collect()
    }
    /// The basis of one edition, if the rule's basis differs between editions.
    pub fn basis(&self, edition: Mhlw) -> Option<&'static Basis> {
        self.editions.iter().find(|b| b.edition == edition)
    }
    /// Whether the rule rests on a fact tagged [U] or [PROPOSAL].
    pub fn weak_basis(&self) -> bool {
        self.cites.iter().chain(self.editions.iter().flat_map(|b| b.cites)).any(|c| c.tag.is_weak())
    }
    /// The weakest tag among the rule's common citations.
    pub fn weakest_tag(&self) -> Tag {
        weakest(self.cites.iter())
    }
    /// The explanation in one language (the section under `## 日本語` or `## English`).
    pub fn explanation_in(&self, lang: Lang) -> &'static str {
        let (mine, other) = match lang {
            Lang::Ja => ("## 日本語", "## English"),
            Lang::En => ("## English", "## 日本語"),
        };
        let text = self.explanation;
        let Some(start) = text.find(mine) else { return text };
        let body = &text[start + mine.len()..];
        let end = body.find(other).unwrap_or(body.len());
        body[..end].trim()
    }
    pub fn title(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Ja => self.title_ja,
            Lang::En => self.title_en,
        }
    }
}

fn citation(c: &Cite) -> Citation {
    Citation {
        guideline: c.guideline.to_string(),
        edition: c.edition.to_string(),
        section: c.section.to_string(),
        verified: c.tag.label().to_string(),
    }
}

/// The weakest of some citations' tags ([PROPOSAL] when there are none).
pub fn weakest<'a>(cites: impl Iterator<Item = &'a Cite>) -> Tag {
    cites.map(|c| c.tag).max_by_key(|t| t.rank()).unwrap_or(Tag::Proposal)
}

/// A finding under construction; labels default to the declaration's file.
pub struct FindingBuilder {
    target: Option<SymbolId>,
    merge: Option<Merge>,
    file: crate::diag::FileId,
    diag: Diagnostic,
}

impl FindingBuilder {
    pub fn at(mut self, span: crate::syntax::Span, label: Text) -> FindingBuilder {
        self.diag = self.diag.primary(self.file, span, label);
        self
    }
    pub fn also(mut self, file: crate::diag::FileId, span: crate::syntax::Span, label: Text) -> FindingBuilder {
        self.diag = self.diag.secondary(file, span, label);
        self
    }
    pub fn help(mut self, help: Text) -> FindingBuilder {
        self.diag = self.diag.help(help);
        self
    }
    pub fn note(mut self, note: Text) -> FindingBuilder {
        self.diag = self.diag.note(note);
        self
    }
    /// The declaration a waiver must name to accept this finding (default: the one reported on).
    pub fn target(mut self, symbol: Option<SymbolId>) -> FindingBuilder {
        self.target = symbol;
        self
    }
    /// A fix the editor can apply (the declarations the finding asks for).
    pub fn fix(mut self, fix: Option<crate::diag::Fix>) -> FindingBuilder {
        self.diag.fixes.extend(fix);
        self
    }
    pub fn severity(mut self, severity: Severity) -> FindingBuilder {
        self.diag.severity = severity;
        self
    }
    /// Waive this finding on its own, but show it merged with the rule's others.
    pub fn merged(mut self, merge: Merge) -> FindingBuilder {
        self.merge = Some(merge);
        self
    }
    pub fn push(self, out: &mut Vec<Finding>) {
        out.push(Finding { target: self.target, diag: self.diag, merge: self.merge });
    }
}

/// What every check sees: the analysis, an index over the model, and the date
/// the model is judged at.
pub struct Ctx<'a> {
    pub analysis: &'a Analysis,
    pub index: Index<'a>,
    /// `--as-of`, else the model's `as_of`.
    pub as_of: Option<Date>,
    /// The MHLW edition the model targets.
    pub mhlw: Mhlw,
}

/// The MHLW edition a project targets: the newest MHLW edition named in the
/// model's `editions`, else in `mig.toml`, else 6.0.
pub fn targeted_mhlw(analysis: &Analysis, ws: &Workspace) -> Mhlw {
    let from_model: Vec<Mhlw> = analysis
        .model
        .of_kind("model")
        .flat_map(|m| m.refs("editions"))
        .filter_map(|s| analysis.symbols.get(s))
        .filter_map(|s| Mhlw::from_name(s.path.trim_start_matches("std::edition::")))
        .collect();
    let from_config = || ws.config.project.editions.iter().filter_map(|e| Mhlw::from_name(e)).max();
    from_model.into_iter().max().or_else(from_config).unwrap_or(Mhlw::V6_0)
}

/// Every rule, in id order within areas.
pub fn registry() -> impl Iterator<Item = &'static Rule> {
    [
        auth::RULES,
        accounts::RULES,
        logging::RULES,
        contract::RULES,
        certification::RULES,
        responsibility::RULES,
        operations_rules::RULES,
        location::RULES,
        network::RULES,
        risk::RULES,
        backup::RULES,
        devices::RULES,
        checklist::RULES,
        scope::RULES,
    ]
    .into_iter()
    .flatten()
}

pub fn find(id: &str) -> Option<&'static Rule> {
    registry().find(|r| r.id.eq_ignore_ascii_case(id))
}

/// The rule id closest to an id that names no rule.
pub fn unknown_rule_suggestion(id: &str) -> Option<String> {
    crate::analysis::did_you_mean(&id.to_ascii_uppercase(), registry().map(|r| r.id))
}

/// The help for an id that names no rule: the closest id, and where the list is.
pub fn unknown_rule_help(id: &str) -> Text {
    match unknown_rule_suggestion(id) {
        Some(s) => {
            tr!("`{s}` のことですか? ルールの一覧は `migc rules`。", "did you mean `{s}`? `migc rules` lists them")
        }
        None => tr!("ルールの一覧は `migc rules` で確認できます。", "`migc rules` lists the rules"),
    }
}

/// Counts for the summary line of a run, and the findings waivers accepted.
#[derive(Clone, Debug, Default)]
pub struct RuleStats {
    pub rules_run: usize,
    /// How many findings waivers accepted (`waived_findings.len()`).
    pub waived: usize,
    /// The findings waivers accepted, in diagnostic order: reports show them as
    /// suppressed (SARIF) or list them (JSON), so that an auditor sees each waiver used.
    pub waived_findings: Vec<Waived>,
}

/// A finding a waiver accepted, and the waiver.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waived {
    pub diag: Diagnostic,
    /// The waiver's name (its qualified name).
    pub waiver: String,
    pub reason: String,
    pub approved_by: String,
    pub until: Date,
    /// Where the waiver is declared (its name).
    pub file: crate::diag::FileId,
    pub span: crate::syntax::Span,
}

/// The severity `mig.toml` sets for a rule (ids compared without regard to case).
fn level_for(ws: &Workspace, id: &str) -> Option<RuleLevel> {
    ws.config.rules.iter().find(|(k, _)| k.eq_ignore_ascii_case(id)).map(|(_, v)| *v)
}

/// The declarations that hold the primary label of a language error.
fn declarations_with_errors(analysis: &Analysis) -> std::collections::HashSet<crate::model::DeclId> {
    let mut out = std::collections::HashSet::new();
    for d in analysis.diagnostics.iter().filter(|d| d.severity == Severity::Error) {
        let Some(l) = d.primary_label() else { continue };
        // Declarations are in file and source order: find the last one starting at or before the label.
        let decls = &analysis.model.decls;
        let i = decls.partition_point(|m| (m.file, m.span.start) <= (l.file, l.span.start));
        if let Some(m) = i.checked_sub(1).and_then(|j| decls.get(j))
            && m.file == l.file
            && l.span.start < m.span.end
        {
            out.insert(crate::model::DeclId((i - 1) as u32));
        }
    }
    out
}

/// Run every rule over an analysed workspace and add the findings.
pub fn apply(analysis: &mut Analysis, ws: &Workspace) {
    let model_as_of = analysis.model.of_kind("model").find_map(|m| m.date("as_of"));
    let as_of = ws.as_of.or(model_as_of);
    let mhlw = targeted_mhlw(analysis, ws);
    let mut findings = Vec::new();
    let mut rules_run = 0;
    {
        let ctx = Ctx { analysis, index: Index::new(analysis), as_of, mhlw };
        for rule in registry() {
            if level_for(ws, rule.id) == Some(RuleLevel::Allow) {
                continue;
            }
            rules_run += 1;
            (rule.check)(rule, &ctx, &mut findings);
        }
    }
    for f in &mut findings {
        // A rule whose basis differs between editions cites the targeted edition,
        // and is no more severe than that edition's basis allows.
        if let Some(rule) = find(&f.diag.code).filter(|r| !r.editions.is_empty()) {
            f.diag.citations = rule.citations_for(mhlw);
            if let Some(b) = rule.basis(mhlw) {
                f.diag.severity = f.diag.severity.max(b.severity);
            }
        }
        match level_for(ws, &f.diag.code) {
            Some(RuleLevel::Error) => f.diag.severity = Severity::Error,
            Some(RuleLevel::Warning) => f.diag.severity = Severity::Warning,
            _ => {}
        }
    }
    let mut extra = Vec::new();
    if as_of.is_none()
        && let Some(m) = analysis.model.of_kind("model").next()
    {
        let span = m.name.as_ref().map_or(m.kind_span, |n| n.span);
        extra.push(
                Diagnostic::warning("MIG3003", tr!("基準日 `as_of` がありません", "no `as_of` date"))
                    .primary(m.file, span, tr!("このモデルに `as_of` がありません", "this model has no `as_of`"))
                    .help(tr!(
                        "`as_of 2026-11-01` のように書くか `--as-of YYYY-MM-DD` を指定してください。適用除外の期限と 令和9年度 の多要素認証の判定に使います。",
                        "add `as_of 2026-11-01` or pass `--as-of YYYY-MM-DD`; waiver expiry and the 2027 MFA deadline are judged against it"
                    )),
            );
    }
    project_checks(analysis, ws, &mut extra);
    // A declaration with a language error (a typo in a name, a bad value) is judged
    // after it is fixed: a rule would read the broken property as missing.
    let broken = declarations_with_errors(analysis);
    findings.retain(|f| f.target.and_then(|s| analysis.symbols.get(s)).is_none_or(|s| !broken.contains(&s.decl)));
    // Every finding on a declaration can be waived: the editor offers the waiver's skeleton.
    for f in &mut findings {
        let file = f.diag.primary_label().map(|l| l.file);
        if let (Some(target), Some(file)) = (f.target, file)
            && let Some(fix) = fixes::waiver(analysis, &f.diag.code, target, file, as_of)
        {
            f.diag.fixes.push(fix);
        }
    }
    let (kept, mut waived) = waivers::apply(analysis, findings, as_of, &mut extra);
    analysis.diagnostics.extend(merge(kept));
    analysis.diagnostics.extend(extra);
    analysis.sort_diagnostics();
    waived.sort_by(|a, b| {
        a.diag.sort_key().cmp(&b.diag.sort_key()).then_with(|| a.diag.message.en.cmp(&b.diag.message.en))
    });
    analysis.rule_stats = RuleStats { rules_run, waived: waived.len(), waived_findings: waived };
}

/// Checks that keep a project from passing by accident: no `model` at all
/// (MIG3005), and `.mig` files the `entry` files of `mig.toml` do not reach (MIG3006).
fn project_checks(analysis: &Analysis, ws: &Workspace, extra: &mut Vec<Diagnostic>) {
    let config = ws.config_path.as_deref().and_then(|p| analysis.file_id(p));
    let config_text = ws.config_text.as_deref().unwrap_or("");
    let span_of = |needle: &str| {
        config_text
            .find(needle)
            .map_or(crate::syntax::Span::new(0, 0), |at| crate::syntax::Span::new(at, at + needle.len()))
    };
    if ws.require_model && analysis.model.of_kind("model").next().is_none() {
        let mut d = Diagnostic::error("MIG3005", tr!("`model` がありません", "no `model` in the project"))
            .help(tr!(
                "サービスを表す `model NAME \"題名\" {{ editions [...]; form ...; provider ...; as_of YYYY-MM-DD }}` を書いてください。model がないと、ほとんどのルールは確認する対象がなく、検査は何も保証しません。mig.toml の entry が model のあるファイルを指しているかも確認してください。",
                "declare the service: `model NAME \"title\" {{ editions [...]; form ...; provider ...; as_of YYYY-MM-DD }}`; without a model most rules have nothing to check and a clean run proves nothing. Check also that `entry` in mig.toml names the file that holds it"
            ));
        if let Some(file) = config {
            d = d.primary(
                file,
                span_of("[project]"),
                tr!("このプロジェクトに model がありません", "this project has no model"),
            );
        }
        extra.push(d);
    }
    // The places `migc init` marked for the team: a template is not a model yet.
    for (file, start, end, what) in crate::init::markers(analysis) {
        extra.push(
            Diagnostic::error("MIG3007", tr!("記入が必要です: {what}", "to fill in: {what}"))
                .primary(file, crate::syntax::Span::new(start, end), tr!("ひな形のまま", "still the template's"))
                .help(tr!(
                    "サービスに合わせて値を書き換え、`// TODO(migc): …` の注釈を消してください。",
                    "write your service's value here, then delete the `// TODO(migc): …` comment"
                )),
        );
    }
    for path in &ws.unreached {
        let shown = ws.display_name(path);
        let mut d = Diagnostic::warning(
            "MIG3006",
            tr!("{shown} は読み込まれず、検査されていません", "{shown} is not loaded, so it is not checked"),
        )
        .help(tr!(
            "mig.toml の entry のファイルから import するか、entry に加えてください。不要なファイルなら削除してください。",
            "import it from an entry file, or add it to `entry` in mig.toml; delete it if it is not needed"
        ));
        if let Some(file) = config {
            d = d.primary(
                file,
                span_of("entry"),
                tr!("ここの entry から {shown} に届きません", "the entries here do not reach {shown}"),
            );
        }
        extra.push(d);
    }
}

/// The findings that remain after waivers as diagnostics: those of a rule that
/// merges its findings become one diagnostic (in the place of the first).
fn merge(kept: Vec<Finding>) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::with_capacity(kept.len());
    let mut groups: Vec<(String, Merge, Vec<Diagnostic>)> = Vec::new();
    for f in kept {
        match f.merge {
            Some(m) => match groups.iter_mut().find(|(code, ..)| *code == f.diag.code) {
                Some((_, _, diags)) => diags.push(f.diag),
                None => groups.push((f.diag.code.clone(), m, vec![f.diag])),
            },
            None => out.push(f.diag),
        }
    }
    out.extend(groups.into_iter().map(|(_, m, diags)| m(diags)));
    out
}

/// Where to point at a declaration: its name, else its kind keyword.
pub fn name_span(d: &ModelDecl) -> crate::syntax::Span {
    d.name.as_ref().map_or(d.kind_span, |n| n.span)
}

/// Where to point at a property: the property's value, else the declaration's name.
pub fn prop_span(d: &ModelDecl, key: &str) -> crate::syntax::Span {
    d.prop(key).map_or_else(|| name_span(d), |p| p.value.span)
}

/// The name of a declaration for messages.
pub fn shown(d: &ModelDecl) -> String {
    d.name.as_ref().map_or_else(|| d.kind.kind.to_string(), |n| n.text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_well_formed_and_weak_rules_are_warnings() {
        let mut seen = std::collections::HashSet::new();
        for r in registry() {
            assert!(seen.insert(r.id), "duplicate rule id {}", r.id);
            let parts: Vec<&str> = r.id.split('-').collect();
            assert!(parts.len() == 3 && parts[0] == "MIG" && parts[2].len() == 3, "bad id {}", r.id);
            assert!(!r.cites.is_empty() || !r.editions.is_empty(), "{} cites nothing", r.id);
            if r.weak_basis() {
                assert!(r.severity != Severity::Error, "{} rests on [U]/[PROPOSAL] but defaults to error", r.id);
                assert!(
                    r.explanation.contains("[U]") || r.explanation.contains("[PROPOSAL]"),
                    "{} must say in its explanation that its basis is unverified or a proposal",
                    r.id
                );
            }
            for lang in [Lang::Ja, Lang::En] {
                assert!(r.explanation_in(lang).len() > 80, "{} has no {lang:?} explanation", r.id);
            }
        }
        assert!(seen.len() >= 30);
    }

    /// A rule's default severity is pinned to the weakest tag it cites: an error
    /// only when every citation was seen in the text ([V], [V-draft]); a warning
    /// (or a note) when any rests on a secondary source, an unverified fact or
    /// migc's own reading.
    #[test]
    fn default_severity_is_pinned_to_the_weakest_cited_tag() {
        let mut wrong = Vec::new();
        for r in registry() {
            let weakest = r.weakest_tag();
            // Severity orders Error < Warning < Note: a default may not be stronger than the ceiling.
            if r.severity < weakest.ceiling() {
                wrong.push(format!("{} is {:?} but cites [{}]", r.id, r.severity, weakest.label()));
            }
        }
        // Per edition: the common citations and the edition's own give that edition's ceiling.
        for r in registry() {
            for b in r.editions {
                let weakest = weakest(r.cites.iter().chain(b.cites));
                if b.severity < weakest.ceiling() {
                    wrong.push(format!(
                        "{} under {} is {:?} but cites [{}]",
                        r.id,
                        b.edition.name(),
                        b.severity,
                        weakest.label()
                    ));
                }
            }
            let mut editions: Vec<Mhlw> = r.editions.iter().map(|b| b.edition).collect();
            editions.dedup();
            assert!(
                r.editions.is_empty() || editions == Mhlw::ALL,
                "{}: a rule whose basis differs between editions states the basis of each",
                r.id
            );
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
        for (tag, ceiling) in [
            (Tag::V, Severity::Error),
            (Tag::VDraft, Severity::Error),
            (Tag::V2, Severity::Warning),
            (Tag::U, Severity::Warning),
            (Tag::Proposal, Severity::Warning),
        ] {
            assert_eq!(tag.ceiling(), ceiling, "{tag:?}");
        }
    }
}
