//! The S- and E-codes' `explain` pages: each has the four sections, its
//! example reports the code and its fixed example checks without an error.
//! Examples are checked as files of their own workspace (so an import that
//! leaves it is an import that leaves it); `\xFF` in S001's example stands
//! for that byte, which a page cannot hold.

use charter::check::check_file;
use charter::db::Database;

fn code_blocks(doc: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in doc.lines() {
        match (&mut current, line.trim_start().starts_with("```")) {
            (None, true) => current = Some(String::new()),
            (Some(_), true) => blocks.push(current.take().unwrap_or_default()),
            (Some(block), false) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, false) => {}
        }
    }
    blocks
}

/// The codes an example reports, and whether any of them is an error.
fn check(text: &str) -> (Vec<String>, Vec<String>) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let root = dir.path().join("repo");
    std::fs::create_dir_all(root.join(".git")).expect("root marker");
    std::fs::write(dir.path().join("outside.charter"), "").expect("outside file");
    let path = root.join("example.charter");
    let bytes: Vec<u8> = text
        .replace("\\xFF", "\u{0}")
        .bytes()
        .map(|b| if b == 0 { 0xFF } else { b })
        .collect();
    std::fs::write(&path, bytes).expect("example file");
    let db = Database::new();
    let file = db.file(&path);
    let diagnostics = check_file(&db, file);
    let codes = diagnostics.iter().map(|d| d.code().to_owned()).collect();
    let errors = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{} {}", d.code(), d.message))
        .collect();
    (codes, errors)
}

#[test]
fn every_syntax_and_meaning_page_has_examples_that_behave() {
    let mut failures = Vec::new();
    for rule in charter::diagnostics::rules::ALL {
        for section in [
            "## What it does",
            "## Why it matters",
            "## Example",
            "## Fixed example",
        ] {
            if !rule.doc.contains(section) {
                failures.push(format!("{}: the page has no `{section}`", rule.code));
            }
        }
        let blocks = code_blocks(rule.doc);
        let [fires, fixed] = blocks.as_slice() else {
            failures.push(format!(
                "{}: the page must hold exactly two examples",
                rule.code
            ));
            continue;
        };
        let (codes, _) = check(fires);
        if !codes.iter().any(|c| c == rule.code) {
            failures.push(format!("{}: the example reports {codes:?}", rule.code));
        }
        let (_, errors) = check(fixed);
        if !errors.is_empty() {
            failures.push(format!(
                "{}: the fixed example has errors {errors:?}",
                rule.code
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn explain_prints_the_page_by_code_and_by_name() {
    let run = |arg: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_charter"))
            .args(["explain", arg])
            .output()
            .expect("charter runs")
    };
    for rule in charter::diagnostics::rules::ALL {
        let by_code = run(rule.code);
        assert_eq!(by_code.status.code(), Some(0), "{}", rule.code);
        assert_eq!(by_code.stdout, run(rule.name).stdout, "{}", rule.code);
        assert!(String::from_utf8_lossy(&by_code.stdout).contains("## Fixed example"));
    }
}
