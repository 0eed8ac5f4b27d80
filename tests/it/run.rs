//! `charter run` on real git repositories made in temporary folders, with
//! agents that are shell scripts (issue 13, acceptance 1–4): the success
//! path with a lock, an approval and a `before fail` check; every failure
//! path with its audit records, exit status and an untouched target; crash
//! safety under SIGKILL at many points; a tampered log; lock exclusion.

use crate::support;

use std::collections::BTreeSet;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Three agents, six tasks in two stages; `api` and `data` share the lock
/// `db`; `data.migrate` reaches the approval gate; `api.schema`'s check
/// `test.feature` must fail before the work.
const SPEC: &str = r#"
spec shop {
    title    "Shop"
    autonomy supervised
    intent {
        outcome "The shop has its API, pages and data"
        success built "Every part is built" by test.unit
    }
    boundaries { write "src/**" }
    verify {
        test unit    "test ! -f src/web/broken.txt"
        test feature "test -f src/api/feature.txt" before fail
        test slow    "if [ -f src/web/slow.txt ]; then sleep 3017 & sleep 3017; fi" timeout 2s
    }
    agent api {
        write "src/api/**"
        lock  "db"
        task schema   { goal "Add the feature schema"; verify test.feature }
        task handlers { goal "Add the handlers"; verify test.unit }
    }
    agent web {
        write "src/web/**"
        deny  "src/web/generated/**", "src/web/private/**"
        task pages  { goal "Add the pages"; verify test.unit, test.slow }
        task assets { goal "Add the assets"; verify test.unit }
    }
    agent data {
        write "src/data/**"
        lock  "db"
        task seed    { goal "Seed the data"; verify test.unit }
        task migrate { goal "Migrate the data"; verify test.unit }
    }
    governance {
        audit    "audit/shop.jsonl"
        approve  "@leads" when touches "src/data/migrations/**"
        rollback "echo {commit} >> ../../../../rolled-back.txt"
        trace    required
    }
}
"#;

/// The agent: writes its task's files, records when it ran, and can be
/// told (through `MISBEHAVE` = `TASK:what`) to do something wrong.
const AGENT: &str = r#"#!/bin/sh
set -e
test -f "$CHARTER_BRIEF" && grep -q '"task"' "$CHARTER_BRIEF"
grep -q "Goal" "$CHARTER_BRIEF_MD"
echo "$CHARTER_TASK start $(date +%s.%N)" >> "$TIMES"
sleep "${AGENT_SLEEP:-0}"
case "$CHARTER_TASK" in
  api.schema)   echo feature > src/api/feature.txt ;;
  api.handlers) echo handlers > src/api/handlers.txt ;;
  web.pages)    echo pages > src/web/pages.txt ;;
  web.assets)   echo assets > src/web/assets.txt ;;
  data.seed)    echo seed > src/data/seed.txt ;;
  data.migrate) mkdir -p src/data/migrations && echo m > src/data/migrations/001.sql ;;
esac
case "$MISBEHAVE" in
  "$CHARTER_TASK:outside")  echo x > src/api/intruder.txt ;;
  "$CHARTER_TASK:denied")   echo x > src/web/generated/out.txt ;;
  "$CHARTER_TASK:newdenied") mkdir -p src/web/private/deep && echo x > src/web/private/deep/new.txt ;;
  "$CHARTER_TASK:rename")   mv src/web/page.txt src/api/page.txt ;;
  "$CHARTER_TASK:breaks")   echo x > src/web/broken.txt ;;
  "$CHARTER_TASK:slow")     echo x > src/web/slow.txt ;;
  "$CHARTER_TASK:crash")    kill -SEGV $$ ;;
esac
echo "$CHARTER_TASK end $(date +%s.%N)" >> "$TIMES"
"#;

