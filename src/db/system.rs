//! Where file contents come from: the one door through which the database
//! reads anything outside itself.
//!
//! [`OsSystem`] reads the disk, [`MemorySystem`] holds files in memory for
//! tests, and [`OverlaySystem`] puts an editor's unsaved buffers in front of
//! another system. The database asks a system only when it creates or
//! re-syncs a file input, never from inside a query's logic, so a query's
//! answer depends on inputs alone.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

/// Larger files are refused before they are read: no spec is near this
/// size, and lexing a huge file would only exhaust memory.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
// Spans hold byte offsets in 32 bits (`text::Span`).
const _: () = assert!(MAX_FILE_BYTES <= u32::MAX as u64);

/// Why a path has no readable contents.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ReadError {
    /// Nothing exists at the path (yet).
    Missing,
    /// Something exists but is not a spec to read: a directory, a device,
    /// a FIFO, a file over [`MAX_FILE_BYTES`], one the process may not read.
    Refused(String),
}

pub trait System: fmt::Debug + Send + Sync {
    /// The bytes of a regular file, at most [`MAX_FILE_BYTES`] of them.
    fn read(&self, path: &Path) -> Result<Vec<u8>, ReadError>;

    /// The path with every symbolic link resolved, when it exists.
    fn canonicalize(&self, path: &Path) -> Option<PathBuf>;

    /// Whether anything (a file or a directory) exists at `path`.
    fn exists(&self, path: &Path) -> bool;
}

/// The real file system.
#[derive(Debug, Default)]
pub struct OsSystem;

impl System for OsSystem {
    fn read(&self, path: &Path) -> Result<Vec<u8>, ReadError> {
        read_regular_file(path)
    }

    fn canonicalize(&self, path: &Path) -> Option<PathBuf> {
        path.canonicalize().ok()
    }

    fn exists(&self, path: &Path) -> bool {
        path.symlink_metadata().is_ok()
    }
}

/// Reads a regular file with a size bound, refusing anything else (a FIFO
/// would block the read, a device would never end it). The file is opened
/// without blocking and its type checked again on the open handle, so a
/// path swapped for a FIFO between the two checks cannot hang the read,
/// and the read stops at the bound whatever the size said.
pub fn read_regular_file(path: &Path) -> Result<Vec<u8>, ReadError> {
    let refused = |e: std::io::Error| ReadError::Refused(describe(&e));
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(ReadError::Missing),
        Err(e) => return Err(refused(e)),
    };
    refuse_special(&meta)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(refused)?;
    let meta = file.metadata().map_err(refused)?;
    refuse_special(&meta)?;
    read_bounded_sized(file, meta.len()).map_err(|e| match e {
        Some(e) => refused(e),
        None => ReadError::Refused(too_large_text()),
    })
}

fn refuse_special(meta: &std::fs::Metadata) -> Result<(), ReadError> {
    if meta.is_file() {
        return Ok(());
    }
    Err(ReadError::Refused(if meta.is_dir() {
        "it is a directory, not a file".to_owned()
    } else {
        format!("it is {}, not a regular file", kind_of(meta))
    }))
}

/// Reads at most [`MAX_FILE_BYTES`] from any reader (a file, standard
/// input); `Err(None)` when there is more.
pub fn read_bounded(reader: impl std::io::Read) -> Result<Vec<u8>, Option<std::io::Error>> {
    read_bounded_sized(reader, 0)
}

/// [`read_bounded`] into a buffer made for `expected` bytes (a file's size
/// as its metadata says): one read for the text and one that finds the end,
/// where a buffer grown from empty takes nine reads for a 4 KB spec (9,000
/// system calls for the 1,000-file benchmark). The size is only a hint: a
/// file that grew meanwhile is read on, up to the bound.
fn read_bounded_sized(
    reader: impl std::io::Read,
    expected: u64,
) -> Result<Vec<u8>, Option<std::io::Error>> {
    use std::io::Read;
    let capacity = usize::try_from(expected.min(MAX_FILE_BYTES)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity.saturating_add(1));
    reader
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(Some)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(None);
    }
    Ok(bytes)
}

fn too_large_text() -> String {
    format!(
        "it is too large to be a spec (the limit is {} MiB)",
        MAX_FILE_BYTES / 1024 / 1024
    )
}

/// "a FIFO", "a character device", …: what a refused target is.
pub fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    let kind = meta.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a directory"
    } else if kind.is_file() {
        "a regular file"
    } else {
        "a special file"
    }
}

pub fn too_large(len: u64) -> String {
    format!(
        "it is too large to be a spec ({len} bytes; the limit is {} MiB)",
        MAX_FILE_BYTES / 1024 / 1024
    )
}

