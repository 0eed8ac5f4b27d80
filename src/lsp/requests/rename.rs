//! `textDocument/rename` and `prepareRename`: a definition and every
//! reference to it. Refuses a name that is not an identifier, one that
//! another definition of the same kind already has in scope, and anything
//! defined in the bundled standard library.

use std::collections::HashMap;

use lsp_types::{
    PrepareRenameResponse, RenameParams, TextDocumentPositionParams, TextEdit, WorkspaceEdit,
};

use super::position;
use super::references::{target_at, uses};
use crate::lsp::convert::LineMap;
use crate::lsp::index::{SymbolKind, is_identifier, lookup_in_chain};
use crate::lsp::server::{Outcome, RequestError};
use crate::lsp::session::Snapshot;

pub fn prepare(
    snapshot: &Snapshot,
    params: TextDocumentPositionParams,
) -> Outcome<Option<PrepareRenameResponse>> {
    let (file, offset) = position(snapshot, &params)?;
    let Some(target) = target_at(snapshot, file, offset) else {
        return Ok(None);
    };
    if !snapshot.is_editable(target.file) {
        return Err(RequestError::refused(
            "this is defined in the standard library, which cannot be renamed",
        ));
    }
    // The range is the name under the cursor, in this document.
    let index = crate::lsp::index::file_index(&snapshot.db, file);
    let span = match index.at(offset) {
        Some(crate::lsp::index::Hit::Reference(r)) => r.name_span,
        Some(crate::lsp::index::Hit::Definition(d)) => d.name_span,
        _ => return Ok(None),
    };
    let map = LineMap::new(snapshot.text(file));
    Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
        range: map.range(span),
        placeholder: target.definition.name,
    }))
}

pub fn handle(snapshot: &Snapshot, params: RenameParams) -> Outcome<Option<WorkspaceEdit>> {
    let (file, offset) = position(snapshot, &params.text_document_position)?;
    let new_name = params.new_name.trim();
    if !is_identifier(new_name) {
        return Err(RequestError::refused(format!(
            "`{new_name}` is not a name: use letters, digits and `_`, not starting with a digit, and not a modifier word"
        )));
    }
    let Some(target) = target_at(snapshot, file, offset) else {
        return Err(RequestError::refused("there is no name to rename here"));
    };
    if !snapshot.is_editable(target.file) {
        return Err(RequestError::refused(
            "this is defined in the standard library, which cannot be renamed",
        ));
    }
    let definition = &target.definition;
    if definition.name == new_name {
        return Ok(None);
    }
    let new_key = match definition.key.rsplit_once('.') {
        Some((prefix, _)) => format!("{prefix}.{new_name}"),
        None => new_name.to_owned(),
    };
    let scope_item = match definition.kind {
        SymbolKind::Spec | SymbolKind::Template => None,
        _ => Some(definition.item),
    };
    let collides = match scope_item {
        Some(item) => {
            lookup_in_chain(&snapshot.db, target.file, item, definition.kind, &new_key).is_some()
        }
        None => crate::lsp::index::file_index(&snapshot.db, target.file)
            .definitions
            .iter()
            .any(|d| d.kind == definition.kind && d.key == new_key),
    };
    if collides {
        return Err(RequestError::refused(format!(
            "a {} named `{new_name}` already exists here",
            definition.kind.as_str()
        )));
    }
    let mut spans = uses(snapshot, &target);
    spans.push((target.file, definition.name_span));
    let mut changes: HashMap<lsp_types::Url, Vec<TextEdit>> = HashMap::new();
    for (f, span) in spans {
        if !snapshot.is_editable(f) {
            continue;
        }
        let Some(uri) = snapshot.uri_of(f) else {
            continue;
        };
        let range = LineMap::new(snapshot.text(f)).range(span);
        let edits = changes.entry(uri).or_default();
        let edit = TextEdit::new(range, new_name.to_owned());
        if !edits.contains(&edit) {
            edits.push(edit);
        }
    }
    Ok(Some(WorkspaceEdit {
        changes: Some(changes),
        ..Default::default()
    }))
}
