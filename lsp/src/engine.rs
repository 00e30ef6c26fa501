//! The language server's state and answers, synchronous and free of JSON-RPC:
//! open buffers, the projects they belong to, and each project's latest
//! [`Analysis`]. Every answer comes from `migc::ide` on that analysis; this module
//! only finds the project and file, converts positions and builds LSP types.
//!
//! A project is what `migc check ROOT` checks: ROOT is the nearest directory at or
//! above a file that holds `mig.toml`, else the file's own directory. Its files are
//! read from disk, and open buffers stand in for their files.

use crate::convert::{self, Encoding};
use migc::analysis::{Analysis, SourceInfo};
use migc::diag::{FileId, Lang};
use migc::ide;
use migc::workspace::{self, SourceText, Workspace};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tower_lsp_server::ls_types as lsp;

/// A diagnostics notification to send.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Publish {
    pub uri: lsp::Uri,
    pub diagnostics: Vec<lsp::Diagnostic>,
    pub version: Option<i32>,
}

struct Doc {
    text: Arc<str>,
    version: i32,
}

struct Project {
    /// Files read from disk, until the client says they changed.
    disk: HashMap<PathBuf, SourceText>,
    /// Why the project could not be loaded (a bad `mig.toml`), shown on it.
    load_error: Option<String>,
    config_path: Option<PathBuf>,
    analysis: Option<Arc<Analysis>>,
    /// What was last published per file (and for which version of a buffer), so
    /// that only changes are sent.
    published: BTreeMap<PathBuf, (Vec<lsp::Diagnostic>, Option<i32>)>,
}

pub struct Engine {
    pub lang: Lang,
    pub encoding: Encoding,
    /// What the client takes: snippet completions; versioned edits (`documentChanges`).
    pub snippets: bool,
    pub document_changes: bool,
    docs: BTreeMap<PathBuf, Doc>,
    projects: BTreeMap<PathBuf, Project>,
    /// Where the standard library is written for go-to-definition (read-only files).
    std_dir: PathBuf,
    /// The analysis used for standard-library files when no project is open.
    std_analysis: Option<Arc<Analysis>>,
}

/// Why a request got no answer: shown to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

impl Engine {
    pub fn new(lang: Lang, encoding: Encoding, std_dir: PathBuf) -> Engine {
        Engine {
            lang,
            encoding,
            snippets: true,
            document_changes: false,
            docs: BTreeMap::new(),
            projects: BTreeMap::new(),
            std_dir: workspace::normalize(&std_dir),
            std_analysis: None,
        }
    }

