//! The chumsky parser: prepared tokens → [`SourceTree`].
//!
//! Grammar (normative version: `grammar/charter.ebnf`):
//! ```text
//! file      = sep* (statement (sep+ statement)*)? sep*
//! statement = name item* block?            -- followed by sep, `}` or end
//! item      = MODIFIER | value ("," value)*
//! block     = "{" sep* (statement (sep+ statement)*)? sep* "}"
//! ```
//! Recovery is at the statement: a statement that does not parse is
//! reported and skipped to the end of its line (with any block it opens),
//! so independent errors on other lines are all reported.
//!
//! A file is parsed first by a fast pass, the same grammar as a loop over
//! the tokens that records no errors ([`fast`]); only a file it fails on is
//! parsed by these combinators, with rich errors and recovery, to report
//! them.

use chumsky::prelude::*;
use smallvec::{SmallVec, smallvec};

use super::ast::*;
use super::literal::decode_string;
use super::prepare::PTok;
use super::token::Tok;
use crate::diagnostics::{Diagnostic, rules};
use crate::text::{FileId, Span as ByteSpan};

mod fast;

/// The prepared tokens' kinds, a plain slice: chumsky's cheapest input.
/// Its spans count tokens; [`Spans`] turns them into byte spans.
type ParserInput<'t> = &'t [PTok];

/// The byte span of each token, for turning chumsky's token spans into
/// the source's.
#[derive(Clone, Copy)]
struct Spans<'t> {
    spans: &'t [ByteSpan],
    /// The end of the source: where a span at the end of input stands.
    eoi: usize,
}

impl Spans<'_> {
    /// The bytes of tokens `range.start..range.end`: from the first one's
    /// start to the last one's end. An empty range stands where token
    /// `range.start` starts, or at the end of the source.
    fn of(self, range: SimpleSpan) -> ByteSpan {
        let first = self.spans.get(range.start);
        let last = range
            .end
            .checked_sub(1)
            .filter(|&last| last >= range.start)
            .and_then(|last| self.spans.get(last));
        match (first, last) {
            (Some(first), Some(last)) => ByteSpan::new(first.start(), last.end()),
            (Some(first), None) => ByteSpan::at(first.start()),
            (None, _) => ByteSpan::at(self.eoi),
        }
    }
}

/// What both passes read of a file: the source (for names, numbers and
/// strings), every token's kind (the fast pass reads them by index;
/// chumsky's actions are handed theirs) and byte span.
#[derive(Clone, Copy)]
struct Grammar<'t> {
    src: &'t str,
    kinds: &'t [PTok],
    spans: Spans<'t>,
}

impl Grammar<'_> {
    /// The name written as the token at `tokens`.
    fn name(self, tokens: SimpleSpan) -> Name {
        let span = self.spans.of(tokens);
        Name {
            text: span.text(self.src).into(),
            span,
        }
    }

    /// The value of `token` (at `tokens`) when it is a value of one token:
    /// every value but a path. A string's bad escapes go to `escapes`.
    fn single(
        self,
        token: PTok,
        tokens: SimpleSpan,
        escapes: &mut Vec<EscapeProblem>,
    ) -> Option<ValueKind> {
        Some(match token {
            PTok::Tok(Tok::Str) => {
                let span = self.spans.of(tokens);
                let (value, errors) = decode_string(span.text(self.src), span.start());
                escapes.extend(errors.into_iter().map(|err| EscapeProblem {
                    span: err.span,
                    message: err.message,
                }));
                ValueKind::Str(value)
            }
            PTok::Tok(Tok::Number) => {
                ValueKind::Number(self.spans.of(tokens).text(self.src).into())
            }
            PTok::Tok(Tok::Le) => ValueKind::Compare(CompareOp::Le),
            PTok::Tok(Tok::Ge) => ValueKind::Compare(CompareOp::Ge),
            PTok::Tok(Tok::Lt) => ValueKind::Compare(CompareOp::Lt),
            PTok::Tok(Tok::Gt) => ValueKind::Compare(CompareOp::Gt),
            PTok::Tok(Tok::EqEq) => ValueKind::Compare(CompareOp::Eq),
            // Input the lexer could not read, already reported.
            PTok::Tok(Tok::Error(_)) => ValueKind::Error,
            _ => return None,
        })
    }
}

