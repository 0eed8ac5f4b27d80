//! Any spec that checks without errors compiles to a plan that is valid
//! JSON with the plan's required fields, and compiling it again gives the
//! same bytes (plans are deterministic).
#![no_main]

use charter::check::check_file;
use charter::db::{Database, Origin};
use charter::plan::PlanSources;
use charter::semantic::schedule::Schedule;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let db = Database::new();
    let file = db.add_file("fuzz.charter", data, Origin::User);
    if check_file(&db, file).iter().any(|d| d.is_error()) {
        return;
    }
    let mut sources = PlanSources::new();
    sources.add(
        file.id(&db),
        "fuzz.charter",
        String::from_utf8_lossy(data),
    );
    for spec in &charter::semantic::analyse(&db, file).specs {
        let schedule = Schedule::of(spec);
        let first = charter::plan::to_json(&charter::plan::compile(spec, &schedule, &sources));
        let again =
            charter::plan::to_json(&charter::plan::compile(spec, &Schedule::of(spec), &sources));
        assert_eq!(first, again, "the plan is not deterministic");
        let plan: serde_json::Value = serde_json::from_str(&first).expect("the plan is JSON");
        for field in ["format", "spec", "tasks", "stages"] {
            assert!(plan.get(field).is_some(), "no `{field}` in {first}");
        }
        // Every task is in exactly one stage, and stages name only tasks.
        let ids: Vec<&str> = plan["tasks"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|t| t["id"].as_str())
            .collect();
        let mut staged: Vec<&str> = plan["stages"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|s| s.as_array().into_iter().flatten())
            .filter_map(|t| t.as_str())
            .collect();
        staged.sort_unstable();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        if schedule.stages.is_ok() {
            assert_eq!(staged, sorted, "stages and tasks disagree in {first}");
        }
    }
});
