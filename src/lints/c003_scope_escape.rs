//! C003 scope-escape.
//!
//! An agent's or task's `write` must stay inside the spec's `write`
//! (language.md). A task's `write` is *not* required to stay inside its
//! agent's: the scope rule is "task, else agent, else spec", so a task's
//! `write` replaces its agent's rather than narrowing it (the stdlib example
//! `typeorm_to_prisma` relies on this: its `drop_typeorm` task widens its
//! agent's scope to the npm manifest, inside the spec's `write`).
//!
//! Denies in scope count as inside: a path the agent may not write anyway
//! cannot escape (agent `write "src/**"` with `deny "src/api/**"` inside a
//! spec `write "src/db/**", "src/api/**"` still escapes through `src/x`, but
//! not through `src/api/x`). Decided exactly, with the shortest escaping path.

use super::LintContext;
use super::scopes::Owner;
use crate::analysis::glob::Glob;
use crate::diagnostics::{Diagnostic, Label};
use crate::semantic::model::GlobAt;

pub use crate::diagnostics::rules::SCOPE_ESCAPE as RULE;

pub fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let spec = cx.spec;
    if spec.boundaries.write.is_empty() {
        return;
    }
    for (owner, writes, denies) in super::scopes::write_levels(spec) {
        // A path that is denied anyway does not escape.
        let inside: Vec<&GlobAt> = spec.boundaries.write.iter().chain(denies).collect();
        lint_level(cx, writes, &inside, owner, out);
    }
}

/// Reports every glob of `writes` with a path outside `inside` (the spec's
/// writes and the denies in scope).
fn lint_level(
    cx: &LintContext<'_>,
    writes: &[GlobAt],
    inside: &[&GlobAt],
    owner: Owner,
    out: &mut Vec<Diagnostic>,
) {
    if writes.is_empty() {
        return;
    }
    let (meeting, truncated) = super::scopes::meeting(inside, writes);
    if truncated {
        // A cut list could miss the glob that keeps a write inside: report
        // nothing rather than a false escape.
        out.push(super::scopes::stopped_early(cx.spec, &RULE));
        return;
    }
    for (i, write) in writes.iter().enumerate() {
        // The same glob, or one plainly inside a `DIR/**`: no search needed
        // (an agent repeating the spec's 100,000 writes).
        if meeting.of(i).any(|g| {
            inside[g].pattern == write.pattern
                || super::scopes::plainly_within(&write.pattern, &inside[g].pattern)
        }) {
            continue;
        }
        let Some(w) = cx.glob(&write.pattern) else {
            continue;
        };
        // Globs whose prefixes diverge from the write's share no path with
        // it: only the meeting ones can keep it inside.
        let inside_globs: Vec<&Glob> = meeting
            .of(i)
            .filter_map(|g| cx.glob(&inside[g].pattern))
            .collect();
        let path = match super::scopes::legible_witness(&[w], &inside_globs) {
            Ok(Some(path)) => path,
            Ok(None) => continue,
            Err(_) => {
                out.push(super::scopes::too_complex(
                    &write.loc,
                    &write.pattern,
                    "C003",
                ));
                continue;
            }
        };
        let mut d = Diagnostic::new(
            &RULE,
            write.loc.file,
            write.loc.span,
            format!(
                "`write \"{}\"` of {} reaches `{path}`, outside the spec's `write`",
                write.pattern,
                owner.describe(cx.spec)
            ),
        )
        .with_primary_label(format!("may write `{path}`"));
        // One label for the spec's `write` list: its first glob.
        if let Some(bound) = cx.spec.boundaries.write.first() {
            d = d.with_label(Label::new(
                bound.loc.file,
                bound.loc.span,
                format!("the spec's `write` does not include `{path}`"),
            ));
        }
        out.push(d.with_help(format!(
            "narrow the glob to lie inside the spec's `write`, or widen the spec's `write` if `{path}` is meant to change"
        )));
    }
}
