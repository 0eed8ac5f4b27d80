//! Finding and reading the files a command was given.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use super::stdio::errln;
use crate::check::parallel::Workers;
use crate::check::parallel::map_in_order;
use crate::db::system::describe;
use crate::db::{Database, FilePath, FileStatus, ReadError, SourceFile};
use crate::diagnostics::Diagnostic;
use crate::diagnostics::render::Sources;

/// The `.charter` files under each path (a file given by name is taken
/// whatever its extension), sorted and without duplicates, so the order of
/// diagnostics never depends on the file system. Paths that cannot be read
/// are returned as error messages.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<String>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut found, &mut errors),
            Ok(_) => found.push(path.clone()),
            Err(error) => errors.push(format!(
                "cannot read `{}`: {}",
                path.display(),
                describe(&error)
            )),
        }
    }
    (sorted_unique(found), errors)
}

/// The paths in `Path` order (component by component), each once.
///
/// Each path is split into its components once, rather than once per
/// comparison as `Path`'s own ordering does: discovering the 1,000 files of
/// the benchmark took 8.1M instructions that way and takes 3.8M this way.
/// Comparing the lists of components is comparing the paths: `Path`'s
/// order is its components' order (a property test checks it).
fn sorted_unique(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    let keys: Vec<Vec<Component<'_>>> = paths.iter().map(|p| p.components().collect()).collect();
    let mut order: Vec<usize> = (0..paths.len()).collect();
    order.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
    order.dedup_by(|a, b| keys[*a] == keys[*b]);
    let mut slots: Vec<Option<PathBuf>> = paths.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|index| slots[index].take())
        .collect()
}

/// Hidden directories and build output (`target`, `node_modules`) are skipped.
fn walk(dir: &Path, found: &mut Vec<PathBuf>, errors: &mut Vec<String>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            errors.push(format!(
                "cannot read directory `{}`: {}",
                dir.display(),
                describe(&error)
            ));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if !name.starts_with('.') && name != "target" && name != "node_modules" {
                walk(&path, found, errors);
            }
        } else if name.ends_with(".charter") {
            // A FIFO named `x.charter` would block the read forever and a
            // device would never end: a walk skips what is not a file
            // (following a link to see what it names), with a note. The
            // directory entry already says a regular file is one, so only
            // the rest costs a `stat`.
            if kind.is_file() {
                found.push(path);
                continue;
            }
            match std::fs::metadata(&path) {
                Ok(meta) if !meta.is_file() && !meta.is_dir() => errln!(
                    "note: skipped `{}`: it is {}, not a regular file",
                    display_path(&path),
                    crate::db::system::kind_of(&meta)
                ),
                _ => found.push(path),
            }
        }
    }
}

/// Reads a file for formatting: refuses directories, special files and
/// oversized files, as the database does for the files it checks.
pub fn read(path: &Path) -> Result<Vec<u8>, String> {
    crate::db::system::read_regular_file(path).map_err(|e| read_error(path, e))
}

/// Standard input, up to the same limit as a file.
pub fn read_stdin() -> Result<Vec<u8>, String> {
    crate::db::system::read_bounded(std::io::stdin().lock()).map_err(|e| match e {
        Some(e) => format!("cannot read standard input: {}", describe(&e)),
        None => format!(
            "standard input is too large to be a spec (the limit is {} MiB)",
            crate::db::system::MAX_FILE_BYTES / 1024 / 1024
        ),
    })
}

/// The message for a file that could not be read.
pub fn read_error(path: &Path, error: ReadError) -> String {
    match error {
        ReadError::Missing => format!(
            "cannot read `{}`: no such file or directory",
            path.display()
        ),
        ReadError::Refused(why) => format!("cannot read `{}`: {why}", path.display()),
    }
}

/// The path as diagnostics show it: as given, with `/` separators, and a
/// name that is not UTF-8 kept byte for byte (`path_text`).
pub fn display_path(path: &Path) -> String {
    let text = crate::diagnostics::render::path_text(&crate::diagnostics::render::os_bytes(path));
    text.strip_prefix("./").map(str::to_owned).unwrap_or(text)
}

