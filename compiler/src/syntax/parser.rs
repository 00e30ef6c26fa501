//! The recursive-descent parser: tokens → lossless tree + diagnostics.
//!
//! One pass over the tokens builds the lossless [`SyntaxTree`]; the typed AST the
//! checker reads is a view over it (`ast.rs`), so the parser only has to give each
//! construct its node, and mark what recovery cut short (node flags). The language
//! is `mig.pest`; a differential test holds this parser to it.
//!
//! Recovery is at the smallest unit. A broken value keeps its entry (with an
//! invalid value, so no "missing property" follows); a broken entry is skipped to
//! the end of its line, `;` or `}` and the rest of the block is kept; a broken
//! header keeps the declaration's body. A file that ends with brackets open is read
//! a second time, and then each open bracket ends at the first line that starts no
//! deeper than the line that opened it, so it never swallows the file and the
//! bracket named is the one left open. Every skip moves forward, and nesting is bounded by
//! [`MAX_NESTING`] (deeper brackets are skipped by counting, not recursion), so
//! time is linear and the stack is bounded whatever the input.

use super::ast::Span;
use super::lexer::{Token, TokenKind};
use super::literal;
use super::tree::{Node, NodeKind, SyntaxTree, TreeBuilder};
use crate::diag::{Diagnostic, FileId};
use crate::tr;

/// Deeper nesting of blocks and lists than this is a diagnostic; the deeper part
/// is skipped, so no input can exhaust the parser's stack.
pub const MAX_NESTING: usize = 64;

/// Words that cannot be a declaration's name or an entry's label.
const KEYWORDS: [&str; 4] = ["on", "import", "true", "false"];

/// Something the parser expected, for "expected X, found Y".
#[derive(Clone, Copy, PartialEq, Eq)]
enum Exp {
    Name,
    Title,
    On,
    Brace,
    CloseBrace,
    Sep,
    Property,
    Value,
    Comma,
    CloseBracket,
}

impl Exp {
    fn label(self) -> (&'static str, &'static str) {
        match self {
            Exp::Name => ("名前", "a name"),
            Exp::Title => ("タイトル文字列", "a title string"),
            Exp::On => ("`on`", "`on`"),
            Exp::Brace => ("`{`", "`{`"),
            Exp::CloseBrace => ("`}`", "`}`"),
            Exp::Sep => ("改行または `;`", "a line break or `;`"),
            Exp::Property => ("プロパティ", "a property"),
            Exp::Value => ("値", "a value"),
            Exp::Comma => ("`,`", "`,`"),
            Exp::CloseBracket => ("`]`", "`]`"),
        }
    }
}

pub(super) struct Parser<'t> {
    file: FileId,
    text: &'t str,
    tokens: Vec<Token>,
    /// The next token to look at.
    pos: usize,
    /// Just past the last token consumed: where an open node ends if closed now.
    last_end: usize,
    tree: TreeBuilder,
    diags: Vec<Diagnostic>,
    /// Brackets open in the current top-level item, outermost first.
    open: Vec<Span>,
    /// The current item was cut (end of file, or a new declaration began while
    /// brackets were open); its unclosed bracket was reported. Every level returns.
    cut: bool,
    /// Whether lines end open brackets by their indentation (and a declaration
    /// keyword in column 0 ends them in skipped text). The grammar does not know
    /// this rule (inside brackets such a line is an ordinary entry or value), so it
    /// is used only to recover: when a first pass without it ends the file with
    /// brackets open.
    cut_at_declarations: bool,
    /// In that pass: the indentation (blanks before the first token) of each token's line.
    indents: Vec<u32>,
    /// The file ended with brackets open (in a pass without the rule above).
    pub unclosed_at_eof: bool,
    /// `join_expected` results, by the set of things expected (many errors share one).
    expected_texts: Vec<(Vec<Exp>, (String, String))>,
    /// Nesting went past [`MAX_NESTING`] (counted, so an entry can tell it happened inside its value).
    too_deep_count: usize,
}

pub(super) struct Parsed {
    /// The file ended with brackets open: a pass that cuts at declarations may recover more.
    pub unclosed_at_eof: bool,
    pub tree: SyntaxTree,
    pub diags: Vec<Diagnostic>,
}

