//! `charter check [PATHS…]`.

use std::path::PathBuf;

use clap::Args;

use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Format, files, output};
use crate::check::check_file;
use crate::db::{Database, FileStatus, ReadError};
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
    let mut opened = Vec::new();
    for path in &found {
        let file = db.file(path);
        match file.status(&db) {
            FileStatus::Exists => opened.push(file),
            FileStatus::Missing => io_errors.push(files::read_error(path, ReadError::Missing)),
            FileStatus::Refused(why) => {
                io_errors.push(files::read_error(path, ReadError::Refused(why.clone())))
            }
            // Only imports are confined to a workspace root.
            FileStatus::OutsideRoot => opened.push(file),
        }
    }
    if let Err(message) = files::load_configs(&mut db, &opened) {
        eprintln!("error: {message}");
        return EXIT_USAGE;
    }
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    for (checked, file) in opened.iter().enumerate() {
        diagnostics.extend(check_file(&db, *file).iter().cloned());
        if (checked + 1).is_multiple_of(256) {
            // Salsa evicts least-recently-used syntax trees only when a new
            // revision starts; a one-pass check starts one now and then so
            // its memory stays bounded by the LRU, not by the workspace.
            db.release_memory();
        }
    }
    // C008 looks across every spec checked, not one file at a time.
    diagnostics.extend(crate::check::cross_spec::check_files(&db, &opened));
    let checked = opened.len();
    args.report.emit(&db, &mut diagnostics);
    // The process ends right after this: freeing every cached query result
    // one by one would only cost time (a tenth of a cold check), so the
    // database is left to the operating system.
    std::mem::forget(db);
    for message in &io_errors {
        eprintln!("error: {message}");
    }
    if args.report.format == Format::Human {
        let noun = if checked == 1 { "file" } else { "files" };
        if diagnostics.is_empty() && io_errors.is_empty() {
            eprintln!("checked {checked} {noun}: no problems found");
        } else {
            eprintln!("checked {checked} {noun}");
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