/// The input of each path, read through the database's system on up to
/// `jobs` threads (the inputs are made in the order of `paths`, which
/// numbers them); a path that cannot be read adds its message to `errors`
/// instead.
///
/// Even a few files are read on every thread. Reading 58 files on one
/// thread took 0.2 ms less than on two, yet the whole check of those files
/// took 2 ms more (medians of 50 interleaved runs, on a 2-core virtual
/// machine). Why is not settled: it is not the idle second CPU waking
/// late (a thread spinning on it from the start of the command did not
/// win the time back); a guess not yet tested is the allocator, whose
/// memory an exited reader leaves warm for the check's worker to take.
pub fn open_all(
    db: &Database,
    paths: &[PathBuf],
    workers: &Workers,
    errors: &mut Vec<String>,
) -> Vec<SourceFile> {
    // The working directory is asked once, not once per file: the files
    // found are named relative to it, and a database names its inputs by
    // absolute path (58 `getcwd` calls were 5 % of the small workspace's
    // system calls).
    let cwd = std::env::current_dir().ok();
    let read = map_in_order(db, paths, workers, |db, path| match &cwd {
        Some(cwd) if path.is_relative() => db.read_named(&cwd.join(path)),
        _ => db.read_named(path),
    });
    let mut opened = Vec::with_capacity(paths.len());
    for (path, read) in paths.iter().zip(read) {
        let file = db.open_read(read);
        match file.status(db) {
            // Only imports are confined to a workspace root.
            FileStatus::Exists | FileStatus::OutsideRoot => opened.push(file),
            FileStatus::Missing => errors.push(read_error(path, ReadError::Missing)),
            FileStatus::Refused(why) => {
                errors.push(read_error(path, ReadError::Refused(why.clone())))
            }
        }
    }
    opened
}

/// Loads the `charter.toml` of every workspace root among `files` into
/// the database: the nearest directory up the tree holding `charter.toml`
/// is a file's workspace root, else the nearest holding `.git`.
pub fn load_configs(db: &mut Database, files: &[SourceFile]) -> Result<(), String> {
    let roots: BTreeSet<PathBuf> = files.iter().filter_map(|f| f.root(db).clone()).collect();
    for root in roots {
        db.load_settings(&root, &shown(&root.join("charter.toml")))?;
    }
    Ok(())
}

/// How the command line names a file: relative to the working directory
/// when it lies inside it, else by its absolute path; bundled templates as
/// `std/NAME.charter`; text with no file by the name it was given.
pub fn display_name(db: &Database, file: SourceFile) -> String {
    match file.path(db) {
        FilePath::Disk(path) => shown(path),
        FilePath::Std(name) => crate::db::stdlib::display_path(name),
        FilePath::Virtual(name) => name.clone(),
    }
}

/// An absolute path as the command line shows it.
fn shown(path: &Path) -> String {
    let cwd = std::env::current_dir()
        .ok()
        .map(|c| crate::db::normalise(&c));
    let relative = match cwd.as_deref().and_then(|cwd| path.strip_prefix(cwd).ok()) {
        Some(relative) => relative,
        None => path,
    };
    display_path(relative)
}

/// The text of every file the diagnostics point into, named as the
/// command line shows them.
pub fn sources_for(db: &Database, diagnostics: &[Diagnostic]) -> Sources {
    crate::check::sources(db, diagnostics, display_name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Paths as a walk and a command line make them: relative and
    /// absolute, with `.` and `..`, doubled and trailing separators, and
    /// names that differ only around a separator (`a-b` against `a/b`).
    fn path() -> impl Strategy<Value = PathBuf> {
        let part = prop::sample::select(vec!["a", "a-b", "a.b", "b", ".", "..", "", "x.charter"]);
        (
            prop::sample::select(vec!["", "/", "./"]),
            prop::collection::vec(part, 0..5),
        )
            .prop_map(|(start, parts)| PathBuf::from(format!("{start}{}", parts.join("/"))))
    }

    proptest! {
        #[test]
        fn sorted_unique_is_path_order_without_repeats(
            paths in prop::collection::vec(path(), 0..40)
        ) {
            let mut expected = paths.clone();
            expected.sort();
            expected.dedup();
            prop_assert_eq!(sorted_unique(paths), expected);
        }
    }
}
