//! `docs/language.md`, generated from the schema table, the standard library,
//! the code registry and the grammar, so the reference cannot drift from the
//! language. A test keeps the committed file equal to this output.

use crate::schema::{KINDS, Naming, Prop, Ty};
use crate::workspace::Workspace;
use std::fmt::Write;

const GRAMMAR: &str = include_str!("syntax/mig.pest");

pub fn language_reference() -> String {
    let mut o = String::new();
    o.push_str(
        "<!-- Generated from compiler/src/schema.rs, stdlib/ and the grammar by `MIGC_UPDATE_DOCS=1 cargo test -p migc --test docs`. Do not edit by hand. -->\n\n",
    );
    o.push_str("# The `.mig` language reference\n\n");
    o.push_str(INTRO);
    o.push_str("\n## Declaration kinds\n\n| kind | 日本語 | name | `on` target | purpose |\n|---|---|---|---|---|\n");
    for k in KINDS {
        let naming = match k.naming {
            Naming::Required => "required",
            Naming::Optional => "optional",
        };
        let target = match (k.target, k.target_required) {
            (Some(t), true) => format!("required: {}", t.join(", ")),
            (Some(t), false) => format!("optional: {}", t.join(", ")),
            (None, _) => "—".to_string(),
        };
        let _ = writeln!(o, "| [`{}`](#{}) | {} | {naming} | {target} | {} |", k.kind, k.kind, k.ja, k.doc_en);
    }
    for k in KINDS {
        let _ = writeln!(o, "\n### `{}`\n\n{}\n\n{}\n", k.kind, k.doc_ja, k.doc_en);
        if k.stdlib {
            o.push_str("Declared mostly by the standard library; a model may declare its own.\n\n");
        }
        props_table(&mut o, k.props);
        for p in k.props {
            if let Ty::Record(inner) = p.ty {
                let rep = if p.repeated { ", repeatable, with an optional label" } else { "" };
                let _ = writeln!(o, "\nNested block `{}`{rep}:\n", p.key);
                props_table(&mut o, inner);
            }
        }
        let _ = writeln!(o, "\n```mig\n{}\n```", k.example);
    }
    o.push_str("\n## Enumerations\n\nEach value may also be written by its Japanese label or an alias.\n");
    let mut seen: Vec<*const crate::schema::Variant> = Vec::new();
    for k in KINDS {
        for p in k.props.iter().chain(k.props.iter().flat_map(|p| match p.ty {
            Ty::Record(inner) => inner.iter(),
            _ => [].iter(),
        })) {
            let Some(variants) = enum_of(&p.ty) else {
                continue;
            };
            let first = variants.as_ptr();
            if seen.contains(&first) {
                continue;
            }
            seen.push(first);
            let _ = writeln!(o, "\n**`{}.{}`**\n\n| value | 日本語 | aliases |\n|---|---|---|", k.kind, p.key);
            for v in variants {
                let _ = writeln!(o, "| `{}` | {} | {} |", v.name, v.ja, v.aliases.join(", "));
            }
        }
    }
    stdlib_section(&mut o);
    o.push_str("\n## Diagnostic codes\n\n| code | 日本語 | English |\n|---|---|---|\n");
    for c in crate::codes::CODES {
        let _ = writeln!(o, "| `{}` | {} | {} |", c.code, c.ja, c.en);
    }
    o.push_str("\n## Grammar\n\nThe normative grammar (`compiler/src/syntax/mig.pest`):\n\n```pest\n");
    o.push_str(GRAMMAR);
    o.push_str("```\n");
    o
}

fn enum_of(ty: &Ty) -> Option<&'static [crate::schema::Variant]> {
    match ty {
        Ty::Enum(v) => Some(v),
        Ty::List(inner) => enum_of(inner),
        _ => None,
    }
}

fn type_text(ty: &Ty) -> String {
    match ty {
        Ty::Ref(kinds) => format!("reference to {}", kinds.join(" or ")),
        Ty::Int { min, max } => format!("integer {min}–{max}"),
        Ty::List(inner) => format!("list of {}", type_text(inner)),
        Ty::Enum(_) => "enumeration (below)".to_string(),
        Ty::Record(_) => "block (below)".to_string(),
        other => other.name().1.trim_start_matches("a ").trim_start_matches("an ").to_string(),
    }
}

