//! D001 glob-matches-nothing: a scope glob that names no file of the repository.

use super::RepoFiles;
use crate::analysis::glob::Glob;
use crate::diagnostics::Diagnostic;
use crate::semantic::model::{GlobAt, Spec};
use crate::text::FileId;

pub use crate::diagnostics::rules::GLOB_MATCHES_NOTHING as RULE;

/// Every scope glob of the spec, with what it is (`write`, `deny`, …),
/// each written glob once, bundled templates left out (their globs are
/// defaults the user did not write).
fn globs<'s>(spec: &'s Spec, bundled: &dyn Fn(FileId) -> bool) -> Vec<(&'static str, &'s GlobAt)> {
    let mut out: Vec<(&'static str, &GlobAt)> = Vec::new();
    let b = &spec.boundaries;
    out.extend(b.write.iter().map(|g| ("write", g)));
    out.extend(b.deny.iter().map(|g| ("deny", g)));
    for agent in &spec.agents {
        out.extend(agent.write.iter().map(|g| ("write", g)));
        out.extend(agent.read.iter().map(|g| ("read", g)));
        out.extend(agent.deny.iter().map(|g| ("deny", g)));
    }
    for task in &spec.tasks {
        out.extend(task.write.iter().map(|g| ("write", g)));
        out.extend(task.read.iter().map(|g| ("read", g)));
        out.extend(task.deny.iter().map(|g| ("deny", g)));
    }
    for approval in &spec.governance.approvals {
        out.extend(approval.touches.iter().map(|g| ("approve", g)));
    }
    out.retain(|(_, g)| !bundled(g.loc.file));
    out.sort_by(|a, b| (&a.1.loc, a.0).cmp(&(&b.1.loc, b.0)));
    out.dedup_by(|a, b| a.1.loc == b.1.loc);
    out
}

pub fn check(
    spec: &Spec,
    files: &RepoFiles,
    bundled: &dyn Fn(FileId) -> bool,
    out: &mut Vec<Diagnostic>,
) {
    for (kind, at) in globs(spec, bundled) {
        // A malformed glob is E008's; nothing to compare here.
        let Ok(glob) = Glob::parse(&at.pattern) else {
            continue;
        };
        if files.any_match(&glob) {
            continue;
        }
        let mut d = Diagnostic::new(
            &RULE,
            at.loc.file,
            at.loc.span,
            format!("`{}` matches no file in the repository", at.pattern),
        )
        .with_primary_label(format!(
            "this `{kind}` glob matches none of the {} files under the root",
            files.len()
        ));
        if !at.pattern.contains('*') && !at.pattern.contains('?') && !at.pattern.contains('[') {
            let folder = at.pattern.trim_end_matches('/');
            if files.any_match(&Glob::parse(&format!("{folder}/**")).unwrap_or(glob)) {
                d = d.with_help(format!(
                    "`{folder}` is a folder; globs match files, so write `{folder}/**`"
                ));
            }
        }
        if d.help.is_none() {
            d = d.with_help(
                "fix the pattern (was the folder moved or renamed?), or waive D001 with a reason if a task creates these files",
            );
        }
        out.push(d);
    }
}
