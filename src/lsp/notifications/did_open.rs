//! `textDocument/didOpen`: the buffer becomes the file's input.

use lsp_types::DidOpenTextDocumentParams;

use crate::lsp::server::Server;

pub fn handle(server: &mut Server, params: DidOpenTextDocumentParams) {
    let document = params.text_document;
    let uri = document.uri.clone();
    server
        .session
        .open(document.uri, document.text, document.version);
    super::publish_diagnostics(server, Some(&uri));
}
