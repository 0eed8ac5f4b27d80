//! U001 no-success-criteria.

use super::LintContext;
use crate::diagnostics::Diagnostic;

pub use crate::diagnostics::rules::NO_SUCCESS_CRITERIA as RULE;

pub fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let intent = &cx.spec.intent;
    let (Some(outcome), true) = (&intent.outcome, intent.success.is_empty()) else {
        return;
    };
    out.push(
        Diagnostic::new(&RULE, outcome.loc.file, outcome.loc.span, "the intent has an outcome but no success criterion")
            .with_primary_label("how will anyone know this is achieved?")
            .with_help("add `success NAME \"observable result\" by test.NAME` to `intent`, with the check in `verify`"),
    );
}
