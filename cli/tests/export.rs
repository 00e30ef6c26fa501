//! `migc export --format json|otm`: what a team that loads the export into its own
//! tables relies on. The documents validate against their schemas (migc's
//! `docs/export.schema.json`, the vendored OTM 0.2.0 schema) with Python's
//! `jsonschema`, the oracle `.ci/run` installs: without it these checks are skipped
//! with a message, unless `MIGC_REPORT_TESTS=require`, when they fail. The contents
//! are checked against the model's sources and against `migc report`'s CSV.

#[path = "support/report.rs"]
mod support;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::{
    EXAMPLES, Run, TestResult, chmod, csv_records, migc, migc_denied_writes, python_module, repo, run, with_example,
    with_model,
};

fn export(dir: &Path, args: &[&str]) -> std::io::Result<Run> {
    run(migc(dir).arg("export").args(args))
}

const VALIDATE: &str = r#"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1], encoding="utf-8"))
doc = json.load(open(sys.argv[2], encoding="utf-8"))
V = getattr(jsonschema, sys.argv[3])
V.check_schema(schema)
errors = list(V(schema, format_checker=V.FORMAT_CHECKER).iter_errors(doc))
for e in errors[:10]:
    print(list(e.absolute_path), e.message[:300])
sys.exit(1 if errors else 0)
"#;

/// The errors `jsonschema` finds in `doc` (empty: valid), with the validator class
/// named (`Draft202012Validator`, `Draft7Validator`) and format checking on.
fn schema_errors(schema: &Path, doc: &str, validator: &str) -> Result<String, Box<dyn std::error::Error>> {
    let tmp = tempfile::tempdir()?;
    let file = tmp.path().join("doc.json");
    std::fs::write(&file, doc)?;
    let out = Command::new("python3").args(["-c", VALIDATE]).arg(schema).arg(&file).arg(validator).output()?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    match out.status.code() {
        Some(0) => Ok(String::new()),
        Some(1) if !text.trim().is_empty() => Ok(text),
        _ => Err(format!("the validator failed: {text}").into()),
    }
}

fn export_schema() -> PathBuf {
    repo().join("docs/export.schema.json")
}

/// migc's own schema of the OTM 0.2.0 it writes (the official schema is not in the
/// repository: set `MIGC_OTM_SCHEMA` to a copy of it to validate against it as well).
fn otm_schema() -> PathBuf {
    repo().join("docs/otm.schema.json")
}

fn official_otm_schema() -> Option<PathBuf> {
    std::env::var_os("MIGC_OTM_SCHEMA").map(PathBuf::from)
}

fn array<'a>(v: &'a Value, key: &str) -> Vec<&'a Value> {
    v[key].as_array().map(|a| a.iter().collect()).unwrap_or_default()
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_default()
}

/// The declaration of this kind and name.
fn decl<'a>(doc: &'a Value, kind: &str, name: &str) -> Option<&'a Value> {
    array(doc, "declarations").into_iter().find(|d| str_of(d, "kind") == kind && str_of(d, "name") == name)
}

#[test]
fn every_example_validates_against_both_schemas() -> TestResult {
    if !python_module("jsonschema") {
        return Ok(());
    }
    for name in EXAMPLES {
        let tmp = with_example(name)?;
        let json = export(tmp.path(), &["proj", "--format", "json"])?;
        assert_eq!(json.code, Some(0), "{name}: {}", json.transcript());
        let errors = schema_errors(&export_schema(), &json.stdout, "Draft202012Validator")?;
        assert!(errors.is_empty(), "{name}: the JSON export does not validate:\n{errors}");
        let otm = export(tmp.path(), &["proj", "--format", "otm"])?;
        assert_eq!(otm.code, Some(0), "{name}: {}", otm.transcript());
        let errors = schema_errors(&otm_schema(), &otm.stdout, "Draft7Validator")?;
        assert!(errors.is_empty(), "{name}: the OTM export does not validate:\n{errors}");
        if let Some(official) = official_otm_schema() {
            let errors = schema_errors(&official, &otm.stdout, "Draft7Validator")?;
            assert!(errors.is_empty(), "{name}: the OTM export does not validate against {official:?}:\n{errors}");
        }
    }
    Ok(())
}

