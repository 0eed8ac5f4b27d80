//! U007 autonomy-without-checks.

use super::LintContext;
use crate::diagnostics::{Diagnostic, Label};
use crate::semantic::model::Autonomy;

pub use crate::diagnostics::rules::AUTONOMY_WITHOUT_CHECKS as RULE;

pub fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let spec = cx.spec;
    let Some(autonomy) = spec
        .autonomy
        .as_ref()
        .filter(|a| a.value == Autonomy::Autonomous)
    else {
        return;
    };
    for (i, task) in spec.tasks.iter().enumerate() {
        if !spec.task_checks(i).is_empty() {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE,
                task.loc.file,
                task.loc.span,
                format!("task `{}` runs no check, and no person reviews autonomous work", spec.task_id(i)),
            )
            .with_primary_label("nothing decides whether this task succeeded")
            .with_label(Label::new(autonomy.loc.file, autonomy.loc.span, "the checks are the only gate here"))
            .with_help("declare a check in `verify` that this task runs, or lower `autonomy` to `supervised`"),
        );
    }
}
