//! U008 no-rollback.

use super::LintContext;
use crate::diagnostics::Diagnostic;
use crate::semantic::model::Autonomy;

crate::lint_rule!(
    "U008",
    "no-rollback",
    Warning,
    "`supervised` or `autonomous` without `rollback`",
    r#"## What it does
Flags a spec whose `autonomy` is `supervised` or `autonomous` and whose `governance` has no
`rollback` command.

## Why it matters
When no person reviews every change, a failed check has to be undone by the runner. Without
a `rollback` the runner can only stop and leave the repository half changed, for someone to
untangle by hand.

## Example
```charter
spec bump {
    autonomy supervised
    intent {
        outcome "The workspace builds on Rust 1.85"
        success builds "The workspace builds and its tests pass on 1.85" by test.all
    }
    boundaries { write "rust-toolchain.toml", "src/**" }
    verify { test all "cargo +1.85 test --workspace" }
    governance { audit "audit/bump.jsonl" }
}
```

## Fixed example
```charter
spec bump {
    autonomy supervised
    intent {
        outcome "The workspace builds on Rust 1.85"
        success builds "The workspace builds and its tests pass on 1.85" by test.all
    }
    boundaries { write "rust-toolchain.toml", "src/**" }
    verify { test all "cargo +1.85 test --workspace" }
    governance {
        audit    "audit/bump.jsonl"
        rollback "git revert --no-edit {commit}"
    }
}
```
"#
);

pub fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let spec = cx.spec;
    let Some(autonomy) = &spec.autonomy else {
        return;
    };
    if autonomy.value == Autonomy::Paired || spec.governance.rollback.is_some() {
        return;
    }
    out.push(
        Diagnostic::new(
            &RULE,
            &autonomy.loc.path,
            autonomy.loc.span,
            format!("`{}` work has no `rollback`", autonomy.value.as_str()),
        )
        .with_primary_label("a failed check cannot be undone by the runner")
        .with_help("add `rollback \"git revert --no-edit {commit}\"` (or a command that also restores data) to `governance`"),
    );
}