struct Repo {
    _dir: tempfile::TempDir,
    root: PathBuf,
    times: PathBuf,
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn repo(spec: &str, extra_files: &[&str]) -> Repo {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    for d in ["src/api", "src/web/generated", "src/data"] {
        std::fs::create_dir_all(root.join(d)).unwrap();
    }
    std::fs::write(root.join("src/web/page.txt"), "page\n").unwrap();
    std::fs::write(root.join("src/api/README"), "api\n").unwrap();
    std::fs::write(root.join("src/data/README"), "data\n").unwrap();
    std::fs::write(root.join("src/web/generated/keep.txt"), "keep\n").unwrap();
    for f in extra_files {
        std::fs::write(root.join(f), "present\n").unwrap();
    }
    std::fs::write(root.join("shop.charter"), spec).unwrap();
    git(&root, &["init", "-q", "-b", "main"]);
    git(&root, &["config", "user.name", "Test"]);
    git(&root, &["config", "user.email", "test@example.com"]);
    let out = support::charter(&["build", "shop.charter", "-o", "plan.json"], &root);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-q", "-m", "start"]);
    std::fs::write(dir.path().join("agent.sh"), AGENT).unwrap();
    let times = dir.path().join("times.txt");
    Repo {
        root,
        times,
        _dir: dir,
    }
}

impl Repo {
    fn charter(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut c = Command::new(env!("CARGO_BIN_EXE_charter"));
        c.args(args)
            .current_dir(&self.root)
            .env("TIMES", &self.times)
            .env_remove("CHARTER_TEST_KILL_AT");
        for (k, v) in env {
            c.env(k, v);
        }
        c.output().unwrap()
    }

    fn run(&self, run_id: &str, jobs: &str, env: &[(&str, &str)]) -> Output {
        let agent = format!(
            "sh {}",
            self.root.parent().unwrap().join("agent.sh").display()
        );
        self.charter(
            &[
                "run",
                "plan.json",
                "--agent",
                &agent,
                "--jobs",
                jobs,
                "--run-id",
                run_id,
            ],
            env,
        )
    }

    fn main(&self) -> String {
        git(&self.root, &["rev-parse", "main"]).trim().to_string()
    }

