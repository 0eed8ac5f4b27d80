//! The fast pass: the grammar as a loop over the tokens, for a file
//! without syntax errors.
//!
//! The grammar, as the combinators in [`super::statements`] write it:
//! ```text
//! statements = sep* (statement (sep+ statement)*)? sep*
//! statement  = name items block?     -- then a separator, `}` or the end
//! block      = "{" statements "}"
//! items      = (MODIFIER | arg)*     -- as many as parse, then stop
//! arg        = value ("," value)*    -- a "," not followed by a value is left
//! value      = path | STRING | NUMBER | COMPARE | ERROR
//! path       = name (("." | "::") name)*  -- a separator not followed by a name is left
//! name       = IDENT | MODIFIER
//! ```
//! A file parses exactly when the reader reaches its end with every block
//! closed; any other token where a statement, a separator or a `}` must
//! stand fails the whole pass, and the file is parsed again by the
//! combinators, which report and recover. Nothing here needs to look back:
//! each repetition stops before the first token that cannot continue it,
//! leaving that token (a trailing `,` or `.`) to the rule after it, as the
//! combinators do. Chumsky's combinators try each alternative and rewind,
//! and spent most of the parse doing so even with errors that record
//! nothing. A property test (`fast_pass_agrees_with_the_reporting_pass` in
//! `parser.rs`) checks that both passes read every input alike.

use smallvec::smallvec;

use super::{BLOCK_STATEMENTS, EscapeProblem, Grammar, Item, Items, build_statement};
use crate::syntax::ast::{Arg, Block, Path, PathSeparator, Statement, Value, ValueKind};
use crate::syntax::prepare::PTok;
use crate::syntax::token::Tok;

/// The statements of a file without syntax errors, or `None` when it has
/// one (the reporting pass says which). A string's bad escapes go to
/// `escapes`; they are not syntax errors.
pub(super) fn parse(
    grammar: Grammar<'_>,
    escapes: &mut Vec<EscapeProblem>,
) -> Option<Vec<Statement>> {
    let mut reader = Reader {
        grammar,
        at: 0,
        escapes,
    };
    let statements = reader.statements()?;
    reader.peek(0).is_none().then_some(statements)
}

struct Reader<'t, 'e> {
    grammar: Grammar<'t>,
    /// The index of the next token.
    at: usize,
    escapes: &'e mut Vec<EscapeProblem>,
}

impl Reader<'_, '_> {
    /// The statements up to the first token that neither continues them nor
    /// separates them (a `}` or the end, in a file that parses), or `None`
    /// when a statement's block is not closed. Recursion through blocks is
    /// bounded by the nesting `prepare` allows.
    fn statements(&mut self) -> Option<Vec<Statement>> {
        let mut statements = Vec::with_capacity(BLOCK_STATEMENTS);
        self.separators();
        while self.peek(0).is_some_and(is_name) {
            statements.push(self.statement()?);
            if !self.separators() {
                break;
            }
        }
        Some(statements)
    }

    /// Skips a run of separators; `false` when there is none here.
    fn separators(&mut self) -> bool {
        let start = self.at;
        while matches!(self.peek(0), Some(PTok::Tok(Tok::Newline | Tok::Semi))) {
            self.at += 1;
        }
        self.at > start
    }

    /// A statement starting here, at a name.
    fn statement(&mut self) -> Option<Statement> {
        let start = self.at;
        let head = self.name();
        let items = self.items();
        let block = if self.peek(0) == Some(PTok::Tok(Tok::LBrace)) {
            Some(self.block()?)
        } else {
            None
        };
        Some(build_statement(
            head,
            items,
            block,
            self.grammar.spans.of(self.since(start)),
        ))
    }

    /// A block starting here, at its `{`, or `None` when no `}` closes it
    /// where its statements stop.
    fn block(&mut self) -> Option<Block> {
        let start = self.at;
        self.at += 1;
        let statements = self.statements()?;
        if self.peek(0) != Some(PTok::Tok(Tok::RBrace)) {
            return None;
        }
        self.at += 1;
        Some(Block {
            statements,
            span: self.grammar.spans.of(self.since(start)),
        })
    }

    /// A statement's items: as many as parse here.
    fn items(&mut self) -> Items {
        let mut items = Items::default();
        loop {
            let item = if self.peek(0) == Some(PTok::Modifier) {
                Item::Modifier(self.name())
            } else if let Some(arg) = self.arg() {
                Item::Arg(arg)
            } else {
                break;
            };
            items.push(item);
        }
        items
    }

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
