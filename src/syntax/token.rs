//! Tokens and the logos lexer.
//!
//! Tokens carry no data: the parser slices the text through the token's span.
//! Every byte of the input ends up in some token or in skipped horizontal
//! whitespace, so comments survive for the formatter and the language server.
//! Lexing errors become [`Tok::Error`] tokens, never panics; the parser takes
//! an error token as a value, so one bad character is reported once.

use logos::Logos;

use crate::text::{Span, bytes};

/// Why a piece of input is not a token.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum LexError {
    /// A character that starts no token.
    #[default]
    UnexpectedChar,
    /// A `"` or `"""` string with no closing quote.
    UnterminatedString,
    /// A `/*` comment with no matching `*/` (comments nest).
    UnterminatedComment,
}

#[derive(Logos, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[logos(error = LexError)]
#[logos(skip r"[ \t\f\u{FEFF}]+")]
pub enum Tok {
    /// `\n`, `\r\n`, or a lone `\r` (old Mac line ends): every way the
    /// line index ends a line ends a statement too, so `check`, the
    /// formatter and every output format count lines alike.
    #[regex(r"\r\n|\n|\r")]
    Newline,
    /// `// …`, and `/// …` doc comments (told apart by [`comment_kind`]).
    #[regex(r"//[^\n\r]*", allow_greedy = true)]
    LineComment,
    #[token("/*", block_comment)]
    BlockComment,
    /// `"…"` or `"""…"""`; escapes are decoded by [`super::literal`].
    #[token("\"", string)]
    Str,
    /// A number with an optional unit suffix: `3`, `1.5h`, `120ms`, `85%`.
    /// The unit is checked by the type checker, so `12XB` is one token with
    /// an unknown unit rather than a number followed by a name.
    #[regex(r"[0-9]", number)]
    Number,
    #[regex(r"[A-Za-z_][A-Za-z0-9_]*")]
    Ident,
    #[token("{")]
    LBrace,
    #[token("}")]
    RBrace,
    #[token(";")]
    Semi,
    #[token(",")]
    Comma,
    #[token(".")]
    Dot,
    #[token("::")]
    PathSep,
    #[token("<")]
    Lt,
    #[token("<=")]
    Le,
    #[token(">")]
    Gt,
    #[token(">=")]
    Ge,
    #[token("==")]
    EqEq,
    /// Not produced by logos: the lexer maps each error to this token.
    Error(LexError),
}

impl Tok {
    /// A number for each kind (every [`Tok::Error`] the same), for
    /// comparing tokens by one number.
    pub fn kind_number(self) -> u8 {
        match self {
            Tok::Newline => 0,
            Tok::LineComment => 1,
            Tok::BlockComment => 2,
            Tok::Str => 3,
            Tok::Number => 4,
            Tok::Ident => 5,
            Tok::LBrace => 6,
            Tok::RBrace => 7,
            Tok::Semi => 8,
            Tok::Comma => 9,
            Tok::Dot => 10,
            Tok::PathSep => 11,
            Tok::Lt => 12,
            Tok::Le => 13,
            Tok::Gt => 14,
            Tok::Ge => 15,
            Tok::EqEq => 16,
            Tok::Error(_) => 17,
        }
    }

    /// How the token is named in "expected …, found …" messages.
    pub fn describe(self) -> &'static str {
        match self {
            Tok::Newline => "end of line",
            Tok::LineComment | Tok::BlockComment => "comment",
            Tok::Str => "string",
            Tok::Number => "number",
            Tok::Ident => "name",
            Tok::LBrace => "`{`",
            Tok::RBrace => "`}`",
            Tok::Semi => "`;`",
            Tok::Comma => "`,`",
            Tok::Dot => "`.`",
            Tok::PathSep => "`::`",
            Tok::Lt => "`<`",
            Tok::Le => "`<=`",
            Tok::Gt => "`>`",
            Tok::Ge => "`>=`",
            Tok::EqEq => "`==`",
            Tok::Error(_) => "invalid token",
        }
    }

    pub fn is_trivia(self) -> bool {
        matches!(self, Tok::LineComment | Tok::BlockComment)
    }
}

