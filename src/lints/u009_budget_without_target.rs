//! U009 budget-without-target.

use super::LintContext;
use crate::diagnostics::Diagnostic;

crate::lint_rule!(
    "U009",
    "budget-without-target",
    Warning,
    "a latency budget names no operation or workload",
    r#"## What it does
Flags a `budget latency.*` statement with no string naming the operation or workload it
measures, as in `budget latency.p99 "GET /orders" <= 120ms`.

## Why it matters
A latency is a latency *of something*. "p99 under 120ms" for which request, with what
payload? Every agent and every benchmark answers differently, so the budget constrains
nothing it can be held to.

## Example
```charter
spec cache {
    intent {
        outcome "Product pages are served from the cache"
        success cached "A second request for a product page hits the cache" by test.cache
    }
    boundaries {
        write  "src/cache/**"
        budget latency.p99 <= 50ms
    }
    verify { test cache "cargo test -p cache" }
}
```

## Fixed example
```charter
spec cache {
    intent {
        outcome "Product pages are served from the cache"
        success cached "A second request for a product page hits the cache" by test.cache
    }
    boundaries {
        write  "src/cache/**"
        budget latency.p99 "GET /products/{id} with a warm cache" <= 50ms
    }
    verify { test cache "cargo test -p cache" }
}
```
"#
);

pub fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for budget in &cx.spec.boundaries.budgets {
        if !budget.metric.starts_with("latency.") || budget.target.is_some() {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE,
                &budget.loc.path,
                budget.loc.span,
                format!("the `{}` budget does not say what it measures", budget.metric),
            )
            .with_primary_label("latency of which operation?")
            .with_help(format!(
                "name the operation or workload after the metric: `budget {} \"GET /orders\" {} {}`",
                budget.metric,
                budget.op.as_str(),
                budget.amount.text
            )),
        );
    }
}
