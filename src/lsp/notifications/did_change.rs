//! `textDocument/didChange`: apply the edits, re-check, push diagnostics.

use lsp_types::{DidChangeTextDocumentParams, TextDocumentContentChangeEvent};

use crate::lsp::convert::LineMap;
use crate::lsp::server::Server;

pub fn handle(server: &mut Server, params: DidChangeTextDocumentParams) {
    let uri = params.text_document.uri;
    let current = server.session.text(&uri).unwrap_or_default();
    let text = apply(current, &params.content_changes);
    server
        .session
        .change(&uri, text, params.text_document.version);
    super::publish_diagnostics(server, Some(&uri));
}

/// Applies content changes in order: a change without a range replaces the
/// whole text; a range is in the text as the previous changes left it.
pub fn apply(mut text: String, changes: &[TextDocumentContentChangeEvent]) -> String {
    for change in changes {
        match change.range {
            None => text = change.text.clone(),
            Some(range) => {
                let span = LineMap::new(&text).span(range);
                text.replace_range(span.start()..span.end(), &change.text);
            }
        }
    }
    text
}
