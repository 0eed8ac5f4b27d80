; Indentation for Helix (its capture names differ from Neovim's, which
; grammar/tree-sitter-charter/queries/indents.scm uses): a block's statements
; are indented one level and its closing brace goes back.
(block) @indent
"}" @outdent
