//! xlsx: one workbook (`report.xlsx`), one sheet per document, named by the
//! document's title. A sheet holds ONE table under ONE header row, so that the
//! header can be frozen, filtered and printed on every page: a document with
//! several tables (情報流一覧 has one per phase, 点検結果 four) gets a first
//! column 「区分」 holding each row's table title, and its columns are the tables'
//! headings in order of first appearance (a heading the tables share is one
//! column; a row leaves the columns of other tables empty).
//!
//! Every cell is a string, never a formula: text a spreadsheet would read as a
//! formula gets the CSV's leading `'` ([`super::neutralise`]). Column widths are
//! measured by display width (全角 = 2), since Excel's autofit and
//! `rust_xlsxwriter`'s give every non-ASCII character half the width it takes.
//! The bytes are the same on every run: the workbook's creation date is the
//! report's as-of date (1980-01-01 when there is none), the zip entries' dates
//! the zip epoch.
//!
//! A draft (`--draft`) says so on every sheet without moving the table: the
//! sheet tab is red, the printed page header carries 「ドラフト」, and a note
//! shown open on the header's first cell says why.

use super::{Document, draft_reason, draft_word, neutralise};
use crate::diag::Lang;
use crate::model::Date;
use crate::tr;
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, IgnoreError, Note, Workbook, Worksheet,
    XlsxError,
};
use unicode_width::UnicodeWidthStr;

/// The file name of the workbook.
pub const FILE: &str = "report.xlsx";

/// The font of every cell: 游ゴシック (Windows and macOS Office have it).
const FONT: &str = "Yu Gothic";
/// Excel's character set number for Japanese (Shift_JIS), written with the font.
const CHARSET_JAPANESE: u8 = 128;
/// A column is never wider than this many characters; longer text wraps.
const MAX_WIDTH: f64 = 60.0;
/// The width of the autofilter's drop-down button in a header cell, in characters.
const FILTER_BUTTON: f64 = 2.0;
/// Excel's limit on a sheet name, in UTF-16 units.
const MAX_SHEET_NAME: usize = 31;
/// Excel's limit on a cell's text, in UTF-16 units.
const MAX_CELL: usize = 32_767;
/// A4 in Excel's paper numbering.
const PAPER_A4: u8 = 9;

/// A document as one sheet's table: the header row and the rows below it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetTable {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The one table of a document's sheet (before neutralisation).
pub fn sheet_table(doc: &Document, lang: Lang) -> SheetTable {
    if let [one] = doc.tables.as_slice() {
        let header: Vec<String> = one.columns.iter().map(|c| c.get(lang).to_string()).collect();
        let rows = one.rows.iter().map(|r| fit(r.iter().cloned(), header.len())).collect();
        return SheetTable { header, rows };
    }
    // The union of the tables' headings: (heading, its n-th occurrence in a table).
    let mut keys: Vec<(&str, usize)> = Vec::new();
    let mut places: Vec<Vec<usize>> = Vec::new();
    for table in &doc.tables {
        let mut place = Vec::new();
        for (i, c) in table.columns.iter().enumerate() {
            let name = c.get(lang);
            let nth = table.columns[..i].iter().filter(|d| d.get(lang) == name).count();
            let at = match keys.iter().position(|k| *k == (name, nth)) {
                Some(at) => at,
                None => {
                    keys.push((name, nth));
                    keys.len() - 1
                }
            };
            place.push(at + 1);
        }
        places.push(place);
    }
    let mut header = vec![tr!("区分", "Section").get(lang).to_string()];
    header.extend(keys.iter().map(|(name, _)| name.to_string()));
    let mut rows = Vec::new();
    for (table, place) in doc.tables.iter().zip(&places) {
        for row in &table.rows {
            let mut cells = vec![String::new(); header.len()];
            cells[0] = table.title.get(lang).to_string();
            for (cell, &at) in row.iter().zip(place) {
                cells[at] = cell.clone();
            }
            rows.push(cells);
        }
    }
    SheetTable { header, rows }
}

/// Exactly `n` cells: extra ones dropped, missing ones empty.
fn fit(cells: impl Iterator<Item = String>, n: usize) -> Vec<String> {
    let mut out: Vec<String> = cells.take(n).collect();
    out.resize(n, String::new());
    out
}

