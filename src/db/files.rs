//! File inputs: one salsa input per file the analysis has asked for,
//! created on first use and kept for as long as the database lives.
//!
//! A path that does not exist (yet) still gets an input, with the status
//! [`FileStatus::Missing`]: the query that asked for it depends on that
//! status, so when the file appears and the front door re-syncs it, exactly
//! the queries that wanted it run again.

use std::path::{Component, Path, PathBuf};

use crate::text::FileId;

/// What a file input stands for.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FilePath {
    /// A file of a file system, by absolute, lexically normalised path.
    Disk(PathBuf),
    /// `std::NAME`, bundled in the binary.
    Std(String),
    /// Text with no file behind it: standard input, a test's string.
    Virtual(String),
}

impl FilePath {
    pub fn as_disk(&self) -> Option<&Path> {
        match self {
            FilePath::Disk(path) => Some(path),
            _ => None,
        }
    }
}

/// Whether a file's contents could be had.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FileStatus {
    Exists,
    /// Nothing at the path: an import of it is unresolved (E001) until it
    /// appears.
    Missing,
    /// Something the system will not read (a directory, a device, a file
    /// over the size bound), with the reason.
    Refused(String),
    /// A path inside the workspace whose symbolic links lead outside it:
    /// never read.
    OutsideRoot,
}

/// One source file.
#[salsa::input(debug)]
pub struct SourceFile {
    /// The id diagnostics and model locations carry.
    #[returns(copy)]
    pub id: FileId,
    #[returns(ref)]
    pub path: FilePath,
    /// The contents, decoded lossily when `invalid_utf8_at` says where
    /// decoding first failed; empty unless the status is `Exists`.
    #[returns(ref)]
    pub text: String,
    #[returns(copy)]
    pub invalid_utf8_at: Option<usize>,
    #[returns(ref)]
    pub status: FileStatus,
    /// The directory relative imports may not leave: the workspace root of
    /// the file the user named, inherited by the files it imports. `None`
    /// for bundled and virtual files.
    #[returns(ref)]
    pub root: Option<PathBuf>,
}

/// Decodes bytes, keeping invalid UTF-8 as a value for the parser to report.
pub fn decode(bytes: Vec<u8>) -> (String, Option<usize>) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            (
                String::from_utf8_lossy(error.as_bytes()).into_owned(),
                Some(at),
            )
        }
    }
}

/// `path` with `.` and `..` resolved by name alone, without asking the file
/// system: what an import means before any symbolic link is followed.
pub fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                // `..` at the root stays at the root, as the OS resolves it;
                // a relative path keeps the `..` it cannot resolve.
                let at_root = out.has_root() && out.parent().is_none();
                let popped = !at_root && out.file_name().is_some() && out.pop();
                if !at_root && !popped {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_resolves_dots_by_name() {
        assert_eq!(normalise(Path::new("/w/a/./b/../c")), Path::new("/w/a/c"));
        assert_eq!(normalise(Path::new("/w/../../x")), Path::new("/x"));
        assert_eq!(normalise(Path::new("a/../../x")), Path::new("../x"));
    }

    #[test]
    fn invalid_utf8_is_kept_as_a_value() {
        assert_eq!(decode(b"ok".to_vec()), ("ok".into(), None));
        let (text, at) = decode(b"ab\xffc".to_vec());
        assert_eq!(at, Some(2));
        assert_eq!(text, "ab\u{fffd}c");
    }
}
