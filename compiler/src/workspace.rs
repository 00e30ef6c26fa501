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
    /// Could not be read (the OS error): an imported file, or a file or folder
    /// found in a directory walk (a broken symlink, a symlink loop, no permission).
    Unreadable {
        error: String,
    },
    /// Not a regular file: a FIFO, a device, a socket, a directory. Never opened
    /// (opening a FIFO blocks; reading a device may never end).
    NotRegular {
        what: FileKind,
    },
}

/// What a path that is not a regular file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Directory,
    Fifo,
    Socket,
    CharDevice,
    BlockDevice,
    Other,
}

impl FileKind {
    pub fn of(meta: &std::fs::Metadata) -> FileKind {
        let t = meta.file_type();
        if t.is_dir() {
            return FileKind::Directory;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if t.is_fifo() {
                return FileKind::Fifo;
            } else if t.is_socket() {
                return FileKind::Socket;
            } else if t.is_char_device() {
                return FileKind::CharDevice;
            } else if t.is_block_device() {
                return FileKind::BlockDevice;
            }
        }
        FileKind::Other
    }
    /// The name of the kind: (Japanese, English).
    pub fn name(self) -> (&'static str, &'static str) {
        match self {
            FileKind::Directory => ("ディレクトリ", "a directory"),
            FileKind::Fifo => ("名前付きパイプ (FIFO)", "a named pipe (FIFO)"),
            FileKind::Socket => ("ソケット", "a socket"),
            FileKind::CharDevice => ("キャラクタデバイス", "a character device"),
            FileKind::BlockDevice => ("ブロックデバイス", "a block device"),
            FileKind::Other => ("特殊なファイル", "a special file"),
        }
    }
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
    /// Whether a project without a `model` is an error (MIG3005). `migc check` sets
    /// it; fragments analysed on their own (tests, one editor buffer) are no project.
    pub require_model: bool,
    /// `.mig` files under the root that the `entry` files of `mig.toml` do not
    /// reach (found by [`load`]): they are not checked, and get a warning (MIG3006).
    pub unreached: Vec<PathBuf>,
    files: BTreeMap<PathBuf, SourceText>,
    /// The files in the order they were loaded: the `entry` files in the order given
    /// (else the files named or found in a directory, in path order), then what each imports, in the order
    /// written, depth first; files set later follow in the order set. "First
    /// defined here" points at the declaration loaded first.
    order: Vec<PathBuf>,
}

