//! For the tests of `migc report` and `migc export` (`report*.rs`, `export.rs`): a run
//! of the binary and its transcript, a copy of an example in a temporary directory,
//! the files written, the Markdown and CSV readers, the shared fixtures, and the
//! "skip with a message unless `MIGC_REPORT_TESTS=require`" checks for the tools the
//! tests read the output with.
#![allow(dead_code, reason = "each test crate uses part of these helpers")]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub type TestResult = Result<(), Box<dyn std::error::Error>>;

/// The documents of `migc report`, in the order it writes them.
pub const DOCS: [&str; 7] = [
    "flows",
    "risk_assessment",
    "risk_treatment",
    "responsibility",
    "findings",
    "operations_rules",
    "selection_criteria",
];

/// The examples a user can report on and export.
pub const EXAMPLES: [&str; 4] = ["cloud-ehr", "small-clinic", "guideline-5-2", "public-cloud"];

/// A model whose titles try to be HTML, a formula, Markdown and a backslash.
pub const INJECTION: &str = r#"model m "<script>alert(1)</script>" {
  form     application
  provider p
  as_of    2026-11-01
}

party p "=HYPERLINK(\"http://x\",\"y\")" {
  role    provider
  country JP
}

party clinic "a | b `code` [link](http://x) \\ end" {
  role    institution
  country JP
}

responsibility on std::duty::backup {
  normal    [p]
  emergency [clinic]
}
"#;

/// A model with an error (its provider is not declared).
pub const BROKEN: &str = "model m \"壊れたモデル\" {\n  form     application\n  provider nobody_here\n}\n";

// ---- running migc --------------------------------------------------------------------------

/// What a run of migc gave: its exit code and output.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn transcript(&self) -> String {
        format!("exit: {:?}\n--- stdout\n{}--- stderr\n{}", self.code, self.stdout, self.stderr)
    }

    /// The standard output as JSON; the transcript when it is not.
    pub fn json(&self) -> Result<serde_json::Value, Box<dyn std::error::Error>> {
        serde_json::from_str(&self.stdout).map_err(|e| format!("{e}: {}", self.transcript()).into())
    }
}

/// `migc` run in `dir`, with no input and none of the variables that change its output.
pub fn migc(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_migc"));
    cmd.current_dir(dir).stdin(Stdio::null());
    for var in ["MIGC_LANG", "NO_COLOR", "CLICOLOR_FORCE", "COLUMNS"] {
        cmd.env_remove(var);
    }
    cmd
}

pub fn run(cmd: &mut Command) -> std::io::Result<Run> {
    let out = cmd.output()?;
    Ok(Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    })
}

/// `migc report ARGS` in `dir`.
pub fn report(dir: &Path, args: &[&str]) -> std::io::Result<Run> {
    run(migc(dir).arg("report").args(args))
}

/// `migc report ARGS` in `dir`; the exit code must be 0.
pub fn report_ok(dir: &Path, args: &[&str]) -> TestResult {
    let r = report(dir, args)?;
    assert_eq!(r.code, Some(0), "migc report {args:?}:\n{}", r.transcript());
    Ok(())
}

/// Set a file's or directory's permission bits.
pub fn chmod(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

/// `migc` run in `dir` by a user who may not write into `read_only` (a directory its
/// mode keeps from writes). As root permissions deny nothing, so then migc runs as
/// `nobody` through setpriv(1); `None`, with a skip message, when it cannot.
pub fn migc_denied_writes(dir: &Path, read_only: &Path) -> Option<Command> {
    let probe = read_only.join("probe");
    if std::fs::File::create(&probe).is_err() {
        return Some(migc(dir));
    }
    let _ = std::fs::remove_file(&probe);
    let nobody = ["--reuid=65534", "--regid=65534", "--clear-groups"];
    let works = Command::new("setpriv")
        .args(nobody)
        .arg(env!("CARGO_BIN_EXE_migc"))
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !works {
        eprintln!("skipped: permissions do not deny writes here (root) and setpriv cannot drop to nobody");
        return None;
    }
    let mut cmd = Command::new("setpriv");
    cmd.args(nobody).arg(env!("CARGO_BIN_EXE_migc")).current_dir(dir).stdin(Stdio::null());
    for var in ["MIGC_LANG", "NO_COLOR", "CLICOLOR_FORCE", "COLUMNS"] {
        cmd.env_remove(var);
    }
    Some(cmd)
}

// ---- projects ------------------------------------------------------------------------------

/// The repository's root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `examples/NAME`.
pub fn example_dir(name: &str) -> PathBuf {
    repo().join("examples").join(name)
}

/// A temporary directory holding a copy of `examples/NAME` as `proj/`.
pub fn with_example(name: &str) -> std::io::Result<tempfile::TempDir> {
    let tmp = tempfile::tempdir()?;
    std::fs::create_dir(tmp.path().join("proj"))?;
    for entry in std::fs::read_dir(example_dir(name))? {
        let path = entry?.path();
        let keep = path.extension().is_some_and(|e| e == "mig") || path.file_name().is_some_and(|n| n == "mig.toml");
        if keep && let Some(file) = path.file_name() {
            std::fs::copy(&path, tmp.path().join("proj").join(file))?;
        }
    }
    Ok(tmp)
}

/// A temporary directory holding `text` as `proj/model.mig`.
pub fn with_model(text: &str) -> std::io::Result<tempfile::TempDir> {
    let tmp = tempfile::tempdir()?;
    std::fs::create_dir(tmp.path().join("proj"))?;
    std::fs::write(tmp.path().join("proj/model.mig"), text)?;
    Ok(tmp)
}

// ---- the files written ---------------------------------------------------------------------

pub fn read(path: &Path) -> std::io::Result<String> {
    std::fs::read_to_string(path)
}

/// Every file of a directory: name → bytes, sorted by name.
pub fn files(dir: &Path) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        out.push((entry.file_name().to_string_lossy().into_owned(), std::fs::read(entry.path())?));
    }
    out.sort();
    Ok(out)
}

