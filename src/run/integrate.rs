//! All or nothing: only when every task succeeded are the result branches
//! merged, in topological order, on a scratch branch from the target's tip;
//! the target then moves to the result in one step (a fast-forward of the
//! checked-out branch, or a compare-and-swap `update-ref`). A crash before
//! that step leaves the target as it was; one after it is recognised on
//! resume because the recorded result is already in the target.

use super::Runner;
use super::audit::Entry;
use super::git::{self, git};

fn scratch_branch(runner: &Runner) -> String {
    format!("charter/{}/_integration", runner.spec())
}

pub fn integrate(runner: &Runner) -> Result<(), String> {
    let state = runner.snapshot()?;
    if state.integrated.is_some() {
        return Ok(());
    }
    let into = state.into.clone();
    let target_ref = format!("refs/heads/{into}");
    let scratch = scratch_branch(runner);
    let worktree = runner.dir.worktree("_integration");

    // Resumed after the target moved but before it was recorded?
    if let Ok(done) = git::rev(&runner.repo, &scratch)
        && git::git_ok(
            &runner.repo,
            &["merge-base", "--is-ancestor", &done, &target_ref],
        )
        && every_result_in(runner, &done)
    {
        return record(runner, done);
    }

    let old = git::rev(&runner.repo, &target_ref)?;
    let _ = git(
        &runner.repo,
        &["worktree", "remove", "--force", &worktree.to_string_lossy()],
    );
    let _ = std::fs::remove_dir_all(&worktree);
    let _ = git(&runner.repo, &["worktree", "prune"]);
    git(
        &runner.repo,
        &[
            "worktree",
            "add",
            "--quiet",
            "-B",
            &scratch,
            &worktree.to_string_lossy(),
            &old,
        ],
    )?;
    for id in runner.plan.doc.topological_order()? {
        let mut args: Vec<String> = runner.identity.clone();
        args.extend(
            ["merge", "--no-ff", "--no-edit", "--quiet", "-m"]
                .iter()
                .map(|s| s.to_string()),
        );
        args.push(format!("charter: integrate {id}"));
        args.push(runner.branch(&id));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        git(&worktree, &args)
            .map_err(|e| format!("integrating `{id}` failed, the target is untouched: {e}"))?;
    }
    let result = git::rev(&worktree, "HEAD")?;
    crate::run::crash_point();
    if git::current_branch(&runner.repo).as_deref() == Some(into.as_str()) {
        // The target is checked out: move it with its working tree.
        git(&runner.repo, &["merge", "--ff-only", "--quiet", &result]).map_err(|e| {
            format!("cannot move `{into}` to the result (is its working tree clean?): {e}")
        })?;
    } else {
        git(&runner.repo, &["update-ref", &target_ref, &result, &old])?;
    }
    record(runner, result)
}

fn every_result_in(runner: &Runner, commit: &str) -> bool {
    runner.plan.doc.tasks.iter().all(|t| {
        git::git_ok(
            &runner.repo,
            &["merge-base", "--is-ancestor", &runner.branch(&t.id), commit],
        )
    })
}

fn record(runner: &Runner, result: String) -> Result<(), String> {
    let into = runner.snapshot()?.into;
    runner.record(
        Entry {
            task: None,
            step: "integrated",
            outcome: "ok",
            detail: format!("{} task(s) merged into {into}", runner.plan.doc.tasks.len()),
            commit: Some(result.clone()),
        },
        |s| s.integrated = Some(result.clone()),
    )
}

/// Copies the finished log to `governance.audit_log` in the repository's
/// working tree (it is not committed: the run's own copy stays the source).
pub fn publish_log(runner: &Runner) -> Result<(), String> {
    let Some(path) = runner.plan.doc.governance.audit_log.as_deref() else {
        return Ok(());
    };
    let relative = std::path::Path::new(path);
    if relative.is_absolute()
        || relative
            .components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)))
    {
        return Err(format!(
            "`governance.audit_log` `{path}` must stay inside the repository"
        ));
    }
    let target = runner.repo.join(relative);
    let bytes = std::fs::read(runner.dir.audit()).map_err(|e| e.to_string())?;
    super::state::write_atomically(&target, &bytes)?;
    eprintln!("charter run: audit log copied to {path}");
    Ok(())
}

/// Removes the finished run's worktrees (the branches stay, for the trace).
pub fn clean_up(runner: &Runner) {
    let mut ids: Vec<String> = runner.plan.doc.tasks.iter().map(|t| t.id.clone()).collect();
    ids.push("_integration".into());
    for id in ids {
        let worktree = runner.dir.worktree(&id);
        let _ = git(
            &runner.repo,
            &["worktree", "remove", "--force", &worktree.to_string_lossy()],
        );
    }
    let _ = git(&runner.repo, &["worktree", "prune"]);
}
