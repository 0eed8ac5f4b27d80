//! The salsa database every front door drives: `charter check`, `build`,
//! the language server and the tests.
//!
//! Source files are inputs; everything else is a tracked query returning
//! plain values (diagnostics included, as values rather than accumulators:
//! ruff measured accumulators slowing incremental runs). An editor edit is
//! `SourceFile::set_text`; the next query re-runs only what read that file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use salsa::{Durability, Setter};

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::syntax::{self, ParsedFile};

#[salsa::db]
pub trait Db: salsa::Database {
    /// The file an import names, loaded on first use. `target` is `std::NAME`
    /// for the standard library or a path relative to `from`. Refuses paths
    /// that leave `from`'s workspace root (E006).
    fn load_import(
        &self,
        from: SourceFile,
        target: &ImportTarget,
    ) -> Result<SourceFile, ImportError>;

    /// The workspace configuration (`charter.toml`), an input like any file.
    fn settings(&self) -> Settings;
}

/// The configuration every lint query reads.
#[salsa::input(debug)]
pub struct Settings {
    #[returns(ref)]
    pub config: Config,
}

/// What a `use` names.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ImportTarget {
    Std(String),
    Path(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ImportError {
    /// No such module or file (E001).
    NotFound(String),
    /// The path leaves the workspace root, or is absolute (E006).
    Escapes(String),
}

/// Where a file's text came from; decides how imports inside it resolve.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Location {
    /// Bundled `std::NAME`.
    Std(String),
    /// A file on disk: its canonical path and its workspace root.
    Disk { real: PathBuf, root: PathBuf },
    /// Text with no file behind it (tests, editors' unsaved buffers).
    Memory,
}

/// One source file. `path` is the name diagnostics show (relative to where
/// the user ran charter, or to the workspace root); `text` is its contents,
/// decoded lossily when `invalid_utf8_at` says where decoding first failed.
#[salsa::input(debug)]
pub struct SourceFile {
    #[returns(ref)]
    pub path: String,
    #[returns(ref)]
    pub text: String,
    pub invalid_utf8_at: Option<usize>,
    #[returns(ref)]
    pub location: Location,
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
pub type QueryLog = Arc<Mutex<Option<Vec<String>>>>;

#[salsa::db]
#[derive(Clone)]
pub struct Database {
    storage: salsa::Storage<Self>,
    log: QueryLog,
    /// Files loaded so far, by canonical path or `std::NAME`, so a file
    /// imported twice is one input.
    files: Arc<Mutex<HashMap<FileKey, SourceFile>>>,
    settings: Arc<Mutex<Option<Settings>>>,
    /// The workspace root of each directory seen, so finding a file's root
    /// costs no file-system walk for its siblings.
    roots: Arc<Mutex<HashMap<PathBuf, PathBuf>>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum FileKey {
    Std(String),
    Disk(PathBuf),
}

impl Default for Database {
    fn default() -> Self {
        let log: QueryLog = Arc::default();
        let sink = log.clone();
        let storage = salsa::Storage::new(Some(Box::new(move |event: salsa::Event| {
            if let salsa::EventKind::WillExecute { database_key } = event.kind {
                // A poisoned lock only means a test panicked while logging.
                if let Ok(mut guard) = sink.lock()
                    && let Some(log) = guard.as_mut()
                {
                    log.push(format!("{database_key:?}"));
                }
            }
        })));
        Self {
            storage,
            log,
            files: Arc::default(),
            settings: Arc::default(),
            roots: Arc::default(),
        }
    }
}

#[salsa::db]
impl salsa::Database for Database {}

#[salsa::db]
impl Db for Database {
    fn settings(&self) -> Settings {
        let mut slot = self.settings.lock().unwrap_or_else(|e| e.into_inner());
        *slot.get_or_insert_with(|| {
            Settings::builder(Config::default())
                .durability(Durability::MEDIUM)
                .new(self)
        })
    }

