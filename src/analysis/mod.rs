//! Pure analyses with no knowledge of Charter's syntax: each module owns one
//! algorithm and its own unit and property tests.

pub mod glob;
pub mod graph;
pub mod interval;
pub mod quantity;
pub mod semver_range;
