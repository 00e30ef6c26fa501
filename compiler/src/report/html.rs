//! HTML: one self-contained file, `report.html`, holding every document and the
//! 全体構成図 (the SVG inline), for reading in a browser and printing on A4 landscape.
//! Inline CSS only: no script, no external URL, no font or image to fetch. Every
//! title and cell is escaped so that user text stays text.
//!
//! Printing: each document starts on a new page, table headers repeat on every
//! page, a row is never split, long cells wrap. A draft has a banner on the first
//! page and a stamp (a `position: fixed` element) that Chromium prints on every page.

use super::{Document, Options, Table, draft_reason, draft_word};
use crate::diag::{Lang, Text};

/// Escape text for HTML content and attribute values: the SVG writer's escaping
/// (`&`, `<`, `>`, `"`, `'` become references; control characters other than tab
/// and line feed become spaces), which HTML reads the same way.
pub use crate::diagram::xml_escape as escape;

const FONTS: &str = r#""Noto Sans CJK JP", "Noto Sans JP", "Yu Gothic", YuGothic, "Hiragino Sans", "Hiragino Kaku Gothic ProN", Meiryo, sans-serif"#;

const STYLE: &str = r#"
@page { size: A4 landscape; margin: 12mm 10mm; }
html { font-family: FONTS; font-size: 10pt; line-height: 1.45; color: #111; background: #fff;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; padding: 16px 20px; max-width: 1400px; }
h1 { font-size: 18pt; margin: 0 0 8px; }
h2 { font-size: 14pt; margin: 0 0 8px; padding-bottom: 2px; border-bottom: 2px solid #1d4f91; }
h3 { font-size: 11pt; margin: 14px 0 4px; break-after: avoid; }
.kicker { margin: 0; color: #555; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0 16px; }
dl.meta dt { font-weight: bold; }
dl.meta dd { margin: 0; overflow-wrap: anywhere; }
nav.toc ol { margin: 4px 0; padding-left: 1.6em; }
nav.toc a { color: #1d4f91; }
section.doc { break-before: page; margin-top: 24px; }
table { border-collapse: collapse; width: 100%; margin: 0 0 10px; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 1px solid #8a94a6; padding: 3px 5px; vertical-align: top; text-align: left;
  white-space: pre-line; overflow-wrap: anywhere; }
th { background: #e6ecf5; font-weight: bold; overflow-wrap: break-word; }
p.none { color: #555; margin: 0 0 10px; }
figure.overview { margin: 0; }
figure.overview svg { display: block; max-width: 100%; height: auto; }
.draft-banner { border: 3px solid #b00020; color: #b00020; background: #fff0f2; font-weight: bold;
  font-size: 13pt; padding: 6px 12px; margin: 8px 0 12px; }
.draft-stamp { position: fixed; top: 0; right: 0; z-index: 10; border: 2px solid #b00020; color: #b00020;
  background: rgba(255, 255, 255, 0.85); font-weight: bold; font-size: 11pt; padding: 1px 8px; }
@media print {
  body { max-width: none; padding: 0; }
  section.doc { margin-top: 0; }
  figure.overview svg { max-height: 170mm; }
  nav.toc a { color: inherit; text-decoration: none; }
  .draft-stamp { top: auto; bottom: 0; }
}
"#;

/// The HTML text of the documents, with the 全体構成図 (`overview_svg`, as
/// `crate::diagram::svg` writes it: its text already escaped) before them. The
/// header (model, as-of date, editions, model version) is the 点検結果's summary.
pub fn render(docs: &[Document], overview_svg: &str, opts: &Options) -> String {
    let lang = opts.lang;
    let t = |text: Text| text.get(lang).to_string();
    let summary = docs.iter().find(|d| d.id == "findings").and_then(|d| d.tables.first());
    let model_title = summary.and_then(|s| s.rows.first()).and_then(|r| r.get(1)).filter(|v| !v.is_empty());
    let kicker = t(Text::new("リリース文書", "Release documents"));
    let page_title = match model_title {
        Some(m) => format!("{m} — {kicker}"),
        None => kicker.clone(),
    };
    let overview = t(Text::new("全体構成図", "Overall configuration diagram"));

    let mut o = String::new();
    o.push_str("<!doctype html>\n");
    o.push_str(&format!("<html lang=\"{}\">\n<head>\n", lang_code(lang)));
    o.push_str("<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    o.push_str("<meta name=\"generator\" content=\"migc\">\n");
    o.push_str(&format!("<title>{}</title>\n", escape(&page_title)));
    o.push_str(&format!("<style>{}</style>\n</head>\n<body>\n", STYLE.replace("FONTS", FONTS)));
    if opts.draft {
        o.push_str(&format!("<div class=\"draft-stamp\" id=\"draft-stamp\">{}</div>\n", draft_word(lang)));
    }

    // The first page: what, of which model, as of when; then the contents.
    o.push_str("<header class=\"cover\">\n");
    o.push_str(&format!("<p class=\"kicker\">{}</p>\n", escape(&kicker)));
    o.push_str(&format!("<h1>{}</h1>\n", escape(model_title.map_or(kicker.as_str(), |m| m.as_str()))));
    if opts.draft {
        let (word, reason) = (draft_word(lang), draft_reason(lang));
        o.push_str(&format!("<p class=\"draft-banner\" id=\"draft-banner\">{word} {reason}</p>\n"));
    }
    if let Some(summary) = summary {
        o.push_str("<dl class=\"meta\">\n");
        // The summary's rows after the model's title: as-of, version, editions, MHLW edition.
        for row in summary.rows.iter().skip(1).take(4) {
            if let [item, value, ..] = row.as_slice() {
                o.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", escape(item), escape(value)));
            }
        }
        o.push_str("</dl>\n");
    }
    o.push_str(&format!("<nav class=\"toc\">\n<h2>{}</h2>\n<ol>\n", escape(&t(Text::new("目次", "Contents")))));
    o.push_str(&format!("<li><a href=\"#doc-overview\">{}</a></li>\n", escape(&overview)));
    for doc in docs {
        o.push_str(&format!("<li><a href=\"#doc-{}\">{}</a></li>\n", doc.id, escape(doc.title.get(lang))));
    }
    o.push_str("</ol>\n</nav>\n</header>\n");

    // The 全体構成図. In HTML the parser puts <svg> in the SVG namespace: the
    // xmlns attribute (the one URL in the file) is left out.
    o.push_str(&format!("<section class=\"doc\" id=\"doc-overview\">\n<h2>{}</h2>\n", escape(&overview)));
    o.push_str("<figure class=\"overview\">\n");
    o.push_str(&overview_svg.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1));
    o.push_str("</figure>\n</section>\n");

    for doc in docs {
        o.push_str(&format!("<section class=\"doc\" id=\"doc-{}\">\n", doc.id));
        o.push_str(&format!("<h2>{}</h2>\n", escape(doc.title.get(lang))));
        for table in &doc.tables {
            table_html(&mut o, table, lang);
        }
        o.push_str("</section>\n");
    }
    o.push_str("</body>\n</html>\n");
    o
}

fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "ja",
        Lang::En => "en",
    }
}

fn table_html(o: &mut String, table: &Table, lang: Lang) {
    o.push_str(&format!("<h3>{}</h3>\n", escape(table.title.get(lang))));
    if table.rows.is_empty() {
        let none = match lang {
            Lang::Ja => "(該当なし)",
            Lang::En => "(none)",
        };
        o.push_str(&format!("<p class=\"none\">{none}</p>\n"));
        return;
    }
    o.push_str("<table>\n<thead><tr>");
    for c in &table.columns {
        o.push_str(&format!("<th>{}</th>", escape(c.get(lang))));
    }
    o.push_str("</tr></thead>\n<tbody>\n");
    for row in &table.rows {
        o.push_str("<tr>");
        for cell in row {
            o.push_str(&format!("<td>{}</td>", escape(cell)));
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody>\n</table>\n");
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn user_text_is_inert() {
        assert_eq!(escape("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
        assert_eq!(escape(r#"a "b" 'c' & d"#), "a &quot;b&quot; &#39;c&#39; &amp; d");
        assert_eq!(escape("&lt;"), "&amp;lt;");
        assert_eq!(escape("1\r\n2\u{0}3"), "1 \n2 3");
        assert_eq!(escape("受付会計"), "受付会計");
    }
}
