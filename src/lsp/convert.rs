//! Byte offsets ↔ LSP positions.
//!
//! LSP counts columns in UTF-16 code units (the default position encoding,
//! and the only one every client supports); Charter's spans are byte
//! offsets. Every conversion goes through [`LineMap`], which clamps what a
//! client sends (a line past the end, a column inside a character) instead
//! of trusting it.

use lsp_types::{Position, Range};

use crate::syntax::Span;
use crate::text::{ColumnUnit, LineIndex};

/// One text and its line index, converting in UTF-16 columns.
pub struct LineMap<'t> {
    text: &'t str,
    index: LineIndex,
}

impl<'t> LineMap<'t> {
    pub fn new(text: &'t str) -> Self {
        Self {
            text,
            index: LineIndex::new(text),
        }
    }

    pub fn text(&self) -> &'t str {
        self.text
    }

    /// The position of a byte offset (clamped to the text and to a character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let (line, character) = self.index.position(self.text, offset, ColumnUnit::Utf16);
        Position::new(to_u32(line), to_u32(character))
    }

    /// The byte offset of a position; a line past the end is the end of the
    /// text, a column past the end of its line is the end of that line.
    pub fn offset(&self, position: Position) -> usize {
        self.index.offset(
            self.text,
            position.line as usize,
            position.character as usize,
            ColumnUnit::Utf16,
        )
    }

    pub fn range(&self, span: Span) -> Range {
        Range::new(self.position(span.start()), self.position(span.end()))
    }

    pub fn span(&self, range: Range) -> Span {
        let start = self.offset(range.start);
        let end = self.offset(range.end).max(start);
        Span::new(start, end)
    }

    /// The 0-based line of an offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.index.position(self.text, offset, ColumnUnit::Utf8).0
    }

    /// The byte offset where 0-based `line` starts (the end of the text past the last line).
    pub fn line_start(&self, line: usize) -> usize {
        self.index.offset(self.text, line, 0, ColumnUnit::Utf8)
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units_and_round_trip() {
        // `é` is one UTF-16 unit (two bytes), `𝄞` two units (four bytes).
        let text = "aé𝄞b\nxy";
        let map = LineMap::new(text);
        let b = text.find('b').unwrap();
        assert_eq!(map.position(b), Position::new(0, 4));
        assert_eq!(map.offset(Position::new(0, 4)), b);
        assert_eq!(map.position(text.len()), Position::new(1, 2));
        // Inside the surrogate pair, past the line, past the text: clamped.
        assert_eq!(
            map.offset(Position::new(0, 3)),
            text.find('𝄞').unwrap(),
            "inside the pair: its start"
        );
        assert_eq!(map.offset(Position::new(0, 99)), text.find('\n').unwrap());
        assert_eq!(map.offset(Position::new(9, 0)), text.len());
        assert_eq!(map.position(2), Position::new(0, 1), "inside `é`");
    }
}
