//! The Neovim support in `editors/nvim/`: the syntax file knows exactly the schema's
//! declaration kinds, and a headless Neovim runs `editors/nvim/tests/e2e.lua` against
//! this `migc` on a copy of `editors/nvim/tests/fixture` (diagnostic, hover, definition,
//! a rename across both files written to disk, formatting).
//!
//! The Neovim is `nvim` on PATH, or the one `MIGC_NVIM` names. Without one the
//! end-to-end test is skipped, unless `MIGC_EDITOR_TESTS=require` (`.ci/run` installs
//! Debian's neovim, 0.7.2 on Debian 12, and requires it).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

#[path = "support/project.rs"]
mod project;
use project::{Project, run_for};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// A hung Neovim or server fails the test instead of blocking CI.
const NVIM_LIMIT: Duration = Duration::from_secs(120);

const OLD_NAME: &str = "さくらクリニック";
const NEW_NAME: &str = "あおばクリニック";

fn nvim_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../editors/nvim")
}

fn fixture(file: &str) -> std::io::Result<String> {
    std::fs::read_to_string(nvim_dir().join("tests/fixture").join(file))
}

/// The 1-based number of the first line of `text` that contains `needle`.
fn line_of(text: &str, needle: &str) -> Option<usize> {
    text.lines().position(|l| l.contains(needle)).map(|i| i + 1)
}

#[test]
fn the_syntax_file_knows_exactly_the_declaration_kinds() -> TestResult {
    let syntax = std::fs::read_to_string(nvim_dir().join("syntax/mig.vim"))?;
    let line = syntax
        .lines()
        .find_map(|l| l.strip_prefix("syn keyword migDeclaration "))
        .ok_or("no `syn keyword migDeclaration` line")?;
    let in_syntax: Vec<&str> = line.split_whitespace().collect();
    let mut in_schema: Vec<&str> = migc::schema::KINDS.iter().map(|k| k.kind).collect();
    in_schema.sort();
    assert_eq!(in_syntax, in_schema, "update `syn keyword migDeclaration` in editors/nvim/syntax/mig.vim");
    Ok(())
}

/// The Neovim to run, or `None` (skip) when there is none and none is required.
fn nvim() -> Option<PathBuf> {
    if let Some(named) = std::env::var_os("MIGC_NVIM") {
        return Some(PathBuf::from(named));
    }
    let found = std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join("nvim"))
        .find(|path| path.is_file());
    if found.is_none() {
        assert!(
            std::env::var("MIGC_EDITOR_TESTS").as_deref() != Ok("require"),
            "nvim is not installed: `apt-get install neovim` (or set MIGC_NVIM)"
        );
        eprintln!("skipped: nvim is not installed (`apt-get install neovim`; CI requires it)");
    }
    found
}

/// The diagnostics `migc check --format json` reports for `dir`, as `code line` strings.
fn check_diagnostics(dir: &Path) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_migc"));
    cmd.args(["check", ".", "--format", "json"]).current_dir(dir);
    let run = run_for(&mut cmd, NVIM_LIMIT)?;
    let doc = run.json().map_err(|e| format!("{e}: {}", run.transcript()))?;
    let list = doc["diagnostics"].as_array().ok_or("no diagnostics in the JSON report")?;
    Ok(list.iter().map(|d| format!("{} {}:{}", d["code"], d["file"], d["line"])).collect())
}

/// What `e2e.lua` reported: `key=value` lines.
struct Report {
    values: HashMap<String, String>,
    transcript: String,
}

impl Report {
    fn get(&self, key: &str) -> &str {
        self.values.get(key).map_or("<missing>", String::as_str)
    }

    fn expect(&self, key: &str, value: impl AsRef<str>) {
        assert_eq!(self.get(key), value.as_ref(), "{key}\n{}", self.transcript);
    }
}

