//! The files of a repository, as the drift lints see them.

use std::path::{Path, PathBuf};

use crate::analysis::glob::Glob;

/// One walker thread's files, handed over when the thread's visitor is
/// dropped (one lock per thread, not per file).
struct Batch<'a> {
    local: Vec<String>,
    out: &'a std::sync::Mutex<Vec<String>>,
}

impl Drop for Batch<'_> {
    fn drop(&mut self) {
        self.out
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .append(&mut self.local);
    }
}

/// Every file under a root, relative to it with `/` separators, sorted.
/// Ignored files (`.gitignore`, `.ignore`, `.git/info/exclude`) are left
/// out, hidden files are kept (`.github/**` is a fine glob), `.git` is
/// skipped.
pub struct RepoFiles {
    root: PathBuf,
    files: Vec<String>,
}

impl RepoFiles {
    /// Walks `root` with the `ignore` crate, on every core. Unreadable
    /// entries are skipped: a drift lint must not fail on one bad folder.
    pub fn walk(root: &Path) -> Result<Self, String> {
        if !root.is_dir() {
            return Err(format!("`{}` is not a directory", root.display()));
        }
        let files = std::sync::Mutex::new(Vec::new());
        ignore::WalkBuilder::new(root)
            .hidden(false)
            .require_git(false)
            .filter_entry(|entry| entry.file_name() != ".git")
            .build_parallel()
            .run(|| {
                let mut batch = Batch {
                    local: Vec::new(),
                    out: &files,
                };
                Box::new(move |entry| {
                    if let Ok(entry) = entry
                        && entry.file_type().is_some_and(|t| t.is_file())
                        && let Ok(relative) = entry.path().strip_prefix(root)
                    {
                        batch
                            .local
                            .push(relative.to_string_lossy().replace('\\', "/"));
                    }
                    ignore::WalkState::Continue
                })
            });
        let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_unstable();
        Ok(Self {
            root: root.to_path_buf(),
            files,
        })
    }

    /// A listing given directly (tests).
    pub fn from_list(root: &Path, mut files: Vec<String>) -> Self {
        files.sort_unstable();
        Self {
            root: root.to_path_buf(),
            files,
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Whether any file matches. Only files starting with the glob's
    /// literal prefix can match it, and they are one contiguous run of the
    /// sorted list, so a glob like `src/db/**` looks at `src/db/…` alone.
    pub fn any_match(&self, glob: &Glob) -> bool {
        let prefix = glob.literal_prefix();
        let start = self.files.partition_point(|f| f.as_str() < prefix);
        self.files[start..]
            .iter()
            .take_while(|f| f.starts_with(prefix))
            .any(|f| glob.matches(f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_runs_find_matches_and_only_matches() {
        let files = RepoFiles::from_list(
            Path::new("."),
            ["src/db/a.rs", "src/api/b.rs", "README.md", "src/dbx"]
                .map(String::from)
                .to_vec(),
        );
        let matches = |g: &str| files.any_match(&Glob::parse(g).unwrap());
        assert!(matches("src/db/**"));
        assert!(matches("**/*.rs"));
        assert!(matches("src/db*"));
        assert!(!matches("src/db"));
        assert!(!matches("docs/**"));
        assert!(!matches("src/api/*.py"));
    }
}
