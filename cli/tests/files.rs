//! End-to-end tests of what `migc check` reads from disk: only regular files
//! (a FIFO, a device, a socket named `.mig` is a diagnostic, never opened), a
//! directory walk that reports a bad entry and checks the rest, a `mig.toml`
//! that is not a regular file (exit 2), and paths or `mig.toml` values with
//! control characters, which are escaped in every output.
//!
//! A regression here tends to hang (a FIFO open blocks, /dev/zero never ends),
//! so every run has a deadline: it is killed and the test fails after
//! [`RUN_LIMIT`].

use serde_json::Value;
use std::io;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// A check of a few small files takes well under a second.
const RUN_LIMIT: Duration = Duration::from_secs(10);

/// A file the language checks find an error in (MIG2001, an unknown kind):
/// its diagnostic shows that the file was checked.
const CHECKED: &str = "bogus x \"X\" {}\n";

// ---- helpers ---------------------------------------------------------------------------

#[path = "support/project.rs"]
mod project;
use project::{Project, Run, run_for};

impl Project {
    fn fifo(&self, rel: &str) -> io::Result<&Project> {
        let status = Command::new("mkfifo").arg(self.path().join(rel)).status()?;
        if !status.success() {
            return Err(io::Error::other(format!("mkfifo {rel} failed: {status}")));
        }
        Ok(self)
    }

    fn chmod(&self, rel: &str, mode: u32) -> io::Result<()> {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(self.path().join(rel), std::fs::Permissions::from_mode(mode))
    }
}

/// `migc check ARGS...` in `dir`, with a controlled environment.
fn check(dir: &Path, args: &[&str]) -> Command {
    check_as(Command::new(env!("CARGO_BIN_EXE_migc")), dir, args)
}

/// The same through `cmd`: migc itself, or a wrapper that runs it.
fn check_as(mut cmd: Command, dir: &Path, args: &[&str]) -> Command {
    cmd.current_dir(dir);
    for var in ["MIGC_LANG", "NO_COLOR", "FORCE_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "COLORTERM", "TERM", "COLUMNS"] {
        cmd.env_remove(var);
    }
    cmd.arg("check").args(args);
    cmd
}

/// Run with stdin from /dev/null; a run that passes [`RUN_LIMIT`] is killed and
/// is an error (the test fails), so that a regression does not hang the suite.
fn run(cmd: &mut Command) -> io::Result<Run> {
    let r = run_for(cmd, RUN_LIMIT)?;
    if r.timed_out {
        return Err(io::Error::other(format!("migc did not finish within {RUN_LIMIT:?}")));
    }
    Ok(r)
}

/// Control bytes other than newline: what must never reach a terminal from input.
/// (C1 controls are two bytes in UTF-8, 0xC2 0x80..0x9F.)
fn control_bytes(bytes: &[u8]) -> Vec<u8> {
    let mut out: Vec<u8> = bytes.iter().copied().filter(|&b| (b < 0x20 && b != b'\n') || b == 0x7f).collect();
    out.extend(bytes.windows(2).filter(|w| w[0] == 0xc2 && (0x80..0xa0).contains(&w[1])).map(|w| w[1]));
    out
}

/// (code, file) of every diagnostic of a JSON document.
fn found(doc: &Value) -> Vec<(String, String)> {
    let diags = doc.get("diagnostics").and_then(Value::as_array).cloned().unwrap_or_default();
    diags
        .iter()
        .map(|d| {
            let s = |k: &str| d.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
            (s("code"), s("file"))
        })
        .collect()
}

fn has(doc: &Value, code: &str, file: &str) -> bool {
    found(doc).iter().any(|(c, f)| c == code && f == file)
}

/// A check in JSON (English), and its document.
fn check_json(dir: &Path, args: &[&str]) -> Result<(Run, Value), Box<dyn std::error::Error>> {
    let mut all = vec!["--format", "json", "--lang", "en"];
    all.extend_from_slice(args);
    let r = run(&mut check(dir, &all))?;
    let doc = r.json().map_err(|e| format!("{e}: {}", r.transcript()))?;
    Ok((r, doc))
}

/// Whether permissions keep this process out of a folder with mode 000: not when
/// it runs as root (or with CAP_DAC_OVERRIDE), as in many containers.
fn permissions_deny(p: &Project, rel: &str) -> bool {
    std::fs::read_dir(p.path().join(rel)).is_err()
}

// ---- special files -----------------------------------------------------------------------

