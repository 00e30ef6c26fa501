//! CSV: one file per table, UTF-8 with a BOM (Japanese Excel reads UTF-8 only
//! with it), CRLF line ends, RFC 4180 quoting. A cell that a spreadsheet would
//! read as a formula (`=`, `+`, `-`, `@`, tab, CR first) gets a leading `'`
//! ([`super::neutralise`], which the xlsx writer uses too).

use super::{Document, Table, draft_word};
use crate::diag::Lang;

/// The byte-order mark written first.
pub const BOM: &str = "\u{feff}";

/// A cell, neutralised and quoted as needed.
pub fn cell(text: &str) -> String {
    let neutral = super::neutralise(text);
    if neutral.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", neutral.replace('"', "\"\""))
    } else {
        neutral.into_owned()
    }
}

fn record(out: &mut String, cells: impl Iterator<Item = String>) {
    out.push_str(&cells.collect::<Vec<_>>().join(","));
    out.push_str("\r\n");
}

/// The CSV text of one table: the header row, then the rows. A draft's first record is the stamp.
pub fn render(doc: &Document, table: &Table, lang: Lang) -> String {
    let mut out = String::from(BOM);
    if doc.draft {
        record(&mut out, std::iter::once(cell(draft_word(lang))));
    }
    record(&mut out, table.columns.iter().map(|c| cell(c.get(lang))));
    for row in &table.rows {
        record(&mut out, row.iter().map(|c| cell(c)));
    }
    out
}

/// The files of a document: `<id>.csv` for one table, else `<id>-<n>.csv` (n from 1).
pub fn files(doc: &Document, lang: Lang) -> Vec<(String, String)> {
    match doc.tables.as_slice() {
        [one] => vec![(format!("{}.csv", doc.id), render(doc, one, lang))],
        tables => tables
            .iter()
            .enumerate()
            .map(|(i, t)| (format!("{}-{}.csv", doc.id, i + 1), render(doc, t, lang)))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn formulas_are_neutralised_and_quoting_is_rfc_4180() {
        assert_eq!(cell("=1+1"), "'=1+1");
        assert_eq!(cell("+81 3"), "'+81 3");
        assert_eq!(cell("-2"), "'-2");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("\tx"), "'\tx");
        assert_eq!(cell("\rx"), "\"'\rx\"");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("line\nbreak"), "\"line\nbreak\"");
        assert_eq!(cell("診療録 - 5年"), "診療録 - 5年");
        assert_eq!(cell(""), "");
    }
}
