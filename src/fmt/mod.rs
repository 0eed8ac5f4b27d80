//! `charter fmt`: the one canonical layout of a Charter file.
//!
//! The formatter prints the syntax tree again, with the file's comments put
//! back where they were (see [`layout`]). It never formats a file with
//! syntax errors: like rustfmt, it returns the diagnostics instead.
//!
//! # Layout
//!
//! - **One statement per line**; `;` separators are never written. Blocks
//!   are indented by 4 spaces per level, `{` ends the head's line and `}`
//!   stands on its own line. An empty block is `{}`; a block holding
//!   statements is always written over several lines, even when they are
//!   short, so every statement has its own line and its own diff.
//! - **Runs are aligned.** A run is a maximal sequence of statements
//!   without a block, with no blank line and no standalone comment between
//!   them. In a run, heads are padded to the longest head
//!   (`title    "…"` above `autonomy supervised`), and first arguments
//!   are padded to a common column within groups (see
//!   `block::first_arg_widths`: the whole run when every first argument
//!   is a name, as in a `verify` block, else consecutive statements with
//!   the same head). Nothing else is aligned, so one long value never
//!   moves a whole block.
//! - **Comma lists** are written `a, b, c`. When the next value (with its
//!   comma) would pass column 100, the list breaks after a comma and the
//!   continuation line starts under the list's first value. A `//` comment
//!   after a comma also ends the line there.
//! - **Blank lines**: one blank line where the source had one or more
//!   between two statements or comments, none at the start or end of a
//!   block or file; at the top level, statements with a block (`spec`,
//!   `template`) are always set apart from their neighbours by one blank
//!   line (comments directly above a statement move with it). One
//!   exception keeps meaning: where a `;` stood between a `///` comment and
//!   the next line, which kept that comment from documenting it, a blank
//!   line takes the `;`'s place.
//! - **Comments** are never lost nor reordered. Comments on their own line
//!   stay on their own line, at the indentation of the block they are in;
//!   `///` doc comments thus stay directly above their statement. A
//!   comment at the end of a statement's line stays at the end of that
//!   line, [`COMMENT_GAP`] spaces after the code; the trailing comments of
//!   one run are aligned to one column. Comments inside a statement stay
//!   between the same words. Comment text is kept as written, except for
//!   whitespace at the end of a line.
//! - **Values** are printed from the source text of their span: strings
//!   (with their escapes and `"""` blocks) and numbers exactly as written;
//!   paths without spaces (`test.repo_parity`).
//! - The file ends with exactly one line break (an empty file stays empty).
//!
//! # Safety net
//!
//! [`format_file`] re-parses its output and checks that the tree (modulo
//! spans) and the comments are unchanged; if they are not, which would be a
//! formatter bug, it returns the input unchanged rather than altering a
//! spec's meaning.

mod block;
mod layout;
mod statement;
pub mod verify;
mod writer;

use crate::diagnostics::Diagnostic;
use crate::syntax::{SourceTree, parse_source};
use crate::text::FileId;

/// The widest a line is made by wrapping comma lists.
pub const MAX_WIDTH: usize = 100;
/// Spaces per block level.
pub const INDENT: usize = 4;
/// The least space between code and a comment at the end of its line.
pub const COMMENT_GAP: usize = 2;

/// Formats `text`, a whole file, whose diagnostics need no file id.
pub fn format_source(text: &str) -> Result<String, Vec<Diagnostic>> {
    format_file(FileId::default(), text)
}

/// Formats `text`, the file `file` (used only in diagnostics).
///
/// Returns the syntax diagnostics when the file has an error. The output
/// is verified to mean the same as the input (see the module docs).
pub fn format_file(file: FileId, text: &str) -> Result<String, Vec<Diagnostic>> {
    let formatted = format_unverified(file, text)?;
    if verify::equivalent(text, &formatted) {
        Ok(formatted)
    } else {
        Ok(text.to_owned())
    }
}

/// Formats without the final check against the input; for tests that want
/// to see the printer's own output.
pub fn format_unverified(file: FileId, text: &str) -> Result<String, Vec<Diagnostic>> {
    let parsed = parse_source(file, text);
    if parsed.diagnostics.iter().any(Diagnostic::is_error) {
        return Err(parsed.diagnostics);
    }
    Ok(print_tree(text, &parsed.tree))
}

/// Prints a tree parsed from `text` (its spans must point into `text`).
pub fn print_tree(text: &str, tree: &SourceTree) -> String {
    let level = layout::file(text, &tree.statements, &tree.comments);
    let mut w = writer::Writer::new();
    block::print_level(&mut w, text, &level, 0, true);
    w.finish()
}
