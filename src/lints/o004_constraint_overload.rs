//! O004 constraint-overload.

use super::LintContext;
use crate::diagnostics::Diagnostic;

crate::lint_rule!(
    "O004",
    "constraint-overload",
    Warning,
    "one task carries more constraints than the configured limit",
    r#"## What it does
Counts the constraints a task states itself and flags the task when there are more than
`[limits] constraint-overload` in `charter.toml` (default 12). A constraint is one glob of
the task's own `write`, `read` or `deny`, one task after its `after`, or one check after its
`verify`. What it inherits from its agent and the spec is not counted: those are shared
context, stated once for many tasks.

The message sets the count beside the goal's length: a task whose own rules outnumber the
words of its goal is described by its fences, not by its purpose.

## Why it matters
A task fenced by a long list of globs, dependencies and checks usually does several things
at once, or spells out what its agent's scope already says. Agents meet the list before the
goal, follow it literally, and the one rule that matters is lost among the others. Split
the task, or move globs shared by its siblings up to the agent.

## Example
```charter
spec api {
    intent {
        outcome "The orders API serves v2 responses"
        success conforms "Responses validate against openapi/orders-v2.yaml" by test.contract
    }
    boundaries { write "src/**", "openapi/**" }
    verify {
        test contract "cargo test -p api contract"
        test unit     "cargo test -p api"
        check lint    "cargo clippy -p api"
    }
    agent api {
        task v2 {
            goal   "GET /v2/orders serves v2 responses"
            write  "src/api/orders/**", "src/api/routes.rs", "src/api/errors.rs", "openapi/orders-v2.yaml"
            read   "src/db/**", "src/model/**", "openapi/orders-v1.yaml"
            deny   "src/api/orders/legacy/**", "src/api/orders/v1.rs", "src/api/orders/fixtures/**"
            verify test.contract, test.unit, check.lint
        }
    }
}
```

## Fixed example
```charter
spec api {
    intent {
        outcome "The orders API serves v2 responses"
        success conforms "Responses validate against openapi/orders-v2.yaml" by test.contract
    }
    boundaries { write "src/**", "openapi/**" }
    verify {
        test contract "cargo test -p api contract"
        test unit     "cargo test -p api"
        check lint    "cargo clippy -p api"
    }
    agent api {
        write "src/api/**", "openapi/orders-v2.yaml"
        deny  "src/api/orders/legacy/**"
        task v2 {
            goal   "GET /v2/orders serves v2 responses"
            read   "src/db/**", "openapi/orders-v1.yaml"
        }
    }
}
```
"#
);

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
                &task.loc.path,
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
