//! The salsa database every front door drives: `charter check`, `build`,
//! the language server and the tests.
//!
//! Source files are inputs; everything else is a tracked query returning
//! plain values (diagnostics included, as values rather than accumulators:
//! ruff measured accumulators slowing incremental runs). An editor edit is
//! `SourceFile::set_text`; the next query re-runs only what read that file.

use std::sync::{Arc, Mutex};

use salsa::{Durability, Setter};

use crate::diagnostics::Diagnostic;
use crate::syntax::{self, ParsedFile};

#[salsa::db]
pub trait Db: salsa::Database {}

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
        Self { storage, log }
    }
}

#[salsa::db]
impl salsa::Database for Database {}

#[salsa::db]
impl Db for Database {}

impl Database {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file from raw bytes; invalid UTF-8 is kept as a value and
    /// reported by [`parse`], never an error here.
    pub fn add_file(&self, path: impl Into<String>, bytes: &[u8], origin: Origin) -> SourceFile {
        let (text, invalid_utf8_at) = decode(bytes);
        SourceFile::builder(path.into(), text, invalid_utf8_at)
            .durability(origin.durability())
            .new(self)
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
#[salsa::tracked(returns(ref))]
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

/// Every diagnostic for one file, sorted.
#[salsa::tracked(returns(ref))]
pub fn check_file(db: &dyn Db, file: SourceFile) -> Vec<Diagnostic> {
    let mut diagnostics = parse(db, file).diagnostics.clone();
    crate::diagnostics::normalise(&mut diagnostics);
    diagnostics
}
