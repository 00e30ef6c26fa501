//! `migc report --format html`: one self-contained `report.html`, checked as written
//! (bytes, escaping, determinism) and as a real browser shows and prints it.
//!
//! The browser checks run `tests/browser/check.js` (playwright-core driving Debian's
//! headless Chromium, offline): it loads each page from file://, records console
//! messages, page errors, dialogs and every request, reads the DOM, asks Chromium
//! which fonts drew the Japanese text, decodes a screenshot and prints to PDF; this
//! file makes the assertions. It also has Mermaid (`mermaid.min.js`) parse the
//! `overview.mmd` files. Without node, Chromium or the npm packages these tests are
//! skipped with a message, unless `MIGC_REPORT_TESTS=require` (`.ci/run` installs them
//! with `npm ci --prefix tests/browser` and sets it), where that is a failure.

#[path = "support/report.rs"]
mod support;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use support::{BROKEN, EXAMPLES, INJECTION, TestResult, available, example_dir, report_ok, with_example, with_model};

/// A4 landscape in PDF points (297 mm × 210 mm).
const A4_LANDSCAPE: (f64, f64) = (841.89, 595.28);

/// What the model holds, read with the migc library: its site and asset
/// declarations (the standard library's left out) and the documents' titles.
struct Expected {
    sites: usize,
    assets: usize,
    titles: Vec<String>,
    model_version: String,
}

fn expected(dir: &Path, draft: bool) -> Result<Expected, Box<dyn std::error::Error>> {
    let ws = migc::workspace::load(&[dir.to_path_buf()]).map_err(|e| format!("{e:?}"))?;
    let analysis = migc::analyze(&ws);
    let count = |kind: &str| {
        analysis
            .model
            .decls
            .iter()
            .filter(|d| d.kind.kind == kind)
            .filter(|d| analysis.file(d.file).is_none_or(|f| f.stdlib_module.is_none()))
            .count()
    };
    let opts = migc::report::Options { lang: migc::diag::Lang::Ja, as_of: None, draft };
    let mut titles = vec!["全体構成図".to_string()];
    titles.extend(migc::report::documents(&analysis, &ws, &opts).iter().map(|d| d.title.ja.clone()));
    Ok(Expected {
        sites: count("site"),
        assets: count("asset"),
        titles,
        model_version: migc::report::model_version(&analysis, &ws),
    })
}

// ---- the file as written -------------------------------------------------------------------

