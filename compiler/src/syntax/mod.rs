//! Parsing: text → [`SourceFile`] (the lossless [`SyntaxTree`], read through the
//! typed AST view in [`ast`]) + diagnostics. Never fails, and linear in the input.
//!
//! [`lexer`] cuts the text into tokens that cover every byte; [`parser`] reads them
//! by recursive descent into the tree, recovering at the smallest unit; the view's
//! accessors read declarations, entries and values off the tree.
//! `mig.pest` is the normative grammar: [`oracle`] runs it with pest, and the
//! differential tests require both to agree ([`owned`] materialises the view).

mod ast;
pub mod lexer;
mod literal;
#[doc(hidden)]
pub mod oracle;
#[doc(hidden)]
pub mod owned;
mod parser;
pub mod tree;

pub use ast::*;
pub use lexer::{Token, TokenKind};
pub use parser::MAX_NESTING;
pub use tree::{Element, Node, NodeId, NodeKind, SyntaxTree};

use crate::diag::{Diagnostic, FileId};
use std::sync::Arc;

#[derive(pest_derive::Parser)]
#[grammar = "syntax/mig.pest"]
pub(crate) struct MigParser;

/// Parse one file. Never fails: problems become diagnostics and error nodes.
pub fn parse(file: FileId, text: impl Into<Arc<str>>) -> (SourceFile, Vec<Diagnostic>) {
    let text: Arc<str> = text.into();
    let tokens = lexer::lex(&text);
    let mut parsed = parser::Parser::new(file, &text, tokens).parse_file();
    // A bracket left open swallowed the rest of the file: read it again, ending open
    // brackets where a declaration starts in column 0 (at most one more linear pass).
    if parsed.unclosed_at_eof {
        let tokens = std::mem::take(&mut parsed.tree.tokens);
        parsed = parser::Parser::new(file, &text, tokens).cutting_at_declarations().parse_file();
    }
    (SourceFile { text, syntax: parsed.tree }, parsed.diags)
}

