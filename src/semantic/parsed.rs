//! A file's syntax tree, as a query on its input.

use crate::db::evicted::Evictable;
use crate::db::{Db, SourceFile};
use crate::syntax::{self, ParsedFile};

/// The syntax tree of one file and its syntax diagnostics.
///
/// Trees are the largest values the database holds (about thirty times the
/// text), so only the most recently used are kept: an evicted tree is
/// parsed again if a query needs it, and its dependents stay valid. A
/// parallel check frees evicted trees on every thread ([`Evictable`]).
#[salsa::tracked(returns(ref), lru = 256)]
pub fn parse(db: &dyn Db, file: SourceFile) -> Evictable<ParsedFile> {
    let id = file.id(db);
    if let Some(offset) = file.invalid_utf8_at(db) {
        return Evictable::new(ParsedFile {
            tree: Default::default(),
            diagnostics: vec![syntax::invalid_utf8(id, offset)],
        });
    }
    Evictable::new(syntax::parse_source(id, file.text(db)))
}

/// Sets how many syntax trees [`parse`] keeps (see [`super::bound_memory_for_one_pass`]).
pub(super) fn keep_trees(db: &mut dyn Db, trees: usize) {
    parse::set_lru_capacity(db, trees);
}
