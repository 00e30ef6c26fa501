//! Editor queries in compiler terms: byte offsets in, files and spans out. The
//! language server converts positions and types; everything about the language
//! is answered here, from the same [`Analysis`] `migc check` builds, so the CLI and
//! the tests can ask the same questions.

mod actions;
mod outline;
mod tokens;

pub use actions::{CodeAction, CodeActionKind, code_actions};
pub use outline::{Fold, FoldKind, WORKSPACE_SYMBOLS_MAX, WorkspaceSymbol, folding_ranges, workspace_symbols};
pub use tokens::{Modifiers, SemanticKind, SemanticToken, semantic_tokens};

use crate::analysis::Analysis;
use crate::diag::{FileId, Lang};
use crate::model::SymbolId;
use crate::schema::{self, KindSchema, Prop, Ty};
use crate::syntax::{Element, NodeId, NodeKind, Span, SyntaxTree, TokenKind};

/// A place in a file of the analysis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub file: FileId,
    pub span: Span,
}

/// Where the declaration of the symbol at `offset` is (its name).
pub fn definition(a: &Analysis, file: FileId, offset: usize) -> Option<Location> {
    let sym = a.symbols.get(a.symbol_at(file, offset)?.symbol)?;
    Some(Location { file: sym.file, span: sym.name_span })
}

/// Every place the symbol at `offset` occurs, in file order; its definition
/// included when `include_declaration`.
pub fn references(a: &Analysis, file: FileId, offset: usize, include_declaration: bool) -> Vec<Location> {
    let Some(at) = a.symbol_at(file, offset) else { return Vec::new() };
    let mut out: Vec<Location> = a
        .occurrences_of(at.symbol)
        .filter(|o| include_declaration || !o.definition)
        .map(|o| Location { file: o.file, span: o.span })
        .collect();
    out.sort();
    out
}

/// Why a rename is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RenameError {
    /// No user-declared name at the cursor.
    NothingToRename,
    /// Standard-library names cannot be renamed.
    StandardLibrary(String),
    /// The new name is not an identifier (or is a keyword).
    NotAName(String),
    /// Another declaration already has the new name.
    Clash { name: String, existing: Location },
}

/// The span of the name at `offset` that a rename would change, or why not.
pub fn prepare_rename(a: &Analysis, file: FileId, offset: usize) -> Result<Location, RenameError> {
    let at = a.symbol_at(file, offset).ok_or(RenameError::NothingToRename)?;
    let sym = a.symbols.get(at.symbol).ok_or(RenameError::NothingToRename)?;
    if a.file(sym.file).is_some_and(|f| f.stdlib_module.is_some()) {
        return Err(RenameError::StandardLibrary(sym.path.clone()));
    }
    Ok(Location { file: at.file, span: at.span })
}

/// The edits (every occurrence, across files) that rename the symbol at `offset`.
pub fn rename(a: &Analysis, file: FileId, offset: usize, new_name: &str) -> Result<Vec<Location>, RenameError> {
    prepare_rename(a, file, offset)?;
    let symbol = a.symbol_at(file, offset).ok_or(RenameError::NothingToRename)?.symbol;
    if !is_identifier(new_name) {
        return Err(RenameError::NotAName(new_name.to_string()));
    }
    // Names are unique per kind, and a reference must not come to name two
    // declarations: the new name clashes with a declaration of the same kind, or
    // of a kind that a reference to either of them accepts.
    let kind = a.symbols.get(symbol).map(|s| s.kind.kind);
    let accepts = |s: SymbolId, k: &str| a.occurrences_of(s).any(|o| o.kinds.contains(&k));
    let clash = a.symbols.lookup_all(new_name).filter(|&o| o != symbol).find(|&o| {
        a.symbols.get(o).is_some_and(|other| {
            Some(other.kind.kind) == kind || accepts(symbol, other.kind.kind) || kind.is_some_and(|k| accepts(o, k))
        })
    });
    if let Some(existing) = clash.and_then(|o| a.symbols.get(o)) {
        return Err(RenameError::Clash {
            name: new_name.to_string(),
            existing: Location { file: existing.file, span: existing.name_span },
        });
    }
    Ok(references(a, file, offset, true))
}

