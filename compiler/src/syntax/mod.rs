//! Parsing: text → [`SourceFile`] + diagnostics. Never fails.
//!
//! pest stops at the first error, so the file is first split into top-level items
//! by [`split_items`], a cheap scan that knows strings, comments and braces. Each
//! item is parsed alone; one that fails becomes an [`Item::Error`] and a
//! diagnostic, and every other item is kept.

mod ast;
mod build;
mod scan;

pub use ast::*;
pub use scan::{ItemChunk, MAX_NESTING, split_items};

use crate::diag::{Diagnostic, FileId};

#[derive(pest_derive::Parser)]
#[grammar = "syntax/mig.pest"]
pub(crate) struct MigParser;

/// Parse one file. Never fails: problems become diagnostics and error nodes.
pub fn parse(file: FileId, text: &str) -> (SourceFile, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let scanned = split_items(text);
    let mut items = Vec::with_capacity(scanned.chunks.len());
    for chunk in &scanned.chunks {
        match build::parse_chunk(file, text, chunk, &mut diags) {
            Some(item) => items.push(item),
            None => items.push(Item::Error(chunk.span)),
        }
    }
    let comments = scanned.comments;
    attach_docs(text, &mut items, &comments);
    (SourceFile { items, comments }, diags)
}

/// Give each declaration the text of the `///` comments directly above it
/// (only blank space between them).
fn attach_docs(text: &str, items: &mut [Item], comments: &[Comment]) {
    let mut ci = 0usize;
    for item in items.iter_mut() {
        let Item::Decl(decl) = item else { continue };
        // Find the last comment that ends before the declaration.
        while ci < comments.len() && comments[ci].span.end <= decl.span.start {
            ci += 1;
        }
        let mut lines: Vec<&str> = Vec::new();
        let mut next_start = decl.span.start as usize;
        let mut j = ci;
        while j > 0 {
            let c = &comments[j - 1];
            let gap = text.get(c.span.end as usize..next_start).unwrap_or("x");
            if !c.doc || !gap.chars().all(char::is_whitespace) || gap.matches('\n').count() > 1 {
                break;
            }
            let body = text.get(c.span.range()).unwrap_or("");
            let body = body.strip_prefix("///").unwrap_or(body);
            lines.push(body.strip_prefix(' ').unwrap_or(body).trim_end());
            next_start = c.span.start as usize;
            j -= 1;
        }
        if !lines.is_empty() {
            lines.reverse();
            decl.doc = Some(lines.join("\n"));
        }
    }
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
        assert_eq!(file.items.len(), 1);
        let Item::Decl(d) = &file.items[0] else { panic!("not a decl") };
        assert_eq!(d.kind.text, "asset");
        assert_eq!(d.name.as_ref().map(|n| n.text.as_str()), Some("ehr_db"));
        assert_eq!(d.doc.as_deref(), Some("診療録を保存するDB"));
        assert_eq!(d.target.as_ref().map(Path::text).as_deref(), Some("x"));
        let keys: Vec<&str> = d.body.entries.iter().map(|e| e.key.text.as_str()).collect();
        assert_eq!(
            keys,
            ["kind", "stores", "encrypted", "count", "retention", "tested", "tls", "rule", "note", "nested", "return"]
        );
        let note = &d.body.entries[8].value.kind;
        assert!(matches!(note, ValueKind::String(s) if s == "a \"q\" 😀"));
        assert_eq!(d.body.entries[10].label.as_ref().map(|l| l.text.as_str()), Some("返却"));
        assert_eq!(file.comments.len(), 1);
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
    fn recovers_per_declaration() {
        let src = "party a {\n role provider\n}\nparty b {\n role = x\n}\nsite c {\n}\nflow d {{\n}\nparty e { x 1 }\n";
        let (file, diags) = parse(FileId(0), src);
        let names: Vec<(String, bool)> = file
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Decl(d) => d.name.as_ref().map(|n| (n.text.clone(), d.recovered)),
                _ => None,
            })
            .collect();
        let names: Vec<(&str, bool)> = names.iter().map(|(n, r)| (n.as_str(), *r)).collect();
        // b and d keep only their headers, so their names stay defined.
        assert_eq!(names, [("a", false), ("b", true), ("c", false), ("d", true), ("e", false)]);
        assert_eq!(diags.len(), 2, "{diags:#?}");
    }
}
