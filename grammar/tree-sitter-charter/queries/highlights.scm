; Highlights for Charter. Capture names follow the tree-sitter / nvim-treesitter
; conventions; Helix and Zed fall back to the longest prefix their theme knows.
; No two patterns capture the same node (Neovim lets the last pattern win,
; Helix the first): more specific highlights capture a child node instead.

(line_comment) @comment
(block_comment) @comment
(doc_comment) @comment.documentation

(string) @string
(escape_sequence) @string.escape
(number) @number
(comparison) @operator

["{" "}"] @punctuation.bracket
["," ";" "." "::"] @punctuation.delimiter

; Modifier words, special only after a statement's head.
(modifier_word) @keyword.operator

; The statement heads of the statement table (src/semantic/table.rs);
; tests/it/grammar_sync.rs fails when this list and the table differ.
(statement
  head: (identifier) @keyword
  (#any-of? @keyword
    "after" "agent" "approve" "audit" "autonomy" "bench" "boundaries" "budget"
    "check" "contract" "coverage" "deny" "forbid" "from" "goal" "governance"
    "intent" "keep" "lock" "metric" "non_goal" "outcome" "owner" "read" "require"
    "role" "rollback" "scan" "schema" "spec" "status" "success" "task" "template"
    "test" "title" "to" "trace" "use" "verify" "version" "waive" "write"))

; A head the table does not know (E004 when checked) still reads as a head.
(statement
  head: (identifier) @function.call
  (#not-any-of? @function.call
    "after" "agent" "approve" "audit" "autonomy" "bench" "boundaries" "budget"
    "check" "contract" "coverage" "deny" "forbid" "from" "goal" "governance"
    "intent" "keep" "lock" "metric" "non_goal" "outcome" "owner" "read" "require"
    "role" "rollback" "scan" "schema" "spec" "status" "success" "task" "template"
    "test" "title" "to" "trace" "use" "verify" "version" "waive" "write"))

; Globs: the strings of `write`, `read`, `deny`, `of` and `touches`.
(statement
  head: (identifier) @_head
  argument: (argument (string (string_content) @string.special.path))
  (#any-of? @_head "write" "read" "deny"))
(modifier
  word: (modifier_word) @_word
  argument: (argument (string (string_content) @string.special.path))
  (#any-of? @_word "of" "touches"))

; `use std::refactor`: a module path.
(statement
  head: (identifier) @_use
  argument: (argument (path (identifier) @module))
  (#eq? @_use "use"))

; Definitions: `spec x`, `agent x`, `task x`, `test x "…"`, `success x "…"`.
(statement
  head: (identifier) @_def
  .
  argument: (argument . (path . (identifier) @label .))
  (#any-of? @_def "spec" "template" "agent" "task" "contract" "metric"
    "test" "check" "coverage" "bench" "scan" "success"))

; References `kind.name` and `agent.task`, metrics `latency.p99`.
(path
  .
  (identifier) @type
  .
  "."
  (identifier) @property)
