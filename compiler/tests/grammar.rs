//! The hand-written parser against the normative grammar (`mig.pest`, run by pest).
//!
//! On every example, standard-library file and UI fixture, and on generated valid
//! and invalid inputs: both accept or both reject, and where they accept they build
//! the same declarations (same names, values, docs and byte spans). On every input
//! the lossless tree reprints the text exactly.

use migc::diag::FileId;
use migc::syntax::{self, oracle};
use std::path::{Path, PathBuf};

/// Syntax errors proper (escapes and integer ranges are checked after the grammar,
/// and the nesting limit is the parser's own, beyond the grammar).
fn has_syntax_error(diags: &[migc::diag::Diagnostic]) -> bool {
    diags.iter().any(|d| matches!(d.code.as_str(), "MIG1001" | "MIG1002" | "MIG1003" | "MIG1004"))
}

/// The lossless tree's shape: nodes nest (a child's tokens and descendants lie
/// inside its parent's), the root covers every token, and walking the children
/// of every node visits each token exactly once.
fn malformed_tree(tree: &syntax::SyntaxTree) -> Option<String> {
    let n = tree.nodes.len() as u32;
    let root = tree.nodes.first()?;
    if root.first_token != 0 || root.end_token as usize != tree.tokens.len() || root.end_node != n {
        return Some(format!("the root does not cover the file: {root:?}"));
    }
    for (i, node) in tree.nodes.iter().enumerate() {
        let i = i as u32;
        if node.first_token > node.end_token || node.end_node <= i || node.end_node > n {
            return Some(format!("node {i} has bad ranges: {node:?}"));
        }
        let mut child = i + 1;
        while child < node.end_node {
            let c = tree.nodes[child as usize];
            if c.first_token < node.first_token || c.end_token > node.end_token || c.end_node > node.end_node {
                return Some(format!("node {child} {c:?} leaves its parent {i} {node:?}"));
            }
            child = c.end_node;
        }
    }
    let mut seen = vec![0u8; tree.tokens.len()];
    let mut stack = vec![0u32];
    while let Some(id) = stack.pop() {
        for el in tree.children(id) {
            match el {
                syntax::Element::Node(c) => stack.push(c),
                syntax::Element::Token(t) => seen[t as usize] += 1,
            }
        }
    }
    seen.iter().position(|&k| k != 1).map(|t| format!("token {t} is visited {} times", seen[t]))
}

/// Compare both parsers on one text; `None` if they agree, else what differs.
fn disagreement(text: &str) -> Option<String> {
    let (file, diags) = syntax::parse(FileId(0), text);
    if file.syntax.reprint(text) != text {
        return Some("the syntax tree does not reprint the text".into());
    }
    if let Some(why) = malformed_tree(&file.syntax) {
        return Some(why);
    }
    if diags.iter().any(|d| d.code == "MIG1006") {
        return None; // deeper than MAX_NESTING: refused by design
    }
    let mine_accepts = !has_syntax_error(&diags);
    match oracle::parse_file(text) {
        Ok(items) => {
            if !mine_accepts {
                return Some(format!("grammar accepts, parser rejects: {diags:#?}"));
            }
            let mine = syntax::owned::materialise(&file);
            let (a, b) = (format!("{items:#?}"), format!("{mine:#?}"));
            (a != b).then(|| format!("different trees:\n--- grammar\n{a}\n--- parser\n{b}"))
        }
        Err(e) => mine_accepts.then(|| format!("grammar rejects, parser accepts:\n{e}")),
    }
}

fn mig_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            mig_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "mig") {
            out.push(p);
        }
    }
}

