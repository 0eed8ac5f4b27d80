//! The salsa database's inputs, and the database every front door drives:
//! `charter check`, `build`, the language server and the tests.
//!
//! This layer holds inputs only (files, settings) and the [`System`] they
//! are read through; every analysis is a query in a layer above, whose
//! largest values are kept in an [`evicted::Evictable`] so that a parallel
//! check frees them on the thread that made them. A query
//! never reads the disk, the clock or the working directory: the database
//! reads a file through its system when the file is first asked for, and
//! again only when a front door says it changed ([`Database::sync_file`],
//! [`Database::set_text`]), so the same inputs always give the same answers.

pub mod evicted;
mod files;
pub mod stdlib;
pub mod system;

use foldhash::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use salsa::{Durability, Setter};

pub use files::{FilePath, FileStatus, SourceFile, decode, normalise};
pub use system::{MemorySystem, OsSystem, OverlaySystem, ReadError, System};

use crate::config::Config;
use crate::text::FileId;

#[salsa::db]
pub trait Db: salsa::Database {
    /// The input for a file on disk that an import reached, created on
    /// first use with `root` as the directory its own imports may not leave.
    fn import_file(&self, path: &Path, root: &Path) -> SourceFile;

    /// `std::NAME`, bundled in the binary.
    fn std_file(&self, name: &str) -> Option<SourceFile>;

    /// The input behind an id.
    fn source_file(&self, id: FileId) -> Option<SourceFile>;

    /// The settings of the workspace at `root` (the defaults until a front
    /// door loads its `charter.toml`).
    fn settings(&self, root: Option<&Path>) -> Settings;

    /// Whether this database serves one pass over the files (`charter
    /// check`) rather than an editor's session that revisits them (see
    /// [`crate::semantic::bound_memory_for_one_pass`]). It is fixed before
    /// the first query, and a query may only take a shorter road for it,
    /// never give another answer, so salsa need not track it.
    fn one_pass(&self) -> bool;

    /// Marks this database as serving one pass; see [`Db::one_pass`].
    fn set_one_pass(&mut self);
}

/// The configuration of one workspace root (`charter.toml`).
#[salsa::input(debug)]
pub struct Settings {
    #[returns(ref)]
    pub config: Config,
}

/// The settings that apply to `file`: those of its workspace root.
pub fn settings_of(db: &dyn Db, file: SourceFile) -> Settings {
    db.settings(file.root(db).as_deref())
}

/// Where a file comes from decides how often salsa expects it to change:
/// files bundled in the binary never do, user files on every keystroke.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    Bundled,
    User,
}

impl Origin {
    fn durability(self) -> Durability {
        match self {
            Origin::Bundled => Durability::HIGH,
            Origin::User => Durability::LOW,
        }
    }
}

/// The names of the queries salsa executed, in order, when logging is on.
#[derive(Default)]
pub struct QueryLog {
    /// Checked before the lock on every query executed: with several
    /// threads checking files, a lock taken per query (to learn that no
    /// one is logging) was contended on every query.
    on: std::sync::atomic::AtomicBool,
    entries: Mutex<Vec<String>>,
}

#[salsa::db]
#[derive(Clone)]
pub struct Database {
    storage: salsa::Storage<Self>,
    log: Arc<QueryLog>,
    system: Arc<dyn System>,
    files: Arc<Mutex<FileTable>>,
    settings: Arc<Mutex<SettingsTable>>,
    /// The workspace root of each directory seen, so finding a file's root
    /// costs no file-system walk for its siblings.
    roots: Arc<Mutex<HashMap<PathBuf, Option<PathBuf>>>>,
    /// The paths a user named: they are read wherever their links lead;
    /// only the files imports reach are confined to a workspace root.
    named: Arc<Mutex<HashSet<PathBuf>>>,
    one_pass: bool,
}

/// The settings input of every workspace root, and of files with none.
#[derive(Default)]
struct SettingsTable {
    by_root: HashMap<PathBuf, Settings>,
    rootless: Option<Settings>,
}

/// Every file input, by what it stands for and by id.
#[derive(Default)]
struct FileTable {
    by_path: HashMap<FilePath, SourceFile>,
    by_id: Vec<SourceFile>,
}

impl FileTable {
    /// Makes the input of `key` from what reading it gave, with the next
    /// id: the order inputs are made in numbers them.
    fn add(
        &mut self,
        db: &Database,
        key: FilePath,
        (status, text, invalid_utf8_at): (FileStatus, String, Option<usize>),
        root: Option<PathBuf>,
        durability: Durability,
    ) -> SourceFile {
        let id = FileId::new(self.by_id.len() as u32);
        let file = SourceFile::builder(id, key.clone(), text, invalid_utf8_at, status, root)
            .durability(durability)
            .new(db);
        self.by_path.insert(key, file);
        self.by_id.push(file);
        file
    }
}

