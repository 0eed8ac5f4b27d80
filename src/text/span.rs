//! Byte ranges into one source file.

use serde::Serialize;

/// A half-open byte range `start..end` into one file's text.
///
/// Spans are byte offsets (what logos produces and what slicing needs); lines
/// and columns are computed only when a diagnostic is rendered, by
/// [`super::LineIndex`]. They are stored in 32 bits: every text is read with
/// a bound of 16 MiB, so an offset always fits, and every node of the syntax
/// tree and every location of the model is half the size it would be with
/// `usize` offsets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Span {
    start: u32,
    end: u32,
}

impl Span {
    /// The span `start..end`. An offset past `u32::MAX`, which no text read
    /// under the 16 MiB bound has, is clamped to it.
    pub const fn new(start: usize, end: usize) -> Self {
        Self {
            start: clamp(start),
            end: clamp(end),
        }
    }

    /// The first byte's offset.
    pub const fn start(self) -> usize {
        self.start as usize
    }

    /// The offset just past the last byte.
    pub const fn end(self) -> usize {
        self.end as usize
    }

    /// An empty span at `offset`, for "expected … here" positions.
    pub const fn at(offset: usize) -> Self {
        Self::new(offset, offset)
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start()..self.end()
    }

    /// The text this span covers; empty when the span does not fit `text`
    /// (a span from an older revision of the file must never panic).
    pub fn text(self, text: &str) -> &str {
        text.get(self.range()).unwrap_or("")
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(range: std::ops::Range<usize>) -> Self {
        Span::new(range.start, range.end)
    }
}

/// `offset` in 32 bits, clamped (see [`Span::new`]).
const fn clamp(offset: usize) -> u32 {
    if offset > u32::MAX as usize {
        u32::MAX
    } else {
        offset as u32
    }
}

#[cfg(test)]
mod tests {
    use super::Span;

    #[test]
    fn offsets_round_trip_and_clamp_past_32_bits() {
        let span = Span::new(3, 16 * 1024 * 1024);
        assert_eq!(
            (span.start(), span.end(), span.len()),
            (3, 16 * 1024 * 1024, 16 * 1024 * 1024 - 3)
        );
        assert_eq!(Span::new(0, usize::MAX).end(), u32::MAX as usize);
        assert_eq!(std::mem::size_of::<Span>(), 8);
    }
}
