//! The scope check: what a task changed, and which of those paths its write
//! scope does not allow. This is the boundary to `charter guard`'s core
//! (`src/guard/`), which both use: the same listing and the same judgement
//! (code D003), so the runner and the hook cannot disagree.

use std::path::Path;

use super::git::git;
use crate::analysis::glob::Glob;

/// A changed path the scope does not allow, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub path: String,
    pub reason: String,
}

impl Violation {
    /// The message `charter guard` prints for the same finding.
    pub fn message(&self, task: &str) -> String {
        format!(
            "D003 `{}` is outside the write scope of `{task}`: {}",
            self.path, self.reason
        )
    }
}

/// Stages everything in `worktree` and lists each changed path since
/// `base`, renames split into both sides, untracked files included:
/// `git add -A` then `git diff --cached --name-only -z --no-renames BASE`.
pub fn changed_paths(worktree: &Path, base: &str) -> Result<Vec<String>, String> {
    git(worktree, &["add", "-A"])?;
    let out = git(
        worktree,
        &[
            "diff",
            "--cached",
            "--name-only",
            "-z",
            "--no-renames",
            base,
        ],
    )?;
    let mut paths: Vec<String> = out
        .split('\0')
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    paths.sort();
    paths.dedup();
    Ok(paths)
}

/// Each path that matches no `allow` glob, or matches a `deny` glob.
pub fn violations(allow: &[String], deny: &[String], paths: &[String]) -> Vec<Violation> {
    let compile = |globs: &[String]| -> Vec<Glob> {
        globs.iter().filter_map(|g| Glob::parse(g).ok()).collect()
    };
    let (allow_globs, deny_globs) = (compile(allow), compile(deny));
    paths
        .iter()
        .filter_map(|path| {
            if let Some(d) = deny_globs.iter().find(|g| g.matches(path)) {
                Some(Violation {
                    path: path.clone(),
                    reason: format!("it matches the denied glob `{}`", d.as_str()),
                })
            } else if !allow_globs.iter().any(|g| g.matches(path)) {
                Some(Violation {
                    path: path.clone(),
                    reason: format!("it matches none of {}", allow.join(", ")),
                })
            } else {
                None
            }
        })
        .collect()
}