/// Whether `text` is one identifier token that may name a declaration.
pub fn is_identifier(text: &str) -> bool {
    let tokens = crate::syntax::lexer::lex(text);
    matches!(tokens.as_slice(), [t] if t.kind == TokenKind::Ident)
        && !matches!(text, "on" | "import" | "true" | "false")
}

/// A declaration of a file, for the editor's outline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentSymbol {
    /// The name, or `kind on target` for an unnamed declaration.
    pub name: String,
    pub kind: &'static str,
    pub title: Option<String>,
    /// The whole declaration.
    pub span: Span,
    /// The name (or the kind word).
    pub selection: Span,
}

/// The declarations of a file, in order.
pub fn document_symbols(a: &Analysis, file: FileId) -> Vec<DocumentSymbol> {
    let text = a.file(file).map_or("", |f| &*f.text);
    a.model
        .decls
        .iter()
        .filter(|d| d.file == file)
        .map(|d| {
            let name = match (&d.name, d.target.as_ref()) {
                (Some(n), _) => n.text.to_string(),
                (None, Some(t)) => format!("{} on {}", d.kind.kind, text.get(t.span.range()).unwrap_or("")),
                (None, None) => d.kind.kind.to_string(),
            };
            DocumentSymbol {
                name,
                kind: d.kind.kind,
                title: d.title.clone(),
                span: d.span,
                selection: d.name.as_ref().map_or(d.kind_span, |n| n.span),
            }
        })
        .collect()
}

/// Markdown to show over `span`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hover {
    pub span: Span,
    pub markdown: String,
}

