//! A run's state, `.charter/runs/RUN/state.json`: what `--resume` continues
//! from. Written whole (temporary file, then rename) after every step, so a
//! kill at any moment leaves the previous state or the next, never half.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Where a task is. Phases only move forward; a task resumed before
/// `Committed` starts again from a fresh worktree (its agent runs again).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Pending,
    Started,
    Committed,
    AwaitingApproval,
    Approved,
    Succeeded,
    Failed,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TaskState {
    pub phase: Phase,
    /// The commit the task started from (base merged with its dependencies).
    pub start: Option<String>,
    /// The task's own commit, with the trailers.
    pub commit: Option<String>,
    /// The paths it changed, for approval gates.
    #[serde(default)]
    pub changed: Vec<String>,
    /// Why it failed.
    pub error: Option<String>,
    /// The process group of the command running now, so a resumed run can
    /// kill what a killed runner left behind.
    pub pgid: Option<i32>,
}

impl Default for TaskState {
    fn default() -> Self {
        Self::new()
    }
}

impl TaskState {
    pub fn new() -> TaskState {
        TaskState {
            phase: Phase::Pending,
            start: None,
            commit: None,
            changed: Vec::new(),
            error: None,
            pgid: None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunPhase {
    Running,
    /// Every task succeeded; merging into the target branch.
    Integrating,
    /// A task failed; rollback and stop.
    Failing,
    Succeeded,
    Failed,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RunState {
    pub run: String,
    pub spec: String,
    pub plan_sha256: String,
    /// The commit every task starts from.
    pub base: String,
    /// The branch the results are merged into.
    pub into: String,
    pub agent: String,
    pub agent_timeout_s: u64,
    pub jobs: usize,
    pub phase: RunPhase,
    pub tasks: BTreeMap<String, TaskState>,
    /// The merged result, once integration made it.
    pub integrated: Option<String>,
    /// The first task that failed.
    pub failed_task: Option<String>,
    pub rolled_back: bool,
}

/// The files of one run.
#[derive(Clone, Debug)]
pub struct RunDir {
    pub root: PathBuf,
}

impl RunDir {
    pub fn new(repo: &Path, run: &str) -> RunDir {
        RunDir {
            root: repo.join(".charter").join("runs").join(run),
        }
    }
    pub fn state(&self) -> PathBuf {
        self.root.join("state.json")
    }
    pub fn plan(&self) -> PathBuf {
        self.root.join("plan.json")
    }
    pub fn audit(&self) -> PathBuf {
        self.root.join("audit.jsonl")
    }
    pub fn worktree(&self, task: &str) -> PathBuf {
        self.root.join("worktrees").join(task)
    }
    pub fn logs(&self, task: &str) -> PathBuf {
        self.root.join("logs").join(task)
    }
    pub fn briefs(&self) -> PathBuf {
        self.root.join("briefs")
    }
    /// `charter approve` writes the answer for a task here.
    pub fn approval(&self, task: &str) -> PathBuf {
        self.root.join("approvals").join(format!("{task}.json"))
    }

    pub fn load(&self) -> Result<RunState, String> {
        let path = self.state();
        let text = std::fs::read(&path)
            .map_err(|e| format!("cannot read the run's state {}: {e}", path.display()))?;
        serde_json::from_slice(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn save(&self, state: &RunState) -> Result<(), String> {
        let json = serde_json::to_vec_pretty(state).map_err(|e| e.to_string())?;
        write_atomically(&self.state(), &json)?;
        crate::run::crash_point();
        Ok(())
    }
}

/// Temporary file beside `path`, synced, renamed over it.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut temp = tempfile::NamedTempFile::new_in(dir)
        .map_err(|e| format!("cannot write in {}: {e}", dir.display()))?;
    temp.write_all(bytes)
        .and_then(|()| temp.as_file().sync_all())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    temp.persist(path)
        .map_err(|e| format!("cannot write {}: {}", path.display(), e.error))?;
    Ok(())
}

/// An answer recorded by `charter approve`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ApprovalAnswer {
    pub by: String,
    pub granted: bool,
    pub reason: Option<String>,
}
