//! Which task starts when: a task starts as soon as its own `depends_on`
//! have succeeded, no running task holds one of its locks, and fewer than
//! `--jobs` tasks run. After a failure or an approval wait nothing new
//! starts; the tasks already running finish and are recorded.

use std::collections::BTreeSet;
use std::sync::atomic::Ordering;
use std::sync::mpsc;

use super::Runner;
use super::process::INTERRUPTED;
use super::state::Phase;
use super::task::{self, TaskEnd};

pub enum Outcome {
    AllSucceeded,
    Failed,
    AwaitingApproval(Vec<String>),
    Interrupted,
}

pub fn run_tasks(runner: &Runner) -> Result<Outcome, String> {
    let order = runner.plan.doc.topological_order()?;
    let jobs = runner.snapshot()?.jobs;
    let (done_tx, done_rx) = mpsc::channel::<(String, Result<TaskEnd, String>)>();
    let mut running: BTreeSet<String> = BTreeSet::new();
    let mut waiting: Vec<String> = Vec::new();
    let mut error: Option<String> = None;
    std::thread::scope(|scope| -> Result<(), String> {
        loop {
            let state = runner.snapshot()?;
            let failed = state.tasks.values().any(|t| t.phase == Phase::Failed);
            let stop = failed
                || !waiting.is_empty()
                || error.is_some()
                || INTERRUPTED.load(Ordering::SeqCst);
            if !stop {
                let held: BTreeSet<&str> = running
                    .iter()
                    .filter_map(|id| runner.plan.doc.task(id))
                    .flat_map(|t| t.locks.iter().map(String::as_str))
                    .collect();
                let mut held: BTreeSet<String> = held.into_iter().map(str::to_string).collect();
                for id in &order {
                    if running.len() >= jobs {
                        break;
                    }
                    let Some(t) = runner.plan.doc.task(id) else {
                        continue;
                    };
                    let phase = state.tasks.get(id).map_or(Phase::Pending, |s| s.phase);
                    if matches!(phase, Phase::Succeeded | Phase::Failed) || running.contains(id) {
                        continue;
                    }
                    let ready = t.depends_on.iter().all(|d| {
                        state
                            .tasks
                            .get(d)
                            .is_some_and(|s| s.phase == Phase::Succeeded)
                    });
                    if !ready || t.locks.iter().any(|l| held.contains(l)) {
                        continue;
                    }
                    held.extend(t.locks.iter().cloned());
                    running.insert(id.clone());
                    let tx = done_tx.clone();
                    let id = id.clone();
                    scope.spawn(move || {
                        let end = task::run_task(runner, &id);
                        let _ = tx.send((id, end));
                    });
                }
            }
            if running.is_empty() {
                return Ok(());
            }
            let Ok((id, end)) = done_rx.recv() else {
                return Ok(());
            };
            running.remove(&id);
            match end {
                Ok(TaskEnd::Waiting) => waiting.push(id),
                Ok(_) => {}
                Err(e) => {
                    // A step that could not even be recorded: stop cleanly.
                    error.get_or_insert(format!("`{id}`: {e}"));
                }
            }
        }
    })?;
    if let Some(e) = error {
        return Err(e);
    }
    if INTERRUPTED.load(Ordering::SeqCst) {
        return Ok(Outcome::Interrupted);
    }
    let state = runner.snapshot()?;
    if state.tasks.values().any(|t| t.phase == Phase::Failed) {
        return Ok(Outcome::Failed);
    }
    if !waiting.is_empty() {
        return Ok(Outcome::AwaitingApproval(waiting));
    }
    if state.tasks.values().all(|t| t.phase == Phase::Succeeded) {
        Ok(Outcome::AllSucceeded)
    } else {
        // Nothing can start and nothing runs, yet tasks are left: only an
        // interrupted or inconsistent state gets here.
        Ok(Outcome::Interrupted)
    }
}
