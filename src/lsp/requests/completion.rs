//! `textDocument/completion`: at the start of a statement, the heads legal
//! in this block (from the statement table); after a head, its modifier
//! words and the values its arguments take: references in scope (checks,
//! tasks, agents), templates, `std::` modules, enum words, metrics, rule
//! codes, dimensions, and units after a number.

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, Documentation,
    MarkupContent, MarkupKind,
};

use super::position;
use crate::analysis::quantity::{self, Dimension};
use crate::db::SourceFile;
use crate::lsp::context::{self, CursorContext};
use crate::lsp::index::{SymbolKind, file_index, visible_definitions};
use crate::lsp::server::Outcome;
use crate::lsp::session::Snapshot;
use crate::semantic::table::{self, ArgType};

pub fn handle(
    snapshot: &Snapshot,
    params: CompletionParams,
) -> Outcome<Option<CompletionResponse>> {
    let (file, offset) = position(snapshot, &params.text_document_position)?;
    let cx = context::at(snapshot.text(file), offset);
    let mut items = Vec::new();
    if cx.after_module_separator {
        for (name, _) in crate::db::stdlib::MODULES {
            items.push(item(
                name,
                CompletionItemKind::MODULE,
                Some("standard template"),
            ));
        }
        return Ok(Some(CompletionResponse::Array(items)));
    }
    match (cx.head.as_deref(), cx.block) {
        (None, Some(block)) => {
            for spec in table::all().filter(|s| s.context == block) {
                let mut completion = item(spec.head, CompletionItemKind::KEYWORD, Some(spec.doc));
                completion.documentation = Some(Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: super::hover::signature(spec),
                }));
                items.push(completion);
            }
        }
        (Some(_), _) => arguments(snapshot, file, offset, &cx, &mut items),
        (None, None) => {}
    }
    Ok(Some(CompletionResponse::Array(items)))
}

fn item(label: &str, kind: CompletionItemKind, detail: Option<&str>) -> CompletionItem {
    CompletionItem {
        label: label.to_owned(),
        kind: Some(kind),
        detail: detail.map(str::to_owned),
        ..Default::default()
    }
}

/// What may follow the head of the statement being written.
fn arguments(
    snapshot: &Snapshot,
    file: SourceFile,
    offset: usize,
    cx: &CursorContext,
    items: &mut Vec<CompletionItem>,
) {
    let Some(spec) = cx.statement() else {
        return;
    };
    let modifier = cx
        .words
        .iter()
        .rev()
        .find_map(|w| spec.modifiers.iter().find(|m| m.word == w));
    let types: Vec<ArgType> = match modifier {
        Some(m) => m.args.iter().map(|a| a.ty).collect(),
        None => spec.args.iter().map(|a| a.ty).collect(),
    };
    if cx.after_dot.is_none() {
        for m in spec.modifiers {
            if !cx.words.iter().any(|w| w == m.word) {
                items.push(item(m.word, CompletionItemKind::KEYWORD, Some("modifier")));
            }
        }
    }
    for ty in types {
        values(snapshot, file, offset, cx, ty, items);
    }
}

