//! `textDocument/didClose`: the disk's text is the file's input again, and
//! the document's diagnostics are cleared.

use lsp_types::notification::PublishDiagnostics;
use lsp_types::{DidCloseTextDocumentParams, PublishDiagnosticsParams};

use crate::lsp::server::Server;

pub fn handle(server: &mut Server, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    server.session.close(&uri);
    server.published.remove(&uri);
    server.notify::<PublishDiagnostics>(PublishDiagnosticsParams {
        uri,
        diagnostics: Vec::new(),
        version: None,
    });
    super::publish_diagnostics(server, None);
}