#[test]
fn broken_documents_are_rejected_by_the_schemas() -> TestResult {
    if !python_module("jsonschema") {
        return Ok(());
    }
    let tmp = with_example("small-clinic")?;
    let mut doc = export(tmp.path(), &["proj", "--format", "json"])?.json()?;
    // A field the schema does not know, and a value of the wrong type.
    doc["declarations"][0]["colour"] = Value::from("red");
    doc["summary"]["errors"] = Value::from("none");
    let errors = schema_errors(&export_schema(), &serde_json::to_string(&doc)?, "Draft202012Validator")?;
    assert!(errors.contains("colour") && errors.contains("'none' is not of type 'integer'"), "{errors}");
    // A value with two type tags, a rank the matrix does not have, a date that does not exist.
    let mut doc = export(tmp.path(), &["proj", "--format", "json"])?.json()?;
    doc["declarations"][0]["properties"][0]["value"] = serde_json::json!({"string": "a", "int": 1});
    doc["model"]["as_of"] = Value::from("2026-02-30");
    let errors = schema_errors(&export_schema(), &serde_json::to_string(&doc)?, "Draft202012Validator")?;
    assert!(errors.contains("'2026-02-30' is not a 'date'"), "{errors}");
    assert!(errors.contains("properties"), "{errors}");
    // OTM: a trust zone without its rating, a threat without impact.
    let mut otm = export(tmp.path(), &["proj", "--format", "otm"])?.json()?;
    otm["trustZones"][0]["risk"] = serde_json::json!({});
    otm["threats"][0]["risk"] = serde_json::json!({"likelihood": 20});
    let errors = schema_errors(&otm_schema(), &serde_json::to_string(&otm)?, "Draft7Validator")?;
    assert!(errors.contains("'trustRating' is a required property"), "{errors}");
    assert!(errors.contains("'impact' is a required property"), "{errors}");
    Ok(())
}

/// The top-level declarations of a directory's `.mig` files, counted by kind from
/// their text: a line that starts (unindented) with a kind's keyword.
fn declarations_in_sources(dir: &Path) -> Result<std::collections::BTreeMap<String, usize>, std::io::Error> {
    let kinds: Vec<&str> = migc::schema::KINDS.iter().map(|k| k.kind).collect();
    let mut counts = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_none_or(|e| e != "mig") {
            continue;
        }
        for line in std::fs::read_to_string(&path)?.lines() {
            let word = line.split(' ').next().unwrap_or_default();
            if line.contains(' ') && kinds.contains(&word) {
                *counts.entry(word.to_string()).or_insert(0) += 1;
            }
        }
    }
    Ok(counts)
}

#[test]
fn declarations_by_kind_are_those_of_the_sources() -> TestResult {
    for name in EXAMPLES {
        let tmp = with_example(name)?;
        let doc = export(tmp.path(), &["proj", "--format", "json"])?.json()?;
        let mut counts = std::collections::BTreeMap::new();
        for d in array(&doc, "declarations") {
            *counts.entry(str_of(d, "kind").to_string()).or_insert(0) += 1;
        }
        assert_eq!(counts, declarations_in_sources(&tmp.path().join("proj"))?, "{name}");
        // Every reference names a declaration of its kind, in the project or the standard library.
        let text = serde_json::to_string(&doc)?;
        assert!(!text.contains("\"name\":\"\""), "{name}: an unresolved reference");
    }
    Ok(())
}

