-- End-to-end test of editors/nvim with the real server, run by cli/tests/nvim.rs:
--
--   MIGC_BIN=…/migc MIGC_NVIM_PROJECT=<copy of tests/fixture> MIGC_NVIM_RESULT=<file> \
--     nvim --headless --clean -u NONE -c 'luafile editors/nvim/tests/e2e.lua'
--
-- Loads the plugin from this checkout, sets it up with MIGC_BIN, opens model.mig,
-- and checks: filetype, buffer options and highlight groups, the diagnostic, hover,
-- definition (in the project and into the standard library's copy, on the same client),
-- a refused and a good rename across both files (applied with apply_workspace_edit and
-- written with :wall), then formatting of the file not in migc fmt's layout.
-- Positions are in the encoding the client and server agreed on: UTF-16 with 0.7-0.10,
-- UTF-8 with 0.11+ (which offers it, and migc prefers it).
-- Writes `key=value` lines to MIGC_NVIM_RESULT and exits 0, or `error=…` and exit 1.
-- Uses only what Neovim 0.7.2 has (no vim.lsp.start, no vim.fs, no vim.uv).

local TIMEOUT = 20000
local results = {}

local function record(key, value)
  table.insert(results, key .. '=' .. tostring(value):gsub('\n', '\\n'))
end

local function write_results()
  local path = os.getenv('MIGC_NVIM_RESULT')
  if not path then
    return
  end
  local file = assert(io.open(path, 'w'))
  file:write(table.concat(results, '\n') .. '\n')
  file:close()
end

local function check(cond, message)
  if not cond then
    error(message, 2)
  end
end

local function env(name)
  local value = os.getenv(name)
  check(value and value ~= '', name .. ' is not set')
  return value
end

--- The column of byte offset `byte` (0-based) in `line`, in `encoding` ('utf-8',
--- 'utf-16' or 'utf-32'): what the server negotiated. Neovim 0.7 offers only UTF-16;
--- 0.11+ offers UTF-8 too, and migc then takes UTF-8.
local function column(line, byte, encoding)
  if encoding == 'utf-8' then
    return byte
  end
  local col, i = 0, 1
  while i <= byte do
    local c = line:byte(i)
    local len = c >= 0xF0 and 4 or c >= 0xE0 and 3 or c >= 0xC0 and 2 or 1
    col = col + ((len == 4 and encoding == 'utf-16') and 2 or 1)
    i = i + len
  end
  return col
end

--- The LSP position of the first `text` on a line of `bufnr` that also holds `context`:
--- its first character, in `encoding`.
local function position_of(bufnr, text, context, encoding)
  for lnum, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    if line:find(context, 1, true) then
      local at = line:find(text, 1, true)
      if at then
        return { line = lnum - 1, character = column(line, at - 1, encoding) }
      end
    end
  end
  error(('%q not found on a line with %q'):format(text, context))
end

--- One request, answered by the one migc client: its result and its error (the
--- field is `error` on 0.7-0.9, `err` from 0.10 on).
local function answer(bufnr, method, params)
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, TIMEOUT)
  check(responses, method .. ': no answer (' .. tostring(err) .. ')')
  for _, response in pairs(responses) do
    return response.result, response.err or response.error
  end
  error(method .. ': no client answered')
end

--- The result of a request that must succeed.
local function request(bufnr, method, params)
  local result, err = answer(bufnr, method, params)
  check(not err, method .. ': ' .. vim.inspect(err))
  return result
end

--- The clients attached to a buffer, as a list (get_clients is 0.10+).
local function buffer_clients(bufnr)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr })
  end
  return vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
end

-- How many times the server published diagnostics, per file name.
local published = {}
local publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  local name = vim.fn.fnamemodify(vim.uri_to_fname(result.uri), ':t')
  published[name] = (published[name] or 0) + 1
  return publish(err, result, ctx, config)
end

local function hover_text(result)
  local contents = result and result.contents
  if type(contents) == 'string' then
    return contents
  elseif contents and contents.value then
    return contents.value
  elseif type(contents) == 'table' then
    local parts = {}
    for _, part in ipairs(contents) do
      table.insert(parts, type(part) == 'string' and part or part.value)
    end
    return table.concat(parts, '\n')
  end
  return ''
end