#[test]
fn fifo_named_mig_in_a_checked_directory_is_a_diagnostic_not_a_hang() -> TestResult {
    // Regression (was a bug): migc opened the FIFO and waited for a writer forever.
    let p = Project::new()?;
    p.write("proj/broken.mig", CHECKED)?.mkdir("proj")?.fifo("proj/x.mig")?;
    let (r, doc) = check_json(p.path(), &["proj"])?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    assert!(has(&doc, "MIG1012", "proj/x.mig"), "{}", r.transcript());
    assert!(has(&doc, "MIG2001", "proj/broken.mig"), "the other files are checked: {}", r.transcript());
    let d = doc["diagnostics"].as_array().and_then(|a| a.iter().find(|d| d["code"] == "MIG1012")).cloned();
    assert_eq!(
        d.map(|d| d["message"].clone()),
        Some(Value::from("proj/x.mig is not a regular file (it is a named pipe (FIFO))"))
    );

    // The same in Japanese, on a terminal-like human output.
    let r = run(&mut check(p.path(), &["proj"]))?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    assert!(
        r.out().contains("error[MIG1012]: proj/x.mig は通常のファイルではありません (名前付きパイプ (FIFO))"),
        "{}",
        r.out()
    );
    Ok(())
}

#[test]
fn fifo_named_explicitly_or_imported_is_a_diagnostic() -> TestResult {
    // A FIFO named on the command line is a diagnostic too (exit 1), like one found in a walk.
    let p = Project::new()?;
    p.mkdir("proj")?.fifo("proj/x.mig")?.write("proj/main.mig", "import \"pipe.mig\"\n")?.fifo("proj/pipe.mig")?;
    let (r, doc) = check_json(p.path(), &["proj/x.mig"])?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    assert_eq!(found(&doc), vec![("MIG1012".to_string(), "proj/x.mig".to_string())], "{}", r.transcript());

    // An import of a FIFO: reported as what it is, not as a missing file, and not opened.
    let (r, doc) = check_json(p.path(), &["proj/main.mig"])?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    assert!(has(&doc, "MIG1012", "proj/pipe.mig"), "{}", r.transcript());
    assert!(!found(&doc).iter().any(|(c, _)| c == "MIG2101"), "{}", r.transcript());
    Ok(())
}

#[test]
fn symlink_to_dev_zero_is_a_diagnostic_in_bounded_time() -> TestResult {
    // Regression (was a bug): migc read /dev/zero until memory ran out.
    if !Path::new("/dev/zero").exists() {
        eprintln!("skipped: no /dev/zero here");
        return Ok(());
    }
    let p = Project::new()?;
    p.write("proj/broken.mig", CHECKED)?.symlink("/dev/zero", "proj/z.mig")?;
    let started = Instant::now();
    let (r, doc) = check_json(p.path(), &["proj"])?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    assert!(has(&doc, "MIG1012", "proj/z.mig"), "{}", r.transcript());
    assert!(has(&doc, "MIG2001", "proj/broken.mig"), "{}", r.transcript());
    assert!(r.out().contains("a character device"), "{}", r.out());
    eprintln!("symlink to /dev/zero: {:.2?}", started.elapsed());

    // Named explicitly: the same diagnostic.
    let (r, doc) = check_json(p.path(), &["proj/z.mig"])?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    assert_eq!(found(&doc), vec![("MIG1012".to_string(), "proj/z.mig".to_string())], "{}", r.transcript());
    Ok(())
}

// ---- the directory walk ----------------------------------------------------------------

#[test]
fn broken_symlink_and_symlink_loop_in_a_directory_are_diagnostics() -> TestResult {
    // Regression (was a bug): one such entry stopped the whole check with a fatal error (exit 2).
    let p = Project::new()?;
    p.write("proj/broken.mig", CHECKED)?
        .symlink("gone/nowhere.mig", "proj/dangling.mig")?
        .symlink("loop.mig", "proj/loop.mig")?
        // Not .mig: not read, so not reported.
        .symlink("gone", "proj/notes.txt")?;
    let (r, doc) = check_json(p.path(), &["proj"])?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    assert!(has(&doc, "MIG1011", "proj/dangling.mig"), "{}", r.transcript());
    assert!(has(&doc, "MIG1011", "proj/loop.mig"), "{}", r.transcript());
    assert!(has(&doc, "MIG2001", "proj/broken.mig"), "{}", r.transcript());
    assert!(!found(&doc).iter().any(|(_, f)| f.contains("notes")), "{}", r.transcript());
    assert!(r.err().is_empty(), "{}", r.err());
    let out = run(&mut check(p.path(), &["--lang", "en", "proj"]))?.out();
    assert!(out.contains("cannot read proj/loop.mig:"), "{out}");
    Ok(())
}

#[test]
fn symlinked_directories_are_still_not_followed() -> TestResult {
    let p = Project::new()?;
    p.write("proj/broken.mig", CHECKED)?.write("elsewhere/other.mig", CHECKED)?.symlink("../elsewhere", "proj/link")?;
    let (r, doc) = check_json(p.path(), &["proj"])?;
    // (A directory without a `model` is also MIG3005, which has no place.)
    assert_eq!(
        found(&doc),
        vec![("MIG3005".to_string(), String::new()), ("MIG2001".to_string(), "proj/broken.mig".to_string())],
        "{}",
        r.transcript()
    );
    Ok(())
}

