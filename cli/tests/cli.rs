//! End-to-end tests of the `migc` binary: exit codes, and what the user sees on
//! stdout and stderr, for every way a run can end.
//!
//! Every run starts in a temporary project directory and names paths relative to
//! it, so that paths in the output (and in the snapshots) are the same on every
//! machine. The environment variables that change colour, width, glyphs or
//! language are removed, and stdin is /dev/null, so that the output does not
//! depend on the terminal the tests are started from.
//!
//! Tests marked "Regression (was a bug)" were written first as failing tests of
//! what the user should see; their comment says what happened before the fix.

use serde_json::Value;
use std::io;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

type TestResult = Result<(), Box<dyn std::error::Error>>;

// ---- fixtures --------------------------------------------------------------------------

/// A clean project in two files (files of a directory share one namespace): this
/// file and [`MODEL`]. Clean means no diagnostic at all, guideline rules included:
/// the provider holds ISMS and Pマーク (MIG-CERT-001), the model has an `as_of`
/// (MIG3003), every duty of `std::duty` has a `responsibility` (MIG-RESP-001), and
/// the 運用管理規程 covers (ア)–(サ) and names its managers (MIG-OPS-001..003), and the
/// contact chart and BCP name the institution (MIG-BCP-001/002).
/// It declares no data, assets or flows, so the other rules find nothing to check;
/// [`Project::small_clinic`] is the full model that satisfies every rule.
const PARTIES: &str = r#"/// 提供事業者
party example_saas "株式会社サンプルヘルス" {
  role           provider
  country        JP
  certifications [isms, pmark]
}

party さくらクリニック "医療法人さくら会 さくらクリニック" {
  role    institution
  country JP
}

// 責任分界: std::duty の全責務
responsibility on std::duty::server_management { normal example_saas; emergency [example_saas, さくらクリニック] }
responsibility on std::duty::terminal_management { normal example_saas; emergency [example_saas, さくらクリニック] }
responsibility on std::duty::network_management { normal example_saas; emergency [example_saas, さくらクリニック] }
responsibility on std::duty::account_management { normal example_saas; emergency [example_saas, さくらクリニック] }
responsibility on std::duty::access_log_review { normal example_saas; emergency [example_saas, さくらクリニック] }
responsibility on std::duty::backup { normal example_saas; emergency [example_saas, さくらクリニック] }
responsibility on std::duty::patch_management { normal example_saas; emergency [example_saas, さくらクリニック] }
responsibility on std::duty::vulnerability_management { normal example_saas; emergency [example_saas, さくらクリニック] }
responsibility on std::duty::incident_response { normal example_saas; emergency [example_saas, さくらクリニック] }
responsibility on std::duty::physical_security { normal example_saas; emergency [example_saas, さくらクリニック] }
responsibility on std::duty::media_management { normal example_saas; emergency [example_saas, さくらクリニック] }
responsibility on std::duty::data_disposal { normal example_saas; emergency [example_saas, さくらクリニック] }
responsibility on std::duty::contract_end_data_handling { normal example_saas; emergency [example_saas, さくらクリニック] }
responsibility on std::duty::user_training { normal example_saas; emergency [example_saas, さくらクリニック] }
responsibility on std::duty::audit { normal example_saas; emergency [example_saas, さくらクリニック] }
responsibility on std::duty::inquiry_contact { normal example_saas; emergency [example_saas, さくらクリニック] }

// 連絡体制図と BCP に医療機関等の連絡先 (MIG-BCP-001/002)
policy 連絡体制図 "インシデント対応手順・連絡体制図" { kind incident_procedure; contacts [example_saas, さくらクリニック] }
policy 事業継続計画 "事業継続計画" { kind bcp; contacts [example_saas, さくらクリニック] }

// 契約: セキュリティアップデートの責任者 (MIG-MAINT-001, 第7.0版)
policy 利用契約 "利用契約" { kind contract; security_updates_by example_saas }

// 運用管理規程: (ア)〜(サ) と管理者 (MIG-OPS-001..003)
policy 運用管理規程 "運用管理規程" {
  kind                operations_rules
  covers              [ア, イ, ウ, エ, オ, カ, キ, ク, ケ, コ, サ]
  accountable_manager "代表取締役"
  system_manager      "運用部長"
}
"#;

const MODEL: &str = r#"model cloud_ehr "クラウド型電子カルテ" {
  editions  [std::edition::meti_mic_1_1, std::edition::mhlw_6_0]
  form      application
  provider  example_saas
  customers [さくらクリニック]
  as_of     2026-11-01
}
"#;

/// Two errors: one after an astral character (𠮷, 4 bytes in UTF-8, one column)
/// and Japanese text on line 1, one after Japanese text on line 4.
const ERRORS: &str = "party p \"𠮷野家の組織\" { role bogus; country JP }\n\n// コメント\nactor 医師 \"医師\" { category doctor; party 未知の組織 }\n";

/// A model that targets an edition whose text the team has not verified.
/// Otherwise clean: with [`PARTIES`], its only diagnostic is that warning.
const UNVERIFIED_EDITION_MODEL: &str = r#"model m "モデル" {
  editions [std::edition::meti_mic_2_0, std::edition::mhlw_7_0]
  form     application
  provider example_saas
  as_of    2026-11-01
}
"#;

// ---- helpers ---------------------------------------------------------------------------

/// No run may take longer than this; a run that does is killed and reported.
const RUN_LIMIT: Duration = Duration::from_secs(300);

#[path = "support/project.rs"]
mod project;
use project::{Project, Run, run_for};

impl Project {
    /// A clean two-file project.
    fn clean() -> io::Result<Project> {
        let p = Project::new()?;
        p.write("parties.mig", PARTIES)?.write("model.mig", MODEL)?;
        Ok(p)
    }

    /// A copy of examples/small-clinic (its .mig files and mig.toml), read at test
    /// time: a full model that satisfies every rule (one finding waived, three notes).
    fn small_clinic() -> io::Result<Project> {
        let p = Project::new()?;
        for entry in std::fs::read_dir(small_clinic_dir())? {
            let path = entry?.path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
            if name.ends_with(".mig") || name == "mig.toml" {
                p.write(&name, std::fs::read(&path)?)?;
            }
        }
        Ok(p)
    }

    /// Replace `from` (which must occur) by `to` in the file `rel`.
    fn edit(&self, rel: &str, from: &str, to: &str) -> io::Result<&Project> {
        let text = std::fs::read_to_string(self.path().join(rel))?;
        if !text.contains(from) {
            return Err(io::Error::other(format!("{rel} does not contain {from:?}")));
        }
        self.write(rel, text.replacen(from, to, 1))
    }
}

fn small_clinic_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/small-clinic")
}

/// The rule ids of the registry, as written in compiler/src/rules/*.rs
/// (`id: "MIG-…"`), sorted: an oracle that does not go through the binary.
fn rule_ids_in_source() -> io::Result<Vec<String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../compiler/src/rules");
    let mut ids = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path)?;
            for rest in text.split("id: \"MIG-").skip(1) {
                let id: String = rest.chars().take_while(|&c| c != '"').collect();
                ids.push(format!("MIG-{id}"));
            }
        }
    }
    ids.sort();
    Ok(ids)
}

/// How many rules a run without `[rules]` settings runs: every rule of the registry.
fn rule_count() -> usize {
    migc::rules::registry().count()
}

/// The last line of a human run: `ルール N 件を実行: エラー E 件、警告 W 件、適用除外 X 件`.
fn summary_ja(errors: usize, warnings: usize, waived: usize) -> String {
    format!("ルール {} 件を実行: エラー {errors} 件、警告 {warnings} 件、適用除外 {waived} 件\n", rule_count())
}

/// The same in English: `N rules run: E error(s), W warning(s), X waived`.
fn summary_en(errors: usize, warnings: usize, waived: usize) -> String {
    format!("{} rules run: {errors} error(s), {warnings} warning(s), {waived} waived\n", rule_count())
}

