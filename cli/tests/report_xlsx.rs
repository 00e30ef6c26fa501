//! `migc report --format xlsx`: the workbook as Excel shows it. Each workbook is
//! read back with Python's openpyxl (`xlsx_dump.py` prints what it sees as JSON):
//! the sheets' cells against the CSV files of the same run, the sheet setup
//! (frozen and filtered header, print setup, fonts, widths), inert user text, the
//! draft stamp, and byte-identical runs.
//!
//! Without python3 and openpyxl (`.ci/requirements.txt`) the tests are skipped with
//! a message, unless `MIGC_REPORT_TESTS=require` (set by `.ci/run`): then they fail.

#[path = "support/report.rs"]
mod support;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;
use support::{
    BROKEN, DOCS, INJECTION, TestResult, csv_files, csv_records, migc, python_module, report, with_example, with_model,
};

const SHEETS_JA: [&str; 7] = [
    "情報流一覧",
    "リスクアセスメント結果一覧",
    "リスク対応一覧",
    "責任分界表",
    "点検結果",
    "運用管理規程",
    "表4-1 回答",
];
const SHEETS_EN: [&str; 7] = [
    "Information flows",
    "Risk assessment",
    "Risk treatment",
    "Responsibility matrix",
    "Check results",
    "Operations management rules",
    "Table 4-1 answers",
];

// ---- the oracle ----------------------------------------------------------------------------

/// The workbook as openpyxl reads it (`xlsx_dump.py`).
fn dump(book: &Path) -> Result<Value, Box<dyn std::error::Error>> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/xlsx_dump.py");
    let out = Command::new("python3").arg(script).arg(book).stdin(Stdio::null()).output()?;
    assert!(out.status.success(), "xlsx_dump.py: {}", String::from_utf8_lossy(&out.stderr));
    Ok(serde_json::from_slice(&out.stdout)?)
}

fn sheets(d: &Value) -> Vec<&Value> {
    d["sheets"].as_array().map(|a| a.iter().collect()).unwrap_or_default()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array().map(|a| a.iter().map(|s| s.as_str().unwrap_or_default().to_string()).collect()).unwrap_or_default()
}

/// A sheet's cells, row by row.
fn cells(sheet: &Value) -> Vec<Vec<String>> {
    sheet["rows"].as_array().map(|rows| rows.iter().map(strings).collect()).unwrap_or_default()
}

fn sheet_names(d: &Value) -> Vec<String> {
    sheets(d).iter().map(|s| s["name"].as_str().unwrap_or_default().to_string()).collect()
}

// ---- the CSV reference ---------------------------------------------------------------------

/// The CSV tables of a document, in order (header first, the draft stamp dropped).
fn csv_tables(out: &Path, id: &str, draft: bool) -> Result<Vec<Vec<Vec<String>>>, Box<dyn std::error::Error>> {
    let mut tables = Vec::new();
    for path in csv_files(out, id) {
        let mut records = csv_records(&std::fs::read_to_string(&path)?)?;
        if draft {
            records.remove(0);
        }
        tables.push(records);
    }
    Ok(tables)
}

/// The table titles of a document: its Markdown's `## ` headings, unescaped.
fn md_titles(out: &Path, id: &str) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let md = std::fs::read_to_string(out.join(format!("{id}.md")))?;
    Ok(md
        .lines()
        .filter_map(|l| l.strip_prefix("## "))
        .map(|t| {
            let mut s = String::new();
            let mut chars = t.chars();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => s.extend(chars.next()),
                    c => s.push(c),
                }
            }
            s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        })
        .collect())
}

/// The sheet a document's CSV tables make: one table as it is; several under one
/// header (「区分」/Section, then the tables' headings, a shared heading once),
/// each row with its table's title first.
fn expected_sheet(tables: &[Vec<Vec<String>>], titles: &[String], section: &str) -> Vec<Vec<String>> {
    if let [one] = tables {
        return one.clone();
    }
    let mut header: Vec<String> = vec![section.to_string()];
    let mut places: Vec<Vec<usize>> = Vec::new();
    for table in tables {
        let columns = table.first().cloned().unwrap_or_default();
        let mut place = Vec::new();
        for (i, name) in columns.iter().enumerate() {
            let nth = columns[..i].iter().filter(|c| *c == name).count();
            let at = header.iter().enumerate().skip(1).filter(|(_, h)| *h == name).nth(nth).map(|(at, _)| at);
            place.push(at.unwrap_or_else(|| {
                header.push(name.clone());
                header.len() - 1
            }));
        }
        places.push(place);
    }
    let mut sheet = vec![header.clone()];
    for ((table, place), title) in tables.iter().zip(&places).zip(titles) {
        for row in table.iter().skip(1) {
            let mut cells = vec![String::new(); header.len()];
            cells[0] = title.clone();
            for (cell, &at) in row.iter().zip(place) {
                cells[at] = cell.clone();
            }
            sheet.push(cells);
        }
    }
    sheet
}

