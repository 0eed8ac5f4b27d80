//! G002 dead-approval.
//!
//! Each `touches` glob of each approval is checked on its own: a dead glob in
//! an approval that has live ones is still a gate that can never trigger.
//! A spec without tasks is one implicit worker with the spec's scope.

use super::LintContext;
use super::scopes::candidate_pairs;
use crate::diagnostics::{Diagnostic, Label};
use crate::semantic::model::GlobAt;

pub use crate::diagnostics::rules::DEAD_APPROVAL as RULE;

pub fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let spec = cx.spec;
    let scopes = cx.scopes();
    // (allow globs, deny globs) of each worker.
    let workers: Vec<(Vec<usize>, Vec<usize>)> = if scopes.tasks.is_empty() {
        let allow = if spec.boundaries.write.is_empty() {
            vec![scopes.whole_repository()]
        } else {
            scopes.entries(&spec.boundaries.write)
        };
        let deny = scopes.entries(&spec.boundaries.deny);
        vec![(
            allow.iter().map(|e| e.glob).collect(),
            deny.iter().map(|e| e.glob).collect(),
        )]
    } else {
        scopes
            .tasks
            .iter()
            .map(|s| (s.allow.iter().map(|e| e.glob).collect(), s.deny_globs()))
            .collect()
    };
    // Every (worker, allow glob), and its index key.
    let allows: Vec<(usize, usize)> = workers
        .iter()
        .enumerate()
        .flat_map(|(w, (allow, _))| allow.iter().map(move |&a| (w, a)))
        .collect();
    let allow_prefixes: Vec<&str> = allows.iter().map(|&(_, a)| scopes.prefix(a)).collect();
    for approval in &spec.governance.approvals {
        let touches = scopes.entries(&approval.touches);
        let touch_prefixes: Vec<&str> = touches.iter().map(|t| scopes.prefix(t.glob)).collect();
        // Only prefix-compatible pairs can share a path.
        let mut live = vec![false; touches.len()];
        for (t, k) in candidate_pairs(&touch_prefixes, &allow_prefixes) {
            if live[t] {
                continue;
            }
            let (w, a) = allows[k];
            live[t] = match scopes.exists(&[touches[t].glob, a], &workers[w].1) {
                Ok(found) => found,
                // Undecided: not reported dead, but reported undecided.
                Err(_) => {
                    if let Some(at) = touches[t].at {
                        out.push(super::scopes::too_complex(&at.loc, &at.pattern, "G002"));
                    }
                    true
                }
            };
        }
        let dead: Vec<&GlobAt> = touches
            .iter()
            .zip(&live)
            .filter(|(_, live)| !**live)
            .filter_map(|(touch, _)| touch.at)
            .collect();
        let help = "fix the glob if the path moved, add it to the `write` scope of the task that changes it, or delete it";
        if !dead.is_empty() && dead.len() == touches.len() {
            // The whole gate is dead: one finding, every glob labelled.
            let first = dead[0];
            let names: Vec<String> = dead.iter().map(|g| format!("`{}`", g.pattern)).collect();
            let mut d = Diagnostic::new(
                &RULE,
                first.loc.file,
                first.loc.span,
                format!(
                    "the approval by `{}` can never be asked for: no task may write a path matching {}",
                    approval.by,
                    names.join(" or ")
                ),
            )
            .with_primary_label("no write scope reaches this glob");
            for other in &dead[1..] {
                d = d.with_label(Label::new(other.loc.file, other.loc.span, "nor this one"));
            }
            out.push(d.with_help(help));
            continue;
        }
        for glob in dead {
            out.push(
                Diagnostic::new(
                    &RULE,
                    glob.loc.file,
                    glob.loc.span,
                    format!(
                        "`touches \"{}\"` never triggers the approval by `{}`: no task may write a path matching it",
                        glob.pattern, approval.by
                    ),
                )
                .with_primary_label("no write scope reaches this glob")
                .with_help(help),
            );
        }
    }
}
