//! C001 concurrent-write-overlap.
//!
//! For every pair of concurrent tasks of different agents, decides exactly
//! whether `(allow_A − deny_A) ∩ (allow_B − deny_B)` holds a path, and shows
//! the shortest one. Only glob pairs whose literal prefixes are compatible
//! are decided (see [`super::scopes`]), which keeps 1,000 agents well under a
//! second without giving up exactness.

use foldhash::{HashMap, HashMapExt};

use super::LintContext;
use super::scopes::{Entry, Groups, MAX_CANDIDATES, Scopes, candidate_pairs_within_limited};
use crate::analysis::glob::TooComplex;
use crate::db::Db;
use crate::diagnostics::{Diagnostic, Label};
use crate::semantic::model::Spec;
use crate::semantic::schedule::Schedule;

pub use crate::diagnostics::rules::CONCURRENT_WRITE_OVERLAP as RULE;

/// Conflicting pairs reported in full per spec: past it they are counted,
/// not built (100,000 findings of one pair of agents held ~0.4 GB; the
/// output shows the first hundred of a code anyway).
const MAX_REPORTED: usize = 10_000;

pub fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    // A task with no `write` overlaps every concurrent task: U003 reports it
    // once with the count (noise is a defect); `conflicting_tasks` keeps it.
    let bounded = |t: usize| cx.spec.tasks[t].scope.allow.is_some();
    let mut pairs = 0usize;
    let truncated = find(
        cx.scopes(),
        cx.spec,
        cx.schedule,
        |a, b, ea, eb, path| match path {
            Ok(path) if bounded(a) && bounded(b) => {
                pairs += 1;
                if pairs <= MAX_REPORTED {
                    out.push(report(cx, a, b, ea, eb, path));
                }
            }
            Ok(_) => {}
            Err(TooComplex) => {
                let task = &cx.spec.tasks[b];
                out.push(super::scopes::too_complex(
                    eb.loc(task),
                    eb.pattern(),
                    "C001",
                ));
            }
        },
    );
    if truncated {
        out.push(super::scopes::stopped_early(cx.spec, &RULE));
    }
    if pairs > MAX_REPORTED {
        // At the rule's level, like the findings it counts.
        let d = Diagnostic::new(
            &RULE,
            cx.spec.loc.file,
            cx.spec.loc.span,
            format!(
                "{pairs} pairs of concurrent tasks may write the same path; the first {MAX_REPORTED} are reported"
            ),
        )
        .with_help("order the tasks with `after`, or give each agent its own directory");
        out.push(d);
    }
}

/// The task pairs (lower index first) that may write a path at once: what
/// `charter graph` highlights. A pair too complex to decide counts as
/// conflicting, the cautious reading for a graph of hazards.
pub fn conflicting_tasks(db: &dyn Db, spec: &Spec, schedule: &Schedule) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    // A truncated search lists the pairs it found; `check` says it stopped.
    let _ = find(&Scopes::of(db, spec), spec, schedule, |a, b, _, _, _| {
        pairs.push((a, b))
    });
    pairs
}

/// Calls `found` once per concurrent task pair (earlier task first) whose
/// write scopes share a path, with the first overlapping glob pair and the
/// witness path (or `TooComplex` when the exact search gave up on a pair).
fn find(
    scopes: &Scopes<'_>,
    spec: &Spec,
    schedule: &Schedule,
    mut found: impl FnMut(usize, usize, Entry<'_>, Entry<'_>, Result<&str, TooComplex>),
) -> bool {
    let groups = Groups::of(
        spec,
        scopes
            .tasks
            .iter()
            .enumerate()
            .map(|(t, s)| (t, s.allow.iter().map(|e| e.glob).collect())),
    );
    let prefixes: Vec<&str> = groups.keys.iter().map(|&(_, g)| scopes.prefix(g)).collect();
    // (earlier task, later task, glob of the earlier, glob of the later),
    // formed only between groups of different agents, within a budget.
    let mut candidates: Vec<(usize, usize, usize, usize)> = Vec::new();
    let (pairs, mut truncated) = candidate_pairs_within_limited(&prefixes, MAX_CANDIDATES);
    'pairs: for (x, y) in pairs {
        if groups.keys[x].0 == groups.keys[y].0 {
            continue;
        }
        for &(ta, ka) in &groups.members[x] {
            for &(tb, kb) in &groups.members[y] {
                if !schedule.concurrent(ta, tb) {
                    continue;
                }
                if candidates.len() >= MAX_CANDIDATES {
                    truncated = true;
                    break 'pairs;
                }
                candidates.push(if ta < tb {
                    (ta, tb, ka, kb)
                } else {
                    (tb, ta, kb, ka)
                });
            }
        }
    }
    candidates.sort_unstable();

    // Many tasks share their agent's or the spec's globs: decide each
    // (glob, glob, denies) question once.
    type Answer = Result<Option<String>, TooComplex>;
    let mut memo: HashMap<(usize, usize, Vec<usize>), Answer> = HashMap::new();
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
            match witness {
                Ok(Some(path)) => {
                    found(a, b, ea, eb, Ok(path));
                    break;
                }
                Ok(None) => {}
                Err(e) => {
                    found(a, b, ea, eb, Err(*e));
                    break;
                }
            }
        }
    }
    truncated
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
