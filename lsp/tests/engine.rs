//! The engine on projects on disk: which files get diagnostics when, several
//! projects, files changed on disk, a bad mig.toml, the standard library's copy,
//! the message language and the UTF-8 position encoding.

use migc::diag::Lang;
use migc_lsp::convert::Encoding;
use migc_lsp::engine::{Engine, Publish};
use std::path::{Path, PathBuf};
use tower_lsp_server::ls_types as lsp;

#[path = "support/tokens.rs"]
mod tokens;

const PARTIES: &str = "party 𠮷田メディカル \"𠮷田メディカル株式会社\" {\n  role    provider\n  country JP\n}\n";

const MODEL: &str = "import \"parties.mig\"

model m \"電子カルテ\" {
  editions [std::edition::meti_mic_1_1, std::edition::mhlw_6_0]
  form     application
  provider 𠮷田メディカル
}
";

fn write(root: &Path, name: &str, text: &str) -> std::io::Result<PathBuf> {
    let path = root.join(name);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&path, text)?;
    Ok(path)
}

/// A project `dir` with mig.toml, parties.mig and model.mig.
fn project(root: &Path, dir: &str) -> std::io::Result<(PathBuf, PathBuf)> {
    write(root, &format!("{dir}/mig.toml"), "[project]\nname = \"t\"\n")?;
    let parties = write(root, &format!("{dir}/parties.mig"), PARTIES)?;
    let model = write(root, &format!("{dir}/model.mig"), MODEL)?;
    Ok((parties, model))
}

fn engine(tmp: &Path) -> Engine {
    Engine::new(Lang::Ja, Encoding::Utf16, tmp.join("std"))
}

fn codes_for(publish: &[Publish], path: &Path) -> Option<(Vec<String>, Option<i32>)> {
    let uri = lsp::Uri::from_file_path(path)?;
    let p = publish.iter().rev().find(|p| p.uri == uri)?;
    let codes = p
        .diagnostics
        .iter()
        .filter_map(|d| match &d.code {
            Some(lsp::NumberOrString::String(s)) => Some(s.clone()),
            _ => None,
        })
        .collect();
    Some((codes, p.version))
}

#[test]
fn an_edit_in_one_file_is_judged_in_the_others_open_or_not() -> std::io::Result<()> {
    let tmp = tempfile::tempdir()?;
    let (parties, model) = project(tmp.path(), "p")?;
    let mut e = engine(tmp.path());
    let opened = e.open(&parties, PARTIES, 1);
    let has = |codes: &Option<(Vec<String>, Option<i32>)>, code: &str| {
        codes.as_ref().is_some_and(|(c, _)| c.iter().any(|c| c == code))
    };
    // The buffer's diagnostics at its version (the model is incomplete, but its names resolve).
    let shown = codes_for(&opened, &parties);
    assert_eq!(shown.as_ref().map(|s| s.1), Some(Some(1)));
    assert!(!has(&shown, "MIG2006") && !has(&codes_for(&opened, &model), "MIG2006"));
    // Renaming the party in parties.mig breaks the reference in model.mig, which is not open.
    let renamed = PARTIES.replace("𠮷田メディカル ", "吉田メディカル ");
    let changed = e.change(&parties, &renamed, 2);
    let (codes, version) = codes_for(&changed, &model).unwrap_or_default();
    assert!(codes.contains(&"MIG2006".to_string()), "model.mig: {codes:?}");
    assert_eq!(version, None, "model.mig is not open: no version");
    // Back again: model.mig's diagnostics are cleared.
    let back = e.change(&parties, PARTIES, 3);
    let model_now = codes_for(&back, &model);
    assert!(model_now.is_some() && !has(&model_now, "MIG2006"), "{model_now:?}");
    // An older version than the one held is ignored.
    assert!(e.change(&parties, &renamed, 2).is_empty());
    Ok(())
}

