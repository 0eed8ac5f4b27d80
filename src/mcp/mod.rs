//! `charter mcp`: a Model Context Protocol server on stdio (the official Rust
//! SDK, `rmcp`), so coding agents can check, explain, format, build and draw
//! the specs they write, exactly as a person does in an editor.
//!
//! Each tool is a module with its arguments (whose JSON Schema is the tool's
//! input schema) and a function from arguments to an answer. Answers that
//! carry findings carry them as `--format json` does (`answer::diagnostics`
//! reuses that renderer). Arguments that do not match the schema, a missing
//! file or a spec with errors are tool errors (`isError: true`) the agent can
//! read and act on; nothing an agent sends ends the server.

mod answer;
mod build;
mod check;
mod explain;
mod format;
mod graph;
mod init;
mod server;

use crate::workspace::{EXIT_OK, EXIT_USAGE};

/// Serves until the client closes stdin. Logs go to stderr: stdout is the protocol.
pub fn run() -> u8 {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the MCP server: {e}");
            return EXIT_USAGE;
        }
    };
    match runtime.block_on(server::serve_stdio()) {
        Ok(()) => EXIT_OK,
        Err(message) => {
            eprintln!("error: {message}");
            EXIT_USAGE
        }
    }
}
