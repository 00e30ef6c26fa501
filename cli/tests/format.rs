//! The formatter (`migc::format`, `migc fmt`): the canonical layout, its refusals,
//! and the command's files and exit codes. Soundness and idempotence over the
//! examples, the standard library, the fixtures and generated inputs are checked by
//! `grammar.rs`.

#[path = "support/project.rs"]
mod project;

use migc::format::{FormatError, format_text};
use project::{Project, Run, run_for};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// The formatted text, or the refusal as text (which no expected layout equals).
fn formatted(text: &str) -> String {
    format_text(text).unwrap_or_else(|e| format!("<not formatted: {e:?}>"))
}

#[test]
fn the_canonical_layout() {
    let messy = r#"


// 先頭のコメント
import "a.mig"
import   "b.mig"
party   p1   "タイトル"{ role provider; country JP
contact "x"    // 連絡先



  description "d"
}
/// 説明
asset a on   p1
{ // 開き括弧の後
kind server
  stores [x,y ,  std::record::medical_record]
  return 返却 "返却" {within 30d
 data [
 a, // 一つ目
b
 ]
}
  empty_list []
  住所 "東京"
}
site s {}"#;
    // Values align one column after the widest key of a run (display width: 住所 is 4
    // columns); a blank line or a nested block ends a run. A list written over lines
    // keeps one element per line. Blank lines: at most one, and one between declarations.
    let expected = r#"// 先頭のコメント
import "a.mig"
import "b.mig"

party p1 "タイトル" {
  role    provider
  country JP
  contact "x"   // 連絡先

  description "d"
}

/// 説明
asset a on p1 {   // 開き括弧の後
  kind   server
  stores [x, y, std::record::medical_record]
  return 返却 "返却" {
    within 30d
    data [
      a,   // 一つ目
      b,
    ]
  }
  empty_list []
  住所       "東京"
}

site s {}
"#;
    let out = formatted(messy);
    assert_eq!(out, expected, "got:\n{out}");
    assert_eq!(formatted(&out), out, "idempotent");
}

#[test]
fn line_endings_and_a_bom_are_kept() {
    let crlf = "\u{feff}party p { role provider;country JP }\r\n// c\r\n";
    assert_eq!(formatted(crlf), "\u{feff}party p {\r\n  role    provider\r\n  country JP\r\n}\r\n\r\n// c\r\n");
    assert_eq!(formatted(""), "");
    assert_eq!(formatted("\n\n// only a comment"), "// only a comment\n");
}

#[test]
fn comments_in_awkward_places_are_kept_in_order() {
    // A comment between the header and a `{` on a later line goes after the `{`; a `///`
    // after code is that line's comment, not the next declaration's documentation.
    let text = "flow f // ヘッダ\n{ // 括弧\n  a 1\n} /// 後ろ\n/// 本当の説明\nsite s { x [1, // c\n 2] }\n";
    let out = formatted(text);
    assert_eq!(
        out,
        "flow f {   // ヘッダ\n  // 括弧\n  a 1\n}   /// 後ろ\n\n/// 本当の説明\nsite s {\n  x [\n    1,   // c\n    2,\n  ]\n}\n"
    );
    let (file, _) = migc::syntax::parse(migc::diag::FileId(0), out.as_str());
    let docs: Vec<Option<String>> = file.decls().map(|d| d.doc()).collect();
    assert_eq!(docs, [None, Some("本当の説明".to_string())]);
}

#[test]
fn a_text_with_syntax_errors_is_not_formatted() {
    assert_eq!(format_text("party p {\n  role = provider\n}\n"), Err(FormatError::SyntaxErrors(1)));
    assert_eq!(format_text("party p {\n"), Err(FormatError::SyntaxErrors(1)));
    // A bad escape is an error too: the string's value is in doubt.
    assert_eq!(format_text("party p { note \"\\q\" }"), Err(FormatError::SyntaxErrors(1)));
}

fn migc(args: &[&str], dir: &Path) -> std::io::Result<Run> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_migc"));
    cmd.args(args).current_dir(dir).env("MIGC_LANG", "en");
    run_for(&mut cmd, Duration::from_secs(60))
}

#[test]
fn fmt_check_lists_what_would_change_and_fmt_writes_it() -> std::io::Result<()> {
    let p = Project::new()?;
    p.write("a.mig", "party p {\n  role    provider\n  country JP\n}\n")?
        .write("sub/b.mig", "party q { role provider;country JP }\n")?
        .write("bad.mig", "party r {\n  role = provider\n}\n")?;
    let check = migc(&["fmt", "--check"], p.path())?;
    assert_eq!(check.code, Some(2), "{}", check.transcript());
    assert_eq!(check.out(), "would reformat: sub/b.mig\n");
    assert!(check.err().contains("bad.mig: not formatted: 1 syntax errors"), "{}", check.err());
    assert!(check.err().ends_with("1 files would be reformatted, 1 already formatted\n"), "{}", check.err());
    // --check changed nothing.
    assert_eq!(std::fs::read_to_string(p.path().join("sub/b.mig"))?, "party q { role provider;country JP }\n");

    let only_good = migc(&["fmt", "--check", "a.mig", "sub"], p.path())?;
    assert_eq!(only_good.code, Some(1), "{}", only_good.transcript());

    let write = migc(&["fmt", "sub", "a.mig"], p.path())?;
    assert_eq!(write.code, Some(0), "{}", write.transcript());
    assert_eq!(write.err(), "1 files reformatted, 1 unchanged\n");
    assert_eq!(
        std::fs::read_to_string(p.path().join("sub/b.mig"))?,
        "party q {\n  role    provider\n  country JP\n}\n"
    );
    // No temporary file is left behind; the broken file is untouched.
    let names: Vec<String> = std::fs::read_dir(p.path().join("sub"))?
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    assert_eq!(names, ["b.mig"]);
    assert_eq!(std::fs::read_to_string(p.path().join("bad.mig"))?, "party r {\n  role = provider\n}\n");

    let again = migc(&["fmt", "--check", "a.mig", "sub"], p.path())?;
    assert_eq!(again.code, Some(0), "{}", again.transcript());
    Ok(())
}

#[test]
fn fmt_refuses_special_files_and_missing_paths() -> std::io::Result<()> {
    let p = Project::new()?;
    p.write("a.mig", "party p { role provider }\n")?;
    let status = Command::new("mkfifo").arg(p.path().join("pipe.mig")).status()?;
    assert!(status.success());
    let run = migc(&["fmt", "."], p.path())?;
    assert_eq!(run.code, Some(2), "{}", run.transcript());
    assert!(!run.timed_out);
    assert!(run.err().contains("pipe.mig is not a regular file"), "{}", run.err());
    // The other file was still formatted.
    assert_eq!(std::fs::read_to_string(p.path().join("a.mig"))?, "party p {\n  role provider\n}\n");
    let missing = migc(&["fmt", "nowhere.mig"], p.path())?;
    assert_eq!(missing.code, Some(2), "{}", missing.transcript());
    Ok(())
}
#[test]
fn examples_and_the_standard_library_are_formatted() -> std::io::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let run = migc(&["fmt", "--check", "examples", "stdlib"], &root)?;
    assert_eq!(run.code, Some(0), "run `migc fmt examples stdlib`:\n{}", run.transcript());
    Ok(())
}
