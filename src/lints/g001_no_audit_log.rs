//! G001 no-audit-log.

use super::LintContext;
use crate::diagnostics::Diagnostic;
use crate::semantic::model::Autonomy;

pub use crate::diagnostics::rules::NO_AUDIT_LOG as RULE;

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
            autonomy.loc.file,
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
