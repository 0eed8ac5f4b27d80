//! C007 stale-read.
//!
//! A task's `read` globs against the write scopes (allow minus deny) of the
//! tasks concurrent with it, decided exactly through the same literal-prefix
//! index as C001.

use foldhash::{HashMap, HashMapExt};

use super::LintContext;
use super::scopes::{Entry, Groups, MAX_CANDIDATES, candidate_pairs_limited};
use crate::analysis::glob::TooComplex;
use crate::diagnostics::{Diagnostic, Label};

pub use crate::diagnostics::rules::STALE_READ as RULE;

pub fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let spec = cx.spec;
    let scopes = cx.scopes();
    let group = |read: bool| {
        Groups::of(
            spec,
            scopes.tasks.iter().enumerate().map(|(t, s)| {
                let list = if read { &s.read } else { &s.allow };
                (t, list.iter().map(|e| e.glob).collect())
            }),
        )
    };
    let reads = group(true);
    let writes = group(false);
    let read_prefixes: Vec<&str> = reads.keys.iter().map(|&(_, g)| scopes.prefix(g)).collect();
    let write_prefixes: Vec<&str> = writes.keys.iter().map(|&(_, g)| scopes.prefix(g)).collect();
    // (reader, writer, read glob, write glob), in model order; tasks of one
    // agent never run at once, so groups of one agent are not paired.
    let (pairs, mut truncated) =
        candidate_pairs_limited(&read_prefixes, &write_prefixes, MAX_CANDIDATES);
    let mut candidates: Vec<(usize, usize, usize, usize)> = Vec::new();
    'pairs: for (x, y) in pairs {
        if reads.keys[x].0 == writes.keys[y].0 {
            continue;
        }
        for &(r, kr) in &reads.members[x] {
            for &(w, kw) in &writes.members[y] {
                if !cx.schedule.concurrent(r, w) {
                    continue;
                }
                if candidates.len() >= MAX_CANDIDATES {
                    truncated = true;
                    break 'pairs;
                }
                candidates.push((r, w, kr, kw));
            }
        }
    }
    if truncated {
        out.push(super::scopes::stopped_early(spec, &RULE));
    }
    candidates.sort_unstable();
    // Tasks share their agent's or the spec's globs and denies: decide each
    // (read glob, write glob, denies) question once.
    type Answer = Result<Option<String>, TooComplex>;
    let mut memo: HashMap<(usize, usize, Vec<usize>), Answer> = HashMap::new();
    for group in candidates.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)) {
        let (r, w) = (group[0].0, group[0].1);
        let mut denies = scopes.tasks[w].deny_globs();
        denies.sort_unstable();
        for &(_, _, kr, kw) in group {
            let (read, write) = (scopes.tasks[r].read[kr], scopes.tasks[w].allow[kw]);
            let found = memo
                .entry((read.glob, write.glob, denies.clone()))
                .or_insert_with(|| scopes.witness(&[read.glob, write.glob], &denies));
            match found {
                Ok(Some(path)) => {
                    out.push(report(cx, r, w, read, write, path));
                    break;
                }
                Ok(None) => {}
                Err(TooComplex) => {
                    let at = read.loc(&cx.spec.tasks[r]);
                    out.push(super::scopes::too_complex(at, read.pattern(), "C007"));
                    break;
                }
            }
        }
    }
}

fn report(
    cx: &LintContext<'_>,
    r: usize,
    w: usize,
    read: Entry<'_>,
    write: Entry<'_>,
    path: &str,
) -> Diagnostic {
    let spec = cx.spec;
    let (reader, writer) = (&spec.tasks[r], &spec.tasks[w]);
    let (id_r, id_w) = (spec.task_id(r), spec.task_id(w));
    let at = read.loc(reader);
    let write_at = write.loc(writer);
    let write_label = match write.at {
        Some(g) => format!("`{id_w}` may write `{path}` through `{}`", g.pattern),
        None => format!("`{id_w}` has no `write` anywhere: it may write `{path}`"),
    };
    Diagnostic::new(
        &RULE,
        at.file,
        at.span,
        format!("`{id_r}` reads `{path}`, which `{id_w}` may write at the same time"),
    )
    .with_primary_label(format!("`{id_r}` reads `{path}` through `{}`", read.pattern()))
    .with_label(Label::new(write_at.file, write_at.span, write_label))
    .with_note(format!(
        "`{id_r}` and `{id_w}` are concurrent: neither waits for the other through `after` or agent order"
    ))
    .with_help(format!(
        "add `after {id_w}` to `{id_r}`, or keep `{path}` out of `{id_w}`'s write scope"
    ))
}
