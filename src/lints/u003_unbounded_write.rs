//! U003 unbounded-write.

use super::LintContext;
use crate::diagnostics::Diagnostic;

crate::lint_rule!(
    "U003",
    "unbounded-write",
    Warning,
    "a task can write the whole repository",
    r#"## What it does
Flags each task whose write scope is the whole repository: no `write` glob in the task,
its agent or the spec's `boundaries`.

## Why it matters
A scope is what keeps parallel agents out of each other's files and what `charter guard`
enforces after the work. With none, every file is fair game: no conflict between tasks can
be ruled out, and no change can be refused as out of scope.

## Example
```charter
spec rename {
    intent {
        outcome "The `Client` type is named `HttpClient` everywhere"
        success builds "The workspace builds and its tests pass" by test.all
    }
    verify { test all "cargo test --workspace" }
    agent dev {
        task rename { goal "Every use of `Client` refers to `HttpClient`" }
    }
}
```

## Fixed example
```charter
spec rename {
    intent {
        outcome "The `Client` type is named `HttpClient` everywhere"
        success builds "The workspace builds and its tests pass" by test.all
    }
    boundaries { write "src/**", "tests/**" }
    verify { test all "cargo test --workspace" }
    agent dev {
        task rename { goal "Every use of `Client` refers to `HttpClient`" }
    }
}
```
"#
);

pub fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let spec = cx.spec;
    for (i, task) in spec.tasks.iter().enumerate() {
        if task.scope.allow.is_some() {
            continue;
        }
        let agent = spec.agents.get(task.agent).map_or("", |a| a.name.as_str());
        out.push(
            Diagnostic::new(
                &RULE,
                &task.loc.path,
                task.loc.span,
                format!("task `{}` can write anywhere in the repository", spec.task_id(i)),
            )
            .with_primary_label("no `write` in this task, its agent or the spec")
            .with_help(format!(
                "add `write \"GLOB\"` to `boundaries`, to agent `{agent}` or to this task, naming what it may change"
            )),
        );
    }
}