/// `migc` run in `dir`, with a controlled environment.
fn migc(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_migc"));
    cmd.current_dir(dir);
    for var in [
        "MIGC_LANG",
        "NO_COLOR",
        "FORCE_COLOR",
        "CLICOLOR",
        "CLICOLOR_FORCE",
        "COLORTERM",
        "TERM",
        "NO_GRAPHICS",
        "FORCE_HYPERLINK",
        "IGNORE_IS_TERMINAL",
        "COLUMNS",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// `migc ARGS...` in `dir`.
fn migc_args(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = migc(dir);
    cmd.args(args);
    cmd
}

/// `migc check ARGS...` in `dir`.
fn check(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = migc(dir);
    cmd.arg("check").args(args);
    cmd
}

fn run(cmd: &mut Command) -> io::Result<Run> {
    run_for(cmd, RUN_LIMIT)
}

fn has_ansi(bytes: &[u8]) -> bool {
    bytes.contains(&0x1b)
}

/// Control bytes other than newline and tab.
fn control_bytes(bytes: &[u8]) -> Vec<u8> {
    bytes.iter().copied().filter(|&b| (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f).collect()
}

/// The diagnostics array of a JSON document (empty if absent).
fn diagnostics(doc: &Value) -> Vec<Value> {
    doc.get("diagnostics").and_then(Value::as_array).cloned().unwrap_or_default()
}

fn codes(doc: &Value) -> Vec<String> {
    diagnostics(doc).iter().filter_map(|d| d.get("code").and_then(Value::as_str).map(str::to_string)).collect()
}

/// A deterministic pseudo-random generator (no extra dependencies).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        // The high bits are the good ones.
        usize::try_from(self.0 >> 33).unwrap_or(0)
    }
}

/// About `bytes` bytes of one-line garbage: punctuation, brackets, letters,
/// Japanese and astral characters, no newline until the final one.
fn garbage_line(bytes: usize) -> String {
    let alphabet: Vec<char> = "abcXYZ019!@#$%^&*(){}[]<>?/=;:,.' 日本語𠮷🙂".chars().collect();
    let mut rng = Lcg(0x5eed);
    let mut s = String::with_capacity(bytes + 8);
    s.push('@');
    while s.len() < bytes {
        let i = rng.next() % alphabet.len();
        s.push(alphabet.get(i).copied().unwrap_or('x'));
    }
    s.push('\n');
    s
}

/// A valid model of about `bytes` bytes in one file: the clean project, then many
/// small declarations no rule objects to: controls with a category and an owner
/// (MIG-RESP-003), and organisations (only the model's provider needs certifications).
fn big_valid_model(bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 256);
    s.push_str(MODEL);
    s.push_str(PARTIES);
    let mut i = 0u64;
    while s.len() < bytes {
        if i.is_multiple_of(2) {
            s.push_str(&format!(
                "/// 対策 {i}\ncontrol c{i} \"対策{i}\" {{\n  category technical\n  owner    example_saas\n}}\n"
            ));
        } else {
            s.push_str(&format!("/// 組織 {i}\nparty p{i} \"組織{i}\" {{\n  role    provider\n  country JP\n}}\n"));
        }
        i += 1;
    }
    s
}

/// Assert the common shape of a run that could not start (exit 2).
fn assert_fatal(run: &Run) {
    assert!(!run.timed_out, "the run did not finish");
    assert_eq!(run.code, Some(2), "{}", run.transcript());
    assert!(run.stdout.is_empty(), "stdout must be empty:\n{}", run.out());
    assert!(run.err().contains("help:"), "stderr needs a help line:\n{}", run.err());
    assert!(!has_ansi(&run.stderr), "no colour on a pipe:\n{}", run.err());
}

// ---- clean projects --------------------------------------------------------------------

#[test]
fn clean_project_exits_0_with_japanese_summary() -> TestResult {
    let p = Project::clean()?;
    let r = run(&mut check(p.path(), &["."]))?;
    assert_eq!(r.code, Some(0));
    assert_eq!(r.out(), summary_ja(0, 0, 0));
    assert!(r.stderr.is_empty());
    insta::assert_snapshot!("clean_ja", r.transcript());
    Ok(())
}

#[test]
fn clean_project_exits_0_with_english_summary() -> TestResult {
    let p = Project::clean()?;
    let r = run(&mut check(p.path(), &[".", "--lang", "en"]))?;
    assert_eq!(r.code, Some(0));
    assert_eq!(r.out(), summary_en(0, 0, 0));
    insta::assert_snapshot!("clean_en", r.transcript());
    Ok(())
}

#[test]
fn no_path_checks_the_current_directory() -> TestResult {
    let p = Project::clean()?;
    let r = run(&mut check(p.path(), &[]))?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    assert_eq!(r.out(), summary_ja(0, 0, 0));
    Ok(())
}

#[test]
fn clean_project_json_is_an_empty_versioned_document() -> TestResult {
    let p = Project::clean()?;
    let r = run(&mut check(p.path(), &["--format", "json"]))?;
    assert_eq!(r.code, Some(0));
    let doc = r.json()?;
    let rules = migc::rules::registry().count();
    assert_eq!(
        doc,
        serde_json::json!({
            "version": 1,
            "diagnostics": [],
            "waivers": [],
            "summary": {"rules_run": rules, "errors": 0, "warnings": 0, "waived": 0}
        })
    );
    assert!(r.stderr.is_empty());
    Ok(())
}

// ---- errors: exit 1 --------------------------------------------------------------------

#[test]
fn errors_exit_1_with_human_output_in_japanese() -> TestResult {
    let p = Project::new()?;
    p.write("errors.mig", ERRORS)?;
    let r = run(&mut check(p.path(), &["errors.mig"]))?;
    assert_eq!(r.code, Some(1));
    let out = r.out();
    assert!(out.contains("error[MIG2012]: `role` に `bogus` は指定できません"));
    assert!(out.contains("┌─ errors.mig:1:25"));
    assert!(out.contains("┌─ errors.mig:4:40"));
    assert!(out.ends_with(&summary_ja(2, 0, 0)));
    assert!(r.stderr.is_empty());
    insta::assert_snapshot!("errors_human_ja", r.transcript());
    Ok(())
}

#[test]
fn errors_exit_1_with_human_output_in_english() -> TestResult {
    let p = Project::new()?;
    p.write("errors.mig", ERRORS)?;
    let r = run(&mut check(p.path(), &["errors.mig", "--lang", "en"]))?;
    assert_eq!(r.code, Some(1));
    assert!(r.out().contains("error[MIG2012]: `bogus` is not a valid `role`"));
    assert!(r.out().ends_with(&summary_en(2, 0, 0)));
    insta::assert_snapshot!("errors_human_en", r.transcript());
    Ok(())
}

#[test]
fn json_gives_file_line_column_span_code_severity_message_help() -> TestResult {
    let p = Project::new()?;
    p.write("errors.mig", ERRORS)?;
    let r = run(&mut check(p.path(), &["errors.mig", "--format", "json", "--lang", "en"]))?;
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.is_empty());
    let doc = r.json()?;
    assert_eq!(doc["version"], 1);
    let diags = diagnostics(&doc);
    assert_eq!(diags.len(), 2, "{doc:#}");

    // Line 1: `bogus` comes after `party p "𠮷野家の組織" { role `: 24 characters,
    // 36 bytes (𠮷 is 4 bytes and one column; each kana/kanji 3 bytes, one column).
    let d = &diags[0];
    assert_eq!(d["file"], "errors.mig");
    assert_eq!(d["code"], "MIG2012");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["message"], "`bogus` is not a valid `role`");
    assert_eq!(d["line"], 1);
    assert_eq!(d["column"], 25);
    assert_eq!(d["end_line"], 1);
    assert_eq!(d["end_column"], 30);
    assert_eq!(d["span"]["start"], 37);
    assert_eq!(d["span"]["end"], 42);
    assert_eq!(d["help"], "the values are: provider, institution, subcontractor, maintainer, other");
    assert_eq!(d["labels"][0]["primary"], true);
    assert_eq!(d["labels"][0]["message"], "unknown value");
    assert_eq!(d["labels"][0]["column"], 25);

    // Line 4: `未知の組織` after `actor 医師 "医師" { category doctor; party `.
    let d = &diags[1];
    assert_eq!(d["file"], "errors.mig");
    assert_eq!(d["code"], "MIG2006");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["message"], "cannot find `未知の組織`");
    assert_eq!(d["line"], 4);
    assert_eq!(d["column"], 40);
    assert_eq!(d["end_column"], 45);
    assert_eq!(d["span"]["start"], 121);
    assert_eq!(d["span"]["end"], 136);
    assert!(d["help"].as_str().is_some_and(|h| h.contains("party 未知の組織")));

    // The same numbers, derived from the text: byte offsets index the file,
    // columns count characters (not bytes, not UTF-16 units) from 1.
    for (d, needle) in [(&diags[0], "bogus"), (&diags[1], "未知の組織")] {
        let start = ERRORS.find(needle).ok_or("needle")?;
        assert_eq!(d["span"]["start"], start);
        assert_eq!(d["span"]["end"], start + needle.len());
        let line_start = ERRORS[..start].rfind('\n').map_or(0, |i| i + 1);
        assert_eq!(d["column"], ERRORS[line_start..start].chars().count() + 1);
        assert_eq!(d["line"], ERRORS[..start].matches('\n').count() + 1);
    }
    Ok(())
}

#[test]
fn json_messages_follow_the_language() -> TestResult {
    let p = Project::new()?;
    p.write("errors.mig", ERRORS)?;
    let r = run(&mut check(p.path(), &["errors.mig", "--format", "json"]))?;
    assert_eq!(r.code, Some(1));
    let doc = r.json()?;
    assert_eq!(doc["diagnostics"][0]["message"], "`role` に `bogus` は指定できません");
    assert_eq!(doc["diagnostics"][0]["labels"][0]["message"], "不明な値");
    Ok(())
}

// ---- language --------------------------------------------------------------------------

#[test]
fn lang_flag_selects_english() -> TestResult {
    let p = Project::clean()?;
    let r = run(&mut check(p.path(), &["--lang", "en"]))?;
    assert_eq!(r.code, Some(0));
    assert_eq!(r.out(), summary_en(0, 0, 0));
    Ok(())
}

