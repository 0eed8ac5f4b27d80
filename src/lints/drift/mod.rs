//! D — drift: lints that compare a spec, or a change, with the repository
//! as it is. They need more than the spec (`check --root DIR`, or `charter
//! guard`), so they are not in [`super::LINTS`], which runs on a spec alone;
//! [`RULES`] lists them for the registry.

use crate::diagnostics::Rule;

pub mod d003_unowned_change;

/// The drift rules, in code order.
pub static RULES: &[&Rule] = &[&d003_unowned_change::RULE];
