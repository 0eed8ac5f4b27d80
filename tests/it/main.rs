//! The integration tests: one crate, so one test binary to compile and link
//! (`cargo test --test it`), instead of one per file. Each file is a module;
//! run one file's tests with a filter on its module path, e.g.
//! `cargo test --test it realworld:: -- --nocapture`.
//!
//! The tests run as threads of one process, so nothing here may change
//! process-wide state (the environment, the working directory, the umask):
//! a child process gets its own with `Command::env`/`current_dir`. Tests that
//! share something outside the process take a lock in `support`.
//!
//! Data stays beside the crate in `tests/`: fixtures, the real-world corpus,
//! the LSP, MCP and Neovim harnesses. Snapshots are in `tests/it/snapshots/`
//! (named `it__MODULE__NAME` by insta); proptest keeps its regression seeds in
//! `tests/proptest-regressions/MODULE.txt`, its place for a crate with a
//! `main.rs`.

mod plan_support;
mod support;

mod bench_smoke;
mod binary_link;
mod cli_build;
mod cli_check;
mod cli_ci;
mod cli_fix;
mod cli_init;
mod conflicts_props;
mod conflicts_scale;
mod cross_spec;
mod diagnostics;
mod drift;
mod explain_pages;
mod export;
mod fmt;
mod fmt_meaning;
mod github_action;
mod glob_props;
mod glob_wildmatch;
mod grammar_sync;
mod guard;
mod helix_config;
mod help_code;
mod hostile;
mod hostile_files;
mod layering;
mod lint_docs;
mod lsp_differential;
mod lsp_stdio;
mod mcp_server;
mod neovim;
mod parallel_output;
mod parse_props;
mod plan_additions;
mod plan_compile;
mod plan_graph;
mod plan_props;
mod pre_commit;
mod realworld;
mod run;
mod sarif;
mod semantic;
mod syntax_snapshots;
mod tree_sitter_grammar;
mod vague_props;
mod vscode_snippets;
