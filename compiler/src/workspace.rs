//! The set of files to analyse: path → text, held in memory so that an editor
//! can overlay unsaved buffers. [`load`] fills it from disk; [`crate::analysis`]
//! never touches the disk.

use crate::syntax;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// Files larger than this are not parsed; they get a diagnostic instead.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// One file's content as loaded.
#[derive(Clone, Debug)]
pub enum SourceText {
    Text(Arc<str>),
    /// The file could not be used as `.mig` source. `display` is a lossy text
    /// for showing the place of the problem.
    Invalid {
        problem: FileProblem,
        display: Arc<str>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileProblem {
    /// Not UTF-8; the first invalid byte is at `offset`.
    NotUtf8 {
        offset: usize,
    },
    /// Contains a NUL byte at `offset`: a binary file.
    Binary {
        offset: usize,
    },
    TooLarge {
        bytes: u64,
    },
    /// Could not be read (an imported file; the OS error).
    Unreadable {
        error: String,
    },
}

/// `mig.toml` at the project root.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub project: ProjectConfig,
    /// Per-rule severity overrides: `"MIG-AUTH-001" = "error"`.
    #[serde(default)]
    pub rules: BTreeMap<String, RuleLevel>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectConfig {
    pub name: Option<String>,
    /// Entry files, relative to the root. Without them every `.mig` below the root is loaded.
    #[serde(default)]
    pub entry: Vec<String>,
    /// Targeted guideline editions, names of `std::edition`.
    #[serde(default)]
    pub editions: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    Allow,
    Warning,
    Error,
}

#[derive(Clone, Debug, Default)]
pub struct Workspace {
    /// The project root: imports may not leave it.
    pub root: PathBuf,
    pub config: Config,
    /// Path and text of `mig.toml`, if there is one (diagnostics may point into it).
    pub config_path: Option<PathBuf>,
    pub config_text: Option<Arc<str>>,
    /// The directory paths are shown relative to (the current directory of `load`).
    pub display_base: Option<PathBuf>,
    /// `--as-of`: the date the model is judged at, instead of its `as_of`.
    pub as_of: Option<crate::model::Date>,
    files: BTreeMap<PathBuf, SourceText>,
}

impl Workspace {
    pub fn new(root: impl Into<PathBuf>) -> Workspace {
        Workspace { root: normalize(&root.into()), ..Workspace::default() }
    }
    /// Add or replace a file's text (an editor buffer overlays the disk this way).
    pub fn set_text(&mut self, path: impl AsRef<Path>, text: impl Into<Arc<str>>) {
        self.files.insert(normalize(path.as_ref()), SourceText::Text(text.into()));
    }
    pub fn set(&mut self, path: impl AsRef<Path>, source: SourceText) {
        self.files.insert(normalize(path.as_ref()), source);
    }
    pub fn remove(&mut self, path: impl AsRef<Path>) {
        self.files.remove(&normalize(path.as_ref()));
    }
    pub fn get(&self, path: &Path) -> Option<&SourceText> {
        self.files.get(&normalize(path))
    }
    /// Files in path order.
    pub fn files(&self) -> impl Iterator<Item = (&PathBuf, &SourceText)> {
        self.files.iter()
    }
    pub fn len(&self) -> usize {
        self.files.len()
    }
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
    /// How a path is shown to the user: relative to `display_base` when it is set.
    pub fn display_name(&self, path: &Path) -> String {
        match &self.display_base {
            Some(base) if path.is_absolute() => relative_path(base, path).display().to_string(),
            _ => path.display().to_string(),
        }
    }
}

/// `path` relative to `base` (both absolute and normalised), with `..` where needed.
pub fn relative_path(base: &Path, path: &Path) -> PathBuf {
    let common = base.components().zip(path.components()).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in base.components().skip(common) {
        out.push("..");
    }
    for c in path.components().skip(common) {
        out.push(c.as_os_str());
    }
    if out.as_os_str().is_empty() { PathBuf::from(".") } else { out }
}

/// Lexically normalise a path: drop `.`, apply `..` where possible. Symlinks are
/// not followed, so the result names the file the way the user did.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                let last_is_normal = matches!(out.components().next_back(), Some(Component::Normal(_)));
                if last_is_normal {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() { PathBuf::from(".") } else { out }
}

/// Where `import "spec"` in `importer` points.
pub fn import_target(importer: &Path, spec: &str) -> PathBuf {
    let dir = importer.parent().unwrap_or(Path::new(""));
    normalize(&dir.join(spec))
}

/// Whether `path` lies inside `root` (both normalised).
pub fn inside(root: &Path, path: &Path) -> bool {
    if root == Path::new(".") {
        return !path.starts_with("..") && !path.is_absolute();
    }
    path.starts_with(root)
}

/// The import specifiers of a text, found without a full parse.
pub fn scan_imports(text: &str) -> Vec<String> {
    syntax::import_specs(text)
}

/// Decode a file's bytes as `.mig` source: UTF-8 (a BOM is dropped), no NUL bytes.
pub fn decode(bytes: Vec<u8>) -> SourceText {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    // A NUL byte marks a binary file, whatever else it holds.
    if let Some(offset) = bytes.iter().position(|b| *b == 0) {
        let display = lossy_same_length(&bytes[..=offset]);
        return SourceText::Invalid { problem: FileProblem::Binary { offset }, display: Arc::from(display) };
    }
    match String::from_utf8(bytes) {
        Ok(text) => SourceText::Text(Arc::from(text)),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let display = lossy_same_length(e.as_bytes());
            SourceText::Invalid { problem: FileProblem::NotUtf8 { offset }, display: Arc::from(display) }
        }
    }
}

/// Decode for display only: each byte that is not valid UTF-8 (and each control
/// character) becomes one `?`, so byte offsets in the display text are offsets
/// in the file.
fn lossy_same_length(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        out.extend(std::iter::repeat_n('?', chunk.invalid().len()));
    }
    crate::diag::mask_controls(&out).unwrap_or(out)
}

