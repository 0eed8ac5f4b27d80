//! `textDocument/documentSymbol`: the outline: specs and templates, their
//! blocks, agents and tasks, checks, criteria, contracts, metrics.

use lsp_types::{DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, SymbolKind as Kind};

use super::document;
use crate::lsp::convert::LineMap;
use crate::lsp::server::Outcome;
use crate::lsp::session::Snapshot;
use crate::semantic::parse;
use crate::semantic::table::{self, Context};
use crate::syntax::{Statement, ValueKind};

pub fn handle(
    snapshot: &Snapshot,
    params: DocumentSymbolParams,
) -> Outcome<Option<DocumentSymbolResponse>> {
    let file = document(snapshot, &params.text_document.uri)?;
    let map = LineMap::new(snapshot.text(file));
    let tree = &parse(&snapshot.db, file).tree;
    let symbols = outline(&map, &tree.statements, Context::File);
    Ok(Some(DocumentSymbolResponse::Nested(symbols)))
}

fn outline(map: &LineMap<'_>, statements: &[Statement], context: Context) -> Vec<DocumentSymbol> {
    let mut out = Vec::new();
    for statement in statements {
        let Some(spec) = table::lookup(context, &statement.head.text) else {
            continue;
        };
        let name = statement
            .args
            .first()
            .and_then(|a| a.values.first())
            .and_then(|v| match &v.kind {
                ValueKind::Path(p)
                    if matches!(spec.args.first().map(|a| a.ty), Some(table::ArgType::Name)) =>
                {
                    Some((p.to_text(), v.span))
                }
                _ => None,
            });
        if name.is_none() && spec.block.is_none() {
            continue;
        }
        let kind = match (context, statement.head.text.as_str()) {
            (Context::File, "spec") => Kind::MODULE,
            (Context::File, "template") => Kind::CLASS,
            (_, "agent") => Kind::OBJECT,
            (_, "task") => Kind::FUNCTION,
            (_, "contract") => Kind::INTERFACE,
            (Context::Verify, _) => Kind::EVENT,
            (Context::Intent, "success") => Kind::BOOLEAN,
            (_, "metric") => Kind::CONSTANT,
            _ => Kind::NAMESPACE,
        };
        let children = match (&statement.block, spec.block) {
            (Some(block), Some(child)) => outline(map, &block.statements, child),
            _ => Vec::new(),
        };
        let (label, selection) = match &name {
            Some((name, span)) => (name.clone(), *span),
            None => (statement.head.text.to_string(), statement.head.span),
        };
        #[allow(deprecated)]
        out.push(DocumentSymbol {
            name: label,
            detail: Some(statement.head.text.to_string()),
            kind,
            tags: None,
            deprecated: None,
            range: map.range(statement.span),
            selection_range: map.range(selection),
            children: (!children.is_empty()).then_some(children),
        });
    }
    out
}
