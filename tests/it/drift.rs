//! The drift lints (`check --root DIR`): D001 glob-matches-nothing and D002
//! missing-artifact. Each has a firing and a clean fixture repository under
//! `fixtures/drift/CODE_fires|clean/` (snapshotted), `.gitignore` is
//! honoured, and each documentation page's examples behave as they say
//! against the repository the page describes.

use crate::support;

use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// `charter check --root drift/NAME drift/NAME` from the fixtures folder.
fn check_fixture(name: &str) -> (String, i32) {
    let dir = format!("drift/{name}");
    let out = support::charter(&["check", "--root", &dir, &dir], &fixtures());
    (
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap(),
    )
}

#[test]
fn fixtures_fire_and_stay_clean_with_snapshots() {
    // An ignored file is no match: `generated/` exists but `.gitignore`
    // leaves it out (it cannot be committed as a fixture, so it is made here).
    let generated = fixtures().join("drift/D001_fires/generated");
    std::fs::create_dir_all(&generated).unwrap();
    std::fs::write(generated.join("schema.rs"), "// generated\n").unwrap();

    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("snapshots/drift");
    settings.set_prepend_module_to_snapshot(false);
    let _guard = settings.bind_to_scope();
    for code in ["D001", "D002"] {
        let (fires, status) = check_fixture(&format!("{code}_fires"));
        assert!(fires.contains(&format!("[{code} ")), "{fires}");
        assert_eq!(status, 0, "drift findings are warnings: {fires}");
        insta::assert_snapshot!(format!("{code}_fires"), fires);
        let (clean, status) = check_fixture(&format!("{code}_clean"));
        assert_eq!(clean, "checked 1 file: no problems found\n");
        assert_eq!(status, 0);
    }
    let (fires, _) = check_fixture("D001_fires");
    assert!(fires.contains("`generated/**` matches no file"), "{fires}");
    assert!(!fires.contains("docs/adr"), "the waiver holds: {fires}");
    assert!(
        fires.contains("write `src/db/**`"),
        "a folder named without `/**` gets a help: {fires}"
    );
}

#[test]
fn without_root_no_drift_lint_runs_and_a_drift_waiver_is_not_unused() {
    let out = support::charter(&["check", "drift/D001_fires"], &fixtures());
    let text = String::from_utf8_lossy(&out.stderr);
    assert_eq!(text, "checked 1 file: no problems found\n");
}

#[test]
fn a_missing_root_is_a_usage_error() {
    let out = support::charter(
        &["check", "--root", "drift/nope", "drift/D001_clean"],
        &fixtures(),
    );
    assert_eq!(out.status.code(), Some(2));
}

/// The code blocks of a page.
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
fn every_drift_page_has_the_sections_and_its_examples_behave() {
    // The repository the pages describe.
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    for file in [
        "src/db/models.rs",
        "src/api/routes.rs",
        "src/api/order.schema.json",
        "src/billing/lib.rs",
    ] {
        std::fs::create_dir_all(root.join(file).parent().unwrap()).unwrap();
        std::fs::write(root.join(file), "x\n").unwrap();
    }
    std::fs::write(root.join("charter.toml"), "").unwrap();
    for rule in charter::lints::drift::RULES {
        for section in [
            "## What it does",
            "## Why it matters",
            "## Example",
            "## Fixed example",
        ] {
            assert!(rule.doc.contains(section), "{}: no `{section}`", rule.code);
        }
        let page = support::charter(&["explain", rule.code], root);
        assert_eq!(page.status.code(), Some(0));
        assert!(String::from_utf8_lossy(&page.stdout).contains(rule.name));
        if rule.code == "D003" {
            continue; // `charter guard`'s finding: tests/it/guard.rs runs it.
        }
        let blocks: Vec<String> = code_blocks(rule.doc)
            .into_iter()
            .filter(|b| b.contains("spec "))
            .collect();
        let [fires, fixed] = blocks.as_slice() else {
            panic!("{}: two spec examples expected", rule.code);
        };
        for (text, should_fire) in [(fires, true), (fixed, false)] {
            std::fs::write(root.join("spec.charter"), text).unwrap();
            let out = support::charter(
                &["check", "--root", ".", "--format", "json", "spec.charter"],
                root,
            );
            let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            let codes: Vec<&str> = json["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| d["code"].as_str().unwrap())
                .collect();
            assert_eq!(
                codes.contains(&rule.code),
                should_fire,
                "{} {}: {codes:?}",
                rule.code,
                if should_fire { "firing" } else { "fixed" }
            );
            let errors: Vec<_> = json["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| d["severity"] == "error")
                .collect();
            assert!(errors.is_empty(), "{}: {errors:?}", rule.code);
        }
    }
}
