//! `migc check` in CI: the report formats (SARIF, GitHub, JUnit, GitLab, JSON),
//! `--output`, `--fail-level`, `--as-of today`, fingerprints and baselines, run
//! through the binary and checked as the user (or the CI service) sees them.

use serde_json::Value;
use std::io;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

type TestResult = Result<(), Box<dyn std::error::Error>>;

#[path = "support/project.rs"]
mod project;
use project::{Project, Run, run_for};

/// A party whose name holds an astral character (𠮷, 4 bytes in UTF-8, one code
/// point) and Japanese text before the error: the column must count code points.
const ASTRAL: &str = "party p \"𠮷野家の組織\" { role bogus; country JP }\n";

fn example_dir(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples").join(name)
}

impl Project {
    /// A copy of `examples/NAME` (its .mig files and mig.toml).
    fn example(name: &str) -> io::Result<Project> {
        let p = Project::new()?;
        for entry in std::fs::read_dir(example_dir(name))? {
            let path = entry?.path();
            let file = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
            if file.ends_with(".mig") || file == "mig.toml" {
                p.write(&file, std::fs::read(&path)?)?;
            }
        }
        Ok(p)
    }

    fn read(&self, rel: &str) -> io::Result<String> {
        std::fs::read_to_string(self.path().join(rel))
    }

    /// Replace `from` (which must occur) by `to` in the file `rel`.
    fn edit(&self, rel: &str, from: &str, to: &str) -> io::Result<&Project> {
        let text = self.read(rel)?;
        if !text.contains(from) {
            return Err(io::Error::other(format!("{rel} does not contain {from:?}")));
        }
        self.write(rel, text.replacen(from, to, 1))
    }
}

/// `migc check ARGS...` in `dir`, with a controlled environment.
fn check(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_migc"));
    cmd.current_dir(dir).arg("check").args(args);
    for var in ["MIGC_LANG", "NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "TERM", "COLUMNS", "GITHUB_STEP_SUMMARY"] {
        cmd.env_remove(var);
    }
    cmd
}

fn run(cmd: &mut Command) -> io::Result<Run> {
    run_for(cmd, Duration::from_secs(300))
}

fn diagnostics(doc: &Value) -> Vec<Value> {
    doc.get("diagnostics").and_then(Value::as_array).cloned().unwrap_or_default()
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or_default()
}

// ---- SARIF -----------------------------------------------------------------------------

fn sarif_schema() -> Result<jsonschema::Validator, Box<dyn std::error::Error>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../compiler/tests/schemas/sarif-schema-2.1.0.json");
    let mut schema: Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    // The official schema's pattern for `language` (of a run and of a tool
    // component) has a stray `]`, which ECMAScript reads as a literal `]` but the
    // checker's regex engine rejects: escape it here (in memory; the vendored file
    // stays as published). migc writes no `language`.
    const BROKEN: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    fn fix(v: &mut Value, fixed: &mut usize) {
        match v {
            Value::Object(map) => {
                for (k, v) in map.iter_mut() {
                    if k == "pattern" && v == BROKEN {
                        *v = Value::from(BROKEN.replace("}]?$", "}\\]?$"));
                        *fixed += 1;
                    } else {
                        fix(v, fixed);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| fix(v, fixed)),
            _ => {}
        }
    }
    let mut fixed = 0;
    fix(&mut schema, &mut fixed);
    assert_eq!(fixed, 2, "the known problem of the published schema");
    // Formats (uri, uri-reference, date-time) are checked too.
    Ok(jsonschema::options().should_validate_formats(true).build(&schema)?)
}

fn assert_valid_sarif(doc: &Value) -> TestResult {
    let validator = sarif_schema()?;
    let errors: Vec<String> = validator.iter_errors(doc).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "SARIF does not validate:\n{}", errors.join("\n"));
    Ok(())
}