impl Workspace {
    pub fn new(root: impl Into<PathBuf>) -> Workspace {
        Workspace { root: normalize(&root.into()), ..Workspace::default() }
    }
    /// Add or replace a file's text (an editor buffer overlays the disk this way).
    pub fn set_text(&mut self, path: impl AsRef<Path>, text: impl Into<Arc<str>>) {
        self.insert(normalize(path.as_ref()), SourceText::Text(text.into()));
    }
    pub fn set(&mut self, path: impl AsRef<Path>, source: SourceText) {
        self.insert(normalize(path.as_ref()), source);
    }
    fn insert(&mut self, path: PathBuf, source: SourceText) {
        if !self.files.contains_key(&path) {
            self.order.push(path.clone());
        }
        self.files.insert(path, source);
    }
    pub fn remove(&mut self, path: impl AsRef<Path>) {
        let path = normalize(path.as_ref());
        if self.files.remove(&path).is_some() {
            self.order.retain(|p| *p != path);
        }
    }
    /// The files in the order they were loaded (see `order`).
    pub fn load_order(&self) -> impl Iterator<Item = &PathBuf> {
        self.order.iter()
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
    if let Some(offset) = memchr::memchr(0, &bytes) {
        let display = lossy_same_length(&bytes[..=offset]);
        return SourceText::Invalid { problem: FileProblem::Binary { offset }, display: Arc::from(display) };
    }
    // Validated with SIMD; the standard library's check runs only to locate an error.
    if let Ok(text) = simdutf8::basic::from_utf8(&bytes) {
        return SourceText::Text(Arc::from(text));
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
    #[error("mig.toml is not a regular file: {path} is {what}")]
    #[diagnostic(
        code(migc::load::config_not_a_file),
        help("mig.toml marks the project root and must be a regular file; remove or rename what is there")
    )]
    ConfigNotAFile { path: String, what: &'static str },
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

/// A path for a fatal error message: relative to the current directory, control
/// characters escaped.
fn display(path: &Path) -> String {
    let shown = match std::env::current_dir() {
        Ok(cwd) if path.is_absolute() => relative_path(&normalize(&cwd), path).display().to_string(),
        _ => path.display().to_string(),
    };
    crate::diag::escape_controls(&shown).into_owned()
}

/// Whether anything is at `path`, a broken symlink included.
fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// Load the project that `paths` (files or directories) name.
pub fn load(paths: &[PathBuf]) -> Result<Workspace, LoadError> {
    load_with(paths, &mut |path| read_source(path))
}

/// [`load`], reading each `.mig` file through `read`: the language server reads
/// open buffers (and its cache) there, so that what a buffer imports now decides
/// what is loaded, as a check of the saved files would.
pub fn load_with(
    paths: &[PathBuf],
    read: &mut dyn FnMut(&Path) -> std::io::Result<SourceText>,
) -> Result<Workspace, LoadError> {
    let paths: Vec<PathBuf> = if paths.is_empty() { vec![PathBuf::from(".")] } else { paths.to_vec() };
    for p in &paths {
        named_metadata(p)?;
    }
    // Work with absolute paths (symlinks not resolved); show them relative to here,
    // unless the user named the paths absolutely.
    let all_absolute = paths.iter().all(|p| p.is_absolute());
    let cwd = std::env::current_dir().ok().filter(|_| !all_absolute);
    let paths: Vec<PathBuf> =
        paths.iter().map(|p| normalize(&std::path::absolute(p).unwrap_or_else(|_| p.clone()))).collect();
    let root = project_root(&paths);
    let mut ws = rooted(&root)?;
    ws.display_base = cwd.map(|c| normalize(&c));

    // The starting files: `named` ones (on the command line, or `entry` in
    // mig.toml) and those found in a directory walk. A folder of the walk that
    // cannot be read is a problem of its own, shown like a file's.
    let mut start: BTreeSet<PathBuf> = BTreeSet::new();
    // The `entry` files of mig.toml, in the order given (the others of `start`,
    // named or found in a walk, follow in path order).
    let mut start_order: Vec<PathBuf> = Vec::new();
    let mut named: BTreeSet<PathBuf> = BTreeSet::new();
    let mut walk_problems: BTreeMap<PathBuf, FileProblem> = BTreeMap::new();
    // A directory inside a project (a `mig.toml` at or above it, found as git finds
    // its repository) means the project: a check run from a subdirectory checks
    // what a check at the root checks, not the part of the model that lies below.
    let paths: Vec<PathBuf> = if ws.config_path.is_some() {
        let mut out: Vec<PathBuf> = Vec::new();
        for p in paths {
            let p = if p.is_dir() && inside(&ws.root, &p) { ws.root.clone() } else { p };
            if !out.contains(&p) {
                out.push(p);
            }
        }
        out
    } else {
        paths
    };
    for p in &paths {
        if p.is_dir() {
            let before = start.len() + walk_problems.len();
            if *p == ws.root && !ws.config.project.entry.is_empty() {
                for e in &ws.config.project.entry {
                    let f = normalize(&ws.root.join(e));
                    if !exists(&f) {
                        return Err(LoadError::NotFound { path: display(&f) });
                    }
                    if start.insert(f.clone()) {
                        start_order.push(f.clone());
                    }
                    named.insert(f);
                }
            } else {
                let entries = std::fs::read_dir(p)
                    .map_err(|e| LoadError::Unreadable { path: display(p), error: e.to_string() })?;
                collect_mig_files(p, entries, &mut start, &mut walk_problems);
            }
            if start.len() + walk_problems.len() == before {
                return Err(LoadError::NoFiles { path: display(p) });
            }
        } else {
            // Files named on the command line are taken in path order: the order
            // they are given in does not change the output.
            start.insert(p.clone());
            named.insert(p.clone());
        }
    }
    for f in &start {
        if !start_order.contains(f) {
            start_order.push(f.clone());
        }
    }
    for (path, problem) in walk_problems {
        ws.insert(path, SourceText::Invalid { problem, display: Arc::from("") });
    }

    // Read them, then whatever they import (inside the root), transitively.
    // A named file that cannot be read stops the run; one found in a walk, or
    // an imported one, is a diagnostic.
    // A stack, popped from the end: the first entry is read first, and a file's
    // imports right after it, in the order written.
    let mut queue: Vec<PathBuf> = start_order.into_iter().rev().collect();
    let mut seen: BTreeSet<PathBuf> = start.clone();
    while let Some(path) = queue.pop() {
        let source = match read(&path) {
            Ok(s) => s,
            Err(e) if named.contains(&path) => {
                return Err(LoadError::Unreadable { path: display(&path), error: e.to_string() });
            }
            Err(e) => SourceText::Invalid {
                problem: FileProblem::Unreadable { error: e.to_string() },
                display: Arc::from(""),
            },
        };
        if let SourceText::Text(text) = &source {
            let mut imported = Vec::new();
            for spec in scan_imports(text) {
                // Only .mig files are loaded; the analysis reports other imports.
                if !spec.ends_with(".mig") {
                    continue;
                }
                let target = import_target(&path, &spec);
                // Anything there is loaded, so that a special or unreadable file is
                // reported as such rather than as missing.
                if inside(&ws.root, &target) && exists(&target) && seen.insert(target.clone()) {
                    imported.push(target);
                }
            }
            queue.extend(imported.into_iter().rev());
        }
        ws.insert(path, source);
    }
    // With `entry`, files are loaded from the entries: a `.mig` file under the root
    // that they do not reach would silently not be checked.
    if !ws.config.project.entry.is_empty() && paths.contains(&ws.root) {
        let mut all = BTreeSet::new();
        if let Ok(entries) = std::fs::read_dir(&ws.root) {
            collect_mig_files(&ws.root, entries, &mut all, &mut BTreeMap::new());
        }
        ws.unreached = all.into_iter().filter(|f| !ws.files.contains_key(f)).collect();
    }
    Ok(ws)
}

/// Load the project at `root` as `migc check ROOT` does, for the language server:
/// a project that has no `.mig` file on disk yet (a new one, written in the editor)
/// is an empty workspace with its `mig.toml`, not an error. Names are shown
/// relative to the root.
pub fn load_root(root: &Path) -> Result<Workspace, LoadError> {
    load_root_with(root, &mut |path| read_source(path))
}

/// [`load_root`], reading `.mig` files through `read` (see [`load_with`]).
pub fn load_root_with(
    root: &Path,
    read: &mut dyn FnMut(&Path) -> std::io::Result<SourceText>,
) -> Result<Workspace, LoadError> {
    let mut ws = match load_with(&[root.to_path_buf()], read) {
        Err(LoadError::NoFiles { .. }) => rooted(root)?,
        other => other?,
    };
    ws.display_base = Some(normalize(root));
    ws.require_model = true;
    Ok(ws)
}

/// The name under which standard input is checked.
pub const STDIN_NAME: &str = "<stdin>";

/// Load one `.mig` text from standard input (`migc check -`): a single-file check,
/// named `<stdin>` in the current directory, under the `mig.toml` found at or above
/// it (if any). Imports are not followed.
pub fn load_stdin(reader: impl std::io::Read) -> Result<Workspace, LoadError> {
    let cwd =
        std::env::current_dir().map_err(|e| LoadError::Unreadable { path: ".".to_string(), error: e.to_string() })?;
    let cwd = normalize(&cwd);
    // The project around the current directory, if any, gives its `mig.toml`.
    let root = project_root(std::slice::from_ref(&cwd));
    let mut ws = rooted(&root)?;
    ws.display_base = Some(cwd.clone());
    let bytes = read_at_most(reader, MAX_FILE_BYTES, 0)
        .map_err(|e| LoadError::Unreadable { path: STDIN_NAME.to_string(), error: e.to_string() })?;
    let source = match bytes {
        Ok(bytes) => decode(bytes),
        Err(bytes) => SourceText::Invalid { problem: FileProblem::TooLarge { bytes }, display: Arc::from("") },
    };
    ws.insert(cwd.join(STDIN_NAME), source);
    Ok(ws)
}

/// The metadata of a path named on the command line: one that does not exist, or
/// cannot be reached (a symlink loop, a folder on the way that may not be entered),
/// stops the run.
fn named_metadata(p: &Path) -> Result<std::fs::Metadata, LoadError> {
    std::fs::metadata(p).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => LoadError::NotFound { path: display(p) },
        _ => LoadError::Unreadable { path: display(p), error: e.to_string() },
    })
}