/// The reporting pass's extra: rich errors, and the escape problems
/// found while decoding strings as state.
type Extra<'t> = extra::Full<Rich<'t, PTok>, extra::SimpleState<Vec<EscapeProblem>>, ()>;

/// A bad escape found while building a string value, reported after parsing.
#[derive(Clone, Debug)]
pub struct EscapeProblem {
    pub span: ByteSpan,
    pub message: String,
}

/// An item after the head, before positional arguments and modifiers are told apart.
#[derive(Clone)]
enum Item {
    Modifier(Name),
    Arg(Arg),
}

/// A statement's items, sorted as they are parsed: the arguments before
/// the first modifier word are positional, the others belong to the
/// modifier before them. Collected straight from the parser, so no list
/// of items is built only to be taken apart.
#[derive(Default)]
struct Items {
    args: Vec<Arg>,
    modifiers: Vec<Modifier>,
}

impl Items {
    /// Files `item` after the items so far.
    fn push(&mut self, item: Item) {
        match item {
            Item::Modifier(keyword) => push_sized(
                &mut self.modifiers,
                Modifier {
                    keyword,
                    args: SmallVec::new(),
                },
            ),
            Item::Arg(arg) => match self.modifiers.last_mut() {
                Some(modifier) => modifier.args.push(arg),
                None => push_sized(&mut self.args, arg),
            },
        }
    }
}

/// Pushes `item`, giving an empty list room for [`FIRST_ITEMS`].
///
/// `Vec`'s first push makes room for four, through its grow path: a
/// statement's arguments took 512 bytes however few there were, 236 of
/// the 1,139 KB the 58-file check holds at its peak. Most statements have
/// one or two positional arguments and at most one modifier.
fn push_sized<T>(list: &mut Vec<T>, item: T) {
    if list.capacity() == 0 {
        *list = Vec::with_capacity(FIRST_ITEMS);
    }
    list.push(item);
}

/// The room a statement's first argument or modifier gets ([`push_sized`]):
/// room for one cost more instructions (a second argument grows the list)
/// and saved few pages more.
const FIRST_ITEMS: usize = 2;

impl FromIterator<Item> for Items {
    fn from_iter<T: IntoIterator<Item = Item>>(items: T) -> Self {
        let mut sorted = Items::default();
        for item in items {
            sorted.push(item);
        }
        sorted
    }
}

/// The room both passes give a list of statements at once: grown from
/// nothing (chumsky cannot tell the length ahead), a block of a dozen was
/// moved twice as it grew; room for four cost more instructions for 6
/// fewer page faults (stop 37).
const BLOCK_STATEMENTS: usize = 8;

/// A list of statements as recovery leaves them: a statement skipped whole
/// is `None`, and is dropped as the list is collected rather than by a
/// second pass over it.
struct Statements(Vec<Statement>);

impl FromIterator<Option<Statement>> for Statements {
    fn from_iter<T: IntoIterator<Item = Option<Statement>>>(statements: T) -> Self {
        let mut list = Vec::with_capacity(BLOCK_STATEMENTS);
        list.extend(statements.into_iter().flatten());
        Statements(list)
    }
}

fn tok(t: Tok) -> PTok {
    PTok::Tok(t)
}

