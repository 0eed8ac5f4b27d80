//! The work a profile-guided build learns from (`bench --train`, run by
//! `scripts/pgo.sh` with an instrumented `charter`).
//!
//! A profile makes the code it saw fast and lays out the rest for size, so
//! it must see every kind of work users give the binary, not only the
//! benchmark's clean specs: the two generated workspaces checked on one
//! thread and on two (the figures the bench prints), the diagnostics
//! fixtures (every lint firing, each rendered as text and JSON, and all of
//! them as SARIF),
//! the bundled examples compiled to plans, drawn and formatted, and the
//! real-world specs checked. The language server is trained apart, by
//! `examples/lsp_bench` (the script runs both).
//!
//! Every run's exit status is checked: a command that stops being valid
//! (a fixture moved, a flag renamed) would otherwise train the profile on
//! an error message. `tests/it/bench_smoke.rs` runs it at smoke size.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::harness::{Options, run_quietly, write_workspace};

/// What one training run did.
pub struct Trained {
    /// Commands run.
    pub runs: usize,
    /// Of them, those that reported findings at error level (exit 1).
    pub with_findings: usize,
}

/// How a command is expected to end.
#[derive(Clone, Copy)]
enum Expect {
    /// Exit 0.
    Clean,
    /// Exit 0 or 1: findings at error level are what some inputs are for.
    Checked,
}

/// Runs `opts.charter` over the training work, from the repository at
/// `repo`; repetitions scale with `opts.runs`.
pub fn train(opts: &Options, repo: &Path, out: &mut dyn Write) -> Result<Trained, String> {
    let io = |e: std::io::Error| format!("cannot write the report: {e}");
    let mut trainer = Trainer {
        charter: &opts.charter,
        trained: Trained {
            runs: 0,
            with_findings: 0,
        },
    };

    let dir = tempfile::Builder::new()
        .prefix("charter-train-")
        .tempdir()
        .map_err(|e| format!("cannot create a temporary directory: {e}"))?;
    for (name, shape, repeats) in [
        ("small", &opts.small, 10 * opts.runs),
        ("large", &opts.shape, opts.runs),
    ] {
        let root = dir.path().join(name);
        std::fs::create_dir(&root).map_err(|e| format!("cannot create {}: {e}", root.display()))?;
        let ws = write_workspace(&root, shape)?;
        for _ in 0..repeats {
            trainer.run(&root, &["check", "--jobs", "1", "."], Expect::Clean)?;
            trainer.run(&root, &["check", "--jobs", "2", "."], Expect::Clean)?;
        }
        trainer.run(&root, &["check", "--format", "json", "."], Expect::Clean)?;
        let first = root.join(&ws.files[0].0);
        let first = first.to_str().ok_or("a generated path is not UTF-8")?;
        trainer.run(&root, &["build", first], Expect::Clean)?;
        writeln!(
            out,
            "trained on the {name} workspace: {} files",
            ws.files.len()
        )
        .map_err(io)?;
    }

    let fixtures = repo.join("tests/fixtures/diagnostics");
    let findings_before = trainer.trained.with_findings;
    for file in charter_files(&fixtures)? {
        let file = file.to_str().ok_or("a fixture's path is not UTF-8")?;
        trainer.run(repo, &["check", file], Expect::Checked)?;
        trainer.run(repo, &["check", "--format", "json", file], Expect::Checked)?;
    }
    let fixtures = fixtures.to_str().ok_or("the fixtures' path is not UTF-8")?;
    trainer.run(
        repo,
        &["check", "--format", "sarif", fixtures],
        Expect::Checked,
    )?;
    writeln!(
        out,
        "trained on the diagnostics fixtures: {} runs with findings",
        trainer.trained.with_findings - findings_before
    )
    .map_err(io)?;

    for file in charter_files(&repo.join("stdlib-specs/examples"))? {
        let file = file.to_str().ok_or("an example's path is not UTF-8")?;
        trainer.run(repo, &["check", file], Expect::Clean)?;
        trainer.run(repo, &["build", file], Expect::Clean)?;
        trainer.run(repo, &["graph", file], Expect::Clean)?;
        trainer.run(repo, &["fmt", "--check", file], Expect::Checked)?;
    }
    for file in charter_files(&repo.join("tests/realworld"))? {
        let file = file.to_str().ok_or("a spec's path is not UTF-8")?;
        trainer.run(repo, &["check", file], Expect::Checked)?;
    }
    trainer.run(repo, &["explain", "C001"], Expect::Clean)?;
    trainer.run(repo, &["--version"], Expect::Clean)?;
    writeln!(
        out,
        "trained on the bundled examples and the real-world specs"
    )
    .map_err(io)?;
    Ok(trainer.trained)
}

/// Runs the binary and counts its runs.
struct Trainer<'a> {
    charter: &'a Path,
    trained: Trained,
}

impl Trainer<'_> {
    /// `charter ARGS` in `dir`, which must end as `expect` says.
    fn run(&mut self, dir: &Path, args: &[&str], expect: Expect) -> Result<(), String> {
        let code = exit_code(self.charter, dir, args)?;
        let fine = match expect {
            Expect::Clean => code == 0,
            Expect::Checked => code == 0 || code == 1,
        };
        if !fine {
            return Err(format!(
                "`charter {}` in {} exited with {code}",
                args.join(" "),
                dir.display()
            ));
        }
        self.trained.runs += 1;
        self.trained.with_findings += usize::from(code == 1);
        Ok(())
    }
}

/// The `.charter` files directly in `dir`, sorted.
fn charter_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
            .path();
        if path.extension().is_some_and(|e| e == "charter") {
            files.push(path);
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(format!("no .charter files in {}", dir.display()));
    }
    Ok(files)
}

/// Runs `charter ARGS` in `dir`, its output discarded: its exit code (-1
/// for a signal).
fn exit_code(charter: &Path, dir: &Path, args: &[&str]) -> Result<i32, String> {
    let status = run_quietly(Command::new(charter).args(args).current_dir(dir), charter)?;
    Ok(status.code().unwrap_or(-1))
}
