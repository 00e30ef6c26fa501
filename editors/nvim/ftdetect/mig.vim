" .mig files (migc models) have the filetype `mig`. Works on every Neovim (and Vim):
" ftdetect/*.vim is sourced by `:filetype on`, with or without filetype.lua.
autocmd BufRead,BufNewFile *.mig setfiletype mig