    fn load_import(
        &self,
        from: SourceFile,
        target: &ImportTarget,
    ) -> Result<SourceFile, ImportError> {
        match target {
            ImportTarget::Std(name) => self.std_file(name).ok_or_else(|| {
                ImportError::NotFound(format!("there is no standard module `std::{name}`"))
            }),
            ImportTarget::Path(relative) => {
                let (dir, root) = match from.location(self) {
                    Location::Disk { real, root } => (
                        real.parent().map(Path::to_path_buf).unwrap_or_default(),
                        root.clone(),
                    ),
                    Location::Std(_) => {
                        return Err(ImportError::Escapes(
                            "the standard library imports only `std::` modules".into(),
                        ));
                    }
                    Location::Memory => {
                        let cwd = std::env::current_dir().unwrap_or_default();
                        (cwd.clone(), cwd)
                    }
                };
                let path = Path::new(relative);
                if path.is_absolute() || relative.starts_with('/') || relative.starts_with('\\') {
                    return Err(ImportError::Escapes(format!(
                        "`{relative}` is an absolute path; imports are relative to the importing file"
                    )));
                }
                let joined = dir.join(path);
                let real = joined.canonicalize().map_err(|_| {
                    ImportError::NotFound(format!("cannot read `{relative}`: no such file"))
                })?;
                if !real.starts_with(&root) {
                    // The root's absolute path is not shown: diagnostics
                    // must not depend on where the checkout lives.
                    return Err(ImportError::Escapes(format!(
                        "`{relative}` resolves outside the workspace root"
                    )));
                }
                self.disk_file(&real).map_err(ImportError::NotFound)
            }
        }
    }
}

impl Database {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file from raw bytes with no file behind it; invalid UTF-8 is
    /// kept as a value and reported by [`parse`], never an error here.
    pub fn add_file(&self, path: impl Into<String>, bytes: &[u8], origin: Origin) -> SourceFile {
        let (text, invalid_utf8_at) = decode(bytes);
        SourceFile::builder(path.into(), text, invalid_utf8_at, Location::Memory)
            .durability(origin.durability())
            .new(self)
    }

    /// The file at `path` on disk, read once and shared by every importer.
    /// `display` is how diagnostics name it.
    pub fn open(&self, path: &Path, display: &str, bytes: &[u8]) -> SourceFile {
        let real = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        let dir = real.parent().map(Path::to_path_buf).unwrap_or_default();
        let root = {
            let mut roots = self.roots.lock().unwrap_or_else(|e| e.into_inner());
            roots
                .entry(dir)
                .or_insert_with(|| workspace_root(&real))
                .clone()
        };
        let key = FileKey::Disk(real.clone());
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(file) = files.get(&key) {
            return *file;
        }
        let (text, invalid_utf8_at) = decode(bytes);
        let file = SourceFile::builder(
            display.to_owned(),
            text,
            invalid_utf8_at,
            Location::Disk { real, root },
        )
        .durability(Durability::LOW)
        .new(self);
        files.insert(key, file);
        file
    }

    /// `std::NAME`, bundled in the binary.
    pub fn std_file(&self, name: &str) -> Option<SourceFile> {
        let text = crate::semantic::stdlib::source(name)?;
        let key = FileKey::Std(name.to_owned());
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        let file = *files.entry(key).or_insert_with(|| {
            SourceFile::builder(
                crate::semantic::stdlib::display_path(name),
                text.to_owned(),
                None,
                Location::Std(name.to_owned()),
            )
            .durability(Durability::HIGH)
            .new(self)
        });
        Some(file)
    }

    /// A file reached through an import: read from disk on first use.
    fn disk_file(&self, real: &Path) -> Result<SourceFile, String> {
        if let Some(file) = self
            .files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&FileKey::Disk(real.to_path_buf()))
        {
            return Ok(*file);
        }
        let meta = std::fs::metadata(real)
            .map_err(|e| format!("cannot read `{}`: {e}", real.display()))?;
        if meta.is_dir() {
            return Err(format!("`{}` is a directory", real.display()));
        }
        let bytes =
            std::fs::read(real).map_err(|e| format!("cannot read `{}`: {e}", real.display()))?;
        Ok(self.open(real, &path_from_cwd(real), &bytes))
    }

    /// Replaces the configuration (after reading `charter.toml`).
    pub fn set_config(&mut self, config: Config) {
        let settings = self.settings();
        settings
            .set_config(self)
            .with_durability(Durability::MEDIUM)
            .to(config);
    }

    /// The text of every loaded file whose display path is in `paths`, for
    /// rendering diagnostics that point into imported files.
    pub fn texts_of<'a>(&self, paths: impl IntoIterator<Item = &'a str>) -> Vec<(String, String)> {
        let wanted: std::collections::BTreeSet<&str> = paths.into_iter().collect();
        let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        let mut out: Vec<(String, String)> = files
            .values()
            .filter(|f| wanted.contains(f.path(self).as_str()))
            .map(|f| (f.path(self).clone(), f.text(self).clone()))
            .collect();
        out.sort();
        out.dedup_by(|a, b| a.0 == b.0);
        out
    }

