//! `migc report`: the 運用管理規程 and 表4-1 回答 documents, checked row by row against
//! the model they are made from (examples/small-clinic, cloud-ehr, public-cloud and
//! small fixtures).

#[path = "support/report.rs"]
mod support;
use std::path::Path;
use support::{TestResult, assert_csv_matches_markdown, markdown_tables, read, report_ok, with_example, with_model};

const NEW_DOCS: [&str; 2] = ["operations_rules", "selection_criteria"];

/// The tables of a written document.
fn tables(out: &Path, id: &str) -> Result<Vec<Vec<Vec<String>>>, Box<dyn std::error::Error>> {
    Ok(markdown_tables(&read(&out.join(format!("{id}.md")))?))
}

/// The row of a table whose first cell is `first` (the header excluded).
fn row<'t>(table: &'t [Vec<String>], first: &str) -> Option<&'t Vec<String>> {
    table.iter().skip(1).find(|r| r.first().map(String::as_str) == Some(first))
}

/// The (ア)–(サ) items, as the schema names them, that the model's policies cover together.
fn covered_by_policies(proj: &Path) -> Result<Vec<&'static str>, Box<dyn std::error::Error>> {
    let ws = migc::workspace::load(&[proj.to_path_buf()])?;
    let analysis = migc::analyze(&ws);
    let mut covered: Vec<&'static str> = analysis
        .model
        .of_kind("policy")
        .filter(|p| analysis.file(p.file).is_some_and(|f| f.stdlib_module.is_none()))
        .flat_map(|p| p.enums("covers"))
        .collect();
    covered.sort_unstable();
    covered.dedup();
    Ok(covered)
}

/// The labels (schema `ja`) of items, in POLICY_ITEMS order.
fn labels(names: &[&str]) -> Vec<String> {
    migc::schema::POLICY_ITEMS.iter().filter(|i| names.contains(&i.name)).map(|i| i.ja.to_string()).collect()
}

// ---- 運用管理規程 --------------------------------------------------------------------------

/// A model with no policy and no certification at all.
const BARE: &str = r#"model m "最小のモデル" {
  form     application
  provider p
  as_of    2026-11-01
}

party p "提供事業者" {
  role    provider
  country JP
}
"#;

#[test]
fn a_model_without_policies_lists_all_eleven_items_as_gaps() -> TestResult {
    let tmp = with_model(BARE)?;
    report_ok(tmp.path(), &["proj", "--out", "out", "--draft"])?;
    let out = tmp.path().join("out");
    let t = tables(&out, "operations_rules")?;
    assert_eq!(t.len(), 2);
    assert_eq!(t[0].len(), 12, "a header and 11 items");
    assert!(t[0].iter().skip(1).all(|r| r[7] == "不足" && r[2].is_empty()), "{:?}", t[0]);
    let all: Vec<&str> = migc::schema::POLICY_ITEMS.iter().map(|i| i.name).collect();
    let gaps: Vec<String> = t[1].iter().skip(1).map(|r| r[0].clone()).collect();
    assert_eq!(gaps, labels(&all));
    // What to add names the item to put in `covers`; (ア)–(エ) are MIG-OPS-001, the rest MIG-OPS-002.
    let first = row(&t[1], "(ア) 基本方針").ok_or("no (ア) gap")?;
    assert!(first[1].contains("`basic_policy`") && first[2].contains("MIG-OPS-001"), "{first:?}");
    let last = row(&t[1], "(サ) 問い合わせ窓口").ok_or("no (サ) gap")?;
    assert!(last[2].contains("MIG-OPS-002") && last[2].contains("[V2]"), "{last:?}");
    // (イ): the managers are not stated.
    let org = row(&t[0], "(イ) 提供体制").ok_or("no (イ)")?;
    assert_eq!(org[6], "最終的な管理責任者: 記載なし\nシステム管理者: 記載なし");

    // 表4-1: no certification, no backup, no policy: 記載なし; A5/A6 are out of the model's scope.
    let s = tables(&out, "selection_criteria")?;
    for no in ["A2", "A3", "A4", "A7", "A8"] {
        assert_eq!(row(&s[0], no).map(|r| r[2].as_str()), Some("記載なし"), "{no}: {:?}", s[0]);
    }
    for no in ["A5", "A6"] {
        assert_eq!(row(&s[0], no).map(|r| r[2].as_str()), Some("記載なし (モデルの対象外)"), "{no}");
    }
    let b7 = row(&s[1], "B7").ok_or("no B7")?;
    assert!(b7[3].starts_with("11 事項のうち 0 事項を記載"), "{b7:?}");
    for id in NEW_DOCS {
        assert_csv_matches_markdown(&out, id, true)?;
    }
    Ok(())
}

