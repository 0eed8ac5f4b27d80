//! Finding and reading the files a command was given.

use std::path::{Path, PathBuf};

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
            found.push(path);
        }
    }
}

/// Reads a file for checking: refuses directories and oversized files.
pub fn read(path: &Path) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path)
        .map_err(|e| format!("cannot read `{}`: {}", path.display(), describe(&e)))?;
    if meta.is_dir() {
        return Err(format!("`{}` is a directory, not a file", path.display()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "`{}` is too large to be a spec ({} bytes; the limit is {} MiB)",
            path.display(),
            meta.len(),
            MAX_FILE_BYTES / 1024 / 1024
        ));
    }
    std::fs::read(path).map_err(|e| format!("cannot read `{}`: {}", path.display(), describe(&e)))
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

/// The path as diagnostics show it: as given, with `/` separators, and a
/// name that is not UTF-8 kept byte for byte (`path_text`).
pub fn display_path(path: &Path) -> String {
    let text = crate::diagnostics::render::path_text(&super::output::os_bytes(path));
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