#[test]
fn migc_lang_env_selects_english() -> TestResult {
    let p = Project::clean()?;
    let r = run(check(p.path(), &[]).env("MIGC_LANG", "en"))?;
    assert_eq!(r.code, Some(0));
    assert_eq!(r.out(), summary_en(0, 0, 0));
    Ok(())
}

#[test]
fn empty_migc_lang_means_the_default_japanese() -> TestResult {
    let p = Project::clean()?;
    let r = run(check(p.path(), &[]).env("MIGC_LANG", ""))?;
    assert_eq!(r.code, Some(0));
    assert_eq!(r.out(), summary_ja(0, 0, 0));
    Ok(())
}

#[test]
fn lang_flag_overrides_migc_lang() -> TestResult {
    let p = Project::clean()?;
    let r = run(check(p.path(), &["--lang", "ja"]).env("MIGC_LANG", "en"))?;
    assert_eq!(r.code, Some(0));
    assert_eq!(r.out(), summary_ja(0, 0, 0));
    // A bad MIGC_LANG does not matter when --lang is given.
    let r = run(check(p.path(), &["--lang", "en"]).env("MIGC_LANG", "xx"))?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    assert_eq!(r.out(), summary_en(0, 0, 0));
    Ok(())
}

#[test]
fn bad_lang_flag_exits_2() -> TestResult {
    let p = Project::clean()?;
    let r = run(&mut check(p.path(), &["--lang", "xx"]))?;
    assert_fatal(&r);
    assert!(r.err().contains("xx"));
    insta::assert_snapshot!("bad_lang_flag", r.transcript());
    Ok(())
}

#[test]
fn bad_migc_lang_exits_2() -> TestResult {
    let p = Project::clean()?;
    let r = run(check(p.path(), &[]).env("MIGC_LANG", "xx"))?;
    assert_fatal(&r);
    assert!(r.err().contains("MIGC_LANG is `xx`"));
    insta::assert_snapshot!("bad_migc_lang", r.transcript());
    Ok(())
}

// ---- colour ----------------------------------------------------------------------------

#[test]
fn no_colour_on_a_pipe() -> TestResult {
    let p = Project::new()?;
    p.write("errors.mig", ERRORS)?;
    for args in [&["errors.mig"][..], &["errors.mig", "--color", "auto"][..], &["errors.mig", "--color", "never"][..]] {
        let r = run(&mut check(p.path(), args))?;
        assert_eq!(r.code, Some(1));
        assert!(!has_ansi(&r.stdout), "{args:?}:\n{}", r.out());
    }
    let r = run(check(p.path(), &["errors.mig", "--color", "auto"]).env("NO_COLOR", "1"))?;
    assert_eq!(r.code, Some(1));
    assert!(!has_ansi(&r.stdout));
    // Fatal errors on stderr are plain too.
    let r = run(&mut check(p.path(), &["missing.mig"]))?;
    assert_eq!(r.code, Some(2));
    assert!(!has_ansi(&r.stderr), "{}", r.err());
    Ok(())
}

#[test]
fn color_always_gives_escapes() -> TestResult {
    let p = Project::new()?;
    p.write("errors.mig", ERRORS)?;
    let r = run(&mut check(p.path(), &["errors.mig", "--color", "always"]))?;
    assert_eq!(r.code, Some(1));
    assert!(has_ansi(&r.stdout), "{}", r.out());
    // An explicit --color always wins over NO_COLOR.
    let r = run(check(p.path(), &["errors.mig", "--color", "always"]).env("NO_COLOR", "1"))?;
    assert!(has_ansi(&r.stdout));
    // JSON is never coloured.
    let r = run(&mut check(p.path(), &["errors.mig", "--color", "always", "--format", "json"]))?;
    assert!(!has_ansi(&r.stdout));
    assert_eq!(r.json()?["version"], 1);
    Ok(())
}

/// `script` (util-linux) runs a command on a pseudo-terminal; without it this test
/// says so and passes.
fn on_a_terminal(dir: &Path, args: &str, no_color: bool) -> io::Result<Option<Run>> {
    let script = Path::new("/usr/bin/script");
    if !script.exists() {
        eprintln!("skipped: /usr/bin/script is not installed");
        return Ok(None);
    }
    let bin = env!("CARGO_BIN_EXE_migc");
    let mut cmd = Command::new(script);
    cmd.current_dir(dir)
        .args(["-qec", &format!("'{bin}' {args}"), "/dev/null"])
        .env_remove("MIGC_LANG")
        .env_remove("NO_COLOR");
    if no_color {
        cmd.env("NO_COLOR", "1");
    }
    run(&mut cmd).map(Some)
}

#[test]
fn colour_on_a_terminal_unless_no_color() -> TestResult {
    let p = Project::new()?;
    p.write("errors.mig", ERRORS)?;
    let Some(r) = on_a_terminal(p.path(), "check errors.mig", false)? else {
        return Ok(());
    };
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    assert!(has_ansi(&r.stdout), "auto on a terminal is coloured:\n{}", r.out());
    let Some(r) = on_a_terminal(p.path(), "check errors.mig --color auto", true)? else {
        return Ok(());
    };
    assert_eq!(r.code, Some(1));
    assert!(!has_ansi(&r.stdout), "NO_COLOR=1 turns colour off:\n{}", r.out());
    assert!(r.out().contains("MIG2012"));
    let Some(r) = on_a_terminal(p.path(), "check errors.mig --color never", false)? else {
        return Ok(());
    };
    assert!(!has_ansi(&r.stdout));
    Ok(())
}

// ---- warnings and --deny-warnings ------------------------------------------------------

fn unverified_edition_project() -> io::Result<Project> {
    let p = Project::new()?;
    p.write("parties.mig", PARTIES)?.write("model.mig", UNVERIFIED_EDITION_MODEL)?;
    Ok(p)
}

#[test]
fn unverified_edition_is_a_warning_and_exits_0() -> TestResult {
    let p = unverified_edition_project()?;
    let r = run(&mut check(p.path(), &[]))?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    // 2.0: published, body unverified (a warning); 7.0: known from secondary sources (a note).
    assert!(r.out().contains("warning[MIG2014]: `std::edition::meti_mic_2_0`"), "{}", r.out());
    assert!(r.out().contains("2025-03-28 に公表済み、本文が未確認の版です"), "{}", r.out());
    assert!(r.out().contains("note[MIG2017]: `std::edition::mhlw_7_0`"), "{}", r.out());
    assert!(r.out().ends_with(&summary_ja(0, 1, 0)));
    insta::assert_snapshot!("unverified_edition_warning", r.transcript());
    Ok(())
}

#[test]
fn deny_warnings_makes_warnings_exit_1() -> TestResult {
    let p = unverified_edition_project()?;
    let plain = run(&mut check(p.path(), &[]))?;
    let r = run(&mut check(p.path(), &["--deny-warnings"]))?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    // Same report; only the exit code changes.
    assert_eq!(r.stdout, plain.stdout);
    assert!(r.out().contains("warning[MIG2014]"));
    assert!(r.stderr.is_empty());

    let r = run(&mut check(p.path(), &["--deny-warnings", "--format", "json"]))?;
    assert_eq!(r.code, Some(1));
    let doc = r.json()?;
    let diags = diagnostics(&doc);
    assert_eq!(diags.len(), 2, "{doc:#}");
    assert_eq!(diags[0]["code"], "MIG2014");
    assert_eq!(diags[0]["severity"], "warning");
    assert_eq!(diags[0]["file"], "model.mig");
    assert_eq!(diags[0]["line"], 2);
    let start = UNVERIFIED_EDITION_MODEL.find("std::edition::meti_mic_2_0").ok_or("needle")?;
    assert_eq!(diags[0]["span"]["start"], start);
    // The note on 7.0 does not make the run fail.
    assert_eq!(diags[1]["code"], "MIG2017");
    assert_eq!(diags[1]["severity"], "note");
    Ok(())
}

#[test]
fn deny_warnings_on_a_clean_project_exits_0() -> TestResult {
    let p = Project::clean()?;
    let r = run(&mut check(p.path(), &["--deny-warnings"]))?;
    assert_eq!(r.code, Some(0));
    Ok(())
}

// ---- could not run: exit 2 -------------------------------------------------------------

#[test]
fn unknown_flag_exits_2() -> TestResult {
    let p = Project::clean()?;
    let r = run(&mut check(p.path(), &["--bogus"]))?;
    assert_fatal(&r);
    assert!(r.err().contains("--bogus"));
    insta::assert_snapshot!("unknown_flag", r.transcript());
    Ok(())
}

#[test]
fn bad_flag_value_exits_2() -> TestResult {
    let p = Project::clean()?;
    let r = run(&mut check(p.path(), &["--format", "xml"]))?;
    assert_fatal(&r);
    assert!(r.err().contains("xml"));
    assert!(r.err().contains("human, json"));
    Ok(())
}

