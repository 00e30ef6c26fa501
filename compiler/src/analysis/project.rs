//! Checks over the project as a whole: `mig.toml` and the targeted editions.

use super::Analyzer;
use crate::diag::{Diagnostic, FileId};
use crate::model::MValue;
use crate::syntax::Span;
use crate::tr;
use crate::workspace::Config;

impl Analyzer {
    /// `[project] editions` must name editions of the standard library.
    pub(super) fn check_config(&mut self, file: FileId, config: &Config) {
        let text = self.files[file.0 as usize].text.clone();
        let known: Vec<String> = self
            .symbols
            .symbols
            .iter()
            .filter(|s| s.kind.kind == "edition")
            .map(|s| s.path.trim_start_matches("std::edition::").to_string())
            .collect();
        self.check_rule_levels(file, config, &text);
        self.check_editions_agree(file, config, &text);
        for edition in &config.project.editions {
            if known.iter().any(|k| k == edition) {
                continue;
            }
            let quoted = format!("\"{edition}\"");
            let span = text.find(&quoted).map_or(Span::new(0, 0), |at| Span::new(at, at + quoted.len()));
            let suggestion = super::did_you_mean(edition, known.iter().map(String::as_str));
            let all = known.join(", ");
            let mut d = Diagnostic::error(
                "MIG2015",
                tr!("不明なガイドラインの版 `{edition}`", "unknown guideline edition `{edition}`"),
            )
            .primary(file, span, tr!("std::edition にない版", "not an edition of std::edition"));
            d = match suggestion {
                Some(s) => d
                    .help(tr!("`{s}` のことですか? 使える版: {all}", "did you mean `{s}`? the editions are: {all}"))
                    .replace_fix(file, span, &format!("\"{s}\"")),
                None => d.help(tr!("使える版: {all}", "the editions are: {all}")),
            };
            if span.is_empty() {
                // Not found in the text (written in another form): nothing to replace.
                d.fixes.clear();
            }
            self.diags.push(d);
        }
    }

    /// `editions` in mig.toml and in the model, when both are given, name the same
    /// editions: otherwise the team believes it targets one set and is judged on another.
    fn check_editions_agree(&mut self, file: FileId, config: &Config, text: &str) {
        if config.project.editions.is_empty() {
            return;
        }
        let Some(model) = self.decls.iter().find(|d| d.kind.kind == "model") else { return };
        let Some(prop) = model.prop("editions") else { return };
        let in_model: std::collections::BTreeSet<String> = match &prop.value.value {
            MValue::List(items) => items
                .iter()
                .filter_map(|v| v.as_ref_symbol())
                .filter_map(|s| self.symbols.get(s))
                .map(|s| s.path.trim_start_matches("std::edition::").to_string())
                .collect(),
            _ => return,
        };
        let in_toml: std::collections::BTreeSet<String> = config.project.editions.iter().cloned().collect();
        if in_model == in_toml {
            return;
        }
        let list = |set: &std::collections::BTreeSet<String>| set.iter().cloned().collect::<Vec<_>>().join(", ");
        let (toml, model_list) = (list(&in_toml), list(&in_model));
        let at = text.find("editions").unwrap_or(0);
        let end = text[at..].find('\n').map_or(text.len(), |n| at + n);
        let (model_file, model_span) = (model.file, prop.value.span);
        self.diags.push(
            Diagnostic::error(
                "MIG2018",
                tr!(
                    "mig.toml の editions と model の editions が一致しません",
                    "the editions of mig.toml and of the model differ"
                ),
            )
            .primary(file, Span::new(at, end), tr!("mig.toml: {toml}", "mig.toml: {toml}"))
            .secondary(model_file, model_span, tr!("model: {model_list}", "model: {model_list}"))
            .help(tr!(
                "どちらかに揃えてください。版は1か所に書けば足ります (もう一方を削除できます)。",
                "make them the same; one place is enough (you can remove the other)"
            )),
        );
    }

    /// `[rules]` must name rules of the registry.
    fn check_rule_levels(&mut self, file: FileId, config: &Config, text: &str) {
        for id in config.rules.keys() {
            if crate::rules::find(id).is_some() {
                continue;
            }
            let quoted = format!("\"{id}\"");
            let span = text.find(&quoted).or_else(|| text.find(id.as_str())).map_or(Span::new(0, 0), |at| {
                let len = if text[at..].starts_with('"') { quoted.len() } else { id.len() };
                Span::new(at, at + len)
            });
            let mut d =
                Diagnostic::error("MIG3004", tr!("mig.toml の不明なルール `{id}`", "unknown rule `{id}` in mig.toml"))
                    .primary(file, span, tr!("このルールはありません", "no such rule"))
                    .help(crate::rules::unknown_rule_help(id));
            if let Some(s) = crate::rules::unknown_rule_suggestion(id)
                && !span.is_empty()
            {
                let quoted = text.get(span.range()).is_some_and(|t| t.starts_with('"'));
                d = d.replace_fix(file, span, &if quoted { format!("\"{s}\"") } else { s });
            }
            self.diags.push(d);
        }
    }

