//! G003 untraced.

use super::LintContext;
use crate::diagnostics::{Diagnostic, Label};
use crate::semantic::model::Autonomy;

pub use crate::diagnostics::rules::UNTRACED as RULE;

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
            trace.loc.file,
            trace.loc.span,
            format!("autonomous work with `trace {}`", trace.value),
        )
        .with_primary_label("changes may not be traced to their task")
        .with_label(Label::new(
            autonomy.loc.file,
            autonomy.loc.span,
            "no person reviews the work",
        )),
        None => Diagnostic::new(
            &RULE,
            autonomy.loc.file,
            autonomy.loc.span,
            "autonomous work does not require a trace",
        )
        .with_primary_label("no `trace required` in `governance`"),
    };
    out.push(diagnostic.with_help(help));
}
