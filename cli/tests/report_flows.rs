//! The 情報流一覧 of `examples/guideline-5-2`, which follows the structure of the
//! worked example of 提供事業者GL 1.1 §5.2 (図5-3): the rows a provider would hand over,
//! phase by phase, read back from the Markdown that `migc report` writes.
//!
//! The expected rows are written from the example's `flows.mig` (and its README), not
//! from the program's output. The guideline's own §5.2 table rows are not verified
//! here (guidelines.md §1.4), so the example is a reconstruction of their structure:
//! 10 flows, 2 in 開発, 6 in 運用, 2 in 契約終了.

#[path = "support/report.rs"]
mod support;
use support::{TestResult, example_dir, report_ok};

/// (phase heading, [(情報流, Who, Which, How: route)]) in document order.
type Expected = [(&'static str, &'static [(&'static str, &'static str, &'static str, &'static str)])];

const EXPECTED: &Expected = &[
    (
        "アプリケーション提供 — 開発フェーズ",
        &[
            ("合成テストデータの作成と投入", "開発担当者", "開発端末 → 開発・検証環境", "本社 開発セグメント"),
            ("本番環境へのリリース", "開発担当者", "開発・検証環境 → AP サーバ", "運用室接続 専用線"),
        ],
    ),
    (
        "アプリケーション提供 — 運用フェーズ",
        &[
            (
                "診察室での診療録の参照・記載",
                "医師、看護師",
                "診察室PC → 電子カルテ アプリケーション",
                "院内LAN (業務セグメント) → 診療所接続 専用線",
            ),
            (
                "受付・会計・レセプト作成",
                "医療事務",
                "受付PC → 医事会計 アプリケーション",
                "院内LAN (業務セグメント) → 診療所接続 専用線",
            ),
            (
                "問診票の入力",
                "患者",
                "問診タブレット → 電子カルテ アプリケーション",
                "院内無線LAN (問診タブレット用) → 院内LAN (業務セグメント) → 診療所接続 専用線",
            ),
            (
                "外注検査結果の受信",
                "検査結果の自動配信",
                "ひがし臨床検査 検査結果配信システム → 電子カルテ アプリケーション",
                "検査会社接続 専用線",
            ),
            ("本番環境の運用保守", "運用担当者", "運用端末 → DB サーバ", "運用室接続 専用線"),
            (
                "本番DBのバックアップ",
                "バックアップの自動処理",
                "DB サーバ → バックアップストレージ",
                "データセンター間 専用線",
            ),
        ],
    ),
    (
        "アプリケーション提供 — 契約終了フェーズ",
        &[
            ("契約終了時のデータ出力・返却", "運用担当者", "DB サーバ → 返却用暗号化HDD", "運用室接続 専用線"),
            ("契約終了時のデータ消去", "運用担当者", "運用端末 → DB サーバ", "運用室接続 専用線"),
        ],
    ),
];

/// The Markdown tables of a document: (heading, header cells, rows of cells).
fn tables(md: &str) -> Vec<(String, Vec<String>, Vec<Vec<String>>)> {
    let cells = |line: &str| -> Vec<String> {
        line.trim().trim_start_matches('|').trim_end_matches('|').split(" | ").map(|c| c.trim().to_string()).collect()
    };
    let mut out: Vec<(String, Vec<String>, Vec<Vec<String>>)> = Vec::new();
    for line in md.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            out.push((h.to_string(), Vec::new(), Vec::new()));
        } else if line.starts_with('|')
            && let Some(t) = out.last_mut()
        {
            if t.1.is_empty() {
                t.1 = cells(line);
            } else if !line.starts_with("| ---") {
                t.2.push(cells(line));
            }
        }
    }
    out
}

#[test]
fn guideline_5_2_flow_list_has_the_examples_rows_phase_by_phase() -> TestResult {
    let out = tempfile::tempdir()?;
    let example = example_dir("guideline-5-2");
    let to = out.path().to_str().ok_or("a temporary directory that is not UTF-8")?;
    report_ok(
        out.path(),
        &[example.to_str().ok_or("an example path that is not UTF-8")?, "--out", to, "--format", "md"],
    )?;
    let md = std::fs::read_to_string(out.path().join("flows.md"))?;
    let got = tables(&md);
    let headings: Vec<&str> = got.iter().map(|t| t.0.as_str()).collect();
    let want: Vec<&str> = EXPECTED.iter().map(|e| e.0).collect();
    assert_eq!(headings, want);
    for ((heading, header, rows), (_, expected)) in got.iter().zip(EXPECTED) {
        // The §5.2 columns: Who / Where / Which / What / How, and the scope.
        let col = |name: &str| header.iter().position(|h| h.starts_with(name)).ok_or(format!("no column {name}"));
        let (title, who, which, route) =
            (col("情報流")?, col("誰が (Who)")?, col("どの機器で (Which)")?, col("どうする (How): 経路")?);
        let (what, scope) = (col("何を (What)")?, col("範囲")?);
        let rows_got: Vec<(&str, &str, &str, &str)> =
            rows.iter().map(|r| (r[title].as_str(), r[who].as_str(), r[which].as_str(), r[route].as_str())).collect();
        assert_eq!(rows_got, expected.to_vec(), "{heading}");
        // Numbered from 1 in each phase; every row says what it carries and whose it is.
        for (i, r) in rows.iter().enumerate() {
            assert_eq!(r[0], (i + 1).to_string());
            assert!(!r[what].is_empty() && r[scope] == "対象事業者", "{heading}: {r:?}");
        }
    }
    // 8 of the 10 flows carry 医療情報 (the two development flows do not).
    let medical = got.iter().flat_map(|t| &t.2).filter(|r| r.iter().any(|c| c.contains("※医療情報"))).count();
    assert_eq!(medical, 8);
    Ok(())
}
