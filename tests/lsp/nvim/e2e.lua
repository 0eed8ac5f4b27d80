-- Neovim itself as the client: open a spec, receive diagnostics, follow a
-- definition and rename a task through `charter lsp`.
-- Run: CHARTER_BIN=… CHARTER_SPEC=… nvim --headless --clean -u NONE -c "luafile e2e.lua"
-- Exits 0 when every step passed; otherwise prints the failure and exits 1.
-- Written for the Neovim 0.7 API (Debian's), which later versions keep.

local bin = os.getenv("CHARTER_BIN")
local spec = os.getenv("CHARTER_SPEC")

local function fail(message)
  io.stderr:write("FAIL: " .. message .. "\n")
  vim.cmd("cquit 1")
end

local function step(message)
  io.stdout:write("ok: " .. message .. "\n")
end

vim.cmd("edit " .. vim.fn.fnameescape(spec))
local buf = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = "charter",
  cmd = { bin, "lsp" },
  root_dir = vim.fn.fnamemodify(spec, ":h"),
})
if not client_id then
  fail("could not start charter lsp")
end
vim.lsp.buf_attach_client(buf, client_id)

-- 1. Diagnostics arrive for the opened spec (it has a vague outcome: U002).
local got = vim.wait(15000, function()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == "U002" then
      return true
    end
  end
  return false
end, 50)
if not got then
  fail("no U002 diagnostic: " .. vim.inspect(vim.diagnostic.get(buf)))
end
step("diagnostics")

-- 2. Follow the definition of `models.define_models` from an `after`.
local function find(pattern)
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  for i, line in ipairs(lines) do
    local col = line:find(pattern, 1, true)
    if col then
      return i, col
    end
  end
  return nil
end
local after_line, after_col = find("after  models.define_models")
local task_line = find("task define_models")
if not after_line or not task_line then
  fail("the spec does not have the expected text")
end
-- Cursor on `define_models` (columns are 0-based in the API).
vim.api.nvim_win_set_cursor(0, { after_line, after_col - 1 + #"after  models." + 2 })
vim.lsp.buf.definition()
local jumped = vim.wait(10000, function()
  return vim.api.nvim_win_get_cursor(0)[1] == task_line
end, 50)
if not jumped then
  fail("definition did not move the cursor to line " .. task_line .. ", it is at " .. vim.inspect(vim.api.nvim_win_get_cursor(0)))
end
step("definition")

-- 3. Rename the task: its definition and both `after` references change.
vim.lsp.buf.rename("shape_models")
local renamed = vim.wait(10000, function()
  local text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n")
  local _, refs = text:gsub("models%.shape_models", "")
  return text:find("task shape_models", 1, true) ~= nil and refs == 2 and text:find("define_models", 1, true) == nil
end, 50)
if not renamed then
  fail("rename did not apply: " .. table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n"))
end
step("rename")

vim.lsp.stop_client(client_id)
vim.cmd("qall!")
