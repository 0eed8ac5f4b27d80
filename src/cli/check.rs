//! `charter check [PATHS…]`.

use std::path::PathBuf;

use clap::Args;

use super::{ColorChoice, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Format, files};
use crate::db::{Database, check_file};
use crate::diagnostics::render::{self, Sources};
use crate::diagnostics::{Diagnostic, Severity};

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files, or directories searched for `*.charter` (default: the current directory).
    paths: Vec<PathBuf>,
    /// How to write the findings.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// When to colour human output (`NO_COLOR` is honoured under `auto`).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Treat warnings as errors for the exit status (`--deny warnings`).
    #[arg(long, value_parser = ["warnings"])]
    deny: Option<String>,
}

pub fn run(args: CheckArgs) -> u8 {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
    };
    let (found, mut io_errors) = files::discover(&paths);

    let mut db = Database::new();
    match files::load_config(&paths) {
        Ok(config) => db.set_config(config),
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_USAGE;
        }
    }
    let mut sources = Sources::new();
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut checked = 0usize;
    for path in &found {
        let bytes = match files::read(path) {
            Ok(bytes) => bytes,
            Err(message) => {
                io_errors.push(message);
                continue;
            }
        };
        let file = db.open(path, &files::display_path(path), &bytes);
        checked += 1;
        let file_diagnostics = check_file(&db, file);
        diagnostics.extend(file_diagnostics.iter().cloned());
    }
    let paths = diagnostics.iter().flat_map(|d| {
        std::iter::once(d.path.as_str()).chain(d.labels.iter().map(|l| l.path.as_str()))
    });
    for (path, text) in db.texts_of(paths) {
        sources.insert(path, text);
    }
    crate::diagnostics::normalise(&mut diagnostics);

    match args.format {
        Format::Human => {
            eprint!(
                "{}",
                render::human(&diagnostics, &sources, args.color.enabled())
            );
        }
        Format::Json => print!("{}", render::json(&diagnostics, &sources)),
        Format::Sarif => print!("{}", render::sarif(&diagnostics, &sources)),
        Format::Github => print!("{}", render::github(&diagnostics, &sources)),
    }
    for message in &io_errors {
        eprintln!("error: {message}");
    }
    if args.format == Format::Human {
        let noun = if checked == 1 { "file" } else { "files" };
        if diagnostics.is_empty() && io_errors.is_empty() {
            eprintln!("checked {checked} {noun}: no problems found");
        } else {
            eprintln!("checked {checked} {noun}");
        }
    }

    let deny_warnings = args.deny.is_some();
    let failing = diagnostics.iter().any(|d| {
        d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning)
    });
    if !io_errors.is_empty() {
        EXIT_USAGE
    } else if failing {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}