    fn log(&self, run_id: &str) -> Vec<serde_json::Value> {
        let path = self
            .root
            .join(format!(".charter/runs/{run_id}/audit.jsonl"));
        std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    fn verify(&self, log: &str) -> Output {
        self.charter(&["audit", "verify", log], &[])
    }
}

fn code(out: &Output) -> Option<i32> {
    out.status.code()
}

fn show(out: &Output) -> String {
    format!(
        "status {:?}\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn steps(log: &[serde_json::Value], task: &str) -> Vec<(String, String)> {
    log.iter()
        .filter(|r| r["task"] == task)
        .map(|r| {
            (
                r["step"].as_str().unwrap().to_string(),
                r["outcome"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn has(log: &[serde_json::Value], task: &str, step: &str, outcome: &str) -> bool {
    steps(log, task)
        .iter()
        .any(|(s, o)| s == step && o == outcome)
}

const TASKS: [&str; 6] = [
    "api.schema",
    "api.handlers",
    "web.pages",
    "web.assets",
    "data.seed",
    "data.migrate",
];

/// Acceptance 1 and 4.
#[test]
fn the_plan_runs_to_the_target_branch_through_an_approval() {
    let repo = repo(SPEC, &[]);
    let before = repo.main();
    let first = repo.run("ok", "2", &[("AGENT_SLEEP", "0.4")]);
    assert_eq!(code(&first), Some(3), "{}", show(&first));
    assert!(String::from_utf8_lossy(&first.stderr).contains("charter approve ok data.migrate"));
    assert_eq!(
        repo.main(),
        before,
        "nothing is integrated while a gate waits"
    );

    let approve = repo.charter(&["approve", "ok", "data.migrate", "--by", "@leads"], &[]);
    assert_eq!(code(&approve), Some(0), "{}", show(&approve));
    let resumed = repo.charter(&["run", "--resume", "ok"], &[("AGENT_SLEEP", "0.4")]);
    assert_eq!(code(&resumed), Some(0), "{}", show(&resumed));

    // Every change is on main, each commit with its trailers.
    for f in [
        "src/api/feature.txt",
        "src/api/handlers.txt",
        "src/web/pages.txt",
        "src/web/assets.txt",
        "src/data/seed.txt",
        "src/data/migrations/001.sql",
    ] {
        git(&repo.root, &["cat-file", "-e", &format!("main:{f}")]);
    }
    let messages = git(&repo.root, &["log", "--format=%B", "main"]);
    let plan_sha = charter::plan::sha256_hex(&std::fs::read(repo.root.join("plan.json")).unwrap());
    for t in TASKS {
        assert!(
            messages.contains(&format!("Charter-Task: {t}\n")),
            "{t}: {messages}"
        );
    }
    assert!(messages.contains(&format!("Charter-Plan: {plan_sha}")));
    let trailers = git(
        &repo.root,
        &[
            "log",
            "--format=%(trailers:key=Charter-Task,valueonly)",
            "main",
        ],
    );
    assert_eq!(
        trailers.split_whitespace().collect::<BTreeSet<_>>(),
        TASKS.into_iter().collect()
    );

    // The log verifies, in the run's folder and where the plan put it.
    let log = repo.log("ok");
    assert!(has(&log, "api.schema", "before_check", "ok"));
    assert!(has(&log, "data.migrate", "approval_requested", "waiting"));
    assert!(has(&log, "data.migrate", "approval_granted", "ok"));
    assert!(!has(&log, "web.pages", "approval_requested", "waiting"));
    assert_eq!(log.last().unwrap()["step"], "run_finished");
    assert!(
        log.iter()
            .any(|r| r["step"] == "integrated" && r["commit"].is_string())
    );
    for t in TASKS {
        let committed = log
            .iter()
            .find(|r| r["task"] == t && r["step"] == "committed")
            .unwrap_or_else(|| panic!("{t} has no committed record"));
        assert!(committed["commit"].as_str().is_some_and(|c| c.len() == 40));
        assert!(has(&log, t, "task_succeeded", "ok"));
    }
    for path in [".charter/runs/ok/audit.jsonl", "audit/shop.jsonl"] {
        let v = repo.verify(path);
        assert_eq!(code(&v), Some(0), "{}", show(&v));
    }
    // The run's files never show as a change.
    assert_eq!(
        git(
            &repo.root,
            &["status", "--porcelain", "--untracked-files=all"]
        )
        .lines()
        .filter(|l| !l.contains("audit/"))
        .count(),
        0
    );

    // Acceptance 4: the lock holders never overlap; independent tasks do.
    let intervals = intervals(&repo.times);
    let holds_db = |t: &str| t.starts_with("api.") || t.starts_with("data.");
    let mut overlapped_independent = false;
    for (a, (a0, a1)) in &intervals {
        for (b, (b0, b1)) in &intervals {
            if a >= b {
                continue;
            }
            let overlap = a0 < b1 && b0 < a1;
            if holds_db(a) && holds_db(b) {
                assert!(
                    !overlap,
                    "{a} and {b} share the lock `db` but ran at once: {intervals:?}"
                );
            } else if overlap {
                overlapped_independent = true;
            }
        }
    }
    assert!(
        overlapped_independent,
        "with --jobs 2 independent tasks overlap: {intervals:?}"
    );
}

/// Task → (start, end) of its last run, from the agents' timestamps.
fn intervals(times: &Path) -> std::collections::BTreeMap<String, (f64, f64)> {
    let mut map = std::collections::BTreeMap::new();
    for line in std::fs::read_to_string(times).unwrap().lines() {
        let parts: Vec<&str> = line.split_whitespace().collect();
        let t: f64 = parts[2].parse().unwrap();
        let e = map.entry(parts[0].to_string()).or_insert((0.0, 0.0));
        if parts[1] == "start" {
            e.0 = t;
        } else {
            e.1 = t;
        }
    }
    map
}

/// Runs a failing scenario and checks what every failure shares: exit 1,
/// `task_failed` for the task, a rollback record, `run_finished failed`, a
/// log that verifies, and an untouched target branch.
fn fails(misbehave: &str, extra: &[&str], task: &str) -> (Repo, Vec<serde_json::Value>) {
    let repo = repo(SPEC, extra);
    let before = repo.main();
    let out = repo.run("bad", "3", &[("MISBEHAVE", misbehave)]);
    assert_eq!(code(&out), Some(1), "{}", show(&out));
    assert_eq!(repo.main(), before, "the target branch is untouched");
    assert_eq!(git(&repo.root, &["status", "--porcelain"]), "");
    let log = repo.log("bad");
    assert!(
        has(&log, task, "task_failed", "failed"),
        "{:?}",
        steps(&log, task)
    );
    assert!(log.iter().any(|r| r["step"] == "rolled_back"));
    assert_eq!(log.last().unwrap()["step"], "run_finished");
    assert_eq!(log.last().unwrap()["outcome"], "failed");
    assert!(!log.iter().any(|r| r["step"] == "integrated"));
    let v = repo.verify(".charter/runs/bad/audit.jsonl");
    assert_eq!(code(&v), Some(0), "{}", show(&v));
    (repo, log)
}

fn scope_detail(log: &[serde_json::Value], task: &str) -> String {
    log.iter()
        .find(|r| r["task"] == task && r["step"] == "scope_checked")
        .map(|r| r["detail"].as_str().unwrap().to_string())
        .unwrap_or_default()
}

#[test]
fn writing_outside_the_scope_fails_the_task() {
    let (_, log) = fails("web.pages:outside", &[], "web.pages");
    assert!(has(&log, "web.pages", "scope_checked", "failed"));
    let detail = scope_detail(&log, "web.pages");
    assert!(
        detail.contains(
            "D003: `src/api/intruder.txt` is outside the write scope of task `web.pages`"
        ),
        "{detail}"
    );
    // No commit was made, so the rollback had nothing to undo.
    assert!(has(&log, "web.pages", "rolled_back", "skipped"));
}

#[test]
fn writing_into_a_denied_folder_fails_the_task() {
    let (_, log) = fails("web.pages:denied", &[], "web.pages");
    let detail = scope_detail(&log, "web.pages");
    assert!(
        detail.contains("src/web/generated/out.txt") && detail.contains("denied"),
        "{detail}"
    );
}

#[test]
fn a_new_file_in_a_new_denied_folder_fails_the_task() {
    let (_, log) = fails("web.pages:newdenied", &[], "web.pages");
    let detail = scope_detail(&log, "web.pages");
    assert!(detail.contains("src/web/private/deep/new.txt"), "{detail}");
}

#[test]
fn a_rename_out_of_the_scope_fails_the_task() {
    let (_, log) = fails("web.pages:rename", &[], "web.pages");
    let detail = scope_detail(&log, "web.pages");
    // Both sides are listed; the new side is outside.
    assert!(detail.contains("src/api/page.txt"), "{detail}");
}

#[test]
fn a_failing_check_fails_the_task_and_rolls_back_its_commit() {
    let (repo, log) = fails("web.pages:breaks", &[], "web.pages");
    assert!(has(&log, "web.pages", "committed", "ok"));
    assert!(has(&log, "web.pages", "check_failed", "failed"));
    assert!(has(&log, "web.pages", "rolled_back", "ok"));
    let commit = log
        .iter()
        .find(|r| r["task"] == "web.pages" && r["step"] == "committed")
        .unwrap()["commit"]
        .as_str()
        .unwrap()
        .to_string();
    let rolled = std::fs::read_to_string(repo.root.join(".charter/rolled-back.txt")).unwrap();
    assert_eq!(rolled.trim(), commit);
}

#[test]
fn a_check_that_times_out_fails_and_leaves_no_process() {
    let (_, log) = fails("web.pages:slow", &[], "web.pages");
    let failed = log
        .iter()
        .find(|r| r["task"] == "web.pages" && r["step"] == "check_failed")
        .unwrap();
    assert!(
        failed["detail"].as_str().unwrap().contains("timed out"),
        "{failed}"
    );
    let ps = Command::new("ps").args(["-eo", "args"]).output().unwrap();
    let left: Vec<String> = String::from_utf8_lossy(&ps.stdout)
        .lines()
        .filter(|l| l.contains("sleep 3017"))
        .map(str::to_string)
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn a_before_fail_check_that_already_passes_refuses_the_task() {
    let (repo, log) = fails("none", &["src/api/feature.txt"], "api.schema");
    assert!(has(&log, "api.schema", "before_check", "failed"));
    assert!(
        !log.iter()
            .any(|r| r["task"] == "api.schema" && r["step"] == "agent_returned")
    );
    let times = std::fs::read_to_string(&repo.times).unwrap_or_default();
    assert!(
        !times.contains("api.schema"),
        "the agent never ran: {times}"
    );
}

#[test]
fn an_agent_that_crashes_fails_the_task() {
    let (_, log) = fails("web.pages:crash", &[], "web.pages");
    assert!(has(&log, "web.pages", "agent_returned", "failed"));
}

#[test]
fn a_denied_approval_fails_the_run() {
    let repo = repo(SPEC, &[]);
    let before = repo.main();
    let first = repo.run("deny", "3", &[]);
    assert_eq!(code(&first), Some(3), "{}", show(&first));
    let deny = repo.charter(
        &[
            "approve",
            "deny",
            "data.migrate",
            "--deny",
            "--by",
            "@leads",
            "--reason",
            "not now",
        ],
        &[],
    );
    assert_eq!(code(&deny), Some(0), "{}", show(&deny));
    let out = repo.charter(&["run", "--resume", "deny"], &[]);
    assert_eq!(code(&out), Some(1), "{}", show(&out));
    assert_eq!(repo.main(), before);
    let log = repo.log("deny");
    assert!(has(&log, "data.migrate", "approval_denied", "failed"));
    assert!(has(&log, "data.migrate", "task_failed", "failed"));
    assert!(has(&log, "data.migrate", "rolled_back", "ok"));
    let v = repo.verify(".charter/runs/deny/audit.jsonl");
    assert_eq!(code(&v), Some(0), "{}", show(&v));
    // A finished run resumes to the same end.
    let again = repo.charter(&["run", "--resume", "deny"], &[]);
    assert_eq!(code(&again), Some(1));
}

/// The spec without the approval, for runs that must finish unattended.
fn unattended() -> String {
    SPEC.replace(
        "        approve  \"@leads\" when touches \"src/data/migrations/**\"\n",
        "",
    )
}

/// What a finished run leaves: main's tree and the set of task trailers.
fn outcome(repo: &Repo) -> (String, BTreeSet<String>) {
    let tree = git(&repo.root, &["ls-tree", "-r", "main"]);
    let trailers = git(
        &repo.root,
        &[
            "log",
            "--format=%(trailers:key=Charter-Task,valueonly)",
            "main",
        ],
    );
    (
        tree,
        trailers.split_whitespace().map(str::to_string).collect(),
    )
}

/// Acceptance 3: SIGKILL at many points, then `--resume`, ends as the
/// uninterrupted run does, with a log that verifies.
#[test]
fn a_run_killed_at_any_point_resumes_to_the_same_end() {
    let spec = unattended();
    let reference = repo(&spec, &[]);
    let out = reference.run("ref", "1", &[]);
    assert_eq!(code(&out), Some(0), "{}", show(&out));
    let expected = outcome(&reference);

    let points = [1, 2, 3, 5, 8, 12, 17, 23, 30, 38, 47, 57, 68, 80];
    let mut killed = 0;
    for at in points {
        let repo = repo(&spec, &[]);
        let at_text = at.to_string();
        let out = repo.run("crash", "1", &[("CHARTER_TEST_KILL_AT", &at_text)]);
        if out.status.signal() == Some(9) {
            killed += 1;
            let resumed = repo.charter(&["run", "--resume", "crash"], &[]);
            assert_eq!(code(&resumed), Some(0), "kill at {at}: {}", show(&resumed));
        } else {
            assert_eq!(code(&out), Some(0), "kill at {at}: {}", show(&out));
        }
        assert_eq!(outcome(&repo), expected, "kill at {at}");
        let v = repo.verify(".charter/runs/crash/audit.jsonl");
        assert_eq!(code(&v), Some(0), "kill at {at}: {}", show(&v));
    }
    assert!(
        killed >= 10,
        "only {killed} kill points were inside the run"
    );
}

/// Acceptance 3, second half: editing, deleting or reordering one line of
/// a real run's log makes `audit verify` fail and name it.
#[test]
fn tampering_with_a_log_is_named() {
    let repo = repo(&unattended(), &[]);
    let out = repo.run("t", "3", &[]);
    assert_eq!(code(&out), Some(0), "{}", show(&out));
    let path = repo.root.join(".charter/runs/t/audit.jsonl");
    let original = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<String> = original.lines().map(str::to_string).collect();
    assert!(lines.len() > 10);
    let check = |lines: &[String], named: usize| {
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
        let v = repo.verify(".charter/runs/t/audit.jsonl");
        assert_eq!(code(&v), Some(1), "{}", show(&v));
        let text = String::from_utf8_lossy(&v.stdout).to_string();
        assert!(
            text.contains(&format!("line {named} ")),
            "expected line {named}: {text}"
        );
    };
    let mut edited = lines.clone();
    edited[4] = edited[4].replacen("\"ok\"", "\"failed\"", 1);
    assert_ne!(edited[4], lines[4]);
    check(&edited, 5);
    let mut deleted = lines.clone();
    deleted.remove(6);
    check(&deleted, 7);
    let mut reordered = lines.clone();
    reordered.swap(3, 4);
    check(&reordered, 4);
    let mut truncated = lines.clone();
    truncated.pop();
    check(&truncated, lines.len());
}

/// Ctrl-C kills every running agent's process group, exits 130, and the
/// run resumes to its normal end.
#[test]
fn an_interrupt_kills_the_agents_and_the_run_resumes() {
    let repo = repo(&unattended(), &[]);
    let agent = format!(
        "sh {}",
        repo.root.parent().unwrap().join("agent.sh").display()
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_charter"))
        .args([
            "run",
            "plan.json",
            "--agent",
            &agent,
            "--jobs",
            "2",
            "--run-id",
            "int",
        ])
        .current_dir(&repo.root)
        .env("TIMES", &repo.times)
        .env("AGENT_SLEEP", "31.7")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !std::fs::read_to_string(&repo.times).is_ok_and(|t| t.contains("start")) {
        assert!(std::time::Instant::now() < deadline, "no agent started");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let pid = nix::unistd::Pid::from_raw(child.id() as i32);
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGINT).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{status:?}");
    let ps = Command::new("ps").args(["-eo", "args"]).output().unwrap();
    assert!(
        !String::from_utf8_lossy(&ps.stdout).contains("sleep 31.7"),
        "an agent was left running"
    );
    let resumed = repo.charter(&["run", "--resume", "int"], &[("AGENT_SLEEP", "0")]);
    assert_eq!(code(&resumed), Some(0), "{}", show(&resumed));
    let v = repo.verify(".charter/runs/int/audit.jsonl");
    assert_eq!(code(&v), Some(0), "{}", show(&v));
}

/// The agent's time limit kills its whole process group and fails the task.
#[test]
fn an_agent_over_its_time_limit_is_killed_with_its_group() {
    let repo = repo(SPEC, &[]);
    let before = repo.main();
    // A spec edited after the build is pointed out.
    std::fs::write(
        repo.root.join("shop.charter"),
        format!("{SPEC}\n// edited\n"),
    )
    .unwrap();
    let agent = format!(
        "sh {}",
        repo.root.parent().unwrap().join("agent.sh").display()
    );
    let out = repo.charter(
        &[
            "run",
            "plan.json",
            "--agent",
            &agent,
            "--jobs",
            "1",
            "--run-id",
            "slow",
            "--agent-timeout",
            "1s",
        ],
        &[("AGENT_SLEEP", "29.3")],
    );
    assert_eq!(code(&out), Some(1), "{}", show(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("warning: `shop.charter` changed since the plan was built")
    );
    assert_eq!(repo.main(), before);
    let log = repo.log("slow");
    let returned = log.iter().find(|r| r["step"] == "agent_returned").unwrap();
    assert!(
        returned["detail"].as_str().unwrap().contains("timed out"),
        "{returned}"
    );
    let ps = Command::new("ps").args(["-eo", "args"]).output().unwrap();
    assert!(!String::from_utf8_lossy(&ps.stdout).contains("sleep 29.3"));
}

/// The brief an agent receives, for one task of a bundled example.
#[test]
fn the_brief_holds_what_the_agent_needs() {
    let dir = tempfile::tempdir().unwrap();
    let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("stdlib-specs/examples/payment_gateways.charter");
    let out = support::charter(&["build", spec.to_str().unwrap()], dir.path());
    assert_eq!(code(&out), Some(0), "{}", show(&out));
    let plan = charter::plan::input::LoadedPlan::parse(&out.stdout).unwrap();
    let brief = charter::run::brief::json_brief(&plan, "stripe.stripe_adapter");
    assert_eq!(brief["role"], "Owns the Stripe adapter");
    assert_eq!(
        brief["write"]["allow"],
        serde_json::json!(["src/payments/providers/stripe/**"])
    );
    assert_eq!(brief["provides"][0]["id"], "stripe_gateway");
    assert_eq!(brief["checks"][0]["before"], "fail");
    assert_eq!(brief["locks"], serde_json::json!(["payments-sandbox"]));
    insta::assert_snapshot!(charter::run::brief::markdown_brief(&brief));
}
