//! `textDocument/hover`: a statement's documentation from the statement
//! table, a diagnostic's page from the rule registry, what the model knows
//! about a task (resolved write scope, stage, the tasks beside it), an
//! agent or a check, a template's doc comment, a quantity normalised.

use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use super::position;
use crate::analysis::quantity::Quantity;
use crate::check::check_file;
use crate::db::SourceFile;
use crate::lsp::convert::LineMap;
use crate::lsp::index::{Hit, SymbolKind, WordRole, file_index, resolve};
use crate::lsp::model;
use crate::lsp::server::Outcome;
use crate::lsp::session::Snapshot;
use crate::semantic::parse;
use crate::semantic::table;
use crate::syntax::Span;
use crate::syntax::token::{Tok, lex};

pub fn handle(snapshot: &Snapshot, params: HoverParams) -> Outcome<Option<Hover>> {
    let (file, offset) = position(snapshot, &params.text_document_position_params)?;
    let mut sections: Vec<String> = Vec::new();
    let mut range: Option<Span> = None;

    if let Some((text, span)) = symbol(snapshot, file, offset) {
        sections.push(text);
        range = Some(span);
    } else if let Some((text, span)) = head(snapshot, file, offset) {
        sections.push(text);
        range = Some(span);
    } else if let Some((text, span)) = quantity(snapshot.text(file), offset) {
        sections.push(text);
        range = Some(span);
    }
    for d in check_file(&snapshot.db, file)
        .iter()
        .filter(|d| d.file == file.id(&snapshot.db))
        .filter(|d| d.span.start() <= offset && offset <= d.span.end())
    {
        sections.push(format!(
            "**{}** `{}`: {}\n\n{}",
            d.rule.code, d.rule.name, d.rule.summary, d.rule.doc
        ));
        range.get_or_insert(d.span);
    }
    if sections.is_empty() {
        return Ok(None);
    }
    let map = LineMap::new(snapshot.text(file));
    Ok(Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: sections.join("\n\n---\n\n"),
        }),
        range: range.map(|s| map.range(s)),
    }))
}

/// A name the index knows: described from the model of the spec it is in.
fn symbol(snapshot: &Snapshot, file: SourceFile, offset: usize) -> Option<(String, Span)> {
    let db = &snapshot.db;
    let index = file_index(db, file);
    let (kind, key, item, span) = match index.at(offset)? {
        Hit::Reference(r) => (r.kind, r.key.clone(), r.item, r.span),
        Hit::Definition(d) => (d.kind, d.key.clone(), d.item, d.name_span),
        Hit::Import(import) => {
            let imported = snapshot.import(file, &import.target)?;
            let text = format!(
                "imports `{}`",
                crate::semantic::modules::display_name(db, imported)
            );
            return Some((text, import.span));
        }
    };
    let spec = index
        .item(item)
        .and_then(|i| model::spec_named(db, file, &i.name));
    let from_model = spec.and_then(|spec| match kind {
        SymbolKind::Task => model::describe_task(spec, &key),
        SymbolKind::Agent => model::describe_agent(spec, &key),
        SymbolKind::Check => model::describe_check(spec, &key),
        _ => None,
    });
    if let Some(text) = from_model {
        return Some((text, span));
    }
    // Otherwise the definition's doc comment (templates, specs, …).
    let target = match index.at(offset)? {
        Hit::Reference(r) => resolve(db, file, r)?,
        Hit::Definition(d) => crate::lsp::index::Target {
            file,
            definition: d.clone(),
        },
        Hit::Import(_) => return None,
    };
    let tree = &parse(db, target.file).tree;
    let statement = model::statement_at(&tree.statements, target.definition.span)?;
    let mut text = format!("**{}** `{}`", kind.as_str(), target.definition.name);
    if let Some(doc) = &statement.doc {
        text.push_str(&format!("\n\n{doc}"));
    }
    Some((text, span))
}

/// A statement head: its line of documentation and its arguments.
fn head(snapshot: &Snapshot, file: SourceFile, offset: usize) -> Option<(String, Span)> {
    let index = file_index(&snapshot.db, file);
    let (span, _) = index
        .words
        .iter()
        .find(|(s, role)| *role == WordRole::Head && s.start() <= offset && offset <= s.end())?;
    let text = snapshot.text(file);
    let context = crate::lsp::context::at(text, span.start()).block?;
    let spec = table::lookup(context, span.text(text))?;
    Some((signature(spec), *span))
}

/// `head ARG… modifier ARG…` and the statement's documentation.
pub fn signature(spec: &table::StatementSpec) -> String {
    let mut line = spec.head.to_owned();
    for arg in spec.args {
        let described = arg.ty.describe();
        if arg.optional {
            line.push_str(&format!(" [{described}]"));
        } else {
            line.push_str(&format!(" <{described}>"));
        }
    }
    for modifier in spec.modifiers {
        line.push_str(&format!(" [{} …]", modifier.word));
    }
    if spec.block.is_some() {
        line.push_str(" { … }");
    }
    format!("`{line}`\n\n{}", spec.doc)
}

/// A number with a unit, in its dimension's canonical unit.
fn quantity(text: &str, offset: usize) -> Option<(String, Span)> {
    let (_, span) = lex(text)
        .into_iter()
        .find(|(tok, s)| *tok == Tok::Number && s.start() <= offset && offset <= s.end())?;
    let written = span.text(text);
    let quantity = Quantity::parse(written).ok()?;
    let unit = Quantity::canonical_unit(quantity.dimension);
    let canonical = quantity.canonical();
    let shown = if unit.is_empty() {
        format!("{canonical}")
    } else {
        format!("{canonical} {unit}")
    };
    Some((
        format!("`{written}` = {shown} ({})", quantity.dimension),
        span,
    ))
}