    /// The default place of the standard library's read-only copy: per version and
    /// content, so that two builds never share a stale copy.
    pub fn default_std_dir() -> PathBuf {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for (name, text) in migc::stdlib::MODULES {
            for b in name.bytes().chain(text.bytes()) {
                hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
        }
        std::env::temp_dir().join(format!("migc-std-{}-{hash:016x}", env!("CARGO_PKG_VERSION")))
    }

    // ---- documents ------------------------------------------------------------------

    pub fn open(&mut self, path: &Path, text: &str, version: i32) -> Vec<Publish> {
        let path = workspace::normalize(path);
        self.docs.insert(path.clone(), Doc { text: Arc::from(text), version });
        self.refresh_for(&path)
    }

    /// A new full text of an open buffer. An older version than the one held is ignored.
    pub fn change(&mut self, path: &Path, text: &str, version: i32) -> Vec<Publish> {
        let path = workspace::normalize(path);
        if self.docs.get(&path).is_some_and(|d| d.version > version) {
            return Vec::new();
        }
        self.docs.insert(path.clone(), Doc { text: Arc::from(text), version });
        self.refresh_for(&path)
    }

    /// A closed buffer: its file on disk counts again.
    pub fn close(&mut self, path: &Path) -> Vec<Publish> {
        let path = workspace::normalize(path);
        self.docs.remove(&path);
        self.refresh_for(&path)
    }

    /// Files changed on disk: reload the projects they belong to. A `mig.toml` that
    /// appears, changes or goes may move project roots: every project is reloaded.
    pub fn files_changed(&mut self, paths: &[PathBuf]) -> Vec<Publish> {
        let paths: Vec<PathBuf> = paths.iter().map(|p| workspace::normalize(p)).collect();
        if paths.iter().any(|p| p.file_name().is_some_and(|n| n == "mig.toml")) {
            return self.reload_all();
        }
        let roots: Vec<PathBuf> =
            self.projects.keys().filter(|r| paths.iter().any(|p| workspace::inside(r, p))).cloned().collect();
        let mut out = Vec::new();
        for root in roots {
            if let Some(p) = self.projects.get_mut(&root) {
                p.disk.retain(|path, _| !paths.contains(path));
            }
            out.extend(self.reanalyze(&root));
        }
        out
    }

    /// Forget every project and load again those of the open buffers.
    pub fn reload_all(&mut self) -> Vec<Publish> {
        let old: Vec<PathBuf> = self.projects.values().flat_map(|p| p.published.keys().cloned()).collect();
        self.projects.clear();
        let open: Vec<PathBuf> = self.docs.keys().filter(|p| !self.is_std(p)).cloned().collect();
        let mut out = Vec::new();
        let mut done = BTreeSet::new();
        for path in open {
            let root = project_root(&path);
            if done.insert(root.clone()) {
                self.ensure_project(&root);
                out.extend(self.reanalyze(&root));
            }
        }
        let now: BTreeSet<PathBuf> = self.projects.values().flat_map(|p| p.published.keys().cloned()).collect();
        for path in old.into_iter().filter(|p| !now.contains(p)) {
            if let Some(uri) = uri_of_path(&path) {
                out.push(Publish { uri, diagnostics: Vec::new(), version: None });
            }
        }
        out
    }

    /// The diagnostics of every project again (after the message language changed).
    pub fn republish_all(&mut self) -> Vec<Publish> {
        for p in self.projects.values_mut() {
            p.published.clear();
        }
        let roots: Vec<PathBuf> = self.projects.keys().cloned().collect();
        roots.iter().flat_map(|r| self.publish(r)).collect()
    }

    fn is_std(&self, path: &Path) -> bool {
        path.starts_with(&self.std_dir)
    }

    fn refresh_for(&mut self, path: &Path) -> Vec<Publish> {
        if self.is_std(path) {
            return Vec::new();
        }
        let root = project_root(path);
        self.ensure_project(&root);
        self.reanalyze(&root)
    }

    fn ensure_project(&mut self, root: &Path) {
        if !self.projects.contains_key(root) {
            let project = Project {
                disk: HashMap::new(),
                load_error: None,
                config_path: None,
                analysis: None,
                published: BTreeMap::new(),
            };
            self.projects.insert(root.to_path_buf(), project);
        }
    }

    /// Load and analyse a project as `migc check ROOT` would with the open buffers
    /// saved, and say what changed. Loading reads the buffers, so what a buffer
    /// imports now decides what is loaded.
    fn reanalyze(&mut self, root: &Path) -> Vec<Publish> {
        let docs = &self.docs;
        let Some(project) = self.projects.get_mut(root) else { return Vec::new() };
        let disk = &mut project.disk;
        let mut read = |path: &Path| -> std::io::Result<SourceText> {
            if let Some(doc) = docs.get(path) {
                return Ok(SourceText::Text(doc.text.clone()));
            }
            if let Some(source) = disk.get(path) {
                return Ok(source.clone());
            }
            let source = workspace::read_source(path)?;
            disk.insert(path.to_path_buf(), source.clone());
            Ok(source)
        };
        let loaded = if root.starts_with(VIRTUAL_ROOT) {
            // A buffer that is no file: checked alone, as `migc check -` checks a fragment.
            let mut ws = Workspace::new(root.parent().unwrap_or(root));
            ws.display_base = Some(PathBuf::from(VIRTUAL_ROOT));
            Ok(ws)
        } else {
            workspace::load_root_with(root, &mut read)
        };
        let (mut ws, load_error) = match loaded {
            Ok(ws) => (ws, None),
            Err(e) => {
                let mut ws = Workspace::new(root);
                let config = root.join("mig.toml");
                if config.exists() {
                    ws.config_path = Some(workspace::normalize(&config));
                }
                ws.require_model = true;
                (ws, Some(format!("migc: {e}")))
            }
        };
        // A buffer not saved yet is part of the project its directory walk would find it in.
        if ws.config.project.entry.is_empty() {
            for (path, doc) in docs {
                let is_mig = path.extension().is_some_and(|e| e == "mig");
                let is_buffer = path.starts_with(VIRTUAL_ROOT);
                if (is_mig || is_buffer) && ws.get(path).is_none() && project_root(path) == root {
                    ws.set_text(path, doc.text.clone());
                }
            }
        }
        project.load_error = load_error;
        project.config_path = ws.config_path.clone();
        // Not held while the next one is built: peak memory is one analysis, not two.
        project.analysis = None;
        project.analysis = Some(Arc::new(migc::analyze(&ws)));
        self.publish(root)
    }

    /// The diagnostics of a project's files that differ from what was last published.
    fn publish(&mut self, root: &Path) -> Vec<Publish> {
        let (lang, enc) = (self.lang, self.encoding);
        let Some(project) = self.projects.get(root) else { return Vec::new() };
        let Some(a) = project.analysis.clone() else { return Vec::new() };
        let mut by_file: BTreeMap<PathBuf, Vec<lsp::Diagnostic>> = BTreeMap::new();
        for info in a.files.iter().filter(|f| f.stdlib_module.is_none()) {
            by_file.entry(info.path.clone()).or_default();
        }
        // A diagnostic about the whole project (no place) is shown at the top of
        // mig.toml, or of the first file.
        let fallback = project.config_path.clone().or_else(|| by_file.keys().next().cloned());
        if let (Some(error), Some(config)) = (&project.load_error, &project.config_path) {
            by_file.entry(config.clone()).or_default().push(lsp::Diagnostic {
                severity: Some(lsp::DiagnosticSeverity::ERROR),
                source: Some("migc".to_string()),
                message: error.clone(),
                ..lsp::Diagnostic::default()
            });
        }
        for d in &a.diagnostics {
            let path = match convert::diagnostic_file(d).and_then(|f| a.file(f)) {
                Some(info) if info.stdlib_module.is_none() => info.path.clone(),
                Some(_) => continue,
                None => match &fallback {
                    Some(p) => p.clone(),
                    None => continue,
                },
            };
            let uri_of = |id: FileId| self.uri_of(&a, id);
            by_file.entry(path).or_default().push(convert::diagnostic(&a, d, lang, enc, &uri_of));
        }
        let Some(project) = self.projects.get_mut(root) else { return Vec::new() };
        let mut out = Vec::new();
        for (path, (old, _)) in &project.published {
            if !by_file.contains_key(path)
                && !old.is_empty()
                && let Some(uri) = uri_of_path(path)
            {
                out.push(Publish { uri, diagnostics: Vec::new(), version: None });
            }
        }
        project.published.retain(|p, _| by_file.contains_key(p));
        for (path, diagnostics) in by_file {
            // Sent when they changed, and for each new version of a buffer (the
            // editor then knows they are current). Nothing sent counts as none.
            let version = self.docs.get(&path).map(|d| d.version);
            let unchanged = match project.published.get(&path) {
                Some((old, v)) => *old == diagnostics && (*v == version || version.is_none()),
                None => diagnostics.is_empty() && version.is_none(),
            };
            if unchanged {
                continue;
            }
            let Some(uri) = uri_of_path(&path) else { continue };
            project.published.insert(path, (diagnostics.clone(), version));
            out.push(Publish { uri, diagnostics, version });
        }
        out
    }

    // ---- files and positions --------------------------------------------------------

    /// The URI of a file of an analysis; the standard library's read-only copy for its modules.
    pub fn uri_of(&self, a: &Analysis, id: FileId) -> Option<lsp::Uri> {
        let info = a.file(id)?;
        match info.stdlib_module {
            Some(module) => lsp::Uri::from_file_path(self.write_std(module)?),
            None => uri_of_path(&info.path),
        }
    }

    /// Write the standard library (once per content) where the editor can open it,
    /// read-only, and return the path of `module`.
    fn write_std(&self, module: &str) -> Option<PathBuf> {
        let path = self.std_dir.join(format!("{module}.mig"));
        if std::fs::read_to_string(&path).ok().as_deref() == migc::stdlib::source(module) {
            return Some(path);
        }
        std::fs::create_dir_all(&self.std_dir).ok()?;
        for (name, text) in migc::stdlib::MODULES {
            let file = self.std_dir.join(format!("{name}.mig"));
            if std::fs::read_to_string(&file).ok().as_deref() == Some(*text) {
                continue;
            }
            // Written beside and renamed, so an editor never opens half a file.
            let tmp = self.std_dir.join(format!(".{name}.mig.{}", std::process::id()));
            std::fs::write(&tmp, text).ok()?;
            let mut perms = std::fs::metadata(&tmp).ok()?.permissions();
            perms.set_readonly(true);
            std::fs::set_permissions(&tmp, perms).ok()?;
            std::fs::rename(&tmp, &file).ok()?;
        }
        Some(path)
    }

    /// The analysis, file and byte offset of a place in a document.
    fn at(&mut self, path: &Path, pos: lsp::Position) -> Option<(Arc<Analysis>, FileId, usize)> {
        let (a, id) = self.file(path)?;
        let offset = convert::offset(a.file(id)?, pos, self.encoding);
        Some((a, id, offset))
    }

    /// The analysis a document belongs to, and its id there.
    fn file(&mut self, path: &Path) -> Option<(Arc<Analysis>, FileId)> {
        let path = workspace::normalize(path);
        if self.is_std(&path) {
            let module = path.file_stem()?.to_str()?.to_string();
            let a = match self.projects.values().find_map(|p| p.analysis.clone()) {
                Some(a) => a,
                None => self
                    .std_analysis
                    .get_or_insert_with(|| Arc::new(migc::analyze(&Workspace::new(&self.std_dir))))
                    .clone(),
            };
            let id = a.files.iter().position(|f| f.stdlib_module == Some(module.as_str()))?;
            return Some((a, FileId(id as u32)));
        }
        let root = project_root(&path);
        if self.projects.get(&root).is_none_or(|p| p.analysis.is_none()) {
            self.ensure_project(&root);
            self.reanalyze(&root);
        }
        let a = self.projects.get(&root)?.analysis.clone()?;
        let id = a.file_id(&path)?;
        Some((a, id))
    }

    fn location(&self, a: &Analysis, loc: ide::Location) -> Option<lsp::Location> {
        let info = a.file(loc.file)?;
        Some(lsp::Location { uri: self.uri_of(a, loc.file)?, range: convert::range(info, loc.span, self.encoding) })
    }

    // ---- requests -----------------------------------------------------------------------

    pub fn hover(&mut self, path: &Path, pos: lsp::Position) -> Option<lsp::Hover> {
        let (a, id, offset) = self.at(path, pos)?;
        let h = ide::hover(&a, id, offset, self.lang)?;
        Some(lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: h.markdown,
            }),
            range: Some(convert::range(a.file(id)?, h.span, self.encoding)),
        })
    }

    pub fn completion(&mut self, path: &Path, pos: lsp::Position) -> Option<lsp::CompletionResponse> {
        let (a, id, offset) = self.at(path, pos)?;
        let info = a.file(id)?;
        let c = ide::completions(&a, id, offset, self.lang);
        let replace = convert::range(info, c.replace, self.encoding);
        let snippets = self.snippets;
        let items = c
            .items
            .into_iter()
            .filter(|item| snippets || item.snippet.is_none())
            .enumerate()
            .map(|(i, item)| lsp::CompletionItem {
                kind: Some(match item.kind {
                    ide::CompletionKind::Keyword => lsp::CompletionItemKind::KEYWORD,
                    ide::CompletionKind::Property => lsp::CompletionItemKind::PROPERTY,
                    ide::CompletionKind::Value => lsp::CompletionItemKind::ENUM_MEMBER,
                    ide::CompletionKind::Reference => lsp::CompletionItemKind::REFERENCE,
                    ide::CompletionKind::Rule => lsp::CompletionItemKind::CONSTANT,
                    ide::CompletionKind::Snippet => lsp::CompletionItemKind::SNIPPET,
                }),
                insert_text_format: item.snippet.as_ref().map(|_| lsp::InsertTextFormat::SNIPPET),
                detail: item.detail,
                // migc's order (required properties first) is the order shown.
                sort_text: Some(format!("{i:05}")),
                filter_text: Some(item.label.clone()),
                text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit {
                    range: replace,
                    new_text: item.snippet.clone().unwrap_or_else(|| item.label.clone()),
                })),
                label: item.label,
                ..lsp::CompletionItem::default()
            })
            .collect();
        Some(lsp::CompletionResponse::List(lsp::CompletionList { is_incomplete: false, items }))
    }

    pub fn definition(&mut self, path: &Path, pos: lsp::Position) -> Option<lsp::Location> {
        let (a, id, offset) = self.at(path, pos)?;
        let loc = ide::definition(&a, id, offset)?;
        self.location(&a, loc)
    }

    pub fn references(&mut self, path: &Path, pos: lsp::Position, include_declaration: bool) -> Vec<lsp::Location> {
        let Some((a, id, offset)) = self.at(path, pos) else { return Vec::new() };
        ide::references(&a, id, offset, include_declaration).into_iter().filter_map(|l| self.location(&a, l)).collect()
    }

    pub fn prepare_rename(&mut self, path: &Path, pos: lsp::Position) -> Result<Option<lsp::Range>, Refusal> {
        let Some((a, id, offset)) = self.at(path, pos) else { return Ok(None) };
        match ide::prepare_rename(&a, id, offset) {
            Ok(loc) => Ok(a.file(loc.file).map(|f| convert::range(f, loc.span, self.encoding))),
            Err(ide::RenameError::NothingToRename) => Ok(None),
            Err(e) => Err(self.refusal(&a, &e)),
        }
    }

    pub fn rename(&mut self, path: &Path, pos: lsp::Position, new_name: &str) -> Result<lsp::WorkspaceEdit, Refusal> {
        let Some((a, id, offset)) = self.at(path, pos) else {
            return Err(self.refusal_text("ここには名前の変更ができる名前がありません", "nothing to rename here"));
        };
        let locations = ide::rename(&a, id, offset, new_name).map_err(|e| self.refusal(&a, &e))?;
        let edits = locations.into_iter().map(|l| (l.file, l.span, new_name.to_string()));
        self.workspace_edit(&a, edits)
            .ok_or_else(|| self.refusal_text("編集を作れませんでした", "could not build the edit"))
    }

    /// Edits of files of an analysis as the client takes them: versioned per document
    /// (`documentChanges`, so that an edit of a buffer changed since is refused) when it
    /// can, else `changes`. `None` if a file has no URI.
    fn workspace_edit(
        &self,
        a: &Analysis,
        edits: impl IntoIterator<Item = (FileId, migc::syntax::Span, String)>,
    ) -> Option<lsp::WorkspaceEdit> {
        let mut by_file: BTreeMap<FileId, Vec<lsp::TextEdit>> = BTreeMap::new();
        for (file, span, new_text) in edits {
            let range = convert::range(a.file(file)?, span, self.encoding);
            by_file.entry(file).or_default().push(lsp::TextEdit { range, new_text });
        }
        if self.document_changes {
            let mut changes = Vec::new();
            for (file, edits) in by_file {
                let version = a.file(file).and_then(|f| self.docs.get(&f.path)).map(|d| d.version);
                changes.push(lsp::TextDocumentEdit {
                    text_document: lsp::OptionalVersionedTextDocumentIdentifier { uri: self.uri_of(a, file)?, version },
                    edits: edits.into_iter().map(lsp::OneOf::Left).collect(),
                });
            }
            return Some(lsp::WorkspaceEdit {
                document_changes: Some(lsp::DocumentChanges::Edits(changes)),
                ..lsp::WorkspaceEdit::default()
            });
        }
        let mut changes: HashMap<lsp::Uri, Vec<lsp::TextEdit>> = HashMap::new();
        for (file, edits) in by_file {
            changes.insert(self.uri_of(a, file)?, edits);
        }
        Some(lsp::WorkspaceEdit { changes: Some(changes), ..lsp::WorkspaceEdit::default() })
    }

    fn refusal_text(&self, ja: &str, en: &str) -> Refusal {
        Refusal(match self.lang {
            Lang::Ja => ja.to_string(),
            Lang::En => en.to_string(),
        })
    }

    fn refusal(&self, a: &Analysis, e: &ide::RenameError) -> Refusal {
        match e {
            ide::RenameError::NothingToRename => {
                self.refusal_text("ここには名前の変更ができる名前がありません", "nothing to rename here")
            }
            ide::RenameError::StandardLibrary(path) => Refusal(match self.lang {
                Lang::Ja => format!("標準ライブラリの名前 {path} は変更できません"),
                Lang::En => format!("{path} is a standard-library name and cannot be renamed"),
            }),
            ide::RenameError::NotAName(name) => Refusal(match self.lang {
                Lang::Ja => format!("「{name}」は名前 (識別子) として使えません"),
                Lang::En => format!("`{name}` is not a valid name (identifier)"),
            }),
            ide::RenameError::Clash { name, existing } => {
                let place = a
                    .file(existing.file)
                    .map(|f| {
                        let lc = f.lines.line_col(&f.text, existing.span.start as usize);
                        format!("{}:{}:{}", f.name, lc.line + 1, lc.col + 1)
                    })
                    .unwrap_or_default();
                Refusal(match self.lang {
                    Lang::Ja => format!("{name} という名前はすでに {place} で使われています"),
                    Lang::En => format!("the name {name} is already declared at {place}"),
                })
            }
        }
    }

    pub fn document_symbols(&mut self, path: &Path) -> Vec<lsp::DocumentSymbol> {
        let Some((a, id)) = self.file(path) else { return Vec::new() };
        let Some(info) = a.file(id) else { return Vec::new() };
        ide::document_symbols(&a, id)
            .into_iter()
            .map(|s| {
                #[expect(deprecated, reason = "the field must be given; it is deprecated in favour of tags")]
                lsp::DocumentSymbol {
                    name: s.name,
                    detail: Some(match s.title {
                        Some(t) => format!("{} — {t}", s.kind),
                        None => s.kind.to_string(),
                    }),
                    kind: symbol_kind(s.kind),
                    tags: None,
                    deprecated: None,
                    range: convert::range(info, s.span, self.encoding),
                    selection_range: convert::range(info, s.selection, self.encoding),
                    children: None,
                }
            })
            .collect()
    }

    pub fn inlay_hints(&mut self, path: &Path, range: lsp::Range) -> Vec<lsp::InlayHint> {
        let Some((a, id)) = self.file(path) else { return Vec::new() };
        let Some(info) = a.file(id) else { return Vec::new() };
        let span = convert::span(info, range, self.encoding);
        ide::inlay_hints(&a, id, self.lang)
            .into_iter()
            .filter(|h| span.contains(h.offset))
            .map(|h| lsp::InlayHint {
                position: convert::position(info, h.offset, self.encoding),
                label: lsp::InlayHintLabel::String(h.label),
                kind: None,
                text_edits: None,
                tooltip: None,
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
            .collect()
    }

    /// The whole document in migc's layout, as one edit; none if it is already so.
    pub fn formatting(&mut self, path: &Path) -> Result<Vec<lsp::TextEdit>, Refusal> {
        let Some((a, id)) = self.file(path) else { return Ok(Vec::new()) };
        let Some(info) = a.file(id) else { return Ok(Vec::new()) };
        match migc::format::format_text(&info.text) {
            Ok(text) if text == *info.text => Ok(Vec::new()),
            Ok(text) => Ok(vec![lsp::TextEdit { range: whole(info, self.encoding), new_text: text }]),
            Err(e) => Err(Refusal(e.message(&info.name).get(self.lang).to_string())),
        }
    }

    /// The fixes of the diagnostics at `range`: repairs first, then waivers. Each
    /// names the diagnostic it answers, as the editor sent it back in `context`.
    pub fn code_actions(
        &mut self,
        path: &Path,
        range: lsp::Range,
        context: &[lsp::Diagnostic],
    ) -> Vec<lsp::CodeActionOrCommand> {
        let Some((a, id)) = self.file(path) else { return Vec::new() };
        let Some(info) = a.file(id) else { return Vec::new() };
        let span = convert::span(info, range, self.encoding);
        let mut first_repair = true;
        ide::code_actions(&a, id, span, self.lang)
            .into_iter()
            .filter_map(|action| {
                let edit = self.workspace_edit(&a, action.edits.iter().map(|e| (e.file, e.span, e.text.clone())))?;
                let answered: Vec<lsp::Diagnostic> = action
                    .diagnostic
                    .and_then(|(f, sp)| {
                        let at = convert::range(a.file(f)?, sp, self.encoding);
                        let code = action.code.clone().map(lsp::NumberOrString::String);
                        Some(context.iter().filter(|d| d.range == at && d.code == code).cloned().collect())
                    })
                    .unwrap_or_default();
                let (kind, preferred) = match action.kind {
                    ide::CodeActionKind::QuickFix => {
                        let preferred = std::mem::take(&mut first_repair);
                        (lsp::CodeActionKind::QUICKFIX, preferred)
                    }
                    ide::CodeActionKind::Other => (lsp::CodeActionKind::new("quickfix.migc.waiver"), false),
                };
                Some(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                    title: action.title,
                    kind: Some(kind),
                    diagnostics: (!answered.is_empty()).then_some(answered),
                    edit: Some(edit),
                    is_preferred: preferred.then_some(true),
                    ..lsp::CodeAction::default()
                }))
            })
            .collect()
    }

    pub fn folding_ranges(&mut self, path: &Path) -> Vec<lsp::FoldingRange> {
        let Some((a, id)) = self.file(path) else { return Vec::new() };
        let Some(info) = a.file(id) else { return Vec::new() };
        ide::folding_ranges(&a, id)
            .into_iter()
            .filter_map(|f| {
                let start = convert::position(info, f.span.start as usize, self.encoding).line;
                let end = convert::position(info, f.span.end as usize, self.encoding).line;
                (end > start).then(|| lsp::FoldingRange {
                    start_line: start,
                    end_line: end,
                    kind: Some(match f.kind {
                        ide::FoldKind::Region => lsp::FoldingRangeKind::Region,
                        ide::FoldKind::Comment => lsp::FoldingRangeKind::Comment,
                        ide::FoldKind::Imports => lsp::FoldingRangeKind::Imports,
                    }),
                    ..lsp::FoldingRange::default()
                })
            })
            .collect()
    }

    /// Semantic tokens in LSP's relative encoding, with [`semantic_legend`]'s indices.
    pub fn semantic_tokens(&mut self, path: &Path) -> Vec<lsp::SemanticToken> {
        let Some((a, id)) = self.file(path) else { return Vec::new() };
        let Some(info) = a.file(id) else { return Vec::new() };
        let (mut line, mut col) = (0u32, 0u32);
        let mut out = Vec::new();
        for t in ide::semantic_tokens(&a, id) {
            let start = convert::position(info, t.span.start as usize, self.encoding);
            let end = convert::position(info, t.span.end as usize, self.encoding);
            if end.line != start.line || end.character <= start.character {
                continue;
            }
            let delta_line = start.line - line;
            let delta_start = if delta_line == 0 { start.character - col } else { start.character };
            let modifiers = u32::from(t.modifiers.declaration)
                | (u32::from(t.modifiers.default_library) << 1)
                | (u32::from(t.modifiers.documentation) << 2);
            out.push(lsp::SemanticToken {
                delta_line,
                delta_start,
                length: end.character - start.character,
                token_type: token_type(t.kind),
                token_modifiers_bitset: modifiers,
            });
            (line, col) = (start.line, start.character);
        }
        out
    }

    /// Declarations whose name holds `query`, from every open project (the standard
    /// library once).
    pub fn workspace_symbols(&mut self, query: &str) -> Vec<lsp::WorkspaceSymbol> {
        let analyses: Vec<Arc<Analysis>> = self.projects.values().filter_map(|p| p.analysis.clone()).collect();
        let mut out: Vec<lsp::WorkspaceSymbol> = Vec::new();
        let mut std_seen = false;
        for a in &analyses {
            for s in ide::workspace_symbols(a, query) {
                let is_std = a.file(s.location.file).is_some_and(|f| f.stdlib_module.is_some());
                if is_std && std_seen {
                    continue;
                }
                let Some(location) = self.location(a, s.location) else { continue };
                out.push(lsp::WorkspaceSymbol {
                    name: s.name,
                    kind: symbol_kind(s.kind),
                    tags: None,
                    container_name: Some(s.container),
                    location: lsp::OneOf::Left(location),
                    data: None,
                });
            }
            std_seen = true;
        }
        out.truncate(ide::WORKSPACE_SYMBOLS_MAX);
        out
    }
}

