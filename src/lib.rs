//! Charter: compiler, linter and language server for engineering specifications
//! that AI coding agents execute.
//!
//! The layers depend on each other in one direction only:
//! `syntax` (lexer, parser, tree) → `db` (salsa queries) → `semantic` (typed
//! model) → `lints` → `plan`; `diagnostics` is the one error type every layer
//! returns, `registry` the one table of rules, and `analysis` holds the pure
//! algorithms (globs, task graph, quantities) the lints stand on.

pub mod analysis;
pub mod cli;
pub mod config;
pub mod db;
pub mod diagnostics;
pub mod fmt;
pub mod lints;
pub mod mcp;
pub mod plan;
pub mod registry;
pub mod semantic;
pub mod syntax;