#[test]
fn examples_stdlib_and_fixtures_parse_as_the_grammar_says() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in ["examples", "stdlib", "tests/ui"] {
        mig_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 60, "found only {} files", files.len());
    let mut checked = 0;
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else { continue };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        if text.contains('\0') {
            continue;
        }
        if let Some(why) = disagreement(text).or_else(|| format_fails(text)) {
            panic!("{}: {why}", path.display());
        }
        checked += 1;
    }
    assert!(checked > 60);
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const IDENTS: &[&str] =
    &["a", "b_1", "受付", "診療録", "R01", "_y", "std", "party", "flow", "onx", "trueish", "𠮷田", "MIG", "x9"];
const ANY_IDENTS: &[&str] = &["a", "受付", "on", "true", "false", "import", "kind", "R01"];
const STRINGS: &[&str] = &[
    "\"\"",
    "\"t\"",
    "\"受付 カウンター\"",
    "\"a \\\"q\\\" \\u{1F600}\"",
    "\"tab\\t\"",
    "\"{brace [\"",
    "\"// not a comment\"",
];
const SCALARS: &[&str] = &[
    "1",
    "0",
    "42",
    "2027-03-31",
    "1.2",
    "3.0.1",
    "30min",
    "12h",
    "90d",
    "2w",
    "6m",
    "5y",
    "true",
    "false",
    "MIG-AUTH-001",
    "std::threat::ransomware",
    "受付",
    "a::b",
    "onx",
    "truex",
];

fn blank(g: &mut Gen) -> &'static str {
    ["", " ", "  ", "\t", " "][g.below(5)]
}

fn newline(g: &mut Gen, crlf: bool) -> String {
    let comment = if g.chance(15) { [" // c", " /// d", "//x"][g.below(3)] } else { "" };
    format!("{comment}{}", if crlf { "\r\n" } else { "\n" })
}

fn value(g: &mut Gen, depth: usize, crlf: bool, out: &mut String) {
    match g.below(if depth > 3 { 3 } else { 10 }) {
        0 => out.push_str(g.pick(STRINGS)),
        1 | 2 => out.push_str(g.pick(SCALARS)),
        3..=5 => {
            out.push('[');
            let n = g.below(4);
            for k in 0..n {
                if g.chance(20) {
                    out.push_str(&newline(g, crlf));
                }
                out.push_str(blank(g));
                value(g, depth + 1, crlf, out);
                out.push_str(blank(g));
                if k + 1 < n || g.chance(30) {
                    out.push(',');
                }
            }
            if g.chance(20) {
                out.push_str(&newline(g, crlf));
            }
            out.push(']');
        }
        6 => out.push_str(g.pick(IDENTS)),
        _ => block(g, depth + 1, crlf, out),
    }
}

fn block(g: &mut Gen, depth: usize, crlf: bool, out: &mut String) {
    out.push('{');
    let n = g.below(4);
    let multiline = g.chance(70);
    for _ in 0..n {
        if multiline {
            out.push_str(&newline(g, crlf));
            out.push_str("  ");
        } else {
            out.push_str(blank(g));
        }
        out.push_str(g.pick(ANY_IDENTS));
        out.push(' ');
        if depth < 3 && g.chance(25) {
            if g.chance(50) {
                out.push_str(g.pick(&IDENTS[..8]));
                out.push(' ');
            }
            if g.chance(50) {
                out.push_str(g.pick(STRINGS));
                out.push(' ');
            }
            block(g, depth + 1, crlf, out);
        } else {
            value(g, depth, crlf, out);
        }
        out.push_str(blank(g));
        if !multiline {
            out.push(';');
        } else if g.chance(10) {
            out.push_str("; ");
        }
    }
    if multiline {
        out.push_str(&newline(g, crlf));
    }
    out.push('}');
}

