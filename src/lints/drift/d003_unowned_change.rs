//! D003 unowned-change: a changed file outside its task's write scope.

use crate::diagnostics::Diagnostic;
use crate::guard::{Reason, Violation};
use crate::syntax::Span;

crate::lint_rule!(
    "D003",
    "unowned-change",
    Error,
    "with `charter guard`: a changed file lies outside its task's write scope",
    r#"## What it does
`charter guard --plan PLAN --task ID` lists what a change touched (the git diff since a
base, the index, or paths on stdin) and reports every path the task may not write: no
`write` glob of the task (as the plan resolved it) matches it, or a `deny` glob does.
A rename counts on both sides, a deletion counts, and an untracked file in a new folder
is judged as the file, not the folder.

## Why it matters
The spec promised that this task touches only its scope; that promise is what lets
several agents work at once without overwriting each other. A change outside the scope
breaks it silently: it will conflict with another agent's work, or touch what a person
must approve. The guard makes the promise a gate in pre-commit and CI.

## Example
```charter
spec port {
    boundaries { write "src/db/**"; deny "src/db/secrets/**" }
    agent data { task models { goal "Every model has an entity" } }
}
```
With the plan of this spec, a commit of the task `data.models` that adds
`src/db/secrets/key.pem` or edits `src/api/routes.rs` gives:

```text
error[D003]: `src/api/routes.rs` is outside the write scope of task `data.models`
```

## Fixed example
Move the change into the task that owns those files, or widen the task's scope in the spec
(and rebuild the plan) if the task really needs them:

```charter
spec port {
    boundaries { write "src/db/**", "src/api/routes.rs"; deny "src/db/secrets/**" }
    agent data { task models { goal "Every model has an entity" } }
}
```
"#
);

/// The finding for one violation. It points at the changed file itself
/// (line 1), so CI annotations land on it; the notes say which task and
/// which glob decided.
pub fn diagnostic(violation: &Violation, task: &str, task_at: Option<&str>) -> Diagnostic {
    let path = violation.change.path.to_string();
    let (message, label) = match &violation.reason {
        Reason::NotAllowed => (
            format!("`{path}` is outside the write scope of task `{task}`"),
            "no `write` glob of the task matches this path".to_owned(),
        ),
        Reason::Denied(glob) => (
            format!("`{path}` is denied to task `{task}` by `deny \"{glob}\"`"),
            format!("matched by `deny \"{glob}\"`"),
        ),
    };
    let mut d = Diagnostic::new(&RULE, path, Span::new(0, 0), message)
        .with_primary_label(label)
        .with_note(format!("the file {}", violation.change.kind.as_str()));
    if let Some(at) = task_at {
        d = d.with_note(format!("task `{task}` is defined at {at}"));
    }
    d.with_help("move this change to the task that owns the file, or widen the task's scope in the spec and rebuild the plan")
}
