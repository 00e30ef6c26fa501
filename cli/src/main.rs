//! The `migc` command line.

use clap::{Parser, Subcommand, ValueEnum};
use codespan_reporting::term::termcolor;
use migc::diag::{Lang, Severity, escape_controls};
use migc::model::Date;
use migc::{analyze, emit, render, workspace};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "migc",
    version,
    about = "Check .mig models of medical information systems against the 3省2ガイドライン"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check a model: .mig files, or directories holding them.
    Check(CheckArgs),
    /// List the guideline rules: id, default severity, title, citations.
    Rules(RulesArgs),
    /// Explain a rule: what the guideline asks, why, how to satisfy it, an example.
    Explain(ExplainArgs),
    /// Start a project: mig.toml and a model to fill in (each place marked `TODO(migc)`).
    Init(InitArgs),
    /// What changed between two versions of a project, in compliance terms first.
    Diff(DiffArgs),
    /// Format .mig files in the canonical layout (every comment kept).
    Fmt(FmtArgs),
    /// Write the release documents of a checked model into a directory (Markdown, CSV).
    ///
    /// 情報流一覧, リスクアセスメント結果一覧, リスク対応一覧, 責任分界表 and 点検結果.
    Report(ReportArgs),
    /// Export the checked model as data: JSON, or Open Threat Model 0.2.0 (OTM).
    Export(ExportArgs),
    /// Serve the language server protocol on standard input and output (for editors).
    Lsp(LspArgs),
}

#[derive(clap::Args)]
struct LspArgs {
    /// Accepted for clients that pass it (VS Code's language client); stdio is the only transport.
    #[arg(long)]
    stdio: bool,
}

#[derive(clap::Args)]
struct DiffArgs {
    /// OLD and NEW: two versions of a project (directories or .mig files). With
    /// `--git REV`: the project in the work tree (default: the current directory).
    #[arg(num_args = 0..=2)]
    paths: Vec<PathBuf>,
    /// Compare the project as it is at this git revision (OLD) with the work tree (NEW).
    #[arg(long, value_name = "REV")]
    git: Option<String>,
    /// Output format: human, json, markdown (for a pull-request comment).
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    format: DiffFormat,
    /// Language: ja (default) or en. Also read from MIGC_LANG.
    #[arg(long, value_parser = parse_lang)]
    lang: Option<Lang>,
    /// Judge both versions at this date (waiver expiry) instead of each model's `as_of`.
    #[arg(long, value_name = "YYYY-MM-DD|today", value_parser = parse_as_of)]
    as_of: Option<Date>,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Human,
    Json,
    Markdown,
}

#[derive(clap::Args)]
#[command(after_help = "Formats: md (one Markdown file per document, DIR/<id>.md), csv (one file per \
table, DIR/<id>.csv or DIR/<id>-<n>.csv; UTF-8 with BOM, CRLF), html (every document and the 全体構成図 in \
one self-contained file, DIR/report.html, printable on A4 landscape) and xlsx (one workbook, DIR/report.xlsx, \
a sheet per document).\n\
Documents: flows (情報流一覧), risk_assessment (リスクアセスメント結果一覧), risk_treatment (リスク対応一覧), \
responsibility (責任分界表), findings (点検結果), operations_rules (運用管理規程), selection_criteria (表4-1 回答); \
the 全体構成図 as overview.svg, .mmd and .dot.\n\
A model with errors gives no documents (exit 1) unless --draft. The files are written to a temporary \
directory beside DIR first and then moved in: a failed run leaves the previous files as they were.")]
struct ReportArgs {
    /// Files or directories (every .mig below a directory). Default: the current directory.
    paths: Vec<PathBuf>,
    /// The directory to write the documents to (created if needed).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Formats, comma-separated: md, csv, html, xlsx.
    #[arg(long, value_name = "FORMATS", default_value = "md,csv")]
    format: String,
    #[command(flatten)]
    made_for: MadeFor,
}

/// What `report` and `export` are made for: the language, the date and whether a
/// model with errors is written anyway.
#[derive(clap::Args)]
struct MadeFor {
    /// Language of titles, headings, enum values and messages: ja (default) or en. Also read from MIGC_LANG.
    #[arg(long, value_parser = parse_lang)]
    lang: Option<Lang>,
    /// The date the model is judged at and the documents speak of (waivers in force), instead of
    /// the model's `as_of`.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_report_date)]
    as_of: Option<Date>,
    /// Write even when the model has errors, stamped 「ドラフト」 (Draft) / marked `"draft": true`.
    #[arg(long)]
    draft: bool,
}

#[derive(clap::Args)]
#[command(after_help = "Formats: json (the resolved model, derived facts, findings and waivers; \
docs/export.schema.json) and otm (Open Threat Model 0.2.0, for threat-modelling tools). See docs/export.md.\n\
A model with errors gives no export (exit 1) unless --draft. With --output the file is written to a \
temporary file beside it first and then moved in: a failed run leaves the previous file as it was.")]
struct ExportArgs {
    /// Files or directories (every .mig below a directory). Default: the current directory.
    paths: Vec<PathBuf>,
    /// Output format: json or otm.
    #[arg(long, value_enum)]
    format: ExportFormat,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    made_for: MadeFor,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Json,
    Otm,
}

