//! `textDocument/didSave`: a saved `charter.toml` re-checks everything;
//! a saved spec is re-checked (its text is already the buffer's).

use lsp_types::DidSaveTextDocumentParams;

use crate::lsp::server::Server;

pub fn handle(server: &mut Server, params: DidSaveTextDocumentParams) {
    let uri = params.text_document.uri;
    if uri.path().ends_with("/charter.toml") {
        super::did_change_watched_files::config_changed(server);
        return;
    }
    if let Some(text) = params.text {
        let version = server.session.document(&uri).map_or(0, |d| d.version);
        server.session.change(&uri, text, version);
    }
    super::publish_diagnostics(server, Some(&uri));
}
