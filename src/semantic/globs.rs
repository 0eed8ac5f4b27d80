//! Compiled globs, as a query: each distinct pattern that needs an
//! automaton to match is compiled once and shared by every lint, every spec
//! and every file that writes it (the standard templates' globs are
//! compiled once for a whole workspace). A glob of the plain shapes matches
//! without one and is built by the spec that writes it ([`compile`]).
//!
//! A compiled glob holds its automaton, about a hundred bytes per pattern
//! character, so only the most recently used are kept: an evicted one is
//! compiled again when asked for, like an evicted syntax tree.

use std::borrow::Cow;

use crate::analysis::glob::Glob;
use crate::db::Db;

/// A glob pattern as written, interned: the key of [`compiled_glob`].
#[salsa::interned]
pub struct GlobPattern<'db> {
    #[returns(ref)]
    pub text: String,
}

/// The compiled glob; `None` for a pattern that does not parse (the type
/// checker reports it where it is written).
#[salsa::tracked(returns(ref), lru = 4096)]
pub fn compiled_glob<'db>(db: &'db dyn Db, pattern: GlobPattern<'db>) -> Option<Glob> {
    Glob::parse(pattern.text(db)).ok()
}

/// [`compiled_glob`] of a pattern given as text.
pub fn compiled<'db>(db: &'db dyn Db, pattern: &str) -> Option<&'db Glob> {
    compiled_glob(db, GlobPattern::new(db, pattern)).as_ref()
}

/// The glob of `pattern` for a caller that keeps it (a spec's
/// [`Scopes`](crate::lints::scopes::Scopes)): a pattern of the plain shapes
/// (a literal path, `DIR/**`) built on the spot, any other shared through
/// [`compiled_glob`]. A plain glob matches without an automaton (a set
/// question its samples do not settle builds one, for this spec only), and
/// building it costs a tenth of what interning its pattern and looking up
/// the query cost (most of a spec's globs are plain).
pub fn compile<'db>(db: &'db dyn Db, pattern: &str) -> Option<Cow<'db, Glob>> {
    match Glob::parse_plain(pattern) {
        Some(plain) => Some(Cow::Owned(plain)),
        None => compiled(db, pattern).map(Cow::Borrowed),
    }
}

/// Sets how many compiled globs [`compiled_glob`] keeps (see
/// [`super::bound_memory_for_one_pass`]).
pub(super) fn keep_compiled(db: &mut dyn Db, globs: usize) {
    compiled_glob::set_lru_capacity(db, globs);
}
