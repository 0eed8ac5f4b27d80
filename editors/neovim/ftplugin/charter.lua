-- Charter filetype plugin: comments, indentation, and the `charter lsp`
-- language server, for Neovim 0.7 and later with no plugin manager.
--
-- Settings (set them before a .charter file is opened):
--   vim.g.charter_lsp_cmd      = { "charter", "lsp" }  -- how to start the server
--   vim.g.charter_lsp_disable  = true                  -- do not start it

if vim.b.did_ftplugin then
  return
end
vim.b.did_ftplugin = true

vim.bo.commentstring = "// %s"
vim.bo.comments = "s1:/*,mb:*,ex:*/,:///,://"
vim.bo.expandtab = true
vim.bo.shiftwidth = 4
vim.bo.softtabstop = 4
vim.bo.autoindent = true
vim.bo.smartindent = true
vim.b.undo_ftplugin = "setlocal commentstring< comments< expandtab< shiftwidth< softtabstop< autoindent< smartindent<"

if vim.g.charter_lsp_disable then
  return
end

require("charter").attach(vim.api.nvim_get_current_buf())
