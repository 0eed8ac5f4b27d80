//! `charter fmt [--check] [PATHS…]`: rewrite files in the canonical layout.

use charter::workspace::stdio::{err, errln, out, outln};
use std::path::{Path, PathBuf};

use clap::Args;

use super::{ColorChoice, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};
use charter::diagnostics::Diagnostic;
use charter::diagnostics::render::{self, Sources};
use charter::fmt::format_file;
use charter::text::FileId;
use charter::workspace::files;

#[derive(Args, Debug)]
pub struct FmtArgs {
    /// Files, or directories searched for `*.charter` (default: the current
    /// directory). `-` reads standard input and writes the result to
    /// standard output, for editors.
    paths: Vec<PathBuf>,
    /// Write nothing: list the files that would change and exit 1 if any.
    #[arg(long)]
    check: bool,
    /// When to colour diagnostics (`NO_COLOR` is honoured under `auto`).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

/// What became of one file.
enum Outcome {
    Unchanged,
    /// Rewritten, or would be under `--check`.
    Changed,
    /// Not formatted: it has syntax errors.
    Refused(Vec<Diagnostic>, String),
    Io(String),
}

pub fn run(args: FmtArgs) -> u8 {
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        if args.paths.len() > 1 {
            errln!("error: `-` (standard input) cannot be combined with other paths");
            return EXIT_USAGE;
        }
        return stdin(&args);
    }
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let (found, io_errors) = files::discover(&paths);
    let mut sources = Sources::new();
    let mut diagnostics = Vec::new();
    let mut errors = io_errors;
    let (mut changed, mut refused) = (0usize, 0usize);
    for (index, path) in found.iter().enumerate() {
        let file = FileId::new(index as u32);
        match one_file(file, path, args.check) {
            Outcome::Unchanged => {}
            Outcome::Changed => {
                changed += 1;
                if args.check {
                    outln!("Would reformat: {}", files::display_path(path));
                }
            }
            Outcome::Refused(found, text) => {
                refused += 1;
                sources.insert(file, files::display_path(path), text);
                diagnostics.extend(found);
            }
            Outcome::Io(message) => errors.push(message),
        }
    }
    charter::diagnostics::normalise(&mut diagnostics);
    err!(
        "{}",
        render::human(&diagnostics, &sources, args.color.enabled())
    );
    for message in &errors {
        errln!("error: {message}");
    }
    summary(found.len(), changed, refused, args.check);
    if !errors.is_empty() {
        EXIT_USAGE
    } else if refused > 0 || (args.check && changed > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

fn summary(total: usize, changed: usize, refused: usize, check: bool) {
    let noun = |n: usize| if n == 1 { "file" } else { "files" };
    let verb = if check {
        "would be reformatted"
    } else {
        "reformatted"
    };
    let mut line = format!("{changed} {} {verb}", noun(changed));
    if refused > 0 {
        line.push_str(&format!(
            ", {refused} {} not formatted (syntax errors)",
            noun(refused)
        ));
    }
    line.push_str(&format!(", {} {} checked", total, noun(total)));
    errln!("{line}");
}

fn one_file(file: FileId, path: &Path, check: bool) -> Outcome {
    let bytes = match files::read(path) {
        Ok(bytes) => bytes,
        Err(message) => return Outcome::Io(message),
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(error.as_bytes()).into_owned();
            return Outcome::Refused(vec![charter::syntax::invalid_utf8(file, offset)], lossy);
        }
    };
    let formatted = match format_file(file, &text) {
        Ok(formatted) => formatted,
        Err(diagnostics) => return Outcome::Refused(diagnostics, text),
    };
    if formatted == text {
        return Outcome::Unchanged;
    }
    if !check && let Err(message) = super::atomic::write_atomically(path, formatted.as_bytes()) {
        return Outcome::Io(message);
    }
    Outcome::Changed
}

/// `charter fmt -`: standard input to standard output. Under `--check`
/// nothing is printed on standard output; the exit status says whether
/// the input would change.
fn stdin(args: &FmtArgs) -> u8 {
    let bytes = match files::read_stdin() {
        Ok(bytes) => bytes,
        Err(message) => {
            errln!("error: {message}");
            return EXIT_USAGE;
        }
    };
    let name = "<stdin>";
    let file = FileId::default();
    let mut sources = Sources::new();
    let result = match String::from_utf8(bytes) {
        Ok(text) => {
            let result = format_file(file, &text);
            sources.insert(file, name, text.clone());
            result.map(|formatted| (text, formatted))
        }
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            sources.insert(
                file,
                name,
                String::from_utf8_lossy(error.as_bytes()).into_owned(),
            );
            Err(vec![charter::syntax::invalid_utf8(file, offset)])
        }
    };
    match result {
        Ok((text, formatted)) => {
            if args.check {
                if formatted == text {
                    return EXIT_OK;
                }
                outln!("Would reformat: {name}");
                return EXIT_FINDINGS;
            }
            out!("{formatted}");
            EXIT_OK
        }
        Err(diagnostics) => {
            err!(
                "{}",
                render::human(&diagnostics, &sources, args.color.enabled())
            );
            EXIT_FINDINGS
        }
    }
}