impl std::fmt::Display for Tok {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.describe())
    }
}

/// The three kinds of comment the formatter must keep apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CommentKind {
    Line,
    /// `/// …`: documents the next statement.
    Doc,
    Block,
}

/// Classifies a comment token's text. `////…` is an ordinary comment, as in Rust.
pub fn comment_kind(text: &str) -> CommentKind {
    if text.starts_with("/*") {
        CommentKind::Block
    } else if text.starts_with("///") && !text.starts_with("////") {
        CommentKind::Doc
    } else {
        CommentKind::Line
    }
}

/// Lexes the whole text. Every error is an [`Tok::Error`] token with the span
/// of the offending input; lexing always reaches the end of the text.
pub fn lex(text: &str) -> Vec<(Tok, Span)> {
    let mut tokens = Vec::with_capacity(expected_tokens(text));
    tokens.extend(tokens_of(text));
    tokens
}

/// The tokens of `text` as the lexer reads them, without collecting them:
/// the parser's preparation consumes them as they come.
pub fn tokens_of(text: &str) -> impl Iterator<Item = (Tok, Span)> + '_ {
    Tok::lexer(text)
        .spanned()
        .map(|(result, range)| (result.unwrap_or_else(Tok::Error), Span::from(range)))
}

/// Room for the tokens of most files: specs average about ten bytes a
/// token, spaces included, so one every eight bytes rarely has to grow.
pub fn expected_tokens(text: &str) -> usize {
    text.len() / 8
}

/// `/*` was just read: consume up to the matching `*/`, counting nested pairs.
fn block_comment(lex: &mut logos::Lexer<Tok>) -> Result<(), LexError> {
    let rest = lex.remainder().as_bytes();
    let mut depth = 1usize;
    let mut i = 0;
    while i < rest.len() {
        match (rest[i], rest.get(i + 1)) {
            (b'/', Some(b'*')) => {
                depth += 1;
                i += 2;
            }
            (b'*', Some(b'/')) => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    lex.bump(i);
                    return Ok(());
                }
            }
            _ => i += 1,
        }
    }
    lex.bump(rest.len());
    Err(LexError::UnterminatedComment)
}

/// `"` was just read: consume a `"…"` string (which may not span lines) or a
/// `"""…"""` block. Escapes are only skipped here, decoded later.
fn string(lex: &mut logos::Lexer<Tok>) -> Result<(), LexError> {
    // The scans jump to the next byte that matters with a byte search
    // ([`bytes`]) rather than test every byte: strings are most of a spec's
    // bytes.
    let rest = lex.remainder();
    if let Some(body) = rest.strip_prefix("\"\"") {
        // A `"""` block ends at the next `"""` that is not escaped.
        let bytes = body.as_bytes();
        let mut i = 0;
        while let Some(at) = bytes::find2(b'\\', b'"', &bytes[i..]) {
            i += at;
            if bytes[i] == b'\\' {
                i += 2;
            } else if bytes[i..].starts_with(b"\"\"\"") {
                lex.bump(2 + i + 3);
                return Ok(());
            } else {
                i += 1;
            }
            if i >= bytes.len() {
                break;
            }
        }
        lex.bump(rest.len());
        return Err(LexError::UnterminatedString);
    }
    let bytes = rest.as_bytes();
    let mut i = 0;
    while let Some(at) = bytes::find3(b'\\', b'"', b'\n', &bytes[i..]) {
        // A lone `\r` ends the line too; it is rare, so it is looked for
        // only up to the byte found.
        if let Some(cr) = bytes::find(b'\r', &bytes[i..i + at]) {
            i += cr;
            break;
        }
        i += at;
        match bytes[i] {
            b'\\' if bytes.get(i + 1).is_some_and(|&b| b != b'\n' && b != b'\r') => i += 2,
            b'"' => {
                lex.bump(i + 1);
                return Ok(());
            }
            // A `\` before a line break or the end, or a line break.
            _ => break,
        }
        if i >= bytes.len() {
            break;
        }
    }
    // No closing quote: stop at the end of the line (or of the input) so
    // the next line lexes normally.
    if i < bytes.len() && !matches!(bytes[i], b'\n' | b'\r') {
        i = bytes::find2(b'\n', b'\r', &bytes[i..]).map_or(bytes.len(), |at| i + at);
    }
    lex.bump(i.min(bytes.len()));
    Err(LexError::UnterminatedString)
}

