//! The guard: which files a change touched, and which of them lie outside a
//! task's write scope (D003).
//!
//! Two halves that know nothing of each other:
//! - [`changes`] lists the paths a change touched, with git (`--base REV`,
//!   `--staged`) or from a list (stdin). Every rename counts on both sides,
//!   deletions count, and an untracked file in a new folder is listed as the
//!   file, never collapsed into its folder.
//! - [`scope`] is the pure judgement: given a task's `write.allow` and
//!   `write.deny` globs (git wildmatch, as in the plan) and the changed
//!   paths, the violations.
//!
//! `charter guard` and the runner both stand on these two functions, so a
//! change is judged the same way wherever it is judged.

pub mod changes;
pub mod scope;

pub use changes::{Change, ChangeKind, ChangeSource, GuardError, RepoPath, list_changes};
pub use scope::{Reason, Violation, WriteScope, violations};
