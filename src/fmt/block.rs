//! Printing a level (the file or a block's inside): statements one per
//! line, runs aligned in columns, blank lines kept (at most one), and
//! standalone and trailing comments in their places.

use super::layout::{Item, ItemKind, Level, Node};
use super::statement::{self, Columns, comment_text, value_text};
use super::writer::{Writer, last_line_width, width};
use super::{COMMENT_GAP, INDENT};
use crate::syntax::token::CommentKind;
use crate::syntax::{Value, ValueKind};

/// Prints the items of `level` at column `indent`. `top` is the file's
/// top level, where items with a block are set apart by a blank line.
pub fn print_level(w: &mut Writer, src: &str, level: &Level<'_>, indent: usize, top: bool) {
    let items = &level.items;
    let mut i = 0;
    while i < items.len() {
        // The layout only marks the first item when a `///` must stay detached.
        if items[i].blank_before || (i > 0 && top && forced_blank(items, i)) {
            w.newline();
        }
        let run = run_len(items, i);
        if run > 0 {
            let nodes: Vec<&Node<'_>> = items[i..i + run]
                .iter()
                .filter_map(Item::statement)
                .collect();
            print_run(w, src, &nodes, indent);
            i += run;
            continue;
        }
        match &items[i].kind {
            ItemKind::Comment(comment) => {
                w.pad_to(indent, 0);
                w.write(comment_text(src, comment));
                w.newline();
            }
            ItemKind::Statement(node) => print_block_statement(w, src, node, indent),
        }
        i += 1;
    }
}

/// The number of items from `start` that form a run: consecutive
/// statements without a block and without a blank line between them.
/// A standalone comment ends a run; a trailing comment does not.
fn run_len(items: &[Item<'_>], start: usize) -> usize {
    let simple = |item: &Item<'_>| item.statement().is_some_and(|n| n.block.is_none());
    if !items.get(start).is_some_and(simple) {
        return 0;
    }
    1 + items[start + 1..]
        .iter()
        .take_while(|item| simple(item) && !item.blank_before)
        .count()
}

/// At the top level a blank line always separates a statement from a
/// neighbouring statement with a block (`spec`, `template`), counting the
/// comments directly above a statement as part of it.
fn forced_blank(items: &[Item<'_>], i: usize) -> bool {
    let Some(previous) = items[i - 1].statement() else {
        // A comment directly above this item belongs with it.
        return false;
    };
    // A `///` at the end of the previous line documents this item; a blank
    // line would detach it.
    if previous
        .trailing
        .last()
        .is_some_and(|c| c.kind == CommentKind::Doc)
    {
        return false;
    }
    if previous.block.is_some() {
        return true;
    }
    // The statement this item starts: itself, or the one below the
    // comments that begin here, if no blank line separates them.
    let mut j = i;
    loop {
        match &items[j].kind {
            ItemKind::Statement(node) => return node.block.is_some(),
            ItemKind::Comment(_) => {
                j += 1;
                match items.get(j) {
                    Some(next) if !next.blank_before => {}
                    _ => return false,
                }
            }
        }
    }
}

/// Prints consecutive simple statements with their heads padded to one
/// column, first arguments aligned where [`first_arg_widths`] says, and
/// their trailing comments aligned to one column.
fn print_run(w: &mut Writer, src: &str, nodes: &[&Node<'_>], indent: usize) {
    let head = nodes
        .iter()
        .map(|n| width(&n.statement.head.text))
        .max()
        .unwrap_or(0);
    let first_args = first_arg_widths(src, nodes);
    let codes: Vec<String> = nodes
        .iter()
        .zip(&first_args)
        .map(|(node, &first_arg)| {
            let mut line = Writer::new();
            statement::print(&mut line, src, node, indent, Columns { head, first_arg });
            line.finish()
        })
        .collect();
    let comment_col = nodes
        .iter()
        .zip(&codes)
        .filter(|(node, _)| !node.trailing.is_empty())
        .map(|(_, code)| last_line_width(code) + COMMENT_GAP)
        .max()
        .unwrap_or(0);
    for (node, code) in nodes.iter().zip(&codes) {
        w.write(code);
        trailing(w, src, node, comment_col);
        w.newline();
    }
}

/// Which statements of a run have their first positional argument padded,
/// and to what width.
///
/// Statements are grouped: the whole run when every statement's first
/// argument is a single name (declarations such as the checks of a
/// `verify` block: `test repo_parity "…"`, `coverage db_coverage >= …`),
/// otherwise each stretch of consecutive statements with the same head
/// (`success parity "…"` above `success api "…"`). Within a group, a first
/// argument is padded to the group's widest when it is a single one-line
/// value and more follows it on the line; a list or a `"""` block is never
/// padded, and neither is an argument with nothing after it.
fn first_arg_widths(src: &str, nodes: &[&Node<'_>]) -> Vec<Option<usize>> {
    fn first_value<'a>(node: &Node<'a>) -> Option<&'a Value> {
        match node.statement.args.first().map(|a| a.values.as_slice()) {
            Some([only]) => Some(only),
            _ => None,
        }
    }
    let all_names = nodes
        .iter()
        .all(|n| first_value(n).is_some_and(|v| matches!(v.kind, ValueKind::Path(_))));
    let mut out = vec![None; nodes.len()];
    let mut start = 0;
    while start < nodes.len() {
        let end = if all_names {
            nodes.len()
        } else {
            let head = &nodes[start].statement.head.text;
            start
                + nodes[start..]
                    .iter()
                    .take_while(|n| n.statement.head.text == head)
                    .count()
        };
        let widths: Vec<Option<usize>> = nodes[start..end]
            .iter()
            .map(|node| {
                let s = node.statement;
                let more = s.args.len() > 1 || !s.modifiers.is_empty();
                let text = value_text(src, first_value(node)?);
                (more && !text.contains('\n')).then(|| width(&text))
            })
            .collect();
        let widest = widths.iter().flatten().copied().max();
        for (slot, own) in out[start..end].iter_mut().zip(&widths) {
            *slot = own.and(widest);
        }
        start = end;
    }
    out
}

/// `head args {`, the block's inside one level deeper, `}`; an empty block
/// without comments is `{}`.
fn print_block_statement(w: &mut Writer, src: &str, node: &Node<'_>, indent: usize) {
    let columns = Columns {
        head: width(&node.statement.head.text),
        first_arg: None,
    };
    statement::print(w, src, node, indent, columns);
    match &node.block {
        Some(level) if level.items.is_empty() && level.open_trailing.is_empty() => w.write("}"),
        Some(level) => {
            comments_after(w, src, &level.open_trailing, 0);
            w.newline();
            print_level(w, src, level, indent + INDENT, false);
            w.pad_to(indent, 0);
            w.write("}");
        }
        None => {}
    }
    trailing(w, src, node, 0);
    w.newline();
}

/// The node's trailing comments, from column `col` (at least
/// [`COMMENT_GAP`] spaces after the code).
fn trailing(w: &mut Writer, src: &str, node: &Node<'_>, col: usize) {
    comments_after(w, src, &node.trailing, col);
}

fn comments_after(w: &mut Writer, src: &str, comments: &[crate::syntax::Comment], col: usize) {
    for (i, comment) in comments.iter().enumerate() {
        if i == 0 {
            w.pad_to(col, COMMENT_GAP);
        } else {
            w.space(1);
        }
        w.write(comment_text(src, comment));
    }
}