local function main()
  local bin = env('MIGC_BIN')
  local project = env('MIGC_NVIM_PROJECT')
  local script = debug.getinfo(1, 'S').source:sub(2)
  local plugin = vim.fn.fnamemodify(script, ':p:h:h')

  -- Detection is already on at startup: turn it off and on so that ftdetect/ is read.
  vim.opt.runtimepath:prepend(plugin)
  vim.cmd('filetype off')
  vim.cmd('filetype plugin indent on')
  vim.cmd('syntax on')
  record('nvim', tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch)

  -- MIGC_NVIM_API=start: test the 0.8-0.10 way (vim.lsp.start) on a newer Neovim.
  if os.getenv('MIGC_NVIM_API') == 'start' then
    vim.lsp.config = nil
    vim.lsp.enable = nil
  end
  record('api', (vim.lsp.config and 'config') or (vim.lsp.start and 'start') or 'start_client')
  local migc = require('migc')
  migc.setup({ cmd = { bin, 'lsp' } })
  record('root', migc.find_root(project .. '/model.mig'))

  vim.cmd('edit ' .. vim.fn.fnameescape(project .. '/model.mig'))
  local model = vim.api.nvim_get_current_buf()
  record('filetype', vim.bo[model].filetype)
  record('commentstring', vim.bo[model].commentstring)
  record('shiftwidth', vim.bo[model].shiftwidth)
  record('expandtab', vim.bo[model].expandtab)
  record('syntax', vim.b[model].current_syntax)
  -- Highlight groups: a declaration kind, a key inside a block (not a kind), a string, a comment.
  local function group(text, context)
    for lnum, line in ipairs(vim.api.nvim_buf_get_lines(model, 0, -1, false)) do
      local at = line:find(context, 1, true) and line:find(text, 1, true)
      if at then
        return vim.fn.synIDattr(vim.fn.synID(lnum, at, 1), 'name')
      end
    end
    return '<not found>'
  end
  record('syntax_kind', group('actor', 'actor 受付担当'))
  record('syntax_key', group('party', '未知の組織'))
  record('syntax_string', group('受付担当者', '受付担当者'))
  record('syntax_comment', group('Neovim', 'fixture'))
  record('syntax_date', group('2026', 'as_of'))

  -- Diagnostics for model.mig (the project's other file is clean).
  local got = vim.wait(TIMEOUT, function()
    return #vim.diagnostic.get(model) > 0
  end, 50)
  check(got, 'no diagnostics within ' .. TIMEOUT .. ' ms')
  local clients = buffer_clients(model)
  record('clients', #clients)
  record('client', clients[1].name)
  record('client_root', clients[1].config.root_dir)
  local diagnostics = vim.diagnostic.get(model)
  record('diagnostics', #diagnostics)
  local d = diagnostics[1]
  record('code', d.code)
  record('severity', d.severity == vim.diagnostic.severity.ERROR and 'error' or d.severity)
  record('line', d.lnum + 1)
  record('message', d.message)

  local encoding = clients[1].offset_encoding
  record('encoding', encoding)
  local uri = vim.uri_from_bufnr(model)
  local usage = position_of(model, 'さくらクリニック', 'customers', encoding)

  -- Hover on a use of the institution in model.mig.
  local hover = request(model, 'textDocument/hover', { textDocument = { uri = uri }, position = usage })
  record('hover', hover_text(hover))

  -- Definition: the party in parties.mig.
  local definition = request(model, 'textDocument/definition', { textDocument = { uri = uri }, position = usage })
  local target = definition[1] or definition
  local target_uri = target.uri or target.targetUri
  local range = target.range or target.targetSelectionRange
  check(target_uri and range, 'definition: ' .. vim.inspect(definition))
  record('definition_file', vim.fn.fnamemodify(vim.uri_to_fname(target_uri), ':t'))
  record('definition_line', range.start.line + 1)

  -- Definition of a standard-library name leads into the library's read-only copy; that
  -- file is served by the same client (no second server), which hovers there too.
  local edition = request(model, 'textDocument/definition', {
    textDocument = { uri = uri },
    position = position_of(model, 'meti_mic_1_1', 'editions', encoding),
  })
  edition = edition[1] or edition
  local std_file = vim.uri_to_fname(edition.uri or edition.targetUri)
  record('std_definition_file', vim.fn.fnamemodify(std_file, ':t'))
  vim.cmd('edit ' .. vim.fn.fnameescape(std_file))
  local std = vim.api.nvim_get_current_buf()
  check(vim.wait(TIMEOUT, function()
    return #buffer_clients(std) > 0
  end, 50), 'no client for ' .. std_file)
  local all = vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
  record('std_clients', #all)
  record('std_same_client', buffer_clients(std)[1].id == clients[1].id)
  local std_line = (edition.range or edition.targetSelectionRange).start
  local std_hover = request(std, 'textDocument/hover', { textDocument = { uri = vim.uri_from_bufnr(std) }, position = std_line })
  record('std_hover', hover_text(std_hover))
  vim.cmd('buffer ' .. model)

  -- Rename it everywhere, apply the edit as Neovim does, and write every buffer.
  local prepared = request(model, 'textDocument/prepareRename', { textDocument = { uri = uri }, position = usage })
  check(prepared, 'prepareRename: refused')
  local _, refused = answer(model, 'textDocument/rename', {
    textDocument = { uri = uri },
    position = usage,
    newName = 'あおば クリニック',
  })
  record('rename_invalid', refused and refused.message)
  local edit = request(model, 'textDocument/rename', {
    textDocument = { uri = uri },
    position = usage,
    newName = 'あおばクリニック',
  })
  check(edit, 'rename: no edit')
  local files, edits = {}, 0
  for file_uri, changes in pairs(edit.changes or {}) do
    table.insert(files, vim.fn.fnamemodify(vim.uri_to_fname(file_uri), ':t'))
    edits = edits + #changes
  end
  table.sort(files)
  record('rename_files', table.concat(files, ','))
  record('rename_edits', edits)
  local before = published['model.mig'] or 0
  vim.lsp.util.apply_workspace_edit(edit, encoding)
  vim.cmd('silent wall')
  local modified = {}
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.bo[bufnr].modified then
      table.insert(modified, vim.api.nvim_buf_get_name(bufnr))
    end
  end
  check(#modified == 0, 'not written: ' .. table.concat(modified, ', '))

  -- The server sees the new text: model.mig gets its one diagnostic again, on the same
  -- line. (Between the two files' changes it briefly has a second one: model.mig names
  -- the new party before parties.mig declares it.)
  check(vim.wait(TIMEOUT, function()
    return (published['model.mig'] or 0) > before
  end, 50), 'no diagnostics after the rename')
  vim.wait(TIMEOUT, function()
    return #vim.diagnostic.get(model) == 1
  end, 50)
  record('publishes_after', (published['model.mig'] or 0) - before)
  local after = vim.diagnostic.get(model)
  record('diagnostics_after', #after)
  record('line_after', after[1] and after[1].lnum + 1)
  for i, d in ipairs(after) do
    record('after_' .. i, (d.code or '') .. ' ' .. (d.lnum + 1) .. ' ' .. d.message)
  end
  record('diagnostics_parties', #vim.diagnostic.get(vim.fn.bufnr(project .. '/parties.mig')))
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    local names = {}
    for _, client in ipairs(buffer_clients(bufnr)) do
      table.insert(names, client.name)
    end
    local name = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ':t')
    record('buffer_' .. name, vim.bo[bufnr].filetype .. ' ' .. table.concat(names, ','))
  end

  -- Format parties.mig (not in migc fmt's layout) as each version does, and write it.
  local parties = vim.fn.bufnr(project .. '/parties.mig')
  vim.api.nvim_set_current_buf(parties)
  if vim.lsp.buf.format then
    vim.lsp.buf.format({ bufnr = parties, timeout_ms = TIMEOUT })
  else
    vim.lsp.buf.formatting_sync(nil, TIMEOUT)
  end
  record('formatted_modified', vim.bo[parties].modified)
  vim.cmd('silent wall')

  for _, client in ipairs(buffer_clients(model)) do
    vim.lsp.stop_client(client.id)
  end
  vim.wait(5000, function()
    return #buffer_clients(model) == 0
  end, 50)
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  record('error', err)
end
write_results()
if ok then
  vim.cmd('qall!')
else
  io.stderr:write(tostring(err) .. '\n')
  vim.cmd('cquit 1')
end
