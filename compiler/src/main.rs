//! The `migc` command line.

use clap::{Parser, Subcommand, ValueEnum};
use codespan_reporting::term::termcolor;
use migc::diag::{Lang, Severity, escape_controls};
use migc::model::Date;
use migc::{analyze, render, workspace};
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
    /// Format .mig files in the canonical layout (every comment kept).
    Fmt(FmtArgs),
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
    /// Files or directories (every .mig below a directory). Default: the current directory.
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Language of messages: ja (default) or en. Also read from MIGC_LANG.
    #[arg(long, value_parser = parse_lang)]
    lang: Option<Lang>,
    /// Exit with 1 when there are warnings, too.
    #[arg(long)]
    deny_warnings: bool,
    /// Judge dates (waiver expiry, the 2027-04-01 MFA deadline) at this date instead of the model's `as_of`.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    as_of: Option<Date>,
    /// Colour: auto (only on a terminal, and not with NO_COLOR), always, never.
    #[arg(long, value_enum, default_value_t = ColorMode::Auto)]
    color: ColorMode,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorMode {
    Auto,
    Always,
    Never,
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).ok_or_else(|| format!("`{s}` is not a real date in the form YYYY-MM-DD"))
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
        Command::Fmt(args) => fmt(args),
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

fn check(args: CheckArgs) -> Result<ExitCode, Fatal> {
    let lang = language(args.lang)?;
    let mut ws = workspace::load(&args.paths)?;
    ws.as_of = args.as_of;
    let analysis = analyze(&ws);
    let diags = &analysis.diagnostics;
    let stdout = std::io::stdout();
    let is_terminal = stdout.is_terminal();
    let mut lock = std::io::BufWriter::new(stdout.lock());
    let written = match args.format {
        Format::Json => lock.write_all(render::json(&analysis, diags, lang).as_bytes()),
        Format::Human => {
            let color = match args.color {
                ColorMode::Always => true,
                ColorMode::Never => false,
                ColorMode::Auto => render::use_color(is_terminal),
            };
            let summary = format!("{}\n", render::summary(&analysis, lang));
            if color {
                let mut out = termcolor::Ansi::new(&mut lock);
                render::human_to(&mut out, &analysis, diags, lang).and_then(|()| out.write_all(summary.as_bytes()))
            } else {
                let mut out = termcolor::NoColor::new(&mut lock);
                render::human_to(&mut out, &analysis, diags, lang).and_then(|()| out.write_all(summary.as_bytes()))
            }
        }
    };
    written.and_then(|()| lock.flush()).map_err(|e| Fatal::Output(e.to_string()))?;
    let errors = analysis.count(Severity::Error);
    let warnings = analysis.count(Severity::Warning);
    // The process ends here: freeing every tree and name one by one would cost
    // about a tenth of the run; the operating system takes the memory back at once.
    std::mem::forget(analysis);
    std::mem::forget(ws);
    Ok(if errors > 0 || (args.deny_warnings && warnings > 0) { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// `migc fmt`: exit 0 when every file is (now) formatted, 1 with `--check` when some
/// file is not, 2 when some file could not be formatted (unreadable, syntax errors).
fn fmt(args: FmtArgs) -> Result<ExitCode, Fatal> {
    use migc::format::{FormatError, format_text};
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
            Err(FormatError::SyntaxErrors(n)) => {
                report(tr!(
                    "{shown}: 構文エラーが {n} 件あるため整形しません (`migc check` で場所を確認できます)",
                    "{shown}: not formatted: {n} syntax errors (`migc check` shows where)"
                ));
                failed += 1;
                continue;
            }
            Err(FormatError::Unsound(why)) => {
                report(tr!(
                    "{shown}: 整形すると内容が変わるため整形しません ({why})。migc の不具合です。報告してください",
                    "{shown}: not formatted: the result would not mean the same ({why}); this is a bug in migc, please report it"
                ));
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