#[test]
fn the_html_is_one_self_contained_file_and_byte_identical_across_runs() -> TestResult {
    let tmp = with_example("cloud-ehr")?;
    report_ok(tmp.path(), &["proj", "--out", "a", "--format", "html"])?;
    report_ok(tmp.path(), &["proj", "--out", "b", "--format", "html"])?;
    let a = std::fs::read(tmp.path().join("a/report.html"))?;
    assert_eq!(a, std::fs::read(tmp.path().join("b/report.html"))?, "two runs give the same bytes");
    let html = String::from_utf8(a)?;
    assert!(html.starts_with("<!doctype html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">"), "{html}");
    for absent in ["<script", "<link", "<img", "<iframe", "http:", "https:", "url(", "@import", "javascript:"] {
        assert!(!html.contains(absent), "no {absent} in a self-contained page");
    }
    for css in [
        "@page { size: A4 landscape;",
        "section.doc { break-before: page;",
        "thead { display: table-header-group; }",
        "tr { break-inside: avoid; }",
        r#""Noto Sans CJK JP", "Noto Sans JP", "Yu Gothic", YuGothic, "Hiragino Sans", "Hiragino Kaku Gothic ProN", Meiryo, sans-serif"#,
    ] {
        assert!(html.contains(css), "the style has {css}");
    }
    // The diagram is the overview.svg written beside it, inline (less its namespace URL).
    let svg = std::fs::read_to_string(tmp.path().join("a/overview.svg"))?;
    assert!(html.contains(&svg.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1)));
    // The header: the model version of the 点検結果 and the as-of date.
    let want = expected(&tmp.path().join("proj"), false)?;
    assert!(html.contains(&format!("<dd>{}</dd>", want.model_version)), "{html}");
    assert!(html.contains("<dt>基準日</dt><dd>2026-11-01</dd>"), "{html}");
    // With the other formats: report.html beside the Markdown and CSV files.
    report_ok(tmp.path(), &["proj", "--out", "all", "--format", "md,csv,html"])?;
    for name in ["report.html", "flows.md", "risk_assessment.csv", "overview.svg", "overview.md"] {
        assert!(tmp.path().join("all").join(name).exists(), "{name}");
    }
    Ok(())
}

#[test]
fn user_text_is_escaped_once() -> TestResult {
    let tmp = with_model(INJECTION)?;
    report_ok(tmp.path(), &["proj", "--out", "out", "--format", "html", "--draft"])?;
    let html = std::fs::read_to_string(tmp.path().join("out/report.html"))?;
    assert!(!html.contains("<script"), "{html}");
    assert!(html.contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"), "{html}");
    assert!(html.contains("<th>=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)</th>"), "{html}");
    // The diagram's title is escaped by the SVG writer, not a second time.
    assert!(html.contains("<title>全体構成図: &lt;script&gt;alert(1)&lt;/script&gt;</title>"), "{html}");
    assert!(!html.contains("&amp;lt;"), "nothing escaped twice: {html}");
    Ok(())
}

// ---- in a real browser ---------------------------------------------------------------------

fn browser_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/browser")
}

fn chromium() -> PathBuf {
    std::env::var_os("MIGC_CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

/// Node, Chromium and the harness's npm packages, or `false` (skip).
fn browser_ready() -> bool {
    let node = Command::new("node").arg("--version").output().is_ok_and(|o| o.status.success());
    available("node", node, "install Node.js 20 or later")
        && available(
            "chromium",
            chromium().is_file(),
            "`apt-get install chromium fonts-noto-cjk` (or set MIGC_CHROMIUM)",
        )
        && available(
            "the browser test packages",
            browser_dir().join("node_modules/playwright-core/package.json").is_file()
                && browser_dir().join("node_modules/mermaid/dist/mermaid.min.js").is_file(),
            "run `npm ci --prefix tests/browser`",
        )
}

/// Run the harness on a request; its answer.
fn browse(work: &Path, request: &Value) -> Result<Value, Box<dyn std::error::Error>> {
    let file = work.join("request.json");
    std::fs::write(&file, serde_json::to_vec(request)?)?;
    let out = Command::new("node")
        .arg(browser_dir().join("check.js"))
        .arg(&file)
        .current_dir(browser_dir())
        .env("MIGC_CHROMIUM", chromium())
        .env_remove("NODE_OPTIONS")
        .stdin(Stdio::null())
        .output()?;
    assert!(
        out.status.success(),
        "the browser harness failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(serde_json::from_slice(&out.stdout)?)
}

/// A request for pages: `DIR/report.html` each, the screenshot and PDF beside it.
fn page_jobs(dirs: &[PathBuf]) -> Value {
    let jobs: Vec<Value> = dirs
        .iter()
        .map(|d| {
            serde_json::json!({
                "html": d.join("report.html"),
                "screenshot": d.join("screen.png"),
                "pdf": d.join("print.pdf"),
            })
        })
        .collect();
    serde_json::json!({ "pages": jobs })
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array().map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect()).unwrap_or_default()
}

fn count(v: &Value) -> usize {
    v.as_u64().and_then(|n| usize::try_from(n).ok()).unwrap_or(usize::MAX)
}

/// The pages of a PDF and their sizes in points, read from its page objects.
fn pdf_pages(pdf: &[u8]) -> (usize, Vec<(f64, f64)>) {
    let text = String::from_utf8_lossy(pdf);
    let pages = text.match_indices("/Type /Page").filter(|(i, m)| !text[i + m.len()..].starts_with('s')).count();
    let sizes = text
        .match_indices("/MediaBox [")
        .filter_map(|(i, m)| {
            let rest = &text[i + m.len()..];
            let nums: Vec<f64> = rest[..rest.find(']')?].split_whitespace().filter_map(|n| n.parse().ok()).collect();
            match nums.as_slice() {
                [x0, y0, x1, y1] => Some((x1 - x0, y1 - y0)),
                _ => None,
            }
        })
        .collect();
    (pages, sizes)
}

/// What every page must show: no console message or error, no request but the file,
/// no script, links only within the page, CJK fonts, a screenshot with content, and
/// a PDF of A4 landscape pages with a page break before each document.
fn assert_clean_page(name: &str, page: &Value, want: &Expected, dir: &Path) {
    assert_eq!(page["console"], serde_json::json!([]), "{name}: console messages");
    assert_eq!(page["pageErrors"], serde_json::json!([]), "{name}: page errors");
    assert_eq!(page["dialogs"], serde_json::json!([]), "{name}: dialogs");
    assert_eq!(strings(&page["requests"]), [page["url"].as_str().unwrap_or("?").to_string()], "{name}: requests");
    assert_eq!(count(&page["scripts"]), 0, "{name}: <script> elements");
    assert_eq!(count(&page["iframes"]), 0, "{name}: embedded or linked resources");
    let urls = strings(&page["urls"]);
    assert!(urls.iter().all(|u| u.starts_with("#doc-")), "{name}: links only within the page: {urls:?}");
    // One heading per document, each reached from the contents.
    assert_eq!(strings(&page["headings"]), want.titles, "{name}: document headings");
    let toc = page["toc"].as_array().cloned().unwrap_or_default();
    assert_eq!(toc.len(), want.titles.len(), "{name}: contents {toc:?}");
    for (link, title) in toc.iter().zip(&want.titles) {
        assert_eq!(link["target"], "section", "{name}: {link}");
        assert_eq!(link["heading"].as_str(), Some(title.as_str()), "{name}: {link}");
    }
    // The 全体構成図: one box per site and per asset, as wide as the page at most.
    assert_eq!(page["svgNamespace"], "http://www.w3.org/2000/svg", "{name}");
    assert_eq!(count(&page["boxes"]["site"]), want.sites, "{name}: site boxes");
    assert_eq!(count(&page["boxes"]["asset"]), want.assets, "{name}: asset boxes");
    assert!(want.sites + want.assets > 0, "{name}: the example has sites and assets");
    let (svg_w, page_w) = (page["svgWidth"].as_f64().unwrap_or(f64::MAX), page["pageWidth"].as_f64().unwrap_or(0.0));
    assert!(svg_w > 100.0 && svg_w <= page_w, "{name}: diagram {svg_w}px on a {page_w}px page");
    assert!(page["widestOverflow"].as_f64().is_some_and(|o| o <= 1.0), "{name}: a table overflows: {page}");
    // Japanese drawn with a Japanese font (Chromium's own account), not tofu.
    for (part, fonts) in page["fonts"].as_object().into_iter().flatten() {
        let families: Vec<&str> = fonts.as_array().into_iter().flatten().filter_map(|f| f["family"].as_str()).collect();
        assert!(!families.is_empty(), "{name}: no font for {part}");
        assert!(
            families.iter().all(|f| f.contains("CJK") || f.contains("JP") || f.contains("Gothic") || f == &"Meiryo"),
            "{name}: {part} drawn with {families:?}"
        );
    }
    assert!(page["fonts"]["h1"].is_array(), "{name}: {}", page["fonts"]);
    // The screenshot is a picture: ink on a real share of it, in several colours.
    let shot = &page["shot"];
    assert!(shot["ink"].as_f64().is_some_and(|i| i > 0.05), "{name}: screenshot nearly blank: {shot}");
    assert!(count(&shot["colours"]) >= 8, "{name}: screenshot of few colours: {shot}");
    // Printed: A4 landscape, the cover and then each document on a page of its own.
    let print = &page["print"];
    assert_eq!(strings(&print["sectionBreaks"]), vec!["page"; want.titles.len()], "{name}: {print}");
    assert_eq!(strings(&print["theadDisplay"]), ["table-header-group"], "{name}: {print}");
    assert_eq!(strings(&print["rowBreakInside"]), ["avoid"], "{name}: {print}");
    assert_eq!(print["svgFits"], true, "{name}: {print}");
    assert_eq!(print["tablesFit"], true, "{name}: a table is wider than the page: {print}");
    assert!(print["scrollWidth"].as_f64().is_some_and(|w| w <= 1047.0), "{name}: wider than the page: {print}");
    let pdf = std::fs::read(dir.join("print.pdf")).unwrap_or_default();
    let (pages, sizes) = pdf_pages(&pdf);
    assert!(pages > want.titles.len(), "{name}: {pages} pages for {} documents and the cover", want.titles.len());
    eprintln!("{name}: {pages} A4 pages, {} site and {} asset boxes", want.sites, want.assets);
    assert_eq!(sizes.len(), pages, "{name}: a size per page");
    for (w, h) in sizes {
        assert!(
            (w - A4_LANDSCAPE.0).abs() < 2.0 && (h - A4_LANDSCAPE.1).abs() < 2.0,
            "{name}: page of {w}×{h} pt, not A4 landscape"
        );
    }
}

#[test]
fn every_example_shows_and_prints_cleanly_in_chromium() -> TestResult {
    if !browser_ready() {
        return Ok(());
    }
    let tmp = tempfile::tempdir()?;
    let mut dirs = Vec::new();
    let mut wants = Vec::new();
    for name in EXAMPLES {
        let out = tmp.path().join(name);
        let example = example_dir(name);
        report_ok(tmp.path(), &[example.to_str().unwrap_or_default(), "--out", name, "--format", "html"])?;
        wants.push(expected(&example, false)?);
        dirs.push(out);
    }
    let answer = browse(tmp.path(), &page_jobs(&dirs))?;
    let pages = answer["pages"].as_array().cloned().unwrap_or_default();
    assert_eq!(pages.len(), EXAMPLES.len());
    for (((name, page), want), dir) in EXAMPLES.iter().zip(&pages).zip(&wants).zip(&dirs) {
        assert_clean_page(name, page, want, dir);
        assert_eq!(page["lang"], "ja", "{name}");
        assert!(page["stamp"].is_null() && page["banner"].is_null(), "{name}: no draft stamp");
        let text = page["text"].as_str().unwrap_or_default();
        assert!(text.contains(&want.model_version), "{name}: the model version is shown");
    }
    Ok(())
}

#[test]
fn drafts_and_hostile_titles_in_chromium() -> TestResult {
    if !browser_ready() {
        return Ok(());
    }
    let tmp = with_example("cloud-ehr")?;
    std::fs::create_dir(tmp.path().join("broken"))?;
    std::fs::write(tmp.path().join("broken/model.mig"), BROKEN)?;
    std::fs::create_dir(tmp.path().join("hostile"))?;
    std::fs::write(tmp.path().join("hostile/model.mig"), INJECTION)?;
    report_ok(tmp.path(), &["proj", "--out", "draft", "--format", "html", "--draft"])?;
    report_ok(tmp.path(), &["broken", "--out", "broken-en", "--format", "html", "--draft", "--lang", "en"])?;
    report_ok(tmp.path(), &["hostile", "--out", "hostile-out", "--format", "html", "--draft"])?;
    let dirs: Vec<PathBuf> = ["draft", "broken-en", "hostile-out"].iter().map(|d| tmp.path().join(d)).collect();
    let answer = browse(tmp.path(), &page_jobs(&dirs))?;
    let pages = answer["pages"].as_array().cloned().unwrap_or_default();
    assert_eq!(pages.len(), 3);

    // A draft of a complete model: everything as usual, plus the stamp and the banner.
    let draft = &pages[0];
    assert_clean_page("draft", draft, &expected(&tmp.path().join("proj"), true)?, &dirs[0]);
    assert_eq!(draft["stamp"]["text"], "「ドラフト」", "{draft}");
    assert_eq!(draft["stamp"]["visible"], true, "{draft}");
    // A fixed element: Chromium prints it on every page.
    assert_eq!(draft["stamp"]["position"], "fixed", "{draft}");
    assert_eq!(draft["banner"]["visible"], true, "{draft}");
    assert!(draft["banner"]["text"].as_str().is_some_and(|t| t.starts_with("「ドラフト」")), "{draft}");

    // In English, of a model with errors.
    let en = &pages[1];
    assert_eq!(en["lang"], "en");
    assert_eq!(en["stamp"]["text"], "DRAFT");
    assert_eq!(en["stamp"]["visible"], true);
    assert_eq!(en["console"], serde_json::json!([]));
    assert!(strings(&en["headings"]).contains(&"Check results".to_string()), "{en}");
    // A model this small would fit on three pages: a page for the cover and at least one per
    // document are the page breaks (the 点検結果 of its errors takes two).
    let (printed, _) = pdf_pages(&std::fs::read(dirs[1].join("print.pdf"))?);
    assert!(printed > strings(&en["headings"]).len(), "a page break before each document: {printed} pages");

    // Hostile titles stay text: no script element, no dialog, no link out.
    let hostile = &pages[2];
    assert_eq!(count(&hostile["scripts"]), 0, "{hostile}");
    assert_eq!(hostile["dialogs"], serde_json::json!([]), "{hostile}");
    assert_eq!(hostile["pageErrors"], serde_json::json!([]), "{hostile}");
    assert_eq!(strings(&hostile["h1"]), ["<script>alert(1)</script>"], "the title appears literally");
    assert_eq!(hostile["title"], "<script>alert(1)</script> — リリース文書");
    let urls = strings(&hostile["urls"]);
    assert!(urls.iter().all(|u| u.starts_with("#doc-")), "no javascript: or http: link: {urls:?}");
    let text = hostile["text"].as_str().unwrap_or_default();
    assert!(text.contains(r#"=HYPERLINK("http://x","y")"#), "{text}");
    assert!(text.contains("a | b `code` [link](http://x) \\ end"), "{text}");
    Ok(())
}

#[test]
fn mermaid_accepts_each_overview_and_rejects_a_broken_one() -> TestResult {
    if !browser_ready() {
        return Ok(());
    }
    let tmp = tempfile::tempdir()?;
    let mut texts = Vec::new();
    for name in EXAMPLES {
        let example = example_dir(name);
        report_ok(tmp.path(), &[example.to_str().unwrap_or_default(), "--out", name, "--format", "md"])?;
        texts.push(std::fs::read_to_string(tmp.path().join(name).join("overview.mmd"))?);
    }
    // The first example's text with an edge label left open: the check must be able to fail.
    let broken = format!("{}  n1 ---|\"unterminated n2\n", texts[0]);
    texts.push(broken);
    let answer = browse(tmp.path(), &serde_json::json!({ "mermaid": texts }))?;
    let results = answer["mermaid"]["results"].as_array().cloned().unwrap_or_default();
    assert_eq!(results.len(), EXAMPLES.len() + 1, "{answer}");
    for (name, r) in EXAMPLES.iter().zip(&results) {
        assert_eq!(r["ok"], true, "{name}: mermaid.parse rejected overview.mmd: {r}");
    }
    let last = &results[EXAMPLES.len()];
    assert_eq!(last["ok"], false, "the broken text was accepted");
    assert!(last["error"].as_str().is_some_and(|e| e.contains("Parse error")), "{last}");
    assert_eq!(answer["mermaid"]["errors"], serde_json::json!([]), "{answer}");
    Ok(())
}

#[test]
fn pdf_pages_are_counted_and_measured() {
    let pdf = b"<< /Type /Pages /Count 2 >> << /Type /Page /MediaBox [0 0 841.91998 594.95996] >> \
<< /Type /Page\n/MediaBox [0 0 595 842] >>";
    let (pages, sizes) = pdf_pages(pdf);
    assert_eq!(pages, 2);
    assert_eq!(sizes, [(841.91998, 594.95996), (595.0, 842.0)]);
}
