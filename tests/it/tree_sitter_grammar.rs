//! The tree-sitter grammar (grammar/tree-sitter-charter) tested with the real
//! `tree-sitter` CLI (`cargo install tree-sitter-cli --locked`; `.ci/run`
//! installs it):
//! - its corpus passes `tree-sitter test`;
//! - every `.charter` file of the repository that `charter check` finds
//!   without a syntax (S) error parses without an ERROR or MISSING node;
//! - every query file compiles (`tree-sitter query`);
//! - the committed parser is what `tree-sitter generate` makes of grammar.js.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::support;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn grammar_dir() -> PathBuf {
    repo().join("grammar/tree-sitter-charter")
}

fn tree_sitter(dir: &Path, args: &[&str]) -> Output {
    support::tree_sitter(dir, args)
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Every `.charter` file of the repository, skipping build output and hidden
/// directories as `charter check` does.
fn charter_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("readable directory")
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            if !name.starts_with('.') && name != "target" && name != "node_modules" {
                charter_files(&path, out);
            }
        } else if name.ends_with(".charter") {
            out.push(path);
        }
    }
}

/// The files (relative to the repository) where `charter check` reports an S-code.
fn files_with_syntax_errors(files: &[String]) -> BTreeSet<String> {
    let output = Command::new(env!("CARGO_BIN_EXE_charter"))
        .args(["check", "--format", "json"])
        .args(files)
        .current_dir(repo())
        .output()
        .expect("charter runs");
    let report: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("charter check --format json prints JSON");
    report["diagnostics"]
        .as_array()
        .expect("a diagnostics array")
        .iter()
        .filter(|d| d["code"].as_str().is_some_and(|c| c.starts_with('S')))
        .filter_map(|d| d["path"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn corpus_passes() {
    let output = tree_sitter(&grammar_dir(), &["test"]);
    assert!(
        output.status.success(),
        "tree-sitter test failed:\n{}",
        text(&output)
    );
}

#[test]
fn every_file_without_a_syntax_error_parses_without_error_nodes() {
    let mut paths = Vec::new();
    charter_files(repo(), &mut paths);
    let relative: Vec<String> = paths
        .iter()
        .map(|p| {
            p.strip_prefix(repo())
                .expect("inside the repository")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let syntax_errors = files_with_syntax_errors(&relative);
    assert!(
        syntax_errors.iter().any(|p| p.contains("fixtures/syntax/")),
        "the syntax fixtures should have S-codes: {syntax_errors:?}"
    );
    let clean: Vec<&String> = relative
        .iter()
        .filter(|p| !syntax_errors.contains(*p))
        .collect();
    assert!(clean.len() >= 100, "only {} files to parse", clean.len());

    let list = tempfile::NamedTempFile::new().expect("temp file");
    let absolute: Vec<String> = clean
        .iter()
        .map(|p| repo().join(p).to_string_lossy().into_owned())
        .collect();
    std::fs::write(list.path(), absolute.join("\n")).expect("write the path list");
    let output = tree_sitter(
        &grammar_dir(),
        &[
            "parse",
            "--quiet",
            "--json-summary",
            "--paths",
            list.path().to_str().expect("UTF-8 temp path"),
        ],
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let json = &stdout[stdout.find('{').unwrap_or(0)..];
    let summary: serde_json::Value = serde_json::from_str(json)
        .unwrap_or_else(|e| panic!("tree-sitter parse summary ({e}):\n{}", text(&output)));
    let parsed = summary["parse_summaries"].as_array().expect("summaries");
    assert_eq!(parsed.len(), clean.len(), "{}", text(&output));
    let failed: Vec<&str> = parsed
        .iter()
        .filter(|s| s["successful"] != serde_json::Value::Bool(true))
        .filter_map(|s| s["file"].as_str())
        .collect();
    assert!(
        failed.is_empty(),
        "ERROR or MISSING nodes in files `charter check` parses:\n{}\n{}",
        failed.join("\n"),
        text(&output)
    );
}

#[test]
fn every_query_compiles() {
    let sample = repo().join("stdlib-specs/examples/orm_migration.charter");
    let mut queries: Vec<PathBuf> = std::fs::read_dir(grammar_dir().join("queries"))
        .expect("queries directory")
        .map(|e| e.expect("entry").path())
        .collect();
    queries.sort();
    let names: Vec<String> = queries
        .iter()
        .map(|q| q.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for expected in ["highlights.scm", "locals.scm", "folds.scm", "indents.scm"] {
        assert!(names.iter().any(|n| n == expected), "{expected} missing");
    }
    for query in &queries {
        let output = tree_sitter(
            &grammar_dir(),
            &[
                "query",
                query.to_str().expect("UTF-8 path"),
                sample.to_str().expect("UTF-8 path"),
            ],
        );
        assert!(
            output.status.success() && output.stdout.windows(8).any(|w| w == b"capture:"),
            "{} does not compile or captures nothing:\n{}",
            query.display(),
            text(&output)
        );
    }
}

#[test]
fn committed_parser_is_generated_from_grammar_js() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let copy = scratch.path().join("tree-sitter-charter");
    std::fs::create_dir_all(copy.join("src")).expect("mkdir");
    for file in ["grammar.js", "tree-sitter.json"] {
        std::fs::copy(grammar_dir().join(file), copy.join(file)).expect("copy");
    }
    let output = tree_sitter(&copy, &["generate"]);
    assert!(
        output.status.success(),
        "tree-sitter generate:\n{}",
        text(&output)
    );
    for generated in [
        "src/parser.c",
        "src/grammar.json",
        "src/node-types.json",
        "src/tree_sitter/parser.h",
    ] {
        let fresh = std::fs::read_to_string(copy.join(generated)).expect("generated");
        let committed = std::fs::read_to_string(grammar_dir().join(generated)).expect("committed");
        assert!(
            fresh == committed,
            "{generated} is stale: run `tree-sitter generate` in grammar/tree-sitter-charter"
        );
    }
}