fn valid_file(g: &mut Gen) -> String {
    let crlf = g.chance(10);
    let mut out = String::new();
    for _ in 0..1 + g.below(4) {
        if g.chance(20) {
            out.push_str("/// 説明\n");
        }
        if g.chance(15) {
            out.push_str("import \"parties.mig\"");
            out.push_str(&newline(g, crlf));
            continue;
        }
        out.push_str(g.pick(IDENTS));
        if g.chance(70) {
            out.push(' ');
            out.push_str(g.pick(&IDENTS[..10]));
        }
        if g.chance(40) {
            out.push_str(blank(g));
            out.push(' ');
            out.push_str(g.pick(STRINGS));
        }
        if g.chance(30) {
            out.push_str(" on ");
            out.push_str(["受付", "std::threat::x", "a"][g.below(3)]);
        }
        out.push_str(if g.chance(15) { "\n" } else { " " });
        block(g, 1, crlf, &mut out);
        out.push_str(&newline(g, crlf));
        if g.chance(30) {
            out.push_str(&newline(g, crlf));
        }
    }
    out
}

/// Break a valid text: delete, insert or duplicate a few characters or tokens.
fn mutate(g: &mut Gen, text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    const INSERTS: &[&str] =
        &["{", "}", "[", "]", ",", ";", "\n", "\"", "=", ":", "::", " on ", "\u{3000}", "//", "5yx", "x", "\\", "MIG-"];
    for _ in 0..1 + g.below(3) {
        if chars.is_empty() {
            break;
        }
        let at = g.below(chars.len());
        match g.below(3) {
            0 => {
                let len = 1 + g.below(3);
                chars.drain(at..(at + len).min(chars.len()));
            }
            1 => {
                let s = g.pick(INSERTS);
                for (k, c) in s.chars().enumerate() {
                    chars.insert(at + k, c);
                }
            }
            _ => {
                let end = (at + 1 + g.below(6)).min(chars.len());
                let piece: Vec<char> = chars[at..end].to_vec();
                for (k, c) in piece.into_iter().enumerate() {
                    chars.insert(end + k, c);
                }
            }
        }
    }
    chars.into_iter().collect()
}

/// For a text without syntax errors: the formatter accepts it (its own soundness check
/// passes: same declarations, same comments) and formatting again changes nothing.
fn format_fails(text: &str) -> Option<String> {
    let (_, diags) = syntax::parse(FileId(0), text);
    if diags.iter().any(|d| d.severity == migc::diag::Severity::Error) {
        return None;
    }
    match migc::format::format_text(text) {
        Err(e) => Some(format!("the formatter refused it: {e:?}")),
        Ok(once) => match migc::format::format_text(&once) {
            Ok(twice) if twice == once => None,
            Ok(twice) => Some(format!("formatting is not idempotent:\n--- once\n{once}\n--- twice\n{twice}")),
            Err(e) => Some(format!("the formatter refused its own output: {e:?}\n{once}")),
        },
    }
}

#[test]
fn generated_valid_inputs_parse_as_the_grammar_says() {
    let mut g = Gen(0x9E37_79B9_7F4A_7C15);
    let mut accepted = 0;
    for i in 0..3000 {
        let text = valid_file(&mut g);
        if let Some(why) = disagreement(&text).or_else(|| format_fails(&text)) {
            panic!("generated input {i}:\n{text}\n{why}");
        }
        accepted += usize::from(oracle::parse_file(&text).is_ok());
    }
    // The generator writes valid files; nearly all must be accepted.
    assert!(accepted > 2900, "only {accepted} of 3000 generated inputs are valid");
}

#[test]
fn generated_invalid_inputs_are_rejected_as_the_grammar_says() {
    let mut g = Gen(0x2545_F491_4F6C_DD1D);
    let mut rejected = 0;
    for i in 0..4000 {
        let base = valid_file(&mut g);
        let text = mutate(&mut g, &base);
        if let Some(why) = disagreement(&text).or_else(|| format_fails(&text)) {
            panic!("mutated input {i}:\n{text:?}\n{why}");
        }
        rejected += usize::from(oracle::parse_file(&text).is_err());
    }
    assert!(rejected > 1500, "only {rejected} of 4000 mutated inputs are invalid");
}