#[test]
fn unknown_subcommand_exits_2() -> TestResult {
    let p = Project::clean()?;
    let r = run(&mut migc_args(p.path(), &["frob"]))?;
    assert_fatal(&r);
    assert!(r.err().contains("frob"));
    insta::assert_snapshot!("unknown_subcommand", r.transcript());
    Ok(())
}

#[test]
fn no_subcommand_exits_2_with_usage() -> TestResult {
    let p = Project::clean()?;
    let r = run(&mut migc_args(p.path(), &[]))?;
    // The plain help on stderr (not inside an error box), and "could not run".
    assert_eq!(r.code, Some(2), "{}", r.transcript());
    assert!(r.stdout.is_empty());
    assert!(r.err().contains("Usage: migc <COMMAND>"), "{}", r.err());
    assert!(r.err().contains("Commands:") && !r.err().contains('×'), "{}", r.err());
    Ok(())
}

#[test]
fn missing_path_exits_2() -> TestResult {
    let p = Project::clean()?;
    let r = run(&mut check(p.path(), &["model.mig", "nowhere/missing.mig"]))?;
    assert_fatal(&r);
    assert!(r.err().contains("nowhere/missing.mig"));
    insta::assert_snapshot!("missing_path", r.transcript());
    // The same with --format json: nothing on stdout.
    let r = run(&mut check(p.path(), &["missing.mig", "--format", "json"]))?;
    assert_fatal(&r);
    Ok(())
}

#[test]
fn directory_without_mig_files_exits_2() -> TestResult {
    let p = Project::new()?;
    p.write("docs/readme.txt", "not a model\n")?.write("docs/.hidden/x.mig", MODEL)?;
    let r = run(&mut check(p.path(), &["docs"]))?;
    assert_fatal(&r);
    assert!(r.err().contains("no .mig files in docs"));
    insta::assert_snapshot!("no_mig_files", r.transcript());
    // An empty directory, too.
    p.mkdir("empty")?;
    let r = run(&mut check(p.path(), &["empty"]))?;
    assert_fatal(&r);
    assert!(r.err().contains("empty"));
    Ok(())
}

#[test]
fn dangling_symlink_in_a_checked_directory_is_a_diagnostic() -> TestResult {
    // We run as root, so permissions cannot make a file unreadable; a .mig
    // symlink that points nowhere is a file the loader finds but cannot read.
    // It is a diagnostic for that file (it was a fatal error, exit 2, that
    // stopped the check of every other file); tests/files.rs has more such cases.
    let p = Project::new()?;
    p.write("proj/parties.mig", PARTIES)?.symlink("gone/nowhere.mig", "proj/x.mig")?;
    let r = run(&mut check(p.path(), &["proj"]))?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    assert!(r.out().contains("MIG1011") && r.out().contains("proj/x.mig"), "{}", r.out());
    insta::assert_snapshot!("dangling_symlink", r.transcript());
    Ok(())
}

#[test]
fn mig_toml_syntax_error_exits_2() -> TestResult {
    let p = Project::new()?;
    p.write("proj/model.mig", MODEL)?
        .write("proj/parties.mig", PARTIES)?
        .write("proj/mig.toml", "[project\nname = \"x\"\n")?;
    let r = run(&mut check(p.path(), &["proj"]))?;
    assert_fatal(&r);
    assert!(r.err().contains("proj/mig.toml"), "{}", r.err());
    assert!(r.err().contains("invalid mig.toml"));
    insta::assert_snapshot!("mig_toml_syntax_error", r.transcript());
    Ok(())
}

#[test]
fn mig_toml_unknown_field_exits_2() -> TestResult {
    let p = Project::new()?;
    p.write("proj/model.mig", MODEL)?
        .write("proj/parties.mig", PARTIES)?
        .write("proj/mig.toml", "[project]\nname = \"x\"\nfoo = 1\n")?;
    let r = run(&mut check(p.path(), &["proj"]))?;
    assert_fatal(&r);
    assert!(r.err().contains("proj/mig.toml"), "{}", r.err());
    assert!(r.err().contains("unknown field `foo`"));
    insta::assert_snapshot!("mig_toml_unknown_field", r.transcript());
    // Also when a single file of the project is checked.
    let r = run(&mut check(p.path(), &["proj/model.mig"]))?;
    assert_fatal(&r);
    assert!(r.err().contains("unknown field `foo`"));
    Ok(())
}

#[test]
fn mig_toml_control_characters_are_not_echoed() -> TestResult {
    // Regression (was a bug): the mig.toml excerpt on stderr (miette) carries the file's terminal
    // escapes (here: set the window title, red) to the terminal unchanged.
    let p = Project::new()?;
    p.write("proj/model.mig", MODEL)?
        .write("proj/parties.mig", PARTIES)?
        .write("proj/mig.toml", "[project]\nname = \"x\u{1b}]0;pwned\u{7}\u{1b}[31m\"\n")?;
    let r = run(&mut check(p.path(), &["proj"]))?;
    assert_eq!(r.code, Some(2), "{}", r.transcript());
    assert!(r.stdout.is_empty());
    assert!(r.err().contains("proj/mig.toml"), "{}", r.err());
    assert_eq!(control_bytes(&r.stderr), Vec::<u8>::new(), "{:?}", r.err());
    Ok(())
}

#[test]
fn mig_toml_unknown_rule_id_is_reported() -> TestResult {
    // Regression (was a bug): a `[rules]` key that is not a rule id was silently
    // ignored. Here a typo (`MIG-NET-01`) meant to raise MIG-NET-001 to an error.
    let p = Project::new()?;
    p.write("proj/model.mig", MODEL)?
        .write("proj/parties.mig", PARTIES)?
        .write("proj/mig.toml", "[project]\nname = \"x\"\n\n[rules]\n\"MIG-NET-01\" = \"error\"\n")?;
    let r = run(&mut check(p.path(), &["proj"]))?;
    assert!(!r.timed_out);
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    assert!(r.out().contains("error[MIG3004]"), "{}", r.transcript());
    assert!(r.out().contains("proj/mig.toml:5:1"), "{}", r.transcript());
    assert!(r.out().contains("`MIG-NET-001`"), "did-you-mean: {}", r.transcript());
    Ok(())
}

#[test]
fn mig_toml_bad_rule_level_exits_2() -> TestResult {
    let p = Project::new()?;
    p.write("proj/model.mig", MODEL)?
        .write("proj/parties.mig", PARTIES)?
        .write("proj/mig.toml", "[project]\nname = \"x\"\n\n[rules]\n\"MIG-NET-001\" = \"off\"\n")?;
    let r = run(&mut check(p.path(), &["proj"]))?;
    assert_fatal(&r);
    assert!(r.err().contains("proj/mig.toml:5:"), "{}", r.err());
    assert!(r.err().contains("`allow`, `warning`, `error`"), "{}", r.err());
    Ok(())
}

#[test]
fn mig_toml_rule_levels_change_severity_and_rules_run() -> TestResult {
    // `allow` leaves a rule out (one rule fewer in the summary); `error` raises a warning.
    let p = Project::new()?;
    p.write("proj/model.mig", MODEL.replace("  as_of     2026-11-01\n", ""))?
        .write("proj/parties.mig", PARTIES.replace("responsibility on std::duty::audit ", "// "))?
        .write("proj/mig.toml", "[project]\nname = \"x\"\n\n[rules]\n\"MIG-RESP-001\" = \"allow\"\n")?;
    let r = run(&mut check(p.path(), &["proj", "--format", "json"]))?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    // MIG3003 (no as_of) is not a rule of the registry: mig.toml does not change it.
    assert_eq!(findings(&r.json()?), pairs(&[("MIG3003", "warning")]));
    let r = run(&mut check(p.path(), &["proj", "--as-of", "2026-11-01"]))?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    assert_eq!(r.out(), summary_ja(0, 0, 0).replacen(&rule_count().to_string(), &(rule_count() - 1).to_string(), 1));

    // small-clinic after its waiver of MIG-NET-001 has ended: a warning by default
    // (see as_of_after_a_waivers_end_reports_the_finding_again), an error here.
    let p = Project::small_clinic()?;
    let toml = std::fs::read_to_string(p.path().join("mig.toml"))?;
    p.write("mig.toml", format!("{toml}\n[rules]\n\"MIG-NET-001\" = \"error\"\n"))?;
    let r = run(&mut check(p.path(), &["--as-of", "2027-04-01", "--format", "json"]))?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    assert_eq!(findings(&r.json()?), pairs(&[("MIG-NET-001", "error")]));
    Ok(())
}

// ---- bad input that is a diagnostic: exit 1 --------------------------------------------

/// `party p "ab\xFFcd" { … }`: the invalid byte is at offset 11.
fn non_utf8_project() -> io::Result<Project> {
    let p = Project::new()?;
    p.write("latin1.mig", b"party p \"ab\xffcd\" {\n  role provider\n  country JP\n}\n")?;
    Ok(p)
}

