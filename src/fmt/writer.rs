//! An output buffer that knows its column and never leaves trailing spaces.

/// Text being built line by line. Spaces are requested with [`Writer::space`]
/// and only written when more text follows on the same line, so padding
/// before nothing (a head without arguments) never becomes trailing
/// whitespace.
#[derive(Debug, Default)]
pub struct Writer {
    out: String,
    /// Characters since the last line break.
    col: usize,
    pending: usize,
}

impl Writer {
    pub fn new() -> Self {
        Self::default()
    }

    /// The column the next character would be written at, pending spaces included.
    pub fn col(&self) -> usize {
        self.col + self.pending
    }

    /// Asks for at least `n` spaces before the next text on this line.
    pub fn space(&mut self, n: usize) {
        self.pending = self.pending.max(n);
    }

    /// Asks for spaces up to column `col` (at least `min`) before the next text.
    pub fn pad_to(&mut self, col: usize, min: usize) {
        let n = col.saturating_sub(self.col).max(min);
        self.pending = n;
    }

    /// Writes `text` as it is; a line break inside it (a `"""` string, a
    /// block comment) resets the column.
    pub fn write(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        for _ in 0..self.pending {
            self.out.push(' ');
        }
        self.col += self.pending;
        self.pending = 0;
        self.out.push_str(text);
        match text.rfind('\n') {
            Some(i) => self.col = width(&text[i + 1..]),
            None => self.col += width(text),
        }
    }

    pub fn newline(&mut self) {
        self.out.push('\n');
        self.col = 0;
        self.pending = 0;
    }

    /// Whether nothing has been written on the current line yet.
    pub fn at_line_start(&self) -> bool {
        self.col == 0
    }

    pub fn finish(self) -> String {
        self.out
    }
}

/// Display width, counted in characters: specs are mostly ASCII, and a
/// wide character only makes a line look a little longer than it is.
pub fn width(text: &str) -> usize {
    text.chars().count()
}

/// The width of the last line of `text`.
pub fn last_line_width(text: &str) -> usize {
    match text.rfind('\n') {
        Some(i) => width(&text[i + 1..]),
        None => width(text),
    }
}
