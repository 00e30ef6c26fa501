//! The lossless syntax tree: every byte of a file is in exactly one token, and
//! every token in exactly one innermost node, so the file can be reprinted
//! exactly (the formatter and the language server stand on this).
//!
//! The tree is two flat arrays instead of a pointer tree (rowan's green/red
//! design): tokens in text order, and nodes in preorder, each covering a range
//! of tokens and a range of descendant nodes. Building it is a push per token
//! and per node, which keeps the parser at lexer speed; walking it needs no
//! allocation. The tree is immutable; an edit re-parses the file (a file parses
//! in microseconds to milliseconds, so incremental reuse is not worth its cost yet).
//!
//! Trivia (blanks, comments) between two children belongs to their parent: a
//! node starts at its first significant token and ends at its last one.

use super::ast::Span;
use super::lexer::{Token, TokenKind};
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[repr(u8)]
pub enum NodeKind {
    /// The whole file: covers every token.
    File,
    /// `import "path.mig"`
    Import,
    /// `KIND [NAME] ["title"] [on TARGET] { ... }`
    Decl,
    /// `on TARGET` in a declaration's header.
    Target,
    /// `{ entries }`
    Block,
    /// `key value` or `key [label] ["title"] { ... }`
    Entry,
    /// `[a, b]`
    List,
    /// `name` or `std::threat::ransomware`
    Path,
    /// Tokens skipped by error recovery (their diagnostic was reported).
    Error,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Node {
    pub kind: NodeKind,
    /// Tokens `first_token..end_token` are inside this node.
    pub first_token: u32,
    pub end_token: u32,
    /// Nodes `self + 1 .. end_node` are this node's descendants.
    pub end_node: u32,
    /// [`Node::RECOVERED`], [`Node::INVALID_VALUE`].
    pub flags: u8,
}

impl Node {
    /// A `Decl` whose header had a syntax error, or a `Block` that lost entries to
    /// one or is not closed (reported): checks of what may have been lost are skipped.
    pub const RECOVERED: u8 = 1;
    /// An `Entry` whose value was cut off (nesting too deep; reported): not checked.
    pub const INVALID_VALUE: u8 = 2;

    pub fn recovered(&self) -> bool {
        self.flags & Node::RECOVERED != 0
    }
    pub fn invalid_value(&self) -> bool {
        self.flags & Node::INVALID_VALUE != 0
    }
}

pub type NodeId = u32;

/// A child of a node: a node or a token (by index).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Element {
    Node(NodeId),
    Token(u32),
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct SyntaxTree {
    pub tokens: Vec<Token>,
    pub nodes: Vec<Node>,
    /// Length of the text in bytes (where the last token ends).
    pub text_len: u32,
}

impl SyntaxTree {
    pub fn root(&self) -> Option<NodeId> {
        (!self.nodes.is_empty()).then_some(0)
    }
    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id as usize)
    }
    pub fn token(&self, index: u32) -> Option<&Token> {
        self.tokens.get(index as usize)
    }
    /// The bytes of a token.
    pub fn token_span(&self, index: u32) -> Span {
        let start = self.tokens.get(index as usize).map_or(self.text_len, |t| t.start);
        let end = self.tokens.get(index as usize + 1).map_or(self.text_len, |t| t.start);
        Span { start, end }
    }
    /// The bytes of a node, from its first token to the end of its last.
    pub fn node_span(&self, id: NodeId) -> Span {
        let Some(n) = self.node(id) else { return Span::default() };
        let start = self.token_span(n.first_token).start;
        if n.end_token <= n.first_token {
            return Span { start, end: start };
        }
        Span { start, end: self.token_span(n.end_token - 1).end }
    }
    /// The direct children of a node, nodes and tokens in text order.
    pub fn children(&self, id: NodeId) -> Children<'_> {
        let (tok, end_tok, child, end_node) = match self.node(id) {
            Some(n) => (n.first_token, n.end_token, id + 1, n.end_node),
            None => (0, 0, 0, 0),
        };
        Children { tree: self, tok, end_tok, child, end_node }
    }
    /// The innermost node whose span holds `offset` (ends inclusive), for editors.
    pub fn node_at(&self, offset: u32) -> Option<NodeId> {
        self.nodes_at(offset).last().copied()
    }
    /// The nodes whose spans hold `offset`, from the root down to the innermost
    /// (the tree keeps no parent links; an editor asks for the chain instead).
    pub fn nodes_at(&self, offset: u32) -> Vec<NodeId> {
        let Some(mut at) = self.root() else { return Vec::new() };
        let mut chain = vec![at];
        'down: while let Some(end) = self.node(at).map(|n| n.end_node) {
            let mut child = at + 1;
            while child < end {
                let Some(c) = self.node(child) else { break };
                let span = self.node_span(child);
                if c.end_token > c.first_token && span.start <= offset && offset <= span.end {
                    at = child;
                    chain.push(at);
                    continue 'down;
                }
                child = c.end_node;
            }
            break;
        }
        chain
    }
    /// The text again, from the tokens: equal to the parsed text (lossless).
    pub fn reprint(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for i in 0..self.tokens.len() {
            out.push_str(text.get(self.token_span(i as u32).range()).unwrap_or(""));
        }
        out
    }
    /// An indented outline of the tree, for tests and debugging.
    pub fn debug_dump(&self, text: &str) -> String {
        let mut out = String::new();
        if let Some(root) = self.root() {
            self.dump_node(text, root, 0, &mut out);
        }
        out
    }
    fn dump_node(&self, text: &str, id: NodeId, depth: usize, out: &mut String) {
        let span = self.node_span(id);
        let kind = self.node(id).map(|n| n.kind);
        out.push_str(&format!("{:indent$}{kind:?}@{}..{}\n", "", span.start, span.end, indent = depth * 2));
        for child in self.children(id) {
            match child {
                Element::Node(n) => self.dump_node(text, n, depth + 1, out),
                Element::Token(t) => {
                    let span = self.token_span(t);
                    let kind = self.token(t).map(|t| t.kind);
                    let shown = text.get(span.range()).unwrap_or("").escape_debug().to_string();
                    out.push_str(&format!("{:indent$}{kind:?} {shown:?}\n", "", indent = depth * 2 + 2));
                }
            }
        }
    }
}