/// The names in a directory, sorted.
pub fn names(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        out.push(entry?.file_name().to_string_lossy().into_owned());
    }
    out.sort();
    Ok(out)
}

// ---- reading the formats back --------------------------------------------------------------

/// The tables of a Markdown document: each a list of rows (the header first), each
/// cell unescaped back to the text it shows.
pub fn markdown_tables(md: &str) -> Vec<Vec<Vec<String>>> {
    let mut tables: Vec<Vec<Vec<String>>> = Vec::new();
    let mut current: Option<Vec<Vec<String>>> = None;
    for line in md.lines() {
        if let Some(inner) = line.strip_prefix("| ").and_then(|l| l.strip_suffix(" |")) {
            let cells = split_cells(inner);
            if cells.iter().all(|c| c == "---") {
                continue;
            }
            current.get_or_insert_with(Vec::new).push(cells);
        } else if let Some(t) = current.take() {
            tables.push(t);
        }
    }
    tables.extend(current);
    tables
}

/// Split a Markdown row on the `|` that are not escaped, and unescape each cell.
fn split_cells(inner: &str) -> Vec<String> {
    let mut cells = vec![String::new()];
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let (Some(n), Some(last)) = (chars.next(), cells.last_mut()) {
                    last.push(n);
                }
            }
            '|' => cells.push(String::new()),
            c => {
                if let Some(last) = cells.last_mut() {
                    last.push(c);
                }
            }
        }
    }
    cells
        .into_iter()
        .map(|c| c.trim().replace("<br>", "\n").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
        .collect()
}

/// RFC 4180 records (CRLF line ends), after the BOM; cells as written (a neutralised
/// formula keeps its `'`: see `csv_text`).
pub fn csv_records(text: &str) -> Result<Vec<Vec<String>>, String> {
    let body = text.strip_prefix('\u{feff}').ok_or("no BOM")?;
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut cell = String::new();
    let mut chars = body.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') if cell.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut cell)),
            (false, '\r') => {
                if chars.next() != Some('\n') {
                    return Err("a CR without LF".into());
                }
                record.push(std::mem::take(&mut cell));
                records.push(std::mem::take(&mut record));
            }
            (false, '\n') => return Err("a bare LF ends a record".into()),
            (false, c) => cell.push(c),
        }
    }
    if quoted || !cell.is_empty() || !record.is_empty() {
        return Err("the last record does not end with CRLF".into());
    }
    Ok(records)
}

/// A CSV cell as the text it stands for: the `'` that neutralises a formula removed.
pub fn csv_text(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_string(),
        _ => cell.to_string(),
    }
}

/// The CSV files of a document, in table order: `ID.csv`, or `ID-1.csv`, `ID-2.csv`, ….
pub fn csv_files(out: &Path, id: &str) -> Vec<PathBuf> {
    let one = out.join(format!("{id}.csv"));
    if one.exists() {
        return vec![one];
    }
    (1..).map(|n| out.join(format!("{id}-{n}.csv"))).take_while(|p| p.exists()).collect()
}

/// Every CSV table of a document equals the Markdown's table, cell by cell: each file
/// with a BOM and CRLF line ends, and the draft stamp first when `draft`.
pub fn assert_csv_matches_markdown(out: &Path, id: &str, draft: bool) -> TestResult {
    let md = read(&out.join(format!("{id}.md")))?;
    let tables = markdown_tables(&md);
    let csvs = csv_files(out, id);
    assert_eq!(csvs.len(), tables.len(), "{id}: one CSV per table");
    for (path, table) in csvs.iter().zip(&tables) {
        let bytes = std::fs::read(path)?;
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{}: BOM", path.display());
        let text = String::from_utf8(bytes)?;
        assert!(text.ends_with("\r\n"), "{}: CRLF", path.display());
        let mut records = csv_records(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        if draft {
            assert_eq!(records.first().map(|r| r.as_slice()), Some(&["「ドラフト」".to_string()][..]));
            records.remove(0);
        }
        let records: Vec<Vec<String>> = records.into_iter().map(|r| r.iter().map(|c| csv_text(c)).collect()).collect();
        assert_eq!(&records, table, "{}", path.display());
    }
    Ok(())
}

// ---- the tools the output is read with -----------------------------------------------------

/// Whether `MIGC_REPORT_TESTS=require` (`.ci/run` sets it): a missing tool is a failure.
pub fn required() -> bool {
    std::env::var("MIGC_REPORT_TESTS").as_deref() == Ok("require")
}

/// Whether `what` is there; if not, a failure when required, else a skip message.
pub fn available(what: &str, present: bool, how: &str) -> bool {
    if present {
        return true;
    }
    assert!(!required(), "{what} is missing: {how}");
    eprintln!("skipped: {what} is missing ({how}; CI requires it)");
    false
}

/// Whether python3 can import `module` (`.ci/requirements.txt`); else as `available`.
pub fn python_module(module: &str) -> bool {
    let present = Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    available(&format!("python3 with {module}"), present, "python3 -m pip install -r .ci/requirements.txt")
}
