//! `textDocument/definition`: where an agent, task, check, criterion,
//! contract or template is defined, or the file an import names
//! (`std::` modules open read-only).

use lsp_types::{GotoDefinitionParams, GotoDefinitionResponse, Location, Position, Range};

use super::{location, position};
use crate::lsp::index::{Hit, file_index, resolve};
use crate::lsp::server::Outcome;
use crate::lsp::session::Snapshot;

pub fn handle(
    snapshot: &Snapshot,
    params: GotoDefinitionParams,
) -> Outcome<Option<GotoDefinitionResponse>> {
    let (file, offset) = position(snapshot, &params.text_document_position_params)?;
    let index = file_index(&snapshot.db, file);
    let found = match index.at(offset) {
        Some(Hit::Reference(reference)) => resolve(&snapshot.db, file, reference)
            .and_then(|t| location(snapshot, t.file, t.definition.name_span)),
        Some(Hit::Definition(definition)) => location(snapshot, file, definition.name_span),
        Some(Hit::Import(import)) => snapshot
            .import(file, &import.target)
            .and_then(|f| snapshot.uri_of(f))
            .map(|uri| Location::new(uri, Range::new(Position::new(0, 0), Position::new(0, 0)))),
        None => None,
    };
    Ok(found.map(GotoDefinitionResponse::Scalar))
}
