//! The server's state: the database, the open documents and the workspace.
//!
//! Every call the language server makes into the database's input layer is
//! in this module (opening a document, applying an edit, loading the
//! configuration, mapping a diagnostic's file back to a URI), so porting
//! the server to another input layer touches this file only. Requests never
//! see a [`Session`]: they get a [`Snapshot`], a clone of the database that
//! salsa cancels when the next edit arrives.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_types::Url;

use crate::config::Config;
use crate::db::{Database, Db, ImportTarget, Location, Origin, SourceFile};

/// An open document: its input in the database and the client's version.
#[derive(Clone, Copy, Debug)]
pub struct Document {
    pub file: SourceFile,
    pub version: i32,
}

pub struct Session {
    db: Database,
    documents: Arc<BTreeMap<Url, Document>>,
    root: Option<PathBuf>,
    /// The standard library written out read-only, so "go to definition"
    /// on `std::NAME` opens a real file in any editor.
    std_dir: Option<Arc<tempfile::TempDir>>,
    /// Files of the workspace found at start-up, for workspace symbols.
    workspace_files: Arc<Vec<SourceFile>>,
    /// A `charter.toml` that does not parse, reported to the user once per change.
    pub config_error: Option<String>,
}

/// What a request reads: a clone of the database and of the document table.
#[derive(Clone)]
pub struct Snapshot {
    pub db: Database,
    documents: Arc<BTreeMap<Url, Document>>,
    std_dir: Option<Arc<tempfile::TempDir>>,
    workspace_files: Arc<Vec<SourceFile>>,
}

impl Session {
    pub fn new(root: Option<PathBuf>) -> Self {
        let mut session = Self {
            db: Database::new(),
            documents: Arc::default(),
            root,
            std_dir: write_std_dir().map(Arc::new),
            workspace_files: Arc::default(),
            config_error: None,
        };
        session.reload_config();
        session
    }

    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            db: self.db.clone(),
            documents: self.documents.clone(),
            std_dir: self.std_dir.clone(),
            workspace_files: self.workspace_files.clone(),
        }
    }

    /// Loads every spec under the workspace root, for workspace symbols and
    /// references in files that are not open.
    pub fn scan_workspace(&mut self, paths: Vec<PathBuf>) {
        let mut files = Vec::new();
        for path in paths {
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            files.push(
                self.db
                    .open(&path, &crate::db::path_from_cwd(&path), &bytes),
            );
        }
        self.workspace_files = Arc::new(files);
    }

    /// `didOpen`: the document's text becomes (or replaces) its file's input.
    pub fn open(&mut self, uri: Url, text: String, version: i32) {
        // A client that named no workspace: the first file's root is it.
        if self.root.is_none()
            && let Ok(path) = uri.to_file_path()
        {
            self.root = Some(crate::db::workspace_root(&path));
            self.reload_config();
        }
        let file = self.input_for(&uri, &text);
        Arc::make_mut(&mut self.documents).insert(uri, Document { file, version });
    }

    /// `didChange` with the document's whole new text.
    pub fn change(&mut self, uri: &Url, text: String, version: i32) {
        let Some(document) = self.documents.get(uri).copied() else {
            // A change for a document never opened: treat it as an open.
            self.open(uri.clone(), text, version);
            return;
        };
        if !matches!(document.file.location(&self.db), Location::Std(_))
            && *document.file.text(&self.db) != text
        {
            self.db.set_text(document.file, text);
        }
        if let Some(d) = Arc::make_mut(&mut self.documents).get_mut(uri) {
            d.version = version;
        }
    }

    /// `didClose`: the editor's buffer no longer overrides the disk.
    pub fn close(&mut self, uri: &Url) {
        let Some(document) = Arc::make_mut(&mut self.documents).remove(uri) else {
            return;
        };
        if let Ok(path) = uri.to_file_path()
            && let Ok(bytes) = std::fs::read(&path)
            && let Ok(text) = String::from_utf8(bytes)
            && !matches!(document.file.location(&self.db), Location::Std(_))
            && *document.file.text(&self.db) != text
        {
            self.db.set_text(document.file, text);
        }
    }

    pub fn document(&self, uri: &Url) -> Option<Document> {
        self.documents.get(uri).copied()
    }

    /// The current text of an open document.
    pub fn text(&self, uri: &Url) -> Option<String> {
        let document = self.documents.get(uri)?;
        Some(document.file.text(&self.db).clone())
    }

    /// A spec changed on disk: unless the editor has it open (its buffer
    /// wins), its input takes the new text.
    pub fn reload_from_disk(&mut self, uri: &Url) {
        if self.documents.contains_key(uri) {
            return;
        }
        let Ok(path) = uri.to_file_path() else {
            return;
        };
        let Ok(bytes) = std::fs::read(&path) else {
            return;
        };
        let file = self
            .db
            .open(&path, &crate::db::path_from_cwd(&path), &bytes);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        if *file.text(&self.db) != text {
            self.db.set_text(file, text);
        }
    }

    /// Re-reads `charter.toml` from the workspace root.
    pub fn reload_config(&mut self) {
        let config = match self.root.as_ref().map(|r| r.join("charter.toml")) {
            Some(path) if path.is_file() => match std::fs::read_to_string(&path) {
                Ok(text) => crate::config::parse(&crate::db::path_from_cwd(&path), &text),
                Err(e) => Err(format!("cannot read `{}`: {e}", path.display())),
            },
            _ => Ok(Config::default()),
        };
        match config {
            Ok(config) => {
                self.config_error = None;
                if *self.db.settings().config(&self.db) != config {
                    self.db.set_config(config);
                }
            }
            Err(message) => self.config_error = Some(message),
        }
    }

    /// Starts over with a fresh database holding the open documents'
    /// current text. Used when a file appears or disappears on disk: the
    /// database reads an import once, so a file created after an import
    /// failed is only seen by a new database.
    pub fn reset(&mut self) {
        let config = self.db.settings().config(&self.db).clone();
        let texts: Vec<(Url, String, i32)> = self
            .documents
            .iter()
            .map(|(uri, d)| (uri.clone(), d.file.text(&self.db).clone(), d.version))
            .collect();
        let workspace: Vec<PathBuf> = self
            .workspace_files
            .iter()
            .filter_map(|f| match f.location(&self.db) {
                Location::Disk { real, .. } => Some(real.clone()),
                _ => None,
            })
            .collect();
        self.db = Database::new();
        self.db.set_config(config);
        self.documents = Arc::default();
        self.scan_workspace(workspace);
        for (uri, text, version) in texts {
            self.open(uri, text, version);
        }
    }

    fn input_for(&mut self, uri: &Url, text: &str) -> SourceFile {
        if let Some(name) = self.std_name(uri)
            && let Some(file) = self.db.std_file(&name)
        {
            return file;
        }
        match uri.to_file_path() {
            Ok(path) => {
                let display =
                    crate::db::path_from_cwd(&path.canonicalize().unwrap_or(path.clone()));
                let file = self.db.open(&path, &display, text.as_bytes());
                if *file.text(&self.db) != text {
                    self.db.set_text(file, text.to_owned());
                }
                file
            }
            Err(()) => self
                .db
                .add_file(uri.as_str(), text.as_bytes(), Origin::User),
        }
    }

    fn std_name(&self, uri: &Url) -> Option<String> {
        let dir = self.std_dir.as_ref()?;
        let path = uri.to_file_path().ok()?;
        std_name_in(dir.path(), &path)
    }

    /// The database, for the differential test and the benchmark.
    pub fn db(&self) -> &Database {
        &self.db
    }
}