impl<'t> Parser<'t> {
    pub fn new(file: FileId, text: &'t str, tokens: Vec<Token>) -> Parser<'t> {
        // About one node for every three tokens in typical models.
        let tree = TreeBuilder { nodes: Vec::with_capacity(tokens.len() * 2 / 5 + 16) };
        Parser {
            file,
            text,
            tokens,
            pos: 0,
            last_end: 0,
            tree,
            diags: Vec::new(),
            open: Vec::new(),
            cut: false,
            cut_at_declarations: false,
            indents: Vec::new(),
            unclosed_at_eof: false,
            too_deep_count: 0,
            expected_texts: Vec::new(),
        }
    }

    /// The recovery pass: a bracket left open ends at the first line that starts no
    /// deeper than the line that opened it (for a declaration's `{`, any line in
    /// column 0, such as the next declaration).
    pub fn cutting_at_declarations(mut self) -> Self {
        self.cut_at_declarations = true;
        let mut indents = Vec::with_capacity(self.tokens.len());
        let (mut current, mut line_start) = (0u32, true);
        for (i, t) in self.tokens.iter().enumerate() {
            if line_start {
                current = if t.kind == TokenKind::Whitespace { self.span_of(i).len() as u32 } else { 0 };
            }
            indents.push(current);
            line_start = t.kind == TokenKind::Newline;
        }
        self.indents = indents;
        self
    }

    pub fn parse_file(mut self) -> Parsed {
        let root = self.tree.open(NodeKind::File, 0);
        loop {
            self.open.clear();
            self.cut = false;
            match self.peek() {
                None => break,
                Some(TokenKind::Newline) => self.bump(),
                Some(TokenKind::Ident) => {
                    if self.cur_text() == "import"
                        && matches!(self.next_kind(), Some(TokenKind::String | TokenKind::UnterminatedString))
                    {
                        self.import();
                    } else {
                        self.decl();
                    }
                }
                Some(TokenKind::RBrace | TokenKind::RBracket) => {
                    let span = self.cur_span();
                    self.stray_close(span);
                    let node = self.tree.open(NodeKind::Error, self.pos);
                    self.bump();
                    self.tree.close(node, self.last_end);
                }
                Some(_) => {
                    let start = self.cur_span().start as usize;
                    let d = self.not_a_declaration(start, None);
                    self.diags.push(d);
                    let node = self.tree.open(NodeKind::Error, self.pos);
                    self.skip_line_balanced();
                    self.tree.close(node, self.last_end);
                }
            }
        }
        let n = self.tokens.len();
        self.tree.close(root, n);
        let tree = SyntaxTree::new(self.tokens, self.tree.nodes, self.text.len());
        Parsed { unclosed_at_eof: self.unclosed_at_eof, tree, diags: self.diags }
    }

    // ---- token access -----------------------------------------------------------

    /// Skip trivia; the kind of the next significant token (line breaks count).
    fn peek(&mut self) -> Option<TokenKind> {
        while let Some(t) = self.tokens.get(self.pos) {
            if !t.kind.is_trivia() {
                return Some(t.kind);
            }
            self.pos += 1;
        }
        None
    }
    /// The kind of the significant token after the current one (same skipping).
    fn next_kind(&self) -> Option<TokenKind> {
        self.tokens.get(self.pos + 1..)?.iter().find(|t| !t.kind.is_trivia()).map(|t| t.kind)
    }
    fn bump(&mut self) {
        if self.pos < self.tokens.len() {
            self.pos += 1;
            self.last_end = self.pos;
        }
    }
    fn span_of(&self, index: usize) -> Span {
        let len = self.text.len();
        let start = self.tokens.get(index).map_or(len, |t| t.start as usize);
        let end = self.tokens.get(index + 1).map_or(len, |t| t.start as usize);
        Span::new(start, end)
    }
    fn cur_span(&self) -> Span {
        self.span_of(self.pos)
    }
    fn cur_text(&self) -> &'t str {
        self.text.get(self.cur_span().range()).unwrap_or("")
    }
    /// Consume an identifier; its span.
    fn ident(&mut self) -> Span {
        let span = self.cur_span();
        self.bump();
        span
    }
    fn is_keyword(text: &str) -> bool {
        KEYWORDS.contains(&text)
    }

    /// A line that starts in column 0 with `import` or a declaration kind and a
    /// blank: inside open brackets, it ends the item that left them open.
    fn at_declaration_start(&self) -> bool {
        if !self.cut_at_declarations {
            return false;
        }
        let at_line_start =
            self.pos == 0 || self.tokens.get(self.pos - 1).is_some_and(|t| t.kind == TokenKind::Newline);
        if !at_line_start || self.tokens.get(self.pos).map(|t| t.kind) != Some(TokenKind::Ident) {
            return false;
        }
        let followed_by_blank = self.tokens.get(self.pos + 1).is_some_and(|t| t.kind == TokenKind::Whitespace);
        let word = self.cur_text();
        followed_by_blank && (word == "import" || crate::schema::kind(word).is_some())
    }

    /// The indentation (blanks, in bytes) of the line holding byte `at`; known only
    /// in the recovery pass (it is never needed in the first).
    fn indent_of_line_at(&self, at: usize) -> usize {
        if !self.cut_at_declarations {
            return 0;
        }
        let k = self.tokens.partition_point(|t| (t.start as usize) <= at).saturating_sub(1);
        self.indents.get(k).map_or(0, |&n| n as usize)
    }