/// The OS error without Rust's "(os error 2)" suffix.
pub fn describe(error: &std::io::Error) -> String {
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

/// Files held in memory, by absolute path: the system of tests.
#[derive(Debug, Default)]
pub struct MemorySystem {
    files: RwLock<BTreeMap<PathBuf, Vec<u8>>>,
}

impl MemorySystem {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn write(&self, path: impl Into<PathBuf>, bytes: impl Into<Vec<u8>>) {
        let mut files = self.files.write().unwrap_or_else(|e| e.into_inner());
        files.insert(path.into(), bytes.into());
    }

    pub fn remove(&self, path: &Path) {
        let mut files = self.files.write().unwrap_or_else(|e| e.into_inner());
        files.remove(path);
    }
}

impl System for MemorySystem {
    fn read(&self, path: &Path) -> Result<Vec<u8>, ReadError> {
        let files = self.files.read().unwrap_or_else(|e| e.into_inner());
        match files.get(path) {
            Some(bytes) if bytes.len() as u64 > MAX_FILE_BYTES => {
                Err(ReadError::Refused(too_large(bytes.len() as u64)))
            }
            Some(bytes) => Ok(bytes.clone()),
            None if self.exists(path) => {
                Err(ReadError::Refused("it is a directory, not a file".into()))
            }
            None => Err(ReadError::Missing),
        }
    }

    fn canonicalize(&self, path: &Path) -> Option<PathBuf> {
        self.exists(path).then(|| path.to_path_buf())
    }

    fn exists(&self, path: &Path) -> bool {
        let files = self.files.read().unwrap_or_else(|e| e.into_inner());
        files.keys().any(|p| p.starts_with(path))
    }
}

/// An editor's unsaved buffers in front of another system: a path with an
/// overlay reads as the buffer, whatever the disk holds.
#[derive(Debug)]
pub struct OverlaySystem {
    base: Arc<dyn System>,
    overlays: RwLock<BTreeMap<PathBuf, Vec<u8>>>,
}

impl OverlaySystem {
    pub fn new(base: Arc<dyn System>) -> Self {
        Self {
            base,
            overlays: RwLock::default(),
        }
    }

    /// The buffer at `path` now holds `contents` (text, or the bytes of
    /// standard input, which need not be UTF-8).
    pub fn set_overlay(&self, path: impl Into<PathBuf>, contents: impl Into<Vec<u8>>) {
        let mut overlays = self.overlays.write().unwrap_or_else(|e| e.into_inner());
        overlays.insert(path.into(), contents.into());
    }

    pub fn remove_overlay(&self, path: &Path) {
        let mut overlays = self.overlays.write().unwrap_or_else(|e| e.into_inner());
        overlays.remove(path);
    }

    pub fn has_overlay(&self, path: &Path) -> bool {
        let overlays = self.overlays.read().unwrap_or_else(|e| e.into_inner());
        overlays.contains_key(path)
    }
}

impl System for OverlaySystem {
    fn read(&self, path: &Path) -> Result<Vec<u8>, ReadError> {
        let overlays = self.overlays.read().unwrap_or_else(|e| e.into_inner());
        match overlays.get(path) {
            Some(bytes) if bytes.len() as u64 > MAX_FILE_BYTES => {
                Err(ReadError::Refused(too_large(bytes.len() as u64)))
            }
            Some(bytes) => Ok(bytes.clone()),
            None => self.base.read(path),
        }
    }

    fn canonicalize(&self, path: &Path) -> Option<PathBuf> {
        self.base
            .canonicalize(path)
            .or_else(|| self.has_overlay(path).then(|| path.to_path_buf()))
    }

    fn exists(&self, path: &Path) -> bool {
        self.has_overlay(path) || self.base.exists(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlays_shadow_the_base_system() {
        let memory = Arc::new(MemorySystem::new());
        memory.write("/w/a.charter", "disk");
        let overlay = OverlaySystem::new(memory.clone());
        assert_eq!(overlay.read(Path::new("/w/a.charter")).unwrap(), b"disk");
        overlay.set_overlay("/w/a.charter", "buffer");
        assert_eq!(overlay.read(Path::new("/w/a.charter")).unwrap(), b"buffer");
        overlay.remove_overlay(Path::new("/w/a.charter"));
        assert_eq!(overlay.read(Path::new("/w/a.charter")).unwrap(), b"disk");
        assert_eq!(
            overlay.read(Path::new("/w/b.charter")),
            Err(ReadError::Missing)
        );
        assert!(matches!(
            overlay.read(Path::new("/w")),
            Err(ReadError::Refused(_))
        ));
    }
}
