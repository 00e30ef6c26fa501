//! Random edit sessions over the examples: the engine never panics, whatever is
//! typed, and after every session the diagnostics it published are exactly what a
//! fresh check of the same texts on disk gives (`migc check ROOT`'s analysis).
//!
//! `MIGC_EDIT_SESSIONS=N` runs N sessions (default 1000); `MIGC_EDIT_SEED` another seed.

use migc::diag::Lang;
use migc_lsp::convert::{self, Encoding};
use migc_lsp::engine::{Engine, Publish};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tower_lsp_server::ls_types as lsp;

/// A small deterministic generator (SplitMix64): the same seed, the same sessions.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

/// What people type, and what breaks parsers: words, Japanese, astral characters,
/// brackets, quotes, line ends (CRLF included).
const PIECES: &[&str] = &[
    "a",
    "x",
    " ",
    "\n",
    "\r\n",
    "{",
    "}",
    "[",
    "]",
    "\"",
    ",",
    ":",
    "::",
    "//",
    "///",
    "受付",
    "電子カルテ",
    "𠮷",
    "role",
    "provider",
    "party",
    "flow",
    "risk",
    "std::threat::",
    "on ",
    "at ",
    "1y",
    "2026-04-01",
    "\t",
    "=",
    "#",
];

/// A char boundary at or before `i`.
fn boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn edit(rng: &mut Rng, text: &str) -> String {
    let at = boundary(text, rng.below(text.len() + 1));
    match rng.below(6) {
        // Insert a piece.
        0..=2 => format!("{}{}{}", &text[..at], PIECES[rng.below(PIECES.len())], &text[at..]),
        // Delete a few characters (or a large cut, now and then).
        3 | 4 => {
            let len = if rng.below(10) == 0 { rng.below(400) } else { rng.below(8) + 1 };
            let end = boundary(text, at + len);
            format!("{}{}", &text[..at], &text[end..])
        }
        // Duplicate the line at the cursor.
        _ => {
            let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
            format!("{}{}{}", &text[..end], &text[start..end], &text[end..])
        }
    }
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

fn mig_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "mig"))
        .collect();
    out.sort();
    Ok(out)
}

/// The diagnostics a fresh check of `root` on disk gives, per file, as the server shows them.
fn checked(root: &Path, std_dir: &Path) -> Result<BTreeMap<PathBuf, Vec<lsp::Diagnostic>>, String> {
    let ws = migc::workspace::load_root(root).map_err(|e| e.to_string())?;
    let a = migc::analyze(&ws);
    let reference = Engine::new(Lang::Ja, Encoding::Utf16, std_dir.to_path_buf());
    let mut out: BTreeMap<PathBuf, Vec<lsp::Diagnostic>> = BTreeMap::new();
    for d in &a.diagnostics {
        let Some(file) = convert::diagnostic_file(d).and_then(|f| a.file(f)) else {
            return Err(format!("a diagnostic without a place: {d:?}"));
        };
        let uri_of = |id| reference.uri_of(&a, id);
        out.entry(file.path.clone()).or_default().push(convert::diagnostic(&a, d, Lang::Ja, Encoding::Utf16, &uri_of));
    }
    Ok(out)
}

fn record(shown: &mut BTreeMap<PathBuf, Vec<lsp::Diagnostic>>, publish: Vec<Publish>) -> Result<(), String> {
    for p in publish {
        let path = p.uri.to_file_path().ok_or(format!("not a file URI: {:?}", p.uri))?.into_owned();
        if p.diagnostics.is_empty() {
            shown.remove(&path);
        } else {
            shown.insert(path, p.diagnostics);
        }
    }
    Ok(())
}