#[test]
fn sarif_of_the_failing_example_validates_against_the_official_schema() -> TestResult {
    let p = Project::example("failing")?;
    let r = run(&mut check(p.path(), &["--format", "sarif", "--lang", "en"]))?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    let doc = r.json()?;
    assert_valid_sarif(&doc)?;
    let run0 = &doc["runs"][0];
    assert_eq!(run0["columnKind"], "unicodeCodePoints");
    assert_eq!(run0["tool"]["driver"]["name"], "migc");
    // Every rule of the registry, with its descriptions, help and documentation link.
    let rules = run0["tool"]["driver"]["rules"].as_array().cloned().unwrap_or_default();
    let rule = rules.iter().find(|r| r["id"] == "MIG-LOG-004").cloned().unwrap_or_default();
    assert_eq!(
        rule["shortDescription"]["text"],
        "Access logs are kept at least as long as the legal retention of the records"
    );
    assert!(str_of(&rule["help"], "text").contains("提供事業者GL 1.1 §5.1.5(1)(イ)② [V]"), "{rule}");
    assert!(str_of(&rule, "helpUri").ends_with("docs/rules.md#mig-log-004"));
    assert!(!str_of(&rule["fullDescription"], "text").is_empty());
    // Results: rule id and index, relative URI, fingerprint.
    let results = run0["results"].as_array().cloned().unwrap_or_default();
    let log4 = results.iter().find(|r| r["ruleId"] == "MIG-LOG-004").cloned().unwrap_or_default();
    assert_eq!(rules.get(log4["ruleIndex"].as_u64().unwrap_or(9999) as usize).map(|r| &r["id"]), Some(&log4["ruleId"]));
    assert_eq!(log4["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "operations.mig");
    assert_eq!(log4["locations"][0]["physicalLocation"]["region"]["startLine"], 53);
    assert_eq!(str_of(&log4["partialFingerprints"], "migcFingerprint/v1").len(), 32);
    Ok(())
}

#[test]
fn sarif_shows_waived_findings_as_suppressed_with_the_reason() -> TestResult {
    let p = Project::example("small-clinic")?;
    let r = run(&mut check(p.path(), &["--format", "sarif"]))?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    let doc = r.json()?;
    assert_valid_sarif(&doc)?;
    let results = doc["runs"][0]["results"].as_array().cloned().unwrap_or_default();
    let suppressed: Vec<&Value> = results.iter().filter(|r| r.get("suppressions").is_some()).collect();
    assert_eq!(suppressed.len(), 1);
    let s = &suppressed[0]["suppressions"][0];
    assert_eq!(suppressed[0]["ruleId"], "MIG-NET-001");
    assert_eq!(s["kind"], "inSource");
    assert_eq!(s["status"], "accepted");
    assert!(str_of(s, "justification").starts_with("ベンダーの閉域網保守サービスが2027年3月に提供開始予定"));
    assert_eq!(s["properties"]["until"], "2027-03-31");
    assert_eq!(s["properties"]["waiver"], "保守回線の閉域網化猶予");
    Ok(())
}

#[test]
fn sarif_columns_are_code_points_after_japanese_and_astral_characters() -> TestResult {
    let p = Project::new()?;
    p.write("日本語/モデル.mig", ASTRAL)?;
    let r = run(&mut check(p.path(), &["--format", "sarif"]))?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    let doc = r.json()?;
    assert_valid_sarif(&doc)?;
    let results = doc["runs"][0]["results"].as_array().cloned().unwrap_or_default();
    let bogus = results.iter().find(|r| r["ruleId"] == "MIG2012").cloned().unwrap_or_default();
    let loc = &bogus["locations"][0]["physicalLocation"];
    // `bogus` starts after `party p "𠮷野家の組織" { role `: 24 code points
    // (25 UTF-16 units, 37 bytes), so at column 25.
    let before = ASTRAL.split("bogus").next().unwrap_or_default();
    assert_eq!((before.chars().count(), before.encode_utf16().count(), before.len()), (24, 25, 37));
    assert_eq!(loc["region"], serde_json::json!({"startLine": 1, "startColumn": 25, "endLine": 1, "endColumn": 30}));
    // The Japanese path is percent-encoded (a URI reference), relative to where migc ran.
    assert_eq!(loc["artifactLocation"]["uri"], "%E6%97%A5%E6%9C%AC%E8%AA%9E/%E3%83%A2%E3%83%87%E3%83%AB.mig");
    Ok(())
}

#[test]
fn sarif_is_byte_identical_across_runs() -> TestResult {
    let p = Project::example("failing")?;
    let a = run(&mut check(p.path(), &["--format", "sarif"]))?;
    let b = run(&mut check(p.path(), &["--format", "sarif"]))?;
    assert!(!a.stdout.is_empty());
    assert_eq!(a.stdout, b.stdout);
    Ok(())
}

// ---- a small project for the snapshots -------------------------------------------------

const CI_TOML: &str = r#"[project]
name = "ci"

[rules]
# The model is two parties: the rules about what a whole service states
# (responsibility split, 運用管理規程, BCP, passwords) have nothing to judge.
"MIG-RESP-001" = "allow"
"MIG-OPS-001" = "allow"
"MIG-OPS-002" = "allow"
"MIG-OPS-003" = "allow"
"MIG-BCP-001" = "allow"
"MIG-BCP-002" = "allow"
"MIG-PW-001" = "allow"
"MIG-CERT-001" = "warning"
"#;

/// One error after an astral character (MIG2012) and one warning (MIG-CERT-001);
/// the model's title holds `,` `%` and `:` that annotations must escape.
const CI_MODEL: &str = r#"model m "モデル, 100%: テスト" {
  editions [std::edition::meti_mic_1_1]
  form     application
  provider q
  as_of    2026-11-01
}
party p "𠮷野家の組織" { role bogus; country JP }
"#;

const CI_PARTIES: &str = "party q \"プロバイダ\" {\n  role    provider\n  country JP\n}\n";

fn ci_project() -> io::Result<Project> {
    let p = Project::new()?;
    p.write("mig.toml", CI_TOML)?.write("m.mig", CI_MODEL)?.write("parties.mig", CI_PARTIES)?;
    Ok(p)
}

/// The same project, fixed: no diagnostic at all.
fn ci_project_clean() -> io::Result<Project> {
    let p = ci_project()?;
    p.edit("m.mig", "role bogus", "role other")?;
    p.edit("parties.mig", "country JP", "country JP\n  certifications [isms]")?;
    Ok(p)
}

#[test]
fn github_annotations_are_escaped_workflow_commands() -> TestResult {
    let p = ci_project()?;
    let r = run(&mut check(p.path(), &["--format", "github", "--lang", "en"]))?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    insta::assert_snapshot!("github_en", r.transcript());
    // Exactly one line per finding, then the summary.
    let out = r.out();
    assert_eq!(out.lines().count(), 3, "{out}");
    assert!(
        r.out().starts_with("::error file=m.mig,line=7,endLine=7,col=25,endColumn=30,title=MIG2012::"),
        "{}",
        r.out()
    );
    Ok(())
}

#[test]
fn github_writes_a_markdown_summary_when_github_step_summary_is_set() -> TestResult {
    let p = ci_project()?;
    // GitHub appends each step's summary to the file: so does migc.
    p.write("summary.md", "# before\n")?;
    let r = run(check(p.path(), &["--format", "github", "m.mig", "parties.mig"])
        .env("GITHUB_STEP_SUMMARY", p.path().join("summary.md")))?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    let md = p.read("summary.md")?;
    assert!(md.starts_with("# before\n## migc check\n"), "{md}");
    insta::assert_snapshot!("github_step_summary_ja", md);
    Ok(())
}

#[test]
fn junit_has_a_failing_case_per_finding() -> TestResult {
    let p = ci_project()?;
    let r = run(&mut check(p.path(), &["--format", "junit", "--lang", "en"]))?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    insta::assert_snapshot!("junit_en", r.transcript());
    Ok(())
}

#[test]
fn junit_of_a_clean_project_is_one_passing_case() -> TestResult {
    let p = ci_project_clean()?;
    let r = run(&mut check(p.path(), &["--format", "junit"]))?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    insta::assert_snapshot!("junit_clean", r.transcript());
    Ok(())
}

#[test]
fn gitlab_code_quality_report() -> TestResult {
    let p = ci_project()?;
    let r = run(&mut check(p.path(), &["--format", "gitlab", "--lang", "en"]))?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    insta::assert_snapshot!("gitlab_en", r.transcript());
    let clean = run(&mut check(ci_project_clean()?.path(), &["--format", "gitlab"]))?;
    assert_eq!((clean.code, clean.out()), (Some(0), "[]\n".to_string()));
    Ok(())
}

// ---- JSON ------------------------------------------------------------------------------

#[test]
fn json_gives_fingerprints_and_the_waivers_applied() -> TestResult {
    let p = Project::example("small-clinic")?;
    let r = run(&mut check(p.path(), &["--format", "json", "--lang", "en"]))?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    let doc = r.json()?;
    for d in diagnostics(&doc) {
        assert_eq!(str_of(&d, "fingerprint").len(), 32, "{d}");
        assert!(!str_of(&d, "subject").is_empty(), "{d}");
    }
    let waivers = doc["waivers"].as_array().cloned().unwrap_or_default();
    assert_eq!(waivers.len(), 1);
    let w = &waivers[0];
    assert_eq!(w["code"], "MIG-NET-001");
    assert_eq!(w["subject"], "maint_vpn");
    assert_eq!(w["waiver"], "保守回線の閉域網化猶予");
    assert_eq!(w["until"], "2027-03-31");
    assert_eq!(w["approved_by"], "たちばな内科クリニック 院長 立花 健一");
    assert_eq!(w["file"], "system.mig");
    assert_eq!(str_of(w, "fingerprint").len(), 32);
    Ok(())
}

// ---- --output --------------------------------------------------------------------------

#[test]
fn output_writes_the_report_to_a_file_and_the_summary_to_the_terminal() -> TestResult {
    let p = ci_project()?;
    let r = run(&mut check(p.path(), &["--format", "sarif", "--output", "report.sarif", "--lang", "en"]))?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    assert_eq!(r.out(), "62 rules run: 1 error(s), 1 warning(s), 0 waived\n");
    assert!(r.stderr.is_empty(), "{}", r.err());
    let direct = run(&mut check(p.path(), &["--format", "sarif", "--lang", "en"]))?;
    assert_eq!(p.read("report.sarif")?, direct.out());
    // The human report, too: the findings to the file, the summary to both.
    let r = run(&mut check(p.path(), &["--output", "report.txt", "--lang", "en"]))?;
    assert_eq!((r.code, r.out()), (Some(1), "62 rules run: 1 error(s), 1 warning(s), 0 waived\n".to_string()));
    let text = p.read("report.txt")?;
    assert!(text.starts_with("error[MIG2012]: `bogus` is not a valid `role`\n"), "{text}");
    assert!(text.ends_with("\n62 rules run: 1 error(s), 1 warning(s), 0 waived\n"), "{text}");
    // No temporary file is left beside it.
    let names: Vec<String> = std::fs::read_dir(p.path())?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains(".tmp")), "{names:?}");
    Ok(())
}