#[test]
fn several_policies_covering_an_item_each_get_a_line() -> TestResult {
    // Two policies of different kinds; the Japanese names (ア) are accepted in `covers`.
    let text = format!(
        "{BARE}\npolicy a \"運用管理規程\" {{\n  kind    operations_rules\n  covers  [ア, イ, カ]\n  revised 2026-04-01\n}}\n\npolicy b \"手順書\" {{\n  kind     incident_procedure\n  covers   [incidents, contact]\n  document \"P-1\"\n}}\n"
    );
    let tmp = with_model(&text)?;
    report_ok(tmp.path(), &["proj", "--out", "out", "--draft", "--format", "md"])?;
    let t = tables(&tmp.path().join("out"), "operations_rules")?;
    let covered = covered_by_policies(&tmp.path().join("proj"))?;
    assert_eq!(covered, ["basic_policy", "contact", "incidents", "organization"]);
    let shown: Vec<String> = t[0].iter().skip(1).filter(|r| r[7] == "記載あり").map(|r| r[0].clone()).collect();
    assert_eq!(shown, labels(&covered));
    let incidents = row(&t[0], "(カ) 事故時の対応・報告").ok_or("no (カ)")?;
    assert_eq!(incidents[2], "運用管理規程\n手順書");
    assert_eq!(incidents[3], "記載なし\nP-1");
    assert_eq!(incidents[4], "2026-04-01\n記載なし");
    assert_eq!(t[1].len() - 1, 7, "seven gaps: {:?}", t[1]);
    Ok(())
}

#[test]
fn covered_items_are_the_union_of_the_policies_covers() -> TestResult {
    for example in ["small-clinic", "cloud-ehr", "public-cloud"] {
        let tmp = with_example(example)?;
        report_ok(tmp.path(), &["proj", "--out", "out", "--format", "md"])?;
        let t = tables(&tmp.path().join("out"), "operations_rules")?;
        let covered = covered_by_policies(&tmp.path().join("proj"))?;
        let shown: Vec<String> = t[0].iter().skip(1).filter(|r| r[7] == "記載あり").map(|r| r[0].clone()).collect();
        assert_eq!(shown, labels(&covered), "{example}");
        assert_eq!(t[1].len() - 1, 11 - covered.len(), "{example}: one gap row per missing item");
    }
    Ok(())
}

#[test]
fn cloud_ehr_rows_name_the_policy_its_document_and_managers() -> TestResult {
    let tmp = with_example("cloud-ehr")?;
    report_ok(tmp.path(), &["proj", "--out", "out", "--format", "md"])?;
    let t = tables(&tmp.path().join("out"), "operations_rules")?;
    let org = row(&t[0], "(イ) 提供体制").ok_or("no (イ)")?;
    assert_eq!(org[2], "ミライカルテ クラウド 運用管理規程 第4版");
    assert_eq!(org[3], "MK-ISMS-R-002 (医療機関等には契約時と改訂時に提供)");
    assert_eq!(org[4], "2026-04-01");
    assert_eq!(org[6], "最終的な管理責任者: 代表取締役社長 高橋 誠\nシステム管理者: クラウド運用部長");
    // Only (イ) shows the managers.
    assert!(t[0].iter().skip(1).filter(|r| r[0] != "(イ) 提供体制").all(|r| r[6].is_empty()));
    Ok(())
}

// ---- 表4-1 回答 ----------------------------------------------------------------------------