/// The paths of the top-level `import "..."` items, from the tokens alone (the
/// loader reads imported files before anything is parsed).
pub fn import_specs(text: &str) -> Vec<String> {
    // Most files import nothing. An import is `import`, blanks, then `"` on the same
    // line; a substring search that finds no such place settles a file without lexing.
    let bytes = text.as_bytes();
    let may_import = memchr::memmem::find_iter(bytes, b"import").any(|at| {
        // The word `import`, not the end of a longer name (`lab_import "…"`).
        let word_start =
            at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_' || bytes[at - 1] >= 0x80);
        let rest = &bytes[at + 6..];
        let blanks = rest.iter().take_while(|b| matches!(b, b' ' | b'\t')).count();
        word_start && rest.get(blanks) == Some(&b'"')
    });
    if !may_import {
        return Vec::new();
    }
    let tokens = lexer::lex(text);
    let significant: Vec<(usize, &Token)> = tokens.iter().enumerate().filter(|(_, t)| !t.kind.is_trivia()).collect();
    let text_of = |i: usize| {
        let end = tokens.get(i + 1).map_or(text.len(), |n| n.start as usize);
        text.get(tokens[i].start as usize..end).unwrap_or("")
    };
    let mut depth = 0usize;
    let mut out = Vec::new();
    for (k, (i, t)) in significant.iter().enumerate() {
        match t.kind {
            TokenKind::LBrace | TokenKind::LBracket => depth += 1,
            TokenKind::RBrace | TokenKind::RBracket => depth = depth.saturating_sub(1),
            TokenKind::Ident if depth == 0 && text_of(*i) == "import" => {
                if let Some((j, next)) = significant.get(k + 1)
                    && next.kind == TokenKind::String
                {
                    let s = text_of(*j);
                    out.push(s.get(1..s.len() - 1).unwrap_or("").to_string());
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> SourceFile {
        let (file, diags) = parse(FileId(0), text);
        assert!(diags.is_empty(), "unexpected diagnostics: {diags:#?}");
        file
    }

    #[test]
    fn parses_a_declaration_with_every_value_type() {
        let src = r#"
/// 診療録を保存するDB
asset ehr_db "電子カルテDB" on x {
  kind storage
  stores [診療録, std::record::medical_record]
  encrypted true; count 3
  retention 5y
  tested 2027-03-31
  tls 1.3
  rule MIG-AUTH-001
  note "a \"q\" \u{1F600}"
  nested { a 1 }
  return 返却 "title" {
    within 30d
  }
}
"#;
        let file = parse_ok(src);
        assert_eq!(file.items().count(), 1);
        let Some(Item::Decl(d)) = file.items().next() else { panic!("not a decl") };
        let p = d.parts();
        assert_eq!(p.kind.text, "asset");
        assert_eq!(p.name.map(|n| n.text), Some("ehr_db"));
        assert_eq!(p.title.map(|t| t.value().into_owned()).as_deref(), Some("電子カルテDB"));
        assert_eq!(d.doc().as_deref(), Some("診療録を保存するDB"));
        assert_eq!(p.target.map(Path::text), Some("x"));
        let entries: Vec<EntryParts> = p.body.into_iter().flat_map(|b| b.entries()).map(|e| e.parts()).collect();
        let keys: Vec<&str> = entries.iter().map(|e| e.key.text).collect();
        assert_eq!(
            keys,
            ["kind", "stores", "encrypted", "count", "retention", "tested", "tls", "rule", "note", "nested", "return"]
        );
        let stores: Vec<&str> = match &entries[1].value.kind {
            ValueKind::List(l) => l
                .values()
                .filter_map(|v| match v.kind {
                    ValueKind::Ref(p) => Some(p.text()),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        assert_eq!(stores, ["診療録", "std::record::medical_record"]);
        assert!(matches!(entries[2].value.kind, ValueKind::Bool(true)));
        assert!(matches!(entries[4].value.kind, ValueKind::Duration { amount: 5, unit: DurationUnit::Years }));
        assert!(matches!(entries[5].value.kind, ValueKind::Date { year: 2027, month: 3, day: 31 }));
        assert!(matches!(&entries[6].value.kind, ValueKind::Version(v) if v == &[1, 3]));
        assert!(matches!(entries[7].value.kind, ValueKind::RuleId("MIG-AUTH-001")));
        let note = &entries[8].value.kind;
        assert!(matches!(note, ValueKind::String(s) if s == "a \"q\" 😀"));
        assert_eq!(entries[10].label.map(|l| l.text), Some("返却"));
        assert_eq!(entries[10].title.map(|t| t.value().into_owned()).as_deref(), Some("title"));
        let ValueKind::Block(ret) = entries[10].value.kind else { panic!("not a block") };
        assert_eq!(ret.entries().map(|e| e.parts().key.text).collect::<Vec<_>>(), ["within"]);
        assert_eq!(ret.span().range(), src.find("{\n    within").unwrap_or(0)..src.rfind("  }").unwrap_or(0) + 3);
    }

    #[test]
    fn import_specs_are_the_top_level_imports_only() {
        assert_eq!(
            import_specs("import \"a.mig\"\nflow lab_import \"取込\" { x 1 }\n受付import \"b\" {}\n"),
            ["a.mig"]
        );
        assert_eq!(import_specs("party p {}\nimport\t\"b.mig\"\n"), ["b.mig"]);
        assert!(import_specs("flow lab_import \"取込\" {}\n").is_empty());
        assert!(import_specs("x { import \"c.mig\" }\n").is_empty());
    }

    #[test]
    fn two_properties_on_one_line_are_an_error() {
        let (_, diags) = parse(FileId(0), "risk R1 {\n  impact 4 likelihood 3\n}\n");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, "MIG1001");
        let l = diags[0].primary_label().map(|l| l.span);
        assert_eq!(l, Some(Span::new(21, 31)));
    }

    #[test]
    fn recovers_inside_declarations() {
        let src = "party a {\n role provider\n}\nparty b {\n role = x\n country JP\n}\nsite c {\n}\nflow d {{\n}\nparty e { x 1 }\n";
        let (file, diags) = parse(FileId(0), src);
        let decls: Vec<(&str, Vec<&str>, bool)> = file
            .decls()
            .map(|d| {
                let p = d.parts();
                (
                    p.name.map_or("", |n| n.text),
                    p.body.into_iter().flat_map(|b| b.entries()).map(|e| e.parts().key.text).collect(),
                    p.body.is_none_or(|b| b.recovered()),
                )
            })
            .collect();
        // b keeps both entries (`role` with an invalid value); d is cut at `party e`.
        assert_eq!(
            decls,
            [
                ("a", vec!["role"], false),
                ("b", vec!["role", "country"], false),
                ("c", vec![], false),
                ("d", vec![], true),
                ("e", vec!["x"], false)
            ]
        );
        let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["MIG1001", "MIG1001", "MIG1002"], "{diags:#?}");
        assert_eq!(file.syntax.reprint(src), src);
    }

    #[test]
    fn the_tree_holds_every_byte_and_finds_nodes_by_offset() {
        let src = "// c\nflow f \"t\" on x {\n  carries [a, std::b] // tail\n  step s { n 1 }\n}\n";
        let (file, diags) = parse(FileId(0), src);
        assert!(diags.is_empty(), "{diags:#?}");
        let tree = &file.syntax;
        assert_eq!(tree.reprint(src), src);
        let kind_at = |needle: &str| {
            let at = src.find(needle).unwrap_or(0) as u32;
            tree.node_at(at).and_then(|n| tree.node(n)).map(|n| n.kind)
        };
        assert_eq!(kind_at("std::b"), Some(NodeKind::Path));
        assert_eq!(kind_at("[a"), Some(NodeKind::List));
        assert_eq!(kind_at("n 1"), Some(NodeKind::Entry));
        assert_eq!(kind_at("x {"), Some(NodeKind::Path));
        assert_eq!(kind_at("// c"), Some(NodeKind::File));
        let chain: Vec<NodeKind> = tree
            .nodes_at(src.find("n 1").unwrap_or(0) as u32)
            .into_iter()
            .filter_map(|n| tree.node(n).map(|n| n.kind))
            .collect();
        assert_eq!(
            chain,
            [NodeKind::File, NodeKind::Decl, NodeKind::Block, NodeKind::Entry, NodeKind::Block, NodeKind::Entry]
        );
        // The declaration's direct children: its tokens, the target and the block.
        let decl = tree.children(0).find_map(|e| match e {
            Element::Node(n) => Some(n),
            Element::Token(_) => None,
        });
        let kinds: Vec<String> = decl
            .map(|d| {
                tree.children(d)
                    .map(|e| match e {
                        Element::Node(n) => format!("{:?}", tree.node(n).map(|n| n.kind)),
                        Element::Token(t) => format!("{:?}", tree.token_kind(t)),
                    })
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(
            kinds,
            [
                "Some(Ident)",
                "Some(Whitespace)",
                "Some(Ident)",
                "Some(Whitespace)",
                "Some(String)",
                "Some(Whitespace)",
                "Some(Target)",
                "Some(Whitespace)",
                "Some(Block)"
            ]
        );
    }
}
