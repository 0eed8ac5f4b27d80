//! `charter run`: the reference runner. It keeps the plan's promises on one
//! machine: a git worktree and branch per task, the brief, the scope check
//! shared with `charter guard`, a commit with trailers before the checks,
//! checks judged by kind, `before` checks, locks, approvals, a hash-chained
//! audit log, stop-and-rollback on failure, all-or-nothing integration, and
//! `--resume` after a crash. See the README's "Writing a runner".
//!
//! - [`state`]: the run's resumable state and its files
//! - [`audit`]: the audit log and `charter audit verify`
//! - [`task`]: one task from worktree to verdict
//! - [`scheduler`]: which task starts when (dependencies, locks, `--jobs`)
//! - [`integrate`]: merging every result into the target branch
//! - [`git`], [`process`], [`scope`], [`checks`], [`brief`], [`progress`]

pub mod audit;
pub mod brief;
pub mod checks;
pub mod git;
mod integrate;
pub mod process;
pub mod progress;
mod scheduler;
pub mod scope;
pub mod state;
mod task;

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use audit::{AuditLog, Entry};
use state::{RunDir, RunPhase, RunState, TaskState};

use crate::plan::input::LoadedPlan;

/// Exit statuses of `charter run`.
pub const EXIT_SUCCESS: u8 = 0;
pub const EXIT_FAILED: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
pub const EXIT_AWAITING_APPROVAL: u8 = 3;
pub const EXIT_INTERRUPTED: u8 = 130;

/// How to start a new run.
#[derive(Clone, Debug)]
pub struct NewRun {
    pub plan: PathBuf,
    pub agent: String,
    pub jobs: usize,
    pub agent_timeout: Duration,
    pub into: Option<String>,
    pub run_id: Option<String>,
}

/// Fault injection for the crash-safety tests: with
/// `CHARTER_TEST_KILL_AT=N`, the runner SIGKILLs itself right after its
/// N-th durable write (log append or state save), the way `kill -9` would.
pub(crate) fn crash_point() {
    static WRITES: AtomicUsize = AtomicUsize::new(0);
    let n = WRITES.fetch_add(1, Ordering::SeqCst) + 1;
    if let Some(at) = std::env::var("CHARTER_TEST_KILL_AT")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        && at == n
    {
        let _ = nix::sys::signal::raise(nix::sys::signal::Signal::SIGKILL);
    }
}

/// The state and the log, changed together under one lock: a step is
/// appended to the log (and flushed) before the state that relies on it.
pub(crate) struct Shared {
    pub state: RunState,
    pub log: AuditLog,
}

pub(crate) struct Runner {
    pub repo: PathBuf,
    pub dir: RunDir,
    pub plan: LoadedPlan,
    pub identity: Vec<String>,
    pub shared: Mutex<Shared>,
    pub progress: progress::Progress,
    /// One question on the terminal at a time.
    pub asking: Mutex<()>,
    /// One `git worktree add`/`remove`/`prune` at a time: git writes a new
    /// worktree's administrative files one by one, and a concurrent worktree
    /// command of another task reading them half-written fails ("failed to
    /// read .git/worktrees/X/commondir").
    pub worktrees: Mutex<()>,
}

impl Runner {
    /// Appends `entry` to the log, then applies `update` and saves the state.
    pub fn record(&self, entry: Entry, update: impl FnOnce(&mut RunState)) -> Result<(), String> {
        let text = format!(
            "{} {}{}",
            entry.step,
            entry.outcome,
            if entry.detail.is_empty() {
                String::new()
            } else {
                format!(": {}", entry.detail)
            }
        );
        let task = entry.task.clone();
        let finished = matches!(entry.step, "task_succeeded" | "task_failed");
        let mut shared = self.shared.lock().map_err(|_| "a task thread panicked")?;
        shared.log.append(entry)?;
        update(&mut shared.state);
        self.dir.save(&shared.state)?;
        drop(shared);
        self.progress.step(task.as_deref(), &text, finished);
        Ok(())
    }

    /// Changes the state without a log record (bookkeeping such as a pgid).
    pub fn update(&self, update: impl FnOnce(&mut RunState)) -> Result<(), String> {
        let mut shared = self.shared.lock().map_err(|_| "a task thread panicked")?;
        update(&mut shared.state);
        self.dir.save(&shared.state)
    }

    pub fn snapshot(&self) -> Result<RunState, String> {
        Ok(self
            .shared
            .lock()
            .map_err(|_| "a task thread panicked")?
            .state
            .clone())
    }

    pub fn spec(&self) -> &str {
        &self.plan.doc.spec.name
    }

    pub fn branch(&self, task: &str) -> String {
        crate::export::branch(&self.plan.doc, task)
    }
}

fn run_entry(step: &'static str, outcome: &'static str, detail: String) -> Entry {
    Entry {
        task: None,
        step,
        outcome,
        detail,
        commit: None,
    }
}

/// A run id from the clock: `20261201T150102Z`.
fn new_run_id() -> String {
    let now = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
    now.replace(['-', ':'], "")
}

