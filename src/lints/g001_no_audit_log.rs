//! G001 no-audit-log.

use super::LintContext;
use crate::diagnostics::Diagnostic;
use crate::semantic::model::Autonomy;

crate::lint_rule!(
    "G001",
    "no-audit-log",
    Warning,
    "`supervised`/`autonomous` without `audit`",
    r#"## What it does
Flags a spec whose `autonomy` is `supervised` or `autonomous` and whose `governance` names
no `audit` log.

## Why it matters
When a person does not watch every change, the audit log is the record of what each agent
did, which checks ran and who approved what. Without it, a bad change found next week
cannot be traced back to the task, the agent or the approval that let it through.

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
    governance { rollback "git revert --no-edit {commit}" }
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
    if autonomy.value == Autonomy::Paired || spec.governance.audit.is_some() {
        return;
    }
    out.push(
        Diagnostic::new(
            &RULE,
            &autonomy.loc.path,
            autonomy.loc.span,
            format!("`{}` work keeps no audit log", autonomy.value.as_str()),
        )
        .with_primary_label("no person sees every change, and nothing records them")
        .with_help(format!(
            "add `audit \"audit/{}.jsonl\"` to `governance`",
            spec.name
        )),
    );
}
