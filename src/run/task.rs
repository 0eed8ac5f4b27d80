//! One task, from a fresh worktree to its verdict, and the rollback after a
//! failure. Each step is recorded before the next relies on it; a task
//! resumed before its commit starts again from a fresh worktree, one
//! resumed after it continues from the recorded commit.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::Duration;

use super::audit::Entry;
use super::checks::judge;
use super::git::git;
use super::process::{Ended, INTERRUPTED, run_shell};
use super::state::{ApprovalAnswer, Phase};
use super::{Runner, brief, scope};
use crate::analysis::glob::Glob;
use crate::plan::input::{Check, Task};

/// How a task's thread ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskEnd {
    Succeeded,
    Failed,
    /// At an approval gate with no answer yet.
    Waiting,
    Interrupted,
}

/// Rollback and before-checks of a misbehaving repository get this long.
const ROLLBACK_TIMEOUT: Duration = Duration::from_secs(600);

fn entry(task: &str, step: &'static str, outcome: &'static str, detail: String) -> Entry {
    Entry {
        task: Some(task.to_string()),
        step,
        outcome,
        detail,
        commit: None,
    }
}

pub fn run_task(runner: &Runner, id: &str) -> Result<TaskEnd, String> {
    let task = runner
        .plan
        .doc
        .task(id)
        .ok_or_else(|| format!("no task `{id}` in the plan"))?
        .clone();
    let phase = runner
        .snapshot()?
        .tasks
        .get(id)
        .map_or(Phase::Pending, |t| t.phase);
    if phase < Phase::Committed {
        match work(runner, &task)? {
            Step::Next => {}
            Step::Fail(why) => return fail(runner, id, why),
            Step::End(end) => return Ok(end),
        }
    }
    let phase = runner
        .snapshot()?
        .tasks
        .get(id)
        .map_or(Phase::Pending, |t| t.phase);
    if matches!(phase, Phase::Committed | Phase::AwaitingApproval) {
        match gate(runner, &task)? {
            Step::Next => {}
            Step::Fail(why) => return fail(runner, id, why),
            Step::End(end) => return Ok(end),
        }
    }
    let worktree = runner.dir.worktree(id);
    for check in task.checks.iter().filter_map(|c| runner.plan.doc.check(c)) {
        let (ended, output) = run_check(runner, id, check, &worktree, "after")?;
        if ended == Ended::Interrupted {
            return Ok(TaskEnd::Interrupted);
        }
        let verdict = judge(check, ended, &output);
        let commit = runner
            .snapshot()?
            .tasks
            .get(id)
            .and_then(|t| t.commit.clone());
        let step = if verdict.passed {
            "check_passed"
        } else {
            "check_failed"
        };
        runner.record(
            Entry {
                commit,
                ..entry(
                    id,
                    step,
                    if verdict.passed { "ok" } else { "failed" },
                    format!("{}: {}", check.id, verdict.detail),
                )
            },
            |_| {},
        )?;
        if !verdict.passed {
            return fail(
                runner,
                id,
                format!("check {} failed: {}", check.id, verdict.detail),
            );
        }
    }
    let commit = runner
        .snapshot()?
        .tasks
        .get(id)
        .and_then(|t| t.commit.clone());
    runner.record(
        Entry {
            commit,
            ..entry(id, "task_succeeded", "ok", String::new())
        },
        |s| {
            if let Some(t) = s.tasks.get_mut(id) {
                t.phase = Phase::Succeeded;
            }
        },
    )?;
    Ok(TaskEnd::Succeeded)
}

enum Step {
    Next,
    Fail(String),
    End(TaskEnd),
}

fn fail(runner: &Runner, id: &str, why: String) -> Result<TaskEnd, String> {
    let commit = runner
        .snapshot()?
        .tasks
        .get(id)
        .and_then(|t| t.commit.clone());
    runner.record(
        Entry {
            commit,
            ..entry(id, "task_failed", "failed", why.clone())
        },
        |s| {
            if let Some(t) = s.tasks.get_mut(id) {
                t.phase = Phase::Failed;
                t.error = Some(why);
            }
            s.failed_task.get_or_insert_with(|| id.to_string());
        },
    )?;
    Ok(TaskEnd::Failed)
}

