//! Where each comment goes: the syntax tree keeps comments beside it, in
//! source order, so before printing every comment is given one slot by
//! its position relative to the statements around it.
//!
//! - **trailing**: it starts on the line where a statement ends (after its
//!   last argument or its `}`), or after the `{` that opens a block, with no
//!   line break in between; it stays at the end of that line;
//! - **inner**: it lies inside a statement, between two of its words or
//!   values (`write "a", // first` on a continued list); it stays between
//!   the same two words;
//! - **standalone**: anything else, on its own line; it stays on its own
//!   line, in order, between the same two statements (`///` doc comments
//!   are standalone comments directly above their statement, so they stay
//!   attached to it). Standalone comments after the last statement of a
//!   block stay before its `}`; after the last statement of the file, at
//!   the end of the file.
//!
//! Nothing is ever dropped: every comment of the file lands in exactly one
//! slot of one level, which the formatter's self-check verifies.

use crate::syntax::token::CommentKind;
use crate::syntax::{Comment, Statement};

/// One level of statements (the file, or the inside of a block) with its comments.
#[derive(Debug, Default)]
pub struct Level<'a> {
    /// Comments on the line of the `{` that opens the block.
    pub open_trailing: Vec<Comment>,
    pub items: Vec<Item<'a>>,
}

#[derive(Debug)]
pub struct Item<'a> {
    /// The source had at least one blank line between the previous item and this one.
    pub blank_before: bool,
    pub kind: ItemKind<'a>,
}

#[derive(Debug)]
pub enum ItemKind<'a> {
    Comment(Comment),
    Statement(Node<'a>),
}

/// A statement with the comments that belong to it.
#[derive(Debug)]
pub struct Node<'a> {
    pub statement: &'a Statement,
    /// Comments between the statement's words, in source order.
    pub inner: Vec<Comment>,
    /// Comments after its end on the same line, in source order.
    pub trailing: Vec<Comment>,
    /// The inside of its block, if it has one.
    pub block: Option<Level<'a>>,
}

impl Item<'_> {
    pub fn statement(&self) -> Option<&Node<'_>> {
        match &self.kind {
            ItemKind::Statement(node) => Some(node),
            ItemKind::Comment(_) => None,
        }
    }
}

/// Lays out the top level of a file. `comments` must be sorted by position
/// (the lexer produces them in order).
pub fn file<'a>(text: &str, statements: &'a [Statement], comments: &[Comment]) -> Level<'a> {
    level(text, statements, comments, None)
}

/// Lays out one level. `open` is the end of the `{` for a block (`None` at
/// the top level); `comments` are exactly the comments inside this level.
fn level<'a>(
    text: &str,
    statements: &'a [Statement],
    comments: &[Comment],
    open: Option<usize>,
) -> Level<'a> {
    let mut out = Level::default();
    let mut placer = Placer {
        text,
        anchor: open,
        prev_end: open.unwrap_or(0),
        prev_doc: false,
    };
    let mut rest = comments;
    for statement in statements {
        let before = rest.partition_point(|c| c.span.start() < statement.span.start());
        for &comment in &rest[..before] {
            placer.place(comment, &mut out);
        }
        rest = &rest[before..];
        let inside = rest.partition_point(|c| c.span.start() < statement.span.end());
        let node = node(text, statement, &rest[..inside]);
        rest = &rest[inside..];
        let blank_before = placer.blank_before(statement.span.start(), out.items.is_empty());
        out.items.push(Item {
            blank_before,
            kind: ItemKind::Statement(node),
        });
        placer.anchor = Some(statement.span.end());
        placer.prev_end = statement.span.end();
        placer.prev_doc = false;
    }
    for &comment in rest {
        placer.place(comment, &mut out);
    }
    out
}

/// Splits the comments inside a statement into those of its block and
/// those between its words.
fn node<'a>(text: &str, statement: &'a Statement, comments: &[Comment]) -> Node<'a> {
    let mut inner = Vec::new();
    let mut block = None;
    match &statement.block {
        Some(b) => {
            let inside =
                |c: &Comment| c.span.start() > b.span.start() && c.span.end() < b.span.end();
            let (in_block, outside): (Vec<Comment>, Vec<Comment>) =
                comments.iter().partition(|c| inside(c));
            inner = outside;
            // The block's inside starts after `{` and ends before `}`.
            block = Some(level(
                text,
                &b.statements,
                &in_block,
                Some(b.span.start() + 1),
            ));
        }
        None => inner.extend_from_slice(comments),
    }
    // A comment inside one value (`std/* c */::refactor`) has no place
    // between words: the path prints without it. It goes after the
    // statement, where the next pass finds it as a trailing comment, so
    // the first pass already prints it the way every later pass does.
    let values = statement
        .args
        .iter()
        .chain(statement.modifiers.iter().flat_map(|m| &m.args))
        .flat_map(|a| &a.values);
    let within: Vec<(usize, usize)> = values.map(|v| (v.span.start(), v.span.end())).collect();
    let (trailing, inner): (Vec<Comment>, Vec<Comment>) = inner.into_iter().partition(|c| {
        within
            .iter()
            .any(|&(start, end)| start < c.span.start() && c.span.end() <= end)
    });
    Node {
        statement,
        inner,
        trailing,
        block,
    }
}

/// Walks one level's comments in order, deciding trailing or standalone.
struct Placer<'t> {
    text: &'t str,
    /// Where the current line's code (or its last trailing comment) ends,
    /// while a comment may still trail it; `None` after a standalone comment.
    anchor: Option<usize>,
    /// The end of the previous item, for counting blank lines.
    prev_end: usize,
    /// The last thing placed is a `///` comment.
    prev_doc: bool,
}

impl Placer<'_> {
    fn gap(&self, from: usize, to: usize) -> &str {
        self.text.get(from..to).unwrap_or("")
    }

    /// Whether a blank line goes before the item starting at `start`: the
    /// source had one, or a `;` stood between a `///` comment and this item.
    /// A `///` comment documents what follows it only across whitespace
    /// with at most one line break, so a `;` there (which the formatter
    /// drops) is replaced by a blank line to keep the comment detached.
    fn blank_before(&self, start: usize, first: bool) -> bool {
        let gap = self.gap(self.prev_end, start);
        let separated =
            crate::syntax::line_breaks(gap) >= 2 || (self.prev_doc && !gap.trim().is_empty());
        separated && (!first || self.prev_doc)
    }

    fn place<'a>(&mut self, comment: Comment, out: &mut Level<'a>) {
        if let Some(anchor) = self.anchor
            && crate::syntax::line_breaks(self.gap(anchor, comment.span.start())) == 0
        {
            match out.items.last_mut().map(|item| &mut item.kind) {
                Some(ItemKind::Statement(node)) => node.trailing.push(comment),
                // The anchor is only set after a statement or at the `{`.
                _ => out.open_trailing.push(comment),
            }
            self.anchor = Some(comment.span.end());
            self.prev_end = comment.span.end();
            self.prev_doc = comment.kind == CommentKind::Doc;
            return;
        }
        let blank_before = self.blank_before(comment.span.start(), out.items.is_empty());
        out.items.push(Item {
            blank_before,
            kind: ItemKind::Comment(comment),
        });
        self.anchor = None;
        self.prev_end = comment.span.end();
        self.prev_doc = comment.kind == CommentKind::Doc;
    }
}