/// Every sheet equals the document's CSV tables cell by cell, and every filled cell is a string.
fn assert_sheets_match_csv(out: &Path, d: &Value, draft: bool, section: &str) -> TestResult {
    let sheets = sheets(d);
    assert_eq!(sheets.len(), DOCS.len(), "one sheet per document");
    for (id, sheet) in DOCS.iter().zip(&sheets) {
        let tables = csv_tables(out, id, draft)?;
        let titles = md_titles(out, id)?;
        assert_eq!(titles.len(), tables.len(), "{id}: a title per table");
        let want = expected_sheet(&tables, &titles, section);
        let got = cells(sheet);
        assert_eq!(got.len(), want.len(), "{id}: rows");
        assert_eq!(got, want, "{id}: cells");
        // Every cell is text but in the columns of whole numbers only (No, 影響度, 件数), which
        // are numbers, so that the filter sorts them as numbers; the header is text.
        let types: Vec<Vec<String>> = sheet["types"].as_array().into_iter().flatten().map(strings).collect();
        let whole =
            |c: &str| !c.is_empty() && c.bytes().all(|b| b.is_ascii_digit()) && (c == "0" || !c.starts_with('0'));
        for col in 0..got.first().map_or(0, Vec::len) {
            let column: Vec<(&str, &str)> =
                got.iter().zip(&types).skip(1).map(|(r, t)| (r[col].as_str(), t[col].as_str())).collect();
            let numeric =
                column.iter().any(|(c, _)| !c.is_empty()) && column.iter().all(|(c, _)| c.is_empty() || whole(c));
            for (cell, ty) in &column {
                let want = if cell.is_empty() {
                    *ty
                } else if numeric {
                    "n"
                } else {
                    "s"
                };
                assert_eq!(*ty, want, "{id}: {cell:?} in column {col}");
            }
            assert_eq!(types[0][col], "s", "{id}: header {col}");
        }
    }
    Ok(())
}

/// Display width as Excel lays it out: CJK, kana and full-width forms take two columns.
fn display_width(text: &str) -> usize {
    text.chars().map(|c| if ('\u{2e80}'..='\u{ffef}').contains(&c) { 2 } else { 1 }).sum()
}

/// The column letter of a 0-based index (A…Z, AA…).
fn column_letter(mut i: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(char::from(b'A' + (i % 26) as u8));
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    out.iter().rev().collect()
}

// ---- the tests -----------------------------------------------------------------------------

#[test]
fn every_sheet_equals_the_csv_tables_of_both_examples() -> TestResult {
    if !python_module("openpyxl") {
        return Ok(());
    }
    for example in ["cloud-ehr", "guideline-5-2"] {
        let tmp = with_example(example)?;
        let r = report(tmp.path(), &["proj", "--out", "out", "--format", "md,csv,xlsx"])?;
        assert_eq!(r.code, Some(0), "{}", r.transcript());
        assert!(r.stdout.contains("report.xlsx"), "{}", r.stdout);
        let out = tmp.path().join("out");
        let d = dump(&out.join("report.xlsx"))?;
        assert_eq!(sheet_names(&d), SHEETS_JA, "{example}");
        assert_sheets_match_csv(&out, &d, false, "区分")?;
        // 情報流一覧 has one table per phase: one sheet, the phase in the first column.
        let flows = cells(sheets(&d)[0]);
        assert_eq!(flows[0][..2], ["区分", "No"], "{example}");
        assert!(flows.len() > 2, "{example}: flows listed");
    }
    Ok(())
}