/// A fresh worktree on `charter/SPEC/TASK` at the base merged with the
/// dependencies' results; then `before` checks, the agent, the scope check
/// and the commit.
fn work(runner: &Runner, task: &Task) -> Result<Step, String> {
    let id = task.id.as_str();
    let worktree = runner.dir.worktree(id);
    let branch = runner.branch(id);
    let base = runner.snapshot()?.base;
    // Worktree administration is serialised across tasks (see `Runner::worktrees`).
    let administering = runner
        .worktrees
        .lock()
        .map_err(|_| "a task thread panicked")?;
    // A task resumed before its commit starts over.
    let _ = git(
        &runner.repo,
        &["worktree", "remove", "--force", &worktree.to_string_lossy()],
    );
    let _ = std::fs::remove_dir_all(&worktree);
    let _ = git(&runner.repo, &["worktree", "prune"]);
    std::fs::create_dir_all(runner.dir.logs(id)).map_err(|e| e.to_string())?;
    if let Some(parent) = worktree.parent() {
        std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    }
    git(
        &runner.repo,
        &[
            "worktree",
            "add",
            "--quiet",
            "-B",
            &branch,
            &worktree.to_string_lossy(),
            &base,
        ],
    )?;
    drop(administering);
    for d in &task.depends_on {
        let mut args: Vec<String> = runner.identity.clone();
        args.extend(
            ["merge", "--no-ff", "--no-edit", "--quiet", "-m"]
                .iter()
                .map(|s| s.to_string()),
        );
        args.push(format!("charter: start {id} from {d}"));
        args.push(runner.branch(d));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        if let Err(e) = git(&worktree, &args) {
            return Ok(Step::Fail(format!("merging `{d}` failed: {e}")));
        }
    }
    let start = super::git::rev(&worktree, "HEAD")?;
    runner.record(
        entry(
            id,
            "task_started",
            "ok",
            format!("branch {branch} at {start}"),
        ),
        |s| {
            if let Some(t) = s.tasks.get_mut(id) {
                t.phase = Phase::Started;
                t.start = Some(start.clone());
                t.commit = None;
                t.changed.clear();
            }
        },
    )?;

    // `before` checks, on the starting tree; their report files are then
    // cleaned away so they never count as the agent's change.
    for check in task.checks.iter().filter_map(|c| runner.plan.doc.check(c)) {
        let Some(want) = check.before.as_deref() else {
            continue;
        };
        let (ended, output) = run_check(runner, id, check, &worktree, "before")?;
        if ended == Ended::Interrupted {
            return Ok(Step::End(TaskEnd::Interrupted));
        }
        let verdict = judge(check, ended, &output);
        let got = if verdict.passed { "pass" } else { "fail" };
        let as_stated = got == want;
        runner.record(
            entry(
                id,
                "before_check",
                if as_stated { "ok" } else { "failed" },
                format!(
                    "{}: must {want} before the work and did {got} ({})",
                    check.id, verdict.detail
                ),
            ),
            |_| {},
        )?;
        if !as_stated {
            return Ok(Step::Fail(format!(
                "check {} must {want} before the work, and it did {got}",
                check.id
            )));
        }
        git(&worktree, &["reset", "--quiet", "--hard", "HEAD"])?;
        git(&worktree, &["clean", "--quiet", "-fd"])?;
    }

    // The agent.
    let brief = brief::json_brief(&runner.plan, id);
    let briefs = runner.dir.briefs();
    std::fs::create_dir_all(&briefs).map_err(|e| e.to_string())?;
    let json_path = briefs.join(format!("{id}.json"));
    let md_path = briefs.join(format!("{id}.md"));
    super::state::write_atomically(
        &json_path,
        serde_json::to_string_pretty(&brief)
            .map_err(|e| e.to_string())?
            .as_bytes(),
    )?;
    super::state::write_atomically(&md_path, brief::markdown_brief(&brief).as_bytes())?;
    let state = runner.snapshot()?;
    let env = [
        ("CHARTER_TASK", id.to_string()),
        ("CHARTER_BRIEF", json_path.to_string_lossy().into_owned()),
        ("CHARTER_BRIEF_MD", md_path.to_string_lossy().into_owned()),
        ("CHARTER_RUN", state.run.clone()),
    ];
    let ended = run_shell(
        &state.agent,
        &worktree,
        &env,
        &runner.dir.logs(id).join("agent.log"),
        Duration::from_secs(state.agent_timeout_s),
        &mut |pgid| remember_group(runner, id, Some(pgid)),
    )?;
    remember_group(runner, id, None);
    if ended == Ended::Interrupted {
        return Ok(Step::End(TaskEnd::Interrupted));
    }
    runner.record(
        entry(
            id,
            "agent_returned",
            if ended.success() { "ok" } else { "failed" },
            ended.describe(),
        ),
        |_| {},
    )?;
    if !ended.success() {
        return Ok(Step::Fail(format!(
            "the agent ended with {}",
            ended.describe()
        )));
    }

    // The scope check (the same judgement as `charter guard`).
    let changes = scope::changed_paths(&worktree, &start)?;
    let violations = match scope::violations(id, &task.write.allow, &task.write.deny, &changes) {
        Ok(v) => v,
        Err(e) => return Ok(Step::Fail(e)),
    };
    let changed = scope::path_texts(&changes);
    let detail = if violations.is_empty() {
        format!("{} path(s) changed, all in scope", changed.len())
    } else {
        violations.join("; ")
    };
    runner.record(
        entry(
            id,
            "scope_checked",
            if violations.is_empty() {
                "ok"
            } else {
                "failed"
            },
            detail.clone(),
        ),
        |_| {},
    )?;
    if !violations.is_empty() {
        return Ok(Step::Fail(detail));
    }

    // Commit, with the trailers, before any check runs.
    git(&worktree, &["add", "-A"])?;
    let mut args: Vec<String> = runner.identity.clone();
    args.extend(
        ["commit", "--quiet", "--allow-empty", "-m"]
            .iter()
            .map(|s| s.to_string()),
    );
    args.push(format!("{id}: {}", task.goal.as_deref().unwrap_or("done")));
    args.push("-m".into());
    args.push(format!(
        "Charter-Task: {id}\nCharter-Plan: {}",
        runner.plan.sha256
    ));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    git(&worktree, &args)?;
    let commit = super::git::rev(&worktree, "HEAD")?;
    runner.record(
        Entry {
            commit: Some(commit.clone()),
            ..entry(id, "committed", "ok", format!("{} path(s)", changed.len()))
        },
        |s| {
            if let Some(t) = s.tasks.get_mut(id) {
                t.phase = Phase::Committed;
                t.commit = Some(commit.clone());
                t.changed = changed.clone();
            }
        },
    )?;
    Ok(Step::Next)
}