#[test]
fn unwritable_output_exits_2_and_leaves_the_old_file() -> TestResult {
    let p = ci_project()?;
    // A directory where the file should go.
    p.mkdir("report.sarif")?;
    let r = run(&mut check(p.path(), &["--format", "sarif", "--output", "report.sarif"]))?;
    assert_eq!(r.code, Some(2), "{}", r.transcript());
    assert!(r.err().contains("cannot write report.sarif"), "{}", r.err());
    assert!(p.path().join("report.sarif").is_dir());
    // A directory that does not exist.
    let r = run(&mut check(p.path(), &["--format", "json", "--output", "no/such/dir/r.json"]))?;
    assert_eq!(r.code, Some(2), "{}", r.transcript());
    assert!(!p.path().join("no").exists());
    Ok(())
}

// ---- --fail-level and --as-of today ----------------------------------------------------

#[test]
fn fail_level_decides_the_exit_code() -> TestResult {
    // A warning only: the clean project with the certification removed again.
    let p = ci_project_clean()?;
    p.edit("parties.mig", "\n  certifications [isms]", "")?;
    let code = |args: &[&str]| -> io::Result<Option<i32>> { Ok(run(&mut check(p.path(), args))?.code) };
    assert_eq!(code(&[])?, Some(0));
    assert_eq!(code(&["--fail-level", "error"])?, Some(0));
    assert_eq!(code(&["--fail-level", "warning"])?, Some(1));
    assert_eq!(code(&["--deny-warnings"])?, Some(1));
    assert_eq!(code(&["--fail-level", "note"])?, Some(1));
    // Errors, but the run is asked not to fail: the report still carries them.
    let e = ci_project()?;
    let r = run(&mut check(e.path(), &["--fail-level", "none", "--format", "json"]))?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    assert_eq!(r.json()?["summary"]["errors"], 1);
    // The two spellings together are a usage error.
    let r = run(&mut check(p.path(), &["--fail-level", "error", "--deny-warnings"]))?;
    assert_eq!(r.code, Some(2), "{}", r.transcript());
    let r = run(&mut check(p.path(), &["--fail-level", "fatal"]))?;
    assert_eq!(r.code, Some(2), "{}", r.transcript());
    Ok(())
}

