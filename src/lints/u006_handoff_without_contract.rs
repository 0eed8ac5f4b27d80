//! U006 handoff-without-contract.
//!
//! One finding per waiting task, naming every task of another agent it
//! waits on with no contract between the two agents. The help shows the
//! contracts to add, written so that each parses and type-checks inside the
//! spec (`tests/it/help_code.rs` applies it).

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
        let Some(mine) = spec.agents.get(task.agent) else {
            continue;
        };
        let handoffs: Vec<_> = task
            .after
            .iter()
            .filter(|after| {
                spec.tasks.get(after.task).is_some_and(|other| {
                    other.agent != task.agent
                        && spec.agents.get(other.agent).is_some()
                        && !joined(task.agent, other.agent)
                })
            })
            .collect();
        let Some(first) = handoffs.first() else {
            continue;
        };
        let names: Vec<String> = handoffs
            .iter()
            .map(|a| format!("`{}`", spec.task_id(a.task)))
            .collect();
        let mut providers: Vec<&str> = handoffs
            .iter()
            .map(|a| spec.agents[spec.tasks[a.task].agent].name.as_str())
            .collect();
        providers.dedup();
        let message = if handoffs.len() == 1 {
            format!(
                "task `{}` waits on {} of agent `{}`, but no contract joins `{}` and `{}`",
                spec.task_id(i),
                names[0],
                providers[0],
                providers[0],
                mine.name
            )
        } else {
            format!(
                "task `{}` waits on {} tasks of other agents ({}) with no contract joining their agents to `{}`",
                spec.task_id(i),
                handoffs.len(),
                names.join(", "),
                mine.name
            )
        };
        let mut d = Diagnostic::new(&RULE, first.loc.file, first.loc.span, message)
            .with_primary_label("a handoff between agents");
        for (k, after) in handoffs.iter().enumerate() {
            if k > 0 {
                d = d.with_label(Label::new(
                    after.loc.file,
                    after.loc.span,
                    "another handoff",
                ));
            }
            let other = &spec.tasks[after.task];
            d = d.with_label(Label::new(
                other.loc.file,
                other.loc.span,
                "the task handing over",
            ));
        }
        let mut seen = Vec::new();
        let contracts: Vec<String> = providers
            .iter()
            .filter(|p| {
                let new = !seen.contains(*p);
                seen.push(**p);
                new
            })
            .map(|p| contract_code(p, &mine.name))
            .collect();
        out.push(d.with_help(format!(
            "declare the interface in the spec: {}",
            contracts.join(" ")
        )));
    }
}

/// A contract from `from` to `to` that parses and type-checks as a member of
/// the spec; the schema path is a `"<…>"` placeholder for the author to fill.
pub fn contract_code(from: &str, to: &str) -> String {
    format!(
        "`contract {from}_to_{to} {{ from {from}; to {to}; schema \"<path of the interface>\" }}`"
    )
}