/// What to show at `offset`: a declaration (at its name or a reference to it), a
/// property key (its schema documentation), a rule id (the rule), a kind word.
pub fn hover(a: &Analysis, file: FileId, offset: usize, lang: Lang) -> Option<Hover> {
    if let Some(at) = a.symbol_at(file, offset) {
        return Some(Hover { span: at.span, markdown: symbol_summary(a, at.symbol, lang) });
    }
    let tree = &a.trees.get(file.0 as usize)?.syntax;
    let text = &*a.file(file)?.text;
    let token = token_at(tree, offset)?;
    let span = tree.token_span(token);
    let word = text.get(span.range())?;
    match tree.token_kind(token)? {
        TokenKind::RuleId => {
            let rule = crate::rules::find(word)?;
            let title = match lang {
                Lang::Ja => rule.title_ja,
                Lang::En => rule.title_en,
            };
            let sev = rule.severity.as_str();
            let cites: Vec<String> =
                rule.cites.iter().map(|c| format!("{} {} {}", c.guideline, c.edition, c.section)).collect();
            // The explanation `migc explain` prints: what the guideline asks, why, how.
            let markdown =
                format!("**{}** ({sev}): {title}\n\n{}\n\n{}", rule.id, cites.join("; "), rule.explanation_in(lang));
            Some(Hover { span, markdown })
        }
        TokenKind::Ident => {
            let chain = tree.nodes_at(span.start);
            let innermost = *chain.last()?;
            match tree.node(innermost)?.kind {
                NodeKind::Entry if first_significant(tree, innermost) == Some(token) => {
                    let prop = prop_at(tree, text, &chain)?;
                    Some(Hover { span, markdown: prop_summary(prop, lang) })
                }
                NodeKind::Decl if first_significant(tree, innermost) == Some(token) => {
                    let kind = schema::kind(word)?;
                    Some(Hover { span, markdown: kind_summary(kind, lang) })
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// The significant token whose span holds `offset` (or ends at it).
fn token_at(tree: &SyntaxTree, offset: usize) -> Option<u32> {
    let offset = u32::try_from(offset).ok()?;
    let i = tree.tokens.partition_point(|t| t.start <= offset);
    // The token starting at or before the offset; at a boundary, the one ending here too.
    let candidates = [i.checked_sub(1), i.checked_sub(2)];
    candidates
        .into_iter()
        .flatten()
        .map(|k| k as u32)
        .find(|&k| !tree.is_trivia(k) && tree.token_span(k).contains(offset as usize))
}

fn first_significant(tree: &SyntaxTree, node: NodeId) -> Option<u32> {
    tree.children(node).find_map(|e| match e {
        Element::Token(t) if !tree.is_trivia(t) => Some(t),
        _ => None,
    })
}

/// The schema entry of the property whose key is the last entry of `chain`: the
/// declaration's kind, then each nested block's record type on the way down.
fn prop_at(tree: &SyntaxTree, text: &str, chain: &[NodeId]) -> Option<&'static Prop> {
    let key_of = |n: NodeId| first_significant(tree, n).and_then(|t| text.get(tree.token_span(t).range()));
    let decl = chain.iter().find(|&&n| tree.node(n).is_some_and(|n| n.kind == NodeKind::Decl))?;
    let mut props: &'static [Prop] = schema::kind(key_of(*decl)?)?.props;
    let mut found = None;
    for &n in chain.iter().filter(|&&n| tree.node(n).is_some_and(|n| n.kind == NodeKind::Entry)) {
        let prop = props.iter().find(|p| Some(p.key) == key_of(n))?;
        found = Some(prop);
        props = match &prop.ty {
            Ty::Record(inner) => inner,
            Ty::List(Ty::Record(inner)) => inner,
            _ => &[],
        };
    }
    found
}

fn symbol_summary(a: &Analysis, symbol: SymbolId, lang: Lang) -> String {
    let Some(sym) = a.symbols.get(symbol) else { return String::new() };
    let mut out = String::new();
    let kind_word = match lang {
        Lang::Ja => sym.kind.ja,
        Lang::En => sym.kind.kind,
    };
    let decl = a.decl_of(symbol);
    let title = decl.and_then(|d| d.title.as_deref()).map(|t| format!(" \"{t}\"")).unwrap_or_default();
    out.push_str(&format!("```mig\n{} {}{title}\n```\n{kind_word}", sym.kind.kind, sym.path));
    if let Some(doc) = decl.and_then(|d| d.doc.as_deref()) {
        out.push_str("\n\n");
        out.push_str(doc);
    }
    if let Some(d) = decl
        && d.kind.kind == "risk"
        && let Some(matrix) = crate::rules::risk::matrix_of(a, a.model.of_kind("model").next())
        && let Some(eval) = crate::rules::risk::evaluate_risk(matrix, d)
    {
        let level = eval.impact * eval.likelihood;
        let line = match lang {
            Lang::Ja => format!(
                "\n\nリスクレベル {level} (影響度 {} × 顕在化率 {})、ランク **{}**",
                eval.impact, eval.likelihood, eval.rank
            ),
            Lang::En => format!(
                "\n\nrisk level {level} (impact {} × likelihood {}), rank **{}**",
                eval.impact, eval.likelihood, eval.rank
            ),
        };
        out.push_str(&line);
    }
    if let Some(d) = decl
        && d.kind.kind == "log"
        && let Some(line) = log_retention_line(a, d, lang)
    {
        out.push_str("\n\n");
        out.push_str(&line);
    }
    if let Some(f) = a.file(sym.file) {
        out.push_str(&format!("\n\n{}", f.name));
    }
    out
}

/// The legal retention a log must meet and why (the record and its statute): the
/// same function as MIG-LOG-004 decides it.
fn log_retention_line(a: &Analysis, d: &crate::model::ModelDecl, lang: Lang) -> Option<String> {
    let r = LegalRetention::of(&rules_ctx(a), d)?;
    let (period, title) = (&r.period, &r.record_title);
    let statute = r.statute.as_deref().map(|s| format!(" ({s})")).unwrap_or_default();
    Some(match lang {
        Lang::Ja => format!("法定保存期間: **{}** 以上 — {title}{statute} の保存期間 (MIG-LOG-004)", period.ja()),
        Lang::En => format!("legal retention: at least **{period}** — the retention of {title}{statute} (MIG-LOG-004)"),
    })
}

/// The legal retention a log must meet, and the record whose retention it is: what
/// MIG-LOG-004 judges (`rules::logging::legal_retention`), for hover and inlay hints.
struct LegalRetention {
    period: crate::model::Duration,
    record_title: String,
    statute: Option<String>,
}

impl LegalRetention {
    fn of(ctx: &crate::rules::Ctx, log: &crate::model::ModelDecl) -> Option<LegalRetention> {
        let a = ctx.analysis;
        let (period, _, record) = crate::rules::logging::legal_retention(ctx, log)?;
        let rec = a.decl_of(record);
        let record_title = rec.and_then(|r| r.title.clone()).unwrap_or_else(|| ctx.index.name(record));
        let statute = rec.and_then(|r| r.str("statute")).map(str::to_string);
        Some(LegalRetention { period, record_title, statute })
    }
}

/// What the rules read, for the editor's derived values (built once per request: the
/// index is a pass over the model).
fn rules_ctx(a: &Analysis) -> crate::rules::Ctx<'_> {
    crate::rules::Ctx { analysis: a, index: crate::rules::Index::new(a), as_of: None, mhlw: crate::rules::Mhlw::V6_0 }
}

fn prop_summary(prop: &Prop, lang: Lang) -> String {
    let (ty_ja, ty_en) = Ty::name(&prop.ty);
    let (doc, ty, required) = match lang {
        Lang::Ja => (prop.doc_ja, ty_ja, if prop.required { "必須" } else { "任意" }),
        Lang::En => (prop.doc_en, ty_en, if prop.required { "required" } else { "optional" }),
    };
    let mut out = format!("**{}** ({required}): {doc}\n\n{ty}", prop.key);
    let variants = match &prop.ty {
        Ty::Enum(v) | Ty::List(Ty::Enum(v)) => *v,
        _ => &[],
    };
    if !variants.is_empty() {
        out.push_str("\n\n");
        for v in variants {
            out.push_str(&format!("- `{}` {}\n", v.name, v.ja));
        }
    }
    out.push_str(&format!("\n\n`{} {}`", prop.key, Ty::example(&prop.ty)));
    out
}

fn kind_summary(kind: &KindSchema, lang: Lang) -> String {
    let doc = match lang {
        Lang::Ja => kind.doc_ja,
        Lang::En => kind.doc_en,
    };
    format!("**{}** ({}): {doc}", kind.kind, kind.ja)
}

/// What a completion item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    /// A declaration kind (or `import`) at the top level.
    Keyword,
    /// A property key of the block the cursor is in.
    Property,
    /// A value of an enumeration, a boolean, a level.
    Value,
    /// The name of a declaration (the standard library's by their `std::` path).
    Reference,
    /// A guideline rule id.
    Rule,
    /// A whole declaration with its required properties (a snippet).
    Snippet,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    /// A short description: a title, a Japanese label, a property's documentation.
    pub detail: Option<String>,
    /// Text to insert instead of the label, in LSP snippet syntax (`${1:name}`, `$0`).
    pub snippet: Option<String>,
}

/// Completions at a cursor: the items, and the span of the partly typed word they replace.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Completions {
    pub replace: Span,
    pub items: Vec<CompletionItem>,
}

/// What may be written at `offset`: declaration kinds at the top level; in a block,
/// the properties not yet written there (required ones first); after a key, the
/// values its type takes (enumeration values with their Japanese labels, names of
/// the kinds it refers to, rule ids). Works on broken text: the line and the
/// recovered tree say where the cursor is.
pub fn completions(a: &Analysis, file: FileId, offset: usize, lang: Lang) -> Completions {
    let (Some(info), Some(tree)) = (a.file(file), a.trees.get(file.0 as usize).map(|t| &t.syntax)) else {
        return Completions::default();
    };
    let text = &*info.text;
    let offset = offset.min(text.len());
    if !text.is_char_boundary(offset) {
        return Completions::default();
    }
    // The word being typed: identifier characters and `::` before the cursor.
    let before = &text[..offset];
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|&(i, c)| {
            c.is_alphanumeric()
                || c == '_'
                || c == '-'
                || (c == ':' && (before[..i].ends_with(':') || before[i + 1..].starts_with(':')))
        })
        .last()
        .map_or(offset, |(i, _)| i);
    let prefix = &text[word_start..offset];
    let replace = Span::new(word_start, offset);
    let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    // Significant tokens of this line before the word.
    let first = tree.tokens.partition_point(|t| (t.start as usize) < line_start);
    let line_tokens: Vec<u32> = (first..tree.tokens.len())
        .map(|i| i as u32)
        .take_while(|&t| (tree.token_span(t).start as usize) < word_start)
        .filter(|&t| !tree.is_trivia(t))
        .collect();
    // Inside a comment or a string: nothing.
    if let Some(t) = token_at_or_before(tree, offset)
        && matches!(
            tree.token_kind(t),
            Some(TokenKind::Comment | TokenKind::DocComment | TokenKind::String | TokenKind::UnterminatedString)
        )
        && tree.token_span(t).start as usize != offset
    {
        return Completions { replace, items: Vec::new() };
    }
    // The block the cursor is in: the innermost one around the last token before the
    // word that is not closed before the cursor (an unfinished block has no `}`).
    let anchor = (0..tree.tokens.partition_point(|t| (t.start as usize) < word_start))
        .rev()
        .map(|i| i as u32)
        .find(|&t| !tree.is_trivia(t));
    let chain = anchor.map_or_else(Vec::new, |t| tree.nodes_at(tree.token_span(t).start));
    let closed_before = |n: NodeId| {
        tree.node(n).is_some_and(|node| {
            let last = node.end_token.saturating_sub(1);
            tree.token_kind(last) == Some(TokenKind::RBrace) && (tree.token_span(last).end as usize) <= word_start
        })
    };
    let block = chain
        .iter()
        .rev()
        .copied()
        .find(|&n| tree.node(n).is_some_and(|n| n.kind == NodeKind::Block) && !closed_before(n));
    let mut items = Vec::new();
    let Some(block) = block else {
        if line_tokens.is_empty() {
            // In English a kind's detail is its documentation; in Japanese, its Japanese name.
            let kind_detail = |k: &KindSchema| match lang {
                Lang::Ja => k.ja.to_string(),
                Lang::En => k.doc_en.to_string(),
            };
            items.push(CompletionItem {
                label: "import".to_string(),
                kind: CompletionKind::Keyword,
                detail: None,
                snippet: None,
            });
            items.extend(schema::KINDS.iter().map(|k| CompletionItem {
                label: k.kind.to_string(),
                kind: CompletionKind::Keyword,
                detail: Some(kind_detail(k)),
                snippet: None,
            }));
            items.extend(schema::KINDS.iter().filter(|k| !k.stdlib).map(|k| CompletionItem {
                label: format!("{} {{…}}", k.kind),
                kind: CompletionKind::Snippet,
                detail: Some(kind_detail(k)),
                snippet: Some(declaration_snippet(a, k)),
            }));
        }
        return filtered(replace, prefix, items);
    };
    let outer: Vec<NodeId> = chain.iter().copied().take_while(|&n| n != block).chain([block]).collect();
    let Some(props) = block_props(tree, text, &outer) else { return Completions { replace, items } };
    let key_text = |t: u32| text.get(tree.token_span(t).range()).unwrap_or("");
    match line_tokens.first() {
        // At the start of an entry: the properties not yet written in this block.
        None => {
            let written: Vec<&str> = tree
                .children(block)
                .filter_map(|e| match e {
                    Element::Node(n) if tree.node(n).is_some_and(|n| n.kind == NodeKind::Entry) => {
                        first_significant(tree, n).map(key_text)
                    }
                    _ => None,
                })
                .collect();
            let mut ps: Vec<&Prop> = props.iter().filter(|p| p.repeated || !written.contains(&p.key)).collect();
            ps.sort_by_key(|p| !p.required);
            items.extend(ps.into_iter().map(|p| CompletionItem {
                label: p.key.to_string(),
                kind: CompletionKind::Property,
                detail: Some(match lang {
                    Lang::Ja => p.doc_ja.to_string(),
                    Lang::En => p.doc_en.to_string(),
                }),
                snippet: None,
            }));
        }
        // After a key: the values of its type.
        Some(&key) => {
            if let Some(prop) = props.iter().find(|p| p.key == key_text(key)) {
                value_items(a, &prop.ty, lang, &mut items);
            }
        }
    }
    filtered(replace, prefix, items)
}

