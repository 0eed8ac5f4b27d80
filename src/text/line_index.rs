//! Byte offsets to lines and columns, and back.
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`, as ariadne (the human renderer)
//! and editors count them, so every output format agrees on line numbers.
//! Columns come in three units: Unicode scalar values (what people and SARIF's
//! `unicodeCodePoints` count), UTF-16 code units (LSP) and bytes (UTF-8).

/// A 1-based line and column; columns count Unicode scalar values, which is
/// what editors show and what SARIF calls `unicodeCodePoints`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// The unit a column counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnUnit {
    Utf8,
    Utf16,
    Scalar,
}

/// The start offset of every line of one text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        let bytes = text.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'\n' => line_starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => line_starts.push(i + 1),
                _ => {}
            }
        }
        Self { line_starts }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The 1-based line and scalar column of `offset`; an offset past the
    /// end, or inside a character, is clamped rather than trusted.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let (line, column) = self.position(text, offset, ColumnUnit::Scalar);
        LineCol {
            line: line + 1,
            column: column + 1,
        }
    }

    /// The 0-based line and column of `offset`, the column counted in `unit`.
    pub fn position(&self, text: &str, offset: usize, unit: ColumnUnit) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset);
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let before = &text[start..offset];
        let column = match unit {
            ColumnUnit::Utf8 => before.len(),
            ColumnUnit::Utf16 => before.chars().map(char::len_utf16).sum(),
            ColumnUnit::Scalar => before.chars().count(),
        };
        (line, column)
    }

    /// The byte offset of a 0-based line and column counted in `unit`: the
    /// inverse of [`Self::position`]. A line past the end gives the end of the
    /// text; a column past the end of its line gives the line's end; a column
    /// inside a character gives that character's start (LSP clients may send
    /// either).
    pub fn offset(&self, text: &str, line: usize, column: usize, unit: ColumnUnit) -> usize {
        let Some(&start) = self.line_starts.get(line) else {
            return text.len();
        };
        let end = self.line_end(text, line);
        let mut counted = 0;
        for (i, c) in text[start..end].char_indices() {
            let width = match unit {
                ColumnUnit::Utf8 => c.len_utf8(),
                ColumnUnit::Utf16 => c.len_utf16(),
                ColumnUnit::Scalar => 1,
            };
            if counted + width > column {
                return start + i;
            }
            counted += width;
        }
        end
    }

    /// The text of 1-based `line`, without its line break.
    pub fn line_text<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self.line_end(text, line - 1);
        text.get(start..end).unwrap_or("")
    }

    /// The offset where 0-based `line`'s break starts (or the text ends).
    fn line_end(&self, text: &str, line: usize) -> usize {
        let start = self.line_starts[line];
        let next = self.line_starts.get(line + 1).map_or(text.len(), |&n| n);
        let content = &text.as_bytes()[start..next];
        let content = content.strip_suffix(b"\n").unwrap_or(content);
        let content = content.strip_suffix(b"\r").unwrap_or(content);
        start + content.len()
    }
}

fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_are_one_based_and_count_chars() {
        let text = "ab\nçd\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), LineCol { line: 1, column: 1 });
        assert_eq!(index.line_col(text, 3), LineCol { line: 2, column: 1 });
        assert_eq!(index.line_col(text, 5), LineCol { line: 2, column: 2 });
        assert_eq!(
            index.line_col(text, 4),
            LineCol { line: 2, column: 1 },
            "inside `ç`"
        );
        assert_eq!(index.line_col(text, 99), LineCol { line: 3, column: 1 });
        assert_eq!(index.line_text(text, 2), "çd");
    }

    #[test]
    fn every_line_break_counts_once() {
        let text = "a\r\nb\rc\nd";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        assert_eq!(index.line_text(text, 1), "a");
        assert_eq!(index.line_text(text, 2), "b");
        assert_eq!(index.line_text(text, 3), "c");
        assert_eq!(index.line_text(text, 4), "d");
        assert_eq!(index.line_col(text, 5).line, 3, "after a lone CR");
    }

    #[test]
    fn utf16_columns_count_surrogate_pairs_twice() {
        let text = "x🦀y\n";
        let index = LineIndex::new(text);
        let y = text.find('y').unwrap();
        assert_eq!(index.position(text, y, ColumnUnit::Utf16), (0, 3));
        assert_eq!(index.position(text, y, ColumnUnit::Scalar), (0, 2));
        assert_eq!(index.position(text, y, ColumnUnit::Utf8), (0, 5));
        for unit in [ColumnUnit::Utf8, ColumnUnit::Utf16, ColumnUnit::Scalar] {
            let (line, column) = index.position(text, y, unit);
            assert_eq!(index.offset(text, line, column, unit), y);
        }
        assert_eq!(
            index.offset(text, 0, 2, ColumnUnit::Utf16),
            1,
            "inside the crab"
        );
        assert_eq!(
            index.offset(text, 0, 99, ColumnUnit::Utf16),
            6,
            "clamped to the line"
        );
        assert_eq!(index.offset(text, 9, 0, ColumnUnit::Utf16), text.len());
    }
}
