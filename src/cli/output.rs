//! Writing diagnostics in the chosen format, shared by every command.

use super::stdio::{err, out};
use clap::Args;

use super::{ColorChoice, Format};
use crate::db::Database;
use crate::diagnostics::Diagnostic;
use crate::diagnostics::Severity;
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
        Format::Human => err!("{}", render::human(diagnostics, &sources, color)),
        Format::Json => out!("{}", render::json(diagnostics, &sources)),
        Format::Sarif => out!("{}", render::sarif(diagnostics, &sources)),
        Format::Github => out!("{}", render::github(diagnostics, &sources)),
    }
}

/// The options every command that reports diagnostics shares.
#[derive(Args, Debug)]
pub struct ReportArgs {
    /// How to write the findings.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// When to colour human output (`NO_COLOR` is honoured under `auto`).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Treat warnings as errors (`--deny warnings`).
    #[arg(long, value_parser = ["warnings"])]
    pub deny: Option<String>,
}

impl ReportArgs {
    /// Whether a finding of this severity fails the command.
    pub fn fails(&self, severity: Severity) -> bool {
        severity == Severity::Error || (self.deny.is_some() && severity == Severity::Warning)
    }

    pub fn emit(&self, db: &Database, diagnostics: &[Diagnostic]) {
        emit(db, diagnostics, self.format, self.color.enabled());
    }
}