    /// In the recovery pass: the current token starts its line, indented no deeper
    /// than the line that opened the enclosing bracket, so that bracket was left open
    /// (a closing bracket is not asked about: it closes as usual).
    fn outdented(&self, open_indent: usize) -> bool {
        if !self.cut_at_declarations {
            return false;
        }
        let first_on_line = match self.pos.checked_sub(1).and_then(|p| self.tokens.get(p)) {
            None => true,
            Some(t) if t.kind == TokenKind::Newline => true,
            Some(t) if t.kind == TokenKind::Whitespace => {
                self.pos < 2 || self.tokens.get(self.pos - 2).is_some_and(|t| t.kind == TokenKind::Newline)
            }
            Some(_) => false,
        };
        first_on_line && self.indent_of_line_at(self.cur_span().start as usize) <= open_indent
    }

    /// Whether a line break comes right before the current token (trivia aside).
    fn after_line_break(&self) -> bool {
        let before = self.tokens.get(..self.pos).unwrap_or(&[]);
        before.iter().rev().find(|t| !t.kind.is_trivia()).is_some_and(|t| t.kind == TokenKind::Newline)
    }

    /// The bracket at `open` is not closed before the current line: said at the
    /// bracket, with the line where it should have been closed.
    fn left_open(&mut self, open: Span, close: char) {
        let at = self.cur_span();
        let word = Span::new(at.start as usize, self.span_of(self.pos).end as usize);
        let mut d = self.unclosed_diag(open);
        d = if self.at_declaration_start() {
            d.secondary(self.file, word, tr!("ここで次の宣言が始まっています", "the next declaration starts here"))
        } else {
            d.secondary(
                self.file,
                word,
                tr!("この行の前に `{close}` が必要です", "expected `{close}` before this line"),
            )
        };
        self.diags.push(d);
    }

    // ---- items --------------------------------------------------------------------

    fn import(&mut self) {
        let node = self.tree.open(NodeKind::Import, self.pos);
        self.bump(); // import
        match self.peek() {
            Some(TokenKind::String) => self.string_lit(),
            _ => {
                self.unterminated_string();
                self.bump();
            }
        }
        self.tree.close(node, self.last_end);
    }

    fn decl(&mut self) {
        let node = self.tree.open(NodeKind::Decl, self.pos);
        let kind = self.ident();
        let start = kind.start as usize;
        let known = crate::schema::kind(self.text.get(kind.range()).unwrap_or("")).is_some();
        let mut expected: &[Exp] = &[Exp::Name, Exp::Title, Exp::On, Exp::Brace];
        let mut header_ok = true;
        if self.peek() == Some(TokenKind::Ident) && !Self::is_keyword(self.cur_text()) {
            self.ident();
            expected = &[Exp::Title, Exp::On, Exp::Brace];
        }
        match self.peek() {
            Some(TokenKind::String) => {
                self.string_lit();
                expected = &[Exp::On, Exp::Brace];
            }
            Some(TokenKind::UnterminatedString) => {
                self.unterminated_string();
                let span = self.cur_span();
                self.bump();
                header_ok = false;
                // `flow x "title {`: the `{` meant to open the body is inside the
                // string; read the following lines as the body all the same.
                let brace = self.text.get(span.range()).and_then(|s| s.find('{'));
                if let Some(k) = brace {
                    let at = span.start as usize + k;
                    let block = self.tree.open(NodeKind::Block, self.pos);
                    self.block_body(Span::new(at, at + 1), block);
                    self.tree.flag(block, Node::RECOVERED);
                    self.tree.close(block, self.last_end);
                    self.tree.flag(node, Node::RECOVERED);
                    self.tree.close(node, self.last_end);
                    return;
                }
            }
            _ => {}
        }
        if header_ok && self.peek() == Some(TokenKind::Ident) && self.cur_text() == "on" {
            let t = self.tree.open(NodeKind::Target, self.pos);
            self.bump();
            if self.peek() == Some(TokenKind::Ident) {
                self.path();
                expected = &[Exp::Brace];
            } else {
                let d = self.expected_error(&[Exp::Name]);
                self.diags.push(d);
                header_ok = false;
            }
            self.tree.close(t, self.last_end);
        }
        // The `{` may stand on a later line.
        if header_ok {
            if let Some(brace) = self.brace_after_newlines() {
                self.pos = brace;
                self.block();
            } else if !known && self.on_line_of(start) {
                // Prose or a stray word at the top level: not a declaration at all.
                let d = self.not_a_declaration(start, Some(kind));
                self.diags.push(d);
                self.skip_line_balanced();
                self.tree.set_kind(node, NodeKind::Error);
                self.tree.close(node, self.last_end);
                return;
            } else {
                let d = self.expected_error(expected);
                self.diags.push(d);
                header_ok = false;
            }
        }
        if !header_ok && !self.cut {
            // Skip the rest of the header line; a `{` there or on the next line
            // still opens the body, whose entries are kept.
            let err = self.tree.open(NodeKind::Error, self.pos);
            while let Some(k) = self.peek() {
                if matches!(k, TokenKind::LBrace | TokenKind::Newline) {
                    break;
                }
                self.bump();
            }
            self.tree.close(err, self.last_end);
            if let Some(brace) = self.brace_after_newlines() {
                self.pos = brace;
                self.block();
            }
        }
        if !header_ok {
            self.tree.flag(node, Node::RECOVERED);
        }
        self.tree.close(node, self.last_end);
    }

