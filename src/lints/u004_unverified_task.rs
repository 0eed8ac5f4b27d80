//! U004 unverified-task.

use super::LintContext;
use crate::diagnostics::Diagnostic;

pub use crate::diagnostics::rules::UNVERIFIED_TASK as RULE;

pub fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let spec = cx.spec;
    for (i, task) in spec.tasks.iter().enumerate() {
        if !spec.task_checks(i).is_empty() {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE,
                task.loc.file,
                task.loc.span,
                format!("task `{}` runs no check when it ends", spec.task_id(i)),
            )
            .with_primary_label("nothing decides whether this task succeeded")
            .with_help(
                "declare a check in `verify` (`test NAME \"command\"`); the task runs every check unless it names some with `verify kind.NAME`",
            ),
        );
    }
}