#[test]
fn as_of_today_is_todays_date() -> TestResult {
    let p = Project::example("small-clinic")?;
    let today = Command::new("date").args(["-u", "+%F"]).output()?;
    let today = String::from_utf8_lossy(&today.stdout).trim().to_string();
    let a = run(&mut check(p.path(), &["--as-of", "today", "--format", "json"]))?;
    let b = run(&mut check(p.path(), &["--as-of", &today, "--format", "json"]))?;
    assert_eq!(a.code, b.code, "{}", a.transcript());
    assert_eq!(a.out(), b.out());
    let r = run(&mut check(p.path(), &["--as-of", "tomorrow"]))?;
    assert_eq!(r.code, Some(2), "{}", r.transcript());
    assert!(r.err().contains("nor `today`"), "{}", r.err());
    Ok(())
}

// ---- fingerprints ----------------------------------------------------------------------

/// (code, subject, fingerprint) of a diagnostic.
type Print = (String, String, String);

/// (code, subject, fingerprint) of every diagnostic, sorted.
fn fingerprints(p: &Project) -> Result<Vec<Print>, Box<dyn std::error::Error>> {
    let r = run(&mut check(p.path(), &["--format", "json"]))?;
    let mut out: Vec<Print> = diagnostics(&r.json()?)
        .iter()
        .map(|d| {
            (str_of(d, "code").to_string(), str_of(d, "subject").to_string(), str_of(d, "fingerprint").to_string())
        })
        .collect();
    out.sort();
    Ok(out)
}

/// The text of the top-level declaration of `rel` that starts with `head`, up to its closing `}` line.
fn cut_decl(p: &Project, rel: &str, head: &str) -> Result<String, Box<dyn std::error::Error>> {
    let text = p.read(rel)?;
    let start = text.find(head).ok_or_else(|| format!("{head} not in {rel}"))?;
    let end = start + text[start..].find("\n}\n").ok_or("no closing brace")? + 3;
    let decl = text[start..end].to_string();
    p.write(rel, format!("{}{}", &text[..start], &text[end..]))?;
    Ok(decl)
}

#[test]
fn fingerprints_survive_moves_reformatting_and_unrelated_declarations() -> TestResult {
    let p = Project::example("failing")?;
    let before = fingerprints(&p)?;
    assert!(before.len() > 50, "{before:?}");
    let unique: std::collections::BTreeSet<&String> = before.iter().map(|(_, _, f)| f).collect();
    assert_eq!(unique.len(), before.len(), "fingerprints are unique");

    // Move a declaration at fault (MIG-LOG-001…004 on ehr_log) to another file.
    let decl = cut_decl(&p, "operations.mig", "log ehr_log")?;
    let system = p.read("system.mig")?;
    p.write("system.mig", format!("{system}\n{decl}"))?;
    // Reformat: blank lines and comments above, wider indentation everywhere.
    for f in ["flows.mig", "model.mig", "operations.mig", "system.mig"] {
        let text = p.read(f)?;
        p.write(f, format!("// reformatted\n\n\n{}", text.replace("\n  ", "\n      ")))?;
    }
    // An unrelated declaration.
    let model = p.read("model.mig")?;
    p.write("model.mig", format!("{model}\n/// 追加\ncontrol extra_control \"追加の対策\" {{\n  category technical\n  owner hayate_medical\n}}\n"))?;
    assert_eq!(fingerprints(&p)?, before);

    // A different finding gets a different fingerprint: ehr_log renamed.
    let ops = p.read("system.mig")?;
    p.write("system.mig", ops.replace("log ehr_log", "log ehr_access_log"))?;
    let after = fingerprints(&p)?;
    let old: Vec<&Print> = before.iter().filter(|(_, s, _)| s == "ehr_log").collect();
    assert!(!old.is_empty());
    for o in old {
        assert!(!after.contains(o), "{o:?} should have changed");
    }
    assert!(after.iter().any(|(c, s, _)| c == "MIG-LOG-001" && s == "ehr_access_log"), "{after:?}");
    Ok(())
}

// ---- baseline --------------------------------------------------------------------------

#[test]
fn baseline_fails_only_on_new_findings_and_names_the_gone_ones() -> TestResult {
    let p = ci_project()?;
    let r = run(&mut check(p.path(), &["--write-baseline", "baseline.json", "--lang", "en"]))?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    insta::assert_snapshot!("baseline_file", p.read("baseline.json")?);

    // Unchanged: the known findings do not fail the run.
    let r = run(&mut check(p.path(), &["--baseline", "baseline.json", "--lang", "en"]))?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    assert_eq!(
        r.out(),
        "62 rules run: 1 error(s), 1 warning(s), 0 waived\nbaseline: 0 new finding(s), 2 known, 0 gone\n"
    );

    // A new problem fails, and is the only finding shown; a fixed one is named as gone.
    p.write("new.mig", "party r \"新しい組織\" { role vendor; country JP }\n")?;
    p.edit("m.mig", "role bogus", "role other")?;
    let r = run(&mut check(p.path(), &["--baseline", "baseline.json", "--lang", "en"]))?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    insta::assert_snapshot!("baseline_new_problem", r.transcript());
    let json = run(&mut check(p.path(), &["--baseline", "baseline.json", "--format", "json"]))?.json()?;
    assert_eq!(json["baseline"]["new"], 1);
    assert_eq!(json["baseline"]["known"], 1);
    assert_eq!(json["baseline"]["gone"][0]["code"], "MIG2012");
    assert_eq!(json["baseline"]["gone"][0]["subject"], "p");
    Ok(())
}