    /// The index of a `{` that follows after line breaks only (not consumed).
    fn brace_after_newlines(&mut self) -> Option<usize> {
        self.peek()?;
        let mut i = self.pos;
        while let Some(t) = self.tokens.get(i) {
            match t.kind {
                TokenKind::LBrace => return Some(i),
                TokenKind::Newline => i += 1,
                k if k.is_trivia() => i += 1,
                _ => return None,
            }
        }
        None
    }

    /// Whether the next token is on the same line as byte `start`.
    fn on_line_of(&self, start: usize) -> bool {
        let at = (self.cur_span().start as usize).min(self.text.len());
        let from = start.min(at);
        !self.text[from..at].contains(['\n', '\r'])
    }

    // ---- blocks and entries --------------------------------------------------------

    /// A block at the current `{` (an error node if nested too deep).
    fn block(&mut self) {
        let open_span = self.cur_span();
        if self.open.len() >= MAX_NESTING {
            self.too_deep(open_span);
            let err = self.tree.open(NodeKind::Error, self.pos);
            self.skip_balanced();
            self.tree.close(err, self.last_end);
            return;
        }
        let node = self.tree.open(NodeKind::Block, self.pos);
        self.bump();
        self.block_body(open_span, node);
        self.tree.close(node, self.last_end);
    }

    /// The entries of a block (node `node`) whose `{` (at `open`) has been read, up to its `}`.
    fn block_body(&mut self, open: Span, node: usize) {
        self.open.push(open);
        let open_indent = self.indent_of_line_at(open.start as usize);
        let mut recovered = false;
        loop {
            if self.cut {
                recovered = true;
                break;
            }
            match self.peek() {
                None => {
                    self.unclosed(None);
                    recovered = true;
                    break;
                }
                Some(TokenKind::Newline | TokenKind::Semicolon) => self.bump(),
                Some(TokenKind::RBrace) => {
                    self.bump();
                    break;
                }
                Some(_) if self.outdented(open_indent) => {
                    self.left_open(open, '}');
                    recovered = true;
                    break;
                }
                Some(TokenKind::Ident) => {
                    let could_open = self.entry();
                    if self.cut {
                        continue;
                    }
                    match self.peek() {
                        None | Some(TokenKind::Newline | TokenKind::Semicolon | TokenKind::RBrace) => {}
                        // A bracket of the entry was left open and ended before this line.
                        Some(_) if self.after_line_break() => {}
                        Some(_) => {
                            let mut expected = vec![Exp::Sep];
                            expected.extend_from_slice(could_open);
                            let d = self.expected_error(&expected);
                            self.diags.push(d);
                            self.skip_entry();
                            recovered = true;
                        }
                    }
                }
                Some(TokenKind::RBracket) => {
                    let span = self.cur_span();
                    self.stray_close(span);
                    let err = self.tree.open(NodeKind::Error, self.pos);
                    self.bump();
                    self.tree.close(err, self.last_end);
                    recovered = true;
                }
                Some(kind) => {
                    if kind == TokenKind::UnterminatedString {
                        self.unterminated_string();
                    } else {
                        let d = self.expected_error(&[Exp::Property, Exp::CloseBrace]);
                        self.diags.push(d);
                    }
                    self.skip_entry();
                    recovered = true;
                }
            }
        }
        self.open.pop();
        if recovered {
            self.tree.flag(node, Node::RECOVERED);
        }
    }