#[test]
fn what_a_buffer_imports_decides_what_is_loaded() -> std::io::Result<()> {
    let tmp = tempfile::tempdir()?;
    write(tmp.path(), "p/mig.toml", "[project]\nentry = [\"model.mig\"]\n")?;
    let parties = write(tmp.path(), "p/parties.mig", PARTIES)?;
    let model = write(tmp.path(), "p/model.mig", MODEL)?;
    let mut e = engine(tmp.path());
    e.open(&model, MODEL, 1);
    // Without the import, parties.mig is no longer loaded: the provider is unknown.
    let unimported = e.change(&model, &MODEL.replace("import \"parties.mig\"\n", ""), 2);
    let (codes, _) = codes_for(&unimported, &model).unwrap_or_default();
    assert!(codes.contains(&"MIG2006".to_string()), "{codes:?}");
    // And parties.mig, which the entries no longer reach, is not analysed: no answers there.
    assert!(e.hover(&parties, lsp::Position { line: 0, character: 8 }).is_none());
    Ok(())
}

#[test]
fn several_projects_are_judged_apart_and_files_changed_on_disk_are_reloaded() -> std::io::Result<()> {
    let tmp = tempfile::tempdir()?;
    let (_, model_a) = project(tmp.path(), "a")?;
    let (parties_b, model_b) = project(tmp.path(), "b")?;
    let mut e = engine(tmp.path());
    e.open(&model_a, MODEL, 1);
    let opened_b = e.open(&model_b, MODEL, 1);
    let shown = codes_for(&opened_b, &model_b).unwrap_or_default();
    assert!(shown.1 == Some(1) && !shown.0.contains(&"MIG2006".to_string()), "{shown:?}");
    // b/parties.mig changes on disk (not open): nothing until the client says so.
    std::fs::write(&parties_b, PARTIES.replace("𠮷田メディカル ", "吉田 "))?;
    let told = e.files_changed(std::slice::from_ref(&parties_b));
    let (codes, version) = codes_for(&told, &model_b).unwrap_or_default();
    assert!(codes.contains(&"MIG2006".to_string()), "{codes:?}");
    assert_eq!(version, Some(1));
    assert_eq!(codes_for(&told, &model_a), None, "project a is not touched");
    Ok(())
}

#[test]
fn a_bad_mig_toml_is_an_error_on_it() -> std::io::Result<()> {
    let tmp = tempfile::tempdir()?;
    let toml = write(tmp.path(), "p/mig.toml", "[project]\nnmae = \"typo\"\n")?;
    let model = write(tmp.path(), "p/model.mig", MODEL)?;
    let mut e = engine(tmp.path());
    let opened = e.open(&model, MODEL, 1);
    let uri = lsp::Uri::from_file_path(&toml);
    let on_toml = opened.iter().find(|p| Some(&p.uri) == uri.as_ref()).map(|p| p.diagnostics.clone());
    let message = on_toml.and_then(|d| d.first().map(|d| d.message.clone())).unwrap_or_default();
    assert!(message.contains("mig.toml") && message.contains("nmae"), "{message}");
    // Fixed on disk and reported: the error goes.
    std::fs::write(&toml, "[project]\nname = \"fixed\"\n")?;
    let fixed = e.files_changed(std::slice::from_ref(&toml));
    assert!(fixed.iter().any(|p| Some(&p.uri) == uri.as_ref() && p.diagnostics.is_empty()));
    Ok(())
}

#[test]
fn definition_opens_a_read_only_copy_of_the_standard_library_that_answers_too() -> std::io::Result<()> {
    let tmp = tempfile::tempdir()?;
    let (_, model) = project(tmp.path(), "p")?;
    let mut e = engine(tmp.path());
    e.open(&model, MODEL, 1);
    // On `meti_mic_1_1` in `editions [std::edition::meti_mic_1_1, …]` (line 3).
    let at = lsp::Position { line: 3, character: 30 };
    let loc = e.definition(&model, at).ok_or_else(|| std::io::Error::other("no definition"))?;
    let path = loc.uri.to_file_path().ok_or_else(|| std::io::Error::other("not a file"))?.into_owned();
    assert_eq!(path, tmp.path().join("std/edition.mig"));
    assert_eq!(std::fs::read_to_string(&path)?, migc::stdlib::source("edition").unwrap_or_default());
    assert!(std::fs::metadata(&path)?.permissions().readonly());
    // In the copy, hover and definition work, and it is never a project of its own.
    let line = migc::stdlib::source("edition").unwrap_or_default().lines().nth(loc.range.start.line as usize);
    assert!(line.is_some_and(|l| l.contains("meti_mic_1_1")));
    let hover = e.hover(&path, loc.range.start);
    assert!(hover.is_some_and(|h| format!("{:?}", h.contents).contains("meti_mic_1_1")));
    assert!(e.open(&path, "", 1).is_empty());
    // Renaming a standard-library name is refused with a reason.
    let refused = e.rename(&model, at, "x");
    assert!(refused.is_err_and(|r| r.0.contains("std::edition::meti_mic_1_1")));
    Ok(())
}

