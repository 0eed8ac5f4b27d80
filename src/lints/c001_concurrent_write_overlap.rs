//! C001 concurrent-write-overlap.
//!
//! For every pair of concurrent tasks of different agents, decides exactly
//! whether `(allow_A − deny_A) ∩ (allow_B − deny_B)` holds a path, and shows
//! the shortest one. Only glob pairs whose literal prefixes are compatible
//! are decided (see [`super::scopes`]), which keeps 1,000 agents well under a
//! second without giving up exactness.

use std::collections::HashMap;

use super::LintContext;
use super::scopes::{Entry, Scopes, candidate_pairs_within};
use crate::diagnostics::{Diagnostic, Label};
use crate::semantic::model::Spec;
use crate::semantic::schedule::Schedule;

pub use crate::diagnostics::rules::CONCURRENT_WRITE_OVERLAP as RULE;

pub fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    // A task with no `write` overlaps every concurrent task: U003 reports it
    // once with the count (noise is a defect); `conflicting_tasks` keeps it.
    let bounded = |t: usize| cx.spec.tasks[t].scope.allow.is_some();
    find(cx.spec, cx.schedule, |a, b, ea, eb, path| {
        if bounded(a) && bounded(b) {
            out.push(report(cx, a, b, ea, eb, path))
        }
    });
}

/// The task pairs (lower index first) that may write a path at once: what
/// `charter graph` highlights.
pub fn conflicting_tasks(spec: &Spec, schedule: &Schedule) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    find(spec, schedule, |a, b, _, _, _| pairs.push((a, b)));
    pairs
}

/// Calls `found` once per concurrent task pair (earlier task first) whose
/// write scopes share a path, with the first overlapping glob pair and the
/// witness path.
fn find(
    spec: &Spec,
    schedule: &Schedule,
    mut found: impl FnMut(usize, usize, Entry<'_>, Entry<'_>, &str),
) {
    let scopes = Scopes::of(spec);
    // Every allow glob of every task, as (task, position in its allow list).
    let items: Vec<(usize, usize)> = scopes
        .tasks
        .iter()
        .enumerate()
        .flat_map(|(t, s)| (0..s.allow.len()).map(move |k| (t, k)))
        .collect();
    let prefixes: Vec<&str> = items
        .iter()
        .map(|&(t, k)| scopes.prefix(scopes.tasks[t].allow[k].glob))
        .collect();
    // (earlier task, later task, glob of the earlier, glob of the later).
    let mut candidates: Vec<(usize, usize, usize, usize)> = candidate_pairs_within(&prefixes)
        .into_iter()
        .filter_map(|(x, y)| {
            let ((ta, ka), (tb, kb)) = (items[x], items[y]);
            let eligible = ta != tb
                && spec.tasks[ta].agent != spec.tasks[tb].agent
                && schedule.concurrent(ta, tb);
            let ordered = if ta < tb {
                (ta, tb, ka, kb)
            } else {
                (tb, ta, kb, ka)
            };
            eligible.then_some(ordered)
        })
        .collect();
    candidates.sort_unstable();

    // Many tasks share their agent's or the spec's globs: decide each
    // (glob, glob, denies) question once.
    let mut memo: HashMap<(usize, usize, Vec<usize>), Option<String>> = HashMap::new();
    for group in candidates.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)) {
        let (a, b) = (group[0].0, group[0].1);
        let mut denies = scopes.tasks[a].deny_globs();
        denies.extend(scopes.tasks[b].deny_globs());
        denies.sort_unstable();
        denies.dedup();
        for &(_, _, ka, kb) in group {
            let (ea, eb) = (scopes.tasks[a].allow[ka], scopes.tasks[b].allow[kb]);
            let key = (ea.glob, eb.glob, denies.clone());
            let witness = memo
                .entry(key)
                .or_insert_with(|| scopes.witness(&[ea.glob, eb.glob], &denies));
            if let Some(path) = witness {
                found(a, b, ea, eb, path);
                break;
            }
        }
    }
}

fn report(
    cx: &LintContext<'_>,
    a: usize,
    b: usize,
    ea: super::scopes::Entry<'_>,
    eb: super::scopes::Entry<'_>,
    path: &str,
) -> Diagnostic {
    let spec = cx.spec;
    let (task_a, task_b) = (&spec.tasks[a], &spec.tasks[b]);
    let (id_a, id_b) = (spec.task_id(a), spec.task_id(b));
    let (loc_a, loc_b) = (ea.loc(task_a), eb.loc(task_b));
    let says = |id: &str, e: &super::scopes::Entry<'_>| match e.at {
        Some(g) => format!("`{id}` may write `{path}` through `{}`", g.pattern),
        None => format!("`{id}` has no `write` anywhere: it may write the whole repository"),
    };
    let mut d = Diagnostic::new(
        &RULE,
        loc_b.file,
        loc_b.span,
        format!("`{id_a}` and `{id_b}` may both write `{path}`"),
    );
    if loc_a == loc_b {
        // Both tasks inherit the same glob (the spec's or a template's).
        d = d
            .with_primary_label(format!(
                "`{id_a}` and `{id_b}` both write through this glob"
            ))
            .with_label(Label::new(
                task_a.loc.file,
                task_a.loc.span,
                format!("`{id_a}` is one writer"),
            ))
            .with_label(Label::new(
                task_b.loc.file,
                task_b.loc.span,
                format!("`{id_b}` is the other"),
            ));
    } else {
        d = d
            .with_primary_label(says(&id_b, &eb))
            .with_label(Label::new(loc_a.file, loc_a.span, says(&id_a, &ea)));
    }
    d.with_note(format!(
        "`{id_a}` and `{id_b}` are concurrent: neither waits for the other through `after` or agent order"
    ))
    .with_help(format!(
        "add `after {id_a}` to `{id_b}`, or split the scopes so they do not share `{path}`"
    ))
}
