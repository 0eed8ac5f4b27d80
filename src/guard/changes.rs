//! Listing the paths a change touched.
//!
//! Git is asked with `-z` so no path is ever quoted or escaped, and with
//! `--name-status -M` so a rename gives both of its sides. Untracked files
//! come from `git ls-files --others --exclude-standard`, which lists each
//! file (`git status --porcelain` would show a new folder as the folder, and
//! a denied file inside it would slip through).

use std::ffi::OsStr;
use std::fmt;
use std::path::Path;
use std::process::Command;

/// A path relative to the repository root, as git prints it: bytes, `/`
/// separators. File names need not be UTF-8, so the bytes are kept.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RepoPath(Vec<u8>);

impl RepoPath {
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self(bytes.into())
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The text globs are matched against. A byte that is not UTF-8 becomes
    /// U+FFFD: `*` and `?` still match it, and no glob (specs are UTF-8) can
    /// name the byte itself, so matching loses nothing.
    pub fn match_text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.0)
    }
}

impl fmt::Display for RepoPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::diagnostics::render::path_text(&self.0))
    }
}

/// How a path was touched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    Added,
    Modified,
    Deleted,
    /// The old side of a rename (the path no longer exists).
    RenamedFrom,
    /// The new side of a rename.
    RenamedTo,
    /// A file git does not track yet (and does not ignore).
    Untracked,
    /// Named on stdin: the guard does not know how it changed.
    Listed,
}

