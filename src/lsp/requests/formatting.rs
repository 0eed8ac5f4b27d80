//! `textDocument/formatting`: the whole document, exactly as `charter fmt`
//! writes it. A document with syntax errors is left alone.

use lsp_types::{DocumentFormattingParams, Position, Range, TextEdit};

use super::document;
use crate::lsp::convert::LineMap;
use crate::lsp::server::Outcome;
use crate::lsp::session::Snapshot;

pub fn handle(
    snapshot: &Snapshot,
    params: DocumentFormattingParams,
) -> Outcome<Option<Vec<TextEdit>>> {
    let file = document(snapshot, &params.text_document.uri)?;
    let text = snapshot.text(file);
    let Ok(formatted) = crate::fmt::format_file(file.id(&snapshot.db), text) else {
        return Ok(None);
    };
    if formatted == text {
        return Ok(Some(Vec::new()));
    }
    let map = LineMap::new(text);
    let end = map.position(text.len());
    Ok(Some(vec![TextEdit::new(
        Range::new(Position::new(0, 0), end),
        formatted,
    )]))
}
