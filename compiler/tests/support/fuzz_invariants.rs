//! What must hold for any input, whatever its bytes: the invariants of the fuzz
//! target (`fuzz/`) and of `tests/fuzz_regressions.rs`, kept in one place so a
//! regression input is judged in `cargo test` exactly as the fuzzer judged it.
//!
//! Pure functions over migc's public API. A broken invariant is an `Err` with a
//! description; the fuzz target turns it into a panic (which AFL records as a
//! crash), the test into a failure. A panic inside migc propagates as is.
#![allow(dead_code, reason = "two crates include this file, each using part of it")]

use migc::diag::{Lang, Severity};
use migc::workspace::{self, Workspace};
use migc::{Analysis, analyze, render};
use std::time::{Duration, Instant};

/// An input is cut into files at this byte sequence: `a.mig`, `b.mig`, and
/// `c.mig` holding the rest, so that imports between files are fuzzed too
/// (`import "b.mig"` in the first part names the second).
pub const FILE_SEPARATOR: &[u8] = b"\n---\n";
/// The files an input becomes, in order, under [`ROOT`].
pub const FILE_NAMES: [&str; 3] = ["a.mig", "b.mig", "c.mig"];
/// The project root of an input's workspace.
pub const ROOT: &str = "fuzz";
/// Inputs smaller than this must be analysed and rendered within the time budget.
pub const SMALL_INPUT: usize = 10 * 1024;
/// The time budget of the issue for a small input (the fuzz target's default).
pub const DEFAULT_BUDGET: Duration = Duration::from_millis(100);

/// The time budget `MIGC_FUZZ_SLOW_MS` sets (in ms; `0`: none), else `default`.
pub fn budget_from_env(default: Duration) -> Option<Duration> {
    match std::env::var("MIGC_FUZZ_SLOW_MS").ok().and_then(|v| v.trim().parse::<u64>().ok()) {
        Some(0) => None,
        Some(ms) => Some(Duration::from_millis(ms)),
        None => Some(default),
    }
}

/// The input's parts: up to [`FILE_NAMES`]`.len()`, the last one holding the rest.
pub fn split_files(input: &[u8]) -> Vec<&[u8]> {
    let mut parts = Vec::new();
    let mut rest = input;
    while parts.len() + 1 < FILE_NAMES.len() {
        let Some(at) = rest.windows(FILE_SEPARATOR.len()).position(|w| w == FILE_SEPARATOR) else { break };
        // The `\n` before `---` stays with the file, so a part ends the way a file does.
        parts.push(&rest[..=at]);
        rest = &rest[at + FILE_SEPARATOR.len()..];
    }
    parts.push(rest);
    parts
}

/// The workspace an input stands for: its parts decoded as files would be from disk.
pub fn workspace(input: &[u8]) -> Workspace {
    let mut ws = Workspace::new(ROOT);
    for (part, name) in split_files(input).into_iter().zip(FILE_NAMES) {
        ws.set(std::path::Path::new(ROOT).join(name), workspace::decode(part.to_vec()));
    }
    ws
}

/// Every rendering of one analysis, as the CLI would print it.
#[derive(PartialEq, Eq)]
pub struct Outputs {
    pub human_ja: String,
    pub human_en: String,
    /// Japanese with ANSI colour (`--color always`).
    pub human_ja_color: String,
    pub json_ja: String,
    pub json_en: String,
}

fn human(a: &Analysis, lang: Lang, color: bool) -> String {
    // As `migc check` prints it: the diagnostics, then the summary line.
    let mut out = render::human(a, &a.diagnostics, lang, color);
    out.push_str(&render::summary(a, lang));
    out.push('\n');
    out
}

pub fn render_all(a: &Analysis) -> Outputs {
    Outputs {
        human_ja: human(a, Lang::Ja, false),
        human_en: human(a, Lang::En, false),
        human_ja_color: human(a, Lang::Ja, true),
        json_ja: render::json(a, &a.diagnostics, Lang::Ja),
        json_en: render::json(a, &a.diagnostics, Lang::En),
    }
}

