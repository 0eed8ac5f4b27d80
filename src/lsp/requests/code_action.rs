//! `textDocument/codeAction`: quick fixes for the diagnostics in range:
//! "waive CODE" (in the innermost block that takes a waiver, with a reason
//! placeholder U010 will point at until it is filled in) and, for a
//! concurrent write (C001), adding the missing `after` to the later task;
//! and every fix the diagnostic carries (see [`crate::fix`]).

use std::collections::HashMap;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Position, TextEdit,
    WorkspaceEdit,
};

use super::document;
use crate::check::check_file;
use crate::db::SourceFile;
use crate::diagnostics::Diagnostic;
use crate::lsp::convert::LineMap;
use crate::lsp::diagnostics::to_lsp;
use crate::lsp::index::{file_index, item_at};
use crate::lsp::model::{self, enclosing_blocks};
use crate::lsp::server::Outcome;
use crate::lsp::session::Snapshot;
use crate::semantic::parse;
use crate::semantic::schedule::Schedule;
use crate::semantic::table::{self, Context};
use crate::syntax::Statement;

pub fn handle(
    snapshot: &Snapshot,
    params: CodeActionParams,
) -> Outcome<Option<Vec<CodeActionOrCommand>>> {
    let uri = params.text_document.uri;
    let file = document(snapshot, &uri)?;
    let text = snapshot.text(file);
    let map = LineMap::new(text);
    let wanted = map.span(params.range);
    let mut actions = Vec::new();
    for d in check_file(&snapshot.db, file)
        .iter()
        .filter(|d| d.file == file.id(&snapshot.db))
        .filter(|d| d.span.start() <= wanted.end() && wanted.start() <= d.span.end())
    {
        let lsp_diagnostic = to_lsp(snapshot, &map, d);
        for fix in &d.fixes {
            if let Some(action) = fix_action(snapshot, fix, &lsp_diagnostic) {
                actions.push(action);
            }
        }
        let mut push = |title: String, edit: TextEdit| {
            let mut changes = HashMap::new();
            changes.insert(uri.clone(), vec![edit]);
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![lsp_diagnostic.clone()]),
                edit: Some(WorkspaceEdit {
                    changes: Some(changes),
                    ..Default::default()
                }),
                ..Default::default()
            }));
        };
        if d.rule.code == "C001"
            && let Some((title, edit)) = add_after(snapshot, file, &map, d)
        {
            push(title, edit);
        }
        if let Some(edit) = waive(snapshot, file, &map, d) {
            push(
                format!("Waive {} here (a reason is required)", d.rule.code),
                edit,
            );
        }
    }
    Ok(Some(actions))
}

/// A fix the diagnostic carries (the edits `charter check --fix` applies
/// when the fix is safe), as a quick fix; safe fixes are preferred.
fn fix_action(
    snapshot: &Snapshot,
    fix: &crate::diagnostics::fix::Fix,
    diagnostic: &lsp_types::Diagnostic,
) -> Option<CodeActionOrCommand> {
    let mut changes: HashMap<lsp_types::Url, Vec<TextEdit>> = HashMap::new();
    for edit in &fix.edits {
        let (uri, text) = snapshot.file_of(edit.file)?;
        let range = LineMap::new(&text).range(edit.span);
        changes
            .entry(uri)
            .or_default()
            .push(TextEdit::new(range, edit.replacement.clone()));
    }
    Some(CodeActionOrCommand::CodeAction(CodeAction {
        title: fix.title.clone(),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic.clone()]),
        is_preferred: Some(fix.safe),
        edit: Some(WorkspaceEdit {
            changes: Some(changes),
            ..Default::default()
        }),
        ..Default::default()
    }))
}

/// `waive CODE "<reason>"` as the first line of the innermost block around
/// the diagnostic that may hold a waiver. Syntax and meaning errors (S, E)
/// cannot be waived.
fn waive(
    snapshot: &Snapshot,
    file: SourceFile,
    map: &LineMap<'_>,
    d: &Diagnostic,
) -> Option<TextEdit> {
    if d.rule.code.starts_with('S') || d.rule.code.starts_with('E') {
        return None;
    }
    let tree = &parse(&snapshot.db, file).tree;
    let chain = enclosing_blocks(&tree.statements, d.span.start());
    let mut context = Context::File;
    let mut target: Option<&Statement> = None;
    for statement in chain {
        let Some(child) = table::lookup(context, &statement.head.text).and_then(|s| s.block) else {
            break;
        };
        if table::lookup(child, "waive").is_some() {
            target = Some(statement);
        }
        context = child;
    }
    let statement = target?;
    let line = format!("waive {} \"<reason>\"", d.rule.code);
    Some(insert_first_line(map, statement, &line))
}

/// `after EARLIER` in the later task of a C001 pair.
fn add_after(
    snapshot: &Snapshot,
    file: SourceFile,
    map: &LineMap<'_>,
    d: &Diagnostic,
) -> Option<(String, TextEdit)> {
    let db = &snapshot.db;
    let item = item_at(db, file, d.span.start())?;
    let name = &file_index(db, file).item(item)?.name;
    let spec = model::spec_named(db, file, name)?;
    let schedule = Schedule::of(spec);
    let (a, b) = crate::lints::conflicting_tasks(db, spec, &schedule)
        .into_iter()
        .find(|&(a, b)| {
            d.message
                .starts_with(&format!("`{}` and `{}`", spec.task_id(a), spec.task_id(b)))
        })?;
    let later = spec.tasks.get(b)?;
    if later.loc.file != file.id(db) {
        return None;
    }
    let tree = &parse(db, file).tree;
    let statement = model::statement_around(&tree.statements, later.loc.span.start(), "task")?;
    let earlier = spec.task_id(a);
    let edit = insert_first_line(map, statement, &format!("after {earlier}"));
    Some((
        format!("Add `after {earlier}` to `{}`", spec.task_id(b)),
        edit,
    ))
}

/// Inserts `line` as the first statement of `statement`'s block, indented
/// one level deeper than the statement.
fn insert_first_line(map: &LineMap<'_>, statement: &Statement, line: &str) -> TextEdit {
    let text = map.text();
    let head_line = map.line_of(statement.span.start());
    let line_start = map.line_start(head_line);
    let indent: String = text[line_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    match &statement.block {
        Some(block)
            if block.statements.is_empty()
                || map.line_of(block.span.start()) == map.line_of(block.span.end()) =>
        {
            // `{}` or a block on one line: put the new statement first, after `{`.
            let at = map.position(block.span.start() + 1);
            TextEdit::new(lsp_types::Range::new(at, at), format!(" {line};"))
        }
        Some(block) => {
            let next = map.line_of(block.span.start()) + 1;
            let at = Position::new(next as u32, 0);
            TextEdit::new(
                lsp_types::Range::new(at, at),
                format!("{indent}    {line}\n"),
            )
        }
        None => {
            let at = map.position(statement.span.end());
            TextEdit::new(lsp_types::Range::new(at, at), format!(" {{ {line} }}"))
        }
    }
}