#[test]
fn a_bad_baseline_exits_2() -> TestResult {
    let p = ci_project()?;
    p.write("b.json", "{not json")?;
    let r = run(&mut check(p.path(), &["--baseline", "b.json"]))?;
    assert_eq!(r.code, Some(2), "{}", r.transcript());
    assert!(r.err().contains("cannot use the baseline b.json"), "{}", r.err());
    let r = run(&mut check(p.path(), &["--baseline", "missing.json"]))?;
    assert_eq!(r.code, Some(2), "{}", r.transcript());
    Ok(())
}

// ---- no false greens -------------------------------------------------------------------

/// Run with `input` on standard input.
fn run_with_stdin(cmd: &mut Command, input: &str) -> io::Result<Run> {
    use std::io::Write;
    let start = std::time::Instant::now();
    let mut child = cmd
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(input.as_bytes())?;
    }
    let out = child.wait_with_output()?;
    Ok(Run {
        code: out.status.code(),
        stdout: out.stdout,
        stderr: out.stderr,
        elapsed: start.elapsed(),
        timed_out: false,
    })
}

#[test]
fn a_directory_without_a_model_is_an_error() -> TestResult {
    let p = Project::new()?;
    p.write("parties.mig", CI_PARTIES.replace("country JP", "country JP\n  certifications [isms]"))?;
    let r = run(&mut check(p.path(), &["--lang", "en"]))?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    assert!(r.out().starts_with("error[MIG3005]: no `model` in the project\n"), "{}", r.out());
    // In a project, it points at mig.toml.
    let q = ci_project_clean()?;
    q.edit("m.mig", "model m", "// model m")?;
    std::fs::remove_file(q.path().join("m.mig"))?;
    let r = run(&mut check(q.path(), &["--lang", "en"]))?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    insta::assert_snapshot!("no_model_en", r.transcript());
    Ok(())
}

#[test]
fn mig_files_the_entries_do_not_reach_are_named_in_a_warning() -> TestResult {
    let p = Project::example("small-clinic")?;
    p.write("old/下書き.mig", "party x \"未使用\" { role other; country JP }\n")?;
    p.write("extra.mig", "// 忘れられたファイル\n")?;
    let r = run(&mut check(p.path(), &["--lang", "en"]))?;
    assert_eq!(r.code, Some(0), "a warning: {}", r.transcript());
    let out = r.out();
    assert!(out.contains("warning[MIG3006]: extra.mig is not loaded, so it is not checked"), "{out}");
    assert!(out.contains("warning[MIG3006]: old/下書き.mig is not loaded, so it is not checked"), "{out}");
    assert!(out.ends_with("69 rules run: 0 error(s), 2 warning(s), 1 waived\n"), "{out}");
    let r = run(&mut check(p.path(), &["--fail-level", "warning"]))?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    Ok(())
}

#[test]
fn a_check_from_a_subdirectory_checks_the_project_above() -> TestResult {
    // Before, `migc check` in sub/ checked sub/ alone: a clean fragment, exit 0,
    // while the project (found by its mig.toml above) has errors.
    let p = Project::example("failing")?;
    p.write("sub/extra.mig", "party extra \"追加\" { role other; country JP }\n")?;
    p.edit("model.mig", "\nmodel ", "\nimport \"sub/extra.mig\"\n\nmodel ")?;
    let sub = p.path().join("sub");
    let from_sub = run(&mut check(&sub, &["--format", "json"]))?;
    let from_root = run(&mut check(p.path(), &["--format", "json"]))?;
    assert_eq!(from_sub.code, Some(1), "{}", from_sub.transcript());
    let counts = |r: &Run| -> Result<Value, Box<dyn std::error::Error>> { Ok(r.json()?["summary"].clone()) };
    assert_eq!(counts(&from_sub)?, counts(&from_root)?);
    let r = run(&mut check(&sub, &["."]))?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    Ok(())
}

#[test]
fn editions_of_mig_toml_and_the_model_must_agree() -> TestResult {
    let p = Project::example("small-clinic")?;
    p.edit("mig.toml", "editions = [\"meti_mic_1_1\", \"mhlw_6_0\"]", "editions = [\"meti_mic_1_1\"]")?;
    let r = run(&mut check(p.path(), &["--lang", "en"]))?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    insta::assert_snapshot!("editions_disagree_en", r.transcript());
    // Given in one place only, nothing to compare.
    p.edit("mig.toml", "editions = [\"meti_mic_1_1\"]\n", "")?;
    let r = run(&mut check(p.path(), &[]))?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    Ok(())
}

#[test]
fn standard_input_is_a_single_file_check() -> TestResult {
    let p = ci_project()?;
    // Under the project's mig.toml ([rules] apply), as `<stdin>`.
    let input = format!("{CI_MODEL}{CI_PARTIES}");
    let r = run_with_stdin(&mut check(p.path(), &["-", "--lang", "en"]), &input)?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    let out = r.out();
    assert!(out.contains("┌─ <stdin>:7:25"), "{out}");
    assert!(out.ends_with("62 rules run: 1 error(s), 1 warning(s), 0 waived\n"), "{out}");
    let fixed =
        input.replace("role bogus", "role other").replace("country JP\n}", "country JP\n  certifications [isms]\n}");
    let r = run_with_stdin(&mut check(p.path(), &["-", "--format", "sarif"]), &fixed)?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    assert_eq!(r.json()?["runs"][0]["results"], serde_json::json!([]));
    // `-` with other paths is a usage error.
    let r = run_with_stdin(&mut check(p.path(), &["-", "m.mig"]), "")?;
    assert_eq!(r.code, Some(2), "{}", r.transcript());
    Ok(())
}

