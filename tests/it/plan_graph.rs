//! `charter graph`'s drawings: Mermaid and DOT snapshots of the example and
//! of a spec with concurrent tasks, conflicts and a task-less agent.

use crate::plan_support;

use charter::plan;
use charter::semantic::schedule::Schedule;
use plan_support::*;

#[test]
fn the_example_as_mermaid() {
    let spec = example();
    insta::assert_snapshot!(
        "example_mermaid",
        plan::mermaid(&spec, &Schedule::of(&spec), &[])
    );
}

#[test]
fn the_example_as_dot() {
    let spec = example();
    insta::assert_snapshot!("example_dot", plan::dot(&spec, &Schedule::of(&spec), &[]));
}

/// `core.first` and `docs.write_docs` are concurrent (both stage 1); the
/// pair is given twice and reversed, plus junk, to show normalisation.
const CONFLICTS: &[(usize, usize)] = &[(2, 0), (0, 2), (1, 1), (0, 99)];

#[test]
fn conflicts_as_mermaid() {
    let spec = edge_spec();
    insta::assert_snapshot!(
        "edge_mermaid",
        plan::mermaid(&spec, &Schedule::of(&spec), CONFLICTS)
    );
}

#[test]
fn conflicts_as_dot() {
    let spec = edge_spec();
    insta::assert_snapshot!(
        "edge_dot",
        plan::dot(&spec, &Schedule::of(&spec), CONFLICTS)
    );
}

#[test]
fn drawings_are_deterministic_and_name_every_task() {
    let spec = edge_spec();
    let schedule = Schedule::of(&spec);
    assert_eq!(
        plan::mermaid(&spec, &schedule, CONFLICTS),
        plan::mermaid(&spec, &schedule, &[(0, 2)])
    );
    let dot = plan::dot(&spec, &schedule, CONFLICTS);
    assert_eq!(dot, plan::dot(&spec, &schedule, &[(0, 2)]));
    for name in ["first", "second", "write_docs"] {
        assert!(dot.contains(name), "{name}");
    }
}
