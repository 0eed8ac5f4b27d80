; Indentation (nvim-treesitter capture names): a block's statements are
; indented one level; its closing brace goes back.
(block) @indent.begin
(block "}" @indent.branch)
(block "}" @indent.end)
(string) @indent.auto
(block_comment) @indent.auto
