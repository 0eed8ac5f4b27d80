//! The plan's additions within `charter.plan/v1`: `lock` → `tasks[].locks`,
//! `before pass|fail` → `checks[].before`, `status` → `spec.status`, and
//! `sources[].embedded`; and the schema's promise that a v1 plan with
//! fields added later still validates.

use crate::plan_support;
use crate::support;

use std::path::Path;

const SPEC: &str = r#"use std::refactor

spec locked extends refactor {
    title   "Two agents share a test database"
    status  draft
    owner   "@team"
    autonomy autonomous

    intent {
        outcome "The orders API answers version 2 requests"
        success v2 "Version 2 requests are answered" by test.api_v2
    }
    boundaries { write "src/**", "tests/**" }
    verify {
        test api_v2 "cargo test api_v2" before fail
        test suite  "cargo test" before pass timeout 5m
        check lint  "cargo clippy"
    }
    agent api {
        write "src/api/**"
        lock  "postgres:test"
        task add_v2 { goal "Serve version 2 of the orders API"; verify test.api_v2; lock "port:3000", "postgres:test" }
    }
    agent tests {
        write "tests/**"
        task cover_v2 { goal "Version 2 has integration tests"; verify test.suite }
        task cover_errors { goal "Error responses have integration tests"; verify check.lint }
    }
    governance { audit "audit/locked.jsonl"; rollback "git revert --no-edit {commit}"; trace required }
}
"#;

fn build(dir: &Path) -> serde_json::Value {
    std::fs::write(dir.join("locked.charter"), SPEC).unwrap();
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    let out = support::charter(&["build", "locked.charter"], dir);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    plan_support::assert_valid_plan(&text);
    serde_json::from_str(&text).unwrap()
}

#[test]
fn lock_before_and_status_reach_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let plan = build(dir.path());
    assert_eq!(plan["spec"]["status"], "draft");
    let task = |id: &str| {
        plan["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id)
            .unwrap_or_else(|| panic!("no task {id}"))
            .clone()
    };
    // The agent's lock and the task's own, sorted, each once.
    assert_eq!(
        task("api.add_v2")["locks"],
        serde_json::json!(["port:3000", "postgres:test"])
    );
    assert_eq!(task("tests.cover_v2")["locks"], serde_json::json!([]));
    let before: Vec<(String, serde_json::Value)> = plan["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_str().unwrap().to_string(), c["before"].clone()))
        .collect();
    assert_eq!(
        before,
        [
            ("test.api_v2".to_string(), serde_json::json!("fail")),
            ("test.suite".to_string(), serde_json::json!("pass")),
            ("check.lint".to_string(), serde_json::Value::Null),
        ]
    );
    let embedded: Vec<(String, bool)> = plan["spec"]["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap().to_string(),
                s["embedded"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        embedded,
        [
            ("locked.charter".to_string(), false),
            ("std/refactor.charter".to_string(), true),
        ]
    );
}

#[test]
fn status_defaults_to_active() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("locked.charter"),
        SPEC.replace("    status  draft\n", ""),
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    let out = support::charter(&["build", "locked.charter"], dir.path());
    let plan: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan["spec"]["status"], "active");
}

#[test]
fn a_wrong_before_or_status_word_is_a_type_error() {
    let dir = tempfile::tempdir().unwrap();
    let bad = SPEC
        .replace("before fail", "before red")
        .replace("status  draft", "status  finished");
    std::fs::write(dir.path().join("bad.charter"), bad).unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    let out = support::charter(&["check", "--format", "json", "bad.charter"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let messages: Vec<String> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "E003")
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages.iter().any(|m| m.contains("`pass`, `fail`")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`draft`, `active`, `done`")),
        "{messages:?}"
    );
}

/// Acceptance 6 of issue 13 (and issue 12, defect 5): within v1 fields are
/// only added, so a plan carrying keys this compiler does not know, at
/// every level, still validates against `charter schema plan`.
#[test]
fn a_v1_plan_with_added_fields_still_validates() {
    let dir = tempfile::tempdir().unwrap();
    let mut plan = build(dir.path());
    let added = serde_json::json!({"from": "a later compiler"});
    plan["added_later"] = added.clone();
    plan["compiler"]["added_later"] = added.clone();
    plan["spec"]["added_later"] = added.clone();
    plan["spec"]["sources"][0]["added_later"] = added.clone();
    plan["spec"]["source"]["added_later"] = added.clone();
    plan["intent"]["added_later"] = added.clone();
    plan["intent"]["success"][0]["added_later"] = added.clone();
    plan["boundaries"]["write"]["added_later"] = added.clone();
    plan["checks"][0]["added_later"] = added.clone();
    plan["tasks"][0]["added_later"] = added.clone();
    plan["tasks"][0]["write"]["added_later"] = added.clone();
    plan["governance"]["added_later"] = added.clone();
    plan["governance"]["rollback"]["added_later"] = added.clone();

    let schema = support::charter(&["schema", "plan"], dir.path());
    assert_eq!(schema.status.code(), Some(0));
    let schema_path = dir.path().join("schema.json");
    std::fs::write(&schema_path, &schema.stdout).unwrap();
    let plan_path = dir.path().join("plan.json");
    std::fs::write(&plan_path, serde_json::to_string_pretty(&plan).unwrap()).unwrap();
    support::python_check(
        r#"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
errors = list(jsonschema.Draft202012Validator(schema).iter_errors(json.load(open(sys.argv[2]))))
for e in errors: print(e.message, list(e.path))
sys.exit(1 if errors else 0)
"#,
        &[&schema_path, &plan_path],
        "a plan with added fields does not validate",
    );
    // And the schema still rejects a plan that breaks it, so the check above can fail.
    plan["tasks"][0]["locks"] = serde_json::json!("not a list");
    std::fs::write(&plan_path, serde_json::to_string(&plan).unwrap()).unwrap();
    let status = std::process::Command::new("python3")
        .args(["-c", "import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))"])
        .arg(&schema_path)
        .arg(&plan_path)
        .output()
        .unwrap();
    assert!(!status.status.success());
}
