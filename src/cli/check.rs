//! `charter check [PATHS…]`, and `charter check -` for a spec on stdin.

use charter::workspace::stdio::errln;
use std::path::PathBuf;

use clap::Args;

use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, output};
use charter::baseline::Baseline;
use charter::workspace::files;
use std::sync::Arc;

use charter::check::{Jobs, Workers, check_files};
use charter::db::{Database, OsSystem, OverlaySystem};
use charter::diagnostics::Diagnostic;
use charter::lints::drift::RepoFiles;

/// The files from which `check` gives its heap huge pages throughout
/// (`allocator::huge_pages_throughout`): 128, the size from which it took
/// every core until stop 43 (`check::parallel::PARALLEL_FROM`, now 32). A
/// run of 32 to 127 files keeps its first megabytes in 4 KB pages: a fresh
/// huge page is zeroed whole and, on a virtual machine whose host takes
/// freed guest memory back (`virtio_balloon` with free page reporting, as
/// on this project's machines), backed again whole, which costs such a run
/// more than it saves (the bench's probe of fresh memory: 4.4-4.5 ms for
/// one 2 MB page, against about 1.4 µs for a 4 KB page;
/// docs/performance.md, stop 33).
const HUGE_PAGES_FROM: usize = 128;

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
    /// Apply the safe fixes the findings carry, write the files, and report what changed.
    #[arg(long)]
    fix: bool,
    /// Check files on N threads (default: every core this process may use
    /// for 32 files or more, one thread for fewer; 1 checks them one after
    /// another). The output is the same for any N.
    #[arg(short, long, value_name = "N")]
    jobs: Option<Jobs>,
    #[command(flatten)]
    report: output::ReportArgs,
}

/// What diagnostics call a spec read from stdin with no `--stdin-filename`.
const STDIN_NAME: &str = "<stdin>";

pub fn run(args: CheckArgs) -> u8 {
    let from_stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    if from_stdin && args.paths.len() > 1 {
        errln!("error: `-` (stdin) cannot be combined with other paths");
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

    let repo = match args.root.as_deref().map(RepoFiles::walk).transpose() {
        Ok(repo) => repo,
        Err(message) => {
            errln!("error: --root: {message}");
            return EXIT_USAGE;
        }
    };
    let mut io_errors = Vec::new();
    let (mut db, found) = if from_stdin {
        // The spec on stdin is an unsaved buffer at the path it claims, so
        // its imports and `charter.toml` are found from there even when no
        // such file exists.
        let path = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from(STDIN_NAME));
        let overlays = OverlaySystem::new(Arc::new(OsSystem));
        match files::read_stdin() {
            Ok(bytes) => overlays.set_overlay(Database::absolute(&path), bytes),
            Err(message) => io_errors.push(message),
        }
        let found = if io_errors.is_empty() {
            vec![path]
        } else {
            Vec::new()
        };
        (Database::with_system(Arc::new(overlays)), found)
    } else {
        let (found, errors) = files::discover(&paths);
        io_errors = errors;
        (Database::new(), found)
    };
    charter::semantic::bound_memory_for_one_pass(&mut db);
    // A large workspace's heap grows far past the first megabytes that a
    // small one's stays in: huge pages for all of it (`allocator::SMALL_HEAP`).
    if found.len() >= HUGE_PAGES_FROM {
        crate::allocator::huge_pages_throughout();
    }
    // No thread starts before there is work for it (nor for one file), and
    // without `--jobs` none for a small workspace (see `PARALLEL_FROM`).
    let jobs = args.jobs.unwrap_or_else(|| Jobs::for_files(found.len()));
    let workers = Workers::new(jobs);
    let opened = files::open_all(&db, &found, &workers, &mut io_errors);
    if let Err(message) = files::load_configs(&mut db, &opened) {
        errln!("error: {message}");
        return EXIT_USAGE;
    }
    let mut diagnostics: Vec<Diagnostic> = check_files(&mut db, &opened, repo.as_ref(), &workers);
    // C008 looks across every spec checked, not one file at a time.
    diagnostics.extend(charter::check::cross_spec::check_files(&db, &opened));
    let checked = opened.len();
    if args.fix {
        let (fixed, errors) = super::fix::apply_safe_fixes(&mut db, &opened, diagnostics);
        diagnostics = fixed;
        io_errors.extend(errors);
    }
    let sources = output::sources_for(&db, &diagnostics);
    if let Some(path) = &args.write_baseline {
        let baseline = Baseline::of(&diagnostics, &sources);
        if let Err(message) = super::atomic::write_atomically(path, baseline.to_json().as_bytes()) {
            errln!("error: {message}");
            return EXIT_USAGE;
        }
        if !args.report.quiet {
            errln!(
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
                errln!("error: {message}");
                return EXIT_USAGE;
            }
        };
        (diagnostics, stale) = baseline.filter(diagnostics, &sources);
    }
    args.report.emit_with(&sources, &diagnostics, false);
    for entry in &stale {
        errln!(
            "info: the baseline entry {} in {} (\"{}\") matches no finding any more; `--write-baseline` drops it",
            entry.code,
            entry.uri,
            entry.message
        );
    }
    // The process ends right after this: freeing every cached query result
    // one by one would only cost time (a tenth of a cold check), so the
    // database is left to the operating system.
    std::mem::forget(db);
    for message in &io_errors {
        errln!("error: {message}");
    }
    if args.report.summary() {
        let noun = if checked == 1 { "file" } else { "files" };
        if diagnostics.is_empty() && io_errors.is_empty() {
            errln!("checked {checked} {noun}: no problems found");
        } else {
            errln!("checked {checked} {noun}");
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

#[cfg(test)]
mod tests {
    use clap::{Args, Command};

    /// `--help` gives the size from which a check runs on every core, the
    /// one [`charter::check::Jobs::for_files`] goes by.
    #[test]
    fn the_jobs_help_gives_the_size_for_every_core() {
        let help = super::CheckArgs::augment_args(Command::new("check"))
            .render_long_help()
            .to_string();
        let words = help.split_whitespace().collect::<Vec<_>>().join(" ");
        let size = format!(
            "for {} files or more",
            charter::check::parallel::PARALLEL_FROM
        );
        assert!(words.contains(&size), "no `{size}` in:\n{help}");
    }
}
