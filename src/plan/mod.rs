//! The plan: what `charter build` emits for a runner, and the task graph
//! `charter graph` draws for people.
//!
//! [`compile`] is a pure function of the semantic model; the JSON's shape is
//! documented by [`PLAN_SCHEMA`] (`schema/plan.schema.json`), which the tests
//! validate every produced plan against with an independent validator.

pub mod compile;
pub mod graph;
pub mod input;
pub mod types;

pub use compile::{PlanSources, SourceInfo, compile, sha256_hex, to_json};
pub use graph::{dot, mermaid};
pub use types::Plan;

/// The plan's JSON Schema (draft 2020-12), for `charter schema plan`.
pub const PLAN_SCHEMA: &str = include_str!("../../schema/plan.schema.json");
