//! `waive CODE "reason"`: silencing a code inside a block, and reporting a
//! waiver that silenced nothing.

use super::LintContext;
use crate::diagnostics::Diagnostic;
use crate::semantic::model::Spec;

crate::lint_rule!(
    "O006",
    "unused-waiver",
    Warning,
    "a `waive` silences nothing in its block",
    r#"## What it does
Flags a `waive CODE "reason"` when no `CODE` finding lies inside its block.

## Why it matters
Waivers are copied into the plan as standing exceptions. One that silences nothing is
noise in every review, and it hides a future finding nobody has judged yet.

## Example
```charter
spec tidy {
    intent {
        outcome "The README lists every command"
        success listed "Every command has a README section" by check.readme
        waive U001 "criteria come later"
    }
    verify { check readme "scripts/check-readme" }
}
```

## Fixed example
```charter
spec tidy {
    intent {
        outcome "The README lists every command"
        success listed "Every command has a README section" by check.readme
    }
    verify { check readme "scripts/check-readme" }
}
```
"#
);

pub use RULE as UNUSED_WAIVER;

/// Unused waivers are found by [`apply`], after every other lint ran.
pub fn no_check(_: &LintContext<'_>, _: &mut Vec<Diagnostic>) {}

/// Drops each diagnostic a waiver of its spec covers (same code, primary
/// span inside the waiver's block) and reports the waivers that covered none.
pub fn apply(specs: &[Spec], diagnostics: &mut Vec<Diagnostic>, report_unused: bool) {
    let waivers: Vec<_> = specs.iter().flat_map(|s| &s.waivers).collect();
    if waivers.is_empty() {
        return;
    }
    let mut used = vec![false; waivers.len()];
    diagnostics.retain(|d| {
        let covering = waivers.iter().position(|w| {
            w.code == d.rule.code
                && w.block.path == d.path
                && w.block.span.start <= d.span.start
                && d.span.end <= w.block.span.end
        });
        match covering {
            Some(i) => {
                used[i] = true;
                false
            }
            None => true,
        }
    });
    if !report_unused {
        return;
    }
    for (waiver, used) in waivers.iter().zip(used) {
        // A drift finding (D…) exists only against a repository
        // (`check --root`), so a check without one cannot call its waiver unused.
        if !used && !waiver.code.starts_with('D') {
            diagnostics.push(
                Diagnostic::new(
                    &RULE,
                    &waiver.loc.path,
                    waiver.loc.span,
                    format!(
                        "this waiver of {} silences nothing in `{}`",
                        waiver.code, waiver.scope
                    ),
                )
                .with_primary_label("nothing to waive here")
                .with_help("remove it; the plan records every waiver as a standing exception"),
            );
        }
    }
}