#[test]
fn public_cloud_foreign_law_names_the_us_parent_and_the_disclosure() -> TestResult {
    let tmp = with_example("public-cloud")?;
    report_ok(tmp.path(), &["proj", "--out", "out", "--format", "md"])?;
    let s = tables(&tmp.path().join("out"), "selection_criteria")?;
    let b2 = row(&s[1], "B2").ok_or("no B2")?;
    assert_eq!(b2[2], "受託事業者に対する国外法の適用可能性");
    assert!(
        b2[3].contains(
            "アストラクラウド・ジャパン合同会社 (設置場所の運営者): 親会社 Astra Cloud Services, Inc. (US) — 開示済み"
        ),
        "{}",
        b2[3]
    );
    assert!(b2[3].contains("表4-1 情報提供シート 第2版"), "the disclosure's document: {}", b2[3]);
    assert!(b2[3].contains("(2026-03-10; 対象 "), "its date: {}", b2[3]);
    assert!(
        b2[4].contains("party astra_inc") && b2[4].contains("model yotsuba_pacs { disclosure 国外法 }"),
        "{}",
        b2[4]
    );
    // A1: storage in Japan, each asset with its site.
    let a1 = row(&s[0], "A1").ok_or("no A1")?;
    assert!(a1[2].starts_with("医療情報を保存する機器はすべて国内 (JP) にあり"), "{}", a1[2]);
    // A8: the provider holds ISMS, the subcontractor shows ISMAP.
    let a8 = row(&s[0], "A8").ok_or("no A8")?;
    assert!(a8[2].contains("代替は求められない") && a8[2].contains("ISMAP"), "{}", a8[2]);
    Ok(())
}

#[test]
fn a_model_without_foreign_organisations_says_so() -> TestResult {
    let tmp = with_example("cloud-ehr")?;
    report_ok(tmp.path(), &["proj", "--out", "out", "--format", "md"])?;
    let s = tables(&tmp.path().join("out"), "selection_criteria")?;
    let b2 = row(&s[1], "B2").ok_or("no B2")?;
    assert!(b2[3].starts_with("医療情報を預かる組織"), "{}", b2[3]);
    assert!(b2[4].contains("party mirai_karte"), "the parties read are named: {}", b2[4]);
    Ok(())
}

#[test]
fn small_clinic_answers_from_its_model() -> TestResult {
    let tmp = with_example("small-clinic")?;
    report_ok(tmp.path(), &["proj", "--out", "out", "--format", "md"])?;
    let s = tables(&tmp.path().join("out"), "selection_criteria")?;
    assert_eq!(s.len(), 2);
    assert_eq!(s[0].len(), 9, "a header and A1–A8");
    assert_eq!(s[1].len(), 8, "a header and B1–B7");
    let a7 = row(&s[0], "A7").ok_or("no A7")?;
    assert!(a7[2].starts_with("対象事業者 ") && a7[2].contains("プライバシーマーク"), "{}", a7[2]);
    assert!(!a7[2].contains("ISMS"), "the provider holds only the Privacy Mark: {}", a7[2]);
    // A3: one line per backup, with the most generations of any copy.
    let ws = migc::workspace::load(&[tmp.path().join("proj")])?;
    let analysis = migc::analyze(&ws);
    let backups = analysis.model.of_kind("backup").count();
    let a3 = row(&s[0], "A3").ok_or("no A3")?;
    assert_eq!(a3[2].lines().count(), backups, "{}", a3[2]);
    assert!(a3[2].contains("世代") && a3[2].contains("方式"), "{}", a3[2]);
    // B4: the counts are those of `migc check`.
    let b4 = row(&s[1], "B4").ok_or("no B4")?;
    let errors = analysis.count(migc::diag::Severity::Error);
    assert!(b4[3].starts_with(&format!("migc による点検: エラー {errors} 件")), "{}", b4[3]);
    // B3: the requests, then a line per duty the responsibility split gives an institution.
    let institutions: Vec<_> = analysis
        .model
        .of_kind("party")
        .filter(|p| p.enum_value("role") == Some("institution"))
        .filter_map(|p| p.symbol)
        .collect();
    let borne = analysis
        .model
        .of_kind("responsibility")
        .filter(|r| institutions.iter().any(|i| r.refs("normal").contains(i) || r.refs("emergency").contains(i)))
        .count();
    let requests = analysis.model.of_kind("request").count();
    let b3 = row(&s[1], "B3").ok_or("no B3")?;
    assert!(borne > 0 && requests > 0, "the example has both");
    assert_eq!(b3[3].lines().count(), requests + borne, "{}", b3[3]);
    assert_eq!(b3[3].lines().filter(|l| l.starts_with("責任分界表: ")).count(), borne, "{}", b3[3]);
    assert!(b3[4].contains("request ") && b3[4].contains("responsibility"), "{}", b3[4]);
    Ok(())
}

