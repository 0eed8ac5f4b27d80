//! Between the lexer and the parser: the token stream is checked for
//! balanced braces and bounded depth, trivia is set aside, and modifier
//! words are told apart from names.
//!
//! Doing this before chumsky runs keeps the parser small and its recovery
//! simple: it only ever sees balanced braces, so an unclosed `{` is reported
//! once, here, at the brace that opened it, and nesting is bounded before any
//! recursive code can overflow the stack.

use super::ast::Comment;
use super::token::{Tok, comment_kind, expected_tokens};
use crate::diagnostics::{Diagnostic, Label, rules};
use crate::text::{FileId, Span};

/// Deeper nesting is refused before parsing. No real spec nests more than a
/// handful of blocks (spec → agent → task), and the bound keeps the
/// recursive parser far from the stack's limit in every build profile.
pub const MAX_DEPTH: usize = 64;

/// Declares the modifier table and `is_modifier_word` from one list, so they
/// cannot drift: the function is a `matches!` on the words, which the
/// compiler turns into a switch on the length and one comparison, rather
/// than a walk through the table for every identifier.
macro_rules! modifier_words {
    ($(#[$doc:meta])* $($word:literal),* $(,)?) => {
        $(#[$doc])*
        pub const MODIFIER_WORDS: &[&str] = &[$($word),*];

        pub fn is_modifier_word(word: &str) -> bool {
            matches!(word, $($word)|*)
        }
    };
}

modifier_words! {
    /// Words that start a modifier when they appear after a statement's head as
    /// a bare word (not part of a path such as `x.from`). One table, read by the
    /// parser, the grammar's documentation and the formatter.
    "by", "of", "from", "to", "when", "touches", "timeout", "regress", "max", "extends", "as",
    "before",
}

/// The token kinds the parser sees; `Modifier` is an identifier in the
/// modifier table standing alone, all other kinds are [`Tok`]'s.
#[derive(Clone, Copy, Debug, Eq)]
pub enum PTok {
    Tok(Tok),
    Modifier,
}

impl PTok {
    /// A number for each kind, [`Tok::Error`]'s reasons apart: two tokens
    /// are equal exactly when their numbers are.
    fn number(self) -> u8 {
        match self {
            PTok::Modifier => 0,
            PTok::Tok(Tok::Error(reason)) => 1 + reason as u8,
            PTok::Tok(tok) => 8 + tok.kind_number(),
        }
    }
}

/// The parser compares a token with the ones a grammar rule accepts at
/// every step: one comparison of numbers, where the derived comparison
/// took the nested enums apart first.
impl PartialEq for PTok {
    fn eq(&self, other: &Self) -> bool {
        self.number() == other.number()
    }
}

impl std::hash::Hash for PTok {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.number().hash(state);
    }
}

impl std::fmt::Display for PTok {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PTok::Tok(t) => f.write_str(t.describe()),
            PTok::Modifier => f.write_str("modifier word"),
        }
    }
}

/// The tokens the parser reads, kinds and spans apart: the parser matches
/// on the kinds alone, a plain slice, and looks a span up only for the
/// nodes it builds.
pub struct Prepared {
    pub kinds: Vec<PTok>,
    /// `spans[i]` is where `kinds[i]` stands in the source.
    pub spans: Vec<Span>,
    pub comments: Vec<Comment>,
}

impl Prepared {
    fn push(&mut self, kind: PTok, span: Span) {
        self.kinds.push(kind);
        self.spans.push(span);
    }
}

