//! C005 dependency-conflict.

use semver::VersionReq;

use super::LintContext;
use crate::analysis::semver_range;
use crate::diagnostics::{Diagnostic, Label};
use crate::semantic::model::{Dependency, DependencyRule, Loc};

pub use crate::diagnostics::rules::DEPENDENCY_CONFLICT as RULE;

pub fn check(cx: &LintContext<'_>, out: &mut Vec<Diagnostic>) {
    // Dependency names in the order first mentioned.
    let mut names: Vec<&str> = Vec::new();
    for d in &cx.spec.boundaries.dependencies {
        if !names.contains(&d.name.as_str()) {
            names.push(&d.name);
        }
    }
    for name in names {
        let deps: Vec<&Dependency> = cx
            .spec
            .boundaries
            .dependencies
            .iter()
            .filter(|d| d.name == name)
            .collect();
        ranges(name, &deps, out);
        forbidden(name, &deps, out);
    }
}

/// The place to point at for a dependency's requirement: the version text
/// when there is one, else the statement.
fn req_loc(d: &Dependency) -> &Loc {
    d.req.as_ref().map_or(&d.loc, |r| &r.loc)
}

fn ranges(name: &str, deps: &[&Dependency], out: &mut Vec<Diagnostic>) {
    let with_reqs: Vec<(&Dependency, &str, VersionReq)> = deps
        .iter()
        .filter(|d| d.rule != DependencyRule::Forbid)
        .filter_map(|d| {
            let text = d.req.as_ref()?.value.as_str();
            Some((*d, text, VersionReq::parse(text).ok()?))
        })
        .collect();
    let reqs: Vec<&VersionReq> = with_reqs.iter().map(|(_, _, r)| r).collect();
    let Some((i, j)) = semver_range::conflicting_pair(&reqs) else {
        return;
    };
    let (first, first_text, _) = &with_reqs[i];
    let (last, last_text, _) = &with_reqs[j];
    let at = req_loc(last);
    let d = if i == j {
        Diagnostic::new(
            &RULE,
            at.file,
            at.span,
            format!("no release of `{name}` satisfies `{last_text}`"),
        )
        .with_primary_label("this range is empty")
    } else {
        let other = req_loc(first);
        Diagnostic::new(
            &RULE,
            at.file,
            at.span,
            format!(
                "no release of `{name}` satisfies both `{}` `{first_text}` and `{}` `{last_text}`",
                first.rule.as_str(),
                last.rule.as_str()
            ),
        )
        .with_primary_label(format!("`{last_text}` …"))
        .with_label(Label::new(
            other.file,
            other.span,
            format!("… shares no version with `{first_text}`"),
        ))
    };
    out.push(d.with_help(format!(
        "keep one requirement for `{name}`, or widen them until one version satisfies both"
    )));
}

fn forbidden(name: &str, deps: &[&Dependency], out: &mut Vec<Diagnostic>) {
    let Some(forbid) = deps.iter().find(|d| d.rule == DependencyRule::Forbid) else {
        return;
    };
    let Some(wanted) = deps.iter().find(|d| d.rule != DependencyRule::Forbid) else {
        return;
    };
    out.push(
        Diagnostic::new(
            &RULE,
            forbid.loc.file,
            forbid.loc.span,
            format!(
                "`{name}` is forbidden, but `{} dep \"{name}\"` wants it present",
                wanted.rule.as_str()
            ),
        )
        .with_primary_label("must be absent here …")
        .with_label(Label::new(
            wanted.loc.file,
            wanted.loc.span,
            format!("… and must be present here (`{}`)", wanted.rule.as_str()),
        ))
        .with_help(format!(
            "delete the `forbid` or the `{}` of `{name}`: the spec cannot want both",
            wanted.rule.as_str()
        )),
    );
}
