//! The judgement: which changed paths a task's write scope does not cover.

use super::changes::Change;
use crate::analysis::glob::{Glob, GlobError};

/// A task's write scope as the plan states it (`tasks[].write`): a path may
/// be written when some `allow` glob matches it and no `deny` glob does.
#[derive(Clone, Debug)]
pub struct WriteScope {
    allow: Vec<Glob>,
    deny: Vec<Glob>,
}

impl WriteScope {
    /// Parses the globs; a malformed one is an error (a plan from `charter
    /// build` never holds one, but a plan file is input).
    pub fn new<S: AsRef<str>>(allow: &[S], deny: &[S]) -> Result<Self, GlobError> {
        let parse = |globs: &[S]| -> Result<Vec<Glob>, GlobError> {
            globs.iter().map(|g| Glob::parse(g.as_ref())).collect()
        };
        Ok(Self {
            allow: parse(allow)?,
            deny: parse(deny)?,
        })
    }
}

/// Why a changed path is outside the scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// No `allow` glob matches it.
    NotAllowed,
    /// This `deny` glob matches it (the first one, in plan order).
    Denied(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub change: Change,
    pub reason: Reason,
}

/// Every change the scope does not allow, in the order given. Pure and
/// linear in `changes` times the number of globs.
pub fn violations(scope: &WriteScope, changes: &[Change]) -> Vec<Violation> {
    changes
        .iter()
        .filter_map(|change| {
            let text = change.path.match_text();
            let reason = if let Some(glob) = scope.deny.iter().find(|g| g.matches(&text)) {
                Reason::Denied(glob.as_str().to_owned())
            } else if !scope.allow.iter().any(|g| g.matches(&text)) {
                Reason::NotAllowed
            } else {
                return None;
            };
            Some(Violation {
                change: change.clone(),
                reason,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guard::changes::{ChangeKind, RepoPath};

    fn change(path: &str) -> Change {
        Change {
            path: RepoPath::new(path),
            kind: ChangeKind::Modified,
        }
    }

    #[test]
    fn deny_wins_inside_allow_and_unmatched_paths_are_outside() {
        let scope = WriteScope::new(&["src/db/**"], &["src/db/secrets/**"]).unwrap();
        let changes = [
            change("src/db/model.rs"),
            change("src/db/secrets/key.pem"),
            change("src/api/routes.rs"),
        ];
        let found = violations(&scope, &changes);
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].reason,
            Reason::Denied("src/db/secrets/**".to_owned())
        );
        assert_eq!(found[1].change, change("src/api/routes.rs"));
        assert_eq!(found[1].reason, Reason::NotAllowed);
    }

    #[test]
    fn non_utf8_names_still_match_wildcards() {
        let scope = WriteScope::new(&["docs/*"], &[] as &[&str]).unwrap();
        let odd = Change {
            path: RepoPath::new(b"docs/caf\xe9.md".to_vec()),
            kind: ChangeKind::Added,
        };
        assert!(violations(&scope, &[odd]).is_empty());
    }
}
