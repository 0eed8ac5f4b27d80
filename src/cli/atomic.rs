//! The one way a command replaces a file (`build -o`, `fmt`): atomically,
//! never through anything but a regular file, keeping links and modes.
//!
//! * The target is resolved through symbolic links first, so `fmt` on a
//!   link rewrites the file it points to and the link stays a link.
//! * Anything that exists and is not a regular file (a device, a FIFO, a
//!   socket, a directory) is refused: renaming over `/dev/null` as root
//!   would replace the system's device with a plain file.
//! * A new file gets the mode the umask gives (`0666 & !umask`, as `>`
//!   redirection does); an existing file keeps its mode.
//! * The bytes are written to an unnamed file (Linux `O_TMPFILE`) that is
//!   given a name only once complete, so a kill at any point before that
//!   leaves nothing behind; a reader sees the old file or the new one.
//!   Where `O_TMPFILE` is unavailable a named temporary file beside the
//!   target is used, removed on every error path.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Links followed before giving up, as the kernel's `ELOOP` limit.
const MAX_LINKS: usize = 40;

/// Replaces (or creates) `path` with `bytes`. The error is a message
/// naming the path, for `error: …` and exit status 2.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let shown = path.display();
    let target = resolve_links(path).map_err(|e| format!("cannot write `{shown}`: {e}"))?;
    let existing = match std::fs::metadata(&target) {
        Ok(meta) if meta.is_file() => Some(meta.permissions()),
        Ok(meta) => {
            return Err(format!(
                "refusing to replace `{shown}`: it is {}, not a regular file",
                charter::db::system::kind_of(&meta)
            ));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("cannot write `{shown}`: {e}")),
    };
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    #[cfg(target_os = "linux")]
    if let Some(done) = unnamed::write(&dir, &target, bytes, existing.as_ref()) {
        return done.map_err(|e| format!("cannot write `{shown}`: {e}"));
    }
    named_temp(&dir, &target, bytes, existing).map_err(|e| format!("cannot write `{shown}`: {e}"))
}

/// Follows symbolic links from `path` to the file they name (which may
/// not exist yet).
fn resolve_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let next = std::fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if next.is_relative() => parent.join(next),
                    _ => next,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// The portable route: a named temporary file beside the target, renamed
/// over it. `tempfile` removes it on every error path.
fn named_temp(
    dir: &Path,
    target: &Path,
    bytes: &[u8],
    existing: Option<std::fs::Permissions>,
) -> std::io::Result<()> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".charter-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Passed to open(2), so the umask applies, as for a new file.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(dir)?;
    temp.write_all(bytes)?;
    if let Some(mode) = existing {
        temp.as_file().set_permissions(mode)?;
    }
    temp.as_file().sync_all()?;
    temp.persist(target).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(target_os = "linux")]
mod unnamed {
    use std::ffi::CString;
    use std::fs::File;
    use std::io::Write;
    use std::os::fd::AsRawFd;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::OpenOptionsExt;
    use std::path::Path;

    /// Writes through an `O_TMPFILE` file; `None` when the file system
    /// or kernel cannot create one (the caller falls back).
    pub(super) fn write(
        dir: &Path,
        target: &Path,
        bytes: &[u8],
        existing: Option<&std::fs::Permissions>,
    ) -> Option<std::io::Result<()>> {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .mode(0o666)
            .custom_flags(libc::O_TMPFILE)
            .open(dir)
            .ok()?;
        let written = (|| {
            file.write_all(bytes)?;
            if let Some(mode) = existing {
                file.set_permissions(mode.clone())?;
            }
            file.sync_all()
        })();
        if let Err(e) = written {
            // Unnamed: dropping the handle frees it.
            return Some(Err(e));
        }
        if existing.is_none() {
            // Nothing to replace: name the file at the target directly.
            match link(&file, target) {
                Ok(()) => return Some(Ok(())),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                // No `/proc` to link through: fall back to a named file.
                Err(_) => return None,
            }
        }
        // Name it beside the target, then rename over the target: the one
        // moment a name exists that is not the target is between the two.
        let name = target.file_name().unwrap_or_default().to_string_lossy();
        for attempt in 0..16u32 {
            let temp = target.with_file_name(format!(
                ".{name}.charter-{}-{attempt}.tmp",
                std::process::id()
            ));
            match link(&file, &temp) {
                Ok(()) => {
                    let renamed = std::fs::rename(&temp, target);
                    if renamed.is_err() {
                        let _ = std::fs::remove_file(&temp);
                    }
                    return Some(renamed);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(_) => return None,
            }
        }
        None
    }

    /// Gives the unnamed `file` the name `at` (`linkat` through `/proc`,
    /// which needs no privilege, unlike `AT_EMPTY_PATH`).
    fn link(file: &File, at: &Path) -> std::io::Result<()> {
        let proc_path = CString::new(format!("/proc/self/fd/{}", file.as_raw_fd()))
            .map_err(std::io::Error::other)?;
        let at = CString::new(at.as_os_str().as_bytes()).map_err(std::io::Error::other)?;
        // SAFETY: both arguments are valid NUL-terminated paths that
        // outlive the call; linkat reads them and keeps no reference.
        let status = unsafe {
            libc::linkat(
                libc::AT_FDCWD,
                proc_path.as_ptr(),
                libc::AT_FDCWD,
                at.as_ptr(),
                libc::AT_SYMLINK_FOLLOW,
            )
        };
        if status == 0 {
            Ok(())
        } else {
            Err(std::io::Error::last_os_error())
        }
    }
}
