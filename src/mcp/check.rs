//! The `check` tool: `charter check` on paths or on text.

use std::path::PathBuf;

use rmcp::model::CallToolResult;
use rmcp::schemars::{self, JsonSchema};
use serde::Deserialize;
use serde_json::json;

use super::answer;
use crate::check::{Jobs, Workers, check_file};
use crate::db::{Database, Origin};
use crate::diagnostics::Diagnostic;
use crate::workspace::files;

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Args {
    /// Files, or directories searched for `*.charter`, relative to the server's working directory.
    #[serde(default)]
    paths: Vec<PathBuf>,
    /// The text of one file to check instead of `paths` (imports resolve from the working directory).
    source: Option<String>,
    /// The name diagnostics give `source` (default `<source>.charter`).
    filename: Option<String>,
}

pub fn call(args: Args) -> CallToolResult {
    match (args.source, args.paths.is_empty()) {
        (Some(_), false) => answer::error("give `paths` or `source`, not both"),
        (None, true) => {
            answer::error("give `paths` (files or directories) or `source` (a file's text)")
        }
        (Some(source), true) => match answer::source_text(&source) {
            Ok(text) => check_source(text, args.filename.as_deref()),
            Err(error) => error,
        },
        (None, false) => check_paths(&args.paths),
    }
}

fn check_source(text: &str, filename: Option<&str>) -> CallToolResult {
    let db = Database::new();
    let name = filename.unwrap_or("<source>.charter");
    let file = db.add_file(name, text.as_bytes(), Origin::User);
    let mut diagnostics: Vec<Diagnostic> = check_file(&db, file).to_vec();
    crate::diagnostics::normalise(&mut diagnostics);
    report(&db, &diagnostics, 1)
}

fn check_paths(paths: &[PathBuf]) -> CallToolResult {
    let (found, mut io_errors) = files::discover(paths);
    let mut db = Database::new();
    // Read on every core only for a workspace that pays for a thread, as
    // `charter check` decides (see `check::parallel::PARALLEL_FROM`).
    let workers = Workers::new(Jobs::for_files(found.len()));
    let opened = files::open_all(&db, &found, &workers, &mut io_errors);
    if !io_errors.is_empty() {
        return answer::error(io_errors.join("\n"));
    }
    if let Err(message) = files::load_configs(&mut db, &opened) {
        return answer::error(message);
    }
    let mut diagnostics: Vec<Diagnostic> = opened
        .iter()
        .flat_map(|f| check_file(&db, *f).iter().cloned())
        .collect();
    diagnostics.extend(crate::check::cross_spec::check_files(&db, &opened));
    report(&db, &diagnostics, opened.len())
}

fn report(db: &Database, diagnostics: &[Diagnostic], checked: usize) -> CallToolResult {
    let (errors, warnings) = answer::counts(diagnostics);
    answer::structured(json!({
        "diagnostics": answer::diagnostics(db, diagnostics),
        "files_checked": checked,
        "errors": errors,
        "warnings": warnings,
    }))
}