#[test]
fn non_utf8_file_is_a_diagnostic_naming_file_and_offset() -> TestResult {
    let p = non_utf8_project()?;
    let r = run(&mut check(p.path(), &["latin1.mig"]))?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    assert!(r.out().contains("latin1.mig は UTF-8 ではありません (バイト位置 11)"));
    insta::assert_snapshot!("non_utf8", r.transcript());

    let r = run(&mut check(p.path(), &["latin1.mig", "--format", "json", "--lang", "en"]))?;
    assert_eq!(r.code, Some(1));
    let doc = r.json()?;
    let d = &diagnostics(&doc)[0];
    assert_eq!(d["code"], "MIG1008");
    assert_eq!(d["message"], "latin1.mig is not valid UTF-8 (byte offset 11)");
    assert_eq!(d["file"], "latin1.mig");
    assert_eq!((d["line"].clone(), d["column"].clone()), (1.into(), 12.into()));
    assert_eq!(d["span"]["start"], 11);
    Ok(())
}

#[test]
fn non_utf8_json_span_is_in_file_bytes() -> TestResult {
    // Regression (was a bug): the span is measured in the lossy display text, where the bad byte
    // became U+FFFD (3 bytes): JSON says 11..14, but the file's bad byte is 11..12
    // (render.rs documents spans as "byte offsets into the file").
    let p = non_utf8_project()?;
    let r = run(&mut check(p.path(), &["latin1.mig", "--format", "json"]))?;
    let doc = r.json()?;
    let d = &diagnostics(&doc)[0];
    assert_eq!(d["span"]["start"], 11);
    assert_eq!(d["span"]["end"], 12, "{d:#}");
    Ok(())
}

fn binary_project() -> io::Result<Project> {
    let p = Project::new()?;
    p.write("blob.mig", b"party p {\x00\x01\x02\x1b[2J}\n")?;
    Ok(p)
}

#[test]
fn binary_file_is_a_diagnostic_naming_file_and_offset() -> TestResult {
    let p = binary_project()?;
    let r = run(&mut check(p.path(), &["blob.mig"]))?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    assert!(r.out().contains("blob.mig はバイナリファイルです (バイト位置 9 に NUL)"), "{}", r.out());
    assert!(r.out().ends_with(&summary_ja(1, 0, 0)));
    let r = run(&mut check(p.path(), &["blob.mig", "--format", "json", "--lang", "en"]))?;
    assert_eq!(r.code, Some(1));
    let doc = r.json()?;
    assert_eq!(codes(&doc), ["MIG1009"]);
    let d = &diagnostics(&doc)[0];
    assert_eq!(d["message"], "blob.mig is a binary file (NUL byte at offset 9)");
    assert_eq!(d["line"], 1);
    assert_eq!(d["column"], 10);
    assert_eq!(d["span"]["start"], 9);
    Ok(())
}

#[test]
fn binary_json_span_is_in_file_bytes() -> TestResult {
    // Regression (was a bug): as for MIG1008, the span is measured in the display text, where the
    // NUL became U+FFFD (3 bytes): JSON says 9..12, but the NUL is the byte 9..10.
    let p = binary_project()?;
    let r = run(&mut check(p.path(), &["blob.mig", "--format", "json"]))?;
    let doc = r.json()?;
    let d = &diagnostics(&doc)[0];
    assert_eq!(d["span"]["start"], 9);
    assert_eq!(d["span"]["end"], 10, "{d:#}");
    Ok(())
}

#[test]
fn binary_file_diagnostic_does_not_echo_control_bytes() -> TestResult {
    // Regression: the human report used to copy the file's line to the terminal
    // as it was: NUL, \x01, \x02 and `ESC [2J` (clear screen) reached stdout raw.
    let p = binary_project()?;
    let r = run(&mut check(p.path(), &["blob.mig"]))?;
    assert_eq!(r.code, Some(1));
    assert_eq!(control_bytes(&r.stdout), Vec::<u8>::new(), "{:?}", r.out());
    Ok(())
}

#[test]
fn control_characters_in_source_are_not_echoed_to_the_terminal() -> TestResult {
    // Regression: a valid UTF-8 file with terminal escapes in a string: when a
    // diagnostic showed that line, the escapes (here: set the window title, red)
    // were written to the terminal unchanged.
    let p = Project::new()?;
    p.write("esc.mig", "party p \"\u{1b}]0;pwned\u{7}\u{1b}[31mRED\" { role bogus; country JP }\n")?;
    let r = run(&mut check(p.path(), &["esc.mig"]))?;
    assert_eq!(r.code, Some(1));
    assert!(r.out().contains("MIG2012"));
    assert_eq!(control_bytes(&r.stdout), Vec::<u8>::new(), "{:?}", r.out());
    Ok(())
}

#[test]
fn ten_megabyte_valid_model_exits_0() -> TestResult {
    let p = Project::new()?;
    let model = big_valid_model(10 * 1024 * 1024);
    p.write("big.mig", &model)?;
    let r = run(&mut check(p.path(), &["big.mig"]))?;
    eprintln!("ten_megabyte_valid_model_exits_0: {} bytes checked in {:.2?}", model.len(), r.elapsed);
    assert!(!r.timed_out, "did not finish within {RUN_LIMIT:?}");
    assert_eq!(r.code, Some(0), "{}{}", r.err(), r.out().chars().take(4000).collect::<String>());
    assert_eq!(r.out(), summary_ja(0, 0, 0));
    assert!(r.stderr.is_empty());
    Ok(())
}

#[test]
fn deeply_nested_list_is_mig1006_not_a_stack_overflow() -> TestResult {
    const DEPTH: usize = 200_000;
    let p = Project::new()?;
    let model = format!(
        "party p \"x\" {{\n  role provider\n  country JP\n  certifications {}{}\n}}\n",
        "[".repeat(DEPTH),
        "]".repeat(DEPTH)
    );
    p.write("deep.mig", &model)?;
    let r = run(&mut check(p.path(), &["deep.mig", "--format", "json"]))?;
    eprintln!("deeply_nested_list (json): {:.2?}", r.elapsed);
    assert!(!r.timed_out);
    assert_eq!(r.code, Some(1), "killed by a signal = stack overflow:\n{}", r.err());
    let doc = r.json()?;
    assert_eq!(codes(&doc), ["MIG1006"]);
    let d = &diagnostics(&doc)[0];
    // The declaration's `{` is level 1 and `  certifications ` is 17 characters,
    // so the 64th `[` (column 18 + 63) opens level 65, one too many.
    assert_eq!((d["line"].clone(), d["column"].clone()), (4.into(), 81.into()));

    let r = run(&mut check(p.path(), &["deep.mig"]))?;
    eprintln!("deeply_nested_list (human): {:.2?}", r.elapsed);
    assert_eq!(r.code, Some(1));
    assert!(r.out().contains("error[MIG1006]"));
    Ok(())
}

#[test]
fn deeply_nested_blocks_are_mig1006_not_a_stack_overflow() -> TestResult {
    const DEPTH: usize = 200_000;
    let p = Project::new()?;
    let model = format!("party p {{\n{}{}}}\n", "x {\n".repeat(DEPTH), "}\n".repeat(DEPTH));
    p.write("deep.mig", &model)?;
    let r = run(&mut check(p.path(), &["deep.mig", "--format", "json"]))?;
    eprintln!("deeply_nested_blocks: {:.2?}", r.elapsed);
    assert!(!r.timed_out);
    assert_eq!(r.code, Some(1), "{}", r.err());
    assert!(codes(&r.json()?).contains(&"MIG1006".to_string()));
    Ok(())
}

fn garbage_project() -> io::Result<(Project, String)> {
    let p = Project::new()?;
    let line = garbage_line(1_000_000);
    p.write("garbage.mig", &line)?;
    Ok((p, line))
}

#[test]
fn one_megabyte_line_of_garbage_exits_1() -> TestResult {
    let (p, line) = garbage_project()?;
    assert_eq!(line.lines().count(), 1);
    let r = run(&mut check(p.path(), &["garbage.mig", "--format", "json"]))?;
    eprintln!("one_megabyte_line_of_garbage (json): {:.2?}", r.elapsed);
    assert!(!r.timed_out);
    assert_eq!(r.code, Some(1), "{}", r.err());
    let doc = r.json()?;
    let diags = diagnostics(&doc);
    // Syntax errors (MIG1xxx) only, all on the one line.
    assert!(!diags.is_empty());
    assert!(codes(&doc).iter().all(|c| c.starts_with("MIG10")), "{:?}", codes(&doc));
    assert!(diags.iter().all(|d| d["line"] == 1 && d["file"] == "garbage.mig"));

    let r = run(&mut check(p.path(), &["garbage.mig"]))?;
    eprintln!("one_megabyte_line_of_garbage (human): {:.2?}, {} bytes of output", r.elapsed, r.stdout.len());
    assert!(!r.timed_out);
    assert_eq!(r.code, Some(1));
    assert!(r.out().starts_with("error[MIG10"));
    // The 1 MB line is not printed; its diagnostics give the position instead.
    assert!(r.out().contains("garbage.mig:1:"));
    assert!(r.stdout.len() < 256 * 1024, "{} bytes of output", r.stdout.len());
    assert!(r.stderr.is_empty());
    Ok(())
}

