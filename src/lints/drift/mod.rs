//! D — drift: lints that compare a spec, or a change, with the repository
//! as it is. They need more than the spec (`check --root DIR`, or `charter
//! guard`), so they are not in [`super::LINTS`], which runs on a spec alone;
//! [`RULES`] lists them for the registry.

use crate::config::Config;
use crate::db::{Db, FilePath};
use crate::diagnostics::{Diagnostic, Rule};
use crate::semantic::model::Spec;
use crate::text::FileId;

pub mod d001_glob_matches_nothing;
pub mod d002_missing_artifact;
mod repo_files;

pub use repo_files::RepoFiles;

/// The drift rules, in code order.
pub static RULES: &[&Rule] = &[
    &d001_glob_matches_nothing::RULE,
    &d002_missing_artifact::RULE,
    &crate::diagnostics::rules::UNOWNED_CHANGE,
];

/// D001 and D002 for one spec against the files under the root, as the
/// configuration levels them (waivers are applied by the caller, with the
/// spec's other findings).
pub fn check(db: &dyn Db, spec: &Spec, files: &RepoFiles, config: &Config) -> Vec<Diagnostic> {
    // A location in a bundled `std::` template holds a default the user did
    // not write: nothing to compare with the repository.
    let bundled = |file: FileId| {
        db.source_file(file)
            .is_some_and(|f| matches!(f.path(db), FilePath::Std(_)))
    };
    let mut out = Vec::new();
    if config.severity(&d001_glob_matches_nothing::RULE).is_some() {
        d001_glob_matches_nothing::check(spec, files, &bundled, &mut out);
    }
    if config.severity(&d002_missing_artifact::RULE).is_some() {
        d002_missing_artifact::check(spec, files, &bundled, &mut out);
    }
    out
}
