-- Headless Neovim with only editors/neovim added to its runtime path:
-- opening a .charter file sets the filetype and its options and, unless
-- CHARTER_EXPECT_LSP is empty, attaches `charter lsp` (the server answered
-- `initialize`). Run by tests/it/neovim.rs; exits 0 when every step passed.
-- Written for the Neovim 0.7 API (Debian's), which later versions keep.

local spec = os.getenv("CHARTER_SPEC")
local expect_lsp = (os.getenv("CHARTER_EXPECT_LSP") or "") ~= ""

local function fail(message)
  io.stderr:write("FAIL: " .. message .. "\n")
  vim.cmd("cquit 1")
end

local function step(message)
  io.stdout:write("ok: " .. message .. "\n")
end

local ok, err = pcall(vim.cmd, "edit " .. vim.fn.fnameescape(spec))
if not ok then
  fail("opening the spec: " .. tostring(err))
end
local buf = vim.api.nvim_get_current_buf()

if vim.bo[buf].filetype ~= "charter" then
  fail("filetype is `" .. vim.bo[buf].filetype .. "`, expected `charter`")
end
step("filetype charter")

if vim.bo[buf].commentstring ~= "// %s" or vim.bo[buf].shiftwidth ~= 4 or not vim.bo[buf].expandtab then
  fail("ftplugin options not set: commentstring=" .. vim.bo[buf].commentstring)
end
step("ftplugin options")

local function charter_clients()
  local found = {}
  for _, client in pairs(vim.lsp.buf_get_clients(buf)) do
    if client.name == "charter" then
      table.insert(found, client)
    end
  end
  return found
end

if expect_lsp then
  local function ready(client)
    return client.initialized and client.server_capabilities ~= nil
  end
  local started = vim.b[buf].charter_lsp_client
  if not started then
    fail("the filetype plugin started no client")
  end
  -- Wait until the server has answered `initialize`, or has exited (the
  -- client is then gone).
  vim.wait(20000, function()
    local clients = charter_clients()
    return vim.lsp.get_client_by_id(started) == nil or (#clients == 1 and ready(clients[1]))
  end, 50)
  local clients = charter_clients()
  if not (#clients == 1 and ready(clients[1])) then
    fail("charter lsp did not attach and initialise: " .. vim.inspect(vim.tbl_map(function(c)
      return { name = c.name, initialized = c.initialized, stopped = c.is_stopped() }
    end, charter_clients())))
  end
  local client = charter_clients()[1]
  if client.config.root_dir ~= vim.fn.fnamemodify(spec, ":p:h") then
    fail("root_dir is " .. tostring(client.config.root_dir))
  end
  step("charter lsp attached (" .. table.concat(client.config.cmd, " ") .. ")")

  -- A second Charter buffer of the same workspace shares the server.
  vim.cmd("edit " .. vim.fn.fnameescape(vim.fn.fnamemodify(spec, ":p:h") .. "/second.charter"))
  local second = vim.api.nvim_get_current_buf()
  local shared = vim.wait(5000, function()
    for _, c in pairs(vim.lsp.buf_get_clients(second)) do
      if c.id == client.id then
        return true
      end
    end
    return false
  end, 50)
  if not shared then
    fail("the second buffer did not attach to the same server")
  end
  step("one server per workspace")
  client.stop()
else
  if #charter_clients() ~= 0 then
    fail("a client attached although g:charter_lsp_disable is set")
  end
  step("no client when disabled")
end

vim.cmd("qall!")
