-- Buffer settings for .mig files (migc models): `//` comments, two-space indentation
-- (the layout `migc fmt` writes). The language server is started by `require('migc').setup()`.
if vim.b.did_ftplugin then
  return
end
vim.b.did_ftplugin = 1

local bo = vim.bo
bo.commentstring = '// %s'
bo.comments = ':///,://'
bo.expandtab = true
bo.shiftwidth = 2
bo.softtabstop = 2
-- Wrap and continue `//` comments (Enter, `o`, `gq`), never code.
bo.formatoptions = bo.formatoptions:gsub('[tcrolq]', '') .. 'croql'

vim.b.undo_ftplugin = 'setlocal commentstring< comments< expandtab< shiftwidth< softtabstop< formatoptions<'
