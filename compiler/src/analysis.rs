//! `analyze(&Workspace) -> Analysis`: the one entry point the CLI and the
//! language server share. Pure and never failing: every problem becomes a
//! diagnostic.
//!
//! Steps: parse every file (the standard library first), check imports, collect
//! the symbol table, then check every declaration against the schema and resolve
//! its references into the [`Model`].

use crate::diag::{Diagnostic, FileId, LineIndex, Severity};
use crate::model::{DeclId, Model, ModelDecl, Symbol, SymbolId, SymbolTable};
use crate::schema::{self, KindSchema};
use crate::stdlib;
use crate::syntax::{self, NodeId, SourceFile, Span};
use crate::tr;
use crate::workspace::{self, FileProblem, SourceText, Workspace};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

mod check;
mod parallel;
mod project;
mod suggest;

pub use suggest::{NameIndex, did_you_mean};

/// One file of the analysis: a project file or a standard-library module.
#[derive(Clone, Debug)]
pub struct SourceInfo {
    pub path: PathBuf,
    /// The name shown in diagnostics.
    pub name: String,
    pub text: Arc<str>,
    pub lines: LineIndex,
    /// `Some("threat")` for `stdlib/threat.mig`.
    pub stdlib_module: Option<&'static str>,
}

/// A place where a symbol is named: its definition or a reference to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Occurrence {
    pub file: FileId,
    pub span: Span,
    pub symbol: SymbolId,
    pub definition: bool,
    /// The kinds the reference accepts (empty for a definition): a rename must not
    /// give the symbol a name that another declaration of one of them has.
    pub kinds: &'static [&'static str],
}

#[derive(Debug, Default)]
pub struct Analysis {
    pub files: Vec<SourceInfo>,
    pub trees: Vec<SourceFile>,
    pub symbols: SymbolTable,
    pub model: Model,
    /// Sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Sorted by file and position.
    pub occurrences: Vec<Occurrence>,
    /// How many guideline rules ran, and how many findings waivers suppressed.
    pub rule_stats: crate::rules::RuleStats,
}

impl Analysis {
    pub fn file(&self, id: FileId) -> Option<&SourceInfo> {
        self.files.get(id.0 as usize)
    }
    pub fn file_id(&self, path: &Path) -> Option<FileId> {
        let path = workspace::normalize(path);
        self.files.iter().position(|f| f.path == path).map(|i| FileId(i as u32))
    }
    /// The symbol defined or referenced at a byte offset of a file.
    pub fn symbol_at(&self, file: FileId, offset: usize) -> Option<&Occurrence> {
        let i = self.occurrences.partition_point(|o| (o.file, o.span.start as usize) <= (file, offset));
        let o = self.occurrences.get(i.checked_sub(1)?)?;
        (o.file == file && o.span.contains(offset)).then_some(o)
    }
    /// The declaration a symbol names.
    pub fn decl_of(&self, symbol: SymbolId) -> Option<&ModelDecl> {
        self.model.decl(self.symbols.get(symbol)?.decl)
    }
    /// Every place a symbol occurs (definition first).
    pub fn occurrences_of(&self, symbol: SymbolId) -> impl Iterator<Item = &Occurrence> {
        self.occurrences.iter().filter(move |o| o.symbol == symbol)
    }
    /// Order diagnostics by file and position, then code, and drop exact repeats.
    pub fn sort_diagnostics(&mut self) {
        self.diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()).then_with(|| a.message.en.cmp(&b.message.en)));
        self.diagnostics.dedup();
    }
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }
}

