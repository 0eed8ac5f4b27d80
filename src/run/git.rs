//! Git, as the runner uses it: every call is `git -C DIR ARGS…` with its
//! output captured and a failure returned as a message naming the command.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Runs git in `dir` and returns its stdout (lossy UTF-8).
pub fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_EDITOR", "true")
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// Whether `git ARGS` succeeds (for questions such as `merge-base --is-ancestor`).
pub fn git_ok(dir: &Path, args: &[&str]) -> bool {
    git(dir, args).is_ok()
}

/// The top of the working tree that holds `dir`.
pub fn toplevel(dir: &Path) -> Result<PathBuf, String> {
    let top = git(dir, &["rev-parse", "--show-toplevel"])
        .map_err(|_| format!("`{}` is not inside a git repository", dir.display()))?;
    Ok(PathBuf::from(top.trim()))
}

/// The commit a revision names.
pub fn rev(dir: &Path, revision: &str) -> Result<String, String> {
    Ok(git(
        dir,
        &["rev-parse", "--verify", &format!("{revision}^{{commit}}")],
    )?
    .trim()
    .to_string())
}

/// The branch checked out in `dir`, if any.
pub fn current_branch(dir: &Path) -> Option<String> {
    git(dir, &["symbolic-ref", "--quiet", "--short", "HEAD"])
        .ok()
        .map(|b| b.trim().to_string())
        .filter(|b| !b.is_empty())
}

/// Makes sure commits can be made: a repository without an identity gets
/// the runner's for its own commits only (`-c` on each commit).
pub fn identity_args(dir: &Path) -> Vec<String> {
    let has = |key: &str| {
        git(dir, &["config", key])
            .map(|v| !v.trim().is_empty())
            .unwrap_or(false)
    };
    let mut args = Vec::new();
    if !has("user.name") {
        args.extend(["-c".to_string(), "user.name=charter".to_string()]);
    }
    if !has("user.email") {
        args.extend(["-c".to_string(), "user.email=charter@localhost".to_string()]);
    }
    args
}

/// Adds `.charter/` to the repository's own exclude file (never to a
/// tracked `.gitignore`), so the run's directory never shows as a change.
pub fn exclude_run_dir(root: &Path) -> Result<(), String> {
    let common = git(root, &["rev-parse", "--git-common-dir"])?;
    let common = root.join(common.trim());
    let info = common.join("info");
    std::fs::create_dir_all(&info).map_err(|e| format!("cannot create {}: {e}", info.display()))?;
    let exclude = info.join("exclude");
    let text = std::fs::read_to_string(&exclude).unwrap_or_default();
    if text.lines().any(|l| l.trim() == "/.charter/") {
        return Ok(());
    }
    let mut new = text;
    if !new.is_empty() && !new.ends_with('\n') {
        new.push('\n');
    }
    new.push_str("/.charter/\n");
    std::fs::write(&exclude, new).map_err(|e| format!("cannot write {}: {e}", exclude.display()))
}