/// Sets comments aside, drops the line break after a `,` (a list continues
/// on the next line), classifies modifier words and balances braces, in one
/// pass over the tokens. Returns `None` when nesting exceeds [`MAX_DEPTH`]:
/// the file is not parsed and that one error stands.
///
/// The tokens are taken as the lexer yields them, so no list of raw tokens
/// is built only to be read once; a caller that needs the tokens after a
/// `None` passes the lexer by reference and reads on.
pub fn prepare(
    text: &str,
    file: FileId,
    raw: impl IntoIterator<Item = (Tok, Span)>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Prepared> {
    let expected = expected_tokens(text);
    let mut tokens = Prepared {
        kinds: Vec::with_capacity(expected),
        spans: Vec::with_capacity(expected),
        comments: Vec::new(),
    };
    let mut open: Vec<Span> = Vec::new();
    // The last token kept, an unmatched `}` included: line breaks after a
    // comma and the words beside a path separator are decided by it.
    let mut previous = None;
    for (tok, span) in raw {
        if tok.is_trivia() {
            tokens.comments.push(Comment {
                kind: comment_kind(span.text(text)),
                span,
            });
            continue;
        }
        if tok == Tok::Newline && previous == Some(Tok::Comma) {
            continue;
        }
        let before = previous.replace(tok);
        match tok {
            Tok::Dot | Tok::PathSep if before == Some(Tok::Ident) => {
                unmark_modifier_before(&mut tokens.kinds);
            }
            Tok::Ident if !is_path_separator(before) && is_modifier_word(span.text(text)) => {
                // A modifier unless a separator follows; see `unmark_modifier_before`.
                tokens.push(PTok::Modifier, span);
                continue;
            }
            Tok::LBrace => {
                open.push(span);
                if open.len() > MAX_DEPTH {
                    diagnostics.push(nesting_too_deep(file, span));
                    return None;
                }
            }
            Tok::RBrace if open.pop().is_none() => {
                diagnostics.push(unmatched_brace(file, span));
                continue;
            }
            _ => {}
        }
        tokens.push(PTok::Tok(tok), span);
    }
    close_open_blocks(text, file, &open, &mut tokens, diagnostics);
    Some(tokens)
}

fn is_path_separator(tok: Option<Tok>) -> bool {
    matches!(tok, Some(Tok::Dot | Tok::PathSep))
}

/// A modifier word just before a path separator starts a path (`from.x`):
/// it is a name after all. The identifier before the separator is the last
/// token in the list (identifiers are always kept).
fn unmark_modifier_before(kinds: &mut [PTok]) {
    if let Some(tok @ PTok::Modifier) = kinds.last_mut() {
        *tok = PTok::Tok(Tok::Ident);
    }
}

fn nesting_too_deep(file: FileId, span: Span) -> Diagnostic {
    Diagnostic::new(
        &rules::NESTING_TOO_DEEP,
        file,
        span,
        format!("blocks are nested more than {MAX_DEPTH} levels deep"),
    )
    .with_primary_label(format!("block {} opens here", MAX_DEPTH + 1))
    .with_note("the file was not parsed further; Charter specs nest spec → agent → task")
}

fn unmatched_brace(file: FileId, span: Span) -> Diagnostic {
    Diagnostic::new(&rules::UNMATCHED_DELIMITER, file, span, "unexpected `}`")
        .with_primary_label("no block is open here")
        .with_help("remove it, or add the `{` it was meant to close")
}

/// Reports each block still open at the end of the file, innermost first,
/// and closes it there so the parser sees balanced braces.
fn close_open_blocks(
    text: &str,
    file: FileId,
    open: &[Span],
    tokens: &mut Prepared,
    diagnostics: &mut Vec<Diagnostic>,
) {
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
        tokens.push(PTok::Tok(Tok::RBrace), end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::token::{LexError, lex};
    use proptest::prelude::*;

    /// The three passes `prepare` once made, kept as the definition the
    /// single pass must match: filter, then classify, then balance.
    fn prepare_in_passes(text: &str, raw: &[(Tok, Span)]) -> Option<Vec<(PTok, Span)>> {
        let mut tokens: Vec<(PTok, Span)> = Vec::new();
        for &(tok, span) in raw {
            let after_comma = matches!(tokens.last(), Some((PTok::Tok(Tok::Comma), _)));
            if tok.is_trivia() || (tok == Tok::Newline && after_comma) {
                continue;
            }
            tokens.push((PTok::Tok(tok), span));
        }
        let is_sep =
            |t: Option<&(PTok, Span)>| matches!(t, Some((PTok::Tok(Tok::Dot | Tok::PathSep), _)));
        for i in 0..tokens.len() {
            let (tok, span) = tokens[i];
            if tok == PTok::Tok(Tok::Ident)
                && MODIFIER_WORDS.contains(&span.text(text))
                && !is_sep(tokens.get(i + 1))
                && !(i > 0 && is_sep(tokens.get(i - 1)))
            {
                tokens[i].0 = PTok::Modifier;
            }
        }
        let mut depth = 0;
        let mut out = Vec::new();
        for (tok, span) in tokens {
            match tok {
                PTok::Tok(Tok::LBrace) if depth == MAX_DEPTH => return None,
                PTok::Tok(Tok::LBrace) => depth += 1,
                PTok::Tok(Tok::RBrace) if depth == 0 => continue,
                PTok::Tok(Tok::RBrace) => depth -= 1,
                _ => {}
            }
            out.push((tok, span));
        }
        out.extend((0..depth).map(|_| (PTok::Tok(Tok::RBrace), Span::at(text.len()))));
        Some(out)
    }

    /// Every token kind the parser can see, each error reason apart.
    fn every_ptok() -> Vec<PTok> {
        let mut all = vec![PTok::Modifier];
        let text = "\n // c\n /* c */ \"s\" 1 x { } ; , . :: < <= > >= ==";
        all.extend(lex(text).into_iter().map(|(t, _)| PTok::Tok(t)));
        for reason in [
            LexError::UnexpectedChar,
            LexError::UnterminatedString,
            LexError::UnterminatedComment,
        ] {
            all.push(PTok::Tok(Tok::Error(reason)));
        }
        all
    }

    #[test]
    fn tokens_are_equal_exactly_when_they_are_the_same_kind() {
        let all = every_ptok();
        // 17 kinds of token from the lexer, 3 errors, and modifiers.
        let distinct: std::collections::HashSet<String> =
            all.iter().map(|t| format!("{t:?}")).collect();
        assert_eq!(distinct.len(), 21, "{all:?}");
        for a in &all {
            for b in &all {
                assert_eq!(a == b, format!("{a:?}") == format!("{b:?}"), "{a:?} {b:?}");
            }
        }
    }

    const PIECES: [&str; 13] = [
        "by", "from", "x", ".", "::", "{", "}", ",", "\n", "// c\n", "/* c */", ";", "\"s\"",
    ];

    proptest! {
        #[test]
        fn one_pass_matches_the_three_passes(
            pieces in prop::collection::vec(prop::sample::select(PIECES.to_vec()), 0..40),
            deep in prop::bool::weighted(0.05),
        ) {
            let mut text = pieces.join(" ");
            if deep {
                text.insert_str(0, &"{".repeat(MAX_DEPTH));
            }
            let raw = lex(&text);
            let mut diagnostics = Vec::new();
            let one_pass = prepare(&text, FileId::new(0), raw.iter().copied(), &mut diagnostics);
            let one_pass = one_pass.map(|p| p.kinds.into_iter().zip(p.spans).collect());
            prop_assert_eq!(one_pass, prepare_in_passes(&text, &raw));
        }
    }
}
