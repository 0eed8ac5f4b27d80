//! The hooks of `.pre-commit-hooks.yaml`, run by the real `pre-commit` in a
//! temporary git repository whose `.pre-commit-config.yaml` names this
//! repository, as a project's would: the check hook fails on a spec with a
//! C001 and passes on a clean one, the fmt hook rewrites (and so fails, as
//! pre-commit fails every hook that changes a file), the guard hook refuses
//! a staged file outside the task's scope.
//!
//! pre-commit installs a `language: rust` hook with `cargo install --path .`
//! of the hook repository at the configured `rev`, once per store. The
//! `rev` is a commit of this repository as it is on disk, uncommitted edits
//! included (what `pre-commit try-repo` makes, but `try-repo` installs anew
//! in a fresh store on every run, and the install is what costs). Both runs
//! share one store, so the hooks are built once. To keep that build cheap,
//! cargo's target directory points into `target/pre-commit/` (the
//! dependencies are built once and survive between test runs) and the
//! release profile's optimisation is turned off for it (this tests the
//! hooks, not speed).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const CLASH: &str = r#"spec clash {
    intent {
        outcome "Both services speak the new protocol"
        success parity "Old and new clients both work" by test.all
    }
    verify { test all "cargo test" }
    agent a { write "src/**"; task one { goal "Port the server side"; verify test.all } }
    agent b { write "src/net/**"; task two { goal "Port the client side"; verify test.all } }
}
"#;

const SCOPED: &str = r#"spec port {
    intent {
        outcome "Every model has a SeaORM entity"
        success parity "Repository methods return the same rows" by test.all
    }
    boundaries { write "src/db/**" }
    verify { test all "cargo test" }
    agent data {
        task models { goal "Every Diesel model has a SeaORM entity"; verify test.all }
    }
}
"#;

/// A spec laid out badly.
const UGLY: &str = "spec port {\n  intent {\n outcome   \"Every model has a SeaORM entity\"\n        success parity \"Repository methods return the same rows\" by test.all }\n  boundaries { write \"src/db/**\" }\n verify { test all \"cargo test\" }\n    agent data {\n task models { goal \"Every Diesel model has a SeaORM entity\"; verify test.all } }\n}\n";

fn hook_repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Where pre-commit keeps its store and cargo its build, between runs.
fn cache() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| hook_repo().join("target"));
    let target = if target.is_absolute() {
        target
    } else {
        hook_repo().join(target)
    };
    target.join("pre-commit")
}

fn git(dir: &Path, args: &[&str]) {
    git_output(dir, args);
}

/// Runs `git ARGS` in `dir` and returns its standard output.
fn git_output(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A commit of this repository as it is on disk, in a clone under `dir`:
/// its `HEAD` with the tracked files' uncommitted changes applied, as
/// `pre-commit try-repo` makes one. Returns the clone and the commit.
fn hooks_at_this_tree(dir: &Path) -> (PathBuf, String) {
    let clone = dir.join("hooks");
    let status = Command::new("git")
        .args(["clone", "-q", "--shared"])
        .arg(hook_repo())
        .arg(&clone)
        .status()
        .expect("git runs");
    assert!(status.success(), "git clone of this repository");
    let diff = Command::new("git")
        .args(["diff", "HEAD", "--binary"])
        .current_dir(hook_repo())
        .output()
        .expect("git runs");
    assert!(diff.status.success(), "git diff HEAD");
    if !diff.stdout.is_empty() {
        use std::io::Write;
        let mut apply = Command::new("git")
            .args(["apply", "--whitespace=nowarn", "-"])
            .current_dir(&clone)
            .stdin(std::process::Stdio::piped())
            .spawn()
            .expect("git runs");
        apply.stdin.take().unwrap().write_all(&diff.stdout).unwrap();
        assert!(
            apply.wait().unwrap().success(),
            "git apply of the working tree's changes"
        );
    }
    git(&clone, &["add", "-A"]);
    git(
        &clone,
        &[
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "commit",
            "-q",
            "--allow-empty",
            "--no-verify",
            "-m",
            "hooks under test",
        ],
    );
    let rev = git_output(&clone, &["rev-parse", "HEAD"]).trim().to_owned();
    (clone, rev)
}

/// `pre-commit run --files FILES…` in `dir` with `config`, every hook,
/// installing into (or reusing) the store `store`.
fn pre_commit_run(
    dir: &Path,
    config: &Path,
    store: &Path,
    files: &[&str],
    env: &[(&str, &str)],
) -> (String, i32) {
    let mut command = Command::new("pre-commit");
    command
        .arg("run")
        .arg("--config")
        .arg(config)
        .arg("--verbose")
        .arg("--files")
        .args(files)
        .current_dir(dir)
        .env("PRE_COMMIT_HOME", store)
        .env("CARGO_TARGET_DIR", cache().join("cargo"))
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "256")
        .env("NO_COLOR", "1")
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .env_remove("CHARTER_PLAN")
        .env_remove("CHARTER_TASK");
    for (key, value) in env {
        command.env(key, value);
    }
    let out: Output = command
        .output()
        .expect("pre-commit is installed (.ci/run installs it)");
    (
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        out.status.code().unwrap_or(-1),
    )
}