/// A workspace rooted at `root`, with its `mig.toml` if there is one. Anything named
/// mig.toml is the project's configuration: one that is not a regular file (a
/// directory, a FIFO) is an error, not silently ignored.
fn rooted(root: &Path) -> Result<Workspace, LoadError> {
    let mut ws = Workspace::new(root);
    let config_path = root.join("mig.toml");
    if exists(&config_path) {
        let (config, text) = read_config(&config_path)?;
        ws.config = config;
        ws.config_text = Some(Arc::from(text));
        ws.config_path = Some(normalize(&config_path));
    }
    Ok(ws)
}

/// Read a file of at most `MAX_FILE_BYTES`; anything but a regular file is a
/// problem. The type is checked (following symlinks) before the file is opened,
/// because opening a FIFO blocks, and again on the open file, in case the path
/// changed in between. (A FIFO put in its place in that moment can still block
/// the open: without `O_NONBLOCK`, which needs `libc`, that race stays.)
fn read_regular(path: &Path) -> std::io::Result<Result<Vec<u8>, FileProblem>> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Ok(Err(FileProblem::NotRegular { what: FileKind::of(&meta) }));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Ok(Err(FileProblem::TooLarge { bytes: meta.len() }));
    }
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Ok(Err(FileProblem::NotRegular { what: FileKind::of(&meta) }));
    }
    let capacity = usize::try_from(meta.len()).unwrap_or(0);
    Ok(read_at_most(file, MAX_FILE_BYTES, capacity)?.map_err(|bytes| FileProblem::TooLarge { bytes }))
}