/// The token types and modifiers of [`Engine::semantic_tokens`], in index order.
pub fn semantic_legend() -> lsp::SemanticTokensLegend {
    let types = [
        lsp::SemanticTokenType::KEYWORD,
        lsp::SemanticTokenType::PROPERTY,
        lsp::SemanticTokenType::VARIABLE,
        lsp::SemanticTokenType::CLASS,
        lsp::SemanticTokenType::NAMESPACE,
        lsp::SemanticTokenType::STRUCT,
        lsp::SemanticTokenType::TYPE,
        lsp::SemanticTokenType::EVENT,
        lsp::SemanticTokenType::FUNCTION,
        lsp::SemanticTokenType::ENUM_MEMBER,
        lsp::SemanticTokenType::STRING,
        lsp::SemanticTokenType::NUMBER,
        lsp::SemanticTokenType::COMMENT,
        lsp::SemanticTokenType::MACRO,
    ];
    let modifiers = [
        lsp::SemanticTokenModifier::DECLARATION,
        lsp::SemanticTokenModifier::DEFAULT_LIBRARY,
        lsp::SemanticTokenModifier::DOCUMENTATION,
    ];
    lsp::SemanticTokensLegend { token_types: types.to_vec(), token_modifiers: modifiers.to_vec() }
}

