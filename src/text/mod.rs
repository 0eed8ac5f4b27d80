//! Text positions, at the bottom of every layer: which file ([`FileId`]),
//! which bytes ([`Span`]), and how bytes map to the lines and columns that
//! people (scalar values), editors speaking LSP (UTF-16) and tools (UTF-8)
//! count ([`LineIndex`]).
//!
//! Everything above stores ids and byte ranges; paths, URIs and columns are
//! computed only at the edge that shows them.

pub mod bytes;
mod file_id;
mod line_index;
mod span;

pub use file_id::FileId;
pub use line_index::{ColumnUnit, LineCol, LineIndex};
pub use span::Span;
