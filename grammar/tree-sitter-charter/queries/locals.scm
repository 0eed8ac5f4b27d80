; Scopes, definitions and references for Charter.

(source_file) @local.scope
(block) @local.scope

; `spec x`, `template x`, `agent x`, `task x`, `contract x`, `metric x`,
; the checks `test x "…"` … and `success x "…"` define the name `x`.
(statement
  head: (identifier) @_head
  .
  argument: (argument . (path . (identifier) @local.definition .))
  (#any-of? @_head "spec" "template" "agent" "task" "contract" "metric"
    "test" "check" "coverage" "bench" "scan" "success"))

; A reference is the last name of a path: `test.repo_parity`, `data_layer.port`.
(path
  (identifier) @local.reference .)
