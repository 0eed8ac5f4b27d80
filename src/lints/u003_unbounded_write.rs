//! U003 unbounded-write.

use super::LintContext;
use crate::diagnostics::Diagnostic;

pub use crate::diagnostics::rules::UNBOUNDED_WRITE as RULE;

pub fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let spec = cx.spec;
    for (i, task) in spec.tasks.iter().enumerate() {
        if task.scope.allow.is_some() {
            continue;
        }
        let agent = spec.agents.get(task.agent).map_or("", |a| a.name.as_str());
        out.push(
            Diagnostic::new(
                &RULE,
                task.loc.file,
                task.loc.span,
                format!("task `{}` can write anywhere in the repository", spec.task_id(i)),
            )
            .with_primary_label("no `write` in this task, its agent or the spec")
            .with_help(format!(
                "add `write \"GLOB\"` to `boundaries`, to agent `{agent}` or to this task, naming what it may change"
            )),
        );
    }
}