pub struct Children<'a> {
    tree: &'a SyntaxTree,
    tok: u32,
    end_tok: u32,
    child: NodeId,
    end_node: NodeId,
}

impl Iterator for Children<'_> {
    type Item = Element;
    fn next(&mut self) -> Option<Element> {
        // The next child node, if it starts at the current token, comes first.
        if self.child < self.end_node {
            let n = self.tree.node(self.child)?;
            if n.first_token <= self.tok || self.tok >= self.end_tok {
                let id = self.child;
                self.child = n.end_node;
                self.tok = self.tok.max(n.end_token);
                return Some(Element::Node(id));
            }
        }
        if self.tok < self.end_tok {
            let t = self.tok;
            self.tok += 1;
            return Some(Element::Token(t));
        }
        None
    }
}

/// Builds the tree while the parser runs: nodes are opened in preorder and
/// closed with the index just past their last token.
#[derive(Default)]
pub(super) struct TreeBuilder {
    pub nodes: Vec<Node>,
}

impl TreeBuilder {
    pub fn open(&mut self, kind: NodeKind, first_token: usize) -> usize {
        let t = u32::try_from(first_token).unwrap_or(u32::MAX);
        self.nodes.push(Node { kind, first_token: t, end_token: t, end_node: 0, flags: 0 });
        self.nodes.len() - 1
    }
    pub fn flag(&mut self, node: usize, flag: u8) {
        if let Some(n) = self.nodes.get_mut(node) {
            n.flags |= flag;
        }
    }
    /// Turn a node into another kind (a would-be declaration found to be prose is an error).
    pub fn set_kind(&mut self, node: usize, kind: NodeKind) {
        if let Some(n) = self.nodes.get_mut(node) {
            n.kind = kind;
        }
    }
    pub fn close(&mut self, node: usize, end_token: usize) {
        let end_node = u32::try_from(self.nodes.len()).unwrap_or(u32::MAX);
        if let Some(n) = self.nodes.get_mut(node) {
            n.end_token = u32::try_from(end_token).unwrap_or(u32::MAX);
            // A node that consumed nothing is empty where its parent's last token ends
            // (not after trivia its parent does not hold).
            n.first_token = n.first_token.min(n.end_token);
            n.end_node = end_node;
        }
    }
}

impl SyntaxTree {
    pub(super) fn new(tokens: Vec<Token>, nodes: Vec<Node>, text_len: usize) -> SyntaxTree {
        SyntaxTree { tokens, nodes, text_len: u32::try_from(text_len).unwrap_or(u32::MAX) }
    }
    /// Whether token `index` is trivia (blank or comment).
    pub fn is_trivia(&self, index: u32) -> bool {
        self.token(index).is_some_and(|t| t.kind.is_trivia())
    }
    /// Kind of a token, if it exists.
    pub fn token_kind(&self, index: u32) -> Option<TokenKind> {
        self.token(index).map(|t| t.kind)
    }
}