fn values(
    snapshot: &Snapshot,
    file: SourceFile,
    offset: usize,
    cx: &CursorContext,
    ty: ArgType,
    items: &mut Vec<CompletionItem>,
) {
    let db = &snapshot.db;
    let names = |kind: SymbolKind| -> Vec<String> {
        let index = file_index(db, file);
        let item = index
            .items
            .iter()
            .rev()
            .find(|i| {
                crate::semantic::parse(db, file)
                    .tree
                    .statements
                    .get(i.index)
                    .is_some_and(|s| s.span.start() <= offset)
            })
            .map(|i| i.index);
        let Some(item) = item else { return Vec::new() };
        let mut keys: Vec<String> = visible_definitions(db, file, item)
            .into_iter()
            .filter(|d| d.kind == kind)
            .map(|d| d.key)
            .collect();
        keys.dedup();
        keys
    };
    // After `x.`, the client replaces only what follows the dot.
    let dotted = |keys: Vec<String>, kind: CompletionItemKind, items: &mut Vec<CompletionItem>| {
        for key in keys {
            match (&cx.after_dot, key.split_once('.')) {
                (Some(before), Some((first, rest))) if first == before => {
                    items.push(item(rest, kind, Some(&key)));
                }
                (Some(_), _) => {}
                (None, _) => items.push(item(&key, kind, None)),
            }
        }
    };
    match ty {
        ArgType::CheckRef => dotted(names(SymbolKind::Check), CompletionItemKind::EVENT, items),
        ArgType::TaskRef => dotted(names(SymbolKind::Task), CompletionItemKind::FUNCTION, items),
        ArgType::AgentRef => {
            for name in names(SymbolKind::Agent) {
                items.push(item(&name, CompletionItemKind::CLASS, Some("agent")));
            }
        }
        ArgType::TemplateRef => {
            for name in templates(snapshot, file) {
                items.push(item(&name, CompletionItemKind::CLASS, Some("template")));
            }
        }
        ArgType::Module => {
            for (name, _) in crate::db::stdlib::MODULES {
                items.push(item(
                    &format!("std::{name}"),
                    CompletionItemKind::MODULE,
                    None,
                ));
            }
        }
        ArgType::Enum(words) => {
            for word in words {
                items.push(item(word, CompletionItemKind::ENUM_MEMBER, None));
            }
        }
        ArgType::Keyword(word) => items.push(item(word, CompletionItemKind::KEYWORD, None)),
        ArgType::Metric => {
            let mut metrics: Vec<String> = table::BUILTIN_METRICS
                .iter()
                .map(|(name, _)| (*name).to_owned())
                .collect();
            metrics.extend(names(SymbolKind::Metric));
            dotted(metrics, CompletionItemKind::PROPERTY, items);
        }
        ArgType::Code => {
            for rule in crate::diagnostics::rules::all() {
                items.push(item(
                    rule.code,
                    CompletionItemKind::CONSTANT,
                    Some(rule.name),
                ));
            }
        }
        ArgType::Dimension => {
            for d in [
                Dimension::Duration,
                Dimension::Size,
                Dimension::Percent,
                Dimension::Count,
            ] {
                items.push(item(d.as_str(), CompletionItemKind::ENUM_MEMBER, None));
            }
        }
        ArgType::Quantity(dimension) => units(cx, Some(dimension), items),
        ArgType::AnyQuantity => units(cx, None, items),
        _ => {}
    }
}

/// `120` → `120ms`, `120s`, …: the units of the expected dimension.
fn units(cx: &CursorContext, dimension: Option<Dimension>, items: &mut Vec<CompletionItem>) {
    let digits: String = cx
        .prefix
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    if digits.is_empty() {
        return;
    }
    for (unit, d) in quantity::units() {
        if unit.is_empty() || dimension.is_some_and(|want| want != d) {
            continue;
        }
        items.push(item(
            &format!("{digits}{unit}"),
            CompletionItemKind::UNIT,
            Some(d.as_str()),
        ));
    }
}

/// Template names usable in `extends` from `file`.
fn templates(snapshot: &Snapshot, file: SourceFile) -> Vec<String> {
    let db = &snapshot.db;
    let index = file_index(db, file);
    let mut out: Vec<String> = index
        .definitions
        .iter()
        .filter(|d| d.kind == SymbolKind::Template)
        .map(|d| d.name.clone())
        .collect();
    for import in &index.imports {
        let Some(imported) = snapshot.import(file, &import.target) else {
            continue;
        };
        for d in file_index(db, imported)
            .definitions
            .iter()
            .filter(|d| d.kind == SymbolKind::Template)
        {
            out.push(match &import.alias {
                Some(alias) => format!("{alias}.{}", d.name),
                None => d.name.clone(),
            });
        }
    }
    out
}
