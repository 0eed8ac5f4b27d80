//! U007 autonomy-without-checks.

use super::LintContext;
use crate::diagnostics::{Diagnostic, Label};
use crate::semantic::model::Autonomy;

crate::lint_rule!(
    "U007",
    "autonomy-without-checks",
    Error,
    "`autonomous` with a task that has no check",
    r#"## What it does
Flags each task that runs no check in a spec whose `autonomy` is `autonomous`.

## Why it matters
Under `autonomous` no person reviews the work: the checks are the only thing that decides
whether a task succeeded. A task with none is accepted unseen, so this is an error, not a
warning. Either give the task a check or lower `autonomy` to `supervised` or `paired`.

## Example
```charter
spec changelog {
    autonomy autonomous
    intent {
        outcome "CHANGELOG.md has an entry for every merged pull request"
    }
    boundaries { write "CHANGELOG.md" }
    agent writer {
        task entries { goal "CHANGELOG.md has one entry per merged pull request since the last tag" }
    }
    governance {
        audit    "audit/changelog.jsonl"
        rollback "git revert --no-edit {commit}"
        trace    required
    }
}
```

## Fixed example
```charter
spec changelog {
    autonomy autonomous
    intent {
        outcome "CHANGELOG.md has an entry for every merged pull request"
        success complete "Every merged pull request since the last tag has an entry" by check.entries
    }
    boundaries { write "CHANGELOG.md" }
    verify { check entries "scripts/changelog-covers-prs" }
    agent writer {
        task entries { goal "CHANGELOG.md has one entry per merged pull request since the last tag" }
    }
    governance {
        audit    "audit/changelog.jsonl"
        rollback "git revert --no-edit {commit}"
        trace    required
    }
}
```
"#
);

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
                &task.loc.path,
                task.loc.span,
                format!("task `{}` runs no check, and no person reviews autonomous work", spec.task_id(i)),
            )
            .with_primary_label("nothing decides whether this task succeeded")
            .with_label(Label::new(&autonomy.loc.path, autonomy.loc.span, "the checks are the only gate here"))
            .with_help("declare a check in `verify` that this task runs, or lower `autonomy` to `supervised`"),
        );
    }
}