/// Run `e2e.lua` in `nvim` on `project`; `api` (`start`) hides the newer LSP API.
fn run_e2e(nvim: &Path, project: &Project, api: Option<&str>) -> Result<Report, Box<dyn std::error::Error>> {
    let result = project.path().join("result.txt");
    let script = nvim_dir().join("tests/e2e.lua");
    // Neovim's own files (the LSP log, state) go to a directory of their own.
    let home = tempfile::Builder::new().prefix("migc-nvim-home-").tempdir()?;
    let mut cmd = Command::new(nvim);
    for var in ["XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"] {
        cmd.env(var, home.path());
    }
    cmd.args(["--headless", "--clean", "-u", "NONE", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("MIGC_BIN", env!("CARGO_BIN_EXE_migc"))
        .env("MIGC_NVIM_PROJECT", project.path())
        .env("MIGC_NVIM_RESULT", &result)
        .env_remove("MIGC_LANG")
        .env_remove("MIGC_NVIM_API")
        .current_dir(project.path());
    if let Some(api) = api {
        cmd.env("MIGC_NVIM_API", api);
    }
    let run = run_for(&mut cmd, NVIM_LIMIT)?;
    let text = std::fs::read_to_string(&result).unwrap_or_default();
    let transcript = format!("{}\n--- result\n{text}", run.transcript());
    assert!(!run.timed_out, "nvim did not finish within {NVIM_LIMIT:?}\n{transcript}");
    assert_eq!(run.code, Some(0), "{transcript}");
    let values = text.lines().filter_map(|l| l.split_once('=')).map(|(k, v)| (k.to_string(), v.to_string())).collect();
    Ok(Report { values, transcript })
}

/// A fresh copy of the fixture, the e2e script run on it, and every check.
fn diagnostics_hover_definition_rename(nvim: &Path, api: Option<&str>) -> Result<Report, Box<dyn std::error::Error>> {
    let project = Project::new()?;
    let model = fixture("model.mig")?;
    let parties = fixture("parties.mig")?;
    project.write("mig.toml", fixture("mig.toml")?)?.write("model.mig", &model)?.write("parties.mig", &parties)?;
    let before = check_diagnostics(project.path())?;
    assert_eq!(before.len(), 1, "the fixture has one error: {before:?}");

    let r = run_e2e(nvim, &project, api)?;
    eprintln!("Neovim {} ({} API, {} positions)", r.get("nvim"), r.get("api"), r.get("encoding"));
    if let Some(api) = api {
        r.expect("api", api);
    }

    // The plugin: filetype, ftplugin, syntax, one client rooted at mig.toml's directory.
    r.expect("filetype", "mig");
    r.expect("commentstring", "// %s");
    r.expect("shiftwidth", "2");
    r.expect("expandtab", "true");
    r.expect("syntax", "mig");
    r.expect("syntax_kind", "migDeclaration");
    r.expect("syntax_key", ""); // `party` inside a block is a key, not a declaration
    r.expect("syntax_string", "migString");
    r.expect("syntax_comment", "migComment");
    r.expect("syntax_date", "migDate");
    r.expect("clients", "1");
    r.expect("client", "migc");
    let root = project.path().to_str().ok_or("temp dir is not UTF-8")?;
    r.expect("root", root);
    r.expect("client_root", root);

    // The diagnostic, in Japanese by default.
    let error_line = line_of(&model, "未知の組織").ok_or("no error line in the fixture")?.to_string();
    r.expect("diagnostics", "1");
    r.expect("code", "MIG2006");
    r.expect("severity", "error");
    r.expect("line", &error_line);
    assert!(r.get("message").contains("`未知の組織` が見つかりません"), "{}", r.transcript);

    // Hover and definition on the institution's use in model.mig.
    assert!(r.get("hover").contains("医療法人さくら会 さくらクリニック"), "{}", r.transcript);
    let declared = line_of(&parties, &format!("party {OLD_NAME} ")).ok_or("no party in the fixture")?;
    r.expect("definition_file", "parties.mig");
    r.expect("definition_line", declared.to_string());

    // Into the standard library's read-only copy, served by the same client.
    r.expect("std_definition_file", "edition.mig");
    r.expect("std_clients", "1");
    r.expect("std_same_client", "true");
    assert!(r.get("std_hover").contains("edition std::edition::meti_mic_1_1"), "{}", r.transcript);

    // The rename reached both files on disk, and only the name changed (not the title).
    r.expect("rename_invalid", "「あおば クリニック」は名前 (識別子) として使えません");
    r.expect("rename_files", "model.mig,parties.mig");
    let uses = model.matches(OLD_NAME).count() + parties.matches(OLD_NAME).count() - 1;
    r.expect("rename_edits", uses.to_string());
    let renamed = |text: &str| {
        text.replace(OLD_NAME, NEW_NAME).replace(&format!("さくら会 {NEW_NAME}"), &format!("さくら会 {OLD_NAME}"))
    };
    assert_eq!(std::fs::read_to_string(project.path().join("model.mig"))?, renamed(&model));
    // parties.mig was then formatted in Neovim: as `migc fmt` writes it.
    r.expect("formatted_modified", "true");
    let expected = Project::new()?;
    expected.write("parties.mig", renamed(&parties))?;
    let fmt = run_for(
        Command::new(env!("CARGO_BIN_EXE_migc")).args(["fmt", "parties.mig"]).current_dir(expected.path()),
        NVIM_LIMIT,
    )?;
    assert_eq!(fmt.code, Some(0), "{}", fmt.transcript());
    assert_eq!(
        std::fs::read_to_string(project.path().join("parties.mig"))?,
        std::fs::read_to_string(expected.path().join("parties.mig"))?
    );
    r.expect("buffer_parties.mig", "mig migc");

    // The server still reports the one error after the rename, and so does `migc check`.
    r.expect("diagnostics_after", "1");
    r.expect("line_after", &error_line);
    r.expect("diagnostics_parties", "0");
    assert_eq!(check_diagnostics(project.path())?, before);
    Ok(r)
}

#[test]
fn neovim_shows_diagnostics_hover_definition_and_renames_across_files() -> TestResult {
    let Some(nvim) = nvim() else { return Ok(()) };
    let r = diagnostics_hover_definition_rename(&nvim, None)?;
    // On 0.11+ (vim.lsp.config) also the 0.8-0.10 way, vim.lsp.start.
    if r.get("api") == "config" {
        diagnostics_hover_definition_rename(&nvim, Some("start"))?;
    }
    Ok(())
}