fn props_table(o: &mut String, props: &[Prop]) {
    o.push_str("| property | type | required | description | example |\n|---|---|---|---|---|\n");
    for p in props {
        let req = if p.required { "yes" } else { "" };
        let example = p.ty.example().replace('|', "\\|");
        let _ = writeln!(
            o,
            "| `{}` | {} | {req} | {} / {} | `{} {example}` |",
            p.key,
            type_text(&p.ty),
            p.doc_ja,
            p.doc_en,
            p.key
        );
    }
}

fn stdlib_section(o: &mut String) {
    let analysis = crate::analyze(&Workspace::default());
    o.push_str("\n## Standard library\n\nAlways available, embedded in `migc`. `stdlib/<module>.mig` declares `std::<module>::<name>`.\n");
    for (module, _) in crate::stdlib::MODULES {
        let _ = writeln!(o, "\n### `std::{module}`\n\n| name | title |\n|---|---|");
        for d in &analysis.model.decls {
            let in_module = analysis.file(d.file).and_then(|f| f.stdlib_module) == Some(*module);
            if let (true, Some(name)) = (in_module, &d.name) {
                let _ = writeln!(o, "| `std::{module}::{}` | {} |", name.text, d.title.as_deref().unwrap_or(""));
            }
        }
    }
}

const INTRO: &str = r#"A `.mig` model describes a medical information service as facts: organisations, places,
devices, networks, data, people, information flows, risks, controls, logs, backups, the
responsibility split and what happens at contract end. `migc check` checks it.

## Files and items

A file is a sequence of items:

```mig
import "parties.mig"                       // bring another file of the project in

/// A doc comment, shown in hover and reports.
asset ehr_db "電子カルテDB" {               // KIND NAME ["title"] [on TARGET] { ... }
  kind       storage
  at         tokyo
  stores     [診療録, 処方箋]
}
```

- Every declaration has the form `KIND NAME ["title"] [on TARGET] { entries }`. Which kinds exist
  and which properties each takes is the schema below, not grammar.
