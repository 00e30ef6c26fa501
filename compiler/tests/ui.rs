//! UI tests: every fixture under `tests/ui/` (a `.mig` file, or a directory that is
//! a project) is checked, and its source and rendered diagnostics, in Japanese and
//! in English, are snapshotted together.

use migc::diag::Lang;
use migc::{analyze, render, workspace};
use std::fmt::Write;
use std::path::Path;

#[expect(clippy::expect_used, reason = "a fixture that cannot load is a broken test")]
fn render_case(path: &Path) -> String {
    let ws = workspace::load(&[path.to_path_buf()]).expect("fixture loads");
    let analysis = analyze(&ws);
    let mut out = String::new();
    for file in &analysis.files {
        if file.stdlib_module.is_some() {
            continue;
        }
        let name = file.name.replace('\\', "/");
        let shown = file.text.replace('\r', "␍").replace('\t', "→   ");
        let _ = writeln!(out, "----- SOURCE {name}");
        out.push_str(&shown);
        if !shown.ends_with('\n') {
            out.push('\n');
        }
    }
    // The fixtures are about the language; guideline findings (MIG-AREA-NNN) on
    // these fragments are left to the rule tests.
    let language: Vec<_> = analysis.diagnostics.iter().filter(|d| !d.code.starts_with("MIG-")).cloned().collect();
    for lang in [Lang::Ja, Lang::En] {
        let _ = writeln!(out, "----- DIAGNOSTICS ({lang:?})");
        out.push_str(&render::human(&analysis, &language, lang, false));
        let errors = language.iter().filter(|d| d.severity == migc::diag::Severity::Error).count();
        let warnings = language.iter().filter(|d| d.severity == migc::diag::Severity::Warning).count();
        let _ = writeln!(out, "errors: {errors}, warnings: {warnings}");
    }
    out
}

#[test]
fn ui() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/ui");
    let base = base.canonicalize().expect("tests/ui exists");
    insta::glob!("../../tests/ui", "*", |path| {
        let Ok(rel) = path.strip_prefix(&base) else {
            return;
        };
        let is_case = path.is_dir() || path.extension().is_some_and(|e| e == "mig");
        if rel.as_os_str().is_empty() || !is_case {
            return;
        }
        // A relative path keeps the snapshots the same on every machine.
        let shown = Path::new("../tests/ui").join(rel);
        insta::assert_snapshot!(render_case(&shown));
    });
}
