//! Prints the AFL++ dictionary (`mig.dict`) from migc itself, so it follows the
//! schema: the syntax's tokens, every kind, property and enum spelling, the rule
//! ids and the standard library's names. `cargo run --bin dict > mig.dict`.

use migc::schema::{KINDS, Prop, Ty};
use std::collections::BTreeSet;

/// Tokens of the syntax that the schema does not name.
const SYNTAX: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ";",
    ",",
    "::",
    "\"",
    "\n",
    "\r\n",
    "\t",
    "//",
    "///",
    "// ",
    "/// ",
    "import",
    "on",
    "true",
    "false",
    "std::",
    "import \"b.mig\"\n",
    "import \"c.mig\"\n",
    "import \"a.mig\"\n",
    "\n---\n",
    "2027-03-31",
    "2026-02-29",
    "2024-02-29",
    "9999-12-31",
    "0000-00-00",
    "30d",
    "6m",
    "5y",
    "2w",
    "12h",
    "90min",
    "0d",
    "18446744073709551616",
    "4294967296",
    "1.3",
    "6.0",
    "1.2.3",
    "\\u{1F600}",
    "\\u{110000}",
    "\\n",
    "\\\"",
    "\\\\",
    "JP",
    "US",
    "\u{3000}",
    "𠮷",
    "\u{feff}",
];

fn props(list: &[Prop], out: &mut BTreeSet<String>) {
    for p in list {
        out.insert(p.key.to_string());
        ty(&p.ty, out);
    }
}

fn ty(t: &Ty, out: &mut BTreeSet<String>) {
    match t {
        Ty::Enum(vs) => {
            for v in *vs {
                out.insert(v.name.to_string());
                out.insert(v.ja.to_string());
                out.extend(v.aliases.iter().map(|a| a.to_string()));
            }
        }
        Ty::Level(labels) => out.extend(labels.iter().map(|l| l.to_string())),
        Ty::List(inner) | Ty::ListN(inner, _) => ty(inner, out),
        Ty::Record(ps) => props(ps, out),
        _ => {}
    }
}

/// AFL's dictionary syntax: printable ASCII, with `\"`, `\\` and `\xNN` for the rest.
fn quote(token: &str) -> String {
    let mut q = String::from("\"");
    for b in token.bytes() {
        match b {
            b'"' | b'\\' => q.push_str(&format!("\\{}", b as char)),
            0x20..=0x7e => q.push(b as char),
            _ => q.push_str(&format!("\\x{b:02X}")),
        }
    }
    q.push('"');
    q
}

fn main() {
    let mut tokens: BTreeSet<String> = SYNTAX.iter().map(|s| s.to_string()).collect();
    for k in KINDS {
        tokens.insert(k.kind.to_string());
        tokens.insert(k.ja.to_string());
        props(k.props, &mut tokens);
    }
    tokens.extend(migc::rules::registry().map(|r| r.id.to_string()));
    let std = migc::analyze(&migc::workspace::Workspace::default());
    tokens.extend(std.symbols.iter().map(|(_, s)| s.path.clone()));
    println!("# The .mig dictionary for AFL++ (-x). Generated: cargo run --bin dict > mig.dict");
    // AFL refuses tokens over 128 bytes.
    for t in tokens.iter().filter(|t| !t.is_empty() && t.len() <= 128) {
        println!("{}", quote(t));
    }
}
