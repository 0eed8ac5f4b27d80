//! U006 handoff-without-contract.

use super::LintContext;
use crate::diagnostics::{Diagnostic, Label};

crate::lint_rule!(
    "U006",
    "handoff-without-contract",
    Warning,
    "a task waits on a task of another agent and no contract joins the two agents",
    r#"## What it does
Flags an `after` that names a task of another agent when no `contract` joins the two
agents, in either direction.

## Why it matters
An `after` across agents is a handoff: one agent consumes what another produced. Without a
contract the interface between them is whatever the first agent happens to build, and the
second agent's assumptions about it are never written down or checked.

## Example
```charter
spec orders {
    intent {
        outcome "Orders are stored and listed through the API"
        success listed "GET /orders lists stored orders" by test.api
    }
    boundaries { write "src/**" }
    verify { test api "cargo test -p api" }
    agent store {
        write "src/store/**"
        task table { goal "Orders are stored in the orders table" }
    }
    agent api {
        write "src/api/**"
        task list {
            after store.table
            goal  "GET /orders lists stored orders"
        }
    }
}
```

## Fixed example
```charter
spec orders {
    intent {
        outcome "Orders are stored and listed through the API"
        success listed "GET /orders lists stored orders" by test.api
    }
    boundaries { write "src/**" }
    verify { test api "cargo test -p api" }
    contract order_row {
        from   store
        to     api
        schema "contracts/order_row.json"
    }
    agent store {
        write "src/store/**"
        task table { goal "Orders are stored in the orders table" }
    }
    agent api {
        write "src/api/**"
        task list {
            after store.table
            goal  "GET /orders lists stored orders"
        }
    }
}
```
"#
);

pub fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let spec = cx.spec;
    let joined = |a: usize, b: usize| {
        spec.contracts.iter().any(|c| {
            matches!((c.from, c.to), (Some(f), Some(t)) if (f, t) == (a, b) || (f, t) == (b, a))
        })
    };
    for (i, task) in spec.tasks.iter().enumerate() {
        for after in &task.after {
            let Some(other) = spec.tasks.get(after.task) else {
                continue;
            };
            if other.agent == task.agent || joined(task.agent, other.agent) {
                continue;
            }
            let (Some(mine), Some(theirs)) =
                (spec.agents.get(task.agent), spec.agents.get(other.agent))
            else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    &RULE,
                    &after.loc.path,
                    after.loc.span,
                    format!(
                        "task `{}` waits on `{}` of agent `{}`, but no contract joins `{}` and `{}`",
                        spec.task_id(i),
                        spec.task_id(after.task),
                        theirs.name,
                        theirs.name,
                        mine.name
                    ),
                )
                .with_primary_label("a handoff between agents")
                .with_label(Label::new(&other.loc.path, other.loc.span, "the task handing over"))
                .with_help(format!(
                    "declare the interface: `contract NAME {{ from {} to {} schema \"PATH\" }}`",
                    theirs.name, mine.name
                )),
            );
        }
    }
}