fn remember_group(runner: &Runner, id: &str, pgid: Option<i32>) {
    let _ = runner.update(|s| {
        if let Some(t) = s.tasks.get_mut(id) {
            t.pgid = pgid;
        }
    });
}

/// The approval gate: reached under `paired` always, under `supervised`
/// when a changed path matches a `when_touches` glob of the task's
/// approvals. The answer comes from the terminal, or from `charter approve`.
fn gate(runner: &Runner, task: &Task) -> Result<Step, String> {
    let id = task.id.as_str();
    let state = runner.snapshot()?;
    let t = state.tasks.get(id).cloned().ok_or("lost task")?;
    let approvers: Vec<String> = match runner.plan.doc.governance.autonomy.as_str() {
        "autonomous" => Vec::new(),
        autonomy => {
            let mut by: Vec<String> = task
                .approvals
                .iter()
                .filter(|a| {
                    let globs: Vec<Glob> = a
                        .when_touches
                        .iter()
                        .filter_map(|g| Glob::parse(g).ok())
                        .collect();
                    t.changed.iter().any(|p| globs.iter().any(|g| g.matches(p)))
                })
                .map(|a| a.by.clone())
                .collect();
            by.dedup();
            if autonomy == "paired" && by.is_empty() {
                by.push("a reviewer".into());
            }
            by
        }
    };
    if approvers.is_empty() {
        runner.update(|s| {
            if let Some(t) = s.tasks.get_mut(id) {
                t.phase = Phase::Approved;
            }
        })?;
        return Ok(Step::Next);
    }
    if t.phase == Phase::Committed {
        runner.record(
            Entry {
                commit: t.commit.clone(),
                ..entry(
                    id,
                    "approval_requested",
                    "waiting",
                    format!("from {}", approvers.join(", ")),
                )
            },
            |s| {
                if let Some(t) = s.tasks.get_mut(id) {
                    t.phase = Phase::AwaitingApproval;
                }
            },
        )?;
    }
    let answer = match read_answer(&runner.dir.approval(id))? {
        Some(a) => Some(a),
        None => ask(runner, id, &approvers, &t.changed),
    };
    let Some(answer) = answer else {
        return Ok(Step::End(TaskEnd::Waiting));
    };
    let detail = format!(
        "by {}{}",
        answer.by,
        answer
            .reason
            .as_deref()
            .map_or(String::new(), |r| format!(": {r}"))
    );
    if answer.granted {
        runner.record(
            Entry {
                commit: t.commit.clone(),
                ..entry(id, "approval_granted", "ok", detail)
            },
            |s| {
                if let Some(t) = s.tasks.get_mut(id) {
                    t.phase = Phase::Approved;
                }
            },
        )?;
        Ok(Step::Next)
    } else {
        runner.record(
            Entry {
                commit: t.commit.clone(),
                ..entry(id, "approval_denied", "failed", detail)
            },
            |_| {},
        )?;
        Ok(Step::Fail(format!("approval denied by {}", answer.by)))
    }
}

