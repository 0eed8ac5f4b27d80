//! The scope check, shared with `charter guard` (`crate::guard`): the same
//! listing of what changed (renames on both sides, deletions, untracked
//! files in new folders listed one by one) and the same judgement and
//! message (D003), so the runner and the hook cannot disagree.

use std::path::Path;

use crate::guard::{self, ChangeSource, WriteScope};
use crate::text::FileId;

/// Every path the task's worktree changed since `start`: committed by the
/// agent, staged, unstaged or untracked.
pub fn changed_paths(worktree: &Path, start: &str) -> Result<Vec<guard::Change>, String> {
    guard::list_changes(worktree, &ChangeSource::Base(start.to_string())).map_err(|e| e.to_string())
}

/// The D003 message of each changed path the scope does not allow.
pub fn violations(
    task: &str,
    allow: &[String],
    deny: &[String],
    changes: &[guard::Change],
) -> Result<Vec<String>, String> {
    let scope = WriteScope::new(allow, deny)
        .map_err(|e| format!("task `{task}` has a malformed glob: {e:?}"))?;
    Ok(guard::violations(&scope, changes)
        .iter()
        .map(|v| {
            // Only the code and message are used: no file id is needed.
            let d = guard::finding::diagnostic(FileId::default(), v, task, None);
            format!("{}: {}", d.rule.code, d.message)
        })
        .collect())
}

/// The paths as text (for the state and the approval gates).
pub fn path_texts(changes: &[guard::Change]) -> Vec<String> {
    let mut paths: Vec<String> = changes.iter().map(|c| c.path.to_string()).collect();
    paths.sort();
    paths.dedup();
    paths
}
