//! Semantic tokens decoded from LSP's relative encoding, for assertions and snapshots.

use tower_lsp_server::ls_types as lsp;

/// One token: line, column and length in the encoding's units, type name, modifier bits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub line: u32,
    pub col: u32,
    pub length: u32,
    pub ty: String,
    pub modifiers: u32,
}

pub fn decode(tokens: &[lsp::SemanticToken]) -> Vec<Token> {
    let legend = migc_lsp::engine::semantic_legend();
    let (mut line, mut col) = (0, 0);
    let mut out = Vec::new();
    for t in tokens {
        line += t.delta_line;
        col = if t.delta_line == 0 { col + t.delta_start } else { t.delta_start };
        let ty = legend.token_types.get(t.token_type as usize).map(|t| t.as_str().to_string()).unwrap_or_default();
        out.push(Token { line, col, length: t.length, ty, modifiers: t.token_modifiers_bitset });
    }
    out
}