- Names are Unicode identifiers (UAX #31): `診療録`, `受付PC`, `R01`, `ehr_db`. All files of a
  project share one namespace. `import` decides which files are
  loaded when a single file is checked; checking a directory loads every `.mig` below it (or the
  `entry` files of its `mig.toml` and what they import). Imports are relative to the importing file
  and may not leave the project root (the directory of `mig.toml`; `MIG2102`, whatever the file's
  extension).
- **Names are unique per kind.** Declarations of different kinds may share a name: the site `受付`
  and the flow `受付` at it. A reference resolves among the kinds its property accepts (the types
  below): `at 受付` in an `asset` is the site (`at` takes a site), `risk R01 on 受付` is the flow
  (`on` of a risk takes a flow or an asset). Two declarations of one kind and name are a duplicate
  (`MIG2008`, one error at the one loaded later, pointing at the one loaded first: the `entry` files
  of `mig.toml` in order, else the files checked in path order, then each file's imports in the
  order written). A reference that two declarations of the
  name could answer (an asset and a flow `受付` under `risk … on 受付`, or any two kinds under a
  `waiver … on`) is ambiguous (`MIG2020`, naming both); write the kind before the name to say
  which: `on flow::受付`, `on asset::受付`.
- The standard library is always available as `std::<module>::<name>`, e.g. `std::threat::ransomware`.

## Entries and separators

An entry is `key value`, or a nested block `key [label] ["title"] { entries }`.

**An entry ends at the end of its line** (or at `;`). Spaces and tabs separate tokens but never
end an entry, so

```mig
impact 4 likelihood 3     // error MIG1001: expected a line break or `;`
impact 4; likelihood 3    // fine
```

can never be read as one property. Inside `[ ... ]` lists, line breaks are free and `,`
separates elements. The `{` of a declaration may stand on the line after its header; the `{` of
a nested block is on the line of its key.

## Values

| type | written | notes |
|---|---|---|
| string | `"電子カルテ"` | one line; escapes `\"` `\\` `\n` `\t` `\r` `\u{3042}` |
| integer | `4` | ranges are checked per property (`impact` is 1–5) |
| boolean | `true`, `false` | |
| duration | `30min`, `12h`, `90d`, `2w`, `6m`, `5y` | `m` is months |
| date | `2027-03-31` | must be a real calendar date |
| version | `1.2`, `6.0` | |
| country | `JP` | ISO 3166-1 alpha-2 |
| rule id | `MIG-AUTH-001` | |
| name | `tokyo`, `std::threat::ransomware`, `flow::受付` | checked to exist and to be of the right kind; `kind::name` picks one of the kinds sharing a name |
| enumeration | `reduce`, `低減` | per property; Japanese labels and aliases accepted |
| list | `[a, b]` | a single element may be written without brackets |
| block | `{ normal a; emergency [a, b] }` | nested properties |

## Routes

A `flow` names the networks it goes over. `via NET` names one; `route [a, b, c]` names several
in order, first hop first (`via NET` means `route [NET]`; giving both is `MIG2021`, at the one
written second). Each hop is the network that carries the traffic on that segment: a VPN over the
internet is the VPN, not the line beneath it. `alternative [label] { route [...] }` (repeatable)
adds another route, say a failover:

```mig
flow 検査結果参照 "外来で検査結果を参照" {
  phase   operation
  who     医師
  from    exam_tablet
  to      ehr_app
  carries [検査結果]
  route   [院内無線, 院内LAN, 専用線]
  alternative 障害時 {
    route       [院内無線, 院内LAN, 予備VPN]
    description "専用線の障害時に自動で切り替える"
  }
}
```

A network carries 医療情報 when it is on any route (primary or alternative) of a flow that carries
it; the network rules judge exactly those networks. A `tls` hop on such a route with no VPN or
closed hop (`closed`, `ip_vpn`, `ipsec_vpn`, `ssl_vpn_*`) is TLS in place of a VPN (MIG-TLS-003)
even without `replaces_vpn true`.

## Comments

`// …` runs to the end of the line. `/// …` lines directly above a declaration are its
documentation. The parser keeps all comments.
"#;

/// `docs/rules.md`: every guideline rule with its citations and explanation,
/// generated from the rule registry.
pub fn rules_reference() -> String {
    let mut o = String::new();
    o.push_str(
        "<!-- Generated from the rule registry (compiler/src/rules) by `MIGC_UPDATE_DOCS=1 cargo test -p migc --test docs`. Do not edit by hand. -->\n\n",
    );
    o.push_str("# Guideline rules\n\n`migc rules` lists them and `migc explain ID` prints one. A rule defaults to an error only when every fact it cites was seen in the guideline text ([V], [V-draft]); one that rests on a secondary source [V2], an unverified fact [U] or migc's own reading [PROPOSAL] defaults to a warning. A rule whose basis differs between MHLW 6.0 and 7.0 follows the edition the model targets and lists the basis of each. `mig.toml` can set a rule to `allow`, `warning` or `error`; a `waiver` accepts one finding on one target until a date.\n\n");
    o.push_str("| id | severity | title | sources |\n|---|---|---|---|\n");
    for r in crate::rules::registry() {
        let cites = r.citations().iter().map(|c| c.to_string()).collect::<Vec<_>>().join("; ");
        let _ = writeln!(
            o,
            "| [`{}`](#{}) | {} | {} / {} | {cites} |",
            r.id,
            r.id.to_lowercase(),
            r.severity.as_str(),
            r.title_ja,
            r.title_en
        );
    }
    for r in crate::rules::registry() {
        let body = r.explanation.trim();
        // The explanation's own `# ID` heading becomes a level-2 heading here.
        let body = body.strip_prefix(&format!("# {}", r.id)).unwrap_or(body).trim();
        let _ =
            writeln!(o, "\n## {}\n\n{} / {}\n\n{}\n", r.id, r.title_ja, r.title_en, body.replace("\n## ", "\n### "));
        for lang in [crate::diag::Lang::Ja, crate::diag::Lang::En] {
            let by_edition = crate::render::editions_text(r, lang);
            if !by_edition.is_empty() {
                let _ = writeln!(o, "{}", by_edition.trim());
                o.push('\n');
            }
        }
    }
    o
}
