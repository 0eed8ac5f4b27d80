//! `charter check [PATHS…]`, and `charter check -` for a spec on stdin.

use std::io::Read;
use std::path::PathBuf;

use clap::Args;

use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, files, output};
use crate::baseline::Baseline;
use crate::db::{Database, check_file};
use crate::diagnostics::Diagnostic;
use crate::lints::drift::RepoFiles;

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files, or directories searched for `*.charter` (default: the current
    /// directory); `-` reads one spec from stdin.
    paths: Vec<PathBuf>,
    /// The name a spec read from stdin (`-`) is reported under; its imports
    /// and `charter.toml` are found from there (default: `<stdin>` in the current directory).
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
    /// Also compare each spec with the repository at DIR: D001 (a glob that
    /// matches no file; `.gitignore` honoured) and D002 (a missing contract
    /// schema or audit folder). DIR is the workspace root the spec's paths are relative to.
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Hide the findings recorded in this baseline (report only new ones);
    /// entries that match nothing any more are reported as info.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    baseline: Option<PathBuf>,
    /// Record every current finding in FILE (a new baseline) and exit 0.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    #[command(flatten)]
    report: output::ReportArgs,
}

/// What diagnostics call a spec read from stdin with no `--stdin-filename`.
const STDIN_NAME: &str = "<stdin>";

pub fn run(args: CheckArgs) -> u8 {
    let from_stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    if from_stdin && args.paths.len() > 1 {
        eprintln!("error: `-` (stdin) cannot be combined with other paths");
        return EXIT_USAGE;
    }
    let paths = if from_stdin {
        // Configuration is found from where the spec claims to live.
        vec![
            args.stdin_filename
                .clone()
                .unwrap_or_else(|| PathBuf::from(".")),
        ]
    } else if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };

    let mut db = Database::new();
    match files::load_config(&paths) {
        Ok(config) => db.set_config(config),
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_USAGE;
        }
    }
    let repo = match args.root.as_deref().map(RepoFiles::walk).transpose() {
        Ok(repo) => repo,
        Err(message) => {
            eprintln!("error: --root: {message}");
            return EXIT_USAGE;
        }
    };
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut checked = 0usize;
    let mut io_errors = Vec::new();
    if from_stdin {
        match read_stdin() {
            Ok(bytes) => {
                let (path, display) = match &args.stdin_filename {
                    Some(name) => (name.clone(), files::display_path(name)),
                    None => (PathBuf::from(STDIN_NAME), STDIN_NAME.to_owned()),
                };
                // An absolute path, so imports resolve from its folder even
                // when no such file exists.
                let path = std::env::current_dir()
                    .map(|cwd| cwd.join(&path))
                    .unwrap_or(path);
                let file = db.open(&path, &display, &bytes);
                checked = 1;
                diagnostics.extend(check_file(&db, file).iter().cloned());
                if let Some(repo) = &repo {
                    diagnostics.extend(drift(&db, file, repo));
                }
            }
            Err(message) => io_errors.push(message),
        }
    } else {
        let (found, errors) = files::discover(&paths);
        io_errors = errors;
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
            if let Some(repo) = &repo {
                diagnostics.extend(drift(&db, file, repo));
            }
            if checked.is_multiple_of(256) {
                // Salsa evicts least-recently-used syntax trees only when a new
                // revision starts; a one-pass check starts one now and then so
                // its memory stays bounded by the LRU, not by the workspace.
                db.release_memory();
            }
        }
    }
    crate::diagnostics::normalise(&mut diagnostics);
    let sources = output::sources_for(&db, &diagnostics);
    if let Some(path) = &args.write_baseline {
        let baseline = Baseline::of(&diagnostics, &sources);
        if let Err(message) = super::build::write_atomically(path, baseline.to_json().as_bytes()) {
            eprintln!("error: {message}");
            return EXIT_USAGE;
        }
        if !args.report.quiet {
            eprintln!(
                "wrote {} finding(s) to the baseline {}",
                baseline.entries.len(),
                path.display()
            );
        }
        return if io_errors.is_empty() {
            EXIT_OK
        } else {
            EXIT_USAGE
        };
    }
    let mut stale = Vec::new();
    if let Some(path) = &args.baseline {
        let baseline = match Baseline::read(path) {
            Ok(baseline) => baseline,
            Err(message) => {
                eprintln!("error: {message}");
                return EXIT_USAGE;
            }
        };
        (diagnostics, stale) = baseline.filter(diagnostics, &sources);
    }
    args.report.emit_with(&sources, &diagnostics, false);
    for entry in &stale {
        eprintln!(
            "info: the baseline entry {} in {} (\"{}\") matches no finding any more; `--write-baseline` drops it",
            entry.code, entry.uri, entry.message
        );
    }
    // The process ends right after this: freeing every cached query result
    // one by one would only cost time (a tenth of a cold check), so the
    // database is left to the operating system.
    std::mem::forget(db);
    for message in &io_errors {
        eprintln!("error: {message}");
    }
    if args.report.summary() {
        let noun = if checked == 1 { "file" } else { "files" };
        if diagnostics.is_empty() && io_errors.is_empty() {
            eprintln!("checked {checked} {noun}: no problems found");
        } else {
            eprintln!("checked {checked} {noun}");
        }
    }

    if !io_errors.is_empty() {
        EXIT_USAGE
    } else if args.report.failing(&diagnostics) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// The drift findings (D001, D002) of a file's specs, with the spec's
/// waivers and the configured levels applied as `check_file` applies them.
fn drift(db: &Database, file: crate::db::SourceFile, repo: &RepoFiles) -> Vec<Diagnostic> {
    use crate::db::Db;
    let config = db.settings().config(db);
    let specs = &crate::semantic::analyse(db, file).specs;
    let mut found: Vec<Diagnostic> = specs
        .iter()
        .flat_map(|spec| crate::lints::drift::check(spec, repo, config))
        .collect();
    crate::lints::waivers::apply(specs, &mut found, false);
    found.retain_mut(|d| match config.severity(d.rule) {
        Some(severity) => {
            d.severity = severity;
            true
        }
        None => false,
    });
    found
}

/// Stdin, with the same size limit as a file.
fn read_stdin() -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(files::MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read stdin: {e}"))?;
    if bytes.len() as u64 > files::MAX_FILE_BYTES {
        return Err(format!(
            "stdin is too large to be a spec (the limit is {} MiB)",
            files::MAX_FILE_BYTES / 1024 / 1024
        ));
    }
    Ok(bytes)
}