#[test]
fn long_line_diagnostics_do_not_repeat_the_whole_line() -> TestResult {
    // Regression (was a bug): every diagnostic on a long line prints the whole line: this 1 MB line
    // has 3 diagnostics and the report is 3 MB (another 1 MB line with 9 gave
    // 11.5 MB). A report should show a window around the place, so its size
    // must not grow with the length of the line.
    let (p, line) = garbage_project()?;
    let r = run(&mut check(p.path(), &["garbage.mig"]))?;
    assert_eq!(r.code, Some(1));
    assert!(r.stdout.len() < 256 * 1024, "{} bytes of output for a {} byte file", r.stdout.len(), line.len());
    Ok(())
}

// ---- help and version ------------------------------------------------------------------

#[test]
fn help_exits_0() -> TestResult {
    let p = Project::new()?;
    let r = run(&mut migc_args(p.path(), &["--help"]))?;
    assert_eq!(r.code, Some(0));
    assert!(r.out().contains("Usage: migc <COMMAND>"));
    for command in ["check", "rules", "explain"] {
        assert!(r.out().contains(&format!("\n  {command} ")), "{command} missing from:\n{}", r.out());
    }
    assert!(r.stderr.is_empty());
    insta::assert_snapshot!("help", r.transcript());
    let r = run(&mut migc_args(p.path(), &["check", "--help"]))?;
    assert_eq!(r.code, Some(0));
    for flag in ["--format", "--lang", "--deny-warnings", "--as-of", "--color"] {
        assert!(r.out().contains(flag), "{flag} missing from:\n{}", r.out());
    }
    insta::assert_snapshot!("check_help", r.transcript());
    let r = run(&mut migc_args(p.path(), &["help", "check"]))?;
    assert_eq!(r.code, Some(0));
    for (command, flags) in [("rules", &["--format", "--lang"][..]), ("explain", &["<ID>", "--lang"][..])] {
        let r = run(&mut migc_args(p.path(), &[command, "--help"]))?;
        assert_eq!(r.code, Some(0), "{}", r.transcript());
        for flag in flags {
            assert!(r.out().contains(flag), "{flag} missing from `migc {command} --help`:\n{}", r.out());
        }
    }
    Ok(())
}

#[test]
fn version_exits_0() -> TestResult {
    let p = Project::new()?;
    let expected = format!("migc {}\n", env!("CARGO_PKG_VERSION"));
    for flag in ["--version", "-V"] {
        let r = run(&mut migc_args(p.path(), &[flag]))?;
        assert_eq!(r.code, Some(0));
        assert_eq!(r.out(), expected);
        assert!(r.stderr.is_empty());
    }
    Ok(())
}

// ---- determinism -----------------------------------------------------------------------

/// Errors in three files, and a name defined in two of them.
fn multi_file_errors() -> io::Result<Project> {
    let p = Project::new()?;
    p.write("a.mig", "party dup { role provider; country JP }\nparty a1 { role nobody; country JP }\n")?
        .write("b.mig", "party dup { role institution; country JP }\nactor x { category doctor; party ghost }\n")?
        .write(
            "sub/c.mig",
            "party c { role provider\n  country JP\n  impact 4 likelihood 3\n}\nmodel m { form xyz }\n",
        )?;
    Ok(p)
}

#[test]
fn same_check_twice_gives_identical_output() -> TestResult {
    let p = multi_file_errors()?;
    for args in [&[][..], &["--format", "json"][..], &["--lang", "en"][..]] {
        let first = run(&mut check(p.path(), args))?;
        assert_eq!(first.code, Some(1), "{}", first.transcript());
        for _ in 0..3 {
            let again = run(&mut check(p.path(), args))?;
            assert_eq!(again.code, first.code);
            assert!(again.stdout == first.stdout, "{args:?}: output differs between runs");
        }
    }
    Ok(())
}

#[test]
fn order_of_paths_does_not_change_the_output() -> TestResult {
    let p = multi_file_errors()?;
    let one = run(&mut check(p.path(), &["a.mig", "b.mig", "sub/c.mig"]))?;
    let two = run(&mut check(p.path(), &["sub/c.mig", "b.mig", "a.mig"]))?;
    let dir = run(&mut check(p.path(), &["."]))?;
    assert_eq!(one.code, Some(1));
    assert_eq!(one.out(), two.out());
    assert_eq!(one.out(), dir.out());
    Ok(())
}

// ---- project root ----------------------------------------------------------------------

/// `proj/mig.toml`, `proj/parties.mig`, and `proj/sub/model.mig` importing `../parties.mig`.
fn nested_project() -> io::Result<Project> {
    let p = Project::new()?;
    p.write("proj/mig.toml", "[project]\nname = \"p\"\n")?
        .write("proj/parties.mig", PARTIES)?
        .write("proj/sub/model.mig", format!("import \"../parties.mig\"\n{MODEL}"))?;
    Ok(p)
}

#[test]
fn file_in_subdirectory_checked_by_absolute_path_finds_the_root() -> TestResult {
    let p = nested_project()?;
    let abs = p.path().join("proj/sub/model.mig");
    let abs = abs.to_str().ok_or("path")?;
    let r = run(&mut check(&p.path().join("proj/sub"), &[abs]))?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    let r = run(&mut check(&p.path().join("proj"), &[]))?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    Ok(())
}

#[test]
fn relative_file_in_subdirectory_finds_mig_toml_in_current_dir() -> TestResult {
    // Regression (was a bug): from proj/, `migc check sub/model.mig` takes sub/ as the project root
    // (the search for mig.toml stops before `.`), so the import of
    // ../parties.mig is "outside the project" (MIG2102) and `example_saas` is
    // not found (MIG2006). The absolute path of the same file checks clean.
    let p = nested_project()?;
    let r = run(&mut check(&p.path().join("proj"), &["sub/model.mig"]))?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    assert_eq!(r.out(), summary_ja(0, 0, 0));
    Ok(())
}

#[test]
fn relative_file_from_subdirectory_finds_mig_toml_above() -> TestResult {
    // Regression (was a bug): from proj/sub/, `migc check model.mig` never looks above the current
    // directory for mig.toml (a relative path has no parent to walk to), so the
    // result differs from `migc check $PWD/model.mig`: MIG2102 and MIG2006.
    let p = nested_project()?;
    let r = run(&mut check(&p.path().join("proj/sub"), &["model.mig"]))?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    let r = run(&mut check(&p.path().join("proj/sub"), &["."]))?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    Ok(())
}

// ---- symlinked directories -------------------------------------------------------------

#[test]
fn directory_symlink_loop_loads_each_file_once() -> TestResult {
    // Regression (was a bug): `proj/self -> .` makes the loader read proj/ok.mig, proj/self/ok.mig,
    // proj/self/self/ok.mig, ... until the OS gives up (about 40 levels), and
    // every copy redefines the same names: 120 duplicate-name errors, exit 1.
    let p = Project::clean()?;
    p.mkdir("proj")?;
    std::fs::rename(p.path().join("model.mig"), p.path().join("proj/model.mig"))?;
    std::fs::rename(p.path().join("parties.mig"), p.path().join("proj/parties.mig"))?;
    p.symlink(".", "proj/self")?;
    let r = run_for(&mut check(p.path(), &["proj"]), Duration::from_secs(60))?;
    assert!(!r.timed_out);
    assert_eq!(r.code, Some(0), "{}", r.out().lines().last().unwrap_or(""));
    assert_eq!(r.out(), summary_ja(0, 0, 0));
    Ok(())
}

#[test]
fn directory_symlink_cycles_do_not_hang() -> TestResult {
    // Regression (was a bug): two links back to the directory (`a -> .`, `b -> .`) make the walk
    // exponential (2^40 paths): migc did not finish in 60 s. A check of two
    // small files takes well under a second, so 30 s is plenty.
    let p = Project::new()?;
    p.write("proj/parties.mig", PARTIES)?
        .write("proj/model.mig", MODEL)?
        .symlink(".", "proj/a")?
        .symlink(".", "proj/b")?;
    let r = run_for(&mut check(p.path(), &["proj"]), Duration::from_secs(30))?;
    eprintln!("directory_symlink_cycles: {:.2?}", r.elapsed);
    assert!(!r.timed_out, "migc did not finish within 30 s");
    assert_eq!(r.code, Some(0), "{}", r.out().lines().last().unwrap_or(""));
    Ok(())
}

// ---- a full model: examples/small-clinic -----------------------------------------------

/// The errors and warnings of a JSON document as (code, severity); notes left out.
fn findings(doc: &Value) -> Vec<(String, String)> {
    diagnostics(doc)
        .iter()
        .filter(|d| d["severity"] != "note")
        .map(|d| (d["code"].as_str().unwrap_or("?").to_string(), d["severity"].as_str().unwrap_or("?").to_string()))
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected.iter().map(|&(c, s)| (c.to_string(), s.to_string())).collect()
}

