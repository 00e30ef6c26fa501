//! `migc lsp`: the language server. A thin adapter: LSP types and position
//! conversion live here ([`convert`]); what the language means is answered by
//! `migc::ide` on the same `analyze()` that `migc check` runs ([`engine`]).

pub mod convert;
pub mod engine;
mod server;

pub use server::Backend;
use tower_lsp_server::{LspService, Server};

/// The service with its custom methods, for [`serve`] and for in-process tests.
pub fn service() -> (LspService<Backend>, tower_lsp_server::ClientSocket) {
    LspService::build(Backend::new).custom_method("migc/panic", Backend::test_panic).finish()
}

/// Serve LSP over any pair of streams, one message at a time.
pub async fn serve<I, O>(input: I, output: O)
where
    I: tokio::io::AsyncRead + Unpin,
    O: tokio::io::AsyncWrite,
{
    let (service, socket) = service();
    Server::new(input, output, socket).concurrency_level(1).serve(service).await;
}

/// Serve LSP on standard input and output until the client says `exit`.
pub fn run_stdio() -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread().build()?;
    runtime.block_on(serve(tokio::io::stdin(), tokio::io::stdout()));
    Ok(())
}
