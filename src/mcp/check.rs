//! The `check` tool: `charter check` on paths or on text.

use std::path::PathBuf;

use rmcp::model::CallToolResult;
use rmcp::schemars::{self, JsonSchema};
use serde::Deserialize;
use serde_json::json;

use super::answer;
use crate::cli::files;
use crate::db::{Database, Origin, check_file};
use crate::diagnostics::Diagnostic;

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
    report(&db, &[(name, text)], &diagnostics, 1)
}

fn check_paths(paths: &[PathBuf]) -> CallToolResult {
    let (found, mut io_errors) = files::discover(paths);
    let mut db = Database::new();
    match files::load_config(paths) {
        Ok(config) => db.set_config(config),
        Err(message) => return answer::error(message),
    }
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut checked = 0;
    for path in &found {
        match files::read(path) {
            Ok(bytes) => {
                let file = db.open(path, &files::display_path(path), &bytes);
                diagnostics.extend(check_file(&db, file).iter().cloned());
                checked += 1;
            }
            Err(message) => io_errors.push(message),
        }
    }
    if !io_errors.is_empty() {
        return answer::error(io_errors.join("\n"));
    }
    crate::diagnostics::normalise(&mut diagnostics);
    report(&db, &[], &diagnostics, checked)
}

fn report(
    db: &Database,
    in_memory: &[(&str, &str)],
    diagnostics: &[Diagnostic],
    checked: usize,
) -> CallToolResult {
    let (errors, warnings) = answer::counts(diagnostics);
    answer::structured(json!({
        "diagnostics": answer::diagnostics(db, in_memory, diagnostics),
        "files_checked": checked,
        "errors": errors,
        "warnings": warnings,
    }))
}