impl Default for Database {
    fn default() -> Self {
        Self::with_system(Arc::new(OsSystem))
    }
}

#[salsa::db]
impl salsa::Database for Database {}

#[salsa::db]
impl Db for Database {
    fn import_file(&self, path: &Path, root: &Path) -> SourceFile {
        self.disk_file(path, root.to_path_buf())
    }

    fn std_file(&self, name: &str) -> Option<SourceFile> {
        let text = stdlib::source(name)?;
        Some(self.intern(FilePath::Std(name.to_owned()), || {
            (
                Ok(text.as_bytes().to_vec()),
                None,
                Origin::Bundled.durability(),
            )
        }))
    }

    fn source_file(&self, id: FileId) -> Option<SourceFile> {
        self.file_by_id(id)
    }

    fn settings(&self, root: Option<&Path>) -> Settings {
        let mut settings = self.settings.lock().unwrap_or_else(|e| e.into_inner());
        // Asked for several times per file: a hit copies no path.
        let known = match root {
            Some(root) => settings.by_root.get(root),
            None => settings.rootless.as_ref(),
        };
        if let Some(known) = known {
            return *known;
        }
        let made = Settings::builder(Config::default())
            .durability(Durability::MEDIUM)
            .new(self);
        match root {
            Some(root) => settings.by_root.insert(root.to_path_buf(), made),
            None => settings.rootless.replace(made),
        };
        made
    }

    fn one_pass(&self) -> bool {
        self.one_pass
    }

    fn set_one_pass(&mut self) {
        self.one_pass = true;
    }
}

impl Database {
    /// A database reading the real file system.
    pub fn new() -> Self {
        Self::default()
    }

    /// A database reading files through `system` (memory in tests, the
    /// disk with unsaved buffers in front of it in the language server).
    pub fn with_system(system: Arc<dyn System>) -> Self {
        let log: Arc<QueryLog> = Arc::default();
        let sink = log.clone();
        let storage = salsa::Storage::new(Some(Box::new(move |event: salsa::Event| {
            if let salsa::EventKind::WillExecute { database_key } = event.kind
                && sink.on.load(std::sync::atomic::Ordering::Relaxed)
                // A poisoned lock only means a test panicked while logging.
                && let Ok(mut entries) = sink.entries.lock()
            {
                entries.push(format!("{database_key:?}"));
            }
        })));
        Self {
            storage,
            log,
            system,
            files: Arc::default(),
            settings: Arc::default(),
            roots: Arc::default(),
            named: Arc::default(),
            one_pass: false,
        }
    }

    pub fn system(&self) -> &Arc<dyn System> {
        &self.system
    }

    /// The file a user named (on the command line, or opened in an editor):
    /// read through the system on first use, with its workspace root as the
    /// directory its imports may not leave. The status says whether it
    /// could be read.
    pub fn file(&self, path: &Path) -> SourceFile {
        self.open_read(self.read_named(path))
    }

