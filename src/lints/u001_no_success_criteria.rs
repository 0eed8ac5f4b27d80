//! U001 no-success-criteria.

use super::LintContext;
use crate::diagnostics::Diagnostic;

crate::lint_rule!(
    "U001",
    "no-success-criteria",
    Warning,
    "an `intent` has an outcome but no `success` criterion",
    r#"## What it does
Flags an `intent` block that states an outcome but no `success` criterion.

## Why it matters
An outcome says what the work is for; success criteria say how anyone will know it is
done. Without them each agent decides for itself when to stop, and their guesses differ.

## Example
```charter
spec upgrade {
    intent {
        outcome "The service runs on Tokio 1.40"
    }
}
```

## Fixed example
```charter
spec upgrade {
    intent {
        outcome "The service runs on Tokio 1.40"
        success builds "The workspace builds and its tests pass" by test.all
    }
    verify {
        test all "cargo test --workspace"
    }
}
```
"#
);

pub fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let intent = &cx.spec.intent;
    let (Some(outcome), true) = (&intent.outcome, intent.success.is_empty()) else {
        return;
    };
    out.push(
        Diagnostic::new(&RULE, &outcome.loc.path, outcome.loc.span, "the intent has an outcome but no success criterion")
            .with_primary_label("how will anyone know this is achieved?")
            .with_help("add `success NAME \"observable result\" by test.NAME` to `intent`, with the check in `verify`"),
    );
}
