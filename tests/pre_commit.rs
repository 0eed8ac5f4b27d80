//! The hooks of `.pre-commit-hooks.yaml`, run by the real `pre-commit`
//! (`pre-commit try-repo` on this repository) in a temporary git repository:
//! the check hook fails on a spec with a C001 and passes on a clean one,
//! the fmt hook rewrites (and so fails, as pre-commit fails every hook that
//! changes a file), the guard hook refuses a staged file outside the task's
//! scope.
//!
//! pre-commit installs a `language: rust` hook with `cargo install --path .`
//! of this repository. To keep that to one build per commit of the hook
//! repository, the test points pre-commit's store (`PRE_COMMIT_HOME`) and
//! cargo's target directory into `target/pre-commit/`, which survive between
//! runs, and builds the hook's binary with the release profile's
//! optimisation turned off (it is a test of the hooks, not of speed).

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

/// The same spec as [`SCOPED`], laid out badly.
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

/// `pre-commit try-repo THIS_REPO HOOK --files FILES…` in `dir`.
fn try_repo(dir: &Path, hook: &str, files: &[&str], env: &[(&str, &str)]) -> (String, i32) {
    let cache = cache();
    let mut command = Command::new("pre-commit");
    command
        .arg("try-repo")
        .arg(hook_repo())
        .arg(hook)
        .arg("--verbose")
        .arg("--files")
        .args(files)
        .current_dir(dir)
        .env("PRE_COMMIT_HOME", cache.join("home"))
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

#[test]
fn the_hooks_check_format_and_guard_under_the_real_pre_commit() {
    let temp = tempfile::tempdir().unwrap();
    let repo = temp.path().join("project");
    std::fs::create_dir_all(repo.join("specs")).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    git(&repo, &["config", "user.name", "t"]);
    git(&repo, &["config", "user.email", "t@example.com"]);
    std::fs::write(repo.join("specs/clash.charter"), CLASH).unwrap();
    std::fs::write(repo.join("specs/port.charter"), SCOPED).unwrap();
    std::fs::write(repo.join("specs/ugly.charter"), UGLY).unwrap();
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "specs"]);

    // charter-check: fails on the C001, passes on a clean spec.
    let (out, code) = try_repo(&repo, "charter-check", &["specs/clash.charter"], &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("C001 concurrent-write-overlap"), "{out}");
    let (out, code) = try_repo(&repo, "charter-check", &["specs/port.charter"], &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Passed"), "{out}");

    // charter-fmt: rewrites the file, so pre-commit fails the hook; the
    // second run finds nothing to change.
    let (out, code) = try_repo(&repo, "charter-fmt", &["specs/ugly.charter"], &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("files were modified by this hook"), "{out}");
    let formatted = std::fs::read_to_string(repo.join("specs/ugly.charter")).unwrap();
    assert_eq!(formatted, SCOPED, "fmt gives the canonical layout");
    let (out, code) = try_repo(&repo, "charter-fmt", &["specs/ugly.charter"], &[]);
    assert_eq!(code, 0, "{out}");

    // charter-guard: the plan and task from the environment.
    let plan = temp.path().join("plan.json");
    let out = Command::new(env!("CARGO_BIN_EXE_charter"))
        .args(["build", "specs/port.charter", "-o"])
        .arg(&plan)
        .current_dir(&repo)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "formatted"]);
    let env = [
        ("CHARTER_PLAN", plan.to_str().unwrap()),
        ("CHARTER_TASK", "data.models"),
    ];
    std::fs::create_dir_all(repo.join("src/db")).unwrap();
    std::fs::create_dir_all(repo.join("src/api")).unwrap();
    std::fs::write(repo.join("src/db/model.rs"), "in scope\n").unwrap();
    std::fs::write(repo.join("src/api/routes.rs"), "out of scope\n").unwrap();
    git(&repo, &["add", "src/db/model.rs", "src/api/routes.rs"]);
    let (out, code) = try_repo(&repo, "charter-guard", &["src/db/model.rs"], &env);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("D003 unowned-change"), "{out}");
    assert!(out.contains("src/api/routes.rs"), "{out}");
    assert!(!out.contains("`src/db/model.rs`"), "{out}");
    git(&repo, &["rm", "-q", "--cached", "src/api/routes.rs"]);
    let (out, code) = try_repo(&repo, "charter-guard", &["src/db/model.rs"], &env);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("all inside the write scope"), "{out}");
}
