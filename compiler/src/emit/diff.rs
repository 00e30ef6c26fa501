//! `migc diff OLD NEW`: what changed between two versions of a project, in
//! compliance terms first (findings, risk ranks, treatments, waivers, the
//! responsibility split), then declaration by declaration. Declarations are
//! matched by qualified name, findings by fingerprint: moving text does not count.

use super::{findings, qualified_name};
use crate::analysis::Analysis;
use crate::diag::Lang;
use crate::model::{Date, MValue, ModelDecl};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, Serialize)]
pub struct Diff {
    pub findings_new: Vec<FindingRow>,
    pub findings_resolved: Vec<FindingRow>,
    /// Risks present in both whose rank, impact or likelihood changed.
    pub risks: Vec<Change>,
    pub treatments: Vec<Change>,
    pub waivers_added: Vec<String>,
    pub waivers_removed: Vec<String>,
    /// Waivers in force in OLD (or new) that have expired in NEW.
    pub waivers_expired: Vec<Change>,
    pub responsibilities: Vec<Change>,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<DeclChange>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct FindingRow {
    pub code: String,
    pub subject: String,
    pub message: String,
}

/// One thing that changed: what, from, to.
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    pub name: String,
    pub old: String,
    pub new: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct DeclChange {
    pub name: String,
    /// The properties added, removed or changed.
    pub properties: Vec<String>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.findings_new.is_empty()
            && self.findings_resolved.is_empty()
            && self.risks.is_empty()
            && self.treatments.is_empty()
            && self.waivers_added.is_empty()
            && self.waivers_removed.is_empty()
            && self.waivers_expired.is_empty()
            && self.responsibilities.is_empty()
            && self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
    }
}

/// A project's declarations (the standard library's left out) by qualified name
/// and kind (a site and a flow may share a name).
fn decls(a: &Analysis) -> BTreeMap<(String, &'static str), &ModelDecl> {
    a.model
        .decls
        .iter()
        .filter(|d| a.file(d.file).is_some_and(|f| f.stdlib_module.is_none()))
        .map(|d| ((qualified_name(a, d), d.kind.kind), d))
        .collect()
}

/// `flow 受付会計`; an unnamed declaration's name already starts with its kind.
fn label(kind: &str, name: &str) -> String {
    if name.starts_with(&format!("{kind} ")) || name == kind { name.to_string() } else { format!("{kind} {name}") }
}

/// A value as text, references by qualified name (symbol ids differ between analyses).
fn value_text(a: &Analysis, v: &MValue) -> String {
    match v {
        MValue::Str(s) => format!("{s:?}"),
        MValue::Int(n) => n.to_string(),
        MValue::Bool(b) => b.to_string(),
        MValue::Duration(d) => d.to_string(),
        MValue::Date(d) => d.to_string(),
        MValue::Version(v) => v.iter().map(u32::to_string).collect::<Vec<_>>().join("."),
        MValue::Country(c) | MValue::RuleId(c) => c.clone(),
        MValue::Ref(s) => a.symbols.get(*s).map_or_else(|| "?".to_string(), |s| s.path.clone()),
        MValue::Enum(e) => (*e).to_string(),
        MValue::List(items) => {
            format!("[{}]", items.iter().map(|i| value_text(a, &i.value)).collect::<Vec<_>>().join(", "))
        }
        MValue::Record(props) => format!(
            "{{ {} }}",
            props_text(a, props).into_iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join("; ")
        ),
    }
}

/// Properties as (key, value text); a repeated or labelled key gets its label or position.
fn props_text(a: &Analysis, props: &[crate::model::MProp]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for p in props {
        let mut key = match &p.label {
            Some(l) => format!("{} {}", p.key, l.text),
            None => p.key.to_string(),
        };
        let mut n = 2;
        while out.contains_key(&key) {
            key = format!("{} #{n}", p.key);
            n += 1;
        }
        out.insert(key, value_text(a, &p.value.value));
    }
    out
}

fn as_of(a: &Analysis, flag: Option<Date>) -> Option<Date> {
    flag.or_else(|| a.model.of_kind("model").find_map(|m| m.date("as_of")))
}

fn rank(a: &Analysis, r: &ModelDecl) -> Option<String> {
    let matrix = crate::rules::matrix_of(a, a.model.of_kind("model").next())?;
    let e = crate::rules::evaluate_risk(matrix, r)?;
    Some(format!("{} ({}×{})", e.rank, e.impact, e.likelihood))
}

