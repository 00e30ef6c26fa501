" Vim syntax file for .mig (migc models), a small companion of
" editors/vscode/syntaxes/mig.tmLanguage.json. The declaration kinds are the schema's
" (compiler/src/schema.rs KINDS, sorted); cli/tests/nvim.rs checks they stay equal.
if exists('b:current_syntax')
  finish
endif

" Declarations: KIND [NAME] ["title"] [on TARGET] { … }, outside blocks only.
syn keyword migDeclaration account_policy actor asset auth_method backup control data duty edition flow log matrix model network party policy record request responsibility risk site termination threat waiver
syn keyword migImport import
syn keyword migOn on
syn keyword migBoolean true false
syn match migRuleId "\<MIG-[A-Z]\+-[0-9]\+\>"
" Numbers and versions first: a date or a duration at the same place wins.
syn match migNumber "\<[0-9]\+\%(\.[0-9]\+\)*\>"
syn match migDate "\<[0-9]\{4}-[0-9]\{2}-[0-9]\{2}\>"
syn match migDuration "\<[0-9]\+\%(min\|h\|d\|w\|m\|y\)\>"
syn region migString start=+"+ skip=+\\\\\|\\"+ end=+"+ oneline contains=@Spell
syn match migComment "//.*$" contains=migTodo,@Spell
syn match migDocComment "///\%(/\)\@!.*$" contains=migTodo,@Spell
syn match migTodo "TODO\%((migc)\)\?:\?" contained
syn region migBlock matchgroup=migDelimiter start="{" end="}" transparent fold contains=ALLBUT,migDeclaration,migImport,migTodo

" Whether a word is a declaration depends on the blocks open before it: parse from the
" start (models are a few hundred lines a file).
syn sync fromstart

hi def link migDeclaration Keyword
hi def link migImport Include
hi def link migOn Keyword
hi def link migBoolean Boolean
hi def link migRuleId Constant
hi def link migDate Number
hi def link migDuration Number
hi def link migNumber Number
hi def link migString String
hi def link migComment Comment
hi def link migDocComment SpecialComment
hi def link migTodo Todo
hi def link migDelimiter Delimiter

let b:current_syntax = 'mig'
