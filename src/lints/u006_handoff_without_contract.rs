//! U006 handoff-without-contract.

use super::LintContext;
use crate::diagnostics::{Diagnostic, Label};

pub use crate::diagnostics::rules::HANDOFF_WITHOUT_CONTRACT as RULE;

pub fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let spec = cx.spec;
    let joined = |a: usize, b: usize| {
        spec.contracts.iter().any(|c| {
            matches!((c.from, c.to), (Some(f), Some(t)) if (f, t) == (a, b) || (f, t) == (b, a))
        })
    };
    for (i, task) in spec.tasks.iter().enumerate() {
        for after in &task.after {
            let Some(other) = spec.tasks.get(after.task) else {
                continue;
            };
            if other.agent == task.agent || joined(task.agent, other.agent) {
                continue;
            }
            let (Some(mine), Some(theirs)) =
                (spec.agents.get(task.agent), spec.agents.get(other.agent))
            else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    &RULE,
                    after.loc.file,
                    after.loc.span,
                    format!(
                        "task `{}` waits on `{}` of agent `{}`, but no contract joins `{}` and `{}`",
                        spec.task_id(i),
                        spec.task_id(after.task),
                        theirs.name,
                        theirs.name,
                        mine.name
                    ),
                )
                .with_primary_label("a handoff between agents")
                .with_label(Label::new(other.loc.file, other.loc.span, "the task handing over"))
                .with_help(format!(
                    "declare the interface: `contract NAME {{ from {} to {} schema \"PATH\" }}`",
                    theirs.name, mine.name
                )),
            );
        }
    }
}
