//! `textDocument/foldingRange`: every block over several lines, and runs of
//! comment lines.

use lsp_types::{FoldingRange, FoldingRangeKind, FoldingRangeParams};

use super::document;
use crate::lsp::convert::LineMap;
use crate::lsp::server::Outcome;
use crate::lsp::session::Snapshot;
use crate::semantic::parse;
use crate::syntax::Statement;

pub fn handle(
    snapshot: &Snapshot,
    params: FoldingRangeParams,
) -> Outcome<Option<Vec<FoldingRange>>> {
    let file = document(snapshot, &params.text_document.uri)?;
    let map = LineMap::new(snapshot.text(file));
    let tree = &parse(&snapshot.db, file).tree;
    let mut out = Vec::new();
    blocks(&map, &tree.statements, &mut out);
    // Consecutive comment lines fold together.
    let mut run: Option<(usize, usize)> = None;
    let flush = |run: &mut Option<(usize, usize)>, out: &mut Vec<FoldingRange>| {
        if let Some((start, end)) = run.take()
            && end > start
        {
            out.push(range(start, end, Some(FoldingRangeKind::Comment)));
        }
    };
    for comment in &tree.comments {
        let (start, end) = (
            map.line_of(comment.span.start()),
            map.line_of(comment.span.end()),
        );
        run = match run {
            Some((s, e)) if start == e + 1 => Some((s, end)),
            _ => {
                flush(&mut run, &mut out);
                Some((start, end))
            }
        };
    }
    flush(&mut run, &mut out);
    Ok(Some(out))
}

fn blocks(map: &LineMap<'_>, statements: &[Statement], out: &mut Vec<FoldingRange>) {
    for statement in statements {
        if let Some(block) = &statement.block {
            let start = map.line_of(block.span.start());
            let end = map.line_of(block.span.end().saturating_sub(1));
            if end > start {
                out.push(range(start, end, Some(FoldingRangeKind::Region)));
            }
            blocks(map, &block.statements, out);
        }
    }
}

fn range(start: usize, end: usize, kind: Option<FoldingRangeKind>) -> FoldingRange {
    let line = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    FoldingRange {
        start_line: line(start),
        start_character: None,
        end_line: line(end),
        end_character: None,
        kind,
        collapsed_text: None,
    }
}