impl Snapshot {
    pub fn document(&self, uri: &Url) -> Option<Document> {
        self.documents.get(uri).copied()
    }

    pub fn documents(&self) -> impl Iterator<Item = (&Url, &Document)> {
        self.documents.iter()
    }

    /// Open documents, then the workspace's other files: where references may be.
    pub fn all_files(&self) -> Vec<SourceFile> {
        let mut files: Vec<SourceFile> = self.documents.values().map(|d| d.file).collect();
        for file in self.workspace_files.iter() {
            if !files.contains(file) {
                files.push(*file);
            }
        }
        files
    }

    pub fn text(&self, file: SourceFile) -> &str {
        file.text(&self.db)
    }

    /// The URI an editor opens for a file of the database.
    pub fn uri_of(&self, file: SourceFile) -> Option<Url> {
        if let Some((uri, _)) = self.documents.iter().find(|(_, d)| d.file == file) {
            return Some(uri.clone());
        }
        match file.location(&self.db) {
            Location::Disk { real, .. } => Url::from_file_path(real).ok(),
            Location::Std(name) => self.std_uri(name),
            Location::Memory => None,
        }
    }

    /// `std::NAME` as a read-only file on disk.
    pub fn std_uri(&self, name: &str) -> Option<Url> {
        let dir = self.std_dir.as_ref()?;
        Url::from_file_path(dir.path().join(format!("{name}.charter"))).ok()
    }

    /// The file a diagnostic's path names, with its URI.
    pub fn file_of_display(&self, display: &str) -> Option<(Url, String)> {
        if let Some((uri, d)) = self
            .documents
            .iter()
            .find(|(_, d)| d.file.path(&self.db) == display)
        {
            return Some((uri.clone(), d.file.text(&self.db).clone()));
        }
        let (_, text) = self.db.texts_of([display]).into_iter().next()?;
        let uri = match display
            .strip_prefix("std/")
            .and_then(|n| n.strip_suffix(".charter"))
        {
            Some(name) => self.std_uri(name)?,
            None => {
                let path = Path::new(display);
                let path = if path.is_absolute() {
                    path.to_path_buf()
                } else {
                    std::env::current_dir().ok()?.join(path)
                };
                Url::from_file_path(path).ok()?
            }
        };
        Some((uri, text))
    }

    /// The file an import names, when it resolves.
    pub fn import(&self, from: SourceFile, target: &ImportTarget) -> Option<SourceFile> {
        self.db.load_import(from, target).ok()
    }

    /// Whether a file may be edited (not the bundled standard library).
    pub fn is_editable(&self, file: SourceFile) -> bool {
        !matches!(file.location(&self.db), Location::Std(_))
    }
}

fn std_name_in(dir: &Path, path: &Path) -> Option<String> {
    let dir = dir.canonicalize().ok()?;
    let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let rest = path.strip_prefix(&dir).ok()?;
    let name = rest.to_str()?.strip_suffix(".charter")?;
    crate::semantic::stdlib::source(name).map(|_| name.to_owned())
}

/// Writes every `std::` module into a fresh temporary directory, read-only.
fn write_std_dir() -> Option<tempfile::TempDir> {
    let dir = tempfile::Builder::new()
        .prefix("charter-std-")
        .tempdir()
        .ok()?;
    for (name, text) in crate::semantic::stdlib::MODULES {
        let path = dir.path().join(format!("{name}.charter"));
        std::fs::write(&path, text).ok()?;
        if let Ok(meta) = std::fs::metadata(&path) {
            let mut permissions = meta.permissions();
            permissions.set_readonly(true);
            let _ = std::fs::set_permissions(&path, permissions);
        }
    }
    Some(dir)
}
