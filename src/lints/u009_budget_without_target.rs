//! U009 budget-without-target.

use super::LintContext;
use crate::diagnostics::Diagnostic;

pub use crate::diagnostics::rules::BUDGET_WITHOUT_TARGET as RULE;

pub fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    for budget in &cx.spec.boundaries.budgets {
        if !budget.metric.starts_with("latency.") || budget.target.is_some() {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE,
                budget.loc.file,
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
