//! Charter: compiler, linter and language server for engineering specifications
//! that AI coding agents execute.
//!
//! The layers depend on each other in one direction only:
//! `syntax` (lexer, parser, tree) → `db` (salsa queries) → semantic model →
//! lints → plan; `diagnostics` is the one error type every layer returns, and
//! `analysis` holds the pure algorithms (globs, task graph, quantities) the
//! lints stand on.

pub mod analysis;
pub mod cli;
pub mod db;
pub mod semantic;
pub mod diagnostics;
pub mod plan;
pub mod syntax;
