//! Between the lexer and the parser: the token stream is checked for
//! balanced braces and bounded depth, trivia is set aside, and modifier
//! words are told apart from names.
//!
//! Doing this before chumsky runs keeps the parser small and its recovery
//! simple: it only ever sees balanced braces, so an unclosed `{` is reported
//! once, here, at the brace that opened it, and nesting is bounded before any
//! recursive code can overflow the stack.

use super::ast::Comment;
use super::token::{Tok, comment_kind};
use crate::diagnostics::{Diagnostic, Label, rules};
use crate::text::{FileId, Span};

/// Deeper nesting is refused before parsing. No real spec nests more than a
/// handful of blocks (spec → agent → task), and the bound keeps the
/// recursive parser far from the stack's limit in every build profile.
pub const MAX_DEPTH: usize = 64;

/// Words that start a modifier when they appear after a statement's head as
/// a bare word (not part of a path such as `x.from`). One table, read by the
/// parser, the grammar's documentation and the formatter.
pub const MODIFIER_WORDS: &[&str] = &[
    "by", "of", "from", "to", "when", "touches", "timeout", "regress", "max", "extends", "as",
    "before",
];

pub fn is_modifier_word(word: &str) -> bool {
    MODIFIER_WORDS.contains(&word)
}

/// The token kinds the parser sees; `Modifier` is an identifier in the
/// modifier table standing alone, all other kinds are [`Tok`]'s.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PTok {
    Tok(Tok),
    Modifier,
}

impl std::fmt::Display for PTok {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PTok::Tok(t) => f.write_str(t.describe()),
            PTok::Modifier => f.write_str("modifier word"),
        }
    }
}

pub struct Prepared {
    pub tokens: Vec<(PTok, Span)>,
    pub comments: Vec<Comment>,
}

/// Sets comments aside, drops the line break after a `,` (a list continues
/// on the next line), classifies modifier words and balances braces.
/// Returns `None` when nesting exceeds [`MAX_DEPTH`]: the file is not parsed
/// and that one error stands.
pub fn prepare(
    text: &str,
    file: FileId,
    raw: &[(Tok, Span)],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Prepared> {
    let mut comments = Vec::new();
    let mut tokens: Vec<(PTok, Span)> = Vec::with_capacity(raw.len());
    for &(tok, span) in raw {
        if tok.is_trivia() {
            comments.push(Comment {
                kind: comment_kind(span.text(text)),
                span,
            });
            continue;
        }
        if tok == Tok::Newline && matches!(tokens.last(), Some((PTok::Tok(Tok::Comma), _))) {
            continue;
        }
        tokens.push((PTok::Tok(tok), span));
    }
    classify_modifiers(text, &mut tokens);
    balance_braces(text, file, tokens, diagnostics).map(|tokens| Prepared { tokens, comments })
}

fn classify_modifiers(text: &str, tokens: &mut [(PTok, Span)]) {
    let is_path_sep =
        |t: Option<&(PTok, Span)>| matches!(t, Some((PTok::Tok(Tok::Dot | Tok::PathSep), _)));
    for i in 0..tokens.len() {
        let (tok, span) = tokens[i];
        if tok == PTok::Tok(Tok::Ident)
            && is_modifier_word(span.text(text))
            && !is_path_sep(tokens.get(i + 1))
            && !(i > 0 && is_path_sep(tokens.get(i - 1)))
        {
            tokens[i].0 = PTok::Modifier;
        }
    }
}

fn balance_braces(
    text: &str,
    file: FileId,
    tokens: Vec<(PTok, Span)>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<(PTok, Span)>> {
    let mut open: Vec<Span> = Vec::new();
    let mut out = Vec::with_capacity(tokens.len());
    for (tok, span) in tokens {
        match tok {
            PTok::Tok(Tok::LBrace) => {
                open.push(span);
                if open.len() > MAX_DEPTH {
                    diagnostics.push(
                        Diagnostic::new(
                            &rules::NESTING_TOO_DEEP,
                            file,
                            span,
                            format!("blocks are nested more than {MAX_DEPTH} levels deep"),
                        )
                        .with_primary_label(format!("block {} opens here", MAX_DEPTH + 1))
                        .with_note("the file was not parsed further; Charter specs nest spec → agent → task"),
                    );
                    return None;
                }
            }
            PTok::Tok(Tok::RBrace) if open.pop().is_none() => {
                diagnostics.push(
                    Diagnostic::new(&rules::UNMATCHED_DELIMITER, file, span, "unexpected `}`")
                        .with_primary_label("no block is open here")
                        .with_help("remove it, or add the `{` it was meant to close"),
                );
                continue;
            }
            _ => {}
        }
        out.push((tok, span));
    }
    let end = Span::at(text.len());
    for opened in open.iter().rev() {
        diagnostics.push(
            Diagnostic::new(&rules::UNCLOSED_DELIMITER, file, *opened, "unclosed `{`")
                .with_primary_label("this block is never closed")
                .with_label(Label::new(
                    file,
                    end,
                    "expected `}` before the end of the file",
                )),
        );
        out.push((PTok::Tok(Tok::RBrace), end));
    }
    Some(out)
}
