//! U005 unproven-criterion.

use super::LintContext;
use crate::diagnostics::{Diagnostic, Label};

pub use crate::diagnostics::rules::UNPROVEN_CRITERION as RULE;

pub fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let spec = cx.spec;
    let mut run = vec![false; spec.checks.len()];
    for task in 0..spec.tasks.len() {
        for check in spec.task_checks(task) {
            if let Some(flag) = run.get_mut(check) {
                *flag = true;
            }
        }
    }
    for criterion in &spec.intent.success {
        if criterion.proven_by.is_empty() {
            out.push(
                Diagnostic::new(
                    &RULE,
                    criterion.loc.file,
                    criterion.loc.span,
                    format!("success criterion `{}` is proven by no check", criterion.name),
                )
                .with_primary_label("no `by`")
                .with_help(format!(
                    "end the criterion with `by kind.NAME`, naming the check in `verify` that proves `{}`",
                    criterion.name
                )),
            );
            continue;
        }
        if spec.tasks.is_empty() {
            continue;
        }
        for by in &criterion.proven_by {
            if run.get(by.check).copied().unwrap_or(true) {
                continue;
            }
            let Some(check) = spec.checks.get(by.check) else {
                continue;
            };
            let id = check.id();
            out.push(
                Diagnostic::new(
                    &RULE,
                    by.loc.file,
                    by.loc.span,
                    format!(
                        "success criterion `{}` is proven by `{id}`, which no task runs",
                        criterion.name
                    ),
                )
                .with_primary_label("never run")
                .with_label(Label::new(check.loc.file, check.loc.span, "declared here"))
                .with_help(format!(
                    "add `{id}` to the `verify` of the task that makes `{}` true",
                    criterion.name
                )),
            );
        }
    }
}
