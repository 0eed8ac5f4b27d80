//! Charter: compiler, linter and language server for engineering specifications
//! that AI coding agents execute.
//!
//! The layers depend on each other in one direction only, from the ground up
//! (`tests/it/layering.rs` fails when a module imports one of a higher layer):
//!
//! - `analysis`: pure algorithms (globs, task graph, quantities, semver);
//! - `text`: file ids, byte spans, line indexes;
//! - `diagnostics`: the one diagnostic type, the rule table as data, renderers;
//! - `syntax`: lexer, parser, tree;
//! - `config`: `charter.toml`;
//! - `db`: the salsa inputs (files with a status, settings per workspace root)
//!   and the `System` they are read through;
//! - `semantic`: parsing, modules, templates, the typed model, the schedule (queries);
//! - `lints`: one file per rule, registered against the rule table;
//! - `check`: levels and waivers, what a front door asks for;
//! - `plan`, `fmt`, `baseline`: products of the model;
//! - `guard`, `export`: a plan checked against a change, or handed to an engine;
//! - `run`: the reference runner;
//! - `workspace`: what every front door does the same way;
//! - `lsp`, `mcp`: the servers, front doors for editors and agents.
//!
//! The command line is not part of this library: it lives in the binary
//! crate (`src/main.rs`, `src/cli/`), above every layer, so the library and
//! whatever links it (the integration tests, the fuzz targets) carry no clap
//! code.

pub mod analysis;
pub mod baseline;
pub mod check;
pub mod config;
pub mod db;
pub mod diagnostics;
pub mod export;
pub mod fmt;
pub mod guard;
pub mod lints;
pub mod lsp;
pub mod mcp;
pub mod plan;
pub mod run;
pub mod semantic;
pub mod syntax;
pub mod text;
pub mod workspace;