/// Analyse a workspace. Never fails.
pub fn analyze(ws: &Workspace) -> Analysis {
    let mut a = Analyzer::default();
    a.start_from_stdlib();
    let mut invalid = Vec::new();
    let mut to_parse = Vec::new();
    // Where each file stands in the load order (the standard library first).
    let order: HashMap<&PathBuf, usize> = ws.load_order().enumerate().map(|(i, p)| (p, i)).collect();
    let std_files = a.files.len();
    a.load_rank = (0..std_files).collect();
    for (path, source) in ws.files() {
        let rank = order.get(path).map_or(std_files + ws.len() + a.files.len(), |i| std_files + i);
        a.load_rank.push(rank);
        match source {
            SourceText::Text(text) => {
                // Its line index is built beside its parse, on the parsing threads.
                let id = a.add_file_unindexed(path.clone(), ws.display_name(path), text.clone());
                to_parse.push((id, text.clone()));
            }
            SourceText::Invalid { problem, display } => {
                let id = a.add_unparsed_file(path.clone(), ws.display_name(path), display.clone());
                invalid.push((id, problem.clone()));
            }
        }
    }
    for (id, tree, diags, lines) in parse_all(to_parse) {
        a.files[id.0 as usize].lines = lines;
        a.trees[id.0 as usize] = tree;
        a.diags.extend(diags);
    }
    for (id, problem) in &invalid {
        a.report_invalid_file(*id, problem);
    }
    a.check_imports(ws);
    a.collect_symbols();
    a.check_decls();
    if let (Some(path), Some(text)) = (&ws.config_path, &ws.config_text) {
        let id = a.add_unparsed_file(path.clone(), ws.display_name(path), text.clone());
        a.check_config(id, &ws.config);
    }
    a.check_editions();
    a.check_single_model();
    let mut analysis = a.finish();
    crate::rules::apply(&mut analysis, ws);
    analysis
}

/// The analyzer's state after the standard library alone: the start of every analysis.
struct ResolvedStd {
    files: Vec<SourceInfo>,
    trees: Vec<SourceFile>,
    symbols: SymbolTable,
    decls: Vec<ModelDecl>,
    diags: Vec<Diagnostic>,
    occurrences: Vec<Occurrence>,
    collected_files: usize,
}

/// One module of the standard library, parsed.
struct StdModule {
    info: SourceInfo,
    tree: SourceFile,
    diags: Vec<Diagnostic>,
}

/// How many times the standard library was parsed in this process (once).
static STDLIB_PARSES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
/// How often the standard library was resolved (once per process; checked by a test).
static STDLIB_RESOLUTIONS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The standard library, parsed once per process: the language server analyses on
/// every keystroke and the standard library never changes. Its files come first in
/// every analysis, so the FileIds given here (0..n) are the ones they get there.
fn parsed_stdlib() -> &'static [StdModule] {
    static STDLIB: std::sync::OnceLock<Vec<StdModule>> = std::sync::OnceLock::new();
    STDLIB.get_or_init(|| {
        STDLIB_PARSES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        stdlib::MODULES
            .iter()
            .enumerate()
            .map(|(i, (module, text))| {
                let path = PathBuf::from(format!("<std>/{module}.mig"));
                let name = path.display().to_string();
                let text: Arc<str> = Arc::from(*text);
                let (tree, diags) = syntax::parse(FileId(i as u32), text.clone());
                let lines = LineIndex::new(&text);
                StdModule { info: SourceInfo { path, name, text, lines, stdlib_module: Some(module) }, tree, diags }
            })
            .collect()
    })
}

/// Parse files (and index their lines) on the available cores; results in file order.
fn parse_all(files: Vec<(FileId, Arc<str>)>) -> Vec<(FileId, SourceFile, Vec<Diagnostic>, LineIndex)> {
    let parse = |(id, text): &(FileId, Arc<str>)| {
        let (tree, diags) = syntax::parse(*id, text.clone());
        (*id, tree, diags, LineIndex::new(text))
    };
    let weight = |(_, text): &(FileId, Arc<str>)| text.len();
    parallel::map_chunks(&files, weight, parallel::MIN_PARALLEL_BYTES, |chunk| {
        chunk.iter().map(parse).collect::<Vec<_>>()
    })
    .into_iter()
    .flatten()
    .collect()
}