fn read_answer(path: &Path) -> Result<Option<ApprovalAnswer>, String> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| format!("{}: {e}", path.display())),
        Err(_) => Ok(None),
    }
}

/// On a terminal, ask; otherwise there is no answer yet.
fn ask(
    runner: &Runner,
    id: &str,
    approvers: &[String],
    changed: &[String],
) -> Option<ApprovalAnswer> {
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return None;
    }
    let _one_at_a_time = runner.asking.lock().ok()?;
    runner.progress.suspend(|| {
        eprintln!(
            "`{id}` needs approval from {} (changed: {}). Approve? [y/N] ",
            approvers.join(", "),
            changed.join(", ")
        );
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).ok()?;
        let by = std::env::var("USER").unwrap_or_else(|_| "terminal".into());
        Some(ApprovalAnswer {
            by,
            granted: matches!(line.trim(), "y" | "Y" | "yes"),
            reason: Some("answered on the terminal".into()),
        })
    })
}

/// Runs a check from the worktree's root, output to the task's log folder.
fn run_check(
    runner: &Runner,
    id: &str,
    check: &Check,
    worktree: &Path,
    when: &str,
) -> Result<(Ended, String), String> {
    let output = runner.dir.logs(id).join(format!("{}.{when}.log", check.id));
    std::fs::create_dir_all(runner.dir.logs(id)).map_err(|e| e.to_string())?;
    let timeout = Duration::from_secs_f64(check.timeout_s.clamp(1.0, 1e9));
    let ended = run_shell(
        &check.run,
        worktree,
        &[("CHARTER_TASK", id.to_string())],
        &output,
        timeout,
        &mut |pgid| remember_group(runner, id, Some(pgid)),
    )?;
    remember_group(runner, id, None);
    if INTERRUPTED.load(Ordering::SeqCst) {
        return Ok((Ended::Interrupted, String::new()));
    }
    // Reports are read up to 16 MiB; a check printing more is judged on that.
    let mut text = std::fs::read(&output).unwrap_or_default();
    text.truncate(16 * 1024 * 1024);
    Ok((ended, String::from_utf8_lossy(&text).into_owned()))
}

/// After a failure: `governance.rollback` with `{commit}` set to the failed
/// task's commit, run in its worktree, recorded; skipped when the task made
/// no commit or the plan names no rollback.
pub fn roll_back(runner: &Runner) -> Result<(), String> {
    let state = runner.snapshot()?;
    if state.rolled_back {
        return Ok(());
    }
    let Some(id) = state.failed_task.clone() else {
        return runner.update(|s| s.rolled_back = true);
    };
    let commit = state.tasks.get(&id).and_then(|t| t.commit.clone());
    let rollback = runner
        .plan
        .doc
        .governance
        .rollback
        .as_ref()
        .map(|r| r.run.clone());
    let (outcome, detail) = match (&rollback, &commit) {
        (None, _) => ("skipped", "the plan names no rollback".to_string()),
        (Some(_), None) => ("skipped", format!("`{id}` made no commit")),
        (Some(cmd), Some(commit)) => {
            let script = cmd.replace("{commit}", commit);
            let worktree = runner.dir.worktree(&id);
            let ended = run_shell(
                &script,
                &worktree,
                &[("CHARTER_TASK", id.clone())],
                &runner.dir.logs(&id).join("rollback.log"),
                ROLLBACK_TIMEOUT,
                &mut |_| {},
            )?;
            (
                if ended.success() { "ok" } else { "failed" },
                format!("`{script}`: {}", ended.describe()),
            )
        }
    };
    runner.record(
        Entry {
            commit,
            ..entry(&id, "rolled_back", outcome, detail)
        },
        |s| s.rolled_back = true,
    )
}