/// `KIND ${1:名前} [on ${2:target}] {` and each required property with a value
/// that checks (names of the project's declarations where it has them), then `$0`.
fn declaration_snippet(a: &Analysis, kind: &KindSchema) -> String {
    // In a placeholder's default, `$`, `}` and `\` are written escaped.
    let esc = |s: &str| s.replace('\\', "\\\\").replace('$', "\\$").replace('}', "\\}");
    let name_of = |kinds: &'static [&'static str]| a.symbols.placeholder_name(kinds);
    let mut n = 0;
    let mut next = || {
        n += 1;
        n
    };
    let mut out = kind.kind.to_string();
    if kind.naming == schema::Naming::Required {
        out.push_str(&format!(" ${{{}:名前}}", next()));
    }
    if let Some(kinds) = kind.target.filter(|_| kind.target_required) {
        out.push_str(&format!(" on ${{{}:{}}}", next(), esc(&name_of(kinds))));
    }
    out.push_str(" {\n");
    for p in kind.must_state() {
        out.push_str(&format!("  {} ${{{}:{}}}\n", p.key, next(), esc(&p.ty.placeholder(&name_of))));
    }
    out.push_str("}$0");
    out
}

fn token_at_or_before(tree: &SyntaxTree, offset: usize) -> Option<u32> {
    let i = tree.tokens.partition_point(|t| (t.start as usize) < offset);
    i.checked_sub(1).map(|i| i as u32)
}

