//! `charter export PLAN --to github-actions|argo`: the same plan run by an
//! engine a team already operates, when one machine is not enough.
//!
//! Both engines get the same shape: one unit of work per task (a job, a DAG
//! node) whose script checks out the base, merges its predecessors' result
//! branches, runs the agent, runs `charter guard`, commits with the
//! `Charter-Task` trailers and pushes `charter/SPEC/TASK`, then runs the
//! task's checks; approval gates sit between a task and its dependents; a
//! final unit integrates every result branch, in topological order, into
//! the target branch. The pieces shared by both live here.

mod argo;
mod github;
mod script;

use std::collections::BTreeMap;

use crate::plan::input::{PlanDoc, Task};

pub use argo::argo;
pub use github::github_actions;

/// The engine to export to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    GithubActions,
    Argo,
}

/// What the exported document needs to know besides the plan: where the
/// plan file will be in the repository and its hash (the commit trailer).
#[derive(Clone, Debug)]
pub struct ExportContext<'a> {
    pub plan: &'a PlanDoc,
    /// The plan's path in the repository, `/`-separated.
    pub plan_path: String,
    pub plan_sha256: String,
}

pub fn export(target: Target, ctx: &ExportContext<'_>) -> Result<String, String> {
    match target {
        Target::GithubActions => github_actions(ctx),
        Target::Argo => argo(ctx),
    }
}

/// The approval gates a task passes before its dependents may use its
/// result: one per distinct approver of its `approvals` under `supervised`,
/// one review under `paired` when it names none, none under `autonomous`.
/// An engine cannot look at the changed paths before it schedules a gate,
/// so a gate stands wherever the plan says one *may* be reached.
pub fn gates(plan: &PlanDoc, task: &Task) -> Vec<String> {
    let mut by: Vec<String> = Vec::new();
    match plan.governance.autonomy.as_str() {
        "autonomous" => {}
        autonomy => {
            for a in &task.approvals {
                if !by.contains(&a.by) {
                    by.push(a.by.clone());
                }
            }
            if by.is_empty() && autonomy == "paired" {
                by.push("review".to_string());
            }
        }
    }
    by
}

/// For each task that shares a lock with a task earlier in topological
/// order, that earlier task (the nearest one per lock component). Engines
/// whose mutexes can cancel queued work (GitHub's `concurrency` keeps only
/// one pending job per group) also get this order as a dependency, which
/// makes the exclusion certain without changing what the plan allows.
pub fn lock_predecessors(plan: &PlanDoc, order: &[String]) -> BTreeMap<String, String> {
    let position: BTreeMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let mut last_holder: BTreeMap<&str, &str> = BTreeMap::new();
    let mut before = BTreeMap::new();
    for id in order {
        let Some(task) = plan.task(id) else { continue };
        // The latest earlier task holding any of this task's locks.
        let previous = task
            .locks
            .iter()
            .filter_map(|l| last_holder.get(l.as_str()).copied())
            .max_by_key(|p| position.get(p).copied());
        if let Some(p) = previous {
            before.insert(id.clone(), p.to_string());
        }
        for l in &task.locks {
            last_holder.insert(l.as_str(), id.as_str());
        }
    }
    before
}

/// The name of the union of locks connected to `task`'s, for engines that
/// allow one mutex per unit (GitHub's `concurrency` group).
pub fn lock_group(plan: &PlanDoc, task: &Task) -> Option<String> {
    if task.locks.is_empty() {
        return None;
    }
    // Union-find over lock names: two locks held by one task are one group.
    let mut parent: BTreeMap<&str, &str> = BTreeMap::new();
    fn find<'a>(parent: &BTreeMap<&'a str, &'a str>, mut x: &'a str) -> &'a str {
        while let Some(&p) = parent.get(x) {
            if p == x {
                break;
            }
            x = p;
        }
        x
    }
    for t in &plan.tasks {
        for l in &t.locks {
            parent.entry(l.as_str()).or_insert(l.as_str());
        }
        if let Some(first) = t.locks.first() {
            for l in &t.locks[1..] {
                let (a, b) = (find(&parent, first), find(&parent, l));
                // The smaller name becomes the root, so the group is named
                // by its smallest lock whatever the task order.
                let (root, child) = if a <= b { (a, b) } else { (b, a) };
                parent.insert(child, root);
            }
        }
    }
    Some(find(&parent, &task.locks[0]).to_string())
}

/// A check's time limit in whole minutes, at least one.
pub fn minutes(seconds: f64) -> u64 {
    if seconds.is_finite() && seconds > 0.0 {
        (seconds / 60.0).ceil().min(10_000_000.0) as u64
    } else {
        1
    }
}

/// The result branch of a task: `charter/SPEC/TASK`.
pub fn branch(plan: &PlanDoc, task: &str) -> String {
    format!("charter/{}/{}", plan.spec.name, task)
}