#[test]
fn english_messages_and_utf8_columns_on_request() -> std::io::Result<()> {
    let tmp = tempfile::tempdir()?;
    let (parties, _) = project(tmp.path(), "p")?;
    let mut e = Engine::new(Lang::En, Encoding::Utf8, tmp.path().join("std"));
    let broken = PARTIES.replace("role    provider", "role    provder");
    let opened = e.open(&parties, &broken, 1);
    let uri = lsp::Uri::from_file_path(&parties);
    let d = opened.iter().find(|p| Some(&p.uri) == uri.as_ref()).and_then(|p| p.diagnostics.first().cloned());
    let d = d.ok_or_else(|| std::io::Error::other("no diagnostic"))?;
    assert!(d.message.contains("did you mean") || d.message.contains("provider"), "{}", d.message);
    // `provder` starts at byte 10 of line 1 (UTF-8 columns are bytes).
    assert_eq!(d.range.start, lsp::Position { line: 1, character: 10 });
    // On line 0, UTF-8 columns count 𠮷 as 4 bytes: hover at the name's second character.
    let hover = e.hover(&parties, lsp::Position { line: 0, character: 10 });
    assert_eq!(hover.and_then(|h| h.range).map(|r| r.start), Some(lsp::Position { line: 0, character: 6 }));
    Ok(())
}

#[test]
fn a_buffer_that_is_no_file_is_checked_alone() -> std::io::Result<()> {
    let tmp = tempfile::tempdir()?;
    let mut e = engine(tmp.path());
    let uri: lsp::Uri = "untitled:Untitled-1".parse().map_err(|_| std::io::Error::other("uri"))?;
    let path = migc_lsp::engine::path_of(&uri).ok_or_else(|| std::io::Error::other("no path"))?;
    assert_eq!(migc_lsp::engine::uri_of_path(&path), Some(uri.clone()));
    let broken = PARTIES.replace("role    provider", "role    provder");
    let opened = e.open(&path, &broken, 1);
    let p = opened.iter().find(|p| p.uri == uri).ok_or_else(|| std::io::Error::other("nothing published"))?;
    assert_eq!(p.version, Some(1));
    let codes: Vec<String> = p.diagnostics.iter().map(|d| format!("{:?}", d.code)).collect();
    // A fragment: the bad value, and no "no model" warning (MIG3005) as for a project.
    assert!(codes.iter().any(|c| c.contains("MIG2")) && !codes.iter().any(|c| c.contains("MIG3005")), "{codes:?}");
    assert!(e.hover(&path, lsp::Position { line: 0, character: 8 }).is_some());
    Ok(())
}

/// Apply LSP text edits (non-overlapping) to a text in UTF-16 positions.
fn apply(text: &str, edits: &[lsp::TextEdit]) -> String {
    let offset = |p: lsp::Position| {
        let mut at = 0;
        for (i, line) in text.split_inclusive('\n').enumerate() {
            if i == p.line as usize {
                let mut units = 0;
                for (b, c) in line.char_indices() {
                    if units >= p.character {
                        return at + b;
                    }
                    units += c.len_utf16() as u32;
                }
                return at + line.trim_end_matches('\n').len();
            }
            at += line.len();
        }
        text.len()
    };
    let mut edits: Vec<&lsp::TextEdit> = edits.iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse((e.range.start.line, e.range.start.character)));
    let mut out = text.to_string();
    for e in edits {
        out.replace_range(offset(e.range.start)..offset(e.range.end), &e.new_text);
    }
    out
}