#[test]
fn the_header_is_frozen_filtered_bold_and_printed_on_every_a4_landscape_page() -> TestResult {
    if !python_module("openpyxl") {
        return Ok(());
    }
    let tmp = with_example("cloud-ehr")?;
    let r = report(tmp.path(), &["proj", "--out", "out", "--format", "xlsx"])?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    let d = dump(&tmp.path().join("out/report.xlsx"))?;
    let mut longest_japanese = (0, String::new());
    for sheet in sheets(&d) {
        let name = sheet["name"].as_str().unwrap_or_default();
        let rows = cells(sheet);
        let ncols = rows.first().map_or(0, Vec::len);
        let range = format!("A1:{}{}", column_letter(ncols - 1), rows.len());
        assert_eq!(sheet["freeze"], "A2", "{name}");
        assert_eq!(sheet["autofilter"], range.as_str(), "{name}: the filter covers the table");
        assert_eq!(sheet["dimensions"], range.as_str(), "{name}: nothing outside the table");
        assert_eq!(strings(&sheet["number_as_text_ignored"]), [range.as_str()], "{name}: no green triangles");
        assert_eq!(sheet["orientation"], "landscape", "{name}");
        assert_eq!(sheet["paper"], 9, "{name}: A4");
        assert_eq!(sheet["fit_to_page"], true, "{name}");
        assert_eq!(sheet["fit_width"], 1, "{name}: one page wide");
        assert_eq!(sheet["fit_height"], 0, "{name}: as many pages tall as needed");
        assert_eq!(sheet["print_title_rows"].as_str().map(|s| s.replace('$', "")), Some("1:1".into()), "{name}");
        assert_eq!(sheet["header_bold"], true, "{name}");
        assert_eq!(sheet["wrap"], true, "{name}: text wraps");
        assert_eq!(strings(&sheet["fonts"]), ["Yu Gothic"], "{name}: a Japanese font everywhere");
        assert_eq!(sheet["tab_color"], Value::Null, "{name}: not a draft");
        assert_eq!(sheet["print_header"]["center"], Value::Null, "{name}: not a draft");
        for col in 0..ncols {
            let letter = column_letter(col);
            let width = sheet["widths"][&letter].as_f64().unwrap_or_default();
            let widest = rows.iter().flat_map(|r| r[col].lines()).map(display_width).max().unwrap_or(0);
            assert!(width >= (widest as f64).min(60.0), "{name} {letter}: width {width} < {widest}");
            assert!(width <= 62.0, "{name} {letter}: capped, not {width}");
            for cell in rows.iter().map(|r| &r[col]) {
                if cell.chars().any(|c| c >= '\u{3040}') && display_width(cell) > longest_japanese.0 {
                    longest_japanese = (display_width(cell), format!("{name} {letter}: {cell}"));
                }
            }
        }
    }
    assert!(longest_japanese.0 > 20, "a long Japanese cell was measured: {longest_japanese:?}");
    Ok(())
}