    /// An entry at its key. Also says what else could have continued it besides a
    /// line break: after a lone name (a label?) a title or `{`, after a string (a title?) `{`.
    fn entry(&mut self) -> &'static [Exp] {
        let node = self.tree.open(NodeKind::Entry, self.pos);
        self.ident();
        let mut next_could_open: &'static [Exp] = &[];
        let label_follows = |p: &Self| matches!(p.next_kind(), Some(TokenKind::String | TokenKind::LBrace));
        let deep_before = self.too_deep_count;
        match self.peek() {
            Some(TokenKind::Ident) if !Self::is_keyword(self.cur_text()) && label_follows(self) => {
                self.ident();
                let titled = self.peek() == Some(TokenKind::String);
                if titled {
                    self.string_lit();
                }
                self.nested_block(if titled { &[Exp::Brace] } else { &[Exp::Brace, Exp::Title] })
            }
            Some(TokenKind::String) if self.next_kind() == Some(TokenKind::LBrace) => {
                self.string_lit();
                self.nested_block(&[Exp::Brace])
            }
            _ => {
                // A lone name could have been a label, a string a title: `{` could follow either.
                next_could_open = match self.peek() {
                    Some(TokenKind::Ident) if self.next_kind() != Some(TokenKind::ColonColon) => {
                        &[Exp::Brace, Exp::Value]
                    }
                    Some(TokenKind::String) => &[Exp::Brace],
                    _ => &[],
                };
                if !self.value() {
                    next_could_open = &[];
                    let d = self.expected_error(&[Exp::Brace, Exp::Value, Exp::Name]);
                    self.diags.push(d);
                    self.skip_entry();
                }
            }
        }
        // A value cut off for depth is not checked further (no type error on top).
        if self.too_deep_count > deep_before {
            self.tree.flag(node, Node::INVALID_VALUE);
        }
        self.tree.close(node, self.last_end);
        next_could_open
    }

    /// The block of `key label "title" { ... }`; an error if it is missing.
    fn nested_block(&mut self, expected: &[Exp]) {
        if self.peek() == Some(TokenKind::LBrace) {
            return self.block();
        }
        let d = self.expected_error(expected);
        self.diags.push(d);
        self.skip_entry();
    }

    // ---- values ----------------------------------------------------------------------

    /// A value at the current token; `false` (nothing consumed) if none starts here.
    /// Literals are only validated here: the typed view decodes them.
    fn value(&mut self) -> bool {
        let Some(kind) = self.peek() else { return false };
        let span = self.cur_span();
        let text = self.cur_text();
        match kind {
            TokenKind::LBracket => return self.list(),
            TokenKind::LBrace => {
                self.block();
                return true;
            }
            TokenKind::String => {
                self.string_lit();
                return true;
            }
            TokenKind::UnterminatedString => self.unterminated_string(),
            TokenKind::Integer if literal::integer(text).is_none() => {
                self.diags.push(literal::integer_too_large(self.file, span))
            }
            TokenKind::BadNumber => self.bad_number(span, text),
            TokenKind::Integer | TokenKind::Duration | TokenKind::Date | TokenKind::Version | TokenKind::RuleId => {}
            TokenKind::Ident if text == "true" || text == "false" => {}
            TokenKind::Ident => {
                self.path();
                return true;
            }
            _ => return false,
        }
        self.bump();
        true
    }

    /// `name` or `a::b::c` at an identifier. `::` must touch its names.
    fn path(&mut self) {
        let node = self.tree.open(NodeKind::Path, self.pos);
        self.ident();
        while self.tokens.get(self.pos).map(|t| t.kind) == Some(TokenKind::ColonColon)
            && self.tokens.get(self.pos + 1).map(|t| t.kind) == Some(TokenKind::Ident)
        {
            self.bump();
            self.ident();
        }
        self.tree.close(node, self.last_end);
    }

    /// A list at the current `[` (an error node if nested too deep). Line breaks are free inside it.
    fn list(&mut self) -> bool {
        let open_span = self.cur_span();
        let start = open_span.start as usize;
        if self.open.len() >= MAX_NESTING {
            self.too_deep(open_span);
            let err = self.tree.open(NodeKind::Error, self.pos);
            self.skip_balanced();
            self.tree.close(err, self.last_end);
            return true;
        }
        let node = self.tree.open(NodeKind::List, self.pos);
        self.bump();
        self.open.push(open_span);
        let open_indent = self.indent_of_line_at(start);
        'items: loop {
            self.skip_newlines();
            if self.cut {
                break;
            }
            match self.peek() {
                None => {
                    self.unclosed(None);
                    break;
                }
                Some(TokenKind::RBracket) => {
                    self.bump();
                    break;
                }
                Some(TokenKind::RBrace) => {
                    self.list_cut_short(open_span, &[Exp::Value, Exp::CloseBracket]);
                    break;
                }
                Some(_) if self.outdented(open_indent) => {
                    self.left_open(open_span, ']');
                    break;
                }
                Some(_) => {}
            }
            if !self.value() {
                let d = self.expected_error(&[Exp::Value, Exp::CloseBracket]);
                self.diags.push(d);
                self.skip_list_item();
                continue;
            }
            if self.cut {
                break;
            }
            let crossed = self.skip_newlines();
            match self.peek() {
                Some(TokenKind::Comma) => self.bump(),
                Some(TokenKind::RBracket) => {
                    self.bump();
                    break 'items;
                }
                None => {
                    self.unclosed(None);
                    break;
                }
                Some(TokenKind::RBrace) => {
                    self.list_cut_short(open_span, &[Exp::Comma, Exp::CloseBracket]);
                    break;
                }
                Some(_) if crossed => {
                    // The next line goes on without `,` or `]`: the list was left open.
                    self.list_cut_short(open_span, &[Exp::Comma, Exp::CloseBracket]);
                    break;
                }
                Some(_) => {
                    let d = self.expected_error(&[Exp::Comma, Exp::CloseBracket]);
                    self.diags.push(d);
                    self.skip_list_item();
                }
            }
        }
        self.open.pop();
        self.tree.close(node, self.last_end);
        true
    }

    /// Consume line breaks; whether there were any.
    fn skip_newlines(&mut self) -> bool {
        let mut any = false;
        while self.peek() == Some(TokenKind::Newline) {
            self.bump();
            any = true;
        }
        any
    }

    /// A string at the current token; its escapes are checked.
    fn string_lit(&mut self) {
        let body_start = self.cur_span().start as usize + 1;
        let body = literal::string_body(self.cur_text());
        self.bump();
        let (file, diags) = (self.file, &mut self.diags);
        literal::unescape(body, |at, len, help| diags.push(literal::bad_escape(file, body_start + at, len, help)));
    }

    // ---- recovery ----------------------------------------------------------------------

    /// Skip a broken entry: to the end of its line, a `;` or the `}` of its block,
    /// stepping over whole bracketed groups (which may span lines).
    fn skip_entry(&mut self) {
        self.skip_until(|k| matches!(k, TokenKind::Newline | TokenKind::Semicolon | TokenKind::RBrace));
    }

    /// Skip a broken list element: to the next `,`, `]`, `}` or line break (a `,` is consumed).
    fn skip_list_item(&mut self) {
        self.skip_until(|k| {
            matches!(k, TokenKind::Comma | TokenKind::RBracket | TokenKind::RBrace | TokenKind::Newline)
        });
        if self.peek() == Some(TokenKind::Comma) {
            self.bump();
        }
    }

    /// Skip tokens into an error node until `stop` holds outside any bracket group
    /// opened in the skipped text; such groups are stepped over by counting.
    fn skip_until(&mut self, stop: impl Fn(TokenKind) -> bool) {
        let node = self.tree.open(NodeKind::Error, self.pos);
        let mut depth = 0usize;
        while let Some(k) = self.peek() {
            match k {
                k if depth == 0 && stop(k) => break,
                TokenKind::Ident if depth > 0 && self.at_declaration_start() => {
                    let at = self.cur_span();
                    self.unclosed(Some(at));
                    break;
                }
                TokenKind::LBrace | TokenKind::LBracket => depth += 1,
                TokenKind::RBrace | TokenKind::RBracket => depth = depth.saturating_sub(1),
                _ => {}
            }
            self.bump();
        }
        self.tree.close(node, self.last_end);
    }

    /// Skip from an opening bracket to its match, counting (no recursion).
    fn skip_balanced(&mut self) {
        let mut depth = 0usize;
        while let Some(k) = self.peek() {
            match k {
                TokenKind::Ident if depth > 0 && self.at_declaration_start() => {
                    let at = self.cur_span();
                    self.unclosed(Some(at));
                    return;
                }
                TokenKind::LBrace | TokenKind::LBracket => depth += 1,
                TokenKind::RBrace | TokenKind::RBracket => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        self.bump();
                        return;
                    }
                }
                _ => {}
            }
            self.bump();
        }
        self.unclosed(None);
    }

    /// Skip the rest of a line at the top level, with any bracketed groups on it.
    fn skip_line_balanced(&mut self) {
        let mut depth = 0usize;
        while let Some(k) = self.peek() {
            match k {
                TokenKind::Newline if depth == 0 => break,
                TokenKind::Ident if depth > 0 && self.at_declaration_start() => break,
                TokenKind::LBrace | TokenKind::LBracket => depth += 1,
                TokenKind::RBrace | TokenKind::RBracket => depth = depth.saturating_sub(1),
                _ => {}
            }
            self.bump();
        }
    }

    // ---- diagnostics ---------------------------------------------------------------------

    /// The item's outermost bracket is never closed: the file ended, or a new
    /// declaration starts at `cut_at`. Reported once per item.
    fn unclosed(&mut self, cut_at: Option<Span>) {
        if self.cut {
            return;
        }
        self.cut = true;
        self.unclosed_at_eof |= cut_at.is_none();
        let Some(&open) = self.open.first() else { return };
        let mut d = self.unclosed_diag(open);
        if let Some(at) = cut_at {
            d = d.secondary(self.file, at, tr!("ここで次の宣言が始まっています", "the next declaration starts here"));
        }
        self.diags.push(d);
    }

    fn unclosed_diag(&self, open: Span) -> Diagnostic {
        let (o, c) = if self.text.as_bytes().get(open.start as usize) == Some(&b'[') { ("[", "]") } else { ("{", "}") };
        Diagnostic::error("MIG1002", tr!("`{o}` が閉じられていません", "unclosed `{o}`"))
            .primary(self.file, open, tr!("この `{o}` に対応する `{c}` がありません", "this `{o}` is never closed"))
            .help(tr!("対応する `{c}` を追加してください。", "add the matching `{c}`"))
    }

    /// A list that ends without `]`, at the current token (left unconsumed).
    fn list_cut_short(&mut self, open: Span, expected: &[Exp]) {
        let at = self.cur_span();
        let (exp_ja, exp_en) = join_expected(expected);
        let d = self.unclosed_diag(open).secondary(
            self.file,
            at,
            tr!("この前に {exp_ja} が必要です", "expected {exp_en} before this"),
        );
        self.diags.push(d);
    }

    fn stray_close(&mut self, span: Span) {
        self.diags.push(
            Diagnostic::error(
                "MIG1003",
                tr!("対応する開き括弧のない閉じ括弧です", "closing bracket without an opening one"),
            )
            .primary(self.file, span, tr!("余分な閉じ括弧", "unmatched closing bracket"))
            .help(tr!("この括弧を削除してください。", "remove this bracket")),
        );
    }

    fn too_deep(&mut self, span: Span) {
        self.too_deep_count += 1;
        self.diags.push(
            Diagnostic::error(
                "MIG1006",
                tr!(
                    "入れ子が深すぎます（最大 {MAX_NESTING} 段）",
                    "nesting is too deep (at most {MAX_NESTING} levels)"
                ),
            )
            .primary(
                self.file,
                span,
                tr!("ここで {MAX_NESTING} 段を超えました", "level {MAX_NESTING} is exceeded here"),
            )
            .help(tr!(
                "ブロックやリストの入れ子を浅くしてください。宣言を分けて名前で参照できます。",
                "flatten the nested blocks or lists; split them into declarations and refer to them by name"
            )),
        );
    }

    /// The current token is an unterminated string.
    fn unterminated_string(&mut self) {
        let q = self.cur_span().start as usize;
        self.diags.push(
            Diagnostic::error("MIG1004", tr!("文字列が閉じられていません", "unterminated string"))
                .primary(
                    self.file,
                    Span::new(q, q + 1),
                    tr!(
                        "この文字列は行末までに閉じられていません",
                        "this string is not closed before the end of the line"
                    ),
                )
                .help(tr!(
                    "`\"` で閉じてください。文字列は1行に書きます（改行は `\\n`）。",
                    "close it with `\"`; strings stay on one line (write a newline as `\\n`)"
                )),
        );
    }

    fn bad_number(&mut self, span: Span, text: &str) {
        let shown = text.escape_debug().to_string();
        self.diags.push(
            Diagnostic::error(
                "MIG1001",
                tr!("構文エラー: `{shown}` は値として読めません", "syntax error: `{shown}` is not a value"),
            )
            .primary(self.file, span, tr!("数・期間・日付・バージョンのどれでもありません", "not a number, duration, date or version"))
            .help(tr!(
                "数は `3`、期間は `30min` `12h` `90d` `2w` `6m` `5y`、日付は `2027-03-31`、バージョンは `1.3` のように書きます。",
                "write a number as `3`, a duration as `30min` `12h` `90d` `2w` `6m` `5y`, a date as `2027-03-31`, a version as `1.3`"
            )),
        );
    }

    /// "expected X, found Y" at the current token, with a help for the usual slips.
    fn expected_error(&mut self, expected: &[Exp]) -> Diagnostic {
        let at = if self.pos < self.tokens.len() { self.cur_span().start as usize } else { self.text.len() };
        let mut found = describe_found(self.text, at);
        if self
            .tokens
            .get(self.pos)
            .is_some_and(|t| matches!(t.kind, TokenKind::String | TokenKind::UnterminatedString))
        {
            found = Found { ja: "文字列".into(), en: "a string".into(), len: self.cur_span().len(), is_word: false };
        }
        let found_span = Span::new(at, at + found.len);
        let (exp_ja, exp_en) = self.expected_text(expected);
        let (found_ja, found_en) = (&found.ja, &found.en);
        let mut d = Diagnostic::error(
            "MIG1001",
            tr!(
                "構文エラー: {exp_ja} が必要ですが {found_ja} があります",
                "syntax error: expected {exp_en}, found {found_en}"
            ),
        )
        .primary(self.file, found_span, tr!("ここに {exp_ja} が必要です", "expected {exp_en} here"));
        let ch = self.text[at.min(self.text.len())..].chars().next();
        if ch == Some('\u{3000}') {
            d = d.help(tr!(
                "全角スペースは区切りに使えません。半角スペースに置き換えてください。",
                "a full-width space (U+3000) cannot separate tokens; use an ASCII space"
            ));
        } else if let Some(key) = value_missing_after(self.text, at, expected, found.len) {
            d = d.help(tr!(
                "`{key}` に値がありません。`{key} 値` のように同じ行に値を書いてください。",
                "`{key}` has no value; write it on the same line: `{key} value`"
            ));
        } else if expected.contains(&Exp::Sep) && found.is_word {
            d = d.help(tr!(
                "プロパティは1行に1つ書きます（同じ行に並べるときは `;` で区切ります）。",
                "write one property per line (or separate properties on one line with `;`)"
            ));
        } else if matches!(ch, Some('=' | ':')) {
            d = d.help(tr!(
                "プロパティは `キー 値` の形で書きます（`=` や `:` は不要です）。",
                "properties are written `key value`, without `=` or `:`"
            ));
        }
        d
    }

    fn expected_text(&mut self, expected: &[Exp]) -> (String, String) {
        if let Some((_, t)) = self.expected_texts.iter().find(|(e, _)| e == expected) {
            return t.clone();
        }
        let t = join_expected(expected);
        self.expected_texts.push((expected.to_vec(), t.clone()));
        t
    }

    /// A top-level item that does not start with a declaration kind or `import`
    /// (prose, a stray word): said at its start.
    fn not_a_declaration(&self, start: usize, word: Option<Span>) -> Diagnostic {
        let (span, word) = match word {
            Some(w) => (w, self.text.get(w.range()).unwrap_or("")),
            None => {
                let len = self.text[start..].chars().next().map_or(0, char::len_utf8);
                (Span::new(start, start + len), "")
            }
        };
        let kinds = crate::schema::KINDS.iter().filter(|k| !k.stdlib).map(|k| k.kind).collect::<Vec<_>>().join(", ");
        let d = Diagnostic::error(
            "MIG1001",
            tr!("構文エラー: ここには宣言か `import` が必要です", "syntax error: expected a declaration or `import`"),
        )
        .primary(self.file, span, tr!("宣言の種類ではありません", "not a declaration kind"));
        match crate::analysis::did_you_mean(word, crate::schema::KINDS.iter().map(|k| k.kind)) {
            Some(s) if !word.is_empty() => {
                d.help(tr!("`{s}` のことですか?", "did you mean `{s}`?")).replace_fix(self.file, span, &s)
            }
            _ => d.help(tr!(
                "説明文は `//` で始まるコメントにしてください。宣言の種類: {kinds}",
                "write prose as a `//` comment; the declaration kinds are: {kinds}"
            )),
        }
    }
}

