//! U005 unproven-criterion.

use super::LintContext;
use crate::diagnostics::{Diagnostic, Label};

crate::lint_rule!(
    "U005",
    "unproven-criterion",
    Warning,
    "a success criterion has no `by`, or its checks are never run by any task",
    r#"## What it does
Flags a `success` criterion that names no check after `by`, and each check after `by` that
no task runs (a task runs the checks it names with `verify`, or all of them when it names
none). A spec with no tasks yet is only checked for the missing `by`: nothing runs at all,
and the criteria are still what its tasks will be written against.

## Why it matters
A criterion without a check is a wish: whether it holds is decided by whoever reads the
result. A check no task runs is never executed by the runner, so the criterion looks proven
in the spec and is not proven in the work.

## Example
```charter
spec export {
    intent {
        outcome "Reports export to CSV"
        success columns "The CSV has the same columns as the report table"
        success escaped "Commas and quotes in values survive a round trip" by test.roundtrip
    }
    boundaries { write "src/export/**" }
    verify {
        test unit      "cargo test -p export"
        test roundtrip "cargo test -p export roundtrip"
    }
    agent dev {
        task csv { goal "Reports export to CSV with one row per report line"; verify test.unit }
    }
}
```

## Fixed example
```charter
spec export {
    intent {
        outcome "Reports export to CSV"
        success columns "The CSV has the same columns as the report table" by test.unit
        success escaped "Commas and quotes in values survive a round trip" by test.roundtrip
    }
    boundaries { write "src/export/**" }
    verify {
        test unit      "cargo test -p export"
        test roundtrip "cargo test -p export roundtrip"
    }
    agent dev {
        task csv {
            goal   "Reports export to CSV with one row per report line"
            verify test.unit, test.roundtrip
        }
    }
}
```
"#
);

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
                    &criterion.loc.path,
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
                    &by.loc.path,
                    by.loc.span,
                    format!(
                        "success criterion `{}` is proven by `{id}`, which no task runs",
                        criterion.name
                    ),
                )
                .with_primary_label("never run")
                .with_label(Label::new(&check.loc.path, check.loc.span, "declared here"))
                .with_help(format!(
                    "add `{id}` to the `verify` of the task that makes `{}` true",
                    criterion.name
                )),
            );
        }
    }
}