/// The output of each hook in a pre-commit run, by hook id.
fn by_hook(out: &str) -> Vec<(String, String)> {
    out.split("- hook id: ")
        .skip(1)
        .map(|section| {
            let (id, rest) = section.split_once('\n').unwrap_or((section, ""));
            (id.trim().to_owned(), rest.to_owned())
        })
        .collect()
}

/// What `charter fmt -` makes of a text.
fn formatted(text: &str) -> String {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_charter"))
        .args(["fmt", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// Two runs of all three hooks, installed once: every hook fails, then
/// every hook passes.
#[test]
fn the_hooks_check_format_and_guard_under_the_real_pre_commit() {
    // A `cargo install`: no timed test runs beside it.
    let _cpu = crate::support::cpu_heavy();
    let temp = tempfile::tempdir().unwrap();
    let (hooks, rev) = hooks_at_this_tree(temp.path());
    let config = temp.path().join("pre-commit-config.yaml");
    std::fs::write(
        &config,
        format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: charter-check\n      - id: charter-fmt\n      - id: charter-guard\n",
            hooks.display()
        ),
    )
    .unwrap();
    let store = temp.path().join("store");
    let repo = temp.path().join("project");
    std::fs::create_dir_all(repo.join("specs")).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    git(&repo, &["config", "user.name", "t"]);
    git(&repo, &["config", "user.email", "t@example.com"]);
    std::fs::write(repo.join("specs/clash.charter"), CLASH).unwrap();
    std::fs::write(repo.join("specs/port.charter"), formatted(SCOPED)).unwrap();
    std::fs::write(repo.join("specs/ugly.charter"), UGLY).unwrap();
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "specs"]);

    // The guard hook reads the plan and the task from the environment.
    let plan = temp.path().join("plan.json");
    let out = Command::new(env!("CARGO_BIN_EXE_charter"))
        .args(["build", "specs/port.charter", "-o"])
        .arg(&plan)
        .current_dir(&repo)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let env = [
        ("CHARTER_PLAN", plan.to_str().unwrap()),
        ("CHARTER_TASK", "data.models"),
    ];
    std::fs::create_dir_all(repo.join("src/db")).unwrap();
    std::fs::create_dir_all(repo.join("src/api")).unwrap();
    std::fs::write(repo.join("src/db/model.rs"), "in scope\n").unwrap();
    std::fs::write(repo.join("src/api/routes.rs"), "out of scope\n").unwrap();
    git(&repo, &["add", "src/db/model.rs", "src/api/routes.rs"]);

    // Every hook fails: a C001, a file to reformat, a staged file out of scope.
    let (out, code) = pre_commit_run(
        &repo,
        &config,
        &store,
        &["specs/clash.charter", "specs/ugly.charter"],
        &env,
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("Installing environment"), "{out}");
    let hooks = by_hook(&out);
    let ids: Vec<&str> = hooks.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(
        ids,
        ["charter-check", "charter-fmt", "charter-guard"],
        "{out}"
    );
    assert!(
        hooks[0].1.contains("C001 concurrent-write-overlap"),
        "{out}"
    );
    assert!(
        hooks[1].1.contains("files were modified by this hook"),
        "{out}"
    );
    assert!(hooks[2].1.contains("D003 unowned-change"), "{out}");
    assert!(hooks[2].1.contains("`src/api/routes.rs`"), "{out}");
    assert!(!hooks[2].1.contains("`src/db/model.rs`"), "{out}");
    assert_eq!(
        std::fs::read_to_string(repo.join("specs/ugly.charter")).unwrap(),
        formatted(UGLY),
        "the fmt hook rewrote the file in the canonical layout"
    );

    // Every hook passes: a clean spec, a formatted file, only in-scope changes.
    git(&repo, &["rm", "-q", "--cached", "src/api/routes.rs"]);
    let (out, code) = pre_commit_run(
        &repo,
        &config,
        &store,
        &["specs/port.charter", "specs/ugly.charter"],
        &env,
    );
    assert_eq!(code, 0, "{out}");
    assert_eq!(out.matches("Passed").count(), 3, "{out}");
    assert!(
        !out.contains("Installing environment"),
        "the second run reuses the hooks the first installed: {out}"
    );
}
