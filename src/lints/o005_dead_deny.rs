//! O005 dead-deny (off by default).
//!
//! A deny applies at its level: the spec's to every task (and to the spec's
//! own `write`), an agent's to that agent's tasks, a task's to the task. It
//! is dead when it shares no path with any `write` glob of the scopes it
//! applies to. Denies inherited from a template are ignored: templates deny
//! forbidden zones generically (`.github/**`) and the spec's author cannot
//! delete them.

use super::LintContext;
use super::scopes::{Entry, Scopes};
use crate::diagnostics::{Diagnostic, Label};
use crate::semantic::model::GlobAt;

pub use crate::diagnostics::rules::DEAD_DENY as RULE;

pub fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let spec = cx.spec;
    let scopes = cx.scopes();
    // The write scope a level stands for when nothing narrower is given.
    let spec_write = if spec.boundaries.write.is_empty() {
        vec![scopes.whole_repository()]
    } else {
        scopes.entries(&spec.boundaries.write)
    };
    let all_tasks: Vec<usize> = (0..spec.tasks.len()).collect();

    let mut allow = spec_write.clone();
    allow.extend(tasks_allow(scopes, &all_tasks));
    let spec_writes: Vec<&GlobAt> = spec.boundaries.write.iter().collect();
    lint_level(cx, scopes, &spec.boundaries.deny, &allow, &spec_writes, out);
    for agent in &spec.agents {
        let mut allow = if agent.write.is_empty() {
            spec_write.clone()
        } else {
            scopes.entries(&agent.write)
        };
        allow.extend(tasks_allow(scopes, &agent.tasks));
        let agent_writes: Vec<&GlobAt> = agent.write.iter().collect();
        lint_level(cx, scopes, &agent.deny, &allow, &agent_writes, out);
        for &t in &agent.tasks {
            let Some(task) = spec.tasks.get(t) else {
                continue;
            };
            let allow = tasks_allow(scopes, &[t]);
            // The task's scope, wherever its globs were written.
            let task_writes: Vec<&GlobAt> = allow.iter().filter_map(|e| e.at).collect();
            lint_level(cx, scopes, &task.deny, &allow, &task_writes, out);
        }
    }
}

/// The allow entries of `tasks`.
fn tasks_allow<'s>(scopes: &Scopes<'s>, tasks: &[usize]) -> Vec<Entry<'s>> {
    tasks
        .iter()
        .filter_map(|&t| scopes.tasks.get(t))
        .flat_map(|s| s.allow.iter().copied())
        .collect()
}

/// Reports each deny of `denies` written in the spec that meets none of `allow`.
fn lint_level<'s>(
    cx: &LintContext<'s>,
    scopes: &Scopes<'s>,
    denies: &'s [GlobAt],
    allow: &[Entry<'s>],
    level_writes: &[&GlobAt],
    out: &mut Vec<Diagnostic>,
) {
    for deny in scopes.entries(denies) {
        let Some(at) = deny.at else { continue };
        if at.loc.file != cx.spec.loc.file {
            continue;
        }
        // Globs whose prefixes diverge share nothing: skip them unbuilt.
        let p = scopes.prefix(deny.glob);
        let live = allow.iter().any(|a| {
            let q = scopes.prefix(a.glob);
            (p.starts_with(q) || q.starts_with(p))
                && match scopes.exists(&[deny.glob, a.glob], &[]) {
                    Ok(found) => found,
                    Err(_) => {
                        out.push(super::scopes::too_complex(&at.loc, &at.pattern, "O005"));
                        true
                    }
                }
        });
        if live {
            continue;
        }
        let mut d = Diagnostic::new(
            &RULE,
            at.loc.file,
            at.loc.span,
            format!(
                "`deny \"{}\"` can never match: no write scope it applies to includes such a path",
                at.pattern
            ),
        )
        .with_primary_label("this deny removes nothing");
        for write in level_writes {
            d = d.with_label(Label::new(
                write.loc.file,
                write.loc.span,
                "shares no path with the deny",
            ));
        }
        out.push(d.with_help(
            "fix the path if it is a typo; otherwise delete the deny, or waive O005 to keep it as documentation",
        ));
    }
}
