//! Fixes attached to findings, for the editor's quick fixes: the declarations a
//! finding asks for (risks, responsibility blocks) and a waiver skeleton. Each
//! value the team must decide is marked `// TODO(migc): …` (MIG3007), as in the
//! `migc init` template, so an applied fix cannot pass for a decision.

use crate::analysis::Analysis;
use crate::diag::{Edit, FileId, Fix, FixKind};
use crate::init::MARKER;
use crate::model::{Date, ModelDecl, SymbolId, SymbolTable};
use crate::schema::Prop;
use crate::syntax::Span;
use crate::tr;

/// `base`, or `base_2`, `base_3`… : a name no declaration has.
pub fn fresh_name(analysis: &Analysis, base: &str) -> String {
    let taken = |n: &str| analysis.symbols.lookup(n).is_some();
    if !taken(base) {
        return base.to_string();
    }
    (2..).map(|i| format!("{base}_{i}")).find(|n| !taken(n)).unwrap_or_else(|| base.to_string())
}

/// Insert `decl` (one or more declarations) as new text after `at` (the end of a
/// declaration, or of the file), one blank line away.
pub fn insert_after(analysis: &Analysis, file: FileId, at: usize, decl: &str) -> Option<Edit> {
    let text = &*analysis.file(file)?.text;
    let nl = crate::diag::line_ending(text);
    let decl = decl.trim_end().replace('\n', nl);
    let before = text.get(..at)?;
    let text = if at == text.len() {
        // At the end of the file: after a line break, ending with one.
        let sep = match before {
            "" => String::new(),
            b if b.ends_with('\n') => nl.to_string(),
            _ => format!("{nl}{nl}"),
        };
        format!("{sep}{decl}{nl}")
    } else {
        format!("{nl}{nl}{decl}")
    };
    Some(Edit { file, span: Span::new(at, at), text })
}

/// `key VALUE  // TODO(migc): what it is`: a property to insert, its value a
/// placeholder of its type that checks (a declared name for a reference).
pub fn property_line(prop: &Prop, symbols: &SymbolTable) -> String {
    let value = prop.ty.placeholder(&|kinds| symbols.placeholder_name(kinds));
    format!("{} {value}  // {MARKER}: {}", prop.key, prop.doc_ja)
}

/// The fix that adds property `key` as the last line of a declaration.
pub fn add_property(analysis: &Analysis, decl: &ModelDecl, key: &str) -> Option<Fix> {
    let prop = decl.kind.props.iter().find(|p| p.key == key)?;
    let line = property_line(prop, &analysis.symbols);
    let edit = Edit::line_in_block(decl.file, &analysis.file(decl.file)?.text, decl.span, &line)?;
    Some(Fix::repair(tr!("`{key}` を追加する", "add `{key}`"), vec![edit]))
}

/// A waiver of `rule` on `target`, to append to `file`: reason and approver to
/// write, valid one year from the model's `as_of`.
pub fn waiver(analysis: &Analysis, rule: &str, target: SymbolId, file: FileId, as_of: Option<Date>) -> Option<Fix> {
    let sym = analysis.symbols.get(target)?;
    if analysis.file(file)?.stdlib_module.is_some() {
        return None;
    }
    let short = rule.trim_start_matches("MIG-").replace('-', "_");
    let name = fresh_name(analysis, &format!("waive_{short}_{}", sym.name));
    let until = as_of
        .and_then(|d| Date::new(d.year + 1, d.month, d.day.min(28)))
        .map_or_else(|| format!("2027-03-31  // {MARKER}: 期限"), |d| format!("{d}  // {MARKER}: 期限"));
    let target = &sym.path;
    let text = format!(
        "waiver {name} on {target} {{\n  rule        {rule}\n  reason      \"…\"  // {MARKER}: 受け入れる理由\n  approved_by \"…\"  // {MARKER}: 承認者\n  until       {until}\n}}"
    );
    let end = analysis.file(file)?.text.len();
    let edit = insert_after(analysis, file, end, &text)?;
    Some(Fix {
        title: tr!("`{target}` の `{rule}` を適用除外 (waiver) にする", "waive `{rule}` on `{target}`"),
        edits: vec![edit],
        kind: FixKind::Waiver,
    })
}

/// A `risk` of `threat` on `target`, with the template's assessment marked for
/// the team (the same text `migc init` writes).
pub fn risk_stub(name: &str, target: &str, threat: &str, control: Option<&str>) -> String {
    let controls = control.map(|c| format!("  controls            [{c}]\n")).unwrap_or_default();
    format!(
        "risk {name} on {target} {{  // {MARKER}: 影響・発生可能性・対応・対策\n  threat              {threat}\n  impact              3\n  likelihood          2\n  treatment           reduce\n{controls}  residual_impact     3\n  residual_likelihood 1\n}}\n"
    )
}

/// A `responsibility` for `duty`, its owners marked for the team (the same text `migc init` writes).
pub fn responsibility_stub(duty: &str, normal: &str, emergency: &str) -> String {
    format!(
        "responsibility on {duty} {{  // {MARKER}: 担当 (通常時・非常時)\n  normal    [{normal}]\n  emergency [{emergency}]\n}}\n"
    )
}