/// The first digit was just read: consume digits, `.digits` groups and a
/// unit suffix of letters or `%`.
fn number(lex: &mut logos::Lexer<Tok>) {
    let bytes = lex.remainder().as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let next_is_digit = bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        if b.is_ascii_alphanumeric() || b == b'_' || b == b'%' || (b == b'.' && next_is_digit) {
            i += 1;
        } else {
            break;
        }
    }
    lex.bump(i);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Tok> {
        lex(text).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn quantities_are_single_tokens() {
        assert_eq!(kinds("120ms 1.5h 85% 3"), vec![Tok::Number; 4]);
        assert_eq!(kinds("1.2.3ms"), vec![Tok::Number]);
        assert_eq!(kinds("3."), vec![Tok::Number, Tok::Dot]);
    }

    #[test]
    fn comments_nest_and_classify() {
        let toks = lex("/* a /* b */ c */ x");
        assert_eq!(toks[0], (Tok::BlockComment, Span::new(0, 17)));
        assert_eq!(toks[1].0, Tok::Ident);
        assert_eq!(comment_kind("/// doc"), CommentKind::Doc);
        assert_eq!(comment_kind("//// rule"), CommentKind::Line);
    }

    #[test]
    fn errors_are_tokens() {
        assert_eq!(
            kinds("\"abc\nx"),
            vec![
                Tok::Error(LexError::UnterminatedString),
                Tok::Newline,
                Tok::Ident
            ]
        );
        assert_eq!(
            kinds("/* x"),
            vec![Tok::Error(LexError::UnterminatedComment)]
        );
        assert_eq!(kinds("$"), vec![Tok::Error(LexError::UnexpectedChar)]);
        assert_eq!(kinds("\"\"\"a\n\"b\"\n\"\"\""), vec![Tok::Str]);
        assert_eq!(kinds("\"a\\\"b\""), vec![Tok::Str]);
        // An escape before a multi-byte character inside a block must not split it.
        assert_eq!(kinds("\"\"\"\\é\"\"\""), vec![Tok::Str]);
        // A `\r` ends an unterminated string, as a `\n` does.
        assert_eq!(
            lex("\"ab\rc\"")[0],
            (Tok::Error(LexError::UnterminatedString), Span::new(0, 3))
        );
    }

    /// Where a string token ends, byte by byte, as the language defines it:
    /// the closing quote not escaped, else the end of the line (an
    /// unterminated string); a `"""` block at the next unescaped `"""`,
    /// else the end of the input.
    fn string_end(text: &str) -> (usize, bool) {
        let bytes = text.as_bytes();
        if text.starts_with("\"\"\"") {
            let mut i = 3;
            while i < bytes.len() {
                if bytes[i] == b'\\' {
                    i += 2;
                } else if bytes[i..].starts_with(b"\"\"\"") {
                    return (i + 3, true);
                } else {
                    i += 1;
                }
            }
            return (bytes.len(), false);
        }
        let mut i = 1;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' | b'\r' => return (i, false),
                b'\\' if !matches!(bytes.get(i + 1), None | Some(b'\n' | b'\r')) => i += 2,
                b'"' => return (i + 1, true),
                _ => i += 1,
            }
        }
        (bytes.len(), false)
    }

    proptest::proptest! {
        /// The string scan, which jumps between the bytes that matter,
        /// ends every string where the byte-by-byte definition does.
        #[test]
        fn a_string_ends_where_the_definition_says(
            body in "(\"|\\\\|\n|\r|a|é| ){0,24}",
            block in proptest::bool::ANY,
        ) {
            let text = if block { format!("\"\"\"{body}") } else { format!("\"{body}") };
            let (end, closed) = string_end(&text);
            let first = lex(&text)[0];
            let kind = if closed { Tok::Str } else { Tok::Error(LexError::UnterminatedString) };
            proptest::prop_assert_eq!(first, (kind, Span::new(0, end)), "{:?}", text);
        }
    }
}