/// A document's title as a sheet name Excel accepts: `[]:*?/\` become their
/// full-width forms, an apostrophe at either end `’`, at most 31 UTF-16 units, and
/// unlike every name in `taken` (Excel compares names without case).
pub fn sheet_name(title: &str, taken: &[String]) -> String {
    let mut base: String = title
        .chars()
        .map(|c| match c {
            '[' => '［',
            ']' => '］',
            ':' => '：',
            '*' => '＊',
            '?' => '？',
            '/' => '／',
            '\\' => '＼',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    if base.trim().is_empty() || base.eq_ignore_ascii_case("history") {
        base = format!("Sheet {base}").trim().to_string();
    }
    let is_taken = |name: &str| taken.iter().any(|t| t.to_lowercase() == name.to_lowercase());
    for n in 1.. {
        let suffix = if n == 1 { String::new() } else { format!(" ({n})") };
        let mut name = truncate_utf16(&base, MAX_SHEET_NAME - suffix.len());
        name.push_str(&suffix);
        let name = quote_ends(&name);
        if !is_taken(&name) {
            return name;
        }
    }
    base
}

/// An apostrophe at either end of a sheet name becomes `’` (Excel refuses `'`).
fn quote_ends(name: &str) -> String {
    let n = name.chars().count();
    name.chars().enumerate().map(|(i, c)| if c == '\'' && (i == 0 || i + 1 == n) { '’' } else { c }).collect()
}

/// The longest prefix of `text` that takes at most `max` UTF-16 units.
fn truncate_utf16(text: &str, max: usize) -> String {
    let mut used = 0;
    text.chars()
        .take_while(|c| {
            used += c.len_utf16();
            used <= max
        })
        .collect()
}

/// A cell's text as written: neutralised, and cut to Excel's limit (with `…`).
pub fn cell_text(text: &str) -> String {
    let text = neutralise(text);
    if text.encode_utf16().count() <= MAX_CELL {
        text.into_owned()
    } else {
        truncate_utf16(&text, MAX_CELL - 1) + "…"
    }
}

/// The value of a cell written as a plain whole number (`0`, `16`; not `007`, `+1`,
/// `1.5` or one too long for a spreadsheet's 15 exact digits).
pub fn whole_number(text: &str) -> Option<f64> {
    let canonical = text == "0" || (!text.starts_with('0') && !text.is_empty() && text.len() <= 15);
    if canonical && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse::<u64>().ok().map(|n| n as f64)
    } else {
        None
    }
}

/// A column's width in Excel's character units: the display width of its widest
/// cell line (全角 = 2) × 1.1 + 2, at most [`MAX_WIDTH`].
pub fn column_width<'a>(cells: impl IntoIterator<Item = &'a str>) -> f64 {
    let widest = cells.into_iter().flat_map(|c| c.lines()).map(UnicodeWidthStr::width).max().unwrap_or(0);
    (widest as f64 * 1.1 + 2.0).min(MAX_WIDTH)
}

/// The note shown on a draft's sheets.
fn draft_note(lang: Lang) -> String {
    format!("{} {}", draft_word(lang), draft_reason(lang))
}

/// The workbook of the documents, as bytes.
pub fn render(docs: &[Document], lang: Lang, as_of: Option<Date>) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let created = match as_of {
        Some(d) => ExcelDateTime::from_ymd(d.year, d.month, d.day)?,
        None => ExcelDateTime::from_ymd(1980, 1, 1)?,
    };
    let mut props = DocProperties::new().set_creation_datetime(&created).set_author("migc");
    if docs.iter().any(|d| d.draft) {
        props = props.set_status(draft_word(lang));
    }
    book.set_properties(&props);
    let font = |f: Format| f.set_font_name(FONT).set_font_charset(CHARSET_JAPANESE).set_text_wrap();
    let head = font(Format::new())
        .set_bold()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0xD9_D9_D9))
        .set_border_bottom(FormatBorder::Thin);
    let body = font(Format::new()).set_align(FormatAlign::Top);
    let mut names: Vec<String> = Vec::new();
    for doc in docs {
        let name = sheet_name(doc.title.get(lang), &names);
        let sheet = book.add_worksheet();
        sheet.set_name(&name)?;
        names.push(name);
        write_sheet(sheet, doc, lang, &head, &body)?;
    }
    book.save_to_buffer()
}