#[test]
fn github_escapes_properties_in_file_names() -> TestResult {
    // `,` and `:` end a property and `%` starts an escape: a file name holding them
    // must arrive whole.
    let p = Project::new()?;
    p.write("a,b:c%d.mig", ASTRAL)?;
    let r = run(&mut check(p.path(), &["--format", "github", "a,b:c%d.mig"]))?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    assert!(
        r.out().starts_with("::error file=a%2Cb%3Ac%25d.mig,line=1,endLine=1,col=25,endColumn=30,title=MIG2012::"),
        "{}",
        r.out()
    );
    Ok(())
}

// ---- output a person can read ----------------------------------------------------------

#[test]
fn quiet_shows_errors_only_and_statistics_count_per_rule() -> TestResult {
    let p = ci_project()?;
    let r = run(&mut check(p.path(), &["--quiet", "--statistics", "--lang", "en"]))?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    insta::assert_snapshot!("quiet_statistics_en", r.transcript());
    let out = r.out();
    assert!(out.contains("error[MIG2012]") && !out.contains("warning[MIG-CERT-001]"), "{out}");
    let r = run(&mut check(p.path(), &["--statistics"]))?;
    assert!(
        r.out().contains("1  MIG-CERT-001   警告     提供事業者はプライバシーマークまたは ISMS 認証を取得する\n"),
        "{}",
        r.out()
    );
    Ok(())
}

// ---- migc init -------------------------------------------------------------------------

fn migc_init(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_migc"));
    cmd.current_dir(dir).arg("init").args(args).env_remove("MIGC_LANG");
    cmd
}

/// Remove every `// TODO(migc): …` comment, as a team does once it has filled the place in.
fn fill_in(dir: &Path) -> io::Result<usize> {
    let mut removed = 0;
    for name in ["model.mig", "risks.mig"] {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path)?;
        let lines: Vec<String> = text
            .lines()
            .map(|l| match l.find("  // TODO(migc):") {
                Some(at) => {
                    removed += 1;
                    l[..at].to_string()
                }
                None => l.to_string(),
            })
            .collect();
        std::fs::write(&path, lines.join("\n") + "\n")?;
    }
    Ok(removed)
}

#[test]
fn init_marks_each_place_to_fill_and_checks_clean_once_filled() -> TestResult {
    for form in ["application", "platform", "infrastructure"] {
        let p = Project::new()?;
        let r = run(&mut migc_init(p.path(), &["new", "--form", form]))?;
        assert_eq!(r.code, Some(0), "{}", r.transcript());
        let dir = p.path().join("new");
        let model = std::fs::read_to_string(dir.join("model.mig"))?;
        assert!(model.contains(&format!("form      {form}")), "{model}");
        // One responsibility per duty of std::duty, one risk per threat of std::threat.
        assert_eq!(model.matches("\nresponsibility on std::duty::").count(), 16);
        let risks = std::fs::read_to_string(dir.join("risks.mig"))?;
        assert_eq!(risks.matches("\nrisk main_flow_").count(), 11);
        // Already in the canonical layout.
        assert_eq!(migc::format::format_text(&model).as_ref(), Ok(&model));
        assert_eq!(migc::format::format_text(&risks).as_ref(), Ok(&risks));

        // Unfilled: each marked place is an error naming it.
        let marked = model.matches("TODO(migc)").count() + risks.matches("TODO(migc)").count();
        let r = run(&mut check(p.path(), &["new", "--format", "json"]))?;
        assert_eq!(r.code, Some(1), "{}", r.transcript());
        let doc = r.json()?;
        let places: Vec<Value> = diagnostics(&doc).into_iter().filter(|d| d["code"] == "MIG3007").collect();
        assert_eq!(places.len(), marked);
        assert_eq!(diagnostics(&doc).len(), marked, "only the marked places: {doc:#}");
        assert_eq!(r.out(), run(&mut check(p.path(), &["new", "--format", "json"]))?.out());
        assert_eq!(places.iter().filter(|d| d["file"] == "new/risks.mig").count(), 11);

        // Filled in: clean.
        assert_eq!(fill_in(&dir)?, marked);
        let r = run(&mut check(p.path(), &["new", "--lang", "en"]))?;
        assert_eq!(r.code, Some(0), "{}", r.transcript());
        assert_eq!(r.out(), "69 rules run: 0 error(s), 0 warning(s), 0 waived\n");
    }
    Ok(())
}

#[test]
fn init_refuses_to_overwrite_and_reports_what_it_made() -> TestResult {
    let p = Project::new()?;
    let r = run(&mut migc_init(p.path(), &[]))?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    insta::assert_snapshot!("init_output", r.transcript());
    p.write("model.mig", "// mine\n")?;
    let r = run(&mut migc_init(p.path(), &[]))?;
    assert_eq!(r.code, Some(2), "{}", r.transcript());
    assert!(r.err().contains("not overwriting existing files: mig.toml, model.mig, risks.mig"), "{}", r.err());
    assert_eq!(p.read("model.mig")?, "// mine\n");
    let r = run(&mut migc_init(p.path(), &["--form", "saas"]))?;
    assert_eq!(r.code, Some(2), "{}", r.transcript());
    Ok(())
}

// ---- migc diff -------------------------------------------------------------------------

fn migc_diff(dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_migc"));
    cmd.current_dir(dir).arg("diff").args(args).env_remove("MIGC_LANG");
    cmd
}

