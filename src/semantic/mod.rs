//! The semantic model: syntax trees → typed specs, as salsa queries.

pub mod model;
pub mod suggest;
pub mod table;
pub mod typecheck;
pub mod schedule;