fn is_safe_run_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// `charter run PLAN --agent CMD`.
pub fn start(options: NewRun) -> u8 {
    match start_inner(options) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_USAGE
        }
    }
}

fn start_inner(options: NewRun) -> Result<u8, String> {
    let plan = LoadedPlan::read(&options.plan)?;
    let cwd = std::env::current_dir().map_err(|e| format!("no current directory: {e}"))?;
    let repo = git::toplevel(&cwd)?;
    let run = options.run_id.clone().unwrap_or_else(new_run_id);
    if !is_safe_run_id(&run) {
        return Err(format!(
            "`{run}` cannot name a run: use letters, digits, `-`, `_`, `.`"
        ));
    }
    let dir = RunDir::new(&repo, &run);
    if dir.state().exists() {
        return Err(format!(
            "run `{run}` exists already: `charter run --resume {run}` continues it"
        ));
    }
    let base = git::rev(&repo, "HEAD")?;
    let into = match options.into.clone().or_else(|| git::current_branch(&repo)) {
        Some(b) => b,
        None => return Err("HEAD is detached: name the target branch with --into".into()),
    };
    git::rev(&repo, &format!("refs/heads/{into}"))
        .map_err(|_| format!("the target branch `{into}` does not exist"))?;
    git::exclude_run_dir(&repo)?;
    std::fs::create_dir_all(&dir.root)
        .map_err(|e| format!("cannot create {}: {e}", dir.root.display()))?;
    // The run keeps its own copy of the plan, so a resume does not depend
    // on the file it was started from.
    state::write_atomically(
        &dir.plan(),
        &std::fs::read(&options.plan).map_err(|e| e.to_string())?,
    )?;
    drop(plan);
    let plan = LoadedPlan::read(&dir.plan())?;
    let state = RunState {
        run: run.clone(),
        spec: plan.doc.spec.name.clone(),
        plan_sha256: plan.sha256.clone(),
        base: base.clone(),
        into: into.clone(),
        agent: options.agent.clone(),
        agent_timeout_s: options.agent_timeout.as_secs().max(1),
        jobs: options.jobs.max(1),
        phase: RunPhase::Running,
        tasks: plan
            .doc
            .tasks
            .iter()
            .map(|t| (t.id.clone(), TaskState::new()))
            .collect(),
        integrated: None,
        failed_task: None,
        rolled_back: false,
    };
    warn_if_stale(&repo, &plan);
    // The state exists before the first record, so a kill at any later
    // moment leaves something to resume.
    dir.save(&state)?;
    let log = AuditLog::open(&dir.audit(), &run, &state.spec, &plan.sha256)?;
    eprintln!(
        "charter run: run `{run}` of `{}` (into `{into}`)",
        state.spec
    );
    let runner = Runner {
        identity: git::identity_args(&repo),
        repo,
        dir,
        plan,
        shared: Mutex::new(Shared { state, log }),
        progress: progress::Progress::new(),
        asking: Mutex::new(()),
        worktrees: Mutex::new(()),
    };
    runner.record(
        run_entry("run_started", "ok", format!("base {base}, into {into}")),
        |_| {},
    )?;
    drive(&runner)
}

/// Warns when a source file of the repository no longer has the hash the
/// plan was built from (the spec changed since `charter build`). Embedded
/// sources (the standard library) are not on disk and are not looked for.
fn warn_if_stale(repo: &Path, plan: &LoadedPlan) {
    for source in plan.doc.spec.sources.iter().filter(|s| !s.embedded) {
        let Ok(bytes) = std::fs::read(repo.join(&source.path)) else {
            continue;
        };
        if crate::plan::sha256_hex(&bytes) != source.sha256 {
            eprintln!(
                "warning: `{}` changed since the plan was built: rebuild it with `charter build`",
                source.path
            );
        }
    }
}

/// `charter run --resume RUN`.
pub fn resume(run: &str, agent: Option<String>) -> u8 {
    match resume_inner(run, agent) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_USAGE
        }
    }
}

fn resume_inner(run: &str, agent: Option<String>) -> Result<u8, String> {
    if !is_safe_run_id(run) {
        return Err(format!("`{run}` is not a run id"));
    }
    let cwd = std::env::current_dir().map_err(|e| format!("no current directory: {e}"))?;
    let repo = git::toplevel(&cwd)?;
    let dir = RunDir::new(&repo, run);
    let mut state = dir.load()?;
    let plan = LoadedPlan::read(&dir.plan())?;
    if plan.sha256 != state.plan_sha256 {
        return Err(format!("the plan of run `{run}` changed since it started"));
    }
    if let Some(agent) = agent {
        state.agent = agent;
    }
    // Whatever a killed runner left running is killed now.
    for t in state.tasks.values_mut() {
        if let Some(pgid) = t.pgid.take() {
            process::kill_group(pgid);
        }
    }
    let log = AuditLog::open(&dir.audit(), run, &state.spec, &plan.sha256)?;
    eprintln!("charter run: resuming run `{run}` of `{}`", state.spec);
    let runner = Runner {
        identity: git::identity_args(&repo),
        repo,
        dir,
        plan,
        shared: Mutex::new(Shared { state, log }),
        progress: progress::Progress::new(),
        asking: Mutex::new(()),
        worktrees: Mutex::new(()),
    };
    match runner.snapshot()?.phase {
        RunPhase::Succeeded => return Ok(EXIT_SUCCESS),
        RunPhase::Failed => return Ok(EXIT_FAILED),
        _ => {}
    }
    runner.record(run_entry("run_started", "ok", "resumed".into()), |_| {})?;
    drive(&runner)
}