#[test]
fn a_flow_has_its_routes_and_scope_and_a_log_its_legal_retention() -> TestResult {
    let tmp = with_example("public-cloud")?;
    let doc = export(tmp.path(), &["proj", "--format", "json"])?.json()?;
    let flow = decl(&doc, "flow", "画像転送").ok_or("no flow 画像転送")?;
    assert_eq!(
        flow["routes"],
        serde_json::json!([
            {"alternative": false, "label": null, "hops": ["院内LAN", "専用線"]},
            {"alternative": true, "label": "障害時", "hops": ["院内LAN", "予備VPN"]},
        ])
    );
    assert_eq!(flow["scope"], "provider");
    assert_eq!(flow["file"], "flows.mig");
    assert_eq!(flow["line"], 24);
    let from = array(flow, "properties").into_iter().find(|p| p["key"] == "from").ok_or("no from")?;
    assert_eq!(from["value"], serde_json::json!({"ref": {"name": "clinic_gateway", "kind": "asset"}}));
    let phase = array(flow, "properties").into_iter().find(|p| p["key"] == "phase").ok_or("no phase")?;
    assert_eq!(phase["value"], serde_json::json!({"enum": "operation"}));
    // 医用画像 are 保険診療の記録 (3 years); the access log is kept 6.
    let log = decl(&doc, "log", "アクセスログ").ok_or("no log")?;
    let need = &log["required_retention"];
    assert_eq!(need["period"]["text"], "3y");
    assert_eq!(need["record"], "std::record::insurance_care_records");
    assert_eq!(need["satisfied"], true);
    // The header.
    assert_eq!(doc["model"]["name"], "yotsuba_pacs");
    assert_eq!(doc["model"]["as_of"], "2026-11-01");
    assert_eq!(doc["migc_export"], "1.0");
    assert_eq!(doc["draft"], false);
    Ok(())
}

#[test]
fn risk_levels_and_ranks_are_those_of_the_report() -> TestResult {
    for name in EXAMPLES {
        let tmp = with_example(name)?;
        let doc = export(tmp.path(), &["proj", "--format", "json"])?.json()?;
        let r = run(migc(tmp.path()).args(["report", "proj", "--out", "out", "--format", "csv"]))?;
        assert_eq!(r.code, Some(0), "{}", r.transcript());
        let csv = csv_records(&std::fs::read_to_string(tmp.path().join("out/risk_assessment.csv"))?)?;
        let header = csv.first().ok_or("empty CSV")?;
        let col = |h: &str| header.iter().position(|c| c == h).ok_or(format!("no column {h}"));
        let (title, level, rank) = (col("リスク")?, col("リスクレベル")?, col("ランク")?);
        let risks: Vec<&Value> = array(&doc, "declarations").into_iter().filter(|d| d["kind"] == "risk").collect();
        assert_eq!(risks.len(), csv.len() - 1, "{name}: one row per risk");
        assert!(!risks.is_empty(), "{name}");
        for (risk, row) in risks.iter().zip(csv.iter().skip(1)) {
            let shown = risk["title"].as_str().or(risk["name"].as_str()).unwrap_or_default();
            assert_eq!(row[title], shown, "{name}");
            let inherent = &risk["risk"]["inherent"];
            let want_level = inherent["level"].as_u64().map(|n| n.to_string()).unwrap_or_default();
            assert_eq!(row[level], want_level, "{name}: {shown}");
            assert_eq!(row[rank], inherent["rank"].as_str().unwrap_or_default(), "{name}: {shown}");
        }
    }
    Ok(())
}

