/**
 * @file Tree-sitter grammar for Charter, the spec language of ../charter.ebnf.
 *
 * One statement shape: a head word, positional arguments, modifier clauses and
 * an optional `{ block }`. Which heads are legal where is the type checker's
 * statement table (src/semantic/table.rs), not grammar, so any NAME is a head
 * here and the highlight query names the known ones.
 *
 * Keywords are contextual, as in the normative grammar:
 * - a head is an identifier at the start of a statement, even `from` or `to`;
 * - a modifier word is a keyword only after the head and standing alone: in a
 *   path such as `x.from` or `from.x` it is an ordinary name. Tree-sitter's
 *   keyword extraction (`word`) gives exactly that: a word is lexed as a
 *   keyword only in a parse state where that keyword is valid.
 *
 * Line breaks are significant (they end statements) except after a `,`.
 * Block comments nest and strings must not see comments, so both are lexed by
 * src/scanner.c.
 */

/// <reference types="tree-sitter-cli/dsl" />
// @ts-check

// The modifier words, in the order of syntax::MODIFIER_WORDS (src/syntax/prepare.rs).
// tests/it/grammar_sync.rs fails when the two lists differ.
const MODIFIER_WORDS = [
  'by', 'of', 'from', 'to', 'when', 'touches', 'timeout', 'regress', 'max', 'extends', 'as',
  'before',
];

module.exports = grammar({
  name: 'charter',

  extras: $ => [/[ \t\r\f\uFEFF]/, $.line_comment, $.doc_comment, $.block_comment],

  externals: $ => [
    $.block_comment,
    $._string_content,
    $._prose_content,
    // Never produced: valid only during error recovery, so the scanner can tell.
    $._error_sentinel,
  ],

  word: $ => $.identifier,

  // A modifier word right after another (`when touches`) starts the next
  // modifier, unless a `.` or `::` follows and makes it the start of a path
  // (`by from.x`): two tokens of lookahead, so the parser keeps both readings
  // until the next token decides.
  conflicts: $ => [[$.modifier]],

  rules: {
    source_file: $ => seq(
      repeat($._separator),
      repeat(seq($.statement, repeat1($._separator))),
      optional($.statement),
    ),

    // A statement ends at a line break, a `;`, the `}` of its block or the end
    // of the file.
    _separator: $ => choice($._newline, ';'),
    _newline: _ => /\n/,

    statement: $ => seq(
      field('head', $.identifier),
      repeat(field('argument', $.argument)),
      repeat(field('modifier', $.modifier)),
      optional(field('block', $.block)),
    ),

    modifier: $ => seq(
      field('word', $.modifier_word),
      repeat(field('argument', $.argument)),
    ),

    modifier_word: _ => choice(...MODIFIER_WORDS),

    block: $ => seq(
      '{',
      repeat($._separator),
      repeat(seq($.statement, repeat1($._separator))),
      optional($.statement),
      '}',
    ),

    // `a, b, c`: a line ending in `,` continues on the next line. After a `,`
    // even a modifier word is a value, as in the compiler's parser.
    argument: $ => seq(
      choice($._value, alias($._leading_path, $.path)),
      repeat(seq(',', repeat($._newline), choice($._value, $.path))),
    ),

    _value: $ => choice($.string, $.number, $.comparison),

    // The first value of an argument: a modifier word may start it only as
    // part of a longer path (`from.x`); alone it is the modifier.
    _leading_path: $ => choice(
      seq($.identifier, repeat(seq($._path_separator, $.identifier))),
      seq(alias($._modifier_name, $.identifier), repeat1(seq($._path_separator, $.identifier))),
    ),

    path: $ => seq(
      choice($.identifier, alias($._modifier_name, $.identifier)),
      repeat(seq($._path_separator, $.identifier)),
    ),

    _modifier_name: _ => choice(...MODIFIER_WORDS),

    _path_separator: _ => choice('.', '::'),

    comparison: _ => choice('<', '<=', '>', '>=', '=='),

    // A number with its unit written without a space: `3`, `1.5h`, `120ms`,
    // `85%`, `512KiB`. An unknown unit is a type error, not a syntax error.
    number: _ => /[0-9]([A-Za-z0-9_%]|\.[0-9])*/,

    string: $ => choice(
      seq('"', repeat(choice(alias($._string_content, $.string_content), $.escape_sequence)), '"'),
      seq('"""', repeat(choice(alias($._prose_content, $.string_content), $.escape_sequence)), '"""'),
    ),

    escape_sequence: _ => token.immediate(/\\(u\{[0-9A-Fa-f]{1,6}\}|[^\n])/),

    identifier: _ => /[A-Za-z_][A-Za-z0-9_]*/,

    // `///` (not `////`) documents the next statement. No precedence: the
    // longest match wins (`////…` is a line comment), and on a tie the rule
    // written first (`/// …` is a doc comment).
    doc_comment: _ => token(/\/\/\/([^\/\n][^\n]*)?/),
    line_comment: _ => token(/\/\/[^\n]*/),
  },
});