/// The diagnostic for a file that cannot be used as `.mig` source (file `id`, shown as `name`).
pub fn file_problem_diagnostic(id: FileId, name: &str, problem: &FileProblem) -> Diagnostic {
    let d = match problem {
        FileProblem::NotUtf8 { offset } => Diagnostic::error(
            "MIG1008",
            tr!(
                "{name} は UTF-8 ではありません (バイト位置 {offset})",
                "{name} is not valid UTF-8 (byte offset {offset})"
            ),
        )
        .primary(
            id,
            Span::new(*offset, offset + 1),
            tr!("UTF-8 として読めないバイト", "invalid UTF-8 byte here"),
        )
        .help(tr!(
            ".mig ファイルは UTF-8 で保存してください (Shift_JIS などは使えません)。Shift_JIS なら `iconv -f SHIFT_JIS -t UTF-8` で変換できます。",
            "save .mig files as UTF-8 (Shift_JIS and other encodings are not supported); `iconv -f SHIFT_JIS -t UTF-8` converts Shift_JIS"
        )),
        FileProblem::Binary { offset } => Diagnostic::error(
            "MIG1009",
            tr!(
                "{name} はバイナリファイルです (バイト位置 {offset} に NUL)",
                "{name} is a binary file (NUL byte at offset {offset})"
            ),
        )
        .primary(id, Span::new(*offset, offset + 1), tr!("NUL バイト", "NUL byte"))
        .help(tr!(
            ".mig のテキストファイルを指定してください。",
            "point migc at .mig text files"
        )),
        FileProblem::TooLarge { bytes } => {
            let limit = workspace::MAX_FILE_BYTES;
            Diagnostic::error(
                "MIG1010",
                tr!(
                    "{name} は大きすぎます ({bytes} バイト、上限 {limit} バイト)",
                    "{name} is too large ({bytes} bytes; the limit is {limit})"
                ),
            )
            .help(tr!(
                "モデルを複数のファイルに分けて import してください。",
                "split the model into several files joined by imports"
            ))
        }
        FileProblem::Unreadable { error } => Diagnostic::error(
            "MIG1011",
            tr!(
                "{name} を読めません: {error}",
                "cannot read {name}: {error}"
            ),
        ),
        FileProblem::NotRegular { what } => {
            let (what_ja, what_en) = what.name();
            Diagnostic::error(
                "MIG1012",
                tr!(
                    "{name} は通常のファイルではありません ({what_ja})",
                    "{name} is not a regular file (it is {what_en})"
                ),
            )
            .help(tr!(
                "読むのは通常のファイルだけです。名前付きパイプやデバイスなどは読まないので、.mig 以外の名前に変えるか、ほかの場所に移してください。",
                "only regular files are read; rename a pipe, device or socket so that its name does not end in .mig, or move it elsewhere"
            ))
        }
    };
    // A file-level problem without a usable span still names the file.
    if d.labels.is_empty() { d.primary(id, Span::new(0, 0), tr!("このファイル", "this file")) } else { d }
}

#[derive(Default)]
pub(crate) struct Analyzer {
    pub(crate) files: Vec<SourceInfo>,
    pub(crate) trees: Vec<SourceFile>,
    pub(crate) symbols: SymbolTable,
    pub(crate) decls: Vec<ModelDecl>,
    /// Declarations to check: (file, the declaration's node in its tree, decl id).
    pending: Vec<(FileId, NodeId, DeclId)>,
    pub(crate) diags: Vec<Diagnostic>,
    pub(crate) occurrences: Vec<Occurrence>,
    /// Files `0..collected_files` have had their names collected (the standard library's,
    /// when an analysis starts from the resolved copy).
    pub(crate) collected_files: usize,
    /// Each file's place in the load order (by FileId): of two declarations of a
    /// name and kind, the one loaded first is the definition.
    load_rank: Vec<usize>,
    /// Suggestions for unknown names: built at the first unknown name (the symbols
    /// are all collected by then), so a clean model does not pay for it.
    names: std::sync::OnceLock<NameIndex>,
}

