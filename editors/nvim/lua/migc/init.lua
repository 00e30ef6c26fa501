-- The migc language server (`migc lsp`) for .mig files, on Neovim 0.7 and later.
--
--   require('migc').setup{ cmd = { 'migc', 'lsp' }, language = 'ja' }
--
-- Neovim 0.11+: vim.lsp.config + vim.lsp.enable. 0.8-0.10: vim.lsp.start from a
-- FileType autocmd. 0.7: vim.lsp.start_client + vim.lsp.buf_attach_client, one client
-- per project root. The root is the nearest directory upward holding `mig.toml` (as
-- `migc check` finds it), else one holding `.git`, else the file's own directory.
local M = {}

local defaults = {
  -- The command that runs the server.
  cmd = { 'migc', 'lsp' },
  -- Message language: 'ja' (default) or 'en'. Sent as initializationOptions.
  language = 'ja',
  -- Looked for upward from each file, in this order: the first found decides the root.
  root_markers = { 'mig.toml', '.git' },
  -- Passed through to the client when set.
  capabilities = nil,
  on_attach = nil,
  settings = nil,
}

M.name = 'migc'
M.config = vim.deepcopy(defaults)

local uv = vim.uv or vim.loop

local function exists(path)
  return uv.fs_stat(path) ~= nil
end

--- The project root for a file path: the nearest directory at or above the file that
--- holds the first of `markers` found (each marker is searched all the way up before
--- the next), else the file's directory.
function M.find_root(path, markers)
  markers = markers or M.config.root_markers
  local start = vim.fn.fnamemodify(path, ':p:h')
  for _, marker in ipairs(markers) do
    local dir = start
    while true do
      if exists(dir .. '/' .. marker) then
        return dir
      end
      local parent = vim.fn.fnamemodify(dir, ':h')
      if parent == dir then
        break
      end
      dir = parent
    end
  end
  return start
end

--- Whether the buffer is a file on disk (not help, a terminal or a `fugitive://` view).
local function is_file(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  return vim.bo[bufnr].buftype == '' and not name:match('^%a[%w+.-]*://')
end

-- The root of the last project a buffer was attached for.
local last_root = nil

--- The root for a buffer. A file of the standard library's read-only copy (where
--- "go to definition" on `std::…` leads: a `migc-std-VERSION-HASH` directory in the
--- temporary directory) belongs to the project it was reached from, so its hover and
--- references are answered by that project's server instead of a new one.
local function root_of_buffer(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' then
    return vim.fn.getcwd()
  end
  if last_root and name:match('[/\\]migc%-std%-[^/\\]+[/\\][^/\\]+%.mig$') then
    return last_root
  end
  last_root = M.find_root(name)
  return last_root
end

--- The client configuration shared by every Neovim version (without root_dir).
local function client_config()
  local c = M.config
  return {
    name = M.name,
    cmd = c.cmd,
    init_options = { language = c.language },
    settings = c.settings or { migc = { language = c.language } },
    capabilities = c.capabilities,
    on_attach = c.on_attach,
  }
end

-- Neovim 0.11+.
local function setup_config()
  local config = client_config()
  config.filetypes = { 'mig' }
  config.root_dir = function(bufnr, on_dir)
    if is_file(bufnr) then
      on_dir(root_of_buffer(bufnr))
    end
  end
  vim.lsp.config(M.name, config)
  vim.lsp.enable(M.name)
end

-- Neovim 0.8-0.10.
local function start(bufnr)
  if not is_file(bufnr) then
    return nil
  end
  local config = client_config()
  config.root_dir = root_of_buffer(bufnr)
  return vim.lsp.start(config, { bufnr = bufnr })
end

-- Neovim 0.7: one client per root, reused while it runs.
local clients = {}

local function start_client(bufnr)
  if not is_file(bufnr) then
    return nil
  end
  local root = root_of_buffer(bufnr)
  local id = clients[root]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client.is_stopped() then
    local config = client_config()
    config.root_dir = root
    id = vim.lsp.start_client(config)
    if not id then
      return nil
    end
    clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  -- What 0.8+ sets on attach: completion (CTRL-X CTRL-O) and CTRL-] by the server.
  if vim.bo[bufnr].omnifunc == '' then
    vim.bo[bufnr].omnifunc = 'v:lua.vim.lsp.omnifunc'
  end
  if vim.bo[bufnr].tagfunc == '' then
    vim.bo[bufnr].tagfunc = 'v:lua.vim.lsp.tagfunc'
  end
  return id
end

--- On 0.7-0.10, start (or reuse) the client for buffer `bufnr` and attach it; returns
--- the client id. Set by setup(); nil on 0.11+, where vim.lsp.enable does this.
M.attach = nil

--- Set up the language server. Options (all optional): `cmd`, `language` ('ja' or
--- 'en'), `root_markers`, `capabilities`, `on_attach`, `settings`.
function M.setup(opts)
  M.config = vim.deepcopy(defaults)
  for key, value in pairs(opts or {}) do
    M.config[key] = value
  end
  if vim.filetype and vim.filetype.add then
    vim.filetype.add({ extension = { mig = 'mig' } })
  end

  if vim.lsp.config and vim.lsp.enable then
    M.attach = nil
    setup_config()
    return
  end

  M.attach = vim.lsp.start and start or start_client
  local group = vim.api.nvim_create_augroup('migc_lsp', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = 'mig',
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  -- Buffers already open (setup called late, e.g. by a lazy loader on `ft = 'mig'`).
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.bo[bufnr].filetype == 'mig' then
      M.attach(bufnr)
    end
  end
end

return M
