//! O002 redundant-constraint.
//!
//! Four kinds of constraint can be implied by another of their kind:
//!
//! * a `write` glob inside another `write` glob of the same list (the spec's,
//!   one agent's or one task's; lists at different levels are not compared,
//!   since a task's `write` replaces its agent's rather than adding to it);
//! * a `deny` glob inside another `deny` that applies at the same place: the
//!   same list, or an enclosing level (denies accumulate: spec, agent, task);
//! * a coverage minimum implied by a stricter one over the same `of` glob
//!   *and* the same command (two commands may measure different things, such
//!   as lines and branches, so different commands are never compared);
//! * a budget implied by another on the same metric and target.
//!
//! Exact (glob subsets by automata, budgets by intervals). When two
//! constraints say exactly the same, only the later is reported, so deleting
//! every reported one keeps the meaning. A constraint inherited from a
//! template is never reported: the spec's author cannot delete it.

use super::LintContext;
use super::c004_contradictory_budget::{bound, constraints, groups, subject};
use super::scopes::partners;
use crate::analysis::glob::{self, Glob, is_subset};
use crate::analysis::interval;
use crate::diagnostics::{Diagnostic, Label};
use crate::semantic::model::{GlobAt, Loc, Spec};

pub use crate::diagnostics::rules::REDUNDANT_CONSTRAINT as RULE;

pub fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let spec = cx.spec;
    writes(cx, out);
    denies(cx, out);
    coverage(spec, out);
    budgets(spec, out);
}

/// Whether the item at `loc` was written in the spec's own file.
fn own(spec: &Spec, loc: &Loc) -> bool {
    loc.file == spec.loc.file
}

/// Whether every path of `g` matches `wider`. Globs whose literal prefixes
/// diverge share no path, so (for a `g` that matches something, which the
/// caller ensures) `g` cannot be inside `wider`: the automata are skipped.
/// An undecidable pair (too complex) counts as "not inside" and sets
/// `undecided`, so the caller reports E011 instead of a guess.
fn inside(g: &Glob, wider: &Glob, undecided: &mut bool) -> bool {
    let (p, q) = (g.literal_prefix(), wider.literal_prefix());
    (p.starts_with(q) || q.starts_with(p))
        && is_subset(g, wider).unwrap_or_else(|_| {
            *undecided = true;
            false
        })
}

fn writes(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let spec = cx.spec;
    let lists = std::iter::once(&spec.boundaries.write)
        .chain(spec.agents.iter().map(|a| &a.write))
        .chain(spec.tasks.iter().map(|t| &t.write));
    for list in lists {
        redundant_globs(cx, "write", &[], list, out);
    }
}

fn denies(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let spec = cx.spec;
    redundant_globs(cx, "deny", &[], &spec.boundaries.deny, out);
    let mut outer: Vec<&GlobAt> = spec.boundaries.deny.iter().collect();
    for agent in &spec.agents {
        redundant_globs(cx, "deny", &outer, &agent.deny, out);
        let base = outer.len();
        outer.extend(&agent.deny);
        for task in agent.tasks.iter().filter_map(|&t| spec.tasks.get(t)) {
            redundant_globs(cx, "deny", &outer, &task.deny, out);
        }
        outer.truncate(base);
    }
}

/// The index keys of `globs`, as [`Scopes`](super::scopes::Scopes) keys
/// its own: the literal prefixes of their patterns, up to the first escape.
/// That is never longer than the compiled glob's (which unescapes), so the
/// index pairs every two globs that can imply one another, and [`inside`]
/// looks at the whole prefixes.
fn prefixes<'s>(globs: impl IntoIterator<Item = &'s GlobAt>) -> Vec<&'s str> {
    globs
        .into_iter()
        .map(|at| super::scopes::index_prefix(&at.pattern))
        .collect()
}

