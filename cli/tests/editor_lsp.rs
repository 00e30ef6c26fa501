//! The editor's view of `migc lsp`: runs the Node tests of `editors/vscode/tests/`
//! (`node --test`) against this build of `migc` (env `MIGC_BIN`). They drive the
//! server over stdio with `vscode-languageserver-protocol`, the JSON-RPC stack of
//! VS Code's language client, and test the extension's `activate()` with stubbed
//! `vscode` modules.
//!
//! As in `compiler/tests/editors.rs`: without node or the npm packages the test is
//! skipped with a message, unless `MIGC_EDITOR_TESTS=require` (`.ci/run` installs
//! them with `npm ci --prefix editors/vscode` and sets it), where that is a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

fn vscode_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../editors/vscode")
}

fn required() -> bool {
    std::env::var("MIGC_EDITOR_TESTS").as_deref() == Ok("require")
}

/// Whether `what` is there; if not, a failure when required, else a skip message.
fn available(what: &str, present: bool, how: &str) -> bool {
    if present {
        return true;
    }
    assert!(!required(), "{what} is missing: {how}");
    eprintln!("skipped: {what} is missing ({how}; CI requires it)");
    false
}

/// The test files under `dir` (`*.test.js`, recursively), sorted; given to node by
/// name so that every node version runs the same files.
fn test_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            test_files(&path, out)?;
        } else if path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(".test.js")) {
            out.push(path);
        }
    }
    out.sort();
    Ok(())
}

/// A count from node's closing lines (`# pass 12`).
fn count(output: &str, what: &str) -> Option<usize> {
    let prefix = format!("# {what} ");
    output.lines().find_map(|l| l.strip_prefix(&prefix)?.trim().parse().ok())
}

#[test]
fn the_editor_tests_pass_against_this_migc() -> std::io::Result<()> {
    let node_version = Command::new("node").arg("--version").output().ok().filter(|o| o.status.success());
    if !available("node", node_version.is_some(), "install Node.js 20 or later") {
        return Ok(());
    }
    let protocol = vscode_dir().join("node_modules/vscode-languageserver-protocol/package.json");
    if !available("vscode-languageserver-protocol", protocol.exists(), "run `npm ci` in editors/vscode") {
        return Ok(());
    }
    let mut files = Vec::new();
    test_files(&vscode_dir().join("tests"), &mut files)?;
    assert!(files.iter().any(|f| f.ends_with("extension.test.js")), "{files:?}");
    assert!(files.iter().filter(|f| f.parent().is_some_and(|p| p.ends_with("lsp"))).count() >= 4, "{files:?}");

    let out = Command::new("node")
        .arg("--test")
        .args(&files)
        .current_dir(vscode_dir())
        .env("MIGC_BIN", env!("CARGO_BIN_EXE_migc"))
        .env_remove("MIGC_LANG")
        .env_remove("MIGC_LSP_TEST_HOOKS")
        .env_remove("NODE_OPTIONS")
        .output()?;
    let output = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    // Shown with `cargo test -- --nocapture`, and in full when the test fails.
    eprintln!("{output}");
    assert!(out.status.success(), "node --test failed ({}):\n{output}", out.status);
    assert_eq!(count(&output, "fail"), Some(0), "{output}");
    assert_eq!(count(&output, "skipped"), Some(0), "no node test may be skipped here:\n{output}");
    assert!(count(&output, "pass").is_some_and(|n| n >= 25), "too few node tests ran:\n{output}");
    Ok(())
}

#[test]
fn the_node_summary_is_read() {
    let tap = "ok 1 - a\n# tests 3\n# pass 2\n# fail 1\n# skipped 0\n";
    assert_eq!(count(tap, "pass"), Some(2));
    assert_eq!(count(tap, "fail"), Some(1));
    assert_eq!(count(tap, "todo"), None);
}
