//! Finding and reading the files a command was given.

use std::path::{Path, PathBuf};

use super::stdio::errln;

/// Larger files are refused before they are read: no spec is near this
/// size, and lexing a huge file would only exhaust memory.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

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
    found.sort();
    found.dedup();
    (found, errors)
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
            // (following a link to see what it names), with a note.
            match std::fs::metadata(&path) {
                Ok(meta) if !meta.is_file() && !meta.is_dir() => errln!(
                    "note: skipped `{}`: it is {}, not a regular file",
                    display_path(&path),
                    super::atomic::kind_of(&meta)
                ),
                _ => found.push(path),
            }
        }
    }
}

/// Reads a file for checking: refuses anything but a regular file (a FIFO
/// would block, a device would never end) and files over the size limit.
/// The file is opened without blocking and its type checked on the open
/// handle, so a path swapped for a FIFO between the two cannot hang the
/// read, and the read itself stops at the limit whatever the size said.
pub fn read(path: &Path) -> Result<Vec<u8>, String> {
    let cannot = |e: std::io::Error| format!("cannot read `{}`: {}", path.display(), describe(&e));
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if meta.is_dir() {
        return Err(format!("`{}` is a directory, not a file", path.display()));
    }
    refuse_special(path, &meta)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(cannot)?;
    refuse_special(path, &file.metadata().map_err(cannot)?)?;
    read_bounded(file).map_err(|e| match e {
        Bounded::Io(e) => cannot(e),
        Bounded::TooLarge => too_large(&format!("`{}`", path.display())),
    })
}

/// Standard input, up to the same limit as a file.
pub fn read_stdin() -> Result<Vec<u8>, String> {
    read_bounded(std::io::stdin().lock()).map_err(|e| match e {
        Bounded::Io(e) => format!("cannot read standard input: {}", describe(&e)),
        Bounded::TooLarge => too_large("standard input"),
    })
}

fn refuse_special(path: &Path, meta: &std::fs::Metadata) -> Result<(), String> {
    if meta.is_file() {
        return Ok(());
    }
    Err(format!(
        "refusing to read `{}`: it is {}, not a regular file",
        path.display(),
        super::atomic::kind_of(meta)
    ))
}

fn too_large(what: &str) -> String {
    format!(
        "{what} is too large to be a spec (the limit is {} MiB)",
        MAX_FILE_BYTES / 1024 / 1024
    )
}

enum Bounded {
    Io(std::io::Error),
    TooLarge,
}

/// Reads at most [`MAX_FILE_BYTES`]; one byte more means "too large".
fn read_bounded(reader: impl std::io::Read) -> Result<Vec<u8>, Bounded> {
    use std::io::Read;
    let mut bytes = Vec::new();
    reader
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(Bounded::Io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Bounded::TooLarge);
    }
    Ok(bytes)
}

/// The OS error without Rust's "(os error 2)" suffix.
fn describe(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => {
            let text = error.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_owned(),
                None => text,
            }
        }
    }
}

/// The path as diagnostics show it: relative, with `/` separators.
pub fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").map(str::to_owned).unwrap_or(text)
}

/// The `charter.toml` of the workspace the first path lies in (the nearest
/// ancestor holding `charter.toml` or `.git`), or the defaults when there is none.
pub fn load_config(paths: &[PathBuf]) -> Result<crate::config::Config, String> {
    let start = paths.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    let start = start.canonicalize().unwrap_or(start);
    let probe = if start.is_dir() {
        start.join("charter.toml")
    } else {
        start
    };
    let root = crate::db::workspace_root(&probe);
    let file = root.join("charter.toml");
    if !file.is_file() {
        return Ok(crate::config::Config::default());
    }
    let text = std::fs::read_to_string(&file)
        .map_err(|e| format!("cannot read `{}`: {}", file.display(), describe(&e)))?;
    crate::config::parse(&crate::db::path_from_cwd(&file), &text)
}
