//! The JSON-RPC side: tower-lsp-server's `LanguageServer` over the [`Engine`].
//! Handlers convert parameters, call the engine under its lock, and send what it
//! returns. Requests are handled one at a time (`concurrency_level(1)` in
//! [`crate::serve`]), so edits apply in order and every answer sees the latest text.

use crate::convert::Encoding;
use crate::engine::{Engine, Publish, Refusal};
use migc::diag::Lang;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types as lsp;
use tower_lsp_server::{Client, LanguageServer};

pub struct Backend {
    client: Client,
    engine: Mutex<Engine>,
    /// Whether the client lets the server register file watchers.
    watch_files: AtomicBool,
    /// For tests only (`MIGC_LSP_TEST_HOOKS=1`): the request `migc/panic` panics.
    pub(crate) test_hooks: bool,
}

/// What a handler that panicked answers; the server stays up.
fn internal(what: &str) -> Error {
    let mut e = Error::internal_error();
    e.message = format!("migc: internal error in {what}; the server goes on (please report this)").into();
    e
}

/// A request migc declines (a rename to a clash, a file it cannot format): the reason is the message.
fn refused(r: Refusal) -> Error {
    Error::invalid_params(r.0)
}

fn path_of(uri: &lsp::Uri) -> Option<PathBuf> {
    crate::engine::path_of(uri)
}

/// The message language from `initializationOptions` or settings: `{"language": "en"}`
/// (also under `"migc"`).
fn language_of(options: Option<&serde_json::Value>) -> Option<Lang> {
    let options = options?;
    let value = options.get("language").or_else(|| options.get("migc")?.get("language"))?;
    Lang::parse(value.as_str()?)
}

impl Backend {
    pub fn new(client: Client) -> Backend {
        let lang = std::env::var("MIGC_LANG").ok().and_then(|l| Lang::parse(&l)).unwrap_or_default();
        Backend {
            client,
            engine: Mutex::new(Engine::new(lang, Encoding::Utf16, Engine::default_std_dir())),
            watch_files: AtomicBool::new(false),
            test_hooks: std::env::var("MIGC_LSP_TEST_HOOKS").is_ok_and(|v| v == "1"),
        }
    }

    /// Run `f` on the engine. A panic inside is caught: logged, answered as an
    /// internal error, and the projects are dropped so that the next request
    /// starts from a fresh analysis.
    async fn with<R>(&self, what: &str, f: impl FnOnce(&mut Engine) -> R) -> Result<R> {
        let outcome = {
            let mut engine = self.engine.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            let result = std::panic::catch_unwind(AssertUnwindSafe(|| f(&mut engine)));
            if result.is_err() {
                engine.reload_all();
            }
            result
        };
        match outcome {
            Ok(r) => Ok(r),
            Err(cause) => {
                let cause = cause
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| cause.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                self.client.log_message(lsp::MessageType::ERROR, format!("migc: {what} panicked: {cause}")).await;
                Err(internal(what))
            }
        }
    }

    /// A notification's work: its diagnostics are published; a panic is logged.
    async fn notify(&self, what: &str, f: impl FnOnce(&mut Engine) -> Vec<Publish>) {
        if let Ok(publish) = self.with(what, f).await {
            self.send(publish).await;
        }
    }

    async fn send(&self, publish: Vec<Publish>) {
        for p in publish {
            self.client.publish_diagnostics(p.uri, p.diagnostics, p.version).await;
        }
    }

