//! D — drift: lints that compare a spec, or a change, with the repository
//! as it is. They need more than the spec (`check --root DIR`, or `charter
//! guard`), so they are not in [`super::LINTS`], which runs on a spec alone;
//! [`RULES`] lists them for the registry.

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Rule};
use crate::semantic::model::Spec;

pub mod d001_glob_matches_nothing;
pub mod d002_missing_artifact;
pub mod d003_unowned_change;
mod repo_files;

pub use repo_files::RepoFiles;

/// The drift rules, in code order.
pub static RULES: &[&Rule] = &[
    &d001_glob_matches_nothing::RULE,
    &d002_missing_artifact::RULE,
    &d003_unowned_change::RULE,
];

/// D001 and D002 for one spec against the files under the root, as the
/// configuration levels them (waivers are applied by the caller, with the
/// spec's other findings).
pub fn check(spec: &Spec, files: &RepoFiles, config: &Config) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if config.severity(&d001_glob_matches_nothing::RULE).is_some() {
        d001_glob_matches_nothing::check(spec, files, &mut out);
    }
    if config.severity(&d002_missing_artifact::RULE).is_some() {
        d002_missing_artifact::check(spec, files, &mut out);
    }
    out
}

/// Whether a location is in a bundled `std::` template, whose globs and
/// paths are defaults the user did not write.
fn is_bundled(path: &str) -> bool {
    path.strip_prefix("std/")
        .and_then(|rest| rest.strip_suffix(".charter"))
        .is_some_and(|name| crate::semantic::stdlib::source(name).is_some())
}