    /// The first half of [`Database::file`]: finds the file's workspace
    /// root and reads the file, without making it an input. It takes
    /// `&self`, so several threads can read files at once; then
    /// [`Database::open_read`] makes each an input, in the order that
    /// numbers them.
    pub fn read_named(&self, path: &Path) -> ReadFile {
        let path = Self::absolute(path);
        let root = self
            .workspace_root(&path)
            .unwrap_or_else(|| path.parent().map(Path::to_path_buf).unwrap_or_default());
        self.named
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.clone());
        self.read_disk(path, root)
    }

    /// The second half of [`Database::file`]: the input of a file read by
    /// [`Database::read_named`], or the one made since it was read.
    pub fn open_read(&self, file: ReadFile) -> SourceFile {
        let (path, root, read) = match file.0 {
            Read::Input(file) => return file,
            Read::Fresh { path, root, read } => (path, root, read),
        };
        let key = FilePath::Disk(path);
        let mut table = self.files.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(file) = table.by_path.get(&key) {
            return *file;
        }
        table.add(self, key, read, Some(root), self.disk_durability())
    }

    /// How often a file read from disk is expected to change: on every
    /// keystroke in an editor. In a one-pass check nothing changes it once
    /// read (a `--fix` writes it back through the setters, which lower it
    /// again), so the revisions such a check starts only to evict memory
    /// ([`Database::release_memory`], a change at low durability) leave
    /// every memo that depends only on files verified at a glance, instead
    /// of by walking its dependencies: verifying C008's scopes of the
    /// 1,000-file benchmark that way, fetched for every file after the last
    /// round, took 4.0 M instructions.
    fn disk_durability(&self) -> Durability {
        if self.one_pass {
            Durability::MEDIUM
        } else {
            Durability::LOW
        }
    }

    /// Text with no file behind it (tests, standard input). It may import
    /// only `std::` modules.
    pub fn add_file(&self, name: impl Into<String>, bytes: &[u8], origin: Origin) -> SourceFile {
        let mut table = self.files.lock().unwrap_or_else(|e| e.into_inner());
        let (text, invalid_utf8_at) = decode(bytes.to_vec());
        let id = FileId::new(table.by_id.len() as u32);
        let file = SourceFile::builder(
            id,
            FilePath::Virtual(name.into()),
            text,
            invalid_utf8_at,
            FileStatus::Exists,
            None,
        )
        .durability(origin.durability())
        .new(self);
        table.by_id.push(file);
        file
    }

    /// The input behind an id.
    pub fn file_by_id(&self, id: FileId) -> Option<SourceFile> {
        let table = self.files.lock().unwrap_or_else(|e| e.into_inner());
        table.by_id.get(id.index()).copied()
    }

    /// Every file input so far, in the order they were created.
    pub fn all_files(&self) -> Vec<SourceFile> {
        let table = self.files.lock().unwrap_or_else(|e| e.into_inner());
        table.by_id.clone()
    }

    /// The input for a disk path, if one was created.
    pub fn lookup(&self, path: &Path) -> Option<SourceFile> {
        let path = Self::absolute(path);
        let table = self.files.lock().unwrap_or_else(|e| e.into_inner());
        table.by_path.get(&FilePath::Disk(path)).copied()
    }

    /// Reads `path` through the system again and updates its input when
    /// the contents or status changed: what a front door calls when a file
    /// changed on disk or in an editor's buffer. Returns the input, if the
    /// database knows the path.
    pub fn sync_file(&mut self, path: &Path) -> Option<SourceFile> {
        let file = self.lookup(path)?;
        let FilePath::Disk(path) = file.path(self).clone() else {
            return Some(file);
        };
        let root = file.root(self).clone().unwrap_or_default();
        let (status, text, invalid_utf8_at) = self.read_status(&path, &root);
        if *file.status(self) != status {
            file.set_status(self)
                .with_durability(Durability::LOW)
                .to(status);
        }
        if *file.text(self) != text {
            file.set_text(self)
                .with_durability(Durability::LOW)
                .to(text);
        }
        if file.invalid_utf8_at(self) != invalid_utf8_at {
            file.set_invalid_utf8_at(self)
                .with_durability(Durability::LOW)
                .to(invalid_utf8_at);
        }
        Some(file)
    }

    /// Re-syncs every file on disk the database knows: after a change the
    /// front door could not pin to one path.
    pub fn sync_all(&mut self) {
        let paths: Vec<PathBuf> = self
            .all_files()
            .into_iter()
            .filter_map(|f| f.path(self).as_disk().map(Path::to_path_buf))
            .collect();
        for path in paths {
            self.sync_file(&path);
        }
    }

    /// Replaces a file's text, as an editor's change does.
    pub fn set_text(&mut self, file: SourceFile, text: String) {
        file.set_text(self)
            .with_durability(Durability::LOW)
            .to(text);
        file.set_invalid_utf8_at(self)
            .with_durability(Durability::LOW)
            .to(None);
        if *file.status(self) != FileStatus::Exists {
            file.set_status(self)
                .with_durability(Durability::LOW)
                .to(FileStatus::Exists);
        }
    }

    /// Replaces the configuration of the workspace at `root`.
    pub fn set_config(&mut self, root: Option<&Path>, config: Config) {
        let settings = self.settings(root);
        if *settings.config(self) != config {
            settings
                .set_config(self)
                .with_durability(Durability::MEDIUM)
                .to(config);
        }
    }

    /// Reads `charter.toml` at `root` through the system into the root's
    /// settings (the defaults when there is none). An error names the file
    /// as `shown` and says every problem found.
    pub fn load_settings(&mut self, root: &Path, shown: &str) -> Result<(), String> {
        let file = root.join("charter.toml");
        let config = match self.system.read(&file) {
            Ok(bytes) => crate::config::parse(shown, &String::from_utf8_lossy(&bytes))?,
            Err(ReadError::Missing) => Config::default(),
            Err(ReadError::Refused(why)) => return Err(format!("cannot read `{shown}`: {why}")),
        };
        self.set_config(Some(root), config);
        Ok(())
    }

    /// The nearest ancestor directory of `path` holding `charter.toml`,
    /// else the nearest holding `.git`; `None` when there is neither.
    pub fn workspace_root(&self, path: &Path) -> Option<PathBuf> {
        let dir = path.parent()?.to_path_buf();
        let mut roots = self.roots.lock().unwrap_or_else(|e| e.into_inner());
        roots
            .entry(dir.clone())
            .or_insert_with(|| {
                let marked = |marker: &str| {
                    dir.ancestors()
                        .find(|d| self.system.exists(&d.join(marker)))
                        .map(Path::to_path_buf)
                };
                marked("charter.toml").or_else(|| marked(".git"))
            })
            .clone()
    }

    /// Starts a new revision without changing any input, which lets salsa
    /// evict the syntax trees its LRU no longer keeps.
    pub fn release_memory(&mut self) {
        use salsa::Database as _;
        self.synthetic_write(Durability::LOW);
    }

    /// Starts recording which queries execute (for tests of incrementality).
    pub fn start_query_log(&self) {
        if let Ok(mut entries) = self.log.entries.lock() {
            entries.clear();
        }
        self.log
            .on
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// The queries executed since the log was started or last taken.
    pub fn take_query_log(&self) -> Vec<String> {
        self.log
            .entries
            .lock()
            .map(|mut entries| std::mem::take(&mut *entries))
            .unwrap_or_default()
    }

    /// `path` made absolute against the process's directory, once, at the
    /// front door; lexically normalised so one file has one input.
    pub fn absolute(path: &Path) -> PathBuf {
        let joined = if path.is_absolute() {
            path.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(path)
        };
        normalise(&joined)
    }

    fn disk_file(&self, path: &Path, root: PathBuf) -> SourceFile {
        self.open_read(self.read_disk(path.to_path_buf(), root))
    }

    /// Reads a disk file unless it is an input already.
    fn read_disk(&self, path: PathBuf, root: PathBuf) -> ReadFile {
        ReadFile(match self.known(&path) {
            Some(file) => Read::Input(file),
            None => {
                let read = self.read_status(&path, &root);
                Read::Fresh { path, root, read }
            }
        })
    }

    /// The input of a disk file, if it is one.
    fn known(&self, path: &Path) -> Option<SourceFile> {
        let table = self.files.lock().unwrap_or_else(|e| e.into_inner());
        table
            .by_path
            .get(&FilePath::Disk(path.to_path_buf()))
            .copied()
    }

    fn intern(
        &self,
        key: FilePath,
        read: impl FnOnce() -> (Result<Vec<u8>, ReadError>, Option<PathBuf>, Durability),
    ) -> SourceFile {
        let mut table = self.files.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(file) = table.by_path.get(&key) {
            return *file;
        }
        let (bytes, root, durability) = read();
        table.add(self, key, status_of(bytes), root, durability)
    }

    /// Reads a disk file unless its real path (symbolic links followed)
    /// leaves `root`, in which case nothing is read at all.
    fn read_status(&self, path: &Path, root: &Path) -> (FileStatus, String, Option<usize>) {
        let named = self
            .named
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .contains(path);
        if !named && let Some(real) = self.system.canonicalize(path) {
            let real_root = self
                .system
                .canonicalize(root)
                .unwrap_or_else(|| root.to_path_buf());
            if !real.starts_with(&real_root) {
                return (FileStatus::OutsideRoot, String::new(), None);
            }
        }
        status_of(self.system.read(path))
    }
}

fn status_of(bytes: Result<Vec<u8>, ReadError>) -> (FileStatus, String, Option<usize>) {
    match bytes {
        Ok(bytes) => {
            let (text, invalid_utf8_at) = decode(bytes);
            (FileStatus::Exists, text, invalid_utf8_at)
        }
        Err(ReadError::Missing) => (FileStatus::Missing, String::new(), None),
        Err(ReadError::Refused(reason)) => (FileStatus::Refused(reason), String::new(), None),
    }
}

/// A disk file read, not yet an input ([`Database::read_named`]).
pub struct ReadFile(Read);

enum Read {
    /// It was an input already.
    Input(SourceFile),
    Fresh {
        path: PathBuf,
        root: PathBuf,
        read: (FileStatus, String, Option<usize>),
    },
}
