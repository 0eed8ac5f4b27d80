//! U008 no-rollback.

use super::LintContext;
use crate::diagnostics::Diagnostic;
use crate::semantic::model::Autonomy;

pub use crate::diagnostics::rules::NO_ROLLBACK as RULE;

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
            autonomy.loc.file,
            autonomy.loc.span,
            format!("`{}` work has no `rollback`", autonomy.value.as_str()),
        )
        .with_primary_label("a failed check cannot be undone by the runner")
        .with_help("add `rollback \"git revert --no-edit {commit}\"` (or a command that also restores data) to `governance`"),
    );
}
