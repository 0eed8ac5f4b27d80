//! What every front door (the command line, the language server, the MCP
//! server) does the same way: find and read the files it was given, name
//! them, load one spec with its imports, write a new spec. The front doors
//! stand on this module and never on each other.

pub mod files;
pub mod new_spec;
pub mod spec;
pub mod stdio;

/// Exit statuses, shared by every command: no error-level finding; findings
/// at error level; a usage or I/O error.
pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