// ---- loading from disk ---------------------------------------------------------------

/// Why loading could not even start. These end the program with exit code 2.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum LoadError {
    #[error("path not found: {path}")]
    #[diagnostic(code(migc::load::not_found), help("check the path; `migc check` takes .mig files or directories"))]
    NotFound { path: String },
    #[error("cannot read {path}: {error}")]
    #[diagnostic(code(migc::load::unreadable), help("check that the file exists and that you may read it"))]
    Unreadable { path: String, error: String },
    #[error("no .mig files in {path}")]
    #[diagnostic(
        code(migc::load::no_files),
        help("point migc at a directory that holds .mig files, or at a .mig file")
    )]
    NoFiles { path: String },
    #[error(transparent)]
    #[diagnostic(transparent)]
    BadConfig(Box<ConfigError>),
}

/// A `mig.toml` that does not parse or has unknown fields.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("invalid mig.toml: {message}")]
#[diagnostic(code(migc::load::config))]
pub struct ConfigError {
    message: String,
    #[source_code]
    src: miette::NamedSource<String>,
    #[label("here")]
    span: Option<miette::SourceSpan>,
    #[help]
    help: Option<String>,
}

/// A path for a fatal error message: relative to the current directory.
fn display(path: &Path) -> String {
    match std::env::current_dir() {
        Ok(cwd) if path.is_absolute() => relative_path(&normalize(&cwd), path).display().to_string(),
        _ => path.display().to_string(),
    }
}

/// Load the project that `paths` (files or directories) name.
pub fn load(paths: &[PathBuf]) -> Result<Workspace, LoadError> {
    let paths: Vec<PathBuf> = if paths.is_empty() { vec![PathBuf::from(".")] } else { paths.to_vec() };
    for p in &paths {
        if std::fs::metadata(p).is_err() {
            return Err(LoadError::NotFound { path: display(p) });
        }
    }
    // Work with absolute paths (symlinks not resolved); show them relative to here,
    // unless the user named the paths absolutely.
    let all_absolute = paths.iter().all(|p| p.is_absolute());
    let cwd = std::env::current_dir().ok().filter(|_| !all_absolute);
    let paths: Vec<PathBuf> =
        paths.iter().map(|p| normalize(&std::path::absolute(p).unwrap_or_else(|_| p.clone()))).collect();
    let root = project_root(&paths);
    let mut ws = Workspace::new(&root);
    ws.display_base = cwd.map(|c| normalize(&c));
    let config_path = root.join("mig.toml");
    if config_path.is_file() {
        let (config, text) = read_config(&config_path)?;
        ws.config = config;
        ws.config_text = Some(Arc::from(text));
        ws.config_path = Some(normalize(&config_path));
    }

    // The starting files.
    let mut start: BTreeSet<PathBuf> = BTreeSet::new();
    for p in &paths {
        if p.is_dir() {
            let before = start.len();
            if *p == ws.root && !ws.config.project.entry.is_empty() {
                for e in &ws.config.project.entry {
                    let f = normalize(&ws.root.join(e));
                    if !f.is_file() {
                        return Err(LoadError::NotFound { path: display(&f) });
                    }
                    start.insert(f);
                }
            } else {
                collect_mig_files(p, &mut start)?;
            }
            if start.len() == before {
                return Err(LoadError::NoFiles { path: display(p) });
            }
        } else {
            start.insert(p.clone());
        }
    }

    // Read them, then whatever they import (inside the root), transitively.
    // A starting file that cannot be read stops the run; an imported one is a
    // diagnostic at its `import`.
    let mut queue: Vec<PathBuf> = start.iter().cloned().collect();
    let mut seen: BTreeSet<PathBuf> = start.clone();
    while let Some(path) = queue.pop() {
        let source = match read_source(&path) {
            Ok(s) => s,
            Err(e) if start.contains(&path) => {
                return Err(LoadError::Unreadable { path: display(&path), error: e.to_string() });
            }
            Err(e) => SourceText::Invalid {
                problem: FileProblem::Unreadable { error: e.to_string() },
                display: Arc::from(""),
            },
        };
        if let SourceText::Text(text) = &source {
            for spec in scan_imports(text) {
                // Only .mig files are loaded; the analysis reports other imports.
                if !spec.ends_with(".mig") {
                    continue;
                }
                let target = import_target(&path, &spec);
                if inside(&ws.root, &target) && target.is_file() && seen.insert(target.clone()) {
                    queue.push(target);
                }
            }
        }
        ws.files.insert(path, source);
    }
    Ok(ws)
}