#[test]
fn a_quick_fix_repairs_a_misspelt_value_and_names_its_diagnostic() -> std::io::Result<()> {
    let tmp = tempfile::tempdir()?;
    let (parties, _) = project(tmp.path(), "p")?;
    let mut e = engine(tmp.path());
    let broken = PARTIES.replace("role    provider", "role    provder");
    let opened = e.open(&parties, &broken, 1);
    let uri = lsp::Uri::from_file_path(&parties).ok_or_else(|| std::io::Error::other("uri"))?;
    let shown = opened.iter().find(|p| p.uri == uri).map(|p| p.diagnostics.clone()).unwrap_or_default();
    let at =
        lsp::Range { start: lsp::Position { line: 1, character: 10 }, end: lsp::Position { line: 1, character: 10 } };
    let actions = e.code_actions(&parties, at, &shown);
    let Some(lsp::CodeActionOrCommand::CodeAction(fix)) = actions.first() else {
        return Err(std::io::Error::other(format!("no action: {actions:?}")));
    };
    assert_eq!(fix.kind, Some(lsp::CodeActionKind::QUICKFIX));
    assert_eq!(fix.is_preferred, Some(true));
    assert!(fix.diagnostics.as_ref().is_some_and(|d| d.len() == 1 && d[0].range.start.line == 1), "{fix:?}");
    let edits = fix.edit.as_ref().and_then(|w| w.changes.as_ref()).and_then(|c| c.get(&uri)).cloned();
    let fixed = apply(&broken, &edits.unwrap_or_default());
    assert_eq!(fixed, PARTIES);
    Ok(())
}

#[test]
fn semantic_tokens_folding_and_workspace_symbols() -> std::io::Result<()> {
    let tmp = tempfile::tempdir()?;
    let (parties, model) = project(tmp.path(), "p")?;
    let mut e = engine(tmp.path());
    e.open(&model, MODEL, 1);
    let tokens: Vec<(u32, u32, u32, String, u32)> = tokens::decode(&e.semantic_tokens(&parties))
        .into_iter()
        .map(|t| (t.line, t.col, t.length, t.ty, t.modifiers))
        .collect();
    // `party 𠮷田メディカル "…"`: the keyword, then the name (𠮷 is two UTF-16 units: 8 in all),
    // a party's declaration (class, modifier `declaration` = bit 0).
    assert_eq!(tokens.first(), Some(&(0, 0, 5, "keyword".to_string(), 0)));
    assert_eq!(tokens.get(1), Some(&(0, 6, 8, "class".to_string(), 1)));
    assert!(tokens.iter().any(|t| t.0 == 1 && t.3 == "property"));
    // The party's block spans lines 0 to 3.
    let folds = e.folding_ranges(&parties);
    assert!(folds.iter().any(|f| f.start_line == 0 && f.end_line == 3), "{folds:?}");
    // Workspace symbols: the party, found by part of its Japanese name.
    let found = e.workspace_symbols("メディ");
    assert_eq!(found.first().map(|s| s.name.as_str()), Some("𠮷田メディカル"));
    Ok(())
}

#[test]
fn edits_are_versioned_and_snippets_offered_only_when_the_client_takes_them() -> std::io::Result<()> {
    let tmp = tempfile::tempdir()?;
    let (_, model) = project(tmp.path(), "p")?;
    let mut e = engine(tmp.path());
    e.open(&model, MODEL, 4);
    // Rename the provider (line 5 of model.mig) with versioned edits.
    e.document_changes = true;
    let edit =
        e.rename(&model, lsp::Position { line: 5, character: 12 }, "よしだ").map_err(|r| std::io::Error::other(r.0))?;
    let Some(lsp::DocumentChanges::Edits(docs)) = edit.document_changes else {
        return Err(std::io::Error::other("no documentChanges"));
    };
    let versions: Vec<(String, Option<i32>)> = docs
        .iter()
        .map(|d| (d.text_document.uri.as_str().rsplit('/').next().unwrap_or("").to_string(), d.text_document.version))
        .collect();
    // The open buffer at its version; the file on disk with none.
    assert_eq!(versions, vec![("model.mig".to_string(), Some(4)), ("parties.mig".to_string(), None)]);
    assert!(edit.changes.is_none());
    // A client without snippet support gets no snippet items at the top level.
    let at_top = lsp::Position { line: 7, character: 0 };
    let labels = |e: &mut Engine| -> Vec<String> {
        match e.completion(&model, at_top) {
            Some(lsp::CompletionResponse::List(l)) => l.items.into_iter().map(|i| i.label).collect(),
            _ => Vec::new(),
        }
    };
    assert!(labels(&mut e).iter().any(|l| l == "party {…}"));
    e.snippets = false;
    let plain = labels(&mut e);
    assert!(plain.iter().any(|l| l == "party") && !plain.iter().any(|l| l.ends_with("{…}")), "{plain:?}");
    Ok(())
}
