//! Every lint's documentation page has the shape `charter explain` promises
//! (What it does / Why it matters / Example / Fixed example), and its two
//! examples are tests: the first fires the lint, the second does not.

use charter::check::check_file;
use charter::db::{Database, Origin};

fn code_blocks(doc: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in doc.lines() {
        match (&mut current, line.trim_start().starts_with("```")) {
            (None, true) => current = Some(String::new()),
            (Some(block), true) => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            (Some(block), false) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, false) => {}
        }
    }
    blocks
}

#[test]
fn every_page_has_the_sections_and_its_examples_behave() {
    let mut failures = Vec::new();
    for lint in charter::lints::LINTS {
        let rule = lint.rule;
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
                "{}: the page must hold exactly two examples, found {}",
                rule.code,
                blocks.len()
            ));
            continue;
        };
        for (text, should_fire) in [(fires, true), (fixed, false)] {
            let mut db = Database::new();
            // Off-by-default lints are documented as they behave when turned on.
            let mut config = charter::config::Config::default();
            config
                .levels
                .insert(rule.code.to_owned(), charter::config::Level::Warn);
            db.set_config(None, config);
            let file = db.add_file("example.charter", text.as_bytes(), Origin::User);
            let diagnostics = check_file(&db, file);
            let fired = diagnostics.iter().any(|d| d.code() == rule.code);
            let errors: Vec<_> = diagnostics
                .iter()
                .filter(|d| d.is_error() && d.code() != rule.code)
                .map(|d| d.message.clone())
                .collect();
            if fired != should_fire {
                failures.push(format!(
                    "{}: the {} example {}",
                    rule.code,
                    if should_fire { "firing" } else { "fixed" },
                    if fired { "fires" } else { "does not fire" }
                ));
            }
            if !errors.is_empty() {
                failures.push(format!(
                    "{}: an example has other errors: {errors:?}",
                    rule.code
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn explain_prints_the_same_page_by_code_and_by_name() {
    let run = |arg: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_charter"))
            .args(["explain", arg])
            .output()
            .expect("charter runs")
    };
    for lint in charter::lints::LINTS {
        let by_code = run(lint.rule.code);
        let by_name = run(lint.rule.name);
        assert_eq!(by_code.status.code(), Some(0));
        assert_eq!(by_code.stdout, by_name.stdout, "{}", lint.rule.code);
        assert!(String::from_utf8_lossy(&by_code.stdout).contains("## Fixed example"));
    }
}