fn write_sheet(
    sheet: &mut Worksheet,
    doc: &Document,
    lang: Lang,
    head: &Format,
    body: &Format,
) -> Result<(), XlsxError> {
    let table = sheet_table(doc, lang);
    let header: Vec<String> = table.header.iter().map(|c| cell_text(c)).collect();
    let rows: Vec<Vec<String>> = table.rows.iter().map(|r| r.iter().map(|c| cell_text(c)).collect()).collect();
    for (col, text) in (0..).zip(&header) {
        sheet.write_string_with_format(0, col, text, head)?;
        // The header cell also holds the filter's drop-down button.
        let head_width = (column_width([text.as_str()]) + FILTER_BUTTON).min(MAX_WIDTH);
        let width = column_width(rows.iter().map(|r| r[usize::from(col)].as_str()));
        sheet.set_column_width(col, width.max(head_width))?;
    }
    // A column whose every filled cell is a whole number (No, 影響度, 件数) holds numbers,
    // so that the filter sorts it as numbers; every other cell is text.
    let numeric: Vec<bool> = (0..header.len())
        .map(|col| {
            let mut filled = rows.iter().map(|r| r[col].as_str()).filter(|c| !c.is_empty()).peekable();
            filled.peek().is_some() && filled.all(|c| whole_number(c).is_some())
        })
        .collect();
    for (row, cells) in (1..).zip(&rows) {
        for ((col, text), &is_number) in (0..).zip(cells).zip(&numeric) {
            match whole_number(text) {
                Some(n) if is_number => sheet.write_number_with_format(row, col, n, body)?,
                _ => sheet.write_string_with_format(row, col, text, body)?,
            };
        }
    }
    let last_col = u16::try_from(header.len()).unwrap_or(u16::MAX).saturating_sub(1);
    let last_row = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    sheet.set_freeze_panes(1, 0)?;
    if !header.is_empty() {
        sheet.autofilter(0, 0, last_row, last_col)?;
        // Numbers are text on purpose (the cells are the documents' text): no green triangles.
        sheet.ignore_error_range(0, 0, last_row, last_col, IgnoreError::NumberStoredAsText)?;
    }
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_landscape();
    sheet.set_paper_size(PAPER_A4);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_footer("&C&P / &N");
    if doc.draft {
        sheet.set_header(format!("&L&A&C&\"{FONT},Bold\"{}", draft_word(lang)));
        sheet.set_tab_color(Color::RGB(0xC0_00_00));
        let note = Note::new(draft_note(lang))
            .set_author("migc")
            .add_author_prefix(false)
            .set_visible(true)
            .set_font_name(FONT)
            .set_width(240)
            .set_height(60);
        sheet.insert_note(0, 0, &note)?;
    } else {
        sheet.set_header("&L&A");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Text;
    use crate::report::Table;

    fn t(ja: &str, en: &str) -> Text {
        Text::new(ja.to_string(), en.to_string())
    }

    #[test]
    fn several_tables_become_one_with_a_section_column_and_shared_headings() {
        let doc = Document {
            id: "d",
            title: t("文書", "Doc"),
            draft: false,
            tables: vec![
                Table {
                    title: t("一", "one"),
                    columns: vec![t("No", "No"), t("ルール", "Rule")],
                    rows: vec![vec!["1".into(), "MIG1".into()]],
                },
                Table {
                    title: t("二", "two"), columns: vec![t("ルール", "Rule"), t("件数", "Count")], rows: vec![]
                },
                Table {
                    title: t("三", "three"),
                    columns: vec![t("ルール", "Rule"), t("件数", "Count")],
                    rows: vec![vec!["MIG2".into(), "3".into()]],
                },
            ],
        };
        let s = sheet_table(&doc, Lang::Ja);
        assert_eq!(s.header, ["区分", "No", "ルール", "件数"]);
        assert_eq!(s.rows, [vec!["一", "1", "MIG1", ""], vec!["三", "", "MIG2", "3"]]);
        assert_eq!(sheet_table(&doc, Lang::En).header, ["Section", "No", "Rule", "Count"]);
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        assert_eq!(sheet_name("情報流一覧", &[]), "情報流一覧");
        assert_eq!(sheet_name("a[b]:c*d?e/f\\g", &[]), "a［b］：c＊d？e／f＼g");
        assert_eq!(sheet_name("'x'", &[]), "’x’");
        assert_eq!(sheet_name("Risk", &["risk".to_string()]), "Risk (2)");
        let long = "あ".repeat(40);
        assert_eq!(sheet_name(&long, &[]).chars().count(), 31);
        assert_eq!(sheet_name(&long, &[sheet_name(&long, &[])]), format!("{} (2)", "あ".repeat(27)));
        assert_eq!(sheet_name("", &[]), "Sheet");
        assert_eq!(sheet_name("History", &[]), "Sheet History");
    }

    #[test]
    fn widths_count_full_width_characters_twice() {
        assert_eq!(column_width(["ab"]), 2.0 * 1.1 + 2.0);
        assert_eq!(column_width(["診療録", "a\n電子カルテ"]), 10.0 * 1.1 + 2.0);
        assert_eq!(column_width(["あ".repeat(100).as_str()]), MAX_WIDTH);
        assert_eq!(column_width([]), 2.0);
    }

    #[test]
    fn cells_are_neutralised_like_the_csv() {
        assert_eq!(cell_text("=1+1"), "'=1+1");
        assert_eq!(cell_text("@x"), "'@x");
        assert_eq!(cell_text("診療録 - 5年"), "診療録 - 5年");
        assert_eq!(cell_text(&"x".repeat(40_000)).chars().count(), MAX_CELL);
    }
}
