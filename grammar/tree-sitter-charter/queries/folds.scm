; Blocks and `"""` prose fold.
(block) @fold
(string) @fold
(block_comment) @fold