/// Two versions of examples/cloud-ehr under `old/` and `new/`. Both have the
/// laboratory line as an IPsec-VPN under a waiver (MIG-NET-001) and the risk
/// 受付会計_盗聴 at B (4×3); the new one raises that risk to A (5×3), lets the
/// waiver expire (until before as_of), adds a flow (not yet assessed) and leaves
/// terminal management in an emergency to the maintainer alone.
fn two_versions() -> Result<Project, Box<dyn std::error::Error>> {
    let p = Project::new()?;
    for side in ["old", "new"] {
        for entry in std::fs::read_dir(example_dir("cloud-ehr"))? {
            let path = entry?.path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
            if name.ends_with(".mig") || name == "mig.toml" {
                p.write(&format!("{side}/{name}"), std::fs::read(&path)?)?;
            }
        }
        let net = format!("{side}/networks.mig");
        p.edit(
            &net,
            "  kind               ip_vpn\n  between            [kanto_lab_center",
            "  kind               ipsec_vpn\n  between            [kanto_lab_center",
        )?;
        p.edit(&net, "  operated_by        jns_carrier\n  tls                [1.2, 1.3]\n  source_restriction true\n  description        \"検査結果", "  operated_by        jns_carrier\n  ike                true\n  source_restriction true\n  description        \"検査結果")?;
        let text = p.read(&net)?;
        p.write(&net, format!("{text}\n/// 検査センター回線の閉域網化までの猶予。\nwaiver 検査回線猶予 on lab_line {{\n  rule        MIG-NET-001\n  reason      \"閉域網の開通まで IPsec-VPN で接続する。\"\n  approved_by \"運用責任者\"\n  until       2027-03-31\n}}\n"))?;
        p.edit(&format!("{side}/risks.mig"), "  threat              std::threat::eavesdropping_spoofing\n  impact              4\n  likelihood          2", "  threat              std::threat::eavesdropping_spoofing\n  impact              4\n  likelihood          3")?;
    }
    let r = run(&mut check(&p.path().join("old"), &["--format", "json"]))?;
    assert_eq!(r.code, Some(0), "the old version checks clean: {}", r.transcript());
    assert_eq!(r.json()?["summary"]["waived"], 1);
    p.edit(
        "new/risks.mig",
        "  threat              std::threat::eavesdropping_spoofing\n  impact              4\n  likelihood          3",
        "  threat              std::threat::eavesdropping_spoofing\n  impact              5\n  likelihood          3",
    )?;
    p.edit("new/networks.mig", "until       2027-03-31", "until       2026-10-31")?;
    p.edit(
        "new/responsibility.mig",
        "  normal      [sakura_clinic, towa_system]\n  emergency   [sakura_clinic, towa_system]",
        "  normal      [sakura_clinic, towa_system]\n  emergency   [towa_system]",
    )?;
    let flows = p.read("new/flows.mig")?;
    p.write("new/flows.mig", format!("{flows}\n/// 医療事務が受付で紹介状を印刷する。\nflow 紹介状印刷 \"紹介状の印刷\" {{\n  phase   operation\n  who     医療事務\n  from    reception_pc\n  to      ijikaikei_app\n  carries [患者基本情報]\n  actions [view, print]\n  via     clinic_line\n  auth    [std::auth::password, std::auth::smartcard]\n}}\n"))?;
    Ok(p)
}

#[test]
fn diff_reports_a_raised_risk_an_expired_waiver_and_a_new_flow() -> TestResult {
    let p = two_versions()?;
    let r = run(&mut migc_diff(p.path(), &["old", "new", "--format", "markdown"]))?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    insta::assert_snapshot!("diff_markdown_ja", r.out());
    let r = run(&mut migc_diff(p.path(), &["old", "new", "--lang", "en"]))?;
    let out = r.out();
    assert!(out.contains("~ 受付会計_盗聴: B (4×3) → A (5×3)"), "{out}");
    assert!(out.contains("! 検査回線猶予 (expired: until 2026-10-31, judged at 2026-11-01)"), "{out}");
    assert!(out.contains("+ flow 紹介状印刷"), "{out}");
    assert!(
        out.contains("~ responsibility on std::duty::terminal_management: normal [sakura_clinic, towa_system]; emergency [sakura_clinic, towa_system] → normal [sakura_clinic, towa_system]; emergency [towa_system]"),
        "{out}"
    );
    let doc = run(&mut migc_diff(p.path(), &["old", "new", "--format", "json"]))?.json()?;
    let diff = &doc["diff"];
    let new_codes: Vec<&str> =
        diff["findings_new"].as_array().map(|a| a.iter().map(|f| str_of(f, "code")).collect()).unwrap_or_default();
    assert_eq!(new_codes, vec!["MIG-NET-001", "MIG-RISK-001"]);
    assert_eq!(diff["risks"][0]["name"], "受付会計_盗聴");
    assert_eq!(diff["waivers_expired"][0]["name"], "検査回線猶予");
    assert_eq!(diff["added"], serde_json::json!(["flow 紹介状印刷"]));
    // And back: the findings are resolved.
    let back = run(&mut migc_diff(p.path(), &["new", "old", "--format", "json"]))?.json()?;
    assert_eq!(back["diff"]["findings_resolved"].as_array().map(Vec::len), Some(2));
    Ok(())
}

#[test]
fn diff_reports_a_changed_treatment() -> TestResult {
    let p = two_versions()?;
    p.edit(
        "new/risks.mig",
        "std::threat::eavesdropping_spoofing\n  impact              5\n  likelihood          3\n  treatment           reduce",
        "std::threat::eavesdropping_spoofing\n  impact              5\n  likelihood          3\n  treatment           share",
    )?;
    let out = run(&mut migc_diff(p.path(), &["old", "new", "--lang", "en"]))?.out();
    assert!(out.contains("Risk treatments"), "{out}");
    assert!(out.contains("~ 受付会計_盗聴: reduce → share"), "{out}");
    let doc = run(&mut migc_diff(p.path(), &["old", "new", "--format", "json"]))?.json()?;
    assert_eq!(doc["diff"]["treatments"][0]["name"], "受付会計_盗聴");
    assert_eq!(doc["diff"]["treatments"][0]["new"], "share");
    Ok(())
}