#[test]
fn waivers_in_force_and_the_findings_they_accepted() -> TestResult {
    let tmp = with_example("public-cloud")?;
    let doc = export(tmp.path(), &["proj", "--format", "json"])?.json()?;
    let waivers = array(&doc, "waivers_in_force");
    assert_eq!(waivers.len(), 1, "{waivers:?}");
    let w = waivers[0];
    assert_eq!(w["name"], "W_NET_001_運用VPN");
    assert_eq!(w["rule"], "MIG-NET-001");
    assert_eq!(w["until"], "2027-10-31");
    assert_eq!(w["file"], "waivers.mig");
    assert_eq!(w["findings_waived"], 1);
    assert_eq!(doc["summary"]["waived"], 1);
    assert!(array(&doc, "findings").iter().all(|f| f["rule"] != "MIG-NET-001"), "the waived finding is not listed");
    // After the waiver's end it is no longer in force.
    let doc = export(tmp.path(), &["proj", "--format", "json", "--as-of", "2027-11-01"])?.json()?;
    assert!(array(&doc, "waivers_in_force").is_empty());
    assert_eq!(doc["model"]["as_of"], "2027-11-01");
    Ok(())
}

#[test]
fn a_model_with_errors_exports_nothing_unless_draft() -> TestResult {
    let tmp = with_example("failing")?;
    let r = export(tmp.path(), &["proj", "--format", "json", "--output", "model.json"])?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    assert!(r.stdout.is_empty(), "{}", r.transcript());
    assert!(r.stderr.contains("error[MIG-"), "{}", r.transcript());
    assert!(r.stderr.contains("--draft"), "{}", r.transcript());
    assert!(!tmp.path().join("model.json").exists());
    let r = export(tmp.path(), &["proj", "--format", "otm"])?;
    assert_eq!(r.code, Some(1), "{}", r.transcript());
    assert!(r.stdout.is_empty(), "{}", r.transcript());

    let r = export(tmp.path(), &["proj", "--format", "json", "--draft", "--lang", "en"])?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    let doc = r.json()?;
    assert_eq!(doc["draft"], true);
    assert_eq!(doc["lang"], "en");
    let findings = array(&doc, "findings");
    let errors = findings.iter().filter(|f| f["severity"] == "error").count();
    assert_eq!(doc["summary"]["errors"], errors);
    assert!(errors > 0);
    // The same findings as `migc check --format json --lang en` reports: rule, severity,
    // place, subject, message in English and fingerprint.
    let check = run(migc(&tmp.path().join("proj")).args(["check", ".", "--format", "json", "--lang", "en"]))?.json()?;
    let key = |d: &Value, rule: &str| {
        format!(
            "{} {} {}:{} {} | {} | {}",
            str_of(d, rule),
            str_of(d, "severity"),
            str_of(d, "file"),
            d["line"],
            str_of(d, "subject"),
            str_of(d, "message"),
            str_of(d, "fingerprint")
        )
    };
    let mut from_check: Vec<String> = array(&check, "diagnostics").iter().map(|d| key(d, "code")).collect();
    let mut from_export: Vec<String> = findings.iter().map(|f| key(f, "rule")).collect();
    from_check.sort();
    from_export.sort();
    assert_eq!(from_export, from_check);
    if python_module("jsonschema") {
        let errors = schema_errors(&export_schema(), &r.stdout, "Draft202012Validator")?;
        assert!(errors.is_empty(), "{errors}");
    }
    let otm = export(tmp.path(), &["proj", "--format", "otm", "--draft"])?.json()?;
    assert_eq!(otm["project"]["attributes"]["draft"], "true");
    Ok(())
}

#[test]
fn bad_flags_exit_2() -> TestResult {
    let tmp = with_example("small-clinic")?;
    for args in [&["proj", "--format", "yaml"][..], &["proj"], &["proj", "--format", "json", "--as-of", "2026-02-30"]] {
        let r = export(tmp.path(), args)?;
        assert_eq!(r.code, Some(2), "{args:?}: {}", r.transcript());
        assert!(r.stdout.is_empty(), "{}", r.transcript());
    }
    Ok(())
}

