//! `textDocument/references`: every use of the name under the cursor, in
//! the open documents and the workspace's specs.

use lsp_types::{Location, ReferenceParams};

use super::{location, position};
use crate::db::SourceFile;
use crate::lsp::index::{Hit, Target, file_index, resolve};
use crate::lsp::server::Outcome;
use crate::lsp::session::Snapshot;
use crate::syntax::Span;

pub fn handle(snapshot: &Snapshot, params: ReferenceParams) -> Outcome<Option<Vec<Location>>> {
    let (file, offset) = position(snapshot, &params.text_document_position)?;
    let Some(target) = target_at(snapshot, file, offset) else {
        return Ok(None);
    };
    let mut spans = uses(snapshot, &target);
    if params.context.include_declaration {
        spans.insert(0, (target.file, target.definition.name_span));
    }
    Ok(Some(
        spans
            .into_iter()
            .filter_map(|(f, span)| location(snapshot, f, span))
            .collect(),
    ))
}

/// The definition the cursor is on or refers to.
pub fn target_at(snapshot: &Snapshot, file: SourceFile, offset: usize) -> Option<Target> {
    match file_index(&snapshot.db, file).at(offset)? {
        Hit::Reference(reference) => resolve(&snapshot.db, file, reference),
        Hit::Definition(definition) => Some(Target {
            file,
            definition: definition.clone(),
        }),
        Hit::Import(_) => None,
    }
}

/// Every reference resolving to `target`: the spans a rename replaces.
pub fn uses(snapshot: &Snapshot, target: &Target) -> Vec<(SourceFile, Span)> {
    let mut files = snapshot.all_files();
    if !files.contains(&target.file) {
        files.push(target.file);
    }
    let mut out = Vec::new();
    for file in files {
        for reference in &file_index(&snapshot.db, file).references {
            if reference.kind != target.definition.kind {
                continue;
            }
            let last = reference.key.rsplit('.').next().unwrap_or("");
            if last != target.definition.name {
                continue;
            }
            if resolve(&snapshot.db, file, reference).as_ref() == Some(target) {
                out.push((file, reference.name_span));
            }
        }
    }
    out
}
