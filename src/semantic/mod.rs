//! The semantic model: syntax trees → typed specs, as salsa queries.
//!
//! `module` (imports and items) → `merge` (templates) → `build` (the typed
//! [`model::Spec`], names resolved) → `schedule` (the task graph). The type
//! checker runs per file against the statement `table`.

pub mod build;
pub mod glob_form;
pub mod globs;
pub mod merge;
pub mod model;
pub mod modules;
mod parsed;
pub mod positions;
pub mod schedule;
pub mod suggest;
pub mod table;
pub mod typecheck;

pub use parsed::parse;

use crate::db::evicted::Evictable;
use crate::db::{Db, SourceFile};
use crate::diagnostics::{Diagnostic, rules};

/// The specs a file defines, typed and merged, with every diagnostic of
/// meaning (E-codes) found in the file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Analysis {
    pub specs: Vec<model::Spec>,
    pub diagnostics: Vec<Diagnostic>,
}

/// One spec of a file, by its index among the specs [`analyse`] returns:
/// the key of the per-spec queries.
#[salsa::interned(debug)]
pub struct SpecKey {
    #[returns(copy)]
    pub file: SourceFile,
    #[returns(copy)]
    pub index: usize,
}

/// Bounds what a database keeps for a front door that looks at each file
/// once (`charter check` over a workspace): the syntax trees and the
/// semantic models ([`analyse`]) of the last [`ONE_PASS_WINDOW`] files, and
/// [`ONE_PASS_GLOBS`] compiled globs. Whatever needs an evicted model builds
/// it again (C008 reads [`crate::check::cross_spec::write_scopes`] instead,
/// kept for every file). Memory then stays bounded by these capacities and
/// the files between two revisions, not by the workspace, provided the
/// caller starts a new revision every few windows of files
/// ([`crate::db::Database::release_memory`]; `check::parallel` does every
/// window on one thread, every such window a thread on several,
/// `check::parallel::shared_round`): salsa evicts only then.
///
/// It also marks the database as serving one pass ([`Db::one_pass`]): no
/// later revision will compare a spec with an edited one, so the lints
/// skip what only serves that comparison (the position-free specs of
/// [`crate::lints::structural_findings`], which such a database never
/// builds, so their capacity is left as it is).
pub fn bound_memory_for_one_pass(db: &mut dyn Db) {
    db.set_one_pass();
    parsed::keep_trees(db, ONE_PASS_WINDOW);
    analyse::set_lru_capacity(db, ONE_PASS_WINDOW);
    globs::keep_compiled(db, ONE_PASS_GLOBS);
}

/// Files checked between two evictions in a one-pass check. Small, because
/// on a virtual machine the first touch of a page of memory is dear (about
/// 1.5 µs per 4 KB page here) and a small window lets the next files reuse
/// the memory of the last: 4 files instead of 16 left 415 fewer first
/// touches in the 58-file check on one thread (9.00 → 8.53 ms; the 1,000
/// files on one core 117.8 → 107.3 ms; one binary, the window set at run
/// time, alternating runs), against 2 % more work (the bundled templates
/// are parsed again when evicted). 2 files saved no more time.
pub const ONE_PASS_WINDOW: usize = 4;

/// Parses `files`, then analyses them ([`analyse`]): what checking each
/// of them starts with, one phase at a time over a few files rather than
/// one file at a time through every phase. The parser's code and the
/// model's then stay in the processor's caches from one file to the next:
/// a one-pass check spends about 6 % less time this way on the 1,000-file
/// benchmark (docs/performance.md, step 59), whose every file runs
/// through nearly all the front end's code. The files' trees and models
/// are memoized as a check would make them, so it changes no answer. The
/// caller checks the files before it starts a new revision, which could
/// evict them first (`check::parallel` starts one only between rounds,
/// and takes [`ONE_PASS_WINDOW`] files at a time).
pub fn front_end(db: &dyn Db, files: &[SourceFile]) {
    for &file in files {
        parse(db, file);
    }
    for &file in files {
        analyse(db, file);
    }
}

/// Compiled globs a one-pass check keeps: those of a window of files with
/// room to spare, and the bundled templates' (shared by every spec that
/// extends one). A spec's own globs are rarely written in another file, so
/// keeping more would hold automata that no later file asks for.
pub const ONE_PASS_GLOBS: usize = 512;

#[salsa::tracked(returns(ref), lru = 0)]
pub fn analyse(db: &dyn Db, file: SourceFile) -> Evictable<Analysis> {
    let tree = &parse(db, file).tree;
    let mut diagnostics = Vec::new();
    typecheck::check_file(file.id(db), &tree.statements, &mut diagnostics);
    let module = modules::module(db, file);
    diagnostics.extend(module.diagnostics.iter().cloned());
    diagnostics.extend(modules::import_cycles(db, file));

    // A template's own chain is checked where it is written; its `require`s
    // bind the specs that extend it, not the template itself.
    for template in &module.templates {
        if let Some(merged) = merge::merged_spec(db, file, template.index, true) {
            diagnostics.extend(
                merged
                    .diagnostics
                    .into_iter()
                    .filter(|d| !std::ptr::eq(d.rule, &rules::MISSING_REQUIRED)),
            );
        }
    }
    let mut specs = Vec::new();
    for item in &module.specs {
        let Some(merged) = merge::merged_spec(db, file, item.index, false) else {
            continue;
        };
        diagnostics.extend(merged.diagnostics.iter().cloned());
        specs.push(build::build(&item.name, &merged, &mut diagnostics));
    }
    Evictable::new(Analysis { specs, diagnostics })
}