impl Analyzer {
    /// Begin with the standard library already resolved (its names collected, its
    /// declarations checked): it is the same for every analysis, and none of its
    /// properties refers to a name, so nothing in a project can change it.
    fn start_from_stdlib(&mut self) {
        static RESOLVED: std::sync::OnceLock<ResolvedStd> = std::sync::OnceLock::new();
        let std = RESOLVED.get_or_init(|| {
            let mut a = Analyzer::default();
            a.add_stdlib();
            a.collect_symbols();
            a.check_decls();
            STDLIB_RESOLUTIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            ResolvedStd {
                files: a.files,
                trees: a.trees,
                symbols: a.symbols,
                decls: a.decls,
                diags: a.diags,
                occurrences: a.occurrences,
                collected_files: a.collected_files,
            }
        });
        self.files = std.files.clone();
        self.trees = std.trees.clone();
        self.symbols = std.symbols.clone();
        self.decls = std.decls.clone();
        self.diags = std.diags.clone();
        self.occurrences = std.occurrences.clone();
        self.collected_files = std.collected_files;
    }

    /// The standard library's files, trees and (no) diagnostics, from the cache.
    fn add_stdlib(&mut self) {
        for m in parsed_stdlib() {
            self.files.push(m.info.clone());
            self.trees.push(m.tree.clone());
            self.diags.extend(m.diags.iter().cloned());
        }
    }

    /// A file that is shown in diagnostics but is not parsed: `mig.toml`, or a
    /// file that is not usable `.mig` source.
    fn add_unparsed_file(&mut self, path: PathBuf, name: String, text: Arc<str>) -> FileId {
        let id = self.add_file_unindexed(path, name, text);
        let f = &mut self.files[id.0 as usize];
        f.lines = LineIndex::new(&f.text);
        id
    }

    /// A file whose line index is filled in later (by [`parse_all`]).
    fn add_file_unindexed(&mut self, path: PathBuf, name: String, text: Arc<str>) -> FileId {
        let id = FileId(self.files.len() as u32);
        let lines = LineIndex::new("");
        self.files.push(SourceInfo { path, name, text, lines, stdlib_module: None });
        self.trees.push(SourceFile::default());
        id
    }

    fn report_invalid_file(&mut self, id: FileId, problem: &FileProblem) {
        let d = file_problem_diagnostic(id, &self.files[id.0 as usize].name, problem);
        self.diags.push(d);
    }

    /// Imports: inside the root, present, and free of cycles.
    fn check_imports(&mut self, ws: &Workspace) {
        let by_path: HashMap<PathBuf, FileId> =
            self.files.iter().enumerate().map(|(i, f)| (f.path.clone(), FileId(i as u32))).collect();
        // edges[file] = (target file, span of the import)
        let mut edges: BTreeMap<FileId, Vec<(FileId, Span)>> = BTreeMap::new();
        for (i, tree) in self.trees.iter().enumerate() {
            let id = FileId(i as u32);
            if self.files[i].stdlib_module.is_some() {
                continue;
            }
            for path in tree.imports().filter_map(|i| i.path()) {
                let spec = &*path.value();
                let target = workspace::import_target(&self.files[i].path, spec);
                let span = path.span;
                // Leaving the root is reported as such, whatever the file's extension.
                if !workspace::inside(&ws.root, &target) {
                    let root = ws.display_name(&ws.root);
                    self.diags.push(
                        Diagnostic::error(
                            "MIG2102",
                            tr!("import `{spec}` はプロジェクトの外を指しています", "import `{spec}` leaves the project"),
                        )
                        .primary(id, span, tr!("プロジェクトのルート {root} の外", "outside the project root {root}"))
                        .help(tr!(
                            "プロジェクト内のファイルだけを import できます。ファイルをプロジェクト内に移すか、ルート (mig.toml のあるディレクトリ) を広げてください。",
                            "only files inside the project can be imported; move the file in, or put mig.toml higher up"
                        )),
                    );
                    continue;
                }
                if !spec.ends_with(".mig") {
                    self.diags.push(
                        Diagnostic::error(
                            "MIG2104",
                            tr!("`{spec}` は .mig ファイルではありません", "`{spec}` is not a .mig file"),
                        )
                        .primary(
                            id,
                            span,
                            tr!("import できるのは .mig ファイルだけです", "only .mig files can be imported"),
                        ),
                    );
                    continue;
                }
                match by_path.get(&target) {
                    Some(&t) => edges.entry(id).or_default().push((t, span)),
                    None => {
                        let shown = ws.display_name(&target);
                        self.diags.push(
                            Diagnostic::error(
                                "MIG2101",
                                tr!("import `{spec}` が見つかりません", "import `{spec}` not found"),
                            )
                            .primary(id, span, tr!("{shown} がありません", "{shown} does not exist"))
                            .help(tr!(
                                "パスは import するファイルからの相対パスです。",
                                "the path is relative to the importing file"
                            )),
                        );
                    }
                }
            }
        }
        self.report_cycles(&edges);
    }

