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

use crate::db::{Database, FilePath, FileStatus, OsSystem, OverlaySystem, SourceFile};
use crate::semantic::modules::ImportTarget;
use crate::text::FileId;

/// An open document: its input in the database and the client's version.
#[derive(Clone, Copy, Debug)]
pub struct Document {
    pub file: SourceFile,
    pub version: i32,
}

pub struct Session {
    db: Database,
    /// The open documents' unsaved text, in front of the disk: the system
    /// the database reads every file through.
    overlays: Arc<OverlaySystem>,
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
        let overlays = Arc::new(OverlaySystem::new(Arc::new(OsSystem)));
        let mut session = Self {
            db: Database::with_system(overlays.clone()),
            overlays,
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

    pub fn root(&self) -> Option<&Path> {
        self.root.as_deref()
    }

    /// Loads every spec under the workspace root, for workspace symbols and
    /// references in files that are not open.
    pub fn scan_workspace(&mut self, paths: Vec<PathBuf>) {
        let files = paths
            .iter()
            .map(|path| self.db.file(path))
            .filter(|f| *f.status(&self.db) == FileStatus::Exists)
            .collect();
        self.workspace_files = Arc::new(files);
        self.reload_config();
    }

    /// `didOpen`: the document's text is the buffer in front of its file.
    pub fn open(&mut self, uri: Url, text: String, version: i32) {
        let file = self.set_buffer(&uri, text);
        Arc::make_mut(&mut self.documents).insert(uri, Document { file, version });
        self.reload_config();
    }

    /// `didChange` with the document's whole new text.
    pub fn change(&mut self, uri: &Url, text: String, version: i32) {
        if !self.documents.contains_key(uri) {
            // A change for a document never opened: treat it as an open.
            self.open(uri.clone(), text, version);
            return;
        }
        self.set_buffer(uri, text);
        if let Some(d) = Arc::make_mut(&mut self.documents).get_mut(uri) {
            d.version = version;
        }
    }

    /// `didClose`: the editor's buffer no longer overrides the disk.
    pub fn close(&mut self, uri: &Url) {
        if Arc::make_mut(&mut self.documents).remove(uri).is_none() {
            return;
        }
        if let Some(path) = self.disk_path(uri) {
            self.overlays.remove_overlay(&path);
            self.db.sync_file(&path);
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

    /// A file changed, appeared or disappeared on disk: every file the
    /// database knows is read again (an open document's buffer still wins),
    /// so an import that was missing resolves once its file exists.
    pub fn reload_from_disk(&mut self) {
        self.db.sync_all();
        self.reload_config();
    }

    /// Re-reads `charter.toml` at every workspace root the session knows.
    pub fn reload_config(&mut self) {
        let mut roots: std::collections::BTreeSet<PathBuf> = self
            .documents
            .values()
            .map(|d| d.file)
            .chain(self.workspace_files.iter().copied())
            .filter_map(|f| f.root(&self.db).clone())
            .collect();
        roots.extend(self.root.clone());
        self.config_error = None;
        for root in roots {
            let shown = root.join("charter.toml").display().to_string();
            if let Err(message) = self.db.load_settings(&root, &shown) {
                self.config_error = Some(message);
            }
        }
    }

    /// Puts `text` in front of the document's file and returns its input.
    fn set_buffer(&mut self, uri: &Url, text: String) -> SourceFile {
        if let Some(name) = self.std_name(uri)
            && let Some(file) = crate::db::Db::std_file(&self.db, &name)
        {
            return file;
        }
        match self.disk_path(uri) {
            Some(path) => {
                self.overlays.set_overlay(path.clone(), text);
                let file = self.db.file(&path);
                self.db.sync_file(&path);
                file
            }
            // An untitled buffer: one input, which takes each new text.
            None => match self.documents.get(uri).map(|d| d.file) {
                Some(file) => {
                    self.db.set_text(file, text);
                    file
                }
                None => self
                    .db
                    .add_file(uri.as_str(), text.as_bytes(), crate::db::Origin::User),
            },
        }
    }

    /// The absolute path a `file:` URI names, as the database keys files.
    fn disk_path(&self, uri: &Url) -> Option<PathBuf> {
        uri.to_file_path().ok().map(|p| Database::absolute(&p))
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
        match file.path(&self.db) {
            FilePath::Disk(path) => Url::from_file_path(path).ok(),
            FilePath::Std(name) => self.std_uri(name),
            FilePath::Virtual(_) => None,
        }
    }

    /// `std::NAME` as a read-only file on disk.
    pub fn std_uri(&self, name: &str) -> Option<Url> {
        let dir = self.std_dir.as_ref()?;
        Url::from_file_path(dir.path().join(format!("{name}.charter"))).ok()
    }

    /// The file behind a diagnostic's file id, with its URI and text.
    pub fn file_of(&self, id: FileId) -> Option<(Url, String)> {
        let file = self.db.file_by_id(id)?;
        Some((self.uri_of(file)?, file.text(&self.db).clone()))
    }

    /// The file an import names, when it resolves.
    pub fn import(&self, from: SourceFile, target: &ImportTarget) -> Option<SourceFile> {
        crate::semantic::modules::resolve(&self.db, from, target).ok()
    }

    /// Whether a file may be edited (not the bundled standard library).
    pub fn is_editable(&self, file: SourceFile) -> bool {
        !matches!(file.path(&self.db), FilePath::Std(_))
    }
}

fn std_name_in(dir: &Path, path: &Path) -> Option<String> {
    let dir = dir.canonicalize().ok()?;
    let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let rest = path.strip_prefix(&dir).ok()?;
    let name = rest.to_str()?.strip_suffix(".charter")?;
    crate::db::stdlib::source(name).map(|_| name.to_owned())
}

/// Writes every `std::` module into a fresh temporary directory, read-only.
fn write_std_dir() -> Option<tempfile::TempDir> {
    let dir = tempfile::Builder::new()
        .prefix("charter-std-")
        .tempdir()
        .ok()?;
    for (name, text) in crate::db::stdlib::MODULES {
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
