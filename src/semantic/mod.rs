//! The semantic model: syntax trees → typed specs, as salsa queries.

pub mod model;
pub mod schedule;