#[test]
fn diff_of_a_moved_and_reformatted_project_is_empty() -> TestResult {
    let p = two_versions()?;
    // old/ against a copy of it with a declaration moved to another file and indentation changed.
    for entry in std::fs::read_dir(p.path().join("old"))? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let text = std::fs::read_to_string(&path)?;
        p.write(&format!("moved/{name}"), if name.ends_with(".mig") { text.replace("\n  ", "\n    ") } else { text })?;
    }
    let waiver = cut_decl(&p, "moved/networks.mig", "/// 検査センター回線の閉域網化までの猶予。")?;
    let flows = p.read("moved/flows.mig")?;
    p.write("moved/flows.mig", format!("{waiver}\n{flows}"))?;
    let r = run(&mut migc_diff(p.path(), &["old", "moved", "--lang", "en"]))?;
    assert_eq!((r.code, r.out()), (Some(0), "No changes.\n".to_string()), "{}", r.transcript());
    Ok(())
}

#[test]
fn sarif_with_a_baseline_marks_results_new_or_unchanged() -> TestResult {
    let p = ci_project()?;
    let r = run(&mut check(p.path(), &["--write-baseline", "b.json"]))?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    p.write("new.mig", "party r \"新しい組織\" { role vendor; country JP }\n")?;
    let r = run(&mut check(p.path(), &["--baseline", "b.json", "--format", "sarif"]))?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    let doc = r.json()?;
    assert_valid_sarif(&doc)?;
    let mut states: Vec<(String, String)> = doc["runs"][0]["results"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|r| {
            (
                str_of(&r["locations"][0]["physicalLocation"]["artifactLocation"], "uri").to_string(),
                str_of(r, "baselineState").to_string(),
            )
        })
        .collect();
    states.sort();
    let expected = [("m.mig", "unchanged"), ("new.mig", "new"), ("parties.mig", "unchanged")];
    assert_eq!(states, expected.map(|(a, b)| (a.to_string(), b.to_string())).to_vec());
    Ok(())
}

#[test]
fn diff_against_a_git_revision_compares_it_with_the_work_tree() -> TestResult {
    let p = two_versions()?;
    let git = |args: &[&str]| -> io::Result<std::process::Output> {
        Command::new("git")
            .current_dir(p.path())
            .args(["-c", "user.name=migc", "-c", "user.email=migc@example.invalid", "-c", "commit.gpgsign=false"])
            .args(args)
            .output()
    };
    // proj/ holds the old version in the commit and the new one in the work tree.
    for entry in std::fs::read_dir(p.path().join("old"))? {
        let path = entry?.path();
        p.write(
            &format!("old-copy/{}", path.file_name().and_then(|n| n.to_str()).unwrap_or_default()),
            std::fs::read(&path)?,
        )?;
    }
    std::fs::rename(p.path().join("old"), p.path().join("proj"))?;
    assert!(git(&["init", "-q"])?.status.success());
    assert!(git(&["add", "proj"])?.status.success());
    assert!(git(&["commit", "-q", "-m", "old"])?.status.success());
    for entry in std::fs::read_dir(p.path().join("new"))? {
        let path = entry?.path();
        std::fs::copy(&path, p.path().join("proj").join(path.file_name().unwrap_or_default()))?;
    }
    std::fs::rename(p.path().join("new"), p.path().join(".new"))?;
    let via_git = run(&mut migc_diff(p.path(), &["--git", "HEAD", "proj", "--format", "markdown"]))?;
    assert_eq!(via_git.code, Some(0), "{}", via_git.transcript());
    let direct = run(&mut migc_diff(p.path(), &["old-copy", ".new", "--format", "markdown"]))?;
    assert_eq!(direct.code, Some(0), "{}", direct.transcript());
    assert!(via_git.out().contains("受付会計_盗聴: B (4×3) → A (5×3)"), "{}", via_git.out());
    assert_eq!(via_git.out(), direct.out());
    // From inside the project, too; and a revision that does not exist is exit 2.
    let inside = run(&mut migc_diff(&p.path().join("proj"), &["--git", "HEAD", "--format", "markdown"]))?;
    assert_eq!(inside.out(), via_git.out());
    let r = run(&mut migc_diff(p.path(), &["--git", "no-such-rev", "proj"]))?;
    assert_eq!(r.code, Some(2), "{}", r.transcript());
    assert!(r.err().contains("cannot read revision no-such-rev: no such commit"), "{}", r.err());
    Ok(())
}

#[test]
fn the_first_screen_shows_errors_first_and_no_pages_of_one_rule() -> TestResult {
    // An unfilled `migc init` project: 44 places of one code.
    let p = Project::new()?;
    assert_eq!(run(&mut migc_init(p.path(), &["new"]))?.code, Some(0));
    let r = run(&mut check(p.path(), &["new", "--lang", "en"]))?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    let out = r.out();
    assert_eq!(out.matches("error[MIG3007]").count(), 3, "{out}");
    assert!(out.ends_with("… 41 more MIG3007 finding(s) (--all shows every finding)\n\n69 rules run: 44 error(s), 0 warning(s), 0 waived\n"), "{out}");
    let all = run(&mut check(p.path(), &["new", "--all"]))?.out();
    assert_eq!(all.matches("error[MIG3007]").count(), 44);
    // Errors before warnings and notes (small-clinic's note, after a new error).
    let q = Project::example("small-clinic")?;
    q.edit("mig.toml", "editions = [\"meti_mic_1_1\", \"mhlw_6_0\"]", "editions = [\"meti_mic_1_1\"]")?;
    let out = run(&mut check(q.path(), &["--lang", "en"]))?.out();
    assert!(out.find("error[MIG2018]") < out.find("note[MIG-RISK-005]"), "{out}");
    Ok(())
}
