//! The plan compiler on hand-built models: the JSON snapshot (the contract
//! with runners), schema validity, scheduling and determinism.

use crate::plan_support;

use charter::plan::{self, PLAN_SCHEMA, Plan};
use charter::semantic::schedule::Schedule;
use plan_support::*;

fn compile_example() -> Plan {
    let spec = example();
    plan::compile(&spec, &Schedule::of(&spec), &example_sources(false))
}

fn compile_edge() -> Plan {
    let spec = edge_spec();
    plan::compile(&spec, &Schedule::of(&spec), &edge_sources())
}

#[test]
fn the_language_example_compiles_to_the_documented_plan() {
    let json = plan::to_json(&compile_example());
    insta::assert_snapshot!("example_plan", json);
}

#[test]
fn the_edge_spec_compiles() {
    let json = plan::to_json(&compile_edge());
    insta::assert_snapshot!("edge_plan", json);
}

#[test]
fn every_plan_validates_against_the_schema() {
    assert_valid_plan(&plan::to_json(&compile_example()));
    assert_valid_plan(&plan::to_json(&compile_edge()));
}

#[test]
fn the_schema_is_the_committed_file_and_names_every_top_level_key() {
    let schema: serde_json::Value = serde_json::from_str(PLAN_SCHEMA).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let plan: serde_json::Value = serde_json::from_str(&plan::to_json(&compile_example())).unwrap();
    // serde_json's map is ordered (BTreeMap) without `preserve_order`, so
    // compare key sets; the order is the struct's, checked by the snapshot.
    let keys = |v: &serde_json::Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&plan), keys(&schema["properties"]));
}

#[test]
fn stages_layer_the_tasks() {
    let plan = compile_example();
    assert_eq!(
        plan.stages,
        vec![
            vec!["data_layer.port_models".to_string()],
            vec!["queries.port_queries".to_string()],
        ]
    );
    let edge = compile_edge();
    assert_eq!(
        edge.stages,
        vec![
            vec!["core.first".to_string(), "docs.write_docs".to_string()],
            vec!["core.second".to_string()],
        ]
    );
}

#[test]
fn depends_on_holds_after_and_agent_order() {
    let plan = compile_example();
    assert_eq!(plan.tasks[1].depends_on, ["data_layer.port_models"]);
    assert!(plan.tasks[0].depends_on.is_empty());
    let edge = compile_edge();
    assert_eq!(edge.tasks[1].depends_on, ["core.first"], "agent order");
}

#[test]
fn scopes_checks_and_approvals_are_resolved() {
    let plan = compile_example();
    let models = &plan.tasks[0];
    assert_eq!(models.write.allow, ["src/db/models/**", "migrations/**"]);
    assert_eq!(
        models.write.deny,
        ["src/api/**", ".github/**"],
        "template duplicates removed"
    );
    assert_eq!(models.approvals.len(), 1, "writes migrations/**");
    assert!(plan.tasks[1].approvals.is_empty(), "writes queries only");
    assert_eq!(
        plan.tasks[1].checks,
        ["test.repo_parity", "test.api_snapshots"]
    );
    assert_eq!(plan.tasks[0].provides, ["order_row"]);
    assert_eq!(plan.tasks[1].consumes, ["order_row"]);

    let edge = compile_edge();
    assert_eq!(edge.tasks[0].write.allow, ["**"]);
    assert_eq!(edge.tasks[0].write.level, "repository");
    assert_eq!(edge.tasks[0].checks, ["check.lint", "coverage.cov"]);
    assert_eq!(edge.tasks[1].checks, ["check.lint"]);
    assert_eq!(edge.boundaries.write.allow, ["**"]);
    assert_eq!(edge.governance.autonomy, "paired");
    assert_eq!(edge.governance.trace, "optional");
}

#[test]
fn quantities_keep_the_written_form_and_add_the_canonical_one() {
    let json: serde_json::Value = serde_json::from_str(&plan::to_json(&compile_example())).unwrap();
    let latency = &json["boundaries"]["budgets"][0];
    assert_eq!(latency["value"], 120);
    assert_eq!(latency["unit"], "ms");
    assert_eq!(latency["value_canonical"], 120);
    assert_eq!(latency["canonical_unit"], "ms");
    let size = &json["boundaries"]["budgets"][1];
    assert_eq!(size["value_canonical"], 12_000_000);
    assert_eq!(size["canonical_unit"], "B");
    assert_eq!(json["checks"][1]["timeout_s"], 600, "10m");
    assert_eq!(json["checks"][0]["timeout_s"], 1800, "the default");
    let edge: serde_json::Value = serde_json::from_str(&plan::to_json(&compile_edge())).unwrap();
    assert_eq!(edge["checks"][0]["timeout_s"], 1.5);
    assert_eq!(edge["checks"][1]["min_percent"], 70.5);
}

#[test]
fn locations_are_root_relative_lines_and_columns() {
    let plan = compile_example();
    let task = &plan.tasks[1].source;
    assert_eq!(task.path, "specs/orm_migration.charter");
    let line = EXAMPLE.lines().nth(task.line - 1).unwrap();
    assert_eq!(&line[task.column - 1..], "task port_queries {");
    assert_eq!(plan.intent.non_goals.len(), 2);
    let paths: Vec<&str> = plan.spec.sources.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "org/security.charter",
            "specs/orm_migration.charter",
            "std/refactor.charter"
        ]
    );
    assert_eq!(
        plan.spec.sources[1].sha256,
        plan::sha256_hex(EXAMPLE.as_bytes())
    );
}

#[test]
fn compiling_twice_gives_identical_bytes() {
    let a = plan::to_json(&compile_example());
    let b = plan::to_json(&compile_example());
    assert_eq!(a, b);
    assert!(a.ends_with("}\n"));
    assert!(!a.contains("/work/"), "no absolute paths");
}

#[test]
fn source_order_does_not_depend_on_registration_order() {
    let spec = example();
    let schedule = Schedule::of(&spec);
    let forward = plan::to_json(&plan::compile(&spec, &schedule, &example_sources(false)));
    let backward = plan::to_json(&plan::compile(&spec, &schedule, &example_sources(true)));
    assert_eq!(forward, backward);
}

#[test]
fn a_cyclic_graph_yields_no_stages_and_no_panic() {
    let mut spec = example();
    let at = spec.tasks[0].loc;
    spec.tasks[0]
        .after
        .push(charter::semantic::model::TaskRef { task: 1, loc: at });
    let plan = plan::compile(&spec, &Schedule::of(&spec), &example_sources(false));
    assert!(plan.stages.is_empty());
}

#[test]
fn dangling_indices_degrade_instead_of_panicking() {
    let mut spec = example();
    spec.tasks[1].after[0].task = 99;
    spec.tasks[1].verify[0].check = 99;
    spec.contracts[0].to = Some(42);
    spec.agents[0].tasks.push(77);
    let plan = plan::compile(&spec, &Schedule::of(&spec), &plan::PlanSources::new());
    assert_eq!(plan.tasks[1].checks, ["test.api_snapshots"]);
    assert_eq!(plan.contracts[0].to, None);
    assert_eq!(plan.tasks[0].source.line, 1, "unregistered file");
    assert!(plan.stages.iter().all(|layer| !layer.is_empty()));
    assert_valid_plan(&plan::to_json(&plan));
}
