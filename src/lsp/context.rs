//! Where the cursor is in the language: which block, which statement, and
//! what is being typed. Read from tokens rather than the tree, so it works
//! on the half-typed text completion is asked about (an unclosed `{`, a
//! statement with no arguments yet).

use crate::semantic::table::{self, Context, StatementSpec};
use crate::syntax::Span;
use crate::syntax::token::{Tok, lex};

/// The cursor's surroundings.
#[derive(Clone, Debug)]
pub struct CursorContext {
    /// The kind of block the cursor is in; `None` inside a block of an
    /// unknown statement.
    pub block: Option<Context>,
    /// The current statement's head, when the cursor is past it.
    pub head: Option<String>,
    /// The statement's words after the head, up to the cursor.
    pub words: Vec<String>,
    /// The word or number being typed, up to the cursor.
    pub prefix: String,
    pub prefix_span: Span,
    /// `std::` was just typed.
    pub after_module_separator: bool,
    /// `x.` was just typed: the word before the dot.
    pub after_dot: Option<String>,
}

impl CursorContext {
    pub fn statement(&self) -> Option<&'static StatementSpec> {
        table::lookup(self.block?, self.head.as_deref()?)
    }
}

/// The context at byte `offset` of `text`.
pub fn at(text: &str, offset: usize) -> CursorContext {
    let offset = offset.min(text.len());
    let mut stack: Vec<Option<Context>> = vec![Some(Context::File)];
    let mut head: Option<String> = None;
    let mut words: Vec<String> = Vec::new();
    let mut prefix = (String::new(), Span::at(offset));
    let mut continues = false;
    for (tok, span) in lex(text) {
        if span.start() >= offset {
            break;
        }
        let word = span.text(text);
        if span.end() >= offset && matches!(tok, Tok::Ident | Tok::Number) {
            // The word under the cursor is what is being typed.
            prefix = (
                word[..offset - span.start()].to_owned(),
                Span::new(span.start(), offset),
            );
            break;
        }
        match tok {
            Tok::Newline | Tok::Semi if !continues => {
                head = None;
                words.clear();
            }
            Tok::LBrace => {
                let top = stack.last().copied().flatten();
                let child = top
                    .zip(head.as_deref())
                    .and_then(|(c, h)| table::lookup(c, h))
                    .and_then(|s| s.block);
                stack.push(child);
                head = None;
                words.clear();
            }
            Tok::RBrace => {
                if stack.len() > 1 {
                    stack.pop();
                }
                head = None;
                words.clear();
            }
            Tok::Ident => {
                if head.is_none() {
                    head = Some(word.to_owned());
                } else {
                    words.push(word.to_owned());
                }
            }
            _ => {}
        }
        if !matches!(tok, Tok::Newline | Tok::LineComment | Tok::BlockComment) {
            continues = tok == Tok::Comma;
        }
    }
    let block = stack.last().copied().flatten();
    let text_before = &text[..prefix.1.start()];
    let after_module_separator = text_before.ends_with("::");
    let after_dot = text_before.strip_suffix('.').map(|before| {
        before
            .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .next()
            .unwrap_or("")
            .to_owned()
    });
    CursorContext {
        block,
        head,
        words,
        prefix: prefix.0,
        prefix_span: prefix.1,
        after_module_separator,
        after_dot,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_block_and_the_statement_being_typed() {
        let text = "spec s {\n    agent a {\n        task t {\n            aft";
        let cx = at(text, text.len());
        assert_eq!(cx.block, Some(Context::Task));
        assert_eq!(cx.head, None);
        assert_eq!(cx.prefix, "aft");

        let text = "spec s {\n    intent {\n        success x \"y\" by test.";
        let cx = at(text, text.len());
        assert_eq!(cx.block, Some(Context::Intent));
        assert_eq!(cx.head.as_deref(), Some("success"));
        assert_eq!(cx.words, ["x", "by", "test"]);
        assert_eq!(cx.after_dot.as_deref(), Some("test"));

        let text = "use std::";
        let cx = at(text, text.len());
        assert!(cx.after_module_separator);
        assert_eq!(cx.block, Some(Context::File));
    }
}