/// Read at most `limit` bytes: the limit holds while reading, so a file that
/// grows, or whose size lies, cannot exhaust memory. `Err(n)`: more than
/// `limit`, of which `n` bytes were read.
fn read_at_most(reader: impl std::io::Read, limit: u64, capacity: usize) -> std::io::Result<Result<Vec<u8>, u64>> {
    use std::io::Read;
    let mut bytes = Vec::with_capacity(capacity.min(usize::try_from(limit).unwrap_or(usize::MAX)));
    reader.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    let read = bytes.len() as u64;
    Ok(if read > limit { Err(read) } else { Ok(bytes) })
}

/// A `.mig` file as [`load`] reads it from disk.
pub fn read_source(path: &Path) -> std::io::Result<SourceText> {
    Ok(match read_regular(path)? {
        Ok(bytes) => decode(bytes),
        Err(problem) => SourceText::Invalid { problem, display: Arc::from("") },
    })
}

/// The root is the nearest directory holding `mig.toml` above the first path,
/// else that directory itself; with several paths, their common ancestor.
/// Anything named `mig.toml` marks the root, even a directory or a broken
/// symlink: loading then stops with an error about it, rather than taking a
/// directory further up as the root without a word.
pub fn project_root(paths: &[PathBuf]) -> PathBuf {
    let dirs: Vec<PathBuf> = paths
        .iter()
        .map(|p| {
            let dir = if p.is_dir() { p.clone() } else { p.parent().map_or(PathBuf::from("."), Path::to_path_buf) };
            let dir = if dir.as_os_str().is_empty() { PathBuf::from(".") } else { dir };
            let mut cur = Some(dir.as_path());
            while let Some(d) = cur {
                if exists(&d.join("mig.toml")) {
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

/// The `.mig` files below `dir` (whose listing is `entries`) go to `out`. Every
/// `.mig` entry that is not a directory is taken, whatever it is: reading it
/// reports a broken symlink, a symlink loop, a FIFO or a device as a problem of
/// that path. A folder that cannot be listed goes to `problems`; the walk goes on.
fn collect_mig_files(
    dir: &Path,
    entries: std::fs::ReadDir,
    out: &mut BTreeSet<PathBuf>,
    problems: &mut BTreeMap<PathBuf, FileProblem>,
) {
    let mut found: Vec<(PathBuf, Option<std::fs::FileType>)> = Vec::new();
    for entry in entries {
        match entry {
            Ok(e) => found.push((e.path(), e.file_type().ok())),
            Err(e) => {
                problems.insert(normalize(dir), FileProblem::Unreadable { error: e.to_string() });
            }
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, file_type) in found {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if name.starts_with('.') || name == "target" || name == "node_modules" {
            continue;
        }
        let is_mig = path.extension().is_some_and(|e| e == "mig");
        let file_type = file_type.or_else(|| std::fs::symlink_metadata(&path).ok().map(|m| m.file_type()));
        match file_type {
            Some(t) if t.is_dir() => match std::fs::read_dir(&path) {
                Ok(entries) => collect_mig_files(&path, entries, out, problems),
                Err(e) => {
                    problems.insert(normalize(&path), FileProblem::Unreadable { error: e.to_string() });
                }
            },
            // Symlinked directories are not followed: they can loop back on themselves.
            Some(t) if t.is_symlink() => {
                let to_dir = std::fs::metadata(&path).is_ok_and(|m| m.is_dir());
                if is_mig && !to_dir {
                    out.insert(normalize(&path));
                }
            }
            _ if is_mig => {
                out.insert(normalize(&path));
            }
            _ => {}
        }
    }
}

fn read_config(path: &Path) -> Result<(Config, String), LoadError> {
    let unreadable = |error: String| LoadError::Unreadable { path: display(path), error };
    let bytes = match read_regular(path).map_err(|e| unreadable(e.to_string()))? {
        Ok(bytes) => bytes,
        Err(FileProblem::NotRegular { what }) => {
            return Err(LoadError::ConfigNotAFile { path: display(path), what: what.name().1 });
        }
        Err(FileProblem::TooLarge { bytes }) => {
            return Err(unreadable(format!("it is too large ({bytes} bytes; the limit is {MAX_FILE_BYTES})")));
        }
        Err(other) => return Err(unreadable(format!("{other:?}"))),
    };
    let text = String::from_utf8(bytes).map_err(|e| unreadable(format!("it is not valid UTF-8: {e}")))?;
    let config = parse_config(&text).map_err(|e| LoadError::BadConfig(Box::new(ConfigError {
        // The message may quote a value of the file.
        message: crate::diag::escape_controls(e.message()).into_owned(),
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

/// Every `.mig` file named in `paths` or found below a directory among them (all of
/// them, whatever `mig.toml` says: for tools that work file by file, like `migc fmt`),
/// in path order, each read as [`load`] reads files. A path that does not exist stops
/// with an error; a file or folder that cannot be read is a problem of that path.
pub fn source_files(paths: &[PathBuf]) -> Result<Vec<(PathBuf, SourceText)>, LoadError> {
    let paths: Vec<PathBuf> = if paths.is_empty() { vec![PathBuf::from(".")] } else { paths.to_vec() };
    let mut files: BTreeSet<PathBuf> = BTreeSet::new();
    let mut problems: BTreeMap<PathBuf, FileProblem> = BTreeMap::new();
    for p in &paths {
        let meta = named_metadata(p)?;
        if meta.is_dir() {
            let entries =
                std::fs::read_dir(p).map_err(|e| LoadError::Unreadable { path: display(p), error: e.to_string() })?;
            collect_mig_files(p, entries, &mut files, &mut problems);
        } else {
            files.insert(normalize(p));
        }
    }
    let mut out: Vec<(PathBuf, SourceText)> = problems
        .into_iter()
        .map(|(path, problem)| (path, SourceText::Invalid { problem, display: Arc::from("") }))
        .collect();
    for path in files {
        let source = read_source(&path).unwrap_or_else(|e| SourceText::Invalid {
            problem: FileProblem::Unreadable { error: e.to_string() },
            display: Arc::from(""),
        });
        out.push((path, source));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
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

    #[test]
    fn the_size_limit_holds_while_reading() {
        // An endless reader (like /dev/zero, or a file that keeps growing) stops one byte past the limit.
        let read = read_at_most(std::io::repeat(b'a'), 1000, usize::MAX).ok();
        assert_eq!(read, Some(Err(1001)));
        let read = read_at_most(&b"party"[..], 5, 0).ok();
        assert_eq!(read, Some(Ok(b"party".to_vec())));
    }
}
