//! `charter guard --plan FILE --task ID [--base REV | --staged | -]`: checks
//! a change against a task's write scope (D003).

use charter::workspace::stdio::errln;
use std::io::Read;
use std::path::PathBuf;

use clap::Args;
use serde_json::Value;

use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, output};
use charter::diagnostics::render::Sources;
use charter::guard::{ChangeSource, WriteScope, list_changes, violations};
use charter::text::FileId;

#[derive(Args, Debug)]
#[command(group = clap::ArgGroup::new("change").required(true).args(["base", "staged", "stdin"]))]
pub struct GuardArgs {
    /// The compiled plan (`charter build SPEC -o FILE`).
    #[arg(long, value_name = "FILE", env = "CHARTER_PLAN")]
    plan: PathBuf,
    /// The task whose scope the change must stay in (`agent.task`, as in the plan's `tasks[].id`).
    #[arg(long, value_name = "ID", env = "CHARTER_TASK")]
    task: String,
    /// Everything changed since REV on this branch (from its merge base with HEAD):
    /// committed, staged, unstaged and untracked files.
    #[arg(long, value_name = "REV")]
    base: Option<String>,
    /// The index: what the next commit holds (for pre-commit).
    #[arg(long)]
    staged: bool,
    /// `-`: read the changed paths from stdin, NUL- or newline-separated.
    #[arg(value_name = "-", value_parser = clap::builder::PossibleValuesParser::new(["-"]))]
    stdin: Option<String>,
    #[command(flatten)]
    report: output::ReportArgs,
}

/// What the guard needs of a plan's task.
struct PlanTask {
    id: String,
    allow: Vec<String>,
    deny: Vec<String>,
    /// `path:line:column` of the task in its spec.
    at: Option<String>,
}

pub fn run(args: GuardArgs) -> u8 {
    let task = match read_task(&args.plan, &args.task) {
        Ok(task) => task,
        Err(message) => {
            errln!("error: {message}");
            return EXIT_USAGE;
        }
    };
    let scope = match WriteScope::new(&task.allow, &task.deny) {
        Ok(scope) => scope,
        Err(error) => {
            errln!(
                "error: task `{}` in `{}` has a malformed glob: {error}",
                task.id,
                args.plan.display()
            );
            return EXIT_USAGE;
        }
    };
    let source = if let Some(rev) = &args.base {
        ChangeSource::Base(rev.clone())
    } else if args.staged {
        ChangeSource::Staged
    } else {
        let mut bytes = Vec::new();
        if let Err(error) = std::io::stdin().read_to_end(&mut bytes) {
            errln!("error: cannot read the changed paths from stdin: {error}");
            return EXIT_USAGE;
        }
        ChangeSource::List(bytes)
    };
    let changes = match list_changes(std::path::Path::new("."), &source) {
        Ok(changes) => changes,
        Err(error) => {
            errln!("error: {error}");
            return EXIT_USAGE;
        }
    };
    let found = violations(&scope, &changes);
    // Each changed path is a file of its own for the renderers: named as
    // git names it, with no text (the finding points at its first line).
    let mut sources = Sources::new();
    let mut diagnostics: Vec<_> = found
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let file = FileId::new(i as u32);
            let name = v.change.path.to_string();
            sources.insert(file, name.clone(), "");
            sources.set_uri(file, charter::diagnostics::render::uri(&name));
            charter::guard::finding::diagnostic(file, v, &task.id, task.at.as_deref())
        })
        .collect();
    charter::diagnostics::normalise(&mut diagnostics);
    args.report.emit_with(&sources, &diagnostics, false);
    if args.report.summary() {
        let noun = if changes.len() == 1 { "path" } else { "paths" };
        if diagnostics.is_empty() {
            errln!(
                "guard: {} changed {noun}, all inside the write scope of task `{}`",
                changes.len(),
                task.id
            );
        } else {
            errln!(
                "guard: {} of {} changed {noun} outside the write scope of task `{}`",
                diagnostics.len(),
                changes.len(),
                task.id
            );
        }
    }
    if args.report.failing(&diagnostics) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// Reads the task from the plan. Only the keys the guard needs are read, so
/// a plan with added fields (a newer v1) is accepted.
fn read_task(plan: &std::path::Path, id: &str) -> Result<PlanTask, String> {
    let text = std::fs::read_to_string(plan)
        .map_err(|e| format!("cannot read the plan `{}`: {e}", plan.display()))?;
    let json: Value = serde_json::from_str(&text)
        .map_err(|e| format!("`{}` is not a JSON plan: {e}", plan.display()))?;
    let tasks = json
        .get("tasks")
        .and_then(Value::as_array)
        .ok_or_else(|| format!("`{}` has no `tasks` list", plan.display()))?;
    let Some(task) = tasks
        .iter()
        .find(|t| t.get("id").and_then(Value::as_str) == Some(id))
    else {
        let known: Vec<&str> = tasks
            .iter()
            .filter_map(|t| t.get("id").and_then(Value::as_str))
            .collect();
        return Err(format!(
            "the plan `{}` has no task `{id}`; its tasks are: {}",
            plan.display(),
            if known.is_empty() {
                "(none)".to_owned()
            } else {
                known.join(", ")
            }
        ));
    };
    let globs = |key: &str| -> Result<Vec<String>, String> {
        task.get("write")
            .and_then(|w| w.get(key))
            .and_then(Value::as_array)
            .ok_or_else(|| format!("task `{id}` has no `write.{key}` list"))?
            .iter()
            .map(|g| {
                g.as_str().map(str::to_owned).ok_or_else(|| {
                    format!("task `{id}` has a `write.{key}` entry that is not a string")
                })
            })
            .collect()
    };
    let at = task.get("source").and_then(|s| {
        Some(format!(
            "{}:{}:{}",
            s.get("path")?.as_str()?,
            s.get("line")?.as_u64()?,
            s.get("column")?.as_u64()?
        ))
    });
    Ok(PlanTask {
        id: id.to_owned(),
        allow: globs("allow")?,
        deny: globs("deny")?,
        at,
    })
}
