//! The hooks of `.pre-commit-hooks.yaml`, run by the real `pre-commit`
//! (`pre-commit try-repo` on this repository) in a temporary git repository:
//! the check hook fails on a spec with a C001 and passes on a clean one,
//! the fmt hook rewrites (and so fails, as pre-commit fails every hook that
//! changes a file), the guard hook refuses a staged file outside the task's
//! scope.
//!
//! pre-commit installs a `language: rust` hook with `cargo install --path .`
//! of this repository, and `try-repo` does so in a fresh temporary store on
//! every run. To keep that cheap, cargo's target directory points into
//! `target/pre-commit/` (the dependencies are built once and survive between
//! runs; only the charter crate is built again), the release profile's
//! optimisation is turned off for that build (this tests the hooks, not
//! speed), and all three hooks share each of the two runs.

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
}

/// `pre-commit try-repo THIS_REPO --files FILES…` in `dir`: every hook.
fn try_repo(dir: &Path, files: &[&str], env: &[(&str, &str)]) -> (String, i32) {
    let cache = cache();
    let mut command = Command::new("pre-commit");
    command
        .arg("try-repo")
        .arg(hook_repo())
        .arg("--verbose")
        .arg("--files")
        .args(files)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", cache.join("cargo"))
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "256")
        .env("CARGO_PROFILE_RELEASE_INCREMENTAL", "true")
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

/// Two `try-repo` runs of all three hooks (each run installs the hooks
/// anew, in a temporary store: that is what costs, so there are two).
#[test]
fn the_hooks_check_format_and_guard_under_the_real_pre_commit() {
    // Two `cargo install`s: no timed test runs beside them.
    let _cpu = crate::support::cpu_heavy();
    let temp = tempfile::tempdir().unwrap();
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
    let (out, code) = try_repo(&repo, &["specs/clash.charter", "specs/ugly.charter"], &env);
    assert_eq!(code, 1, "{out}");
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
    let (out, code) = try_repo(&repo, &["specs/port.charter", "specs/ugly.charter"], &env);
    assert_eq!(code, 0, "{out}");
    assert_eq!(out.matches("Passed").count(), 3, "{out}");
}