/// The properties allowed in the innermost block of `chain` (root first, ending at the block).
fn block_props(tree: &SyntaxTree, text: &str, chain: &[NodeId]) -> Option<&'static [Prop]> {
    let key_of = |n: NodeId| first_significant(tree, n).and_then(|t| text.get(tree.token_span(t).range()));
    let decl = chain.iter().find(|&&n| tree.node(n).is_some_and(|n| n.kind == NodeKind::Decl))?;
    let mut props: &'static [Prop] = schema::kind(key_of(*decl)?)?.props;
    for &n in chain.iter().filter(|&&n| tree.node(n).is_some_and(|n| n.kind == NodeKind::Entry)) {
        let prop = props.iter().find(|p| Some(p.key) == key_of(n))?;
        props = match &prop.ty {
            Ty::Record(inner) | Ty::List(Ty::Record(inner)) => inner,
            _ => return None,
        };
    }
    Some(props)
}

fn value_items(a: &Analysis, ty: &Ty, lang: Lang, items: &mut Vec<CompletionItem>) {
    let value = |label: &str, detail: Option<&str>, kind| CompletionItem {
        label: label.to_string(),
        kind,
        detail: detail.map(str::to_string),
        snippet: None,
    };
    match ty {
        Ty::Enum(variants) => {
            for v in *variants {
                items.push(value(v.name, Some(v.ja), CompletionKind::Value));
            }
            for v in *variants {
                items.push(value(v.ja, Some(v.name), CompletionKind::Value));
            }
        }
        Ty::Level(labels) => {
            for (i, l) in labels.iter().enumerate() {
                items.push(value(&(i + 1).to_string(), Some(l), CompletionKind::Value));
                items.push(value(l, Some(&(i + 1).to_string()), CompletionKind::Value));
            }
        }
        Ty::Bool => items.extend(["true", "false"].map(|b| value(b, None, CompletionKind::Value))),
        Ty::Ref(kinds) => {
            let accepted = || a.symbols.symbols.iter().filter(|s| kinds.contains(&s.kind.kind));
            // A name two accepted kinds share would be ambiguous (MIG2020): offer `kind::name`.
            let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
            for sym in accepted() {
                *seen.entry(sym.path.as_str()).or_default() += 1;
            }
            for sym in accepted() {
                let title = a.model.decl(sym.decl).and_then(|d| d.title.as_deref());
                let kind = match lang {
                    Lang::Ja => sym.kind.ja,
                    Lang::En => sym.kind.kind,
                };
                let detail = match title {
                    Some(t) => format!("{kind} {t}"),
                    None => kind.to_string(),
                };
                let label = match seen.get(sym.path.as_str()) {
                    Some(&n) if n > 1 => format!("{}::{}", sym.kind.kind, sym.path),
                    _ => sym.path.clone(),
                };
                items.push(value(&label, Some(&detail), CompletionKind::Reference));
            }
        }
        Ty::RuleId => {
            for r in crate::rules::registry() {
                let title = match lang {
                    Lang::Ja => r.title_ja,
                    Lang::En => r.title_en,
                };
                items.push(value(r.id, Some(title), CompletionKind::Rule));
            }
        }
        Ty::List(inner) | Ty::ListN(inner, _) => value_items(a, inner, lang, items),
        _ => {}
    }
}

