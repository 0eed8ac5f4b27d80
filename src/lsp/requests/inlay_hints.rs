//! `textDocument/inlayHint`: the stage of each task, after its name.

use lsp_types::{InlayHint, InlayHintKind, InlayHintLabel, InlayHintParams};

use super::document;
use crate::lsp::convert::LineMap;
use crate::lsp::index::{SymbolKind, file_index};
use crate::lsp::model;
use crate::lsp::server::Outcome;
use crate::lsp::session::Snapshot;

pub fn handle(snapshot: &Snapshot, params: InlayHintParams) -> Outcome<Option<Vec<InlayHint>>> {
    let file = document(snapshot, &params.text_document.uri)?;
    let db = &snapshot.db;
    let map = LineMap::new(snapshot.text(file));
    let index = file_index(db, file);
    let wanted = map.span(params.range);
    let mut out = Vec::new();
    for item in &index.items {
        let Some(spec) = model::spec_named(db, file, &item.name) else {
            continue;
        };
        let stages = model::stages(spec);
        for definition in index
            .definitions
            .iter()
            .filter(|d| d.item == item.index && d.kind == SymbolKind::Task)
            .filter(|d| wanted.start() <= d.name_span.end() && d.name_span.start() <= wanted.end())
        {
            let stage = (0..spec.tasks.len())
                .find(|&i| spec.task_id(i) == definition.key)
                .and_then(|i| stages[i]);
            let Some(stage) = stage else { continue };
            out.push(InlayHint {
                position: map.position(definition.name_span.end()),
                label: InlayHintLabel::String(format!("stage {stage}")),
                kind: Some(InlayHintKind::TYPE),
                text_edits: None,
                tooltip: None,
                padding_left: Some(true),
                padding_right: None,
                data: None,
            });
        }
    }
    Ok(Some(out))
}