#[test]
fn unreadable_subfolder_and_file_are_diagnostics() -> TestResult {
    let p = Project::new()?;
    p.write("proj/broken.mig", CHECKED)?.write("proj/sub/inner.mig", CHECKED)?.write("proj/secret.mig", CHECKED)?;
    p.chmod("proj/sub", 0o000)?;
    p.chmod("proj/secret.mig", 0o000)?;
    // As root, permissions deny nothing: run migc as `nobody` through setpriv(1) if we can.
    let runner =
        if permissions_deny(&p, "proj/sub") { Some(Command::new(env!("CARGO_BIN_EXE_migc"))) } else { as_nobody(&p)? };
    let result = match runner {
        Some(runner) => run_unreadable(&p, runner),
        None => {
            eprintln!(
                "skipped: permissions do not deny reads here (running as root) and setpriv cannot drop to nobody"
            );
            Ok(())
        }
    };
    // Let the temporary directory be removed.
    p.chmod("proj/sub", 0o755)?;
    p.chmod("proj/secret.mig", 0o644)?;
    result
}

/// A command that runs migc as the user `nobody` (uid 65534), if setpriv can do
/// that here and `nobody` can reach both migc and the project.
fn as_nobody(p: &Project) -> io::Result<Option<Command>> {
    let nobody = ["--reuid=65534", "--regid=65534", "--clear-groups"];
    let works = |args: &[&str]| {
        Command::new("setpriv")
            .args(nobody)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    // The temporary directory is private to its owner; open it (the folder under test stays 000).
    p.chmod(".", 0o755)?;
    let dir = p.path().to_string_lossy().into_owned();
    if !works(&[env!("CARGO_BIN_EXE_migc"), "--version"]) || !works(&["test", "-r", &format!("{dir}/proj/broken.mig")])
    {
        return Ok(None);
    }
    let mut cmd = Command::new("setpriv");
    cmd.args(nobody).arg(env!("CARGO_BIN_EXE_migc"));
    Ok(Some(cmd))
}

fn run_unreadable(p: &Project, runner: Command) -> TestResult {
    let r = run(&mut check_as(runner, p.path(), &["--format", "json", "--lang", "en", "proj"]))?;
    let doc = r.json().map_err(|e| format!("{e}: {}", r.transcript()))?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    assert!(has(&doc, "MIG1011", "proj/sub"), "{}", r.transcript());
    assert!(has(&doc, "MIG1011", "proj/secret.mig"), "{}", r.transcript());
    assert!(has(&doc, "MIG2001", "proj/broken.mig"), "{}", r.transcript());
    Ok(())
}

// ---- control characters in paths and mig.toml ------------------------------------------

#[test]
fn control_characters_in_file_names_are_escaped_in_human_output() -> TestResult {
    // Regression (was a bug): the file name went to the terminal as is, in the
    // diagnostic's header and message: here an ESC sequence (red) and a newline.
    let p = Project::new()?;
    let name = "proj/bad\u{1b}[31m\nname.mig";
    p.write(name, CHECKED)?.write("proj/pipe\u{9b}2J.mig", b"\xffnot utf-8")?;
    let r = run(&mut check(p.path(), &["--lang", "en", "proj"]))?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    assert_eq!(control_bytes(&r.stdout), Vec::<u8>::new(), "{:?}", r.out());
    assert!(r.out().contains("┌─ proj/bad\\u{1b}[31m\\u{a}name.mig:1:1"), "{}", r.out());
    assert!(r.out().contains("proj/pipe\\u{9b}2J.mig is not valid UTF-8"), "{}", r.out());

    // JSON keeps the real name (JSON escapes it), C1 controls included.
    let (r, doc) = check_json(p.path(), &["proj"])?;
    assert_eq!(control_bytes(&r.stdout), Vec::<u8>::new(), "{:?}", r.out());
    assert!(has(&doc, "MIG2001", name), "{}", r.transcript());
    assert!(has(&doc, "MIG1008", "proj/pipe\u{9b}2J.mig"), "{}", r.transcript());
    Ok(())
}

#[test]
fn control_characters_in_a_missing_path_are_escaped_in_the_fatal_error() -> TestResult {
    let p = Project::new()?;
    let r = run(&mut check(p.path(), &["gone\u{1b}]0;pwned\u{7}.mig"]))?;
    assert_eq!(r.code, Some(2), "{}", r.transcript());
    assert_eq!(control_bytes(&r.stderr), Vec::<u8>::new(), "{:?}", r.err());
    assert!(r.err().contains("path not found: gone\\u{1b}]0;pwned\\u{7}.mig"), "{}", r.err());
    Ok(())
}

#[test]
fn control_characters_in_mig_toml_values_are_escaped() -> TestResult {
    // An entry that does not exist: a fatal error that names it.
    let p = Project::new()?;
    p.write("proj/model.mig", CHECKED)?
        .write("proj/mig.toml", "[project]\nentry = [\"mo\\u001b[31mdel\\nx.mig\"]\n")?;
    let r = run(&mut check(p.path(), &["proj"]))?;
    assert_eq!(r.code, Some(2), "{}", r.transcript());
    assert_eq!(control_bytes(&r.stderr), Vec::<u8>::new(), "{:?}", r.err());
    assert!(r.err().contains("proj/mo\\u{1b}[31mdel\\u{a}x.mig"), "{}", r.err());

    // An unknown edition and an unknown rule id: diagnostics that quote them.
    p.write(
        "proj/mig.toml",
        "[project]\neditions = [\"x\\u001b]0;pwned\\u0007\"]\n\n[rules]\n\"MIG-\\u001b[2J\" = \"error\"\n",
    )?;
    let r = run(&mut check(p.path(), &["--lang", "en", "proj"]))?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    assert_eq!(control_bytes(&r.stdout), Vec::<u8>::new(), "{:?}", r.out());
    assert!(r.out().contains("unknown guideline edition `x\\u{1b}]0;pwned\\u{7}`"), "{}", r.out());
    assert!(r.out().contains("unknown rule `MIG-\\u{1b}[2J` in mig.toml"), "{}", r.out());
    let (r, doc) = check_json(p.path(), &["proj"])?;
    assert_eq!(control_bytes(&r.stdout), Vec::<u8>::new(), "{:?}", r.out());
    assert!(has(&doc, "MIG2015", "proj/mig.toml") && has(&doc, "MIG3004", "proj/mig.toml"), "{}", r.transcript());
    Ok(())
}

#[test]
fn control_characters_in_arguments_are_escaped() -> TestResult {
    let p = Project::new()?;
    let mut bad_flag = check(p.path(), &[]);
    // clap itself drops C0 controls and ANSI sequences from the value; a C1 control it keeps.
    bad_flag.args(["--lang", "x\u{9b}y"]);
    let r = run(&mut bad_flag)?;
    assert_eq!(r.code, Some(2), "{}", r.transcript());
    assert_eq!(control_bytes(&r.stderr), Vec::<u8>::new(), "{:?}", r.err());
    assert!(r.err().contains("x\\u{9b}y"), "{}", r.err());

    let mut explain = Command::new(env!("CARGO_BIN_EXE_migc"));
    explain.current_dir(p.path()).args(["explain", "MIG-\u{1b}[31m"]);
    let r = run(&mut explain)?;
    assert_eq!(r.code, Some(2), "{}", r.transcript());
    assert_eq!(control_bytes(&r.stderr), Vec::<u8>::new(), "{:?}", r.err());
    assert!(r.err().contains("unknown rule `MIG-\\u{1b}[31m`"), "{}", r.err());

    let mut bad_env = check(p.path(), &["."]);
    bad_env.env("MIGC_LANG", "e\u{1b}n");
    let r = run(&mut bad_env)?;
    assert_eq!(r.code, Some(2), "{}", r.transcript());
    assert_eq!(control_bytes(&r.stderr), Vec::<u8>::new(), "{:?}", r.err());
    assert!(r.err().contains("MIGC_LANG is `e\\u{1b}n`"), "{}", r.err());
    Ok(())
}

// ---- mig.toml that is not a regular file -------------------------------------------------

#[test]
fn mig_toml_that_is_a_directory_exits_2() -> TestResult {
    // Regression (was a bug): it was silently ignored, and so were the project's settings.
    let p = Project::new()?;
    p.write("proj/model.mig", CHECKED)?.mkdir("proj/mig.toml")?;
    for path in ["proj", "proj/model.mig"] {
        let r = run(&mut check(p.path(), &[path]))?;
        assert_eq!(r.code, Some(2), "{}", r.transcript());
        assert!(r.stdout.is_empty(), "{}", r.out());
        assert!(r.err().contains("mig.toml is not a regular file: proj/mig.toml is a directory"), "{}", r.err());
        assert!(r.err().contains("help:"), "{}", r.err());
    }
    Ok(())
}

#[test]
fn mig_toml_that_is_a_fifo_exits_2_without_hanging() -> TestResult {
    let p = Project::new()?;
    p.write("proj/model.mig", CHECKED)?.fifo("proj/mig.toml")?;
    let r = run(&mut check(p.path(), &["proj"]))?;
    assert_eq!(r.code, Some(2), "{}", r.transcript());
    assert!(r.err().contains("proj/mig.toml is a named pipe (FIFO)"), "{}", r.err());
    Ok(())
}