/// Ask what an editor asks at a random place; none of it may panic.
fn ask(engine: &mut Engine, rng: &mut Rng, path: &Path, text: &str) {
    let line = rng.below(text.lines().count() + 2) as u32;
    let pos = lsp::Position { line, character: rng.below(40) as u32 };
    let range = lsp::Range { start: lsp::Position { line: line.saturating_sub(3), character: 0 }, end: pos };
    match rng.below(13) {
        0 => drop(engine.hover(path, pos)),
        1 => drop(engine.completion(path, pos)),
        2 => drop(engine.definition(path, pos)),
        3 => drop(engine.references(path, pos, true)),
        4 => drop(engine.prepare_rename(path, pos)),
        5 => drop(engine.rename(path, pos, ["受付2", "x", "std", "1a"][rng.below(4)])),
        6 => drop(engine.document_symbols(path)),
        7 => drop(engine.inlay_hints(path, range)),
        8 => drop(engine.code_actions(path, range, &[])),
        9 => drop(engine.folding_ranges(path)),
        10 => drop(engine.semantic_tokens(path)),
        11 => drop(engine.workspace_symbols("受")),
        _ => drop(engine.formatting(path)),
    }
}

#[test]
fn random_edit_sessions_end_where_a_fresh_check_does() -> Result<(), String> {
    let sessions: usize = std::env::var("MIGC_EDIT_SESSIONS").ok().and_then(|n| n.parse().ok()).unwrap_or(1000);
    let seed: u64 = std::env::var("MIGC_EDIT_SEED").ok().and_then(|n| n.parse().ok()).unwrap_or(20261130);
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let projects = ["small-clinic", "failing", "cloud-ehr"];
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let std_dir = tmp.path().join("std");
    let mut rng = Rng(seed);
    let mut edits = 0usize;
    for session in 0..sessions {
        let name = projects[session % projects.len()];
        let root = tmp.path().join(format!("s{session}"));
        copy_dir(&examples.join(name), &root).map_err(|e| e.to_string())?;
        let files = mig_files(&root).map_err(|e| e.to_string())?;
        let mut engine = Engine::new(Lang::Ja, Encoding::Utf16, std_dir.clone());
        let mut shown: BTreeMap<PathBuf, Vec<lsp::Diagnostic>> = BTreeMap::new();
        // A few files open; edits go to them, one version after another.
        let mut open: BTreeMap<PathBuf, (String, i32)> = BTreeMap::new();
        for _ in 0..=rng.below(3) {
            let path = files[rng.below(files.len())].clone();
            let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
            record(&mut shown, engine.open(&path, &text, 1))?;
            open.insert(path, (text, 1));
        }
        let context = |what: &str| format!("session {session} ({name}, seed {seed}): {what}");
        for _ in 0..=rng.below(8) {
            let keys: Vec<PathBuf> = open.keys().cloned().collect();
            let path = keys[rng.below(keys.len())].clone();
            let Some((text, version)) = open.get_mut(&path) else { continue };
            *text = edit(&mut rng, text);
            *version += 1;
            let publish =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| engine.change(&path, text, *version)))
                    .map_err(|_| context("the engine panicked on an edit"))?;
            record(&mut shown, publish)?;
            edits += 1;
            let snapshot = text.clone();
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| ask(&mut engine, &mut rng, &path, &snapshot)))
                .map_err(|_| context("the engine panicked on a request"))?;
        }
        // Now the same texts on disk, checked afresh.
        for (path, (text, _)) in &open {
            std::fs::write(path, text).map_err(|e| e.to_string())?;
        }
        let expected = checked(&root, &std_dir).map_err(|e| context(&e))?;
        if shown != expected {
            let keys: Vec<&PathBuf> = shown.keys().chain(expected.keys()).collect();
            let differing = keys.into_iter().find(|k| shown.get(*k) != expected.get(*k));
            return Err(context(&format!(
                "published diagnostics differ from a fresh check in {differing:?}:\npublished: {:#?}\nchecked: {:#?}",
                differing.and_then(|k| shown.get(k)),
                differing.and_then(|k| expected.get(k))
            )));
        }
        std::fs::remove_dir_all(&root).map_err(|e| e.to_string())?;
    }
    eprintln!("{sessions} sessions, {edits} edits");
    assert!(edits >= sessions, "too few edits: {edits}");
    Ok(())
}
