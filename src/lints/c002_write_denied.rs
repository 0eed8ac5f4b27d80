//! C002 write-denied.

use super::LintContext;
use super::scopes::Owner;
use crate::analysis::glob::{self, Glob};
use crate::diagnostics::{Diagnostic, Label};
use crate::semantic::model::GlobAt;

pub use crate::diagnostics::rules::WRITE_DENIED as RULE;

pub fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    let spec = cx.spec;
    let spec_denies: Vec<&GlobAt> = spec.boundaries.deny.iter().collect();
    lint_level(cx, &spec.boundaries.write, &spec_denies, Owner::Spec, out);
    for (owner, writes, denies) in super::scopes::write_levels(spec) {
        lint_level(cx, writes, &denies, owner, out);
    }
}

/// Reports every glob of `writes` that `denies` cover entirely.
fn lint_level(
    cx: &LintContext<'_>,
    writes: &[GlobAt],
    denies: &[&GlobAt],
    owner: Owner,
    out: &mut Vec<Diagnostic>,
) {
    if writes.is_empty() || denies.is_empty() {
        return;
    }
    let (meeting, _) = super::scopes::meeting(denies, writes);
    // The denies a write may meet, with their compiled globs.
    let meets = |i: usize| {
        meeting
            .of(i)
            .filter_map(|g| Some((denies[g], cx.glob(&denies[g].pattern)?)))
    };
    for (i, write) in writes.iter().enumerate() {
        // A write no deny can meet is certainly not covered by them. (A cut
        // list can only miss a covering deny: no false finding.)
        let deny_globs: Vec<&Glob> = meets(i).map(|(_, g)| g).collect();
        if deny_globs.is_empty() {
            continue;
        }
        let Some(w) = cx.glob(&write.pattern) else {
            continue;
        };
        match glob::exists(&[w], &deny_globs) {
            Ok(true) => continue,
            Ok(false) => {}
            Err(_) => {
                out.push(super::scopes::too_complex(
                    &write.loc,
                    &write.pattern,
                    "C002",
                ));
                continue;
            }
        }
        let mut d = Diagnostic::new(
            &RULE,
            write.loc.file,
            write.loc.span,
            format!(
                "`write \"{}\"` of {} grants nothing: every path it matches is denied",
                write.pattern,
                owner.describe(cx.spec)
            ),
        )
        .with_primary_label("this write is entirely denied");
        // Label the denies that take part: those sharing a path with the write.
        for (at, g) in meets(i) {
            if let Ok(Some(path)) = super::scopes::legible_witness(&[w, g], &[]) {
                d = d.with_label(Label::new(
                    at.loc.file,
                    at.loc.span,
                    format!("this deny covers `{path}`"),
                ));
            }
        }
        out.push(d.with_help(
            "remove the `write`, or narrow the `deny` so it carves only part of the write out",
        ));
    }
}