/// Runs the tasks, then fails (rollback) or integrates.
fn drive(runner: &Runner) -> Result<u8, String> {
    process::install_interrupt_handler();
    let phase = runner.snapshot()?.phase;
    if phase == RunPhase::Running {
        let outcome = scheduler::run_tasks(runner)?;
        match outcome {
            scheduler::Outcome::Interrupted => {
                eprintln!(
                    "charter run: interrupted; `charter run --resume {}` continues",
                    runner.snapshot()?.run
                );
                return Ok(EXIT_INTERRUPTED);
            }
            scheduler::Outcome::AwaitingApproval(tasks) => {
                let run = runner.snapshot()?.run;
                for t in &tasks {
                    eprintln!(
                        "charter run: `{t}` waits for approval: `charter approve {run} {t} --by WHO` (or `--deny`), then `charter run --resume {run}`"
                    );
                }
                return Ok(EXIT_AWAITING_APPROVAL);
            }
            scheduler::Outcome::Failed => {
                runner.update(|s| s.phase = RunPhase::Failing)?;
            }
            scheduler::Outcome::AllSucceeded => {
                runner.update(|s| s.phase = RunPhase::Integrating)?;
            }
        }
    }
    match runner.snapshot()?.phase {
        RunPhase::Failing => {
            task::roll_back(runner)?;
            runner.record(
                run_entry(
                    "run_finished",
                    "failed",
                    runner
                        .snapshot()?
                        .failed_task
                        .map_or_else(String::new, |t| format!("`{t}` failed")),
                ),
                |s| s.phase = RunPhase::Failed,
            )?;
            eprintln!(
                "charter run: failed; the target branch is untouched. Audit log: {}",
                runner.dir.audit().display()
            );
            Ok(EXIT_FAILED)
        }
        RunPhase::Integrating => {
            integrate::integrate(runner)?;
            runner.record(run_entry("run_finished", "succeeded", String::new()), |s| {
                s.phase = RunPhase::Succeeded
            })?;
            integrate::publish_log(runner)?;
            integrate::clean_up(runner);
            Ok(EXIT_SUCCESS)
        }
        RunPhase::Succeeded => Ok(EXIT_SUCCESS),
        RunPhase::Failed => Ok(EXIT_FAILED),
        RunPhase::Running => Ok(EXIT_FAILED),
    }
}

/// `charter approve RUN TASK --by WHO | --deny`.
pub fn approve(
    run: &str,
    task: &str,
    by: Option<String>,
    deny: bool,
    reason: Option<String>,
) -> u8 {
    let result = (|| -> Result<(), String> {
        if !is_safe_run_id(run) {
            return Err(format!("`{run}` is not a run id"));
        }
        let cwd = std::env::current_dir().map_err(|e| format!("no current directory: {e}"))?;
        let repo = git::toplevel(&cwd)?;
        let dir = RunDir::new(&repo, run);
        let state = dir.load()?;
        let t = state
            .tasks
            .get(task)
            .ok_or_else(|| format!("run `{run}` has no task `{task}`"))?;
        if t.phase != state::Phase::AwaitingApproval {
            return Err(format!("`{task}` is not waiting for an approval"));
        }
        let by = by
            .or_else(|| std::env::var("USER").ok())
            .unwrap_or_else(|| "unknown".into());
        let answer = state::ApprovalAnswer {
            by,
            granted: !deny,
            reason,
        };
        let json = serde_json::to_vec_pretty(&answer).map_err(|e| e.to_string())?;
        state::write_atomically(&dir.approval(task), &json)?;
        eprintln!(
            "recorded: `{task}` {}; `charter run --resume {run}` continues",
            if deny { "denied" } else { "approved" }
        );
        Ok(())
    })();
    match result {
        Ok(()) => EXIT_SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_USAGE
        }
    }
}

/// `charter audit verify LOG`.
pub fn verify_log(path: &Path) -> u8 {
    match audit::verify(path) {
        Ok(n) => {
            println!("{}: {n} records, the chain is intact", path.display());
            EXIT_SUCCESS
        }
        Err((0, message)) => {
            eprintln!("error: {message}");
            EXIT_USAGE
        }
        Err((line, message)) => {
            println!("{}: line {line} {message}", path.display());
            EXIT_FAILED
        }
    }
}
