//! `charter build`, `graph` and `schema` through the binary: the plans of
//! the reference example and of every bundled example, validated against
//! the schema by an independent validator, deterministic, and never written
//! while errors stand.

use crate::plan_support;
use crate::support;

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn build(spec: &Path, dir: &Path) -> String {
    let out = support::charter(&["build", spec.to_str().expect("UTF-8 path")], dir);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("the plan is UTF-8")
}

const EXAMPLE: &str = "tests/fixtures/language-example/specs/orm_migration.charter";

#[test]
fn the_reference_example_builds_a_valid_plan_with_two_stages() {
    let plan = build(Path::new(EXAMPLE), &root());
    plan_support::assert_valid_plan(&plan);
    let json: serde_json::Value = serde_json::from_str(&plan).unwrap();
    assert_eq!(
        json["stages"],
        serde_json::json!([["data_layer.port_models"], ["queries.port_queries"]])
    );
    assert_eq!(
        json["spec"]["extends"],
        serde_json::json!(["std::refactor"])
    );
    let sources: Vec<&str> = json["spec"]["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        sources,
        [
            "org/security.charter",
            "specs/orm_migration.charter",
            "std/refactor.charter"
        ]
    );
}

#[test]
fn every_bundled_example_builds_and_is_snapshotted() {
    let dir = root().join("stdlib-specs/examples");
    let mut examples: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    examples.sort();
    assert!(examples.len() >= 8);
    for example in examples {
        let plan = build(&example, &root());
        plan_support::assert_valid_plan(&plan);
        let name = example.file_stem().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(format!("plan_{name}"), plan);
    }
}

#[test]
fn plans_are_byte_identical_across_runs_and_working_directories() {
    let first = build(Path::new(EXAMPLE), &root());
    let again = build(Path::new(EXAMPLE), &root());
    assert_eq!(first, again);
    let from_inside = build(
        Path::new("orm_migration.charter"),
        &root().join("tests/fixtures/language-example/specs"),
    );
    assert_eq!(
        first, from_inside,
        "source paths are relative to the workspace root, not the cwd"
    );
    let absolute = build(&root().join(EXAMPLE), Path::new("/"));
    assert_eq!(first, absolute);
    assert!(
        !first.contains(env!("CARGO_MANIFEST_DIR")),
        "no absolute path leaks into the plan"
    );
}

#[test]
fn plans_do_not_depend_on_directory_listing_order() {
    // The same workspace written in two different orders builds the same plan.
    let make = |order: &[usize]| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("charter.toml"), "").unwrap();
        let files = [
            ("a.charter", "template base {\n    autonomy paired\n}\n"),
            ("b.charter", "template other {\n    autonomy paired\n}\n"),
            (
                "main.charter",
                "use \"b.charter\"\nuse \"a.charter\"\n\nspec s extends base {\n    intent {\n        outcome \"The report lists every order\"\n        success listed \"Every order appears in the report\" by test.report\n    }\n    verify { test report \"cargo test report\" }\n    agent w {\n        write \"src/**\"\n        task t { goal \"The report lists every order\" }\n    }\n}\n",
            ),
        ];
        for &i in order {
            std::fs::write(dir.path().join(files[i].0), files[i].1).unwrap();
        }
        let plan = build(Path::new("main.charter"), dir.path());
        (dir, plan)
    };
    let (_a, one) = make(&[0, 1, 2]);
    let (_b, two) = make(&[2, 1, 0]);
    assert_eq!(one, two);
}

#[test]
fn a_spec_with_errors_does_not_build_and_leaves_the_output_untouched() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("charter.toml"), "").unwrap();
    std::fs::write(
        dir.path().join("bad.charter"),
        "spec s {\n    agent a { task t { after b.missing } }\n}\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("plan.json"), "previous plan").unwrap();
    let out = support::charter(&["build", "bad.charter", "-o", "plan.json"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("was not built"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("plan.json")).unwrap(),
        "previous plan"
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        3,
        "no temporary file is left behind: {leftovers:?}"
    );
}

#[test]
fn output_files_are_written_whole() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("plan.json");
    std::fs::write(&target, "old").unwrap();
    let out = support::charter(
        &[
            "build",
            &root().join(EXAMPLE).to_string_lossy(),
            "-o",
            &target.to_string_lossy(),
        ],
        dir.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        build(Path::new(EXAMPLE), &root())
    );
}

#[test]
fn build_refuses_directories_and_missing_files() {
    assert_eq!(
        support::charter(&["build", "stdlib-specs"], &root())
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        support::charter(&["build", "missing.charter"], &root())
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn graph_draws_mermaid_and_dot() {
    let mermaid = support::charter(&["graph", EXAMPLE], &root());
    assert_eq!(mermaid.status.code(), Some(0));
    insta::assert_snapshot!("graph_mermaid", String::from_utf8_lossy(&mermaid.stdout));
    let dot = support::charter(&["graph", EXAMPLE, "--format", "dot"], &root());
    assert_eq!(dot.status.code(), Some(0));
    insta::assert_snapshot!("graph_dot", String::from_utf8_lossy(&dot.stdout));
}

#[test]
fn schema_plan_prints_the_schema_file() {
    let out = support::charter(&["schema", "plan"], &root());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        std::fs::read_to_string(root().join("schema/plan.schema.json")).unwrap()
    );
}

#[test]
fn plans_do_not_depend_on_threads() {
    // Builds run in parallel — processes at once, and the library on several
    // threads of one process — give the bytes of a lone build.
    let expected = build(Path::new(EXAMPLE), &root());
    let children: Vec<_> = (0..4)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_charter"))
                .args(["build", EXAMPLE])
                .current_dir(root())
                .stdout(std::process::Stdio::piped())
                .spawn()
                .expect("charter starts")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(String::from_utf8(out.stdout).unwrap(), expected);
    }
    let path = root().join(EXAMPLE);
    let compile = move || {
        let db = charter::db::Database::new();
        let file = db.file(&path);
        let spec = charter::semantic::analyse(&db, file).specs[0].clone();
        let schedule = charter::semantic::schedule::Schedule::of(&spec);
        let plan = charter::plan::compile(&spec, &schedule, &charter::plan::PlanSources::new());
        charter::plan::to_json(&plan)
    };
    let alone = compile();
    let threads: Vec<_> = (0..4)
        .map(|_| std::thread::spawn(compile.clone()))
        .collect();
    for thread in threads {
        assert_eq!(thread.join().unwrap(), alone);
    }
}

#[test]
fn graph_highlights_conflicting_tasks() {
    let fixture = "tests/fixtures/diagnostics/C001_fires.charter";
    let out = support::charter(&["graph", fixture], &root());
    assert_eq!(
        out.status.code(),
        Some(0),
        "a graph is drawn even while errors stand"
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("conflict"), "{text}");
    insta::assert_snapshot!("graph_conflict", text);
}
