//! G003 untraced.

use super::LintContext;
use crate::diagnostics::{Diagnostic, Label};
use crate::semantic::model::Autonomy;

crate::lint_rule!(
    "G003",
    "untraced",
    Warning,
    "`trace` is not `required` while `autonomy` is `autonomous`",
    r#"## What it does
Flags a spec whose `autonomy` is `autonomous` while its `governance` does not say
`trace required` (it says `trace optional`, or nothing).

## Why it matters
Autonomous work is judged by its checks alone. A trace ties every change to the task,
goal and check results that produced it; without one, nobody can later reconstruct why an
autonomous agent changed a file, which is the first question when something breaks.

## Example
```charter
spec tests {
    autonomy autonomous
    intent {
        outcome "The parser has a test for every grammar rule"
        success covered "Line coverage of src/parser is at least 90%" by coverage.parser
    }
    boundaries { write "tests/parser/**" }
    verify { coverage parser >= 90% of "src/parser/**" from "cargo llvm-cov --lcov" }
    governance {
        audit    "audit/tests.jsonl"
        rollback "git revert --no-edit {commit}"
        trace    optional
    }
}
```

## Fixed example
```charter
spec tests {
    autonomy autonomous
    intent {
        outcome "The parser has a test for every grammar rule"
        success covered "Line coverage of src/parser is at least 90%" by coverage.parser
    }
    boundaries { write "tests/parser/**" }
    verify { coverage parser >= 90% of "src/parser/**" from "cargo llvm-cov --lcov" }
    governance {
        audit    "audit/tests.jsonl"
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
    let help = "set `trace required` in `governance`, or lower `autonomy` to `supervised`";
    let diagnostic = match &spec.governance.trace {
        Some(trace) if trace.value == "required" => return,
        Some(trace) => Diagnostic::new(
            &RULE,
            &trace.loc.path,
            trace.loc.span,
            format!("autonomous work with `trace {}`", trace.value),
        )
        .with_primary_label("changes may not be traced to their task")
        .with_label(Label::new(
            &autonomy.loc.path,
            autonomy.loc.span,
            "no person reviews the work",
        )),
        None => Diagnostic::new(
            &RULE,
            &autonomy.loc.path,
            autonomy.loc.span,
            "autonomous work does not require a trace",
        )
        .with_primary_label("no `trace required` in `governance`"),
    };
    out.push(diagnostic.with_help(help));
}
