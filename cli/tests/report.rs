//! `migc report`: the release documents as Markdown and CSV files. What the user
//! gets: the files (their text, bytes and names), the exit code and the messages.
//!
//! Every run starts in a temporary directory holding a copy of the model, and names
//! paths relative to it, so that the output is the same on every machine.

#[path = "support/report.rs"]
mod support;
use support::{
    BROKEN, DOCS, INJECTION, TestResult, assert_csv_matches_markdown, chmod, files, markdown_tables, migc,
    migc_denied_writes, names, read, report, run, with_example, with_model,
};

/// The model version (64 hex digits) in the snapshot is replaced: it changes with
/// every edit of the example or the standard library. Its stability is tested apart.
fn redact_version(md: &str) -> String {
    md.lines()
        .map(|l| match l.find("(SHA-256) | ") {
            Some(i) => format!("{}(SHA-256) | [sha256] |", &l[..i]),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The rows of a document's tables, their headers not counted.
fn rows(md: &str) -> usize {
    markdown_tables(md).iter().map(|t| t.len().saturating_sub(1)).sum()
}

// ---- the documents of examples/cloud-ehr ---------------------------------------------------

#[test]
fn cloud_ehr_markdown() -> TestResult {
    let tmp = with_example("cloud-ehr")?;
    let r = report(tmp.path(), &["proj", "--out", "out"])?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    let out = tmp.path().join("out");
    for id in DOCS {
        let md = read(&out.join(format!("{id}.md")))?;
        insta::assert_snapshot!(format!("cloud_ehr_{id}"), redact_version(&md));
    }

    // Row counts against the model: a row per flow, per risk, per assessed risk, per responsibility.
    let ws = migc::workspace::load(&[tmp.path().join("proj")])?;
    let analysis = migc::analyze(&ws);
    let count = |kind: &str| analysis.model.of_kind(kind).count();
    let assessed = analysis.model.of_kind("risk").filter(|r| r.str("not_applicable").is_none()).count();
    let md = |id: &str| read(&out.join(format!("{id}.md")));
    assert_eq!(rows(&md("flows")?), count("flow"));
    assert_eq!(rows(&md("risk_assessment")?), count("risk"));
    assert_eq!(rows(&md("risk_treatment")?), assessed);
    assert_eq!(rows(&md("responsibility")?), count("responsibility"));
    assert_eq!(count("flow"), 12);
    assert_eq!(count("risk"), 99);
    // The flows are split by phase in PHASES order: 開発, 運用, 契約終了.
    let flows = md("flows")?;
    let phases: Vec<usize> = ["開発フェーズ", "運用フェーズ", "契約終了フェーズ"]
        .iter()
        .filter_map(|p| flows.find(&format!("アプリケーション提供 — {p}")))
        .collect();
    assert_eq!(phases.len(), 3);
    assert!(phases.windows(2).all(|w| w[0] < w[1]), "phases in order");
    Ok(())
}

#[test]
fn csv_has_bom_and_crlf_and_the_cells_of_the_markdown() -> TestResult {
    let tmp = with_example("cloud-ehr")?;
    let r = report(tmp.path(), &["proj", "--out", "out", "--format", "md,csv"])?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    for id in DOCS {
        assert_csv_matches_markdown(&tmp.path().join("out"), id, false)?;
    }
    // One table: <id>.csv; several: <id>-<n>.csv.
    let names: Vec<String> = names(&tmp.path().join("out"))?;
    assert!(names.contains(&"risk_assessment.csv".to_string()), "{names:?}");
    assert!(names.contains(&"flows-3.csv".to_string()), "{names:?}");
    assert!(names.contains(&"findings-4.csv".to_string()), "{names:?}");
    Ok(())
}

#[test]
fn two_runs_are_byte_identical_and_the_version_is_stable() -> TestResult {
    let tmp = with_example("cloud-ehr")?;
    for out in ["a", "b"] {
        let r = report(tmp.path(), &["proj", "--out", out])?;
        assert_eq!(r.code, Some(0), "{}", r.transcript());
    }
    let (a, b) = (files(&tmp.path().join("a"))?, files(&tmp.path().join("b"))?);
    // 7 Markdown documents, their 14 CSV tables, and the 全体構成図 (svg, mmd, dot, md).
    assert_eq!(a.len(), 25);
    assert_eq!(a, b);
    // The version is a hash of the sources: 64 hex digits, the same from another directory.
    let findings = read(&tmp.path().join("a/findings.md"))?;
    let version = |md: &str| {
        md.lines()
            .find_map(|l| l.strip_prefix("| モデルの版 (SHA-256) | "))
            .map(|v| v.trim_end_matches(" |").to_string())
    };
    let v = version(&findings).ok_or("no version")?;
    assert!(v.len() == 64 && v.chars().all(|c| c.is_ascii_hexdigit()), "{v}");
    let r = report(&tmp.path().join("proj"), &[".", "--out", "../c"])?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    assert_eq!(version(&read(&tmp.path().join("c/findings.md"))?).as_deref(), Some(v.as_str()));
    Ok(())
}

#[test]
fn english_headings() -> TestResult {
    let tmp = with_example("cloud-ehr")?;
    let r = report(tmp.path(), &["proj", "--out", "out", "--lang", "en", "--format", "md"])?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    let out = tmp.path().join("out");
    let flows = read(&out.join("flows.md"))?;
    assert!(flows.starts_with("# Information flows\n\n## application — development phase\n"), "{flows}");
    assert!(flows.contains("| No | Flow | Who | Where | Which | What | How: actions | How: route |"), "{flows}");
    assert!(flows.contains("| create, import |"), "enum values by name: {flows}");
    let risks = read(&out.join("risk_treatment.md"))?;
    assert!(risks.starts_with("# Risk treatment\n"), "{risks}");
    assert!(risks.contains("| reduce |") && risks.contains("to disclose (retained)"), "{risks}");
    let findings = read(&out.join("findings.md"))?;
    assert!(findings.contains("## Waivers in force"), "{findings}");
    assert!(!out.join("flows-1.csv").exists(), "--format md writes no CSV");
    Ok(())
}

// ---- user text is inert --------------------------------------------------------------------

#[test]
fn user_text_is_inert_in_markdown_and_csv() -> TestResult {
    let tmp = with_model(INJECTION)?;
    // The fixture is not a complete model: --draft writes the documents anyway.
    let r = report(tmp.path(), &["proj", "--out", "out", "--draft"])?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    let out = tmp.path().join("out");
    let md = read(&out.join("responsibility.md"))?;
    let findings = read(&out.join("findings.md"))?;
    for text in [&md, &findings] {
        assert!(!text.contains("<script"), "{text}");
        assert!(!text.contains("[link]("), "no link: {text}");
    }
    assert!(findings.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{findings}");
    assert!(md.contains(r"a \| b \`code\` \[link\](http://x) \\ end"), "{md}");
    // The header keeps its columns: 責務, 適用範囲 and the two parties.
    let tables = markdown_tables(&md);
    let header = tables.first().and_then(|t| t.first()).cloned().unwrap_or_default();
    assert_eq!(header, ["責務", "適用範囲", r#"=HYPERLINK("http://x","y")"#, r"a | b `code` [link](http://x) \ end"]);
    // CSV: the formula is neutralised (a leading ') and quoted as RFC 4180 says.
    let csv = read(&out.join("responsibility.csv"))?;
    assert!(csv.contains(r#","'=HYPERLINK(""http://x"",""y"")","#), "{csv}");
    assert!(!csv.contains(",=HYPERLINK"), "{csv}");
    for id in DOCS {
        assert_csv_matches_markdown(&out, id, true)?;
    }
    Ok(())
}

// ---- errors, drafts and failed writes ------------------------------------------------------

#[test]
fn a_model_with_errors_gives_no_documents() -> TestResult {
    let tmp = with_model(BROKEN)?;
    let r = report(tmp.path(), &["proj", "--out", "out"])?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    assert!(r.stdout.contains("error[MIG2006]"), "the diagnostics are printed: {}", r.transcript());
    assert!(r.stdout.contains("モデルにエラーがあるため文書を作成しませんでした"), "{}", r.transcript());
    assert!(!tmp.path().join("out").exists(), "no files");
    let left: Vec<_> = names(tmp.path())?;
    assert!(left.iter().all(|n| !n.contains("migc")), "no temporary files: {left:?}");
    Ok(())
}

#[test]
fn draft_stamps_every_document() -> TestResult {
    let tmp = with_model(BROKEN)?;
    let r = report(tmp.path(), &["proj", "--out", "out", "--draft"])?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    let out = tmp.path().join("out");
    for id in DOCS {
        let md = read(&out.join(format!("{id}.md")))?;
        let second = md.lines().nth(2).unwrap_or_default();
        assert!(second.starts_with("**「ドラフト」**"), "{id}: {md}");
        assert_csv_matches_markdown(&out, id, true)?;
    }
    let findings = read(&out.join("findings.md"))?;
    assert!(findings.contains("| MIG2006 | エラー |"), "the errors are listed: {findings}");
    let r = report(tmp.path(), &["proj", "--out", "en", "--draft", "--lang", "en", "--format", "md"])?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    assert!(read(&tmp.path().join("en/flows.md"))?.starts_with("# Information flows\n\n**DRAFT**"));
    Ok(())
}

#[test]
fn formats_not_accepted_exit_2_with_the_list() -> TestResult {
    let tmp = with_example("cloud-ehr")?;
    let r = report(tmp.path(), &["proj", "--out", "out", "--format", "md,pdf"])?;
    assert_eq!(r.code, Some(2), "{}", r.transcript());
    assert!(r.stderr.contains("unknown format `pdf`; accepted formats: md, csv, html, xlsx"), "{}", r.transcript());
    assert!(!tmp.path().join("out").exists());
    let r = run(migc(tmp.path()).args(["report", "--help"]))?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    Ok(())
}

#[test]
fn a_rerun_replaces_the_documents_and_keeps_other_files() -> TestResult {
    let tmp = with_example("cloud-ehr")?;
    let out = tmp.path().join("out");
    std::fs::create_dir(&out)?;
    std::fs::write(out.join("flows.md"), "old")?;
    std::fs::write(out.join("notes.txt"), "mine")?;
    let r = report(tmp.path(), &["proj", "--out", "out"])?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    assert!(read(&out.join("flows.md"))?.starts_with("# 情報流一覧"));
    assert_eq!(read(&out.join("notes.txt"))?, "mine");
    let left: Vec<_> = names(tmp.path())?;
    assert!(left.iter().all(|n| !n.contains("migc")), "no temporary files: {left:?}");
    Ok(())
}

#[test]
fn out_that_is_a_file_exits_2_and_changes_nothing() -> TestResult {
    let tmp = with_example("cloud-ehr")?;
    std::fs::write(tmp.path().join("out"), "a file")?;
    let r = report(tmp.path(), &["proj", "--out", "out"])?;
    assert_eq!(r.code, Some(2), "{}", r.transcript());
    assert!(r.stderr.contains("cannot write out"), "{}", r.transcript());
    assert_eq!(read(&tmp.path().join("out"))?, "a file");
    let left: Vec<_> = names(tmp.path())?;
    assert_eq!(left, ["out", "proj"]);
    Ok(())
}

/// A read-only DIR: exit 2, a clear message, the previous files as they were and no
/// partial file. As root permissions deny nothing, so migc runs as `nobody` through
/// setpriv(1) when it can; else the test says it was skipped.
#[test]
fn read_only_out_dir_exits_2_and_keeps_the_previous_files() -> TestResult {
    let tmp = with_example("cloud-ehr")?;
    let out = tmp.path().join("out");
    let r = report(tmp.path(), &["proj", "--out", "out"])?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    let before = files(&out)?;
    std::fs::write(out.join("flows.md"), "previous")?;
    let before_edit = files(&out)?;
    assert_eq!(before.len(), before_edit.len());
    chmod(tmp.path(), 0o777)?;
    chmod(&out, 0o555)?;
    let result = match migc_denied_writes(tmp.path(), &out) {
        None => Ok(()),
        Some(mut cmd) => (|| -> TestResult {
            let r = run(cmd.args(["report", "proj", "--out", "out"]))?;
            assert_eq!(r.code, Some(2), "{}", r.transcript());
            assert!(r.stderr.contains("cannot write out: Permission denied"), "{}", r.transcript());
            assert!(r.stderr.contains("nothing was written"), "{}", r.transcript());
            assert_eq!(files(&out)?, before_edit, "the previous files as they were");
            let left: Vec<_> = names(tmp.path())?;
            assert_eq!(left, ["out", "proj"], "no temporary directory left");
            Ok(())
        })(),
    };
    chmod(&out, 0o755)?;
    result
}

/// The column of a document's first table with this heading: every row's cell.
fn column(md: &str, heading: &str, table: usize) -> Vec<String> {
    let tables = markdown_tables(md);
    let Some(t) = tables.get(table) else { return Vec::new() };
    let Some(i) = t.first().and_then(|h| h.iter().position(|c| c == heading)) else { return Vec::new() };
    t.iter().skip(1).filter_map(|r| r.get(i).cloned()).collect()
}

#[test]
fn requests_and_waivers_in_force_are_listed() -> TestResult {
    // examples/guideline-5-2 asks the institution to do things about its risks.
    let tmp = with_example("guideline-5-2")?;
    let r = report(tmp.path(), &["proj", "--out", "out", "--format", "md"])?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    let treatment = read(&tmp.path().join("out/risk_treatment.md"))?;
    let requests = column(&treatment, "医療機関等への依頼", 0);
    assert!(requests.iter().any(|c| c.contains("院内端末の管理")), "{requests:?}");
    // examples/public-cloud holds a waiver in force that accepts one finding.
    let tmp = with_example("public-cloud")?;
    let r = report(tmp.path(), &["proj", "--out", "out", "--format", "md"])?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    let findings = read(&tmp.path().join("out/findings.md"))?;
    assert_eq!(column(&findings, "適用除外", 3), ["W_NET_001_運用VPN"]);
    assert_eq!(column(&findings, "ルール", 3), ["MIG-NET-001"]);
    assert_eq!(column(&findings, "期限", 3), ["2027-10-31"]);
    assert_eq!(column(&findings, "適用した指摘", 3), ["1"]);
    assert!(column(&findings, "承認者", 3).iter().all(|c| c.contains("加藤 真理")));
    // After waivers: the waived finding is not among the findings.
    assert!(!column(&findings, "ルール", 1).contains(&"MIG-NET-001".to_string()), "{findings}");
    Ok(())
}

#[test]
fn as_of_decides_the_waivers_in_force() -> TestResult {
    // public-cloud's waiver holds until 2027-10-31: at 2027-11-01 it has expired and the
    // finding it accepted (a warning) is back among the findings.
    let tmp = with_example("public-cloud")?;
    let r = report(tmp.path(), &["proj", "--out", "out", "--format", "md", "--as-of", "2027-11-01"])?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    let findings = read(&tmp.path().join("out/findings.md"))?;
    assert!(findings.contains("| 基準日 | 2027-11-01 |"), "{findings}");
    assert!(column(&findings, "適用除外", 3).is_empty(), "{findings}");
    assert!(column(&findings, "ルール", 1).contains(&"MIG-NET-001".to_string()), "{findings}");
    // Not a date: exit 2, never the clock.
    let r = report(tmp.path(), &["proj", "--out", "out", "--as-of", "today"])?;
    assert_eq!(r.code, Some(2), "{}", r.transcript());
    Ok(())
}

#[test]
fn the_overview_diagram_is_written_in_svg_mermaid_and_dot() -> TestResult {
    let tmp = with_example("cloud-ehr")?;
    let r = report(tmp.path(), &["proj", "--out", "out", "--format", "csv"])?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    let out = tmp.path().join("out");
    let svg = read(&out.join("overview.svg"))?;
    assert!(svg.starts_with("<svg") || svg.starts_with("<?xml"), "{}", &svg[..svg.len().min(200)]);
    // One box per asset the example declares.
    let assets = read(&tmp.path().join("proj/assets.mig"))?.lines().filter(|l| l.starts_with("asset ")).count();
    assert_eq!(svg.matches("data-kind=\"asset\"").count(), assets);
    assert!(read(&out.join("overview.mmd"))?.starts_with("flowchart LR"));
    assert!(read(&out.join("overview.dot"))?.contains("subgraph cluster"));
    // Its Markdown page only with the Markdown format.
    assert!(!out.join("overview.md").exists());
    let r = report(tmp.path(), &["proj", "--out", "md"])?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    let page = read(&tmp.path().join("md/overview.md"))?;
    assert!(page.starts_with("# 全体構成図\n\n![全体構成図](overview.svg)\n\n```mermaid\nflowchart LR"), "{page}");
    Ok(())
}