fn read_source(path: &Path) -> std::io::Result<SourceText> {
    let meta = std::fs::metadata(path)?;
    if meta.len() > MAX_FILE_BYTES {
        return Ok(SourceText::Invalid {
            problem: FileProblem::TooLarge { bytes: meta.len() },
            display: Arc::from(""),
        });
    }
    Ok(decode(std::fs::read(path)?))
}

/// The root is the nearest directory holding `mig.toml` above the first path,
/// else that directory itself; with several paths, their common ancestor.
fn project_root(paths: &[PathBuf]) -> PathBuf {
    let dirs: Vec<PathBuf> = paths
        .iter()
        .map(|p| {
            let dir = if p.is_dir() { p.clone() } else { p.parent().map_or(PathBuf::from("."), Path::to_path_buf) };
            let dir = if dir.as_os_str().is_empty() { PathBuf::from(".") } else { dir };
            let mut cur = Some(dir.as_path());
            while let Some(d) = cur {
                if d.join("mig.toml").is_file() {
                    return normalize(d);
                }
                cur = d.parent();
            }
            normalize(&dir)
        })
        .collect();
    let mut root = dirs.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    for d in &dirs[1..] {
        while !d.starts_with(&root) && root != Path::new(".") {
            root = root.parent().filter(|p| !p.as_os_str().is_empty()).map_or(PathBuf::from("."), Path::to_path_buf);
        }
    }
    root
}

fn collect_mig_files(dir: &Path, out: &mut BTreeSet<PathBuf>) -> Result<(), LoadError> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| LoadError::Unreadable { path: display(dir), error: e.to_string() })?;
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if name.starts_with('.') || name == "target" || name == "node_modules" {
            continue;
        }
        // Symlinked directories are not followed: they can loop back on themselves.
        let is_link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        if path.is_dir() {
            if !is_link {
                collect_mig_files(&path, out)?;
            }
        } else if path.extension().is_some_and(|e| e == "mig") {
            out.insert(normalize(&path));
        }
    }
    Ok(())
}

fn read_config(path: &Path) -> Result<(Config, String), LoadError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| LoadError::Unreadable { path: display(path), error: e.to_string() })?;
    let config = parse_config(&text).map_err(|e| LoadError::BadConfig(Box::new(ConfigError {
        message: e.message().to_string(),
        span: e.span().map(|s| miette::SourceSpan::from(s.start..s.end)),
        src: miette::NamedSource::new(display(path), crate::diag::mask_controls(&text).unwrap_or_else(|| text.clone())),
        help: Some(
            "mig.toml holds [project] (name, entry, editions) and [rules] (\"MIG-XXX-000\" = \"allow\" | \"warning\" | \"error\")"
                .to_string(),
        ),
    })))?;
    Ok((config, text))
}

/// Parse the text of a `mig.toml`.
pub fn parse_config(text: &str) -> Result<Config, toml::de::Error> {
    toml::from_str::<Config>(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_and_checks_containment() {
        assert_eq!(normalize(Path::new("a/./b/../c.mig")), PathBuf::from("a/c.mig"));
        assert_eq!(import_target(Path::new("proj/m.mig"), "../x.mig"), PathBuf::from("x.mig"));
        assert!(inside(Path::new("proj"), Path::new("proj/sub/a.mig")));
        assert!(!inside(Path::new("proj"), Path::new("x.mig")));
        assert!(!inside(Path::new("."), Path::new("../x.mig")));
    }

    #[test]
    fn decode_reports_the_first_bad_byte() {
        let src = decode(b"ab\xffcd".to_vec());
        assert!(matches!(src, SourceText::Invalid { problem: FileProblem::NotUtf8 { offset: 2 }, .. }));
        let src = decode(b"\xEF\xBB\xBFparty".to_vec());
        assert!(matches!(src, SourceText::Text(t) if &*t == "party"));
        let src = decode(b"a\0b".to_vec());
        assert!(matches!(src, SourceText::Invalid { problem: FileProblem::Binary { offset: 1 }, .. }));
    }
}
