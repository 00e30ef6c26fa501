//! Markdown: one file per document, a heading and a GFM table per table. Every
//! cell and title is escaped so that user text stays text (no HTML, no links, no
//! code spans, no table breaks).

use super::{Document, draft_reason, draft_word};
use crate::diag::Lang;

/// Escape text for a Markdown table cell or heading: `\`, `|`, `` ` ``, `*`, `_`,
/// `[`, `]`, `~`, `#` get a backslash; `&`, `<`, `>` become entities; a line
/// break becomes `<br>` (the only HTML the output holds).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '|' | '`' | '*' | '_' | '[' | ']' | '~' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("<br>");
            }
            '\n' => out.push_str("<br>"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The line under a draft document's title.
pub fn draft_stamp(lang: Lang) -> String {
    format!("**{}** {}\n\n", draft_word(lang), draft_reason(lang))
}

/// The Markdown text of a document.
pub fn render(doc: &Document, lang: Lang) -> String {
    let mut out = format!("# {}\n\n", escape(doc.title.get(lang)));
    if doc.draft {
        out.push_str(&draft_stamp(lang));
    }
    for table in &doc.tables {
        out.push_str(&format!("## {}\n\n", escape(table.title.get(lang))));
        let header: Vec<String> = table.columns.iter().map(|c| escape(c.get(lang))).collect();
        out.push_str(&format!("| {} |\n", header.join(" | ")));
        out.push_str(&format!("|{}\n", " --- |".repeat(header.len())));
        for row in &table.rows {
            let cells: Vec<String> = row.iter().map(|c| escape(c)).collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        if table.rows.is_empty() {
            out.push_str(match lang {
                Lang::Ja => "\n(該当なし)\n",
                Lang::En => "\n(none)\n",
            });
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn user_text_is_inert() {
        assert_eq!(escape("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
        assert_eq!(escape("a | b"), r"a \| b");
        assert_eq!(escape(r"C:\x `y` [l](u) *e* _u_ ~s~ #h"), r"C:\\x \`y\` \[l\](u) \*e\* \_u\_ \~s\~ \#h");
        assert_eq!(escape("&lt;"), "&amp;lt;");
        assert_eq!(escape("1\n2\r\n3"), "1<br>2<br>3");
        assert_eq!(escape("受付会計"), "受付会計");
    }
}
