//! U003 unbounded-write.
//!
//! One cause, one finding: a task with no `write` overlaps every concurrent
//! task, so it is reported once with the count of the tasks it overlaps
//! (C001 leaves such pairs to this lint), and a spec with no `write`
//! anywhere is reported once for all of its tasks.

use super::LintContext;
use crate::diagnostics::{Diagnostic, Label};

pub use crate::diagnostics::rules::UNBOUNDED_WRITE as RULE;

/// At most this many overlapped tasks are labelled; the message has the count.
const MAX_LABELS: usize = 8;

pub fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let spec = cx.spec;
    let unbounded: Vec<usize> = (0..spec.tasks.len())
        .filter(|&i| spec.tasks[i].scope.allow.is_none())
        .collect();
    if unbounded.is_empty() {
        return;
    }
    if unbounded.len() == spec.tasks.len() && spec.tasks.len() > 1 {
        let mut d = Diagnostic::new(
            &RULE,
            spec.loc.file,
            spec.loc.span,
            format!(
                "no `write` anywhere in spec `{}`: its {} tasks can write anywhere in the repository",
                spec.name,
                spec.tasks.len()
            ),
        )
        .with_primary_label("no `write` in `boundaries`, in an agent or in a task");
        for task in spec.tasks.iter().take(MAX_LABELS) {
            d = d.with_label(Label::new(task.loc.file, task.loc.span, "unbounded"));
        }
        out.push(d.with_help(
            "add `write \"GLOB\"` to `boundaries` (and narrower ones to each agent), naming what the work may change",
        ));
        return;
    }
    for i in unbounded {
        let task = &spec.tasks[i];
        let overlapped: Vec<usize> = (0..spec.tasks.len())
            .filter(|&j| {
                j != i && spec.tasks[j].agent != task.agent && cx.schedule.concurrent(i, j)
            })
            .collect();
        let agent = spec.agents.get(task.agent).map_or("", |a| a.name.as_str());
        let message = match overlapped.len() {
            0 => format!(
                "task `{}` can write anywhere in the repository",
                spec.task_id(i)
            ),
            1 => format!(
                "task `{}` can write anywhere in the repository, so it overlaps the concurrent task `{}`",
                spec.task_id(i),
                spec.task_id(overlapped[0])
            ),
            n => format!(
                "task `{}` can write anywhere in the repository, so it overlaps {n} concurrent tasks",
                spec.task_id(i)
            ),
        };
        let mut d = Diagnostic::new(&RULE, task.loc.file, task.loc.span, message)
            .with_primary_label("no `write` in this task, its agent or the spec");
        for &j in overlapped.iter().take(MAX_LABELS) {
            let other = &spec.tasks[j];
            d = d.with_label(Label::new(
                other.loc.file,
                other.loc.span,
                "runs at the same time",
            ));
        }
        // Where other agents already have their own scopes, a spec-wide
        // `write` would have to cover them too: point at this agent.
        let help = if spec.boundaries.write.is_empty()
            && spec.agents.iter().any(|a| !a.write.is_empty())
        {
            format!(
                "add `write \"GLOB\"` to agent `{agent}` or to this task, naming what it may change"
            )
        } else {
            format!(
                "add `write \"GLOB\"` to `boundaries`, to agent `{agent}` or to this task, naming what it may change"
            )
        };
        out.push(d.with_help(help));
    }
}
