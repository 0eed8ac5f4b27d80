//! Printing one statement's words: `head args… modifiers… {`, with the
//! comments that sit between its words, and comma lists wrapped at
//! [`MAX_WIDTH`](super::MAX_WIDTH).

use std::borrow::Cow;

use super::layout::Node;
use super::writer::{Writer, width};
use super::{INDENT, MAX_WIDTH};
use crate::syntax::token::CommentKind;
use crate::syntax::{Arg, Comment, Value, ValueKind};

/// The columns a statement is aligned to within its run (see [`super::block`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct Columns {
    /// Width the head is padded to.
    pub head: usize,
    /// Width the first positional argument is padded to, when it is aligned.
    pub first_arg: Option<usize>,
}

/// The text a value is printed as. Strings and numbers are copied from the
/// source, so escapes, `"""` blocks and the spelling of numbers stay exactly
/// as written; paths and comparisons are printed without inner spaces.
pub fn value_text<'s>(src: &'s str, value: &Value) -> Cow<'s, str> {
    match &value.kind {
        ValueKind::Path(path) => Cow::Owned(path.to_text()),
        ValueKind::Compare(op) => Cow::Borrowed(op.as_str()),
        ValueKind::Str(_) | ValueKind::Number(_) | ValueKind::Error => {
            Cow::Borrowed(value.span.text(src))
        }
    }
}

/// Writes the statement's words on the writer's current line, starting at
/// column `indent`, ending with ` {` when it has a block. Line breaks are
/// only made after a comma (the one place the language lets a statement
/// continue), either because the line would pass [`MAX_WIDTH`] or because a
/// `//` comment follows the comma.
pub fn print(w: &mut Writer, src: &str, node: &Node<'_>, indent: usize, columns: Columns) {
    let statement = node.statement;
    let mut p = Printer {
        w,
        src,
        inner: &node.inner,
        next: 0,
        cont: indent + INDENT,
    };
    p.w.pad_to(indent, 0);
    p.w.write(&statement.head.text);
    p.w.pad_to(indent + columns.head + 1, 1);
    for (i, arg) in statement.args.iter().enumerate() {
        p.w.space(1);
        let start = p.w.col();
        p.list(arg);
        if i == 0
            && let Some(first) = columns.first_arg
        {
            p.w.pad_to(start + first + 1, 1);
        }
    }
    for modifier in &statement.modifiers {
        p.word(modifier.keyword.span.start(), &modifier.keyword.text);
        for arg in &modifier.args {
            p.w.space(1);
            p.list(arg);
        }
    }
    match &statement.block {
        Some(block) => p.word(block.span.start(), "{"),
        // Nothing follows the last word inside the statement; this only
        // keeps a comment that the layout misplaced from being lost.
        None => {
            p.drain_before(usize::MAX, indent + INDENT);
        }
    }
}

struct Printer<'w, 's, 'c> {
    w: &'w mut Writer,
    src: &'s str,
    inner: &'c [Comment],
    /// The first inner comment not yet written.
    next: usize,
    /// Where a continuation line starts when a comment forces a break
    /// outside a list (which valid input never does).
    cont: usize,
}

impl Printer<'_, '_, '_> {
    /// A single word after a space, with the comments written before it.
    fn word(&mut self, start: usize, text: &str) {
        self.w.space(1);
        self.drain_before(start, self.cont);
        self.w.space(1);
        self.w.write(text);
    }

    /// Writes the inner comments that start before `pos`, each after a
    /// space; a `//` comment ends the line, and the next line starts at
    /// `cont`. Returns whether a line was ended.
    fn drain_before(&mut self, pos: usize, cont: usize) -> bool {
        let mut broke = false;
        while let Some(comment) = self.inner.get(self.next).filter(|c| c.span.start() < pos) {
            self.next += 1;
            if !self.w.at_line_start() {
                self.w.space(1);
            }
            self.w.write(comment_text(self.src, comment));
            if comment.kind != CommentKind::Block {
                self.w.newline();
                self.w.pad_to(cont, 0);
                broke = true;
            } else {
                self.w.space(1);
            }
        }
        broke
    }

    /// `a, b, c`; when the next value (and its comma) would pass the
    /// width, it starts a new line aligned under the first value, unless it
    /// would pass the width there too (a list that starts far right stays
    /// on its line rather than hanging a column of values past the limit).
    fn list(&mut self, arg: &Arg) {
        let mut first_col = self.w.col();
        for (k, value) in arg.values.iter().enumerate() {
            let text = value_text(self.src, value);
            if k == 0 {
                self.drain_before(value.span.start(), self.cont);
                first_col = self.w.col();
            } else {
                let previous_end = arg.values[k - 1].span.end();
                let comma = self.comma_between(previous_end, value.span.start());
                self.drain_before(comma, first_col);
                self.w.write(",");
                let broke = self.drain_before(value.span.start(), first_col);
                if !broke {
                    let comma_after = usize::from(k + 1 < arg.values.len());
                    let needed = width(&text) + comma_after;
                    // Breaking only helps when the value then fits.
                    if self.w.col() + 1 + needed > MAX_WIDTH && first_col + needed <= MAX_WIDTH {
                        self.w.newline();
                        self.w.pad_to(first_col, 0);
                    } else {
                        self.w.space(1);
                    }
                }
            }
            self.w.write(&text);
        }
    }

    /// The position of the `,` between two values: the first comma in the
    /// gap that is not inside a comment.
    fn comma_between(&self, from: usize, to: usize) -> usize {
        let gap = self.src.get(from..to).unwrap_or("");
        let in_comment = |at: usize| {
            self.inner
                .iter()
                .any(|c| c.span.start() <= at && at < c.span.end())
        };
        gap.match_indices(',')
            .map(|(i, _)| from + i)
            .find(|&at| !in_comment(at))
            .unwrap_or(from)
    }
}

/// A comment as printed: its text without trailing whitespace (a `\r` of a
/// CRLF file included).
pub fn comment_text<'s>(src: &'s str, comment: &Comment) -> &'s str {
    comment.span.text(src).trim_end()
}