/// The items that start with the typed prefix (all when nothing is typed yet).
fn filtered(replace: Span, prefix: &str, items: Vec<CompletionItem>) -> Completions {
    let items = items.into_iter().filter(|i| i.label.starts_with(prefix)).collect();
    Completions { replace, items }
}

/// A short text the editor shows inline after `offset`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    pub offset: usize,
    pub label: String,
}

/// What migc derives, shown where it applies: a risk's level and rank after its
/// impact and likelihood; the legal retention a log must meet after its `retention`.
pub fn inlay_hints(a: &Analysis, file: FileId, lang: Lang) -> Vec<InlayHint> {
    let mut out = Vec::new();
    let matrix = crate::rules::matrix_of(a, a.model.of_kind("model").next());
    let ctx = rules_ctx(a);
    for d in a.model.decls.iter().filter(|d| d.file == file) {
        match d.kind.kind {
            "risk" => {
                let (Some(m), Some(i), Some(l)) = (matrix, d.prop("impact"), d.prop("likelihood")) else { continue };
                let Some(eval) = crate::rules::evaluate_risk(m, d) else { continue };
                let level = eval.impact * eval.likelihood;
                let label = match lang {
                    Lang::Ja => format!("レベル {level}・ランク {}", eval.rank),
                    Lang::En => format!("level {level}, rank {}", eval.rank),
                };
                out.push(InlayHint { offset: i.value.span.end.max(l.value.span.end) as usize, label });
            }
            "log" => {
                // After the retention of the tier kept longest (the log's own in the flat form).
                let longest = crate::rules::logging::longest_tier(d);
                let Some(kept) = longest.and_then(|(t, _)| t.prop("retention")) else { continue };
                let Some(r) = LegalRetention::of(&ctx, d) else { continue };
                let (period, title) = (&r.period, &r.record_title);
                let statute = r.statute.as_deref().map(|s| format!(", {s}")).unwrap_or_default();
                let label = match lang {
                    Lang::Ja => format!("法定 {} 以上 ({title}{statute})", period.ja()),
                    Lang::En => format!("legal: at least {period} ({title}{statute})"),
                };
                out.push(InlayHint { offset: kept.value.span.end as usize, label });
            }
            _ => {}
        }
    }
    out.sort_by_key(|h| h.offset);
    out
}
