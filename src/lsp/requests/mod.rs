//! Requests, one module each. Each handler is a plain function from a
//! [`Snapshot`] and the request's parameters to its result, run on a
//! worker thread by [`Server::spawn`].

pub mod code_action;
pub mod completion;
pub mod definition;
pub mod document_symbols;
pub mod folding_range;
pub mod formatting;
pub mod hover;
pub mod inlay_hints;
pub mod references;
pub mod rename;
pub mod semantic_tokens;
pub mod workspace_symbols;

use lsp_server::{ErrorCode, Request};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, FoldingRangeRequest, Formatting,
    GotoDefinition, HoverRequest, InlayHintRequest, PrepareRenameRequest, References, Rename,
    Request as _, SemanticTokensFullRequest, WorkspaceSymbolRequest,
};
use lsp_types::{TextDocumentPositionParams, Url};

use super::convert::LineMap;
use super::server::{Outcome, RequestError, Server};
use super::session::Snapshot;
use crate::db::SourceFile;

pub fn dispatch(server: &mut Server, request: Request) {
    match request.method.as_str() {
        HoverRequest::METHOD => server.spawn::<HoverRequest>(request, hover::handle),
        GotoDefinition::METHOD => server.spawn::<GotoDefinition>(request, definition::handle),
        References::METHOD => server.spawn::<References>(request, references::handle),
        PrepareRenameRequest::METHOD => {
            server.spawn::<PrepareRenameRequest>(request, rename::prepare)
        }
        Rename::METHOD => server.spawn::<Rename>(request, rename::handle),
        DocumentSymbolRequest::METHOD => {
            server.spawn::<DocumentSymbolRequest>(request, document_symbols::handle)
        }
        WorkspaceSymbolRequest::METHOD => {
            server.spawn::<WorkspaceSymbolRequest>(request, workspace_symbols::handle)
        }
        Completion::METHOD => server.spawn::<Completion>(request, completion::handle),
        Formatting::METHOD => server.spawn::<Formatting>(request, formatting::handle),
        CodeActionRequest::METHOD => {
            server.spawn::<CodeActionRequest>(request, code_action::handle)
        }
        SemanticTokensFullRequest::METHOD => {
            server.spawn::<SemanticTokensFullRequest>(request, semantic_tokens::handle)
        }
        InlayHintRequest::METHOD => server.spawn::<InlayHintRequest>(request, inlay_hints::handle),
        FoldingRangeRequest::METHOD => {
            server.spawn::<FoldingRangeRequest>(request, folding_range::handle)
        }
        _ => server.reply_error(
            request.id,
            ErrorCode::MethodNotFound as i32,
            format!("charter lsp does not handle `{}`", request.method),
        ),
    }
}

/// The open document a request is about.
pub fn document(snapshot: &Snapshot, uri: &Url) -> Outcome<SourceFile> {
    snapshot
        .document(uri)
        .map(|d| d.file)
        .ok_or_else(|| RequestError::invalid(format!("`{uri}` is not open")))
}

/// The document and byte offset of a position.
pub fn position(
    snapshot: &Snapshot,
    params: &TextDocumentPositionParams,
) -> Outcome<(SourceFile, usize)> {
    let file = document(snapshot, &params.text_document.uri)?;
    let offset = LineMap::new(snapshot.text(file)).offset(params.position);
    Ok((file, offset))
}

/// An LSP location for a span of a file.
pub fn location(
    snapshot: &Snapshot,
    file: SourceFile,
    span: crate::syntax::Span,
) -> Option<lsp_types::Location> {
    let uri = snapshot.uri_of(file)?;
    let range = LineMap::new(snapshot.text(file)).range(span);
    Some(lsp_types::Location::new(uri, range))
}