/// The expected things, sorted and joined: Japanese with 「または」, English with commas and "or".
fn join_expected(expected: &[Exp]) -> (String, String) {
    let mut labels: Vec<(&str, &str)> = expected.iter().map(|e| e.label()).collect();
    labels.sort();
    labels.dedup();
    let ja = labels.iter().map(|e| e.0).collect::<Vec<_>>().join(" または ");
    let en = match labels.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            format!("{} or {}", rest.iter().map(|e| e.1).collect::<Vec<_>>().join(", "), last.1)
        }
        _ => labels.iter().map(|e| e.1).collect::<Vec<_>>().join(""),
    };
    (ja, en)
}

/// The key of an entry whose value is missing: the error is at the end of a line
/// that holds only a key.
fn value_missing_after(text: &str, at: usize, expected: &[Exp], found_len: usize) -> Option<String> {
    if found_len != 0 || !expected.contains(&Exp::Value) {
        return None;
    }
    let at = at.min(text.len());
    let line_start = text[..at].rfind(['\n', '\r']).map_or(0, |n| n + 1);
    let words: Vec<&str> = text[line_start..at].split_whitespace().collect();
    match words.as_slice() {
        [key] => Some((*key).to_string()),
        _ => None,
    }
}

struct Found {
    ja: String,
    en: String,
    len: usize,
    is_word: bool,
}