/// Every label names a file of the analysis, and its span lies inside that
/// file's text, start ≤ end, both on char boundaries. Diagnostics are sorted.
pub fn check_labels(a: &Analysis) -> Result<(), String> {
    for d in &a.diagnostics {
        for l in &d.labels {
            let Some(f) = a.file(l.file) else {
                return Err(format!("{}: label names file {} of {}", d.code, l.file.0, a.files.len()));
            };
            let r = l.span.range();
            let inside = r.start <= r.end && r.end <= f.text.len();
            if !inside || !f.text.is_char_boundary(r.start) || !f.text.is_char_boundary(r.end) {
                return Err(format!(
                    "{}: label {r:?} is not a char range of {} ({} bytes)",
                    d.code,
                    f.name,
                    f.text.len()
                ));
            }
        }
    }
    if !a.diagnostics.is_sorted_by(|x, y| x.sort_key() <= y.sort_key()) {
        return Err("diagnostics are not sorted by file and position".into());
    }
    Ok(())
}

/// Plain terminal output holds no control character but `\n`: the input may not
/// drive the terminal (codespan turns tabs into spaces, so none is expected).
pub fn check_plain(text: &str, what: &str) -> Result<(), String> {
    match text.char_indices().find(|(_, c)| c.is_control() && *c != '\n') {
        Some((at, c)) => Err(format!("{what}: control character {c:?} at byte {at}: {:?}", context(text, at))),
        None => Ok(()),
    }
}

/// A few characters around a byte offset, for a readable failure.
fn context(text: &str, at: usize) -> &str {
    let mut start = at.saturating_sub(40);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (at + 40).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    &text[start..end]
}

/// Coloured output is the plain output with SGR sequences (`ESC [ … m`) added,
/// and no other escape.
pub fn check_color(color: &str, plain: &str) -> Result<(), String> {
    let mut stripped = String::with_capacity(color.len());
    let mut rest = color;
    while let Some(at) = rest.find('\x1b') {
        stripped.push_str(&rest[..at]);
        let seq = &rest[at + 1..];
        let params = seq.strip_prefix('[').map(|s| s.find(|c: char| !(c.is_ascii_digit() || c == ';')));
        match params {
            Some(Some(end)) if seq.as_bytes().get(end + 1) == Some(&b'm') => rest = &seq[end + 2..],
            _ => return Err(format!("colour output: an escape that is not SGR: {:?}", context(rest, at))),
        }
    }
    stripped.push_str(rest);
    if stripped != plain {
        return Err("colour output without its SGR sequences differs from the plain output".into());
    }
    Ok(())
}

/// The JSON document parses and has the documented shape: `version` 1, one
/// entry per diagnostic in order (code, severity, message, a place when the
/// diagnostic has labels), and a `summary` whose counts match.
pub fn check_json(text: &str, a: &Analysis, what: &str) -> Result<(), String> {
    let doc: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("{what}: does not parse: {e}"))?;
    if doc.get("version").and_then(|v| v.as_u64()) != Some(u64::from(render::JSON_VERSION)) {
        return Err(format!("{what}: no `version` {}", render::JSON_VERSION));
    }
    let Some(diags) = doc.get("diagnostics").and_then(|d| d.as_array()) else {
        return Err(format!("{what}: no `diagnostics` array"));
    };
    if diags.len() != a.diagnostics.len() {
        return Err(format!("{what}: {} diagnostics for {}", diags.len(), a.diagnostics.len()));
    }
    for (j, d) in diags.iter().zip(&a.diagnostics) {
        let field = |k: &str| j.get(k).and_then(|v| v.as_str());
        if field("code") != Some(d.code.as_str()) || field("severity") != Some(d.severity.as_str()) {
            return Err(format!("{what}: entry for {} has another code or severity", d.code));
        }
        if field("message").is_none_or(str::is_empty) {
            return Err(format!("{what}: {} has no message", d.code));
        }
        if j.get("file").is_some() == d.labels.is_empty() {
            return Err(format!("{what}: {} has a place iff it has no labels", d.code));
        }
        let labels = j.get("labels").and_then(|l| l.as_array()).map_or(0, Vec::len);
        if labels != d.labels.len() {
            return Err(format!("{what}: {} has {labels} labels for {}", d.code, d.labels.len()));
        }
        for place in std::iter::once(j).chain(j.get("labels").and_then(|l| l.as_array()).into_iter().flatten()) {
            let n = |k: &str| place.get(k).and_then(|v| v.as_u64());
            if place.get("file").is_some()
                && [n("line"), n("column"), n("end_line"), n("end_column")].contains(&Some(0))
            {
                return Err(format!("{what}: {} has a 0 line or column (they are 1-based)", d.code));
            }
        }
    }
    let count = |s: Severity| a.diagnostics.iter().filter(|d| d.severity == s).count() as u64;
    let summary = |k: &str| doc.get("summary").and_then(|s| s.get(k)).and_then(|v| v.as_u64());
    if summary("errors") != Some(count(Severity::Error)) || summary("warnings") != Some(count(Severity::Warning)) {
        return Err(format!("{what}: `summary` counts differ from the diagnostics"));
    }
    if summary("rules_run").is_none() || summary("waived").is_none() {
        return Err(format!("{what}: `summary` lacks rules_run or waived"));
    }
    Ok(())
}

