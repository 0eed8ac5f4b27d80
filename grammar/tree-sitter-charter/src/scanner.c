// External scanner for Charter: the tokens a regular expression cannot lex.
//
// - block_comment: `/* … */`, nesting (`/* a /* b */ c */` is one comment).
// - string content: inside `"…"` up to a `"`, `\` or line break; inside
//   `"""…"""` up to the closing `"""` or a `\`. Lexing it here keeps `//`
//   and `/*` inside strings from being taken for comments.
//
// The scanner keeps no state between tokens.

#include "tree_sitter/parser.h"

enum TokenType {
  BLOCK_COMMENT,
  STRING_CONTENT,
  PROSE_CONTENT,
  ERROR_SENTINEL,
};

void *tree_sitter_charter_external_scanner_create(void) { return NULL; }
void tree_sitter_charter_external_scanner_destroy(void *payload) { (void)payload; }
unsigned tree_sitter_charter_external_scanner_serialize(void *payload, char *buffer) {
  (void)payload;
  (void)buffer;
  return 0;
}
void tree_sitter_charter_external_scanner_deserialize(void *payload, const char *buffer,
                                                      unsigned length) {
  (void)payload;
  (void)buffer;
  (void)length;
}

static void advance(TSLexer *lexer) { lexer->advance(lexer, false); }

static bool scan_string_content(TSLexer *lexer) {
  bool any = false;
  while (!lexer->eof(lexer)) {
    int32_t c = lexer->lookahead;
    if (c == '"' || c == '\\' || c == '\n') break;
    advance(lexer);
    any = true;
  }
  lexer->mark_end(lexer);
  lexer->result_symbol = STRING_CONTENT;
  return any;
}

// Everything up to the closing `"""` or an escape. A `\` followed by a line
// break is kept as content (the compiler skips both bytes); one or two
// quotes are content.
static bool scan_prose_content(TSLexer *lexer) {
  bool any = false;
  lexer->result_symbol = PROSE_CONTENT;
  for (;;) {
    lexer->mark_end(lexer);
    if (lexer->eof(lexer)) return any;
    int32_t c = lexer->lookahead;
    if (c == '"') {
      int quotes = 0;
      while (lexer->lookahead == '"' && quotes < 3) {
        advance(lexer);
        quotes++;
      }
      if (quotes == 3) return any;  // the end was marked before the quotes
      any = true;
      continue;
    }
    if (c == '\\') {
      advance(lexer);
      if (lexer->lookahead == '\n') {
        advance(lexer);
        any = true;
        continue;
      }
      return any;  // an escape: the grammar's escape_sequence lexes it
    }
    advance(lexer);
    any = true;
  }
}

// `/*` with nesting; `depth` bounds nothing but the counter itself, and the
// loop ends at the end of the input.
static bool scan_block_comment(TSLexer *lexer) {
  while (lexer->lookahead == ' ' || lexer->lookahead == '\t' || lexer->lookahead == '\r' ||
         lexer->lookahead == '\f' || lexer->lookahead == 0xFEFF) {
    lexer->advance(lexer, true);
  }
  if (lexer->lookahead != '/') return false;
  advance(lexer);
  if (lexer->lookahead != '*') return false;
  advance(lexer);
  unsigned long depth = 1;
  while (!lexer->eof(lexer)) {
    int32_t c = lexer->lookahead;
    advance(lexer);
    if (c == '/' && lexer->lookahead == '*') {
      advance(lexer);
      depth++;
    } else if (c == '*' && lexer->lookahead == '/') {
      advance(lexer);
      if (--depth == 0) {
        lexer->mark_end(lexer);
        lexer->result_symbol = BLOCK_COMMENT;
        return true;
      }
    }
  }
  return false;  // unterminated: an error, as in the compiler (S004)
}

bool tree_sitter_charter_external_scanner_scan(void *payload, TSLexer *lexer,
                                               const bool *valid_symbols) {
  (void)payload;
  if (valid_symbols[ERROR_SENTINEL]) return false;
  if (valid_symbols[STRING_CONTENT]) return scan_string_content(lexer);
  if (valid_symbols[PROSE_CONTENT]) return scan_prose_content(lexer);
  if (valid_symbols[BLOCK_COMMENT]) return scan_block_comment(lexer);
  return false;
}
