//! `charter run`, `charter approve` and `charter audit verify`: the
//! reference runner's command line (the runner itself is `charter::run`).

use charter::workspace::stdio::errln;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Subcommand};

use charter::run;

#[derive(Args, Debug)]
#[command(
    after_help = "Exit status: 0 every task succeeded and was integrated, 1 a task failed (the target branch is untouched), 2 usage or I/O error, 3 waiting for an approval (`charter approve`, then `--resume`), 130 interrupted (resumable)."
)]
pub struct RunArgs {
    /// The plan (`charter build SPEC -o plan.json`).
    #[arg(required_unless_present = "resume")]
    plan: Option<PathBuf>,
    /// The agent: a command run with `sh -c` in the task's worktree, with
    /// CHARTER_TASK, CHARTER_BRIEF (JSON) and CHARTER_BRIEF_MD set.
    #[arg(long, required_unless_present = "resume")]
    agent: Option<String>,
    /// How many tasks may run at once (default: the number of cores).
    #[arg(long)]
    jobs: Option<usize>,
    /// How long an agent may work on one task (`90s`, `30m`, `2h`).
    #[arg(long, default_value = "1h", value_parser = parse_duration)]
    agent_timeout: Duration,
    /// The branch the results are merged into (default: the branch checked out).
    #[arg(long)]
    into: Option<String>,
    /// Name the run (default: the UTC time it started).
    #[arg(long = "run-id", value_name = "ID")]
    run_id: Option<String>,
    /// Continue the run RUN after a crash, an interrupt or an approval.
    #[arg(long, value_name = "RUN", conflicts_with_all = ["plan", "jobs", "into", "run_id"])]
    resume: Option<String>,
}

fn parse_duration(text: &str) -> Result<Duration, String> {
    humantime::parse_duration(text).map_err(|e| e.to_string())
}

pub fn run(args: RunArgs) -> u8 {
    if let Some(id) = &args.resume {
        return run::resume(id, args.agent);
    }
    let (Some(plan), Some(agent)) = (args.plan, args.agent) else {
        errln!("error: `charter run` needs a PLAN and --agent");
        return run::EXIT_USAGE;
    };
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    run::start(run::NewRun {
        plan,
        agent,
        jobs,
        agent_timeout: args.agent_timeout,
        into: args.into,
        run_id: args.run_id,
    })
}

#[derive(Args, Debug)]
pub struct ApproveArgs {
    /// The run (`.charter/runs/RUN`).
    run: String,
    /// The task waiting at its gate.
    task: String,
    /// Who approves (or denies).
    #[arg(long)]
    by: Option<String>,
    /// Refuse instead: the task fails and the run rolls back.
    #[arg(long)]
    deny: bool,
    /// Why, recorded in the audit log.
    #[arg(long)]
    reason: Option<String>,
}

pub fn approve(args: ApproveArgs) -> u8 {
    if args.by.is_none() && !args.deny {
        errln!("error: say who approves with --by WHO (or refuse with --deny)");
        return run::EXIT_USAGE;
    }
    run::approve(&args.run, &args.task, args.by, args.deny, args.reason)
}

#[derive(Args, Debug)]
pub struct AuditArgs {
    #[command(subcommand)]
    command: AuditCommand,
}

#[derive(Subcommand, Debug)]
enum AuditCommand {
    /// Check a run's audit log: every line chained to the one before, in
    /// order, ending with `run_finished`; names the first broken line.
    Verify {
        /// The log (`.charter/runs/RUN/audit.jsonl`, or `governance.audit_log`).
        log: PathBuf,
    },
}

pub fn audit(args: AuditArgs) -> u8 {
    match args.command {
        AuditCommand::Verify { log } => run::verify_log(&log),
    }
}