#[test]
fn small_clinic_copy_checks_clean_with_one_waiver() -> TestResult {
    let p = Project::small_clinic()?;
    let r = run(&mut check(p.path(), &[]))?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    assert!(r.out().ends_with(&summary_ja(0, 0, 1)), "{}", r.out());
    assert!(r.stderr.is_empty());
    let r = run(&mut check(p.path(), &["--lang", "en"]))?;
    assert!(r.out().ends_with(&summary_en(0, 0, 1)), "{}", r.out());
    // Notes (retained risks to disclose, MIG-RISK-005) are not warnings; the
    // waived finding (MIG-NET-001 on the maintenance VPN) is not reported.
    let r = run(&mut check(p.path(), &["--deny-warnings", "--format", "json"]))?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    let doc = r.json()?;
    assert_eq!(findings(&doc), pairs(&[]), "{doc:#}");
    assert!(!codes(&doc).contains(&"MIG-NET-001".to_string()));
    Ok(())
}

// ---- --as-of ---------------------------------------------------------------------------

/// small-clinic with the flow 受付会計 signed in by password + PIN: two knowledge
/// factors, one factor type. The レセコン it logs in to was introduced in 2021
/// and is to be renewed on 2027-04-01: MIG-AUTH-001 is a warning before the
/// renewal and an error from then on (the two-factor duty covers systems
/// introduced or renewed); the model's `as_of` is 2026-11-01.
fn single_factor_type_project() -> io::Result<Project> {
    let p = Project::small_clinic()?;
    p.edit(
        "flows.mig",
        "auth    [std::auth::password, std::auth::fingerprint]",
        "auth    [std::auth::password, std::auth::pin]",
    )?;
    p.edit(
        "system.mig",
        "asset rececon_app \"レセコン\" {\n",
        "asset rececon_app \"レセコン\" {\n  introduced   2021-10-01\n  next_renewal 2027-04-01\n",
    )?;
    Ok(p)
}

#[test]
fn as_of_on_the_renewal_date_turns_the_mfa_warning_into_an_error() -> TestResult {
    let p = single_factor_type_project()?;

    // Judged at the model's as_of: a warning, exit 0.
    let r = run(&mut check(p.path(), &["--format", "json", "--lang", "en"]))?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    let doc = r.json()?;
    assert_eq!(findings(&doc), pairs(&[("MIG-AUTH-001", "warning")]), "{doc:#}");
    let d = diagnostics(&doc).into_iter().find(|d| d["code"] == "MIG-AUTH-001").ok_or("no MIG-AUTH-001")?;
    assert_eq!(d["message"], "flow `受付会計` authenticates with knowledge factors only");
    assert_eq!(d["file"], "flows.mig");
    assert_eq!(d["line"], 12);
    let r = run(&mut check(p.path(), &[]))?;
    assert_eq!(r.code, Some(0));
    assert!(r.out().contains("warning[MIG-AUTH-001]: 情報流 `受付会計` の認証は 知識 要素だけです"), "{}", r.out());

    // The day before the deadline: still a warning.
    let r = run(&mut check(p.path(), &["--as-of", "2027-03-31", "--format", "json"]))?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    assert_eq!(findings(&r.json()?), pairs(&[("MIG-AUTH-001", "warning")]));

    // On the deadline: an error, exit 1. (The example's waiver of MIG-NET-001
    // ends on 2027-03-31, so that finding is back as a warning.)
    let r = run(&mut check(p.path(), &["--as-of", "2027-04-01", "--format", "json"]))?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    let doc = r.json()?;
    let errors: Vec<_> = findings(&doc).into_iter().filter(|(_, s)| s == "error").collect();
    assert_eq!(errors, pairs(&[("MIG-AUTH-001", "error")]), "{doc:#}");
    let r = run(&mut check(p.path(), &["--as-of", "2027-04-01"]))?;
    assert_eq!(r.code, Some(1));
    assert!(r.out().contains("error[MIG-AUTH-001]: 情報流 `受付会計` の認証は 知識 要素だけです"), "{}", r.out());
    Ok(())
}

#[test]
fn as_of_after_a_waivers_end_reports_the_finding_again() -> TestResult {
    // small-clinic waives MIG-NET-001 on `maint_vpn` until 2027-03-31 (operations.mig).
    let p = Project::small_clinic()?;
    let r = run(&mut check(p.path(), &["--as-of", "2027-03-31"]))?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    assert!(r.out().ends_with(&summary_ja(0, 0, 1)), "{}", r.out());
    let r = run(&mut check(p.path(), &["--as-of", "2027-04-01", "--format", "json"]))?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    assert_eq!(findings(&r.json()?), pairs(&[("MIG-NET-001", "warning")]));
    let r = run(&mut check(p.path(), &["--as-of", "2027-04-01"]))?;
    assert!(r.out().ends_with(&summary_ja(0, 1, 0)), "{}", r.out());
    Ok(())
}

#[test]
fn as_of_flag_stands_in_for_a_missing_as_of() -> TestResult {
    let p = Project::new()?;
    p.write("parties.mig", PARTIES)?.write("model.mig", MODEL.replace("  as_of     2026-11-01\n", ""))?;
    let r = run(&mut check(p.path(), &["--format", "json"]))?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    assert_eq!(findings(&r.json()?), pairs(&[("MIG3003", "warning")]));
    let r = run(&mut check(p.path(), &["--as-of", "2026-11-01"]))?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    assert_eq!(r.out(), summary_ja(0, 0, 0));
    Ok(())
}

#[test]
fn impossible_as_of_date_exits_2() -> TestResult {
    let p = Project::clean()?;
    let r = run(&mut check(p.path(), &["--as-of", "2027-02-30"]))?;
    assert_fatal(&r);
    assert!(r.err().contains("2027-02-30") && r.err().contains("--as-of"), "{}", r.err());
    insta::assert_snapshot!("bad_as_of", r.transcript());
    for bad in ["2027-13-01", "2027-4-1", "20270401", "tomorrow", ""] {
        let r = run(&mut check(p.path(), &["--as-of", bad]))?;
        assert_fatal(&r);
    }
    Ok(())
}

// ---- migc rules ------------------------------------------------------------------------

/// The ids at the start of the lines of a `migc rules` table, in order.
fn listed_ids(table: &str) -> Vec<String> {
    table.lines().filter(|l| l.starts_with("MIG-")).filter_map(|l| l.split(' ').next()).map(str::to_string).collect()
}

/// `migc rules --format json --lang LANG`, parsed.
fn rules_json(dir: &Path, lang: &str) -> Result<Value, Box<dyn std::error::Error>> {
    let r = run(&mut migc_args(dir, &["rules", "--format", "json", "--lang", lang]))?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    assert!(r.stderr.is_empty(), "{}", r.err());
    Ok(r.json()?)
}

fn rules_of(doc: &Value) -> Vec<Value> {
    doc.get("rules").and_then(Value::as_array).cloned().unwrap_or_default()
}

fn ids_of(doc: &Value) -> Vec<String> {
    rules_of(doc).iter().filter_map(|r| r["id"].as_str().map(str::to_string)).collect()
}

#[test]
fn rules_json_is_a_versioned_document_of_every_rule() -> TestResult {
    let p = Project::new()?;
    let source = rule_ids_in_source()?;
    assert!(source.len() >= 30, "{source:?}");
    let ja = rules_json(p.path(), "ja")?;
    let keys: Vec<&String> = ja.as_object().ok_or("not an object")?.keys().collect();
    assert_eq!(keys.len(), 2, "{keys:?}");
    assert_eq!(ja["version"], 1);
    let mut ids = ids_of(&ja);
    assert_eq!(ids.len(), rules_of(&ja).len(), "a rule without an id");
    ids.sort();
    assert_eq!(ids, source, "`migc rules --format json` and compiler/src/rules/*.rs");
    for rule in rules_of(&ja) {
        let id = rule["id"].as_str().unwrap_or("?");
        let severity = rule["severity"].as_str().unwrap_or("?");
        assert!(["error", "warning", "note"].contains(&severity), "{rule:#}");
        assert!(rule["title"].as_str().is_some_and(|t| !t.trim().is_empty()), "{rule:#}");
        let cites = rule["citations"].as_array().ok_or("citations")?;
        assert!(!cites.is_empty(), "{id} cites nothing");
        for c in cites {
            for field in ["guideline", "section"] {
                assert!(c[field].as_str().is_some_and(|t| !t.is_empty()), "{id}: {field} in {c:#}");
            }
            // Empty for a source without editions (the PPC FAQ).
            assert!(c["edition"].is_string(), "{id}: edition in {c:#}");
            let tag = c["verified"].as_str().unwrap_or("?");
            assert!(["V", "V-draft", "V2", "U", "PROPOSAL"].contains(&tag), "{id}: {c:#}");
        }
        // A rule on an unverified fact or on migc's own proposal is never an error by default.
        if rule["provisional"] == true {
            assert_ne!(severity, "error", "{rule:#}");
        }
    }
    let rule = |id: &str| rules_of(&ja).into_iter().find(|r| r["id"] == id);
    assert_eq!(rule("MIG-AUTH-001").ok_or("MIG-AUTH-001")?["severity"], "warning");
    assert_eq!(rule("MIG-LOG-004").ok_or("MIG-LOG-004")?["severity"], "error");

    // English: the same rules in the same order, with English titles.
    let en = rules_json(p.path(), "en")?;
    assert_eq!(en["version"], 1);
    assert_eq!(ids_of(&en), ids_of(&ja));
    for (e, j) in rules_of(&en).iter().zip(rules_of(&ja).iter()) {
        assert_ne!(e["title"], j["title"], "{} has no English title", e["id"]);
        assert_eq!(e["severity"], j["severity"]);
        assert_eq!(e["citations"], j["citations"]);
    }
    Ok(())
}