#[test]
fn two_runs_are_byte_identical_wherever_migc_runs() -> TestResult {
    let tmp = with_example("cloud-ehr")?;
    for format in ["json", "otm"] {
        let a = export(tmp.path(), &["proj", "--format", format])?;
        let b = export(&tmp.path().join("proj"), &["--format", format])?;
        assert_eq!(a.code, Some(0), "{}", a.transcript());
        assert_eq!(a.stdout, b.stdout, "{format}: the same bytes from another directory");
        let out = tmp.path().join(format!("out.{format}"));
        let c = export(tmp.path(), &["proj", "--format", format, "--output", &out.to_string_lossy()])?;
        assert_eq!(c.code, Some(0), "{}", c.transcript());
        assert!(c.stdout.is_empty());
        assert_eq!(std::fs::read_to_string(&out)?, a.stdout, "{format}: --output writes what stdout shows");
    }
    Ok(())
}

#[test]
fn otm_links_resolve_and_follow_the_model() -> TestResult {
    let tmp = with_example("public-cloud")?;
    let otm = export(tmp.path(), &["proj", "--format", "otm"])?.json()?;
    let doc = export(tmp.path(), &["proj", "--format", "json"])?.json()?;
    assert_eq!(otm["otmVersion"], "0.2.0");
    assert_eq!(otm["project"]["id"], "yotsuba_pacs");
    let ids = |key: &str| -> Vec<String> { array(&otm, key).iter().map(|v| str_of(v, "id").to_string()).collect() };
    let (zones, components, threats, mitigations) =
        (ids("trustZones"), ids("components"), ids("threats"), ids("mitigations"));
    let mut all: Vec<&String> = zones.iter().chain(&components).chain(&threats).chain(&mitigations).collect();
    let n = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), n, "ids are unique");
    for z in array(&otm, "trustZones") {
        if let Some(p) = z["parent"]["trustZone"].as_str() {
            assert!(zones.iter().any(|x| x == p), "{z}");
        }
    }
    for c in array(&otm, "components") {
        match (c["parent"]["trustZone"].as_str(), c["parent"]["component"].as_str()) {
            (Some(z), None) => assert!(zones.iter().any(|x| x == z), "{c}"),
            (None, Some(p)) => assert!(components.iter().any(|x| x == p), "{c}"),
            _ => return Err(format!("a parent of one kind: {c}").into()),
        }
    }
    let links = array(&otm, "components").into_iter().chain(array(&otm, "dataflows")).flat_map(|x| array(x, "threats"));
    for l in links {
        assert!(threats.iter().any(|t| l["threat"] == t.as_str()), "{l}");
        for m in array(l, "mitigations") {
            assert!(mitigations.iter().any(|x| m["mitigation"] == x.as_str()), "{m}");
        }
    }
    // One component per asset, one dataflow per flow, one threat per evaluated risk.
    let count = |kind: &str| array(&doc, "declarations").iter().filter(|d| d["kind"] == kind).count();
    assert_eq!(components.len(), count("asset"));
    assert_eq!(array(&otm, "dataflows").len(), count("flow"));
    let evaluated =
        array(&doc, "declarations").iter().filter(|d| d["kind"] == "risk" && !d["risk"]["inherent"].is_null()).count();
    assert_eq!(threats.len(), evaluated);
    // A known flow and its risk: 画像転送 from the clinic's gateway to the PACS, the
    // ransomware risk on it at impact 5 × likelihood 3 (rank A) → 100 and 60.
    let flow = array(&otm, "dataflows").into_iter().find(|f| f["id"] == "flow:画像転送").ok_or("no dataflow")?;
    assert_eq!(flow["source"], "asset:clinic_gateway");
    assert_eq!(flow["destination"], "asset:pacs_app");
    let threat = array(&otm, "threats").into_iter().find(|t| t["id"] == "risk:画像転送_ランサム").ok_or("no threat")?;
    assert_eq!(threat["risk"], serde_json::json!({"likelihood": 60, "impact": 100}));
    assert_eq!(threat["attributes"]["rank"], "A");
    assert!(
        array(flow, "threats").iter().any(|l| l["threat"] == "risk:画像転送_ランサム" && l["state"] == "mitigated")
    );
    // Sites are trust zones rated by their scope.
    let provider = array(&otm, "trustZones").into_iter().find(|z| z["id"] == "scope:provider").ok_or("no zone")?;
    assert_eq!(provider["risk"]["trustRating"], 100);
    Ok(())
}

