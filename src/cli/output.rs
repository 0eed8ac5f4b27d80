//! Writing diagnostics in the chosen format, shared by every command.

use clap::Args;

use super::{ColorChoice, Format, files};
use crate::db::Database;
use crate::diagnostics::Diagnostic;
use crate::diagnostics::Severity;
use crate::diagnostics::render;

/// Human output goes to stderr (it is a message); the machine formats to
/// stdout (data). The diagnostics are sorted into the documented order
/// first: by the name each file is shown under, then position and code.
pub fn emit(db: &Database, diagnostics: &mut [Diagnostic], format: Format, color: bool) {
    let sources = files::sources_for(db, diagnostics);
    sources.sort(diagnostics);
    match format {
        Format::Human => eprint!("{}", render::human(diagnostics, &sources, color)),
        Format::Json => print!("{}", render::json(diagnostics, &sources)),
        Format::Sarif => print!("{}", render::sarif(diagnostics, &sources)),
        Format::Github => print!("{}", render::github(diagnostics, &sources)),
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

    pub fn emit(&self, db: &Database, diagnostics: &mut [Diagnostic]) {
        emit(db, diagnostics, self.format, self.color.enabled());
    }
}
