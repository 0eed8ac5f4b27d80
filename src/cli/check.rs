//! `charter check [PATHS…]`.

use super::stdio::errln;
use std::path::PathBuf;

use clap::Args;

use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Format, files, output};
use crate::db::{Database, check_file};
use crate::diagnostics::Diagnostic;

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files, or directories searched for `*.charter` (default: the current directory).
    paths: Vec<PathBuf>,
    #[command(flatten)]
    report: output::ReportArgs,
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
            errln!("error: {message}");
            return EXIT_USAGE;
        }
    }
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
        let mut file_diagnostics = check_file(&db, file).clone();
        crate::diagnostics::normalise(&mut file_diagnostics);
        diagnostics.extend(crate::diagnostics::cap::cap(file_diagnostics));
        if checked.is_multiple_of(256) {
            // Salsa evicts least-recently-used syntax trees only when a new
            // revision starts; a one-pass check starts one now and then so
            // its memory stays bounded by the LRU, not by the workspace.
            db.release_memory();
        }
    }
    crate::diagnostics::normalise(&mut diagnostics);
    args.report.emit(&db, &diagnostics);
    // The process ends right after this: freeing every cached query result
    // one by one would only cost time (a tenth of a cold check), so the
    // database is left to the operating system.
    std::mem::forget(db);
    for message in &io_errors {
        errln!("error: {message}");
    }
    if args.report.format == Format::Human {
        let noun = if checked == 1 { "file" } else { "files" };
        if diagnostics.is_empty() && io_errors.is_empty() {
            errln!("checked {checked} {noun}: no problems found");
        } else {
            errln!("checked {checked} {noun}");
        }
    }

    let failing = diagnostics.iter().any(|d| args.report.fails(d.severity));
    if !io_errors.is_empty() {
        EXIT_USAGE
    } else if failing {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}