/// The lossless syntax tree of every parsed file reprints its text exactly, and
/// its root covers every token.
pub fn check_trees(a: &Analysis) -> Result<(), String> {
    for (file, tree) in a.files.iter().zip(&a.trees) {
        let syntax = &tree.syntax;
        if syntax.tokens.is_empty() {
            continue; // not parsed (mig.toml, or a file that is not usable source)
        }
        if syntax.reprint(&file.text) != *file.text {
            return Err(format!("{}: the syntax tree does not reprint the text", file.name));
        }
        let covers =
            syntax.nodes.first().is_some_and(|r| r.first_token == 0 && r.end_token as usize == syntax.tokens.len());
        if !covers {
            return Err(format!("{}: the syntax tree's root does not cover every token", file.name));
        }
    }
    Ok(())
}

/// The formatter, on every parsed file: one with syntax errors is refused as such;
/// any other is formatted (the formatter's own check passes: same declarations, same
/// comments), and formatting its output again changes nothing.
pub fn check_format(a: &Analysis) -> Result<(), String> {
    use migc::format::{FormatError, format_text};
    for (file, tree) in a.files.iter().zip(&a.trees) {
        if tree.syntax.tokens.is_empty() || file.stdlib_module.is_some() {
            continue;
        }
        let once = match format_text(&file.text) {
            Ok(once) => once,
            Err(FormatError::SyntaxErrors(_)) => continue,
            Err(e) => return Err(format!("{}: not formatted: {e:?}", file.name)),
        };
        match format_text(&once) {
            Ok(twice) if twice == once => {}
            Ok(_) => return Err(format!("{}: formatting is not idempotent", file.name)),
            Err(e) => return Err(format!("{}: its formatted text is refused: {e:?}", file.name)),
        }
    }
    Ok(())
}

/// Every invariant on one analysis and its renderings.
pub fn check_outputs(a: &Analysis, out: &Outputs) -> Result<(), String> {
    check_labels(a)?;
    check_trees(a)?;
    check_format(a)?;
    check_plain(&out.human_ja, "human ja")?;
    check_plain(&out.human_en, "human en")?;
    check_color(&out.human_ja_color, &out.human_ja)?;
    check_json(&out.json_ja, a, "json ja")?;
    check_json(&out.json_en, a, "json en")?;
    Ok(())
}

/// Analyse and render the workspace `make` builds, twice: every invariant holds,
/// the second run prints byte for byte what the first did, and, when `budget`
/// is given, one of the two runs took at most that long (the faster one counts,
/// so that a run descheduled on a busy machine is not taken for a slow input).
pub fn check_workspace(make: impl Fn() -> Workspace, budget: Option<Duration>) -> Result<(), String> {
    let run = || {
        let ws = make();
        let start = Instant::now();
        let a = analyze(&ws);
        let out = render_all(&a);
        (a, out, start.elapsed())
    };
    let (a, first, t1) = run();
    check_outputs(&a, &first)?;
    let (_, second, t2) = run();
    if first != second {
        return Err("a second analysis of the same input printed something else".into());
    }
    if let Some(budget) = budget
        && t1.min(t2) > budget
    {
        return Err(format!("analysis and rendering took {:?} (budget {budget:?})", t1.min(t2)));
    }
    Ok(())
}

/// Every invariant on one fuzz input; the time budget applies to inputs under [`SMALL_INPUT`].
pub fn check_input(input: &[u8], budget: Option<Duration>) -> Result<(), String> {
    let budget = budget.filter(|_| input.len() < SMALL_INPUT);
    check_workspace(|| workspace(input), budget)
}