/// The legend index of a token: names by what they name, so that themes tell a
/// party from a site or a flow.
fn token_type(kind: ide::SemanticKind) -> u32 {
    match kind {
        ide::SemanticKind::Keyword => 0,
        ide::SemanticKind::Property => 1,
        ide::SemanticKind::Symbol(k) => match k {
            "party" | "system" => 3,
            "site" | "network" => 4,
            "asset" => 5,
            "data" | "record" => 6,
            "flow" => 7,
            "control" => 8,
            _ => 2,
        },
        ide::SemanticKind::EnumMember => 9,
        ide::SemanticKind::String => 10,
        ide::SemanticKind::Number => 11,
        ide::SemanticKind::Comment => 12,
        ide::SemanticKind::RuleId => 13,
    }
}

/// The range of a whole file.
fn whole(info: &SourceInfo, enc: Encoding) -> lsp::Range {
    lsp::Range { start: lsp::Position::default(), end: convert::position(info, info.text.len(), enc) }
}

/// A project's root: the nearest directory at or above `path` with a `mig.toml`,
/// else the file's own directory. A buffer that is no file (`untitled:`) is a
/// project of its own.
fn project_root(path: &Path) -> PathBuf {
    if path.starts_with(VIRTUAL_ROOT) {
        return path.to_path_buf();
    }
    workspace::project_root(&[path.to_path_buf()])
}

