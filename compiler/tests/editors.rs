//! The editor support in `editors/vscode/`: the TextMate grammar knows exactly the
//! schema's declaration kinds, every snippet expands to text migc reads without a
//! syntax or schema error (each choice of each placeholder tried), and, with the
//! npm packages installed (`.ci/run` installs them and sets `MIGC_EDITOR_TESTS=require`),
//! the grammar's own assertion tests pass and the extension packages as a `.vsix` (its
//! `vscode:prepublish` bundles the language client into `dist/extension.js`).

use migc::workspace::Workspace;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn vscode_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../editors/vscode")
}

fn read_json(rel: &str) -> Result<Value, String> {
    let text = std::fs::read_to_string(vscode_dir().join(rel)).map_err(|e| format!("{rel}: {e}"))?;
    serde_json::from_str(&text).map_err(|e| format!("{rel}: {e}"))
}

#[test]
fn the_grammar_knows_exactly_the_declaration_kinds() -> Result<(), String> {
    let grammar = read_json("syntaxes/mig.tmLanguage.json")?;
    let pattern = grammar["repository"]["declaration"]["match"].as_str().ok_or("no declaration pattern")?;
    let inner = pattern
        .strip_prefix(r"^\s*(")
        .and_then(|p| p.split_once(r")\b"))
        .map(|(kinds, _)| kinds)
        .ok_or(format!("unexpected declaration pattern {pattern}"))?;
    let in_grammar: Vec<&str> = inner.split('|').collect();
    let mut in_schema: Vec<&str> = migc::schema::KINDS.iter().map(|k| k.kind).collect();
    in_schema.sort();
    assert_eq!(in_grammar, in_schema, "update the `declaration` pattern of mig.tmLanguage.json");
    Ok(())
}

/// A snippet body with every placeholder at its default and choice `k` taken for
/// placeholder `which` (the first choice elsewhere). Also: how many choices `which` has.
fn expand(body: &str, which: usize, k: usize) -> (String, usize) {
    let mut out = String::new();
    let mut choices_of_which = 0;
    let mut rest = body;
    let mut index = 0;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        if let Some(inner) = rest.strip_prefix('{') {
            let end = inner.find('}').unwrap_or(inner.len());
            let spec = &inner[..end];
            rest = inner.get(end + 1..).unwrap_or("");
            let (_, value) = spec.split_once([':', '|']).unwrap_or((spec, ""));
            if spec.contains('|') {
                let options: Vec<&str> = value.trim_end_matches('|').split(',').collect();
                let pick = if index == which {
                    choices_of_which = options.len();
                    k.min(options.len() - 1)
                } else {
                    0
                };
                out.push_str(options[pick]);
                index += 1;
            } else {
                out.push_str(value);
            }
        } else {
            // `$0`, `$1`: a tab stop without text.
            rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        }
    }
    out.push_str(rest);
    (out, choices_of_which)
}

#[test]
fn every_snippet_expands_to_a_declaration_migc_reads() -> Result<(), String> {
    let snippets = read_json("snippets/mig.json")?;
    let snippets = snippets.as_object().ok_or("snippets are not an object")?;
    assert!(snippets.len() >= 12, "only {} snippets", snippets.len());
    let mut checked = 0;
    for (name, snippet) in snippets {
        let lines: Vec<&str> =
            snippet["body"].as_array().ok_or(format!("{name}: no body"))?.iter().filter_map(Value::as_str).collect();
        let body = lines.join("\n").replace('\t', "  ");
        let choices = body.matches("|}").count();
        for which in 0..choices.max(1) {
            let mut k = 0;
            loop {
                let (text, options) = expand(&body, which, k);
                let mut ws = Workspace::new("/snippet");
                ws.set_text("/snippet/a.mig", text.as_str());
                let analysis = migc::analyze(&ws);
                let wrong: Vec<String> = analysis
                    .diagnostics
                    .iter()
                    .filter(|d| {
                        d.code.starts_with("MIG1")
                            || ["MIG2002", "MIG2003", "MIG2004", "MIG2012"].contains(&d.code.as_str())
                    })
                    .map(|d| format!("{} {}", d.code, d.message.en))
                    .collect();
                assert!(wrong.is_empty(), "snippet {name}:\n{text}\n{wrong:#?}");
                checked += 1;
                k += 1;
                if k >= options {
                    break;
                }
            }
        }
    }
    assert!(checked > 40, "only {checked} expansions checked");
    Ok(())
}

fn npm_tool(name: &str) -> Option<PathBuf> {
    let tool = vscode_dir().join("node_modules/.bin").join(name);
    if tool.exists() {
        return Some(tool);
    }
    assert!(
        std::env::var("MIGC_EDITOR_TESTS").as_deref() != Ok("require"),
        "{name} is not installed: run `npm ci` in editors/vscode"
    );
    eprintln!("skipped: {name} is not installed (run `npm ci` in editors/vscode; CI requires it)");
    None
}

#[test]
fn the_grammar_passes_its_assertion_tests() -> std::io::Result<()> {
    let Some(tool) = npm_tool("vscode-tmgrammar-test") else { return Ok(()) };
    let out = Command::new(tool)
        .args(["-g", "syntaxes/mig.tmLanguage.json", "tests/grammar/*.mig"])
        .current_dir(vscode_dir())
        .output()?;
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && text.contains("run successfuly"), "{text}{}", String::from_utf8_lossy(&out.stderr));
    Ok(())
}

#[test]
fn the_extension_packages() -> std::io::Result<()> {
    let Some(tool) = npm_tool("vsce") else { return Ok(()) };
    let dir = tempfile::tempdir()?;
    let vsix = dir.path().join("migc-mig.vsix");
    let out = Command::new(tool)
        .args(["package", "--no-dependencies", "--allow-missing-repository", "-o"])
        .arg(&vsix)
        .current_dir(vscode_dir())
        .output()?;
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::metadata(&vsix)?.len() > 1000);
    // `vscode:prepublish` built the client bundle; the .vsix holds it and only what it needs.
    let out = Command::new(vscode_dir().join("node_modules/.bin/vsce"))
        .args(["ls", "--no-dependencies"])
        .current_dir(vscode_dir())
        .output()?;
    let listing = String::from_utf8_lossy(&out.stdout);
    let mut files: Vec<&str> = listing.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    files.sort();
    assert_eq!(
        files,
        [
            "README.md",
            "dist/extension.js",
            "language-configuration.json",
            "package.json",
            "snippets/mig.json",
            "syntaxes/mig.tmLanguage.json"
        ],
        "{listing}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(())
}
