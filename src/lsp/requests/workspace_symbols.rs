//! `workspace/symbol`: every definition in the open documents and the
//! workspace's specs whose name contains the query (case-insensitive).

use lsp_types::{
    SymbolInformation, SymbolKind as Kind, WorkspaceSymbolParams, WorkspaceSymbolResponse,
};

use super::location;
use crate::lsp::index::{SymbolKind, file_index};
use crate::lsp::server::Outcome;
use crate::lsp::session::Snapshot;

/// Enough for any picker; a query of one letter in a huge workspace stays cheap.
const MAX_RESULTS: usize = 500;

pub fn handle(
    snapshot: &Snapshot,
    params: WorkspaceSymbolParams,
) -> Outcome<Option<WorkspaceSymbolResponse>> {
    let query = params.query.to_lowercase();
    let mut out = Vec::new();
    for file in snapshot.all_files() {
        for definition in &file_index(&snapshot.db, file).definitions {
            if !definition.key.to_lowercase().contains(&query) {
                continue;
            }
            let Some(location) = location(snapshot, file, definition.name_span) else {
                continue;
            };
            #[allow(deprecated)]
            out.push(SymbolInformation {
                name: definition.key.clone(),
                kind: kind(definition.kind),
                tags: None,
                deprecated: None,
                location,
                container_name: Some(definition.kind.as_str().to_owned()),
            });
            if out.len() >= MAX_RESULTS {
                return Ok(Some(WorkspaceSymbolResponse::Flat(out)));
            }
        }
    }
    Ok(Some(WorkspaceSymbolResponse::Flat(out)))
}

fn kind(kind: SymbolKind) -> Kind {
    match kind {
        SymbolKind::Spec => Kind::MODULE,
        SymbolKind::Template => Kind::CLASS,
        SymbolKind::Agent => Kind::OBJECT,
        SymbolKind::Task => Kind::FUNCTION,
        SymbolKind::Check => Kind::EVENT,
        SymbolKind::Criterion => Kind::BOOLEAN,
        SymbolKind::Contract => Kind::INTERFACE,
        SymbolKind::Metric => Kind::CONSTANT,
    }
}
