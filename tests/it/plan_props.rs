//! Properties of the plan compiler over perturbed models: it never panics,
//! even on indices the checker would never produce, and its output depends
//! only on the model and the sources, not on the order they were given in.

use crate::plan_support;

use charter::plan::{self, PlanSources};
use charter::semantic::schedule::Schedule;
use plan_support::*;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn registration_order_never_shows(order in Just(vec![0usize, 1, 2]).prop_shuffle()) {
        let files = [
            (EXAMPLE_PATH, EXAMPLE_PATH, EXAMPLE),
            ("std/refactor.charter", "std/refactor.charter", REFACTOR),
            ("../org/security.charter", "org/security.charter", SECURITY),
        ];
        let mut sources = PlanSources::new();
        for i in order {
            let (loc, rel, text) = files[i];
            if rel.starts_with("std/") {
                sources.add_embedded(file_id(loc), rel, text);
            } else {
                sources.add(file_id(loc), rel, text);
            }
        }
        let spec = example();
        let schedule = Schedule::of(&spec);
        prop_assert_eq!(
            plan::to_json(&plan::compile(&spec, &schedule, &sources)),
            plan::to_json(&plan::compile(&spec, &schedule, &example_sources(false)))
        );
    }

    #[test]
    fn dangling_indices_never_panic(
        after in 0usize..8,
        check in 0usize..8,
        agent in 0usize..5,
        from in proptest::option::of(0usize..5),
        extra in 0usize..8,
    ) {
        let mut spec = example();
        spec.tasks[1].after[0].task = after;
        spec.tasks[1].verify[0].check = check;
        spec.tasks[0].agent = agent;
        spec.contracts[0].from = from;
        spec.agents[1].tasks.push(extra);
        let schedule = Schedule::of(&spec);
        let sources = example_sources(false);
        let once = plan::to_json(&plan::compile(&spec, &schedule, &sources));
        let twice = plan::to_json(&plan::compile(&spec, &schedule, &sources));
        prop_assert_eq!(&once, &twice);
        let conflicts = [(after, extra), (check, agent)];
        prop_assert_eq!(
            plan::mermaid(&spec, &schedule, &conflicts),
            plan::mermaid(&spec, &schedule, &conflicts)
        );
        let _ = plan::dot(&spec, &schedule, &conflicts);
    }
}