impl ChangeKind {
    /// What happened to the file, completing "the file …".
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "was added",
            ChangeKind::Modified => "was modified",
            ChangeKind::Deleted => "was deleted",
            ChangeKind::RenamedFrom => "was renamed away (the old side of a rename)",
            ChangeKind::RenamedTo => "was renamed into place (the new side of a rename)",
            ChangeKind::Untracked => "is a new, untracked file",
            ChangeKind::Listed => "was listed as changed",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Change {
    pub path: RepoPath,
    pub kind: ChangeKind,
}

/// Where the list of changes comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChangeSource {
    /// Everything since `REV` on this branch: committed, staged, unstaged
    /// and untracked. The diff is taken from the merge base of `REV` and
    /// `HEAD`, so commits that landed on `REV` after the branch forked are
    /// not counted as this change's.
    Base(String),
    /// The index against `HEAD`: what the next commit would hold.
    Staged,
    /// Paths given as a list, NUL- or newline-separated (see [`parse_list`]).
    List(Vec<u8>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuardError(pub String);

impl fmt::Display for GuardError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for GuardError {}

/// The changes in the repository containing `dir`, paths relative to its
/// top level, sorted, each (path, kind) once.
pub fn list_changes(dir: &Path, source: &ChangeSource) -> Result<Vec<Change>, GuardError> {
    let mut changes = match source {
        ChangeSource::List(bytes) => parse_list(bytes),
        ChangeSource::Staged => {
            let top = toplevel(dir)?;
            let out = git(&top, &["diff", "--cached", "--name-status", "-z", "-M"])?;
            parse_name_status(&out)?
        }
        ChangeSource::Base(rev) => {
            let top = toplevel(dir)?;
            let base = merge_base(&top, rev)?;
            // `git diff REV` compares REV with the working tree: committed,
            // staged and unstaged changes to tracked files alike.
            let out = git(&top, &["diff", "--name-status", "-z", "-M", &base, "--"])?;
            let mut changes = parse_name_status(&out)?;
            changes.extend(untracked(&top)?);
            changes
        }
    };
    changes.sort();
    changes.dedup();
    Ok(changes)
}

/// Paths separated by NUL when the input holds one (`git diff -z`, `find
/// -print0`), else by newlines (a trailing `\r` dropped); empty entries are
/// skipped and a leading `./` removed.
pub fn parse_list(bytes: &[u8]) -> Vec<Change> {
    let separator = if bytes.contains(&0) { 0 } else { b'\n' };
    bytes
        .split(|b| *b == separator)
        .map(|entry| {
            if separator == b'\n' {
                entry.strip_suffix(b"\r").unwrap_or(entry)
            } else {
                entry
            }
        })
        .map(|entry| entry.strip_prefix(b"./").unwrap_or(entry))
        .filter(|entry| !entry.is_empty())
        .map(|entry| Change {
            path: RepoPath::new(entry),
            kind: ChangeKind::Listed,
        })
        .collect()
}

/// Parses `git diff --name-status -z -M`: `STATUS\0PATH\0`, or for renames
/// and copies `RNNN\0OLD\0NEW\0`.
pub fn parse_name_status(out: &[u8]) -> Result<Vec<Change>, GuardError> {
    let mut fields = out.split(|b| *b == 0).filter(|f| !f.is_empty());
    let mut changes = Vec::new();
    let missing = || GuardError("git printed a status without its path".to_owned());
    while let Some(status) = fields.next() {
        let mut path = || fields.next().map(RepoPath::new).ok_or_else(missing);
        match status.first() {
            Some(b'R') => {
                let old = path()?;
                let new = path()?;
                changes.push(Change {
                    path: old,
                    kind: ChangeKind::RenamedFrom,
                });
                changes.push(Change {
                    path: new,
                    kind: ChangeKind::RenamedTo,
                });
            }
            // A copy leaves its source untouched: only the new side changed.
            Some(b'C') => {
                path()?;
                let new = path()?;
                changes.push(Change {
                    path: new,
                    kind: ChangeKind::Added,
                });
            }
            Some(b'A') => changes.push(Change {
                path: path()?,
                kind: ChangeKind::Added,
            }),
            Some(b'D') => changes.push(Change {
                path: path()?,
                kind: ChangeKind::Deleted,
            }),
            // M (modified), T (type change), U (unmerged), X: the path changed.
            Some(_) => changes.push(Change {
                path: path()?,
                kind: ChangeKind::Modified,
            }),
            None => return Err(missing()),
        }
    }
    Ok(changes)
}

fn untracked(top: &Path) -> Result<Vec<Change>, GuardError> {
    let out = git(top, &["ls-files", "--others", "--exclude-standard", "-z"])?;
    Ok(out
        .split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| Change {
            path: RepoPath::new(p),
            kind: ChangeKind::Untracked,
        })
        .collect())
}

fn toplevel(dir: &Path) -> Result<std::path::PathBuf, GuardError> {
    let out = git(dir, &["rev-parse", "--show-toplevel"])?;
    let text = String::from_utf8_lossy(&out);
    Ok(std::path::PathBuf::from(
        text.trim_end_matches(['\n', '\r']),
    ))
}

fn merge_base(top: &Path, rev: &str) -> Result<String, GuardError> {
    // Resolve first, so a mistyped revision is reported as such.
    let resolved = git(
        top,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .map_err(|_| GuardError(format!("`{rev}` is not a commit in this repository")))?;
    let resolved = String::from_utf8_lossy(&resolved).trim().to_owned();
    match git(top, &["merge-base", &resolved, "HEAD"]) {
        Ok(out) => Ok(String::from_utf8_lossy(&out).trim().to_owned()),
        // No common ancestor (or no HEAD yet): compare with REV itself.
        Err(_) => Ok(resolved),
    }
}

/// Runs git in `dir` with the settings that make its output machine-readable
/// whatever the user's configuration.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, GuardError> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "core.quotePath=false", "-c", "diff.renames=true"])
        .args(args.iter().map(OsStr::new))
        .env("GIT_OPTIONAL_LOCKS", "0")
        .output()
        .map_err(|e| GuardError(format!("cannot run git: {e}")))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        return Err(GuardError(format!(
            "`git {}` failed: {}",
            args.join(" "),
            stderr.trim()
        )));
    }
    Ok(out.stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(changes: &[Change]) -> Vec<(String, ChangeKind)> {
        changes
            .iter()
            .map(|c| (c.path.match_text().into_owned(), c.kind))
            .collect()
    }

    #[test]
    fn name_status_splits_renames_and_keeps_spaces() {
        let out = b"R087\0src/a b.rs\0lib/a b.rs\0M\0x\0D\0gone\0A\0new\0C100\0s\0t\0";
        assert_eq!(
            paths(&parse_name_status(out).unwrap()),
            vec![
                ("src/a b.rs".into(), ChangeKind::RenamedFrom),
                ("lib/a b.rs".into(), ChangeKind::RenamedTo),
                ("x".into(), ChangeKind::Modified),
                ("gone".into(), ChangeKind::Deleted),
                ("new".into(), ChangeKind::Added),
                ("t".into(), ChangeKind::Added),
            ]
        );
        assert!(parse_name_status(b"R100\0only-old\0").is_err());
    }

    #[test]
    fn lists_split_on_nul_when_present_else_on_lines() {
        assert_eq!(
            paths(&parse_list(b"a\nb c\r\n\n./d\n")),
            vec![
                ("a".into(), ChangeKind::Listed),
                ("b c".into(), ChangeKind::Listed),
                ("d".into(), ChangeKind::Listed),
            ]
        );
        assert_eq!(
            paths(&parse_list(b"line\nbreak\0x\0")),
            vec![
                ("line\nbreak".into(), ChangeKind::Listed),
                ("x".into(), ChangeKind::Listed),
            ]
        );
    }
}