    pub(crate) async fn test_panic(&self, _: serde_json::Value) -> Result<serde_json::Value> {
        if !self.test_hooks {
            return Err(Error::method_not_found());
        }
        #[expect(clippy::panic, reason = "the test hook proves that a panicking handler does not stop the server")]
        let boom = |_: &mut Engine| -> serde_json::Value { panic!("a test asked for it") };
        self.with("migc/panic", boom).await
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: lsp::InitializeParams) -> Result<lsp::InitializeResult> {
        let encoding = Encoding::negotiate(&params.capabilities);
        let lang = language_of(params.initialization_options.as_ref());
        let watch = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        self.watch_files.store(watch, Ordering::Relaxed);
        let caps = &params.capabilities;
        let snippets = caps
            .text_document
            .as_ref()
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_item.as_ref())
            .and_then(|i| i.snippet_support)
            .unwrap_or(false);
        let document_changes = caps
            .workspace
            .as_ref()
            .and_then(|w| w.workspace_edit.as_ref())
            .and_then(|w| w.document_changes)
            .unwrap_or(false);
        self.with("initialize", |e| {
            e.encoding = encoding;
            e.snippets = snippets;
            e.document_changes = document_changes;
            if let Some(lang) = lang {
                e.lang = lang;
            }
        })
        .await?;
        let capabilities = lsp::ServerCapabilities {
            position_encoding: Some(encoding.kind()),
            text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::FULL),
                save: None,
                ..lsp::TextDocumentSyncOptions::default()
            })),
            hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
            completion_provider: Some(lsp::CompletionOptions {
                trigger_characters: Some(vec![":".to_string(), " ".to_string()]),
                ..lsp::CompletionOptions::default()
            }),
            definition_provider: Some(lsp::OneOf::Left(true)),
            references_provider: Some(lsp::OneOf::Left(true)),
            rename_provider: Some(lsp::OneOf::Right(lsp::RenameOptions {
                prepare_provider: Some(true),
                work_done_progress_options: lsp::WorkDoneProgressOptions::default(),
            })),
            document_symbol_provider: Some(lsp::OneOf::Left(true)),
            inlay_hint_provider: Some(lsp::OneOf::Left(true)),
            document_formatting_provider: Some(lsp::OneOf::Left(true)),
            code_action_provider: Some(lsp::CodeActionProviderCapability::Options(lsp::CodeActionOptions {
                code_action_kinds: Some(vec![lsp::CodeActionKind::QUICKFIX]),
                ..lsp::CodeActionOptions::default()
            })),
            folding_range_provider: Some(lsp::FoldingRangeProviderCapability::Simple(true)),
            workspace_symbol_provider: Some(lsp::OneOf::Left(true)),
            semantic_tokens_provider: Some(lsp::SemanticTokensServerCapabilities::SemanticTokensOptions(
                lsp::SemanticTokensOptions {
                    legend: crate::engine::semantic_legend(),
                    full: Some(lsp::SemanticTokensFullOptions::Bool(true)),
                    range: None,
                    work_done_progress_options: lsp::WorkDoneProgressOptions::default(),
                },
            )),
            ..lsp::ServerCapabilities::default()
        };
        Ok(lsp::InitializeResult {
            capabilities,
            server_info: Some(lsp::ServerInfo {
                name: "migc".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: lsp::InitializedParams) {
        if !self.watch_files.load(Ordering::Relaxed) {
            return;
        }
        let watchers = ["**/*.mig", "**/mig.toml"]
            .iter()
            .map(|g| lsp::FileSystemWatcher { glob_pattern: lsp::GlobPattern::String(g.to_string()), kind: None })
            .collect();
        let options = lsp::DidChangeWatchedFilesRegistrationOptions { watchers };
        let registration = lsp::Registration {
            id: "migc-watch".to_string(),
            method: "workspace/didChangeWatchedFiles".to_string(),
            register_options: serde_json::to_value(options).ok(),
        };
        if let Err(e) = self.client.register_capability(vec![registration]).await {
            self.client.log_message(lsp::MessageType::WARNING, format!("migc: cannot watch files: {e}")).await;
        }
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: lsp::DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let Some(path) = path_of(&doc.uri) else { return };
        self.notify("didOpen", |e| e.open(&path, &doc.text, doc.version)).await;
    }

    async fn did_change(&self, params: lsp::DidChangeTextDocumentParams) {
        let Some(path) = path_of(&params.text_document.uri) else { return };
        // Full sync: the last change holds the whole text.
        let Some(change) = params.content_changes.into_iter().next_back() else { return };
        let version = params.text_document.version;
        self.notify("didChange", |e| e.change(&path, &change.text, version)).await;
    }

    async fn did_close(&self, params: lsp::DidCloseTextDocumentParams) {
        let Some(path) = path_of(&params.text_document.uri) else { return };
        self.notify("didClose", |e| e.close(&path)).await;
    }

    async fn did_change_watched_files(&self, params: lsp::DidChangeWatchedFilesParams) {
        let paths: Vec<PathBuf> = params.changes.iter().filter_map(|c| path_of(&c.uri)).collect();
        self.notify("didChangeWatchedFiles", |e| e.files_changed(&paths)).await;
    }

    async fn did_change_configuration(&self, params: lsp::DidChangeConfigurationParams) {
        let Some(lang) = language_of(Some(&params.settings)) else { return };
        self.notify("didChangeConfiguration", |e| {
            if e.lang == lang {
                return Vec::new();
            }
            e.lang = lang;
            e.republish_all()
        })
        .await;
    }

    async fn hover(&self, params: lsp::HoverParams) -> Result<Option<lsp::Hover>> {
        let p = params.text_document_position_params;
        let Some(path) = path_of(&p.text_document.uri) else { return Ok(None) };
        self.with("hover", |e| e.hover(&path, p.position)).await
    }

    async fn completion(&self, params: lsp::CompletionParams) -> Result<Option<lsp::CompletionResponse>> {
        let p = params.text_document_position;
        let Some(path) = path_of(&p.text_document.uri) else { return Ok(None) };
        self.with("completion", |e| e.completion(&path, p.position)).await
    }

    async fn goto_definition(&self, params: lsp::GotoDefinitionParams) -> Result<Option<lsp::GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        let Some(path) = path_of(&p.text_document.uri) else { return Ok(None) };
        let loc = self.with("definition", |e| e.definition(&path, p.position)).await?;
        Ok(loc.map(lsp::GotoDefinitionResponse::Scalar))
    }

    async fn references(&self, params: lsp::ReferenceParams) -> Result<Option<Vec<lsp::Location>>> {
        let p = params.text_document_position;
        let Some(path) = path_of(&p.text_document.uri) else { return Ok(None) };
        let include = params.context.include_declaration;
        Ok(Some(self.with("references", |e| e.references(&path, p.position, include)).await?))
    }

    async fn prepare_rename(
        &self,
        params: lsp::TextDocumentPositionParams,
    ) -> Result<Option<lsp::PrepareRenameResponse>> {
        let Some(path) = path_of(&params.text_document.uri) else { return Ok(None) };
        let range = self.with("prepareRename", |e| e.prepare_rename(&path, params.position)).await?;
        Ok(range.map_err(refused)?.map(lsp::PrepareRenameResponse::Range))
    }

    async fn rename(&self, params: lsp::RenameParams) -> Result<Option<lsp::WorkspaceEdit>> {
        let p = params.text_document_position;
        let Some(path) = path_of(&p.text_document.uri) else { return Ok(None) };
        let edit = self.with("rename", |e| e.rename(&path, p.position, &params.new_name)).await?;
        Ok(Some(edit.map_err(refused)?))
    }

    async fn document_symbol(&self, params: lsp::DocumentSymbolParams) -> Result<Option<lsp::DocumentSymbolResponse>> {
        let Some(path) = path_of(&params.text_document.uri) else { return Ok(None) };
        let symbols = self.with("documentSymbol", |e| e.document_symbols(&path)).await?;
        Ok(Some(lsp::DocumentSymbolResponse::Nested(symbols)))
    }

    async fn inlay_hint(&self, params: lsp::InlayHintParams) -> Result<Option<Vec<lsp::InlayHint>>> {
        let Some(path) = path_of(&params.text_document.uri) else { return Ok(None) };
        Ok(Some(self.with("inlayHint", |e| e.inlay_hints(&path, params.range)).await?))
    }

    async fn code_action(&self, params: lsp::CodeActionParams) -> Result<Option<lsp::CodeActionResponse>> {
        let Some(path) = path_of(&params.text_document.uri) else { return Ok(None) };
        let context = params.context.diagnostics;
        Ok(Some(self.with("codeAction", |e| e.code_actions(&path, params.range, &context)).await?))
    }

    async fn folding_range(&self, params: lsp::FoldingRangeParams) -> Result<Option<Vec<lsp::FoldingRange>>> {
        let Some(path) = path_of(&params.text_document.uri) else { return Ok(None) };
        Ok(Some(self.with("foldingRange", |e| e.folding_ranges(&path)).await?))
    }

    async fn semantic_tokens_full(
        &self,
        params: lsp::SemanticTokensParams,
    ) -> Result<Option<lsp::SemanticTokensResult>> {
        let Some(path) = path_of(&params.text_document.uri) else { return Ok(None) };
        let data = self.with("semanticTokens", |e| e.semantic_tokens(&path)).await?;
        Ok(Some(lsp::SemanticTokensResult::Tokens(lsp::SemanticTokens { result_id: None, data })))
    }

    async fn symbol(&self, params: lsp::WorkspaceSymbolParams) -> Result<Option<lsp::WorkspaceSymbolResponse>> {
        let symbols = self.with("workspaceSymbol", |e| e.workspace_symbols(&params.query)).await?;
        Ok(Some(lsp::WorkspaceSymbolResponse::Nested(symbols)))
    }

    async fn formatting(&self, params: lsp::DocumentFormattingParams) -> Result<Option<Vec<lsp::TextEdit>>> {
        let Some(path) = path_of(&params.text_document.uri) else { return Ok(None) };
        let edits = self.with("formatting", |e| e.formatting(&path)).await?;
        Ok(Some(edits.map_err(refused)?))
    }
}
