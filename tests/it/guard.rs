//! `charter guard` on real git repositories: the change listing (renames on
//! both sides, untracked files in new folders, deletions, odd names) and
//! the judgement (D003), end to end through the binary.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use charter::guard::{ChangeKind, ChangeSource, list_changes};

const SPEC: &str = r#"spec port {
    intent {
        outcome "Every model has a SeaORM entity"
        success parity "Repository methods return the same rows" by test.all
    }
    boundaries { write "src/db/**"; deny "src/db/secrets/**" }
    verify { test all "cargo test" }
    agent data {
        task models { goal "Every Diesel model has a SeaORM entity"; verify test.all }
    }
}
"#;

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A repository with the spec, its plan (outside the repository, so the
/// plan itself is not a change) and a first commit holding a few files.
struct Repo {
    _temp: tempfile::TempDir,
    dir: PathBuf,
    plan: PathBuf,
}

fn repo() -> Repo {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("repo");
    std::fs::create_dir(&dir).unwrap();
    git(&dir, &["init", "-q", "-b", "main"]);
    write(&dir, "spec.charter", SPEC);
    write(&dir, "src/db/model.rs", "model\n");
    write(&dir, "src/api/routes.rs", "routes\n");
    write(&dir, "README.md", "readme\n");
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-q", "-m", "base"]);
    let plan = temp.path().join("plan.json");
    let out = support::charter(
        &["build", "spec.charter", "-o", plan.to_str().unwrap()],
        &dir,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Repo {
        _temp: temp,
        dir,
        plan,
    }
}

impl Repo {
    fn guard(&self, how: &[&str], stdin: Option<&[u8]>) -> Output {
        let mut args = vec![
            "guard",
            "--plan",
            self.plan.to_str().unwrap(),
            "--task",
            "data.models",
        ];
        args.extend_from_slice(how);
        let mut child = Command::new(env!("CARGO_BIN_EXE_charter"))
            .args(&args)
            .current_dir(&self.dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        {
            use std::io::Write;
            let mut input = child.stdin.take().unwrap();
            input.write_all(stdin.unwrap_or(b"")).unwrap();
        }
        child.wait_with_output().unwrap()
    }

    /// The paths D003 reported, and the exit code.
    fn flagged(&self, how: &[&str]) -> (Vec<String>, i32) {
        let mut how = how.to_vec();
        how.extend(["--format", "json"]);
        let out = self.guard(&how, None);
        flagged_of(&out)
    }

    fn changes(&self, source: ChangeSource) -> Vec<(String, ChangeKind)> {
        list_changes(&self.dir, &source)
            .unwrap()
            .into_iter()
            .map(|c| (c.path.to_string(), c.kind))
            .collect()
    }
}

fn flagged_of(out: &Output) -> (Vec<String>, i32) {
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let paths = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            assert_eq!(d["code"], "D003");
            d["path"].as_str().unwrap().to_owned()
        })
        .collect();
    (paths, out.status.code().unwrap())
}

#[test]
fn a_rename_counts_on_both_sides() {
    let repo = repo();
    // Out of scope: the old side is inside, the new side is not.
    git(&repo.dir, &["mv", "src/db/model.rs", "src/api/model.rs"]);
    assert_eq!(
        repo.changes(ChangeSource::Staged),
        vec![
            ("src/api/model.rs".to_owned(), ChangeKind::RenamedTo),
            ("src/db/model.rs".to_owned(), ChangeKind::RenamedFrom),
        ]
    );
    assert_eq!(
        repo.flagged(&["--staged"]),
        (vec!["src/api/model.rs".to_owned()], 1)
    );
    git(&repo.dir, &["commit", "-q", "-m", "move out"]);
    assert_eq!(
        repo.flagged(&["--base", "HEAD~1"]),
        (vec!["src/api/model.rs".to_owned()], 1)
    );

    // Into scope: the new side is inside, the old side (removed from another
    // task's files) is not.
    let repo = self::repo();
    git(&repo.dir, &["mv", "src/api/routes.rs", "src/db/routes.rs"]);
    assert_eq!(
        repo.flagged(&["--staged"]),
        (vec!["src/api/routes.rs".to_owned()], 1)
    );
}

#[test]
fn an_untracked_file_in_a_new_folder_is_listed_as_the_file() {
    let repo = repo();
    write(&repo.dir, "src/db/secrets/new/key.pem", "secret\n");
    write(&repo.dir, "src/db/fresh/ok.rs", "fine\n");
    assert_eq!(
        repo.changes(ChangeSource::Base("HEAD".into())),
        vec![
            ("src/db/fresh/ok.rs".to_owned(), ChangeKind::Untracked),
            (
                "src/db/secrets/new/key.pem".to_owned(),
                ChangeKind::Untracked
            ),
        ]
    );
    // A denied file inside an allowed folder is refused.
    assert_eq!(
        repo.flagged(&["--base", "HEAD"]),
        (vec!["src/db/secrets/new/key.pem".to_owned()], 1)
    );
    // Ignored files are not changes.
    write(&repo.dir, ".gitignore", "*.pem\n");
    assert_eq!(
        repo.flagged(&["--base", "HEAD"]),
        (vec![".gitignore".to_owned()], 1)
    );
}

#[test]
fn deletions_count() {
    let repo = repo();
    std::fs::remove_file(repo.dir.join("README.md")).unwrap();
    assert_eq!(
        repo.changes(ChangeSource::Base("HEAD".into())),
        vec![("README.md".to_owned(), ChangeKind::Deleted)]
    );
    assert_eq!(
        repo.flagged(&["--base", "HEAD"]),
        (vec!["README.md".to_owned()], 1)
    );
}

#[test]
fn base_counts_committed_staged_unstaged_and_untracked_changes() {
    let repo = repo();
    git(&repo.dir, &["checkout", "-q", "-b", "work"]);
    write(&repo.dir, "src/api/committed.rs", "c\n");
    git(&repo.dir, &["add", "-A"]);
    git(&repo.dir, &["commit", "-q", "-m", "c"]);
    write(&repo.dir, "src/api/staged.rs", "s\n");
    git(&repo.dir, &["add", "src/api/staged.rs"]);
    write(&repo.dir, "src/api/routes.rs", "edited\n");
    write(&repo.dir, "src/api/untracked.rs", "u\n");
    write(&repo.dir, "src/db/model.rs", "in scope\n");
    // A commit on main after the branch forked is not this change's.
    git(&repo.dir, &["stash", "-q", "--include-untracked"]);
    git(&repo.dir, &["checkout", "-q", "main"]);
    write(&repo.dir, "src/api/on_main.rs", "m\n");
    git(&repo.dir, &["add", "-A"]);
    git(&repo.dir, &["commit", "-q", "-m", "main moves on"]);
    git(&repo.dir, &["checkout", "-q", "work"]);
    git(&repo.dir, &["stash", "pop", "-q", "--index"]);
    let (paths, code) = repo.flagged(&["--base", "main"]);
    assert_eq!(
        paths,
        [
            "src/api/committed.rs",
            "src/api/routes.rs",
            "src/api/staged.rs",
            "src/api/untracked.rs"
        ]
    );
    assert_eq!(code, 1);
}

#[test]
fn names_with_spaces_and_non_ascii_are_exact() {
    let repo = repo();
    write(&repo.dir, "src/db/a file ü.rs", "ok\n");
    write(&repo.dir, "docs/é t\"q.md", "out\n");
    git(&repo.dir, &["add", "-A"]);
    let (paths, code) = repo.flagged(&["--staged"]);
    assert_eq!(paths, ["docs/é t\"q.md"]);
    assert_eq!(code, 1);
}

#[cfg(unix)]
#[test]
fn a_non_utf8_name_is_reported_losslessly() {
    use std::os::unix::ffi::OsStrExt;
    let repo = repo();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    std::fs::write(repo.dir.join(name), "x").unwrap();
    let (paths, _) = repo.flagged(&["--base", "HEAD"]);
    assert_eq!(paths, ["caf\\xE9.md"]);
    let sarif = repo.guard(&["--base", "HEAD", "--format", "sarif"], None);
    let sarif: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    assert_eq!(
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "caf%E9.md"
    );
}

#[test]
fn paths_on_stdin_nul_or_newline_separated() {
    let repo = repo();
    let out = repo.guard(
        &["-", "--format", "json"],
        Some(b"src/db/ok.rs\nsrc/db/secrets/k\n./x y.txt\n"),
    );
    assert_eq!(
        flagged_of(&out),
        (vec!["src/db/secrets/k".to_owned(), "x y.txt".to_owned()], 1)
    );
    let out = repo.guard(
        &["-", "--format", "json"],
        Some(b"src/db/line\nbreak.rs\0src/db/b.rs\0"),
    );
    assert_eq!(flagged_of(&out), (vec![], 0));
}

#[test]
fn a_clean_change_passes_and_every_format_carries_d003() {
    let repo = repo();
    write(&repo.dir, "src/db/model.rs", "changed\n");
    assert_eq!(repo.flagged(&["--base", "HEAD"]), (vec![], 0));

    write(&repo.dir, "src/api/routes.rs", "changed\n");
    for (format, needle) in [
        ("human", "D003 unowned-change"),
        ("github", "title=D003 unowned-change::"),
        ("sarif", "\"ruleId\": \"D003\""),
        ("junit", "D003"),
    ] {
        let out = repo.guard(&["--base", "HEAD", "--format", format], None);
        assert_eq!(out.status.code(), Some(1), "{format}");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(text.contains(needle), "{format}: {text}");
        assert!(text.contains("src/api/routes.rs"), "{format}: {text}");
    }
    let out = repo.guard(&["--base", "HEAD", "--exit-zero"], None);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn usage_errors_exit_2() {
    let repo = repo();
    let out = repo.guard(&["--base", "no-such-rev"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`no-such-rev` is not a commit"));
    let out = support::charter(
        &[
            "guard",
            "--plan",
            repo.plan.to_str().unwrap(),
            "--task",
            "data.nope",
            "--staged",
        ],
        &repo.dir,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("its tasks are: data.models"));
}