    /// One diagnostic per import that closes a cycle (a back edge of a DFS).
    fn report_cycles(&mut self, edges: &BTreeMap<FileId, Vec<(FileId, Span)>>) {
        #[derive(Clone, Copy, PartialEq)]
        enum State {
            New,
            OnStack,
            Done,
        }
        let mut state = vec![State::New; self.files.len()];
        for &start in edges.keys() {
            if state[start.0 as usize] != State::New {
                continue;
            }
            // Iterative DFS: (node, next edge index); `path` holds the stack.
            let mut stack: Vec<(FileId, usize)> = vec![(start, 0)];
            state[start.0 as usize] = State::OnStack;
            while let Some(&mut (node, ref mut next)) = stack.last_mut() {
                let out = edges.get(&node).map_or(&[][..], Vec::as_slice);
                if let Some(&(to, span)) = out.get(*next) {
                    *next += 1;
                    match state[to.0 as usize] {
                        State::New => {
                            state[to.0 as usize] = State::OnStack;
                            stack.push((to, 0));
                        }
                        State::OnStack => {
                            let from = stack.iter().position(|(n, _)| *n == to).unwrap_or(0);
                            let chain: Vec<String> = stack[from..]
                                .iter()
                                .map(|(n, _)| self.files[n.0 as usize].name.clone())
                                .chain(std::iter::once(self.files[to.0 as usize].name.clone()))
                                .collect();
                            let chain = chain.join(" → ");
                            self.diags.push(
                                Diagnostic::error("MIG2103", tr!("import が循環しています", "import cycle"))
                                    .primary(node, span, tr!("この import で循環します", "this import closes the cycle"))
                                    .note(tr!("循環: {chain}", "cycle: {chain}"))
                                    .help(tr!(
                                        "どちらかの import を外してください。同じプロジェクトのファイルは名前を共有するので、片方向の import で足ります。",
                                        "remove one of the imports; files of a project share one namespace, so importing one way is enough"
                                    )),
                            );
                        }
                        State::Done => {}
                    }
                } else {
                    state[node.0 as usize] = State::Done;
                    stack.pop();
                }
            }
        }
    }

