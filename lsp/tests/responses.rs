//! What the server answers, as the editor receives it (LSP JSON), on a two-file
//! project with Japanese and astral names and two mistakes: insta snapshots, with the
//! temporary directory shown as `<root>` and the standard library's copy as `<std>`.

use migc::diag::Lang;
use migc_lsp::convert::Encoding;
use migc_lsp::engine::Engine;
use serde::Serialize;
use std::path::Path;
use tower_lsp_server::ls_types as lsp;

#[path = "support/tokens.rs"]
mod tokens;

const PARTIES: &str =
    "/// 提供事業者。\nparty 𠮷田メディカル \"𠮷田メディカル株式会社\" {\n  role    provder\n  country JP\n}\n";

const MODEL: &str = "import \"parties.mig\"

model m \"電子カルテ\" {
  editions [std::edition::meti_mic_1_1, std::edition::mhlw_6_0]
  form     application
  provider 𠮷田メディカル
}

site dc \"東京DC\" {
  kind    datacenter
  country JP
}

asset db \"DB\" {
  kind       server
  at         dc
  managed_by 𠮷田メディカル
}
";

/// JSON of `value` with the machine's paths replaced.
fn shown(value: &impl Serialize, root: &Path, std_dir: &Path) -> String {
    // Through `Value`: its maps are sorted, so a `WorkspaceEdit`'s files come in one order.
    let json = serde_json::to_value(value).and_then(|v| serde_json::to_string_pretty(&v)).unwrap_or_default();
    let uri = |p: &Path| lsp::Uri::from_file_path(p).map(|u| u.as_str().to_string()).unwrap_or_default();
    json.replace(&uri(std_dir), "<std>")
        .replace(&uri(root), "<root>")
        .replace(&std_dir.display().to_string(), "<std>")
        .replace(&root.display().to_string(), "<root>")
}

fn pos(line: u32, character: u32) -> lsp::Position {
    lsp::Position { line, character }
}

#[test]
fn responses() -> std::io::Result<()> {
    let tmp = tempfile::tempdir()?;
    let root = tmp.path().join("p");
    let std_dir = tmp.path().join("std");
    std::fs::create_dir_all(&root)?;
    std::fs::write(root.join("mig.toml"), "[project]\nname = \"t\"\n")?;
    let parties = root.join("parties.mig");
    let model = root.join("model.mig");
    std::fs::write(&parties, PARTIES)?;
    std::fs::write(&model, MODEL)?;
    let mut e = Engine::new(Lang::Ja, Encoding::Utf16, std_dir.clone());

    // Diagnostics of parties.mig (open): the misspelt role, with its quick fix's code.
    let published = e.open(&parties, PARTIES, 1);
    let on_parties: Vec<_> = published.iter().filter(|p| p.uri.as_str().ends_with("parties.mig")).collect();
    insta::assert_snapshot!("diagnostics_parties", shown(&on_parties, &root, &std_dir));

    // Hover on the provider reference in model.mig (line 5, on メ), in English too.
    e.open(&model, MODEL, 1);
    insta::assert_snapshot!("hover_reference", shown(&e.hover(&model, pos(5, 13)), &root, &std_dir));
    // Completion after `kind ` in the site block: the values, Japanese labels included.
    let edited = MODEL.replace("  kind    datacenter\n", "  kind    \n");
    e.change(&model, &edited, 2);
    insta::assert_snapshot!("completion_site_kind", shown(&e.completion(&model, pos(9, 10)), &root, &std_dir));
    e.change(&model, MODEL, 3);
    // Code actions on the misspelt role.
    let context = on_parties.first().map(|p| p.diagnostics.clone()).unwrap_or_default();
    let range = lsp::Range { start: pos(2, 10), end: pos(2, 10) };
    insta::assert_snapshot!("code_actions_role", shown(&e.code_actions(&parties, range, &context), &root, &std_dir));
    // Definition into the standard library.
    insta::assert_snapshot!("definition_std", shown(&e.definition(&model, pos(3, 30)), &root, &std_dir));
    // Rename across both files.
    insta::assert_snapshot!(
        "rename_party",
        shown(&e.rename(&model, pos(5, 13), "よしだ").map_err(|r| r.0), &root, &std_dir)
    );
    insta::assert_snapshot!("document_symbols_model", shown(&e.document_symbols(&model), &root, &std_dir));
    insta::assert_snapshot!("folding_model", shown(&e.folding_ranges(&model), &root, &std_dir));
    // Semantic tokens, decoded: line, column, length (UTF-16), type, modifier bits.
    let tokens: Vec<String> = tokens::decode(&e.semantic_tokens(&parties))
        .iter()
        .map(|t| format!("{}:{} +{} {} {:03b}", t.line, t.col, t.length, t.ty, t.modifiers))
        .collect();
    insta::assert_snapshot!("semantic_tokens_parties", tokens.join("\n"));
    Ok(())
}
