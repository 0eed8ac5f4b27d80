//! Writing diagnostics in the chosen format, shared by every command.

use super::Format;
use crate::db::Database;
use crate::diagnostics::Diagnostic;
use crate::diagnostics::render::{self, Sources};

/// The text of every file the diagnostics point into.
pub fn sources_for(db: &Database, diagnostics: &[Diagnostic]) -> Sources {
    let paths = diagnostics.iter().flat_map(|d| {
        std::iter::once(d.path.as_str()).chain(d.labels.iter().map(|l| l.path.as_str()))
    });
    let mut sources = Sources::new();
    for (path, text) in db.texts_of(paths) {
        sources.insert(path, text);
    }
    sources
}

/// Human output goes to stderr (it is a message); the machine formats to stdout (data).
pub fn emit(db: &Database, diagnostics: &[Diagnostic], format: Format, color: bool) {
    let sources = sources_for(db, diagnostics);
    match format {
        Format::Human => eprint!("{}", render::human(diagnostics, &sources, color)),
        Format::Json => print!("{}", render::json(diagnostics, &sources)),
        Format::Sarif => print!("{}", render::sarif(diagnostics, &sources)),
        Format::Github => print!("{}", render::github(diagnostics, &sources)),
    }
}
