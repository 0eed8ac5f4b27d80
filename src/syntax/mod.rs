//! The front end: text → tokens → prepared tokens → syntax tree, with every
//! problem returned as a [`Diagnostic`] value.

pub mod ast;
pub mod literal;
pub mod parser;
pub mod prepare;

pub mod token;

pub use crate::text::Span;
pub use ast::*;
pub use prepare::{MAX_DEPTH, MODIFIER_WORDS, is_modifier_word};

use crate::diagnostics::{Diagnostic, rules};
use crate::text::FileId;
use token::{CommentKind, LexError, Tok};

/// A file's syntax tree with the syntax diagnostics found on the way.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ParsedFile {
    pub tree: SourceTree,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses one file's text. Never panics; every problem is a diagnostic.
pub fn parse_source(file: FileId, text: &str) -> ParsedFile {
    // Lexing, reporting the lexer's errors and preparing the tokens are one
    // pass: the errors are gathered apart as the tokens go by.
    let mut lex_errors = Vec::new();
    let mut raw = token::tokens_of(text).inspect(|&(tok, span)| {
        if let Tok::Error(error) = tok {
            lex_errors.push(lex_error(file, text, error, span));
        }
    });
    let mut brace_errors = Vec::new();
    let prepared = prepare::prepare(text, file, raw.by_ref(), &mut brace_errors);
    // A file nested too deep is not parsed, but every bad token in it is
    // still reported.
    raw.for_each(drop);
    let mut diagnostics = lex_errors;
    diagnostics.append(&mut brace_errors);
    let Some(prepared) = prepared else {
        return ParsedFile {
            tree: SourceTree::default(),
            diagnostics,
        };
    };
    let mut statements = parser::parse_tokens(
        text,
        file,
        &prepared.kinds,
        &prepared.spans,
        &mut diagnostics,
    );
    attach_docs(text, &prepared.comments, &mut statements);
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    ParsedFile {
        tree: SourceTree {
            statements,
            comments: prepared.comments,
        },
        diagnostics,
    }
}

/// The diagnostic for a file that is not UTF-8: one error at the first bad byte.
pub fn invalid_utf8(file: FileId, offset: usize) -> Diagnostic {
    Diagnostic::new(
        &rules::INVALID_UTF8,
        file,
        Span::at(offset),
        format!("the file is not valid UTF-8 (first bad byte at offset {offset})"),
    )
    .with_primary_label("the first byte that is not UTF-8")
    .with_note("Charter sources are UTF-8; the file was not parsed")
}

/// The diagnostic for a token the lexer could not read.
///
/// Cold and never inlined: the test for an error token runs at every token,
/// and with this built inside it the test was a call per token.
#[cold]
#[inline(never)]
fn lex_error(file: FileId, text: &str, error: LexError, span: Span) -> Diagnostic {
    match error {
        LexError::UnexpectedChar => {
            let ch = span.text(text).chars().next().unwrap_or('\u{FFFD}');
            let shown = if ch.is_control() || ch == '\u{0}' {
                format!("U+{:04X}", ch as u32)
            } else {
                format!("`{ch}`")
            };
            let what = if ch == '\0' {
                "NUL byte".to_owned()
            } else {
                format!("character {shown}")
            };
            Diagnostic::new(
                &rules::INVALID_CHARACTER,
                file,
                span,
                format!("unexpected {what}"),
            )
            .with_primary_label("no token starts with this")
        }
        LexError::UnterminatedString => Diagnostic::new(
            &rules::UNTERMINATED_STRING,
            file,
            Span::new(span.start(), span.start() + 1),
            "unterminated string",
        )
        .with_primary_label("this string is never closed")
        .with_help(if span.text(text).starts_with("\"\"\"") {
            "close the block with `\"\"\"`"
        } else {
            "close it with `\"` on the same line, or use `\"\"\"` for text over several lines"
        }),
        LexError::UnterminatedComment => Diagnostic::new(
            &rules::UNTERMINATED_COMMENT,
            file,
            Span::new(span.start(), span.start() + 2),
            "unterminated block comment",
        )
        .with_primary_label("this comment is never closed")
        .with_help("close it with `*/`; block comments nest, so each `/*` needs its own `*/`"),
    }
}