/// Compare two analysed versions.
pub fn diff(old: &Analysis, new: &Analysis, as_of_flag: Option<Date>, lang: Lang) -> Diff {
    let mut d = Diff::default();
    let rows = |a: &Analysis| -> BTreeMap<String, FindingRow> {
        findings(a, &a.diagnostics)
            .into_iter()
            .map(|f| {
                let row = FindingRow {
                    code: f.diag.code.clone(),
                    subject: f.subject.clone(),
                    message: f.diag.message.get(lang).to_string(),
                };
                (f.fingerprint, row)
            })
            .collect()
    };
    let (fo, fnew) = (rows(old), rows(new));
    d.findings_new = fnew.iter().filter(|(k, _)| !fo.contains_key(*k)).map(|(_, r)| r.clone()).collect();
    d.findings_resolved = fo.iter().filter(|(k, _)| !fnew.contains_key(*k)).map(|(_, r)| r.clone()).collect();
    d.findings_new.sort();
    d.findings_resolved.sort();

    let (dold, dnew) = (decls(old), decls(new));
    let (as_old, as_new) = (as_of(old, as_of_flag), as_of(new, as_of_flag));
    for (key, n) in &dnew {
        let (name, kind) = (&key.0, key.1);
        let Some(o) = dold.get(key) else {
            d.added.push(label(kind, name));
            if kind == "waiver" {
                d.waivers_added.push(name.clone());
            }
            continue;
        };
        let (po, pn) = (props_text(old, &o.props), props_text(new, &n.props));
        let mut changed: Vec<String> =
            pn.iter().filter(|(k, v)| po.get(*k) != Some(*v)).map(|(k, _)| k.clone()).collect();
        changed.extend(po.keys().filter(|k| !pn.contains_key(*k)).cloned());
        if o.title != n.title {
            changed.push("title".to_string());
        }
        if o.target.as_ref().map(|t| value_text(old, &t.value)) != n.target.as_ref().map(|t| value_text(new, &t.value))
        {
            changed.push("on".to_string());
        }
        changed.sort();
        changed.dedup();
        if !changed.is_empty() {
            d.changed.push(DeclChange { name: label(kind, name), properties: changed });
        }
        match kind {
            "risk" => {
                let (ro, rn) = (rank(old, o), rank(new, n));
                if ro != rn {
                    d.risks.push(Change {
                        name: name.clone(),
                        old: ro.unwrap_or_default(),
                        new: rn.unwrap_or_default(),
                    });
                }
                let t = |a: &Analysis, x: &ModelDecl| x.get("treatment").map(|v| value_text(a, v)).unwrap_or_default();
                let (to, tn) = (t(old, o), t(new, n));
                if to != tn {
                    d.treatments.push(Change { name: name.clone(), old: to, new: tn });
                }
            }
            "responsibility" => {
                let s = |a: &Analysis, x: &ModelDecl| {
                    let p = |k: &str| x.get(k).map(|v| value_text(a, v)).unwrap_or_default();
                    format!("normal {}; emergency {}", p("normal"), p("emergency"))
                };
                let (so, sn) = (s(old, o), s(new, n));
                if so != sn {
                    d.responsibilities.push(Change { name: name.clone(), old: so, new: sn });
                }
            }
            _ => {}
        }
    }
    for (key @ (name, _), o) in &dold {
        if !dnew.contains_key(key) {
            d.removed.push(label(o.kind.kind, name));
            if o.kind.kind == "waiver" {
                d.waivers_removed.push(name.clone());
            }
        }
    }
    // Waivers that expired: past their end in NEW, in force in OLD (or not there).
    for (key @ (name, _), n) in dnew.iter().filter(|(_, n)| n.kind.kind == "waiver") {
        let expired = |x: &ModelDecl, at: Option<Date>| x.date("until").zip(at).is_some_and(|(u, a)| a > u);
        if expired(n, as_new) && !dold.get(key).is_some_and(|o| expired(o, as_old)) {
            let until = n.date("until").map(|u| u.to_string()).unwrap_or_default();
            let at = as_new.map(|a| a.to_string()).unwrap_or_default();
            let (old_text, new_text) = match lang {
                Lang::Ja => (format!("期限 {until}"), format!("基準日 {at}")),
                Lang::En => (format!("until {until}"), format!("judged at {at}")),
            };
            d.waivers_expired.push(Change { name: name.clone(), old: old_text, new: new_text });
        }
    }
    d
}

/// Labels of the sections, in one language.
struct Words {
    compliance: &'static str,
    findings_new: &'static str,
    findings_resolved: &'static str,
    risks: &'static str,
    treatments: &'static str,
    waivers: &'static str,
    added: &'static str,
    removed: &'static str,
    expired: &'static str,
    responsibilities: &'static str,
    declarations: &'static str,
    none: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::Ja => Words {
            compliance: "遵守状況の変化",
            findings_new: "新しい指摘",
            findings_resolved: "解消した指摘",
            risks: "リスクのランク",
            treatments: "リスク対応",
            waivers: "適用除外",
            added: "追加",
            removed: "削除",
            expired: "期限切れ",
            responsibilities: "責任分界",
            declarations: "宣言の変化",
            none: "変化はありません。",
        },
        Lang::En => Words {
            compliance: "Compliance changes",
            findings_new: "New findings",
            findings_resolved: "Resolved findings",
            risks: "Risk ranks",
            treatments: "Risk treatments",
            waivers: "Waivers",
            added: "added",
            removed: "removed",
            expired: "expired",
            responsibilities: "Responsibility split",
            declarations: "Declarations",
            none: "No changes.",
        },
    }
}

