//! What the typed model says about a name: a task's resolved write scope
//! and stage, an agent's role, a check's command. Read by hover and inlay
//! hints.

use crate::db::Db;
use crate::db::SourceFile;
use crate::semantic::model::{ScopeLevel, Spec};
use crate::semantic::schedule::Schedule;
use crate::syntax::{Span, Statement};

/// The typed spec called `name` in `file`, if it type-checked that far.
pub fn spec_named<'db>(db: &'db dyn Db, file: SourceFile, name: &str) -> Option<&'db Spec> {
    crate::semantic::analyse(db, file)
        .specs
        .iter()
        .find(|s| s.name == name)
}

/// Each task's 1-based stage: tasks of one stage may run at once.
pub fn stages(spec: &Spec) -> Vec<Option<usize>> {
    let mut out = vec![None; spec.tasks.len()];
    if let Ok(layers) = Schedule::of(spec).stages {
        for (stage, tasks) in layers.iter().enumerate() {
            for &task in tasks {
                if let Some(slot) = out.get_mut(task) {
                    *slot = Some(stage + 1);
                }
            }
        }
    }
    out
}

/// Markdown describing task `key` (`agent.task`) of `spec`.
pub fn describe_task(spec: &Spec, key: &str) -> Option<String> {
    let index = (0..spec.tasks.len()).find(|&i| spec.task_id(i) == key)?;
    let task = &spec.tasks[index];
    let mut out = format!("**task** `{key}`");
    if let Some(goal) = &task.goal {
        out.push_str(&format!("\n\n{}", goal.value));
    }
    let scope = &task.scope;
    let level = match scope.level {
        ScopeLevel::Task => "the task's own",
        ScopeLevel::Agent => "from its agent",
        ScopeLevel::Spec => "from the spec's boundaries",
        ScopeLevel::Repository => "none anywhere",
    };
    match &scope.allow {
        Some(globs) => {
            let list: Vec<String> = globs.iter().map(|g| format!("`{}`", g.pattern)).collect();
            out.push_str(&format!("\n\n**writes** ({level}): {}", list.join(", ")));
        }
        None => out.push_str("\n\n**writes**: the whole repository (no `write` anywhere)"),
    }
    if !scope.deny.is_empty() {
        let list: Vec<String> = scope
            .deny
            .iter()
            .map(|g| format!("`{}`", g.pattern))
            .collect();
        out.push_str(&format!("\n\n**except** {}", list.join(", ")));
    }
    let stages = stages(spec);
    match stages[index] {
        Some(stage) => {
            let beside: Vec<String> = (0..spec.tasks.len())
                .filter(|&j| j != index && stages[j] == Some(stage))
                .map(|j| format!("`{}`", spec.task_id(j)))
                .collect();
            out.push_str(&format!("\n\n**stage** {stage}"));
            if beside.is_empty() {
                out.push_str(", alone");
            } else {
                out.push_str(&format!(", beside {}", beside.join(", ")));
            }
        }
        None => out.push_str("\n\n**stage**: none (the tasks wait for each other in a cycle)"),
    }
    Some(out)
}

pub fn describe_agent(spec: &Spec, name: &str) -> Option<String> {
    let agent = spec.agents.iter().find(|a| a.name == name)?;
    let mut out = format!("**agent** `{name}`");
    if let Some(role) = &agent.role {
        out.push_str(&format!("\n\n{}", role.value));
    }
    if !agent.write.is_empty() {
        let list: Vec<String> = agent
            .write
            .iter()
            .map(|g| format!("`{}`", g.pattern))
            .collect();
        out.push_str(&format!("\n\n**writes** {}", list.join(", ")));
    }
    let tasks: Vec<String> = agent
        .tasks
        .iter()
        .map(|&t| format!("`{}`", spec.task_id(t)))
        .collect();
    if !tasks.is_empty() {
        out.push_str(&format!("\n\n**tasks** {}", tasks.join(", ")));
    }
    Some(out)
}

pub fn describe_check(spec: &Spec, key: &str) -> Option<String> {
    let check = spec.checks.iter().find(|c| c.id() == key)?;
    let mut out = format!(
        "**{}** `{}`\n\n```sh\n{}\n```",
        check.kind.as_str(),
        check.name,
        check.command
    );
    if let Some(timeout) = &check.timeout {
        out.push_str(&format!("\n\ntimeout {}", timeout.text));
    }
    Some(out)
}

/// The statement whose span is `span`, anywhere in `statements`.
pub fn statement_at(statements: &[Statement], span: Span) -> Option<&Statement> {
    for statement in statements {
        if statement.span == span {
            return Some(statement);
        }
        if statement.span.start() <= span.start() && span.end() <= statement.span.end() {
            return statement_at(statement.children(), span);
        }
    }
    None
}

/// The innermost statement with head `head` whose span contains `offset`
/// (model locations point at a name or at the statement; either works).
pub fn statement_around<'t>(
    statements: &'t [Statement],
    offset: usize,
    head: &str,
) -> Option<&'t Statement> {
    let outer = statements
        .iter()
        .find(|s| s.span.start() <= offset && offset < s.span.end())?;
    statement_around(outer.children(), offset, head).or((outer.head.text == head).then_some(outer))
}

/// The innermost statement with a block that contains `offset`, with its parents.
pub fn enclosing_blocks(statements: &[Statement], offset: usize) -> Vec<&Statement> {
    let mut out = Vec::new();
    let mut level = statements;
    loop {
        let found = level.iter().find(|s| {
            s.block
                .as_ref()
                .is_some_and(|b| b.span.start() < offset && offset < b.span.end())
        });
        match found {
            Some(statement) => {
                out.push(statement);
                level = statement.children();
            }
            None => return out,
        }
    }
}