/// A report's date: a real date, never the clock (the documents must be reproducible).
fn parse_report_date(s: &str) -> Result<Date, String> {
    Date::parse(s).ok_or_else(|| format!("`{s}` is not a real date in the form YYYY-MM-DD"))
}

#[derive(clap::Args)]
struct InitArgs {
    /// The directory of the new project (created if needed). Default: the current directory.
    dir: Option<PathBuf>,
    /// The form of the service (提供形態).
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(migc::init::FORMS), default_value = "application")]
    form: String,
}

#[derive(clap::Args)]
struct FmtArgs {
    /// Files or directories (every .mig below a directory). Default: the current directory.
    paths: Vec<PathBuf>,
    /// Change nothing: list the files that are not formatted, and exit with 1 if there are any.
    #[arg(long)]
    check: bool,
    /// Language of messages: ja (default) or en. Also read from MIGC_LANG.
    #[arg(long, value_parser = parse_lang)]
    lang: Option<Lang>,
}

#[derive(clap::Args)]
struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Language: ja (default) or en. Also read from MIGC_LANG.
    #[arg(long, value_parser = parse_lang)]
    lang: Option<Lang>,
}

#[derive(clap::Args)]
struct ExplainArgs {
    /// A rule id, e.g. MIG-LOG-004.
    id: String,
    /// Language: ja (default) or en. Also read from MIGC_LANG.
    #[arg(long, value_parser = parse_lang)]
    lang: Option<Lang>,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Files or directories (every .mig below a directory), or `-` for one file on
    /// standard input. Default: the current directory.
    paths: Vec<PathBuf>,
    /// Output format: human, json, sarif (code scanning), github (annotations and a
    /// job summary), junit, gitlab (Code Quality).
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    format: CheckFormat,
    /// Write the report to FILE (atomically) instead of standard output; the
    /// terminal gets the summary.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Language of messages: ja (default) or en. Also read from MIGC_LANG.
    #[arg(long, value_parser = parse_lang)]
    lang: Option<Lang>,
    /// Exit with 1 when there are findings of this severity or above (default: error).
    #[arg(long, value_enum, value_name = "LEVEL")]
    fail_level: Option<FailLevel>,
    /// The same as `--fail-level warning`.
    #[arg(long, conflicts_with = "fail_level")]
    deny_warnings: bool,
    /// Judge dates (waiver expiry, the 2027-04-01 MFA deadline) at this date instead
    /// of the model's `as_of`; `today` is today's date (UTC).
    #[arg(long, value_name = "YYYY-MM-DD|today", value_parser = parse_as_of)]
    as_of: Option<Date>,
    /// Fail only on findings that are not in this baseline (written by --write-baseline).
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record today's findings in FILE, as a baseline for later checks.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,
    /// Show errors only, and the summary (human format).
    #[arg(long, short = 'q')]
    quiet: bool,
    /// Show every finding (human format). Without it, errors come first and a rule's
    /// findings after its first 3 are counted instead of shown.
    #[arg(long)]
    all: bool,
    /// Count the findings per rule, after the findings (human format).
    #[arg(long)]
    statistics: bool,
    /// Colour: auto (only on a terminal, and not with NO_COLOR), always, never.
    #[arg(long, value_enum, default_value_t = ColorMode::Auto)]
    color: ColorMode,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CheckFormat {
    Human,
    Json,
    Sarif,
    Github,
    Junit,
    Gitlab,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailLevel {
    Error,
    Warning,
    Note,
    None,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorMode {
    Auto,
    Always,
    Never,
}

fn parse_as_of(s: &str) -> Result<Date, String> {
    if s == "today" {
        return today().ok_or_else(|| "the system clock gives no date".to_string());
    }
    Date::parse(s).ok_or_else(|| format!("`{s}` is not a real date in the form YYYY-MM-DD, nor `today`"))
}

/// Today's date in UTC: only for `--as-of today`, asked for explicitly.
fn today() -> Option<Date> {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
    let days = i64::try_from(secs / 86_400).ok()?;
    // Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date::new(u16::try_from(year).ok()?, u8::try_from(month).ok()?, u8::try_from(day).ok()?)
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("unknown language `{s}` (use ja or en)"))
}

/// The program's own failures: bad flags, unreadable paths, a bad mig.toml.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
enum Fatal {
    #[error("{message}")]
    #[diagnostic(code(migc::usage), help("run `migc --help`, or `migc <command> --help` for a command's options"))]
    Usage { message: String },
    #[error("MIGC_LANG is `{value}`, which is not a language migc knows")]
    #[diagnostic(code(migc::env), help("set MIGC_LANG to ja or en, or unset it"))]
    BadEnvLang { value: String },
    #[error(transparent)]
    #[diagnostic(transparent)]
    Load(#[from] workspace::LoadError),
    #[error("unknown rule `{id}`")]
    #[diagnostic(code(migc::explain))]
    UnknownRule {
        id: String,
        #[help]
        help: String,
    },
    #[error("cannot write the output: {0}")]
    #[diagnostic(code(migc::output))]
    Output(String),
    #[error("cannot write {path}: {error}")]
    #[diagnostic(
        code(migc::output),
        help("check that the directory exists and that you may write to it; nothing was written")
    )]
    WriteFile { path: String, error: String },
    #[error("cannot read revision {rev}: {error}")]
    #[diagnostic(
        code(migc::git),
        help("run inside a git repository and name a commit: `migc diff --git main`, `--git HEAD~1`")
    )]
    Git { rev: String, error: String },
    #[error("not overwriting existing files: {paths}")]
    #[diagnostic(code(migc::init), help("run `migc init` in an empty directory, or name a new one: `migc init DIR`"))]
    Exists { paths: String },
    #[error("cannot use the baseline {path}: {error}")]
    #[diagnostic(code(migc::baseline), help("write a baseline with `migc check --write-baseline FILE`"))]
    Baseline { path: String, error: String },
    #[error("the language server stopped: {error}")]
    #[diagnostic(code(migc::lsp))]
    Lsp { error: String },
}

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(fatal) => {
            // Long help texts hold ids and paths that must not be broken across lines.
            let _ =
                miette::set_hook(Box::new(|_| Box::new(miette::MietteHandlerOpts::new().wrap_lines(false).build())));
            let report = miette::Report::new(fatal);
            eprintln!("{report:?}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<ExitCode, Fatal> {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                let _ = e.print();
                return Ok(ExitCode::SUCCESS);
            }
            // `migc` alone: the help, on stderr, and "could not run".
            if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                let _ = e.print();
                return Ok(ExitCode::from(2));
            }
            let message = e.render().to_string();
            let message = message.trim().trim_start_matches("error: ");
            // clap quotes the arguments it rejects: escape them, line by line.
            let message: Vec<_> = message.lines().map(escape_controls).collect();
            return Err(Fatal::Usage { message: message.join("\n") });
        }
    };
    match cli.command {
        Command::Check(args) => check(args),
        Command::Rules(args) => rules(args),
        Command::Explain(args) => explain(args),
        Command::Init(args) => init(args),
        Command::Diff(args) => diff(args),
        Command::Fmt(args) => fmt(args),
        Command::Report(args) => report(args),
        Command::Export(args) => export(args),
        Command::Lsp(_) => {
            migc_lsp::run_stdio().map_err(|e| Fatal::Lsp { error: e.to_string() })?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `--lang`, else MIGC_LANG, else Japanese.
fn language(flag: Option<Lang>) -> Result<Lang, Fatal> {
    match flag {
        Some(l) => Ok(l),
        None => match std::env::var("MIGC_LANG") {
            Ok(v) if !v.is_empty() => {
                Lang::parse(&v).ok_or_else(|| Fatal::BadEnvLang { value: escape_controls(&v).into_owned() })
            }
            _ => Ok(Lang::Ja),
        },
    }
}

fn write_stdout(text: &str) -> Result<(), Fatal> {
    let mut lock = std::io::stdout().lock();
    lock.write_all(text.as_bytes()).and_then(|()| lock.flush()).map_err(|e| Fatal::Output(e.to_string()))
}

fn rules(args: RulesArgs) -> Result<ExitCode, Fatal> {
    let lang = language(args.lang)?;
    let text = match args.format {
        Format::Json => render::rules_json(lang),
        Format::Human => render::rules_table(lang),
    };
    write_stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// `migc diff OLD NEW`, or `migc diff --git REV [PATH]`.
fn diff(args: DiffArgs) -> Result<ExitCode, Fatal> {
    let lang = language(args.lang)?;
    let analyse = |path: &PathBuf| -> Result<migc::Analysis, Fatal> {
        let mut ws = workspace::load(std::slice::from_ref(path))?;
        ws.as_of = args.as_of;
        Ok(analyze(&ws))
    };
    let usage = |message: &str| Fatal::Usage { message: message.to_string() };
    let (old, new) = match (&args.git, args.paths.as_slice()) {
        (None, [old, new]) => (analyse(old)?, analyse(new)?),
        (None, _) => return Err(usage("`migc diff` takes two versions (OLD NEW), or `--git REV [PATH]`")),
        (Some(rev), paths) => {
            let path = match paths {
                [] => PathBuf::from("."),
                [p] => p.clone(),
                _ => return Err(usage("with `--git REV`, give at most one path: the project in the work tree")),
            };
            let checkout = GitCheckout::of(rev, &path)?;
            let old = analyse(&checkout.path)?;
            (old, analyse(&path)?)
        }
    };
    let d = emit::diff::diff(&old, &new, args.as_of, lang);
    let text = match args.format {
        DiffFormat::Human => emit::diff::render(&d, lang, false),
        DiffFormat::Markdown => emit::diff::render(&d, lang, true),
        DiffFormat::Json => emit::diff::json(&d),
    };
    write_stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// A project as it is at a git revision, extracted (`git archive | tar -x`) into a
/// temporary directory that is removed when this is dropped.
struct GitCheckout {
    dir: PathBuf,
    /// The project inside `dir`.
    path: PathBuf,
}

impl GitCheckout {
    fn of(rev: &str, project: &std::path::Path) -> Result<GitCheckout, Fatal> {
        let fail = |error: String| Fatal::Git { rev: escape_controls(rev).into_owned(), error };
        let git = |args: &[&str]| -> Result<String, Fatal> {
            let dir = if project.is_dir() { project } else { project.parent().unwrap_or(std::path::Path::new(".")) };
            let dir = if dir.as_os_str().is_empty() { std::path::Path::new(".") } else { dir };
            let out = std::process::Command::new("git")
                .arg("-C")
                .arg(dir)
                .args(args)
                .output()
                .map_err(|e| fail(e.to_string()))?;
            if !out.status.success() {
                return Err(fail(escape_controls(String::from_utf8_lossy(&out.stderr).trim()).into_owned()));
            }
            Ok(String::from_utf8_lossy(&out.stdout).trim_end_matches(['\n', '\r']).to_string())
        };
        let top = git(&["rev-parse", "--show-toplevel"])?;
        let prefix = git(&["rev-parse", "--show-prefix"])?;
        // The revision must name a commit (not an option or a path).
        if rev.starts_with('-') {
            return Err(fail("not a revision".to_string()));
        }
        git(&["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")])
            .map_err(|_| fail("no such commit".to_string()))?;
        let dir = std::env::temp_dir().join(format!("migc-diff-{}", std::process::id()));
        // Made first, so that the directory is removed on any failure below.
        let mut checkout = GitCheckout { dir: dir.clone(), path: dir.join(&prefix) };
        std::fs::create_dir_all(&dir).map_err(|e| fail(e.to_string()))?;
        let archive = std::process::Command::new("git")
            .arg("-C")
            .arg(&top)
            .args(["archive", "--format=tar", rev])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .map_err(|e| fail(e.to_string()))?;
        let Some(tar_input) = archive.stdout else { return Err(fail("no output from git archive".to_string())) };
        let status = std::process::Command::new("tar")
            .arg("-x")
            .arg("-C")
            .arg(&dir)
            .stdin(tar_input)
            .status()
            .map_err(|e| fail(format!("tar: {e}")))?;
        if !status.success() {
            return Err(fail("git archive | tar -x failed".to_string()));
        }
        // A file path: the same file at the revision.
        if !project.is_dir() {
            checkout.path = checkout.path.join(project.file_name().unwrap_or_default());
        }
        Ok(checkout)
    }
}

impl Drop for GitCheckout {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `migc init`: write the files of a new project; never overwrite one.
fn init(args: InitArgs) -> Result<ExitCode, Fatal> {
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    let files = migc::init::project_files(&args.form);
    let existing: Vec<String> = files
        .iter()
        .map(|(name, _)| dir.join(name))
        .filter(|p| std::fs::symlink_metadata(p).is_ok())
        .map(|p| shown_path(&workspace::normalize(&p)))
        .collect();
    if !existing.is_empty() {
        return Err(Fatal::Exists { paths: existing.join(", ") });
    }
    std::fs::create_dir_all(&dir).map_err(|e| Fatal::WriteFile { path: shown_path(&dir), error: e.to_string() })?;
    for (name, text) in &files {
        write_atomic(&dir.join(name), text)?;
    }
    let count = files.iter().map(|(_, t)| t.matches(migc::init::MARKER).count()).sum::<usize>();
    let names: Vec<&str> = files.iter().map(|(n, _)| *n).collect();
    write_stdout(&format!(
        "created {} in {}\n{count} places to fill in are marked `{}`; `migc check {}` lists them\n",
        names.join(", "),
        shown_path(&dir),
        migc::init::MARKER,
        shown_path(&dir)
    ))?;
    Ok(ExitCode::SUCCESS)
}

fn explain(args: ExplainArgs) -> Result<ExitCode, Fatal> {
    let lang = language(args.lang)?;
    let Some(rule) = migc::rules::find(&args.id) else {
        // The program's own errors are in English, like the rest of its fatal errors.
        let help = migc::rules::unknown_rule_help(&args.id).en;
        return Err(Fatal::UnknownRule { id: escape_controls(&args.id).into_owned(), help });
    };
    write_stdout(&render::explanation(rule, lang))?;
    Ok(ExitCode::SUCCESS)
}

/// Findings of one rule shown in the terminal before the rest are only counted (without --all).
const PER_RULE: usize = 3;

/// A path for a message: control characters escaped.
fn shown_path(path: &std::path::Path) -> String {
    escape_controls(&path.display().to_string()).into_owned()
}

/// Write a file atomically: a temporary file beside it, then a rename, so that a
/// reader never sees half a report and a failed run leaves the old file as it was.
fn write_atomic(path: &std::path::Path, text: &str) -> Result<(), Fatal> {
    let fail = |e: std::io::Error| Fatal::WriteFile { path: shown_path(path), error: e.to_string() };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.migc-{}.tmp", std::process::id()));
    let written = (|| {
        let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(e));
    }
    Ok(())
}

fn check(args: CheckArgs) -> Result<ExitCode, Fatal> {
    let lang = language(args.lang)?;
    let stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    let mut ws = if stdin {
        if args.paths.len() > 1 {
            return Err(Fatal::Usage {
                message: "`-` (standard input) is a single-file check: give no other path with it".to_string(),
            });
        }
        workspace::load_stdin(std::io::stdin().lock())?
    } else {
        workspace::load(&args.paths)?
    };
    ws.as_of = args.as_of;
    // A directory is a project: without a `model` it proves nothing (a named file
    // or standard input is a single-file check, which may be a fragment).
    ws.require_model = args.paths.is_empty() || args.paths.iter().any(|p| p.is_dir());
    let analysis = analyze(&ws);
    let diags = &analysis.diagnostics;
    let findings = emit::findings(&analysis, diags);

    // The baseline: read before anything is written, so that a bad one stops the run.
    let comparison = match (&args.baseline, &args.write_baseline) {
        (Some(path), _) => {
            let bad = |error: String| Fatal::Baseline { path: shown_path(path), error };
            let text = std::fs::read_to_string(path).map_err(|e| bad(e.to_string()))?;
            let baseline = emit::baseline::Baseline::parse(&text).map_err(|e| bad(escape_controls(&e).into_owned()))?;
            Some(baseline.compare(&findings))
        }
        (None, Some(path)) => {
            let baseline = emit::baseline::Baseline::of(&findings);
            write_atomic(path, &baseline.to_json())?;
            Some(baseline.compare(&findings))
        }
        (None, None) => None,
    };
    let is_new = |i: usize| comparison.as_ref().is_none_or(|c| c.is_new.get(i).copied().unwrap_or(true));
    // What people read (terminal, annotations, JUnit) shows only new findings with a baseline.
    let shown: Vec<emit::Finding> =
        findings.iter().enumerate().filter(|(i, _)| is_new(*i)).map(|(_, f)| f.clone()).collect();
    // The terminal: errors only with --quiet; the most important first, and not
    // pages of one rule's repetitions, unless --all.
    let mut shown_diags: Vec<migc::diag::Diagnostic> =
        shown.iter().filter(|f| !args.quiet || f.diag.severity == Severity::Error).map(|f| f.diag.clone()).collect();
    let mut hidden: Vec<(String, usize)> = Vec::new();
    if !args.all {
        shown_diags.sort_by_key(|d| d.severity);
        let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        shown_diags.retain(|d| {
            let n = seen.entry(d.code.clone()).or_insert(0);
            *n += 1;
            if *n <= PER_RULE {
                return true;
            }
            match hidden.iter_mut().find(|(c, _)| *c == d.code) {
                Some((_, k)) => *k += 1,
                None => hidden.push((d.code.clone(), 1)),
            }
            false
        });
    }

    let fail_level = match (args.fail_level, args.deny_warnings) {
        (Some(FailLevel::None), _) => None,
        (Some(FailLevel::Note), _) => Some(Severity::Note),
        (Some(FailLevel::Warning), _) | (None, true) => Some(Severity::Warning),
        (Some(FailLevel::Error), _) | (None, false) => Some(Severity::Error),
    };
    let failing = fail_level.is_some_and(|level| shown.iter().any(|f| emit::at_least(f.diag.severity, level)));

    let mut summary = String::new();
    for (code, n) in &hidden {
        summary.push_str(&match lang {
            Lang::Ja => format!("… ほかに {code} が {n} 件 (すべて表示するには --all)\n"),
            Lang::En => format!("… {n} more {code} finding(s) (--all shows every finding)\n"),
        });
    }
    if !hidden.is_empty() {
        summary.push('\n');
    }
    if args.statistics {
        summary.push_str(&render::statistics(&shown.iter().map(|f| f.diag).collect::<Vec<_>>(), lang));
    }
    summary.push_str(&render::summary(&analysis, lang));
    if let Some(c) = &comparison {
        summary.push('\n');
        summary.push_str(&baseline_line(c, lang));
    }
    summary.push('\n');

    let waived: Vec<migc::diag::Diagnostic> =
        analysis.rule_stats.waived_findings.iter().map(|w| w.diag.clone()).collect();
    let waived_findings = emit::findings(&analysis, &waived);
    let report: Option<String> = match args.format {
        CheckFormat::Human => None,
        CheckFormat::Json => Some(render::json_report(&analysis, diags, comparison.as_ref(), lang)),
        CheckFormat::Sarif => {
            let pairs: Vec<_> = waived_findings.into_iter().zip(analysis.rule_stats.waived_findings.iter()).collect();
            Some(emit::sarif::sarif(
                &analysis,
                &findings,
                &pairs,
                comparison.as_ref().map(|c| c.is_new.as_slice()),
                lang,
            ))
        }
        CheckFormat::Github => {
            if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) {
                let md = emit::github::summary_markdown(&analysis, &shown, summary.trim_end(), lang);
                append(std::path::Path::new(&path), &md)?;
            }
            Some(emit::github::annotations(&analysis, &shown, lang))
        }
        CheckFormat::Junit => Some(emit::junit::junit(&analysis, &shown, lang)),
        CheckFormat::Gitlab => Some(emit::gitlab::gitlab(&analysis, &findings, lang)),
    };

    let stdout = std::io::stdout();
    let is_terminal = stdout.is_terminal();
    let color = match args.color {
        ColorMode::Always => true,
        ColorMode::Never => false,
        ColorMode::Auto => render::use_color(is_terminal),
    };
    match (&args.output, report) {
        (Some(path), report) => {
            let text = report.unwrap_or_else(|| {
                let mut t = render::human(&analysis, &shown_diags, lang, false);
                t.push_str(&summary);
                t
            });
            write_atomic(path, &text)?;
            write_stdout(&summary)?;
        }
        (None, Some(report)) => {
            // Annotations end with the summary, as a plain line of the log.
            let tail = if args.format == CheckFormat::Github { summary.as_str() } else { "" };
            write_stdout(&format!("{report}{tail}"))?;
        }
        (None, None) => {
            let mut lock = std::io::BufWriter::new(stdout.lock());
            let written = if color {
                let mut out = termcolor::Ansi::new(&mut lock);
                render::human_to(&mut out, &analysis, &shown_diags, lang)
                    .and_then(|()| out.write_all(summary.as_bytes()))
            } else {
                let mut out = termcolor::NoColor::new(&mut lock);
                render::human_to(&mut out, &analysis, &shown_diags, lang)
                    .and_then(|()| out.write_all(summary.as_bytes()))
            };
            written.and_then(|()| lock.flush()).map_err(|e| Fatal::Output(e.to_string()))?;
        }
    }
    // The process ends here: freeing every tree and name one by one would cost
    // about a tenth of the run; the operating system takes the memory back at once.
    std::mem::forget(analysis);
    std::mem::forget(ws);
    Ok(if failing { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The formats `migc report` writes.
const REPORT_FORMATS: &[&str] = &["md", "csv", "html", "xlsx"];

/// `migc report`: the documents, written atomically into `--out DIR`.
fn report(args: ReportArgs) -> Result<ExitCode, Fatal> {
    let lang = language(args.made_for.lang)?;
    let mut formats: Vec<&str> = Vec::new();
    for f in args.format.split(',').map(str::trim) {
        match f {
            "md" | "csv" | "html" | "xlsx" => {
                if !formats.contains(&f) {
                    formats.push(f);
                }
            }
            other => {
                return Err(Fatal::Usage {
                    message: format!(
                        "unknown format `{}`; accepted formats: {}",
                        escape_controls(other),
                        REPORT_FORMATS.join(", ")
                    ),
                });
            }
        }
    }
    let why = migc::tr!(
        "モデルにエラーがあるため文書を作成しませんでした (--draft で「ドラフト」として作成できます)",
        "no documents written: the model has errors (--draft writes them stamped as a draft)"
    );
    let (ws, analysis, opts) = match checked_model(&args.paths, &args.made_for, lang, why)? {
        Checked::Ready(checked) => *checked,
        Checked::Refused(text) => {
            write_stdout(&text)?;
            return Ok(ExitCode::from(1));
        }
    };
    let docs = migc::report::documents(&analysis, &ws, &opts);
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for doc in &docs {
        if formats.contains(&"md") {
            files.push((format!("{}.md", doc.id), migc::report::markdown::render(doc, lang).into_bytes()));
        }
        if formats.contains(&"csv") {
            files.extend(migc::report::csv::files(doc, lang).into_iter().map(|(n, t)| (n, t.into_bytes())));
        }
    }
    if formats.contains(&"xlsx") {
        let as_of = migc::report::as_of(&analysis, &opts);
        let book = migc::report::xlsx::render(&docs, lang, as_of).map_err(|e| Fatal::WriteFile {
            path: shown_path(&args.out.join(migc::report::xlsx::FILE)),
            error: e.to_string(),
        })?;
        files.push((migc::report::xlsx::FILE.to_string(), book));
    }
    // The 全体構成図: SVG, Mermaid and DOT whatever the formats; its page only with Markdown.
    let overview = migc::report::overview_files(&analysis, &opts);
    if formats.contains(&"html") {
        let svg = overview.iter().find(|(name, _)| name == "overview.svg").map_or("", |(_, text)| text.as_str());
        files.push(("report.html".to_string(), migc::report::html::render(&docs, svg, &opts).into_bytes()));
    }
    files.extend(
        overview
            .into_iter()
            .filter(|(name, _)| !name.ends_with(".md") || formats.contains(&"md"))
            .map(|(n, t)| (n, t.into_bytes())),
    );
    write_dir_atomic(&args.out, &files)?;
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    write_stdout(&match lang {
        Lang::Ja => {
            format!("{} に {} 個のファイルを書きました: {}\n", shown_path(&args.out), names.len(), names.join(", "))
        }
        Lang::En => format!("wrote {} files to {}: {}\n", names.len(), shown_path(&args.out), names.join(", ")),
    })?;
    Ok(ExitCode::SUCCESS)
}

/// A model loaded and checked for `report` or `export`, or, when it has errors and
/// `--draft` was not given, the text that says so (its errors, the summary, `why`).
enum Checked {
    Ready(Box<(workspace::Workspace, migc::Analysis, migc::report::Options)>),
    Refused(String),
}

fn checked_model(paths: &[PathBuf], made_for: &MadeFor, lang: Lang, why: migc::diag::Text) -> Result<Checked, Fatal> {
    let mut ws = workspace::load(paths)?;
    ws.as_of = made_for.as_of;
    ws.require_model = paths.is_empty() || paths.iter().any(|p| p.is_dir());
    let analysis = analyze(&ws);
    if analysis.count(Severity::Error) > 0 && !made_for.draft {
        let errs: Vec<migc::diag::Diagnostic> =
            analysis.diagnostics.iter().filter(|d| d.severity == Severity::Error).cloned().collect();
        let mut text = render::human(&analysis, &errs, lang, false);
        text.push_str(&render::summary(&analysis, lang));
        text.push('\n');
        text.push_str(why.get(lang));
        text.push('\n');
        return Ok(Checked::Refused(text));
    }
    let opts = migc::report::Options { lang, as_of: made_for.as_of, draft: made_for.draft };
    Ok(Checked::Ready(Box::new((ws, analysis, opts))))
}

/// `migc export`: the model as JSON or OTM, on standard output or into `--output FILE`.
fn export(args: ExportArgs) -> Result<ExitCode, Fatal> {
    let lang = language(args.made_for.lang)?;
    let why = migc::tr!(
        "モデルにエラーがあるため書き出しませんでした (--draft でドラフトとして書き出せます)",
        "nothing exported: the model has errors (--draft exports it marked as a draft)"
    );
    let (ws, analysis, opts) = match checked_model(&args.paths, &args.made_for, lang, why)? {
        Checked::Ready(checked) => *checked,
        Checked::Refused(text) => {
            // Standard output may be the export's destination: the errors go to standard error.
            let mut err = std::io::stderr().lock();
            err.write_all(text.as_bytes()).map_err(|e| Fatal::Output(e.to_string()))?;
            return Ok(ExitCode::from(1));
        }
    };
    let text = match args.format {
        ExportFormat::Json => migc::export::json::render(&migc::export::json::build(&analysis, &ws, &opts)),
        ExportFormat::Otm => migc::export::otm::render(&migc::export::otm::build(&analysis, &opts)),
    };
    match &args.output {
        Some(path) => write_atomic(path, &text)?,
        None => write_stdout(&text)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Write files into `dir` so that a failure changes nothing: every file is first
/// written (and synced) into a temporary directory beside `dir`; then, if `dir`
/// does not exist, that directory is renamed to it; else each file is moved in by
/// a rename, the file it replaces kept aside until all are in, and put back if a
/// move fails. Other files in `dir` are left alone.
fn write_dir_atomic(dir: &std::path::Path, files: &[(String, Vec<u8>)]) -> Result<(), Fatal> {
    let fail =
        |path: &std::path::Path, e: std::io::Error| Fatal::WriteFile { path: shown_path(path), error: e.to_string() };
    let parent = match dir.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "report".to_string());
    std::fs::create_dir_all(&parent).map_err(|e| fail(&parent, e))?;
    let tmp = parent.join(format!(".{name}.migc-report-{}.tmp", std::process::id()));
    let cleanup = |tmp: &std::path::Path| {
        let _ = std::fs::remove_dir_all(tmp);
    };
    let staged = (|| -> std::io::Result<()> {
        std::fs::create_dir(&tmp)?;
        for (file, bytes) in files {
            let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(tmp.join(file))?;
            f.write_all(bytes)?;
            f.sync_all()?;
        }
        Ok(())
    })();
    if let Err(e) = staged {
        cleanup(&tmp);
        return Err(fail(dir, e));
    }
    if std::fs::symlink_metadata(dir).is_err() {
        let moved = std::fs::rename(&tmp, dir);
        if let Err(e) = moved {
            cleanup(&tmp);
            return Err(fail(dir, e));
        }
        return Ok(());
    }
    if !dir.is_dir() {
        cleanup(&tmp);
        return Err(fail(dir, std::io::Error::other("it exists and is not a directory")));
    }
    // (file, whether an old file was set aside) for each move done.
    let mut done: Vec<(&str, bool)> = Vec::new();
    let mut result = Ok(());
    for (file, _) in files {
        let (target, old) = (dir.join(file), tmp.join(format!("{file}.old")));
        let had = std::fs::symlink_metadata(&target).is_ok();
        if had && let Err(e) = std::fs::rename(&target, &old) {
            result = Err(e);
            break;
        }
        if let Err(e) = std::fs::rename(tmp.join(file), &target) {
            if had {
                let _ = std::fs::rename(&old, &target);
            }
            result = Err(e);
            break;
        }
        done.push((file, had));
    }
    if let Err(e) = result {
        for (file, had) in done.into_iter().rev() {
            let target = dir.join(file);
            if had {
                let _ = std::fs::rename(tmp.join(format!("{file}.old")), &target);
            } else {
                let _ = std::fs::remove_file(&target);
            }
        }
        cleanup(&tmp);
        return Err(fail(dir, e));
    }
    cleanup(&tmp);
    Ok(())
}

/// Append to a file (the GitHub job summary), creating it if needed.
fn append(path: &std::path::Path, text: &str) -> Result<(), Fatal> {
    let fail = |e: std::io::Error| Fatal::WriteFile { path: shown_path(path), error: e.to_string() };
    let mut f = std::fs::OpenOptions::new().append(true).create(true).open(path).map_err(fail)?;
    f.write_all(text.as_bytes()).map_err(fail)
}

/// `baseline: 3 known finding(s) remain; 1 gone: MIG-LOG-004 on app_log`.
fn baseline_line(c: &emit::baseline::Comparison, lang: Lang) -> String {
    let gone: Vec<String> = c.gone.iter().map(|e| format!("{} ({})", e.code, escape_controls(&e.subject))).collect();
    let (new, known) = (c.new_count(), c.known_count());
    let mut line = match lang {
        Lang::Ja => format!("ベースライン: 新しい指摘 {new} 件、既知の指摘 {known} 件、解消 {} 件", gone.len()),
        Lang::En => format!("baseline: {new} new finding(s), {known} known, {} gone", gone.len()),
    };
    if !gone.is_empty() {
        line.push_str(": ");
        line.push_str(&gone.join(", "));
    }
    line
}

/// `migc fmt`: exit 0 when every file is (now) formatted, 1 with `--check` when some
/// file is not, 2 when some file could not be formatted (unreadable, syntax errors).
fn fmt(args: FmtArgs) -> Result<ExitCode, Fatal> {
    use migc::format::format_text;
    use migc::tr;
    let lang = language(args.lang)?;
    let files = workspace::source_files(&args.paths)?;
    let (mut changed, mut unchanged, mut failed) = (0usize, 0usize, 0usize);
    let report = |text: migc::diag::Text| eprintln!("{}", text.get(lang));
    for (path, source) in &files {
        let shown = escape_controls(&path.display().to_string()).into_owned();
        let text = match source {
            workspace::SourceText::Text(text) => text,
            workspace::SourceText::Invalid { problem, .. } => {
                let d = migc::analysis::file_problem_diagnostic(migc::diag::FileId(0), &shown, problem);
                report(d.message);
                failed += 1;
                continue;
            }
        };
        let formatted = match format_text(text) {
            Ok(f) => f,
            Err(e) => {
                report(e.message(&shown));
                failed += 1;
                continue;
            }
        };
        if formatted == **text {
            unchanged += 1;
            continue;
        }
        changed += 1;
        if args.check {
            println!("{}", tr!("整形が必要: {shown}", "would reformat: {shown}").get(lang));
            continue;
        }
        if let Err(e) = write_formatted(path, &formatted) {
            report(tr!("{shown} に書き込めません: {e}", "cannot write {shown}: {e}"));
            failed += 1;
            changed -= 1;
        }
    }
    let summary = match args.check {
        true => tr!(
            "整形が必要なファイル {changed} 個、整形済み {unchanged} 個",
            "{changed} files would be reformatted, {unchanged} already formatted"
        ),
        false => tr!(
            "{changed} 個のファイルを整形、{unchanged} 個は変更なし",
            "{changed} files reformatted, {unchanged} unchanged"
        ),
    };
    report(summary);
    Ok(if failed > 0 {
        ExitCode::from(2)
    } else if args.check && changed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Replace a file's text atomically: a temporary file beside it (with its
/// permissions; a BOM it began with is kept), renamed over it. A symlink is
/// followed, so the file it points to is the one replaced.
fn write_formatted(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Read;
    let target = std::fs::canonicalize(path)?;
    let mut head = [0u8; 3];
    let bom = std::fs::File::open(&target)?.read(&mut head)? == 3 && head == *b"\xEF\xBB\xBF";
    let dir = target.parent().unwrap_or(std::path::Path::new("."));
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.migc-fmt-{}.tmp", std::process::id()));
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        if bom {
            f.write_all(b"\xEF\xBB\xBF")?;
        }
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::set_permissions(&tmp, std::fs::metadata(&target)?.permissions())?;
        std::fs::rename(&tmp, &target)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}