/// Gives each statement the text of the `///` comments directly above it.
fn attach_docs(text: &str, comments: &[ast::Comment], statements: &mut [Statement]) {
    let docs: Vec<&ast::Comment> = comments
        .iter()
        .filter(|c| c.kind == CommentKind::Doc)
        .collect();
    if docs.is_empty() {
        return;
    }
    attach_docs_in(text, &docs, &mut 0, statements);
}

/// Line breaks in `text` as the lexer counts them: `\n`, `\r\n` and a lone
/// `\r` are one each, so a CR-only file attaches docs and keeps blank lines
/// the way its `\n` twin does.
pub fn line_breaks(text: &str) -> usize {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count()
}

/// `passed` counts the doc comments that end before the statement last
/// visited. Statements are visited in source order (a head before its
/// block), so it only grows; a statement before which it did not grow has
/// the previous statement's head between it and every doc comment above,
/// so it has no doc and its text is not read.
fn attach_docs_in(
    text: &str,
    docs: &[&ast::Comment],
    passed: &mut usize,
    statements: &mut [Statement],
) {
    for statement in statements {
        let before = *passed;
        while docs
            .get(*passed)
            .is_some_and(|c| c.span.end() <= statement.span.start())
        {
            *passed += 1;
        }
        if *passed > before {
            statement.doc = doc_above(text, &docs[..*passed], statement.span.start());
        }
        if let Some(block) = &mut statement.block {
            attach_docs_in(text, docs, passed, &mut block.statements);
        }
    }
}

/// The text of the doc comments that end before `start`, walking up while
/// only whitespace separates each from what follows it.
fn doc_above(text: &str, docs: &[&ast::Comment], start: usize) -> Option<String> {
    let mut end = start;
    let mut lines = Vec::new();
    for comment in docs.iter().rev() {
        let between = text.get(comment.span.end()..end).unwrap_or("x");
        if !between.chars().all(char::is_whitespace) || line_breaks(between) > 1 {
            break;
        }
        let line = comment.span.text(text).trim_start_matches("///");
        lines.push(line.strip_prefix(' ').unwrap_or(line).to_owned());
        end = comment.span.start();
    }
    if lines.is_empty() {
        return None;
    }
    lines.reverse();
    Some(lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The docs found by looking above every statement, as before the
    /// cursor: the definition `attach_docs_in` must match.
    fn docs_found_above_each(
        text: &str,
        docs: &[&ast::Comment],
        statements: &[Statement],
        out: &mut Vec<Option<String>>,
    ) {
        for statement in statements {
            let first_after = docs.partition_point(|c| c.span.end() <= statement.span.start());
            out.push(doc_above(
                text,
                &docs[..first_after],
                statement.span.start(),
            ));
            if let Some(block) = &statement.block {
                docs_found_above_each(text, docs, &block.statements, out);
            }
        }
    }

    fn docs_attached(statements: &[Statement], out: &mut Vec<Option<String>>) {
        for statement in statements {
            out.push(statement.doc.clone());
            docs_attached(statement.children(), out);
        }
    }

    const PIECES: [&str; 12] = [
        "/// d\n", "/// e ", "// c\n", "/* c */", "\n", "\r\n", "a ", "b x\n", "t {\n", "}\n",
        "x; y\n", "  ",
    ];

    proptest! {
        #[test]
        fn the_cursor_attaches_what_looking_above_each_statement_finds(
            pieces in prop::collection::vec(prop::sample::select(PIECES.to_vec()), 0..30),
        ) {
            let text = pieces.concat();
            let parsed = parse_source(FileId::new(0), &text);
            let docs: Vec<&ast::Comment> = parsed
                .tree
                .comments
                .iter()
                .filter(|c| c.kind == CommentKind::Doc)
                .collect();
            let mut expected = Vec::new();
            docs_found_above_each(&text, &docs, &parsed.tree.statements, &mut expected);
            let mut attached = Vec::new();
            docs_attached(&parsed.tree.statements, &mut attached);
            prop_assert_eq!(attached, expected, "{:?}", text);
        }
    }
}