/// A read-only directory for `--output`: exit 2, the previous file as it was, no
/// temporary file left. As root permissions deny nothing, so migc runs as `nobody`
/// through setpriv(1) when it can; else the test says it was skipped.
#[test]
fn output_into_a_read_only_directory_exits_2_and_keeps_the_old_file() -> TestResult {
    let tmp = with_example("small-clinic")?;
    let out = tmp.path().join("out");
    std::fs::create_dir(&out)?;
    std::fs::write(out.join("model.json"), "previous")?;
    chmod(tmp.path(), 0o777)?;
    chmod(&tmp.path().join("proj"), 0o755)?;
    chmod(&out, 0o555)?;
    let result = match migc_denied_writes(tmp.path(), &out) {
        None => Ok(()),
        Some(mut cmd) => (|| -> TestResult {
            let r = run(cmd.args(["export", "proj", "--format", "json", "--output", "out/model.json"]))?;
            assert_eq!(r.code, Some(2), "{}", r.transcript());
            assert!(r.stderr.contains("cannot write out/model.json"), "{}", r.transcript());
            assert_eq!(std::fs::read_to_string(out.join("model.json"))?, "previous");
            let left: Vec<_> = std::fs::read_dir(&out)?.filter_map(|e| e.ok()).map(|e| e.file_name()).collect();
            assert_eq!(left, ["model.json"], "no temporary file left");
            Ok(())
        })(),
    };
    chmod(&out, 0o755)?;
    result
}

const INJECTION: &str = r#"model m "<script>alert(1)</script>" {
  form     application
  provider p
  as_of    2026-11-01
}

party p "=HYPERLINK(\"http://x\",\"y\")" {
  role    provider
  country JP
}

party clinic "a | b `code` \\ end\n\"quoted\"" {
  role    institution
  country JP
}

responsibility on std::duty::backup {
  normal    [p]
  emergency [clinic]
}
"#;

/// User text comes back exactly as written from both formats (JSON escaping only).
#[test]
fn user_text_round_trips_exactly() -> TestResult {
    let tmp = with_model(INJECTION)?;
    let r = export(tmp.path(), &["proj", "--format", "json", "--draft"])?;
    assert_eq!(r.code, Some(0), "{}", r.transcript());
    let doc = r.json()?;
    assert_eq!(doc["model"]["title"], "<script>alert(1)</script>");
    assert_eq!(decl(&doc, "party", "p").ok_or("no p")?["title"], r#"=HYPERLINK("http://x","y")"#);
    assert_eq!(decl(&doc, "party", "clinic").ok_or("no clinic")?["title"], "a | b `code` \\ end\n\"quoted\"");
    let responsibility = array(&doc, "declarations").into_iter().find(|d| d["kind"] == "responsibility");
    let responsibility = responsibility.ok_or("no responsibility")?;
    assert_eq!(responsibility["name"], Value::Null);
    assert_eq!(responsibility["id"], "responsibility on std::duty::backup");
    assert_eq!(responsibility["target"], serde_json::json!({"ref": {"name": "std::duty::backup", "kind": "duty"}}));
    if python_module("jsonschema") {
        let errors = schema_errors(&export_schema(), &r.stdout, "Draft202012Validator")?;
        assert!(errors.is_empty(), "{errors}");
    }
    let otm = export(tmp.path(), &["proj", "--format", "otm", "--draft"])?.json()?;
    assert_eq!(otm["project"]["name"], "<script>alert(1)</script>");
    Ok(())
}