    /// Every named declaration becomes a symbol; a name defined twice is reported
    /// with both places.
    fn collect_symbols(&mut self) {
        let from = std::mem::replace(&mut self.collected_files, self.trees.len());
        // Declarations are large: reserve once rather than move them at each regrowth.
        let new_nodes: usize = self.trees[from..].iter().map(|t| t.syntax.nodes.len()).sum();
        self.decls.reserve(new_nodes / 16);
        // Each symbol of this pass pushes its definition to `occurrences` in turn:
        // symbol `sym_base + i` has its definition at `occ_base + i`.
        let (sym_base, occ_base) = (self.symbols.symbols.len(), self.occurrences.len());
        // The repeated declarations (symbol, file, name span), reported once all are collected.
        let mut repeats: Vec<(SymbolId, FileId, Span)> = Vec::new();
        for fi in from..self.trees.len() {
            let file = FileId(fi as u32);
            let module = self.files[fi].stdlib_module;
            for decl in self.trees[fi].decls() {
                let parts = decl.parts();
                let Some(kind) = schema::kind(parts.kind.text) else {
                    let k = parts.kind.text;
                    let suggestion = did_you_mean(k, schema::KINDS.iter().map(|k| k.kind));
                    let mut d =
                        Diagnostic::error("MIG2001", tr!("不明な宣言の種類 `{k}`", "unknown declaration kind `{k}`"))
                            .primary(file, parts.kind.span, tr!("この種類はありません", "no such kind"));
                    d = match suggestion {
                        Some(s) => d.help(tr!("`{s}` のことですか?", "did you mean `{s}`?")).replace_fix(
                            file,
                            parts.kind.span,
                            &s,
                        ),
                        None => {
                            let all = schema::KINDS
                                .iter()
                                .filter(|k| !k.stdlib)
                                .map(|k| k.kind)
                                .collect::<Vec<_>>()
                                .join(", ");
                            d.help(tr!("宣言の種類: {all}", "declaration kinds: {all}"))
                        }
                    };
                    self.diags.push(d);
                    continue;
                };
                let id = DeclId(self.decls.len() as u32);
                let mut symbol = None;
                if let Some(name) = parts.name {
                    let path = match module {
                        Some(m) => format!("std::{m}::{}", name.text),
                        None => name.text.to_string(),
                    };
                    // Names are unique per kind: a site and a flow may share one.
                    let same_kind = self.symbols.lookup_kind(&path, kind.kind);
                    match same_kind {
                        Some(first) => {
                            let prev = &self.symbols.symbols[first.0 as usize];
                            if self.rank(file) < self.rank(prev.file) {
                                // This file was loaded before the first one seen: its
                                // declaration is the definition, the other the repeat.
                                let old = (prev.decl, prev.file, prev.name_span);
                                let sym = &mut self.symbols.symbols[first.0 as usize];
                                (sym.file, sym.name_span, sym.decl) = (file, name.span, id);
                                if let Some(d) = self.decls.get_mut(old.0.0 as usize) {
                                    d.symbol = None;
                                }
                                let def = (first.0 as usize).checked_sub(sym_base).map(|i| occ_base + i);
                                if let Some(o) = def.and_then(|i| self.occurrences.get_mut(i)) {
                                    (o.file, o.span) = (file, name.span);
                                }
                                symbol = Some(first);
                                repeats.push((first, old.1, old.2));
                            } else {
                                repeats.push((first, file, name.span));
                            }
                        }
                        None => {
                            let sid = SymbolId(self.symbols.symbols.len() as u32);
                            match self.symbols.by_path.get(&path) {
                                Some(&other) => self.symbols.shared.entry(other).or_default().push(sid),
                                None => {
                                    self.symbols.by_path.insert(path.clone(), sid);
                                }
                            }
                            self.symbols.symbols.push(Symbol {
                                path,
                                name: name.text.to_string(),
                                kind,
                                file,
                                name_span: name.span,
                                decl: id,
                            });
                            self.occurrences.push(Occurrence {
                                file,
                                span: name.span,
                                symbol: sid,
                                definition: true,
                                kinds: &[],
                            });
                            symbol = Some(sid);
                        }
                    }
                }
                self.decls.push(ModelDecl {
                    kind,
                    file,
                    span: decl.span(),
                    kind_span: parts.kind.span,
                    name: parts.name.map(syntax::Name::to_ident),
                    symbol,
                    title: parts.title.map(|t| t.value().into_owned()),
                    doc: decl.doc(),
                    target: None,
                    props: Vec::new(),
                });
                self.pending.push((file, decl.id(), id));
            }
        }
        // One error per repeated declaration, pointing at the definition.
        for (first, file, span) in repeats {
            let Some(prev) = self.symbols.get(first) else { continue };
            let (pk, pf, ps, n) = (prev.kind.kind, prev.file, prev.name_span, prev.name.clone());
            self.diags.push(
                Diagnostic::error("MIG2008", tr!("名前 `{n}` が重複しています", "the name `{n}` is defined twice"))
                    .primary(file, span, tr!("2回目の定義", "defined again here"))
                    .secondary(pf, ps, tr!("最初の定義 ({pk})", "first defined here ({pk})"))
                    .help(tr!(
                        "同じ種類 ({pk}) の名前はプロジェクト全体 (すべてのファイル) で一意にしてください。種類が違えば同じ名前を使えます。",
                        "names of one kind ({pk}) are unique across the whole project (all files); rename one of them (a declaration of another kind may share the name)"
                    )),
            );
        }
    }