// ---- language, CSV, escaping -----------------------------------------------------------------

#[test]
fn english_headings_and_columns() -> TestResult {
    let tmp = with_example("cloud-ehr")?;
    report_ok(tmp.path(), &["proj", "--out", "out", "--lang", "en", "--format", "md"])?;
    let out = tmp.path().join("out");
    let ops = read(&out.join("operations_rules.md"))?;
    assert!(ops.starts_with("# Operations management rules\n\n## Items (ア)–(サ)\n"), "{ops}");
    assert!(ops.contains(
        "| Item | What it contains | Policy | Document | Revised | Approved by | Managers | Status | Source |"
    ));
    assert!(ops.contains("| (ア) basic policy |") && ops.contains("| covered |"), "{ops}");
    assert!(ops.contains("## Items no policy covers"), "{ops}");
    let sel = read(&out.join("selection_criteria.md"))?;
    assert!(sel.starts_with("# Table 4-1 answers\n\n## A. What the institution checks"), "{sel}");
    assert!(sel.contains("| No | Item | Answer (from the model) | Declarations read | Source |"), "{sel}");
    assert!(sel.contains("not stated (outside what the model describes)"), "{sel}");
    Ok(())
}

#[test]
fn csv_of_the_new_documents_parses_back() -> TestResult {
    for example in ["cloud-ehr", "public-cloud"] {
        let tmp = with_example(example)?;
        report_ok(tmp.path(), &["proj", "--out", "out"])?;
        for id in NEW_DOCS {
            assert_csv_matches_markdown(&tmp.path().join("out"), id, false)?;
        }
    }
    Ok(())
}

const INJECTION: &str = r#"model m "<script>alert(1)</script>" {
  form     application
  provider p
  as_of    2026-11-01
}

party p "=HYPERLINK(\"http://x\",\"y\")" {
  role           provider
  country        JP
  certifications [isms]
  contact        "@SUM(A1) | `x`"
}

policy r "a | b [link](http://x) <b>" {
  kind                operations_rules
  covers              [basic_policy, organization]
  document            "=cmd|' /C calc'!A0"
  approved_by         "-1+1"
  accountable_manager "<img src=x>"
}
"#;

#[test]
fn user_text_is_inert_in_the_new_documents() -> TestResult {
    let tmp = with_model(INJECTION)?;
    report_ok(tmp.path(), &["proj", "--out", "out", "--draft"])?;
    let out = tmp.path().join("out");
    for id in NEW_DOCS {
        let md = read(&out.join(format!("{id}.md")))?;
        assert!(!md.contains("<script") && !md.contains("<img") && !md.contains("<b>"), "{md}");
        assert!(!md.contains("[link]("), "no link: {md}");
        assert_csv_matches_markdown(&out, id, true)?;
    }
    let ops = read(&out.join("operations_rules.md"))?;
    assert!(ops.contains(r"| a \| b \[link\](http://x) &lt;b&gt; |"), "{ops}");
    assert!(ops.contains("最終的な管理責任者: &lt;img src=x&gt;"), "{ops}");
    let t = tables(&out, "operations_rules")?;
    assert!(t[0].iter().all(|r| r.len() == 9), "the columns hold: {:?}", t[0]);
    // CSV: the formulas are neutralised.
    let csv = read(&out.join("operations_rules-1.csv"))?;
    assert!(csv.contains(r#""'=cmd|' /C calc'!A0""#) || csv.contains(r#"'=cmd|' /C calc'!A0"#), "{csv}");
    assert!(csv.contains("'-1+1"), "{csv}");
    assert!(!csv.contains(",=cmd") && !csv.contains(",-1+1"), "{csv}");
    let sel = read(&out.join("selection_criteria.md"))?;
    assert!(sel.contains(r"問い合わせ窓口: @SUM(A1) \| \`x\`"), "{sel}");
    Ok(())
}
