//! What a front door asks for: every diagnostic of a file, with the
//! workspace's levels and the spec's waivers applied.
//!
//! This layer sits above the lints: the lints report everything they find,
//! and only here does configuration decide what is shown and how loudly.

pub mod cross_spec;
mod meeting;
pub mod parallel;
mod placement;
pub mod waivers;

pub use parallel::{Jobs, Workers};

use crate::config::Config;
use crate::db::{Database, Db, FilePath, SourceFile, settings_of};
use crate::diagnostics::Diagnostic;
use crate::diagnostics::render::{self, Sources, os_bytes};
use crate::diagnostics::rules::UNUSED_WAIVER;
use crate::lints::drift::RepoFiles;
use crate::semantic::{SpecKey, analyse, parse};

/// The lint findings of every spec in one file, before levels and waivers.
#[salsa::tracked(returns(ref))]
pub fn lint_file(db: &dyn Db, file: SourceFile) -> Vec<Diagnostic> {
    let config = settings_of(db, file).config(db);
    analyse(db, file)
        .specs
        .iter()
        .enumerate()
        .flat_map(|(index, spec)| {
            let key = SpecKey::new(db, file, index);
            crate::lints::lint_spec(db, key, spec, config)
        })
        .collect()
}

/// Every diagnostic for one file: syntax, meaning and lints, with the
/// configured levels and the spec's waivers applied, sorted.
#[salsa::tracked(returns(ref))]
pub fn check_file(db: &dyn Db, file: SourceFile) -> Vec<Diagnostic> {
    let config = settings_of(db, file).config(db);
    let analysis = analyse(db, file);
    let mut diagnostics = parse(db, file).diagnostics.clone();
    diagnostics.extend(analysis.diagnostics.iter().cloned());
    diagnostics.extend(lint_file(db, file).iter().cloned());
    let report_unused = config.severity(&UNUSED_WAIVER).is_some();
    let spec_waivers = analysis.specs.iter().flat_map(|s| &s.waivers);
    waivers::apply(spec_waivers, &mut diagnostics, report_unused);
    apply_levels(config, &mut diagnostics);
    crate::diagnostics::normalise(&mut diagnostics);
    diagnostics
}

/// The drift findings (D001, D002) of every spec in one file against the
/// repository's files, with the configured levels and the spec's waivers
/// applied: what `check --root` adds to [`check_file`].
pub fn drift_findings(db: &dyn Db, file: SourceFile, repo: &RepoFiles) -> Vec<Diagnostic> {
    let config = settings_of(db, file).config(db);
    let specs = &analyse(db, file).specs;
    let mut found: Vec<Diagnostic> = specs
        .iter()
        .flat_map(|spec| crate::lints::drift::check(db, spec, repo, config))
        .collect();
    waivers::apply(specs.iter().flat_map(|s| &s.waivers), &mut found, false);
    apply_levels(config, &mut found);
    found
}

/// What `charter check` reports file by file, on the calling thread and the
/// `workers`: for each file in the order given, its diagnostics
/// ([`check_file`], capped per code) and, with a repository, its drift
/// findings ([`drift_findings`]).
/// The result is the same for any number of threads; C008, which looks
/// across the files, is [`cross_spec::check_files`].
pub fn check_files(
    db: &mut Database,
    files: &[SourceFile],
    repo: Option<&RepoFiles>,
    workers: &Workers,
) -> Vec<Diagnostic> {
    // File ids follow the order inputs are created in, and the order of
    // diagnostics within a file follows the ids. The files named are
    // already inputs; the bundled templates they extend are made inputs
    // here, in one order, rather than by whichever thread reaches one first.
    for (name, _) in crate::db::stdlib::MODULES {
        db.std_file(name);
    }
    let per_file = parallel::map_files(db, files, workers, |db, file| {
        // What C008 compares across the files at the end, taken now, while
        // the file's model is in memory (a one-pass check drops it next).
        cross_spec::write_scopes(db, file);
        let mut found = check_file(db, file).clone();
        crate::diagnostics::normalise(&mut found);
        let mut found = crate::diagnostics::cap::cap(found);
        if let Some(repo) = repo {
            found.extend(drift_findings(db, file, repo));
        }
        found
    });
    per_file.into_iter().flatten().collect()
}

fn apply_levels(config: &Config, diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.retain_mut(|d| match config.severity(d.rule) {
        Some(severity) => {
            d.severity = severity;
            true
        }
        None => false,
    });
}

/// The text of every file the diagnostics point into, each named by
/// `name`: what a front door renders diagnostics with. Each front door
/// names files its own way (the command line relative to the working
/// directory, the tests relative to their fixtures).
pub fn sources(
    db: &Database,
    diagnostics: &[Diagnostic],
    name: impl Fn(&Database, SourceFile) -> String,
) -> Sources {
    let mut sources = Sources::new();
    let ids = diagnostics
        .iter()
        .flat_map(|d| std::iter::once(d.file).chain(d.labels.iter().map(|l| l.file)));
    for id in ids {
        if sources.contains(id) {
            continue;
        }
        if let Some(file) = db.file_by_id(id) {
            sources.insert(id, name(db, file), file.text(db).clone());
            if let (FilePath::Disk(path), Some(root)) = (file.path(db), file.root(db))
                && let Ok(relative) = path.strip_prefix(root)
            {
                sources.set_uri(id, render::uri(&render::path_text(&os_bytes(relative))));
            }
        }
    }
    sources
}