/// Describe the token at `at`: a word, a character, a line end or the end of the file.
fn describe_found(text: &str, at: usize) -> Found {
    let rest = text.get(at..).unwrap_or("");
    let Some(c) = rest.chars().next() else {
        return Found { ja: "ファイルの終わり".into(), en: "end of file".into(), len: 0, is_word: false };
    };
    if c == '\n' || c == '\r' {
        return Found { ja: "行末".into(), en: "end of line".into(), len: 0, is_word: false };
    }
    if c.is_alphanumeric() || c == '_' {
        let len = rest.char_indices().find(|(_, c)| !(c.is_alphanumeric() || *c == '_')).map_or(rest.len(), |(i, _)| i);
        // A very long word is named by its start only.
        let shown: String = rest[..len].chars().take(40).collect();
        let shown = if shown.len() < len { format!("{shown}…") } else { shown };
        return Found { ja: format!("`{shown}`"), en: format!("`{shown}`"), len, is_word: true };
    }
    if c == '/' && rest.starts_with("//") {
        return Found { ja: "コメント".into(), en: "a comment".into(), len: 2, is_word: false };
    }
    let shown = if c == '\u{3000}' { "全角スペース".to_string() } else { format!("`{}`", c.escape_debug()) };
    let shown_en = if c == '\u{3000}' { "a full-width space".to_string() } else { format!("`{}`", c.escape_debug()) };
    Found { ja: shown, en: shown_en, len: c.len_utf8(), is_word: false }
}
