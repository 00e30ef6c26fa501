//! Semantic tokens: what each word of a file is, for the editor's colours.

use super::{first_significant, prop_at};
use crate::analysis::Analysis;
use crate::diag::FileId;
use crate::schema::Ty;
use crate::syntax::{NodeKind, Span, TokenKind};

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SemanticKind {
    /// A declaration kind, `import`, `on`, `true` / `false`.
    Keyword,
    /// A property key.
    Property,
    /// The name of a declaration of this kind (`party`, `site`, `threat`…), where
    /// it is declared (modifier `declaration`) or referred to.
    Symbol(&'static str),
    /// A value of an enumeration or a level label, a country code.
    EnumMember,
    String,
    /// An integer, a date, a duration, a version.
    Number,
    Comment,
    /// A guideline rule id.
    RuleId,
}

/// Modifiers of a token.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Modifiers {
    /// The name where the declaration is.
    pub declaration: bool,
    /// A name of the standard library (`std::…`).
    pub default_library: bool,
    /// A doc comment (`///`).
    pub documentation: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SemanticToken {
    pub span: Span,
    pub kind: SemanticKind,
    pub modifiers: Modifiers,
}

/// The classified tokens of a file, in order, never overlapping, each on one line
/// (a `std::` path is one token). Punctuation, blanks and unresolved names are left out.
pub fn semantic_tokens(a: &Analysis, file: FileId) -> Vec<SemanticToken> {
    let (Some(info), Some(tree)) = (a.file(file), a.trees.get(file.0 as usize).map(|t| &t.syntax)) else {
        return Vec::new();
    };
    let text = &*info.text;
    // The innermost node of each token (nodes are in preorder: deeper ones come
    // later), and the parent of each node.
    let mut owner = vec![0u32; tree.tokens.len()];
    let mut parent = vec![u32::MAX; tree.nodes.len()];
    let mut open: Vec<(u32, u32)> = Vec::new();
    for (id, n) in tree.nodes.iter().enumerate() {
        let id = id as u32;
        while open.last().is_some_and(|&(_, end)| end <= id) {
            open.pop();
        }
        if let (Some(&(up, _)), Some(p)) = (open.last(), parent.get_mut(id as usize)) {
            *p = up;
        }
        open.push((id, n.end_node));
        for t in n.first_token..n.end_token {
            if let Some(o) = owner.get_mut(t as usize) {
                *o = id;
            }
        }
    }
    // The nodes from the root down to `node`.
    let chain_to = |node: u32| {
        let mut chain = vec![node];
        while let Some(&up) = chain.last().and_then(|&n| parent.get(n as usize)).filter(|&&up| up != u32::MAX) {
            chain.push(up);
        }
        chain.reverse();
        chain
    };
    let first_occ = a.occurrences.partition_point(|o| o.file < file);
    let mut occs = a.occurrences[first_occ..].iter().filter(|o| o.file == file).peekable();
    let mut out = Vec::new();
    let mut covered_to = 0u32;
    for i in 0..tree.tokens.len() as u32 {
        let span = tree.token_span(i);
        if span.start < covered_to {
            continue;
        }
        let mut modifiers = Modifiers::default();
        let Some(token_kind) = tree.token_kind(i) else { continue };
        let kind = match token_kind {
            TokenKind::Comment => SemanticKind::Comment,
            TokenKind::DocComment => {
                modifiers.documentation = true;
                SemanticKind::Comment
            }
            TokenKind::String | TokenKind::UnterminatedString => SemanticKind::String,
            TokenKind::Integer | TokenKind::Date | TokenKind::Version | TokenKind::Duration => SemanticKind::Number,
            TokenKind::RuleId => SemanticKind::RuleId,
            TokenKind::Ident => {
                while occs.peek().is_some_and(|o| o.span.start < span.start) {
                    occs.next();
                }
                if let Some(o) = occs.peek().filter(|o| o.span.start == span.start)
                    && let Some(sym) = a.symbols.get(o.symbol)
                {
                    modifiers.declaration = o.definition;
                    modifiers.default_library = a.file(sym.file).is_some_and(|f| f.stdlib_module.is_some());
                    covered_to = o.span.end;
                    out.push(SemanticToken { span: o.span, kind: SemanticKind::Symbol(sym.kind.kind), modifiers });
                    continue;
                }
                let word = text.get(span.range()).unwrap_or("");
                let node = owner.get(i as usize).copied().unwrap_or(0);
                let first = first_significant(tree, node) == Some(i);
                match tree.node(node).map(|n| n.kind) {
                    Some(NodeKind::Decl | NodeKind::Import) if first => SemanticKind::Keyword,
                    Some(NodeKind::Entry) if first => SemanticKind::Property,
                    Some(NodeKind::Target) if word == "on" => SemanticKind::Keyword,
                    _ if word == "true" || word == "false" => SemanticKind::Keyword,
                    Some(NodeKind::Path) => {
                        let chain = chain_to(node);
                        let is_value = prop_at(tree, text, &chain).is_some_and(|p| takes_word(&p.ty));
                        if !is_value {
                            continue;
                        }
                        SemanticKind::EnumMember
                    }
                    _ => continue,
                }
            }
            _ => continue,
        };
        out.push(SemanticToken { span, kind, modifiers });
    }
    out
}

/// Whether a type's values are written as plain words (not names of declarations).
fn takes_word(ty: &Ty) -> bool {
    match ty {
        Ty::Enum(_) | Ty::Level(_) | Ty::Country => true,
        Ty::List(inner) | Ty::ListN(inner, _) => takes_word(inner),
        _ => false,
    }
}