/// Reports each glob of `list` implied by a glob of `outer` (any) or by
/// another of `list` (a strictly wider one, or an equal earlier one). A glob
/// that matches no valid path (`a/`) is not reported: nothing implies it in
/// any useful sense, it is simply dead. A glob is compiled only when first
/// needed, by any lint of the spec (`LintContext::glob`; `None` if it does
/// not parse, which the type checker reported: such a glob takes no part):
/// most globs share no literal prefix with another of their lists.
fn redundant_globs<'s>(
    cx: &LintContext<'s>,
    head: &str,
    outer: &[&'s GlobAt],
    list: &'s [GlobAt],
    out: &mut Vec<Diagnostic>,
) {
    let spec = cx.spec;
    if list.len() + outer.len() < 2 {
        return;
    }
    // Only globs whose literal prefixes agree can imply one another: pair
    // them through the prefix index, not all with all (a `write` list of
    // 100,000 globs was 10¹⁰ comparisons).
    let (lp, op) = (prefixes(list), prefixes(outer.iter().copied()));
    let (by_outer_pairs, cut_outer) =
        super::scopes::candidate_pairs_limited(&lp, &op, super::scopes::MAX_CANDIDATES);
    let (by_list_pairs, cut_list) =
        super::scopes::candidate_pairs_limited(&lp, &lp, super::scopes::MAX_CANDIDATES);
    if cut_outer || cut_list {
        // Cut lists only miss implications: fewer findings, never false ones.
        out.push(super::scopes::stopped_early(spec, &RULE));
    }
    for (i, at) in list.iter().enumerate() {
        if !own(spec, &at.loc) {
            continue;
        }
        let (by_outer_candidates, by_list_candidates) =
            (partners(&by_outer_pairs, i), partners(&by_list_pairs, i));
        // A glob paired with nothing (but itself) is implied by nothing.
        if by_outer_candidates.clone().next().is_none()
            && by_list_candidates.clone().all(|j| j == i)
        {
            continue;
        }
        let Some(g) = cx.glob(&at.pattern) else {
            continue;
        };
        let mut undecided = false;
        let by_outer = by_outer_candidates.map(|j| outer[j]).find(|o| {
            cx.glob(&o.pattern)
                .is_some_and(|o| inside(g, o, &mut undecided))
        });
        let by_list = |undecided: &mut bool| {
            by_list_candidates.clone().find_map(|j| {
                let other = &list[j];
                let og = cx.glob(&other.pattern)?;
                let implied =
                    j != i && inside(g, og, undecided) && (j < i || !inside(og, g, undecided));
                implied.then_some(other)
            })
        };
        let found = by_outer.or_else(|| by_list(&mut undecided));
        let Some(wider) = found else {
            if undecided {
                out.push(super::scopes::too_complex(&at.loc, &at.pattern, "O002"));
            }
            continue;
        };
        // Checked last: one search per glob found implied, not per glob.
        // (A glob too large to search counts as live: it was found implied.)
        if matches!(glob::exists(&[g], &[]), Ok(false)) {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE,
                at.loc.file,
                at.loc.span,
                format!(
                    "`{head} \"{}\"` is implied by `{head} \"{}\"`",
                    at.pattern, wider.pattern
                ),
            )
            .with_primary_label(format!(
                "every path of this glob matches `{}`",
                wider.pattern
            ))
            .with_label(Label::new(
                wider.loc.file,
                wider.loc.span,
                "already covers it",
            ))
            .with_help(format!("delete `\"{}\"`", at.pattern)),
        );
    }
}

fn coverage(spec: &Spec, out: &mut Vec<Diagnostic>) {
    let checks: Vec<(usize, f64, Option<&str>, &str)> = spec
        .checks
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let (amount, of) = c.coverage.as_ref()?;
            let of = of.as_ref().map(|g| g.pattern.as_ref());
            Some((i, amount.canonical, of, c.command.as_str()))
        })
        .collect();
    for &(i, min_i, of_i, cmd_i) in &checks {
        let check = &spec.checks[i];
        if !own(spec, &check.loc) {
            continue;
        }
        let stricter = checks.iter().find(|&&(j, min_j, of_j, cmd_j)| {
            j != i && of_j == of_i && cmd_j == cmd_i && (min_j > min_i || (min_j == min_i && j < i))
        });
        let Some(&(j, ..)) = stricter else { continue };
        let other = &spec.checks[j];
        let text = |c: &crate::semantic::model::Check| {
            c.coverage
                .as_ref()
                .map_or(String::new(), |(a, _)| a.text.clone())
        };
        let over = of_i.map_or(String::new(), |g| format!(" of `{g}`"));
        out.push(
            Diagnostic::new(
                &RULE,
                check.loc.file,
                check.loc.span,
                format!(
                    "`{}` (>= {}{over}) is implied by `{}` (>= {}) with the same command",
                    check.id(),
                    text(check),
                    other.id(),
                    text(other)
                ),
            )
            .with_primary_label("this minimum says nothing new")
            .with_label(Label::new(
                other.loc.file,
                other.loc.span,
                "already demands as much or more",
            ))
            .with_help(format!(
                "delete `{}` and refer to `{}` instead",
                check.id(),
                other.id()
            )),
        );
    }
}

fn budgets(spec: &Spec, out: &mut Vec<Diagnostic>) {
    for group in groups(spec) {
        let report = interval::analyse(&constraints(&group));
        if report.contradiction.is_some() {
            // C004 reports the group; implied bounds in it are beside the point.
            continue;
        }
        for (i, j) in report.redundant {
            let (weak, strong) = (group[i], group[j]);
            if !own(spec, &weak.loc) {
                continue;
            }
            let message = if bound(weak) == bound(strong) {
                format!(
                    "the budget `{}` on `{}` repeats an earlier one",
                    bound(weak),
                    subject(weak)
                )
            } else {
                format!(
                    "the budget `{}` on `{}` is implied by `{}`",
                    bound(weak),
                    subject(weak),
                    bound(strong)
                )
            };
            out.push(
                Diagnostic::new(&RULE, weak.loc.file, weak.loc.span, message)
                    .with_primary_label("this bound says nothing new")
                    .with_label(Label::new(
                        strong.loc.file,
                        strong.loc.span,
                        "already implies it",
                    ))
                    .with_help(format!("delete the budget `{}`", bound(weak))),
            );
        }
    }
}