    /// A project describes one service: one `model`.
    pub(super) fn check_single_model(&mut self) {
        let models: Vec<(FileId, Span)> = self
            .decls
            .iter()
            .filter(|d| d.kind.kind == "model")
            .map(|d| (d.file, d.name.as_ref().map_or(d.kind_span, |n| n.span)))
            .collect();
        let Some(&(first_file, first_span)) = models.first() else { return };
        for &(file, span) in &models[1..] {
            self.diags.push(
                Diagnostic::error("MIG2016", tr!("`model` が2つ以上あります", "more than one `model`"))
                    .primary(file, span, tr!("2つ目の model", "another model"))
                    .secondary(first_file, first_span, tr!("最初の model", "the first model"))
                    .help(tr!(
                        "1つのプロジェクトは1つのサービスを表します。別のサービスは別のプロジェクト (mig.toml) にしてください。",
                        "a project describes one service; put another service in a project of its own (its own mig.toml)"
                    )),
            );
        }
    }

    /// A model that targets an edition whose text the team has not verified gets a
    /// warning: rules keyed to it may cite sections that are still provisional.
    pub(super) fn check_editions(&mut self) {
        let mut found = Vec::new();
        for decl in self.decls.iter().filter(|d| d.kind.kind == "model") {
            let Some(MValue::List(items)) = decl.get("editions") else {
                continue;
            };
            for item in items {
                let MValue::Ref(sid) = item.value else {
                    continue;
                };
                let Some(sym) = self.symbols.get(sid) else {
                    continue;
                };
                let Some(ed) = self.decls.get(sym.decl.0 as usize) else {
                    continue;
                };
                let status = ed.enum_value("verified").unwrap_or("unverified");
                if status != "verified" {
                    let published = ed.date("published").map(|d| d.to_string());
                    found.push((
                        decl.file,
                        item.span,
                        sym.path.clone(),
                        ed.title.clone().unwrap_or_default(),
                        status,
                        published,
                    ));
                }
            }
        }
        for (file, span, path, title, status, published) in found {
            let (pj, pe) = match &published {
                Some(d) => (format!(" {d} に公表済み、"), format!("published {d}, ")),
                None => (String::new(), String::new()),
            };
            let diag = if status == "secondary" {
                // Known from several secondary sources: rules follow it, and say [V2].
                let mut d = Diagnostic::warning(
                    "MIG2017",
                    tr!(
                        "`{path}` ({title}) は{pj}本文を二次資料でのみ確認した版です",
                        "`{path}` ({title}) is {pe}known from secondary sources only"
                    ),
                )
                .primary(file, span, tr!("確認状況: 二次資料 [V2]", "verification: secondary sources [V2]"))
                .note(tr!(
                    "版によって根拠が違う規則はこの版に従い、引用する節番号に [V2] を付けます。二次資料だけに基づく指摘は警告にとどめます。版ごとの違いは `migc explain ID` で確認できます。",
                    "rules whose basis differs between editions follow this one and tag its sections [V2]; findings that rest on secondary sources alone are warnings; `migc explain ID` shows what each edition asks"
                ));
                d.severity = crate::diag::Severity::Note;
                d
            } else {
                Diagnostic::warning(
                    "MIG2014",
                    tr!(
                        "`{path}` ({title}) は{pj}本文が未確認の版です",
                        "`{path}` ({title}) is {pe}but its text is not verified"
                    ),
                )
                .primary(file, span, tr!("確認状況: {status}", "verification: {status}"))
                .note(tr!(
                    "この版の本文と節番号は未確認です。規則の根拠は確認済みの版の節番号で示します。確認済みの版 (例 std::edition::meti_mic_1_1, std::edition::mhlw_6_0) も併せて指定してください。",
                    "the text and section numbers of this edition are not verified; rules cite the sections of a verified edition; also target a verified edition (e.g. std::edition::meti_mic_1_1, std::edition::mhlw_6_0)"
                ))
            };
            self.diags.push(diag);
        }
    }
}