/// The grammar as combinators: the reporting pass.
fn statements<'t>(
    grammar: Grammar<'t>,
) -> impl Parser<'t, ParserInput<'t>, Vec<Statement>, Extra<'t>> + Clone {
    let spans = grammar.spans;
    let sep = one_of([tok(Tok::Newline), tok(Tok::Semi)])
        .repeated()
        .at_least(1);

    let name = one_of([tok(Tok::Ident), PTok::Modifier])
        .map_with(move |_, e| grammar.name(e.span()))
        .labelled("name");

    // One token test for both separators rather than an alternative each:
    // after most paths neither follows, and each alternative would fail.
    // The tokens expected are the same.
    let path_separator = one_of([tok(Tok::Dot), tok(Tok::PathSep)]).map(|separator| {
        if separator == tok(Tok::Dot) {
            PathSeparator::Dot
        } else {
            PathSeparator::Module
        }
    });
    let path = name
        .map(|first| Path {
            segments: smallvec![first],
            separators: SmallVec::new(),
        })
        .foldl(
            path_separator.then(name).repeated(),
            |mut path, (separator, segment)| {
                path.separators.push(separator);
                path.segments.push(segment);
                path
            },
        )
        .map(ValueKind::Path);

    // Every value but a path is one token: one match on it, rather than an
    // alternative tried per kind of token.
    let single = chumsky::primitive::select(move |token, e| {
        let tokens = e.span();
        let state: &mut extra::SimpleState<Vec<EscapeProblem>> = e.state();
        grammar.single(token, tokens, &mut state.0)
    });

    // A path first, as most values are names; no token starts both.
    let value = choice((path, single))
        .map_with(move |kind, e| Value {
            kind,
            span: spans.of(e.span()),
        })
        .labelled("value");

    let arg = value
        .separated_by(just(tok(Tok::Comma)))
        .at_least(1)
        .collect::<SmallVec<_>>()
        .map_with(move |values, e| Arg {
            values,
            span: spans.of(e.span()),
        });

    let modifier = just(PTok::Modifier).map_with(move |_, e| grammar.name(e.span()));
    let items = choice((modifier.map(Item::Modifier), arg.map(Item::Arg)))
        .repeated()
        .collect::<Items>();

    let statement_end = choice((
        one_of([tok(Tok::Newline), tok(Tok::Semi), tok(Tok::RBrace)]).ignored(),
        end(),
    ))
    .rewind();

    // Any balanced run of tokens, line breaks included: the inside of a block.
    let balanced = recursive(|balanced| {
        choice((
            balanced
                .delimited_by(just(tok(Tok::LBrace)), just(tok(Tok::RBrace)))
                .ignored(),
            none_of([tok(Tok::LBrace), tok(Tok::RBrace)]).ignored(),
        ))
        .repeated()
    });
    // Skips the rest of a statement that failed to parse, with any block it opens.
    let skip_statement = choice((
        balanced
            .delimited_by(just(tok(Tok::LBrace)), just(tok(Tok::RBrace)))
            .ignored(),
        none_of([
            tok(Tok::Newline),
            tok(Tok::Semi),
            tok(Tok::LBrace),
            tok(Tok::RBrace),
        ])
        .ignored(),
    ))
    .repeated()
    .at_least(1)
    .boxed();

    recursive(move |statements| {
        let block = statements
            .delimited_by(just(tok(Tok::LBrace)), just(tok(Tok::RBrace)))
            .map_with(move |statements, e| Block {
                statements,
                span: spans.of(e.span()),
            });

        // A statement that does not parse is kept as far as it got: its
        // head, the arguments before the first bad token and the block it
        // opens, so a half-typed line does not hide the tasks under it from
        // the model, completion and hover. Only a statement without even a
        // head is dropped.
        let junk = none_of([
            tok(Tok::Newline),
            tok(Tok::Semi),
            tok(Tok::LBrace),
            tok(Tok::RBrace),
        ])
        .repeated()
        .at_least(1);
        let partial = name
            .then(items)
            .then_ignore(junk)
            .then(block.clone().or_not())
            .then_ignore(statement_end)
            .map_with(move |((head, items), block), e| {
                let mut statement = build_statement(head, items, block, spans.of(e.span()));
                statement.partial = true;
                Some(statement)
            });
        // A statement fails where a token that cannot follow it stands, so
        // that recovery starts right there: first keeping what parsed, else
        // skipping the statement whole.
        let statement = name
            .then(items)
            .then(block.or_not())
            .then_ignore(statement_end)
            .map_with(move |((head, items), block), e| {
                Some(build_statement(head, items, block, spans.of(e.span())))
            })
            .recover_with(via_parser(partial))
            .recover_with(via_parser(
                skip_statement
                    .clone()
                    .then(statement_end)
                    .map(|_| None::<Statement>),
            ));

        sep.or_not()
            .ignore_then(
                statement
                    .separated_by(sep)
                    .allow_trailing()
                    .collect::<Statements>(),
            )
            .map(|statements: Statements| statements.0)
    })
}

fn build_statement(head: Name, items: Items, block: Option<Block>, span: ByteSpan) -> Statement {
    Statement {
        head,
        args: items.args,
        modifiers: items.modifiers,
        block,
        doc: None,
        span,
        partial: false,
    }
}