/// Text for the terminal (`markdown: false`) or for a pull-request comment.
pub fn render(d: &Diff, lang: Lang, markdown: bool) -> String {
    let w = words(lang);
    let esc = |s: &str| -> String {
        let s = crate::diag::escape_controls(s).into_owned();
        if markdown { s.replace('|', "\\|").replace('`', "'") } else { s }
    };
    let mut out = String::new();
    let heading = |out: &mut String, level: usize, text: &str| {
        if markdown {
            out.push_str(&format!("{} {text}\n\n", "#".repeat(level + 2)));
        } else {
            out.push_str(&format!("{}{text}\n", "  ".repeat(level - 1)));
        }
    };
    let line = |out: &mut String, mark: &str, text: String| {
        if markdown {
            out.push_str(&format!("- {mark} {text}\n"));
        } else {
            out.push_str(&format!("    {mark} {text}\n"));
        }
    };
    let end = |out: &mut String| {
        if markdown {
            out.push('\n');
        }
    };
    if markdown {
        out.push_str("## migc diff\n\n");
    }
    if d.is_empty() {
        out.push_str(w.none);
        out.push('\n');
        return out;
    }
    heading(&mut out, 1, w.compliance);
    let code = |s: &str| if markdown { format!("`{s}`") } else { s.to_string() };
    for (title, rows, mark) in
        [(w.findings_new, &d.findings_new, "+"), (w.findings_resolved, &d.findings_resolved, "-")]
    {
        if rows.is_empty() {
            continue;
        }
        heading(&mut out, 2, &format!("{title} ({})", rows.len()));
        for r in rows.iter() {
            line(&mut out, mark, format!("{} {}: {}", code(&r.code), esc(&r.subject), esc(&r.message)));
        }
        end(&mut out);
    }
    for (title, rows) in [(w.risks, &d.risks), (w.treatments, &d.treatments), (w.responsibilities, &d.responsibilities)]
    {
        if rows.is_empty() {
            continue;
        }
        heading(&mut out, 2, title);
        for c in rows.iter() {
            line(&mut out, "~", format!("{}: {} → {}", esc(&c.name), esc(&c.old), esc(&c.new)));
        }
        end(&mut out);
    }
    if !(d.waivers_added.is_empty() && d.waivers_removed.is_empty() && d.waivers_expired.is_empty()) {
        heading(&mut out, 2, w.waivers);
        for n in &d.waivers_added {
            line(&mut out, "+", format!("{} ({})", esc(n), w.added));
        }
        for n in &d.waivers_removed {
            line(&mut out, "-", format!("{} ({})", esc(n), w.removed));
        }
        for c in &d.waivers_expired {
            line(&mut out, "!", format!("{} ({}: {}, {})", esc(&c.name), w.expired, esc(&c.old), esc(&c.new)));
        }
        end(&mut out);
    }
    if !(d.added.is_empty() && d.removed.is_empty() && d.changed.is_empty()) {
        heading(&mut out, 1, w.declarations);
        for n in &d.added {
            line(&mut out, "+", esc(n));
        }
        for n in &d.removed {
            line(&mut out, "-", esc(n));
        }
        for c in &d.changed {
            line(
                &mut out,
                "~",
                format!("{} ({})", esc(&c.name), c.properties.iter().map(|p| esc(p)).collect::<Vec<_>>().join(", ")),
            );
        }
        end(&mut out);
    }
    out
}

/// `{"version":1,"diff":{…}}`.
pub fn json(d: &Diff) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        version: u32,
        diff: &'a Diff,
    }
    let mut out =
        serde_json::to_string_pretty(&Doc { version: crate::render::JSON_VERSION, diff: d }).unwrap_or_default();
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::Workspace;

    fn analysis(text: &str) -> Analysis {
        let mut ws = Workspace::new("/p");
        ws.set_text("/p/m.mig", text);
        crate::analyze(&ws)
    }

    #[test]
    fn declarations_of_two_kinds_sharing_a_name_are_told_apart() {
        let site = "site 受付 {\n  kind room\n}\n";
        let control = "control 受付 {\n  category technical\n}\n";
        let old = analysis(site);
        let new = analysis(&format!("{site}\n{control}"));
        let d = diff(&old, &new, None, Lang::En);
        assert_eq!(d.added, ["control 受付"]);
        assert!(d.removed.is_empty() && d.changed.is_empty(), "{:?} {:?}", d.removed, d.changed);
        let d = diff(&new, &old, None, Lang::En);
        assert_eq!(d.removed, ["control 受付"]);
        assert!(d.added.is_empty() && d.changed.is_empty(), "{:?} {:?}", d.added, d.changed);
    }
}
