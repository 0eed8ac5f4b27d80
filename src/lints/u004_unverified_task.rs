//! U004 unverified-task.
//!
//! One cause, one finding: a spec that declares no check at all is reported
//! once, not once per task; under `autonomy autonomous` U007 reports the
//! same tasks as errors, so this lint stays silent there.

use super::LintContext;
use crate::diagnostics::{Diagnostic, Label};
use crate::semantic::model::Autonomy;

pub use crate::diagnostics::rules::UNVERIFIED_TASK as RULE;

/// At most this many tasks are labelled on the spec-wide finding.
const MAX_LABELS: usize = 8;

pub fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let spec = cx.spec;
    if spec
        .autonomy
        .as_ref()
        .is_some_and(|a| a.value == Autonomy::Autonomous)
    {
        return;
    }
    if spec.checks.is_empty() && spec.tasks.len() > 1 {
        let mut d = Diagnostic::new(
            &RULE,
            spec.loc.file,
            spec.loc.span,
            format!(
                "spec `{}` declares no check, so none of its {} tasks is verified when it ends",
                spec.name,
                spec.tasks.len()
            ),
        )
        .with_primary_label("no `verify` block");
        for task in spec.tasks.iter().take(MAX_LABELS) {
            d = d.with_label(Label::new(task.loc.file, task.loc.span, "unverified"));
        }
        out.push(d.with_help(
            "add `verify { test NAME \"command\" }` to the spec; every task runs every check unless its own `verify` names some",
        ));
        return;
    }
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
                "declare a check in `verify` (`test NAME \"command\"`); the task runs every check unless its own `verify` names some",
            ),
        );
    }
}
