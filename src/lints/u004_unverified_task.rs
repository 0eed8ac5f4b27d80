//! U004 unverified-task.

use super::LintContext;
use crate::diagnostics::Diagnostic;

crate::lint_rule!(
    "U004",
    "unverified-task",
    Warning,
    "a task ends with no check at all",
    r#"## What it does
Flags each task that runs no check when it ends: it names none with `verify`, and the spec
has no `verify` block whose checks it would get by default.

## Why it matters
A task's checks are how the runner decides that the agent's work is done and correct.
Without one, the task "succeeds" whenever the agent stops, and every later task builds on
work nobody tested.

## Example
```charter
spec docs {
    intent {
        outcome "Every public function of the SDK has a doc comment"
    }
    boundaries { write "sdk/**" }
    agent writer {
        task document { goal "Each public function in sdk/ has a doc comment with an example" }
    }
}
```

## Fixed example
```charter
spec docs {
    intent {
        outcome "Every public function of the SDK has a doc comment"
        success documented "Clippy's missing_docs lint passes on the SDK" by check.missing_docs
    }
    boundaries { write "sdk/**" }
    verify { check missing_docs "cargo clippy -p sdk -- -D missing_docs" }
    agent writer {
        task document {
            goal   "Each public function in sdk/ has a doc comment with an example"
            verify check.missing_docs
        }
    }
}
```
"#
);

pub fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let spec = cx.spec;
    for (i, task) in spec.tasks.iter().enumerate() {
        if !spec.task_checks(i).is_empty() {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE,
                &task.loc.path,
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