    /// Starts a new revision without changing any input, which lets salsa
    /// evict the syntax trees its LRU no longer keeps.
    pub fn release_memory(&mut self) {
        use salsa::Database as _;
        self.synthetic_write(Durability::LOW);
    }

    /// Replaces a file's text, as an editor's change does.
    pub fn set_text(&mut self, file: SourceFile, text: String) {
        file.set_text(self)
            .with_durability(Durability::LOW)
            .to(text);
        file.set_invalid_utf8_at(self)
            .with_durability(Durability::LOW)
            .to(None);
    }

    /// Starts recording which queries execute (for tests of incrementality).
    pub fn start_query_log(&self) {
        if let Ok(mut guard) = self.log.lock() {
            *guard = Some(Vec::new());
        }
    }

    /// The queries executed since the log was started or last taken.
    pub fn take_query_log(&self) -> Vec<String> {
        self.log
            .lock()
            .ok()
            .and_then(|mut guard| guard.as_mut().map(std::mem::take))
            .unwrap_or_default()
    }
}

/// The nearest ancestor directory of `file` holding `charter.toml` or
/// `.git`; else the current directory when it contains the file; else the
/// file's own directory.
pub fn workspace_root(file: &Path) -> PathBuf {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d.join("charter.toml").is_file() || d.join(".git").exists() {
            return d.to_path_buf();
        }
        dir = d.parent();
    }
    match std::env::current_dir()
        .ok()
        .and_then(|cwd| cwd.canonicalize().ok())
    {
        Some(cwd) if file.starts_with(&cwd) => cwd,
        _ => file.parent().map(Path::to_path_buf).unwrap_or_default(),
    }
}

/// How a file found on disk is named in diagnostics: relative to the
/// current directory when it is inside it.
pub fn path_from_cwd(real: &Path) -> String {
    let cwd = std::env::current_dir()
        .ok()
        .and_then(|c| c.canonicalize().ok());
    let shown = match cwd.as_deref().and_then(|cwd| real.strip_prefix(cwd).ok()) {
        Some(relative) => relative.to_path_buf(),
        None => real.to_path_buf(),
    };
    shown.to_string_lossy().replace('\\', "/")
}

fn decode(bytes: &[u8]) -> (String, Option<usize>) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_owned(), None),
        Err(error) => (
            String::from_utf8_lossy(bytes).into_owned(),
            Some(error.valid_up_to()),
        ),
    }
}

/// The syntax tree of one file and its syntax diagnostics.
///
/// Trees are the largest values the database holds (about thirty times the
/// text), so only the most recently used are kept: an evicted tree is
/// parsed again if a query needs it, and its dependents stay valid.
#[salsa::tracked(returns(ref), lru = 256)]
pub fn parse(db: &dyn Db, file: SourceFile) -> ParsedFile {
    let path = file.path(db);
    if let Some(offset) = file.invalid_utf8_at(db) {
        return ParsedFile {
            tree: Default::default(),
            diagnostics: vec![syntax::invalid_utf8(path, *offset)],
        };
    }
    syntax::parse_source(path, file.text(db))
}

/// The lint findings of every spec in one file, before levels and waivers.
#[salsa::tracked(returns(ref))]
pub fn lint_file(db: &dyn Db, file: SourceFile) -> Vec<Diagnostic> {
    let config = db.settings().config(db);
    crate::semantic::analyse(db, file)
        .specs
        .iter()
        .flat_map(|spec| crate::lints::run(spec, config))
        .collect()
}

/// Every diagnostic for one file: syntax, meaning and lints, with the
/// configured levels and the spec's waivers applied, sorted.
#[salsa::tracked(returns(ref))]
pub fn check_file(db: &dyn Db, file: SourceFile) -> Vec<Diagnostic> {
    let config = db.settings().config(db);
    let analysis = crate::semantic::analyse(db, file);
    let mut diagnostics = parse(db, file).diagnostics.clone();
    diagnostics.extend(analysis.diagnostics.iter().cloned());
    diagnostics.extend(lint_file(db, file).iter().cloned());
    let report_unused = config
        .severity(&crate::lints::waivers::UNUSED_WAIVER)
        .is_some();
    crate::lints::waivers::apply(&analysis.specs, &mut diagnostics, report_unused);
    diagnostics.retain_mut(|d| match config.severity(d.rule) {
        Some(severity) => {
            d.severity = severity;
            true
        }
        None => false,
    });
    crate::diagnostics::normalise(&mut diagnostics);
    diagnostics
}