#[test]
fn rules_lists_every_rule_of_the_registry() -> TestResult {
    let p = Project::new()?;
    let json_ja = rules_json(p.path(), "ja")?;
    let json_en = rules_json(p.path(), "en")?;
    let r = run(&mut migc_args(p.path(), &["rules"]))?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    assert!(r.stderr.is_empty());
    assert!(!has_ansi(&r.stdout));
    let table_ja = r.out();
    // Every id once, in the registry's order.
    assert_eq!(listed_ids(&table_ja), ids_of(&json_ja));
    let mut sorted = listed_ids(&table_ja);
    sorted.sort();
    assert_eq!(sorted, rule_ids_in_source()?);

    let r = run(&mut migc_args(p.path(), &["rules", "--lang", "en"]))?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    let table_en = r.out();
    assert_eq!(listed_ids(&table_en), ids_of(&json_ja));
    // MIGC_LANG is read too.
    let r = run(migc_args(p.path(), &["rules"]).env("MIGC_LANG", "en"))?;
    assert_eq!(r.out(), table_en);

    // Each rule's line: id, severity in the language, title in the language;
    // the next line its citations.
    for (table, json, severities) in [
        (&table_ja, &json_ja, [("error", "エラー"), ("warning", "警告"), ("note", "注記")]),
        (&table_en, &json_en, [("error", "error"), ("warning", "warning"), ("note", "note")]),
    ] {
        let lines: Vec<&str> = table.lines().collect();
        for rule in rules_of(json) {
            let id = rule["id"].as_str().unwrap_or("?");
            let at = lines.iter().position(|l| l.split(' ').next() == Some(id)).ok_or("id not listed")?;
            let line = lines[at];
            let words: Vec<&str> = line.split_whitespace().collect();
            let severity = severities.iter().find(|(s, _)| rule["severity"] == *s).map_or("?", |(_, shown)| *shown);
            assert_eq!(words.get(1).copied(), Some(severity), "{line}");
            let title = rule["title"].as_str().unwrap_or("?");
            assert!(line.ends_with(title), "{line:?} does not end with {title:?}");
            let cites = lines.get(at + 1).copied().unwrap_or_default();
            assert!(cites.starts_with(' '), "{id}: no citation line");
            for c in rule["citations"].as_array().cloned().unwrap_or_default() {
                let section = c["section"].as_str().unwrap_or("?");
                assert!(cites.contains(section), "{id}: {section} missing from {cites:?}");
            }
        }
    }
    Ok(())
}

#[test]
fn rules_with_a_bad_language_exits_2() -> TestResult {
    let p = Project::new()?;
    let r = run(&mut migc_args(p.path(), &["rules", "--lang", "xx"]))?;
    assert_fatal(&r);
    let r = run(migc_args(p.path(), &["rules"]).env("MIGC_LANG", "xx"))?;
    assert_fatal(&r);
    assert!(r.err().contains("MIGC_LANG is `xx`"));
    let r = run(&mut migc_args(p.path(), &["rules", "--format", "xml"]))?;
    assert_fatal(&r);
    Ok(())
}

// ---- migc explain ----------------------------------------------------------------------

#[test]
fn explain_log_004_in_japanese_and_english() -> TestResult {
    let p = Project::new()?;
    let title = |doc: &Value| {
        rules_of(doc)
            .into_iter()
            .find(|r| r["id"] == "MIG-LOG-004")
            .and_then(|r| r["title"].as_str().map(str::to_string))
    };
    let (title_ja, title_en) = (title(&rules_json(p.path(), "ja")?), title(&rules_json(p.path(), "en")?));

    let r = run(&mut migc_args(p.path(), &["explain", "MIG-LOG-004"]))?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    assert!(r.stderr.is_empty());
    let ja = r.out();
    assert_eq!(ja.lines().next(), Some(format!("MIG-LOG-004 {}", title_ja.ok_or("title")?).as_str()));
    assert!(ja.contains("既定の重大度: エラー"), "{ja}");
    assert!(ja.contains("根拠: 提供事業者GL 1.1 §5.1.5(1)(イ)② [V]"), "{ja}");
    assert!(ja.contains("医師法"), "{ja}");
    assert!(ja.contains("```mig"), "an example: {ja}");

    let r = run(&mut migc_args(p.path(), &["explain", "MIG-LOG-004", "--lang", "en"]))?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    let en = r.out();
    assert_eq!(en.lines().next(), Some(format!("MIG-LOG-004 {}", title_en.ok_or("title")?).as_str()));
    assert!(en.contains("default severity: error"), "{en}");
    assert!(en.contains("sources: 提供事業者GL 1.1 §5.1.5(1)(イ)② [V]"), "{en}");
    assert!(en.contains("5 years"), "{en}");
    assert!(en.contains("```mig"), "an example: {en}");
    // Only the English section.
    assert!(!en.contains("既定の重大度") && !en.contains("**なぜ**") && !en.contains("## "), "{en}");
    assert!(!ja.contains("**Why**") && !ja.contains("## "), "{ja}");
    let r = run(migc_args(p.path(), &["explain", "MIG-LOG-004"]).env("MIGC_LANG", "en"))?;
    assert_eq!(r.out(), en);
    Ok(())
}

/// A rule whose basis differs between MHLW 6.0 and 7.0 says what each asks.
#[test]
fn explain_shows_both_editions_for_a_rule_that_differs() -> TestResult {
    let p = Project::new()?;
    for (lang, heading) in [("ja", "版ごとの根拠"), ("en", "Basis by edition")] {
        let r = run(&mut migc_args(p.path(), &["explain", "MIG-AUTH-001", "--lang", lang]))?;
        assert_eq!(r.code, Some(0), "{}", r.transcript());
        let out = r.out();
        assert!(out.contains(heading), "{out}");
        assert!(out.contains("- std::edition::mhlw_6_0 ("), "{out}");
        assert!(out.contains("- std::edition::mhlw_7_0 ("), "{out}");
        assert!(out.contains("MHLW安全管理GL 7.0 システム運用編 14⑤ [V2]"), "{out}");
        assert!(out.contains("MHLW安全管理GL 5.2 §6.5(1) (令和9年度) [V]"), "{out}");
    }
    // A rule with one basis for every edition shows no such section.
    let r = run(&mut migc_args(p.path(), &["explain", "MIG-LOG-004", "--lang", "en"]))?;
    assert!(!r.out().contains("Basis by edition"), "{}", r.out());
    Ok(())
}

#[test]
fn explain_ids_are_case_insensitive() -> TestResult {
    let p = Project::new()?;
    let upper = run(&mut migc_args(p.path(), &["explain", "MIG-LOG-004"]))?;
    for id in ["mig-log-004", "Mig-Log-004"] {
        let r = run(&mut migc_args(p.path(), &["explain", id]))?;
        assert_eq!(r.code, Some(0), "{}", r.transcript());
        assert_eq!(r.out(), upper.out(), "{id}");
    }
    Ok(())
}

#[test]
fn explain_every_rule_in_both_languages() -> TestResult {
    let p = Project::new()?;
    for id in ids_of(&rules_json(p.path(), "ja")?) {
        let ja = run(&mut migc_args(p.path(), &["explain", &id]))?;
        let en = run(&mut migc_args(p.path(), &["explain", &id, "--lang", "en"]))?;
        for (r, label) in [(&ja, "既定の重大度: "), (&en, "default severity: ")] {
            assert_eq!(r.code, Some(0), "{id}: {}", r.transcript());
            assert!(r.out().starts_with(&format!("{id} ")), "{id}: {}", r.out());
            assert!(r.out().contains(label), "{id}: {}", r.out());
            assert!(r.stderr.is_empty());
        }
        assert_ne!(ja.out(), en.out(), "{id}");
    }
    Ok(())
}

#[test]
fn explain_unknown_rule_exits_2() -> TestResult {
    let p = Project::new()?;
    let r = run(&mut migc_args(p.path(), &["explain", "MIG-NOPE-999"]))?;
    assert_fatal(&r);
    assert!(r.err().contains("MIG-NOPE-999"), "{}", r.err());
    assert!(r.err().contains("`migc rules`"), "{}", r.err());
    insta::assert_snapshot!("explain_unknown_rule", r.transcript());
    // A near miss is named.
    let r = run(&mut migc_args(p.path(), &["explain", "MIG-LOG-04"]))?;
    assert_fatal(&r);
    assert!(r.err().contains("MIG-LOG-004"), "{}", r.err());
    // No id at all.
    let r = run(&mut migc_args(p.path(), &["explain"]))?;
    assert_fatal(&r);
    assert!(r.err().contains("<ID>"), "{}", r.err());
    Ok(())
}