/// Where buffers that are no file (`untitled:Untitled-1`) live in the engine: under
/// a root no disk has, named by their URI, so that the URI can be read back.
const VIRTUAL_ROOT: &str = "/\u{1}migc-buffers";

/// The path the engine knows a document by: its file, or a path under [`VIRTUAL_ROOT`].
pub fn path_of(uri: &lsp::Uri) -> Option<PathBuf> {
    // `to_file_path` does not look at the scheme: `untitled:Untitled-1` would be a relative path.
    if uri.scheme().as_str().eq_ignore_ascii_case("file") {
        return uri.to_file_path().map(|p| workspace::normalize(&p)).filter(|p| p.is_absolute());
    }
    let mut name = String::new();
    for b in uri.as_str().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => name.push(b as char),
            _ => name.push_str(&format!("%{b:02X}")),
        }
    }
    Some(Path::new(VIRTUAL_ROOT).join(name))
}

/// The URI of a path of the engine (the inverse of [`path_of`]).
pub fn uri_of_path(path: &Path) -> Option<lsp::Uri> {
    let Ok(name) = path.strip_prefix(VIRTUAL_ROOT) else { return lsp::Uri::from_file_path(path) };
    let name = name.to_str()?;
    let mut bytes = Vec::with_capacity(name.len());
    let mut rest = name.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        if b == b'%' && tail.len() >= 2 {
            let hex = std::str::from_utf8(&tail[..2]).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            rest = &tail[2..];
        } else {
            bytes.push(b);
            rest = tail;
        }
    }
    String::from_utf8(bytes).ok()?.parse().ok()
}

fn symbol_kind(kind: &str) -> lsp::SymbolKind {
    match kind {
        "model" => lsp::SymbolKind::MODULE,
        "party" => lsp::SymbolKind::OBJECT,
        "system" => lsp::SymbolKind::PACKAGE,
        "site" => lsp::SymbolKind::NAMESPACE,
        "asset" | "device" => lsp::SymbolKind::CLASS,
        "network" => lsp::SymbolKind::INTERFACE,
        "data" => lsp::SymbolKind::STRUCT,
        "flow" => lsp::SymbolKind::EVENT,
        "risk" => lsp::SymbolKind::KEY,
        "control" => lsp::SymbolKind::FUNCTION,
        "waiver" => lsp::SymbolKind::NULL,
        _ => lsp::SymbolKind::OBJECT,
    }
}
