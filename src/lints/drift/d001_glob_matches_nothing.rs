//! D001 glob-matches-nothing: a scope glob that names no file of the repository.

use super::RepoFiles;
use crate::analysis::glob::Glob;
use crate::diagnostics::Diagnostic;
use crate::semantic::model::{GlobAt, Spec};

crate::lint_rule!(
    "D001",
    "glob-matches-nothing",
    Warning,
    "with `check --root DIR`: a `write`, `deny`, `read` or `approve` glob matches no file",
    r#"## What it does
With `charter check --root DIR`, compares every `write`, `deny`, `read` and `approve …
touches` glob of a spec with the files under `DIR` (ignored files left out, as git
leaves them out) and flags each glob that matches none of them.

## Why it matters
A glob that matches nothing usually means the spec drifted from the repository: a folder
was renamed (`src/db/**` after the move to `crates/db/`), a pattern has a typo, or an
approval guards files that no longer exist. A `deny` that matches nothing protects
nothing; a `write` that matches nothing sends an agent to the wrong place. Globs are
matched with git's wildmatch, so `src/db` names a file, not the folder: write `src/db/**`.

## Example
In a repository holding `src/db/models.rs` and `src/api/routes.rs`:

```charter
spec port {
    intent {
        outcome "Every model has a SeaORM entity"
        success parity "Repository methods return the same rows" by test.all
    }
    boundaries { write "src/database/**"; deny "src/api/**" }
    verify { test all "cargo test" }
    agent data { task models { goal "Every model has an entity"; verify test.all } }
}
```

## Fixed example
```charter
spec port {
    intent {
        outcome "Every model has a SeaORM entity"
        success parity "Repository methods return the same rows" by test.all
    }
    boundaries { write "src/db/**"; deny "src/api/**" }
    verify { test all "cargo test" }
    agent data { task models { goal "Every model has an entity"; verify test.all } }
}
```
A glob for files a task will create (a new folder) matches nothing yet: say so with
`waive D001 "the task creates docs/adr/"` in its block.
"#
);

/// Every scope glob of the spec, with what it is (`write`, `deny`, …),
/// each written glob once, bundled templates left out (their globs are
/// defaults the user did not write).
fn globs(spec: &Spec) -> Vec<(&'static str, &GlobAt)> {
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
    out.retain(|(_, g)| !super::is_bundled(&g.loc.path));
    out.sort_by(|a, b| (&a.1.loc, a.0).cmp(&(&b.1.loc, b.0)));
    out.dedup_by(|a, b| a.1.loc == b.1.loc);
    out
}

pub fn check(spec: &Spec, files: &RepoFiles, out: &mut Vec<Diagnostic>) {
    for (kind, at) in globs(spec) {
        // A malformed glob is E008's; nothing to compare here.
        let Ok(glob) = Glob::parse(&at.pattern) else {
            continue;
        };
        if files.any_match(&glob) {
            continue;
        }
        let mut d = Diagnostic::new(
            &RULE,
            &at.loc.path,
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
