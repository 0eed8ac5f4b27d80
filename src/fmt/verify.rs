//! What formatting must not change: the syntax tree without its spans,
//! and the comments. Used by the formatter's own safety net and by the
//! tests.

use std::fmt::Write as _;

use crate::syntax::{Arg, SourceTree, Statement, ValueKind, parse_source};
use crate::text::FileId;

/// A span-free rendering of the tree: heads, values (strings decoded),
/// modifiers, blocks and doc comments, one statement per line. Two trees
/// mean the same exactly when their shapes are equal.
pub fn shape(tree: &SourceTree) -> String {
    let mut out = String::new();
    for statement in &tree.statements {
        shape_statement(statement, 0, &mut out);
    }
    out
}

fn shape_statement(statement: &Statement, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    if let Some(doc) = &statement.doc {
        // Whitespace at the end of a doc line is not part of its meaning.
        let lines: Vec<&str> = doc.lines().map(str::trim_end).collect();
        let _ = writeln!(out, "{pad}doc {:?}", lines.join("\n"));
    }
    let _ = write!(out, "{pad}{}", statement.head.text);
    shape_args(&statement.args, out);
    for modifier in &statement.modifiers {
        let _ = write!(out, " <{}>", modifier.keyword.text);
        shape_args(&modifier.args, out);
    }
    match &statement.block {
        Some(block) => {
            out.push_str(" {\n");
            for child in &block.statements {
                shape_statement(child, depth + 1, out);
            }
            let _ = writeln!(out, "{pad}}}");
        }
        None => out.push('\n'),
    }
}

fn shape_args(args: &[Arg], out: &mut String) {
    for arg in args {
        out.push_str(" [");
        for (i, value) in arg.values.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            let _ = match &value.kind {
                ValueKind::Str(s) => write!(out, "str{s:?}"),
                ValueKind::Number(n) => write!(out, "num({n})"),
                ValueKind::Path(p) => write!(out, "path({})", p.to_text()),
                ValueKind::Compare(op) => write!(out, "op({})", op.as_str()),
                ValueKind::Error => write!(out, "error"),
            };
        }
        out.push(']');
    }
}

/// The comments of a file as text, without trailing whitespace, sorted:
/// a multiset to compare before and after formatting.
pub fn comment_texts(text: &str, tree: &SourceTree) -> Vec<String> {
    let mut texts: Vec<String> = tree
        .comments
        .iter()
        .map(|c| c.span.text(text).trim_end().to_owned())
        .collect();
    texts.sort();
    texts
}

/// Whether `after` parses cleanly, with the same tree (modulo spans) and
/// the same comments as `before`.
pub fn equivalent(before: &str, after: &str) -> bool {
    let old = parse_source(FileId::default(), before);
    let new = parse_source(FileId::default(), after);
    new.diagnostics.is_empty()
        && shape(&old.tree) == shape(&new.tree)
        && comment_texts(before, &old.tree) == comment_texts(after, &new.tree)
}