    /// A file's place in the load order.
    fn rank(&self, file: FileId) -> usize {
        self.load_rank.get(file.0 as usize).copied().unwrap_or(file.0 as usize)
    }

    /// Check the collected declarations, on the available cores: each thread checks a
    /// contiguous run of them, and the results are joined in declaration order.
    fn check_decls(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        let (trees, decls) = (&self.trees, &self.decls);
        let checker = check::Checker::new(&self.symbols, &self.names);
        let weight = |&(file, node, _): &(FileId, NodeId, DeclId)| {
            trees.get(file.0 as usize).and_then(|t| t.decl(node)).map_or(1, |d| d.span().len())
        };
        let results = parallel::map_chunks(&pending, weight, parallel::MIN_PARALLEL_BYTES, |chunk| {
            let mut c = checker.clone();
            let checked: Vec<_> = chunk
                .iter()
                .filter_map(|&(file, node, id)| {
                    let decl = trees.get(file.0 as usize)?.decl(node)?;
                    let kind = decls.get(id.0 as usize)?.kind;
                    Some((id, c.check_decl(file, decl, kind)))
                })
                .collect();
            (checked, c.diags, c.occurrences)
        });
        for (checked, diags, occurrences) in results {
            for (id, (target, props)) in checked {
                if let Some(d) = self.decls.get_mut(id.0 as usize) {
                    d.target = target;
                    d.props = props;
                }
            }
            self.diags.extend(diags);
            self.occurrences.extend(occurrences);
        }
    }

    fn finish(mut self) -> Analysis {
        self.occurrences.sort();
        let mut analysis = Analysis {
            files: self.files,
            trees: self.trees,
            symbols: self.symbols,
            model: Model::new(self.decls),
            diagnostics: self.diags,
            occurrences: self.occurrences,
            rule_stats: Default::default(),
        };
        analysis.sort_diagnostics();
        analysis
    }

    pub(crate) fn kind_label(kind: &KindSchema) -> String {
        format!("{} ({})", kind.kind, kind.ja)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_standard_library_is_parsed_and_resolved_once_per_process() {
        let ws = Workspace::default();
        let first = analyze(&ws);
        let cached = parsed_stdlib().as_ptr();
        let second = analyze(&ws);
        assert_eq!(STDLIB_PARSES.load(std::sync::atomic::Ordering::Relaxed), 1);
        assert_eq!(STDLIB_RESOLUTIONS.load(std::sync::atomic::Ordering::Relaxed), 1);
        assert!(std::ptr::eq(cached, parsed_stdlib().as_ptr()));
        // The texts are shared, not copied.
        assert!(Arc::ptr_eq(&first.files[0].text, &second.files[0].text));
        assert_eq!(first.files.len(), stdlib::MODULES.len());
        assert_eq!(format!("{:?}", first.trees), format!("{:?}", second.trees));
        assert_eq!(first.diagnostics, second.diagnostics);
        assert_eq!(format!("{:?}", first.symbols.symbols), format!("{:?}", second.symbols.symbols));
        assert_eq!(format!("{:?}", first.model), format!("{:?}", second.model));
        assert_eq!(first.occurrences, second.occurrences);
        for (i, f) in first.files.iter().enumerate() {
            assert_eq!(f.stdlib_module, Some(stdlib::MODULES[i].0));
            assert_eq!(first.file_id(&f.path), Some(FileId(i as u32)));
        }
    }
}