/// Parses prepared tokens; syntax errors are appended to `diagnostics`.
pub fn parse_tokens(
    src: &str,
    file: FileId,
    kinds: &[PTok],
    spans: &[ByteSpan],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Statement> {
    let spans = Spans {
        spans,
        eoi: src.len(),
    };
    let grammar = Grammar { src, kinds, spans };
    let mut escapes = extra::SimpleState(Vec::new());
    // Most files parse: a first pass that records no expectations and does
    // not recover answers for them at a fraction of the cost. Only a file
    // with a syntax error is parsed again, with rich errors and recovery,
    // to report it.
    let (output, errors) = match fast::parse(grammar, &mut escapes.0) {
        Some(statements) => (Some(statements), Vec::new()),
        None => {
            escapes.0.clear();
            statements(grammar)
                .then_ignore(end())
                .parse_with_state(kinds, &mut escapes)
                .into_output_errors()
        }
    };
    for error in errors {
        // An invalid token was reported by the lexer already.
        if matches!(error.found(), Some(PTok::Tok(Tok::Error(_)))) {
            continue;
        }
        diagnostics.push(syntax_error(file, spans, &error));
    }
    for escape in escapes.0 {
        diagnostics.push(Diagnostic::new(
            &rules::INVALID_LITERAL,
            file,
            escape.span,
            escape.message,
        ));
    }
    output.unwrap_or_default()
}

fn syntax_error(file: FileId, spans: Spans<'_>, error: &Rich<'_, PTok>) -> Diagnostic {
    let found = match error.found() {
        Some(t) => t.to_string(),
        None => "end of file".to_owned(),
    };
    let mut expected: Vec<String> = error
        .expected()
        .filter_map(|pattern| match pattern {
            chumsky::error::RichPattern::Token(t) => Some(describe_expected(**t)),
            chumsky::error::RichPattern::Label(l) => Some(l.to_string()),
            chumsky::error::RichPattern::EndOfInput => Some("end of statement".to_owned()),
            chumsky::error::RichPattern::Identifier(s) => Some(format!("`{s}`")),
            _ => None,
        })
        .collect();
    expected.sort();
    expected.dedup();
    let mut span = spans.of(*error.span());
    if error.found() == Some(&PTok::Tok(Tok::Newline)) {
        // Point at the end of the line, not across the line break.
        span = ByteSpan::at(span.start());
    }
    let message = if expected.is_empty() {
        format!("unexpected {found}")
    } else {
        format!("expected {}, found {found}", join_or(&expected))
    };
    Diagnostic::new(&rules::UNEXPECTED_TOKEN, file, span, message)
        .with_primary_label(format!("unexpected {found}"))
}

/// Names what was expected in the user's terms: whatever can end a statement
/// is "end of statement", and a modifier word is one kind of value.
fn describe_expected(t: PTok) -> String {
    match t {
        PTok::Tok(Tok::Semi | Tok::Newline | Tok::RBrace) => "end of statement".to_owned(),
        PTok::Modifier => "value".to_owned(),
        other => other.to_string(),
    }
}

/// `a`, `a or b`, `a, b or c`.
fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What a pass read of `text`: its statements (`None` when it failed),
    /// how many syntax errors it reported and how many bad escapes it found.
    type Reading = (Option<Vec<Statement>>, usize, usize);

    fn grammar<'t>(text: &'t str, kinds: &'t [PTok], byte_spans: &'t [ByteSpan]) -> Grammar<'t> {
        Grammar {
            src: text,
            kinds,
            spans: Spans {
                spans: byte_spans,
                eoi: text.len(),
            },
        }
    }

    /// The fast pass over `text`; a failure counts as one error.
    fn fast_pass(text: &str, kinds: &[PTok], byte_spans: &[ByteSpan]) -> Reading {
        let mut escapes = Vec::new();
        let output = fast::parse(grammar(text, kinds, byte_spans), &mut escapes);
        let errors = usize::from(output.is_none());
        (output, errors, escapes.len())
    }

    /// Both passes over `text`, fast first, after lexing and preparing it
    /// as `parse_source` does; `None` when `prepare` refuses the file.
    fn both_passes(text: &str) -> Option<(Reading, Reading)> {
        let raw = crate::syntax::token::lex(text);
        let mut diagnostics = Vec::new();
        let prepared = crate::syntax::prepare::prepare(
            text,
            FileId::new(0),
            raw.iter().copied(),
            &mut diagnostics,
        )?;
        Some((
            fast_pass(text, &prepared.kinds, &prepared.spans),
            reporting_pass(text, &prepared.kinds, &prepared.spans),
        ))
    }

    /// The reporting pass over `text`, as `parse_tokens` runs it.
    fn reporting_pass(text: &str, kinds: &[PTok], byte_spans: &[ByteSpan]) -> Reading {
        let mut escapes = extra::SimpleState(Vec::new());
        let (output, errors) = statements(grammar(text, kinds, byte_spans))
            .then_ignore(end())
            .parse_with_state(kinds, &mut escapes)
            .into_output_errors();
        (output, errors.len(), escapes.0.len())
    }

    const NOISE: [&str; 12] = [
        "{",
        "}",
        ",",
        ".",
        "::",
        "<=",
        "@",
        "(",
        ";",
        "\n",
        "\"a\\qb\"",
        "/// doc\n",
    ];

    /// A well-formed statement: a head, values and modifiers, and maybe a block.
    fn statement() -> impl Strategy<Value = String> {
        let word = prop::sample::select(vec!["spec", "agent", "x", "write", "task_1"]);
        let value = prop::sample::select(vec![
            "\"s\"",
            "12ms",
            "<=",
            "a.b",
            "std::refactor",
            "by",
            "after",
            "3",
            "\"\"\"\n  t\n  \"\"\"",
        ]);
        let args =
            prop::collection::vec(prop::collection::vec(value, 1..3), 0..3).prop_map(|args| {
                args.iter()
                    .map(|values| values.join(", "))
                    .collect::<Vec<_>>()
                    .join(" ")
            });
        let line = (word, args).prop_map(|(head, args)| format!("{head} {args}"));
        line.prop_recursive(3, 12, 4, |inner| {
            (
                prop::sample::select(vec!["agent a", "task t", "spec s"]),
                prop::collection::vec(inner, 0..4),
            )
                .prop_map(|(head, body)| format!("{head} {{\n{}\n}}", body.join("\n")))
        })
    }

    /// Both passes over every spec the repository holds (the fixtures,
    /// the standard library, the language reference's examples): the
    /// fast pass fails exactly where the reporting pass reports an error,
    /// and reads the same tree everywhere else.
    #[test]
    fn fast_pass_agrees_with_the_reporting_pass_on_every_fixture() {
        let root = env!("CARGO_MANIFEST_DIR");
        let (mut parsed, mut failed) = (0, 0);
        for entry in ignore::Walk::new(root).flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "charter") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let Some((fast, rich)) = both_passes(&text) else {
                continue;
            };
            assert_eq!(
                fast.1 == 0,
                rich.1 == 0,
                "error or not, in {}",
                path.display()
            );
            if rich.1 == 0 {
                assert_eq!(fast, rich, "tree of {}", path.display());
                parsed += 1;
            } else {
                failed += 1;
            }
        }
        // The corpus holds both: specs that parse, and the syntax fixtures.
        assert!(
            parsed >= 100 && failed >= 5,
            "{parsed} parsed, {failed} failed"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// The fast pass (no error recording) and the reporting pass agree
        /// on whether a file has syntax errors, and on its tree when it
        /// has none: the fast pass may answer alone only then.
        #[test]
        fn fast_pass_agrees_with_the_reporting_pass(
            statements in prop::collection::vec(statement(), 0..6),
            between in prop::sample::select(vec!["\n", "; ", " "]),
            noise in prop::collection::vec((0usize..400, prop::sample::select(NOISE.to_vec())), 0..3),
        ) {
            // Statements, well-formed on lines of their own, with a few
            // pieces of noise spliced in; written on one line (joined by a
            // space), the words of one are the next one's arguments, and a
            // statement after a block's `}` is an error.
            let mut text: String = statements.join(between);
            for (at, piece) in noise {
                let at = (at..=text.len()).find(|&i| text.is_char_boundary(i)).unwrap_or(text.len());
                text.insert_str(at, piece);
            }
            let Some((fast, rich)) = both_passes(&text) else {
                return Ok(());
            };
            prop_assert_eq!(fast.1 == 0, rich.1 == 0, "error or not, for {:?}", text);
            if rich.1 == 0 {
                prop_assert_eq!(fast, rich, "tree of {:?}", text);
            }
        }
    }
}
