//! The fast pass's reader of a statement's items: the grammar's `items`
//! rule as a loop over the tokens.
//!
//! The rule, as the combinators in [`super::statements`] write it:
//! ```text
//! items = (MODIFIER | arg)*          -- as many as parse, then stop
//! arg   = value ("," value)*         -- a "," not followed by a value is left
//! value = path | STRING | NUMBER | COMPARE | ERROR
//! path  = name (("." | "::") name)*  -- a separator not followed by a name is left
//! name  = IDENT | MODIFIER
//! ```
//! Nothing in it fails: each repetition stops before the first token that
//! cannot continue it, leaving that token (a trailing `,` or `.`) to the
//! rule after it, which reports it. A statement's items are most of a
//! file's tokens, and chumsky's combinators, which try each alternative
//! and rewind, spent about three instructions in four of the parse there.
//! The reporting pass still runs the combinators, for their errors; a
//! property test (`fast_pass_agrees_with_the_reporting_pass` in
//! `parser.rs`) checks that both read every input alike.

use smallvec::smallvec;

use super::{EscapeProblem, Grammar, Item, Items};
use crate::syntax::ast::{Arg, Path, PathSeparator, Value, ValueKind};
use crate::syntax::prepare::PTok;
use crate::syntax::token::Tok;

/// The items from token `at` on, and the index of the first token after
/// them. A string's bad escapes go to `escapes`.
pub(super) fn read(
    grammar: Grammar<'_>,
    at: usize,
    escapes: &mut Vec<EscapeProblem>,
) -> (Items, usize) {
    let mut reader = Reader {
        grammar,
        at,
        escapes,
    };
    let mut items = Items::default();
    loop {
        let item = if reader.peek(0) == Some(PTok::Modifier) {
            Item::Modifier(reader.name())
        } else if let Some(arg) = reader.arg() {
            Item::Arg(arg)
        } else {
            break;
        };
        items.push(item);
    }
    (items, reader.at)
}

struct Reader<'t, 'e> {
    grammar: Grammar<'t>,
    /// The index of the next token.
    at: usize,
    escapes: &'e mut Vec<EscapeProblem>,
}

impl Reader<'_, '_> {
    /// The kind of token `at + ahead`.
    fn peek(&self, ahead: usize) -> Option<PTok> {
        self.grammar.kinds.get(self.at + ahead).copied()
    }

    /// Chumsky's span of the tokens from `start` to the next one.
    fn since(&self, start: usize) -> chumsky::span::SimpleSpan {
        (start..self.at).into()
    }

    /// The next token, a name.
    fn name(&mut self) -> crate::syntax::ast::Name {
        self.at += 1;
        self.grammar.name(self.since(self.at - 1))
    }

    /// A value and those after it with a `,` between, or `None` (nothing
    /// read) when no value starts here.
    fn arg(&mut self) -> Option<Arg> {
        let start = self.at;
        let mut values = smallvec![self.value()?];
        while self.peek(0) == Some(PTok::Tok(Tok::Comma)) {
            let comma = self.at;
            self.at += 1;
            match self.value() {
                Some(value) => values.push(value),
                None => {
                    self.at = comma;
                    break;
                }
            }
        }
        Some(Arg {
            values,
            span: self.grammar.spans.of(self.since(start)),
        })
    }

    /// The value starting here, or `None` (nothing read).
    fn value(&mut self) -> Option<Value> {
        let start = self.at;
        let token = self.peek(0)?;
        let kind = if is_name(token) {
            ValueKind::Path(self.path())
        } else {
            let kind = self
                .grammar
                .single(token, (start..start + 1).into(), self.escapes)?;
            self.at += 1;
            kind
        };
        Some(Value {
            kind,
            span: self.grammar.spans.of(self.since(start)),
        })
    }

    /// A name and the names after it with a separator between.
    fn path(&mut self) -> Path {
        let mut path = Path {
            segments: smallvec![self.name()],
            separators: smallvec::SmallVec::new(),
        };
        loop {
            let separator = match self.peek(0) {
                Some(PTok::Tok(Tok::Dot)) => PathSeparator::Dot,
                Some(PTok::Tok(Tok::PathSep)) => PathSeparator::Module,
                _ => break,
            };
            if !self.peek(1).is_some_and(is_name) {
                break;
            }
            self.at += 1;
            path.separators.push(separator);
            path.segments.push(self.name());
        }
        path
    }
}

fn is_name(token: PTok) -> bool {
    matches!(token, PTok::Modifier | PTok::Tok(Tok::Ident))
}