#[test]
fn user_text_is_inert_in_the_workbook() -> TestResult {
    if !python_module("openpyxl") {
        return Ok(());
    }
    let tmp = with_model(INJECTION)?;
    let r = report(tmp.path(), &["proj", "--out", "out", "--draft", "--format", "md,csv,xlsx"])?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    let out = tmp.path().join("out");
    let d = dump(&out.join("report.xlsx"))?;
    assert_eq!(d["formula_tags"], 0, "no formula in any sheet");
    for sheet in sheets(&d) {
        for ty in sheet["types"].as_array().into_iter().flatten().flat_map(strings) {
            assert_ne!(ty, "f", "{}: no formula cell", sheet["name"]);
        }
    }
    let responsibility = cells(sheets(&d)[3]);
    assert_eq!(
        responsibility[0],
        ["責務", "適用範囲", r#"'=HYPERLINK("http://x","y")"#, r"a | b `code` [link](http://x) \ end"],
        "the formula is text with the CSV's leading '"
    );
    assert_eq!(sheets(&d)[3]["types"][0][2], "s");
    let findings = cells(sheets(&d)[4]);
    let model_row = findings.iter().find(|r| r.get(1).is_some_and(|c| c == "モデル"));
    assert_eq!(model_row.map(|r| r[2].as_str()), Some("<script>alert(1)</script>"), "{findings:?}");
    assert_sheets_match_csv(&out, &d, true, "区分")?;
    Ok(())
}

#[test]
fn a_draft_says_so_on_every_sheet_and_page_and_keeps_the_table() -> TestResult {
    if !python_module("openpyxl") {
        return Ok(());
    }
    let tmp = with_model(BROKEN)?;
    let r = report(tmp.path(), &["proj", "--out", "out", "--draft", "--format", "xlsx"])?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    let d = dump(&tmp.path().join("out/report.xlsx"))?;
    assert_eq!(d["status"], "「ドラフト」");
    for sheet in sheets(&d) {
        let name = sheet["name"].as_str().unwrap_or_default();
        let center = sheet["print_header"]["center"].as_str().unwrap_or_default();
        assert!(center.contains("「ドラフト」"), "{name}: printed header {center:?}");
        assert_eq!(sheet["tab_color"], "FFC00000", "{name}: a red tab");
        let note = sheet["notes"]["A1"].as_str().unwrap_or_default();
        assert!(note.starts_with("「ドラフト」 誤りのあるモデル"), "{name}: note {note:?}");
        assert_eq!(sheet["freeze"], "A2", "{name}: the header row is still row 1");
    }
    let findings = cells(sheets(&d)[4]);
    assert!(findings.iter().any(|r| r.contains(&"MIG2006".to_string())), "the errors are listed: {findings:?}");
    let r = report(tmp.path(), &["proj", "--out", "again", "--draft", "--format", "xlsx"])?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    let (a, b) =
        (std::fs::read(tmp.path().join("out/report.xlsx"))?, std::fs::read(tmp.path().join("again/report.xlsx"))?);
    assert!(a == b, "a draft (notes and all) is byte-identical too");

    let r = report(tmp.path(), &["proj", "--out", "en", "--draft", "--format", "xlsx", "--lang", "en"])?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    let d = dump(&tmp.path().join("en/report.xlsx"))?;
    assert_eq!(sheet_names(&d), SHEETS_EN);
    for sheet in sheets(&d) {
        assert!(sheet["print_header"]["center"].as_str().unwrap_or_default().contains("DRAFT"));
        assert!(sheet["notes"]["A1"].as_str().unwrap_or_default().starts_with("DRAFT made from a model with errors"));
    }
    assert_eq!(cells(sheets(&d)[4])[0][0], "Section");
    Ok(())
}

#[test]
fn two_runs_are_byte_identical_and_dated_by_the_model() -> TestResult {
    let tmp = with_example("cloud-ehr")?;
    for out in ["a", "b"] {
        let r = report(tmp.path(), &["proj", "--out", out, "--format", "xlsx"])?;
        assert_eq!(r.code, Some(0), "{}", r.transcript());
    }
    let a = std::fs::read(tmp.path().join("a/report.xlsx"))?;
    let b = std::fs::read(tmp.path().join("b/report.xlsx"))?;
    assert!(a.starts_with(b"PK\x03\x04"), "a zip");
    assert!(a == b, "byte-identical");
    let names: Vec<String> = std::fs::read_dir(tmp.path().join("a"))?
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| !n.starts_with("overview."))
        .collect();
    assert_eq!(names, ["report.xlsx"], "--format xlsx writes the workbook only (and the 全体構成図)");
    if !python_module("openpyxl") {
        return Ok(());
    }
    let d = dump(&tmp.path().join("a/report.xlsx"))?;
    assert_eq!(d["created"], "2026-11-01T00:00:00", "the model's as_of");
    for entry in d["entries"].as_array().into_iter().flatten() {
        assert_eq!(entry["date"], serde_json::json!([1980, 1, 1, 0, 0, 0]), "{entry}");
    }
    let r = report(tmp.path(), &["proj", "--out", "c", "--format", "xlsx", "--as-of", "2030-01-02"])?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    assert_eq!(dump(&tmp.path().join("c/report.xlsx"))?["created"], "2030-01-02T00:00:00", "--as-of");
    Ok(())
}

#[test]
fn xlsx_is_listed_among_the_formats() -> TestResult {
    let tmp = with_example("cloud-ehr")?;
    let r = report(tmp.path(), &["proj", "--out", "out", "--format", "xlsx,pdf"])?;
    assert_eq!(r.code, Some(2), "{}", r.transcript());
    assert!(r.stderr.contains("accepted formats: md, csv, html, xlsx"), "{}", r.transcript());
    let help = migc(tmp.path()).args(["report", "--help"]).output()?;
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("xlsx (one workbook, DIR/report.xlsx"), "{help}");
    assert!(help.contains("Formats, comma-separated: md, csv, html, xlsx"), "{help}");
    Ok(())
}
