-- Starts `charter lsp` once per workspace root and attaches every Charter
-- buffer of that root to it. Uses only the Neovim 0.7 LSP API
-- (vim.lsp.start_client, vim.lsp.buf_attach_client), which later versions keep.

local M = {}

-- The client id serving each workspace root.
local clients = {}

-- The workspace root of a file: the nearest directory up from it holding
-- `charter.toml` or `.git`, as `charter check` finds it; else the file's directory.
function M.root_dir(path)
  local dir = vim.fn.fnamemodify(path, ":p:h")
  local marker = vim.fn.findfile("charter.toml", dir .. ";")
  if marker == "" then
    local git = vim.fn.finddir(".git", dir .. ";")
    if git ~= "" then
      return vim.fn.fnamemodify(git, ":p:h:h")
    end
    return dir
  end
  return vim.fn.fnamemodify(marker, ":p:h")
end

local function command()
  local cmd = vim.g.charter_lsp_cmd
  if type(cmd) == "table" and #cmd > 0 then
    return cmd
  end
  return { "charter", "lsp" }
end

local function running(id)
  local client = id and vim.lsp.get_client_by_id(id)
  return client ~= nil and not client.is_stopped()
end

function M.attach(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local root = M.root_dir(name ~= "" and name or vim.fn.getcwd())
  local id = clients[root]
  if not running(id) then
    local cmd = command()
    if vim.fn.executable(cmd[1]) ~= 1 then
      vim.notify(
        "charter: `" .. cmd[1] .. "` is not executable; install Charter or set vim.g.charter_lsp_cmd",
        vim.log.levels.WARN
      )
      return nil
    end
    id = vim.lsp.start_client({
      name = "charter",
      cmd = cmd,
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    })
    if not id then
      return nil
    end
    clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  -- Which client serves the buffer, for statuslines and tests.
  vim.b[bufnr].charter_lsp_client = id
  return id
end

return M
