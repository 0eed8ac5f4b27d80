//! `charter lsp`: the language server.
//!
//! Synchronous `lsp-server` on stdin/stdout. [`server`] is the main loop,
//! [`session`] owns the database and the open documents (every call into
//! the database's inputs is there), [`index`] says what each file defines
//! and refers to, and each request and notification is one module under
//! [`requests`] and [`notifications`]. Positions are UTF-16, converted in
//! [`convert`].

pub mod capabilities;
pub mod context;
pub mod convert;
pub mod diagnostics;
pub mod index;
pub mod model;
pub mod notifications;
pub mod requests;
pub mod server;
pub mod session;
pub mod transport;

/// How the workspace's specs are found: the command line passes its own
/// discovery (`charter check`'s rules), so this module does not import the
/// command line that starts it.
pub type Discover = fn(&[std::path::PathBuf]) -> (Vec<std::path::PathBuf>, Vec<String>);

/// Runs the server on stdin/stdout; returns the process exit code.
pub fn run(discover: Discover) -> u8 {
    server::run_stdio(discover)
}
