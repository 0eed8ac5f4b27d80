//! O004 constraint-overload.

use super::LintContext;
use crate::diagnostics::Diagnostic;

pub use crate::diagnostics::rules::CONSTRAINT_OVERLOAD as RULE;

pub fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let limit = cx.config.constraint_overload_limit;
    let spec = cx.spec;
    for (i, task) in spec.tasks.iter().enumerate() {
        let parts = [
            (task.write.len(), "write"),
            (task.read.len(), "read"),
            (task.deny.len(), "deny"),
            (task.after.len(), "after"),
            (task.verify.len(), "verify"),
        ];
        let total: usize = parts.iter().map(|(n, _)| n).sum();
        if total <= limit {
            continue;
        }
        let breakdown: Vec<String> = parts
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!("{n} {what}"))
            .collect();
        let goal = match &task.goal {
            Some(goal) => format!("a goal of {} words", goal.value.split_whitespace().count()),
            None => "no goal".to_owned(),
        };
        out.push(
            Diagnostic::new(
                &RULE,
                task.loc.file,
                task.loc.span,
                format!(
                    "task `{}` carries {total} constraints ({}) for {goal}; the limit is {limit}",
                    spec.task_id(i),
                    breakdown.join(", ")
                ),
            )
            .with_primary_label("more rules than purpose")
            .with_help(
                "split the task, or move globs its sibling tasks share to the agent; \
                 raise `[limits] constraint-overload` in charter.toml if this is intended",
            ),
        );
    }
}
