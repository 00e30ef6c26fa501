//! `docs/language.md` (from the schema) and `docs/rules.md` (from the rule
//! registry) are generated; these tests keep the committed files current. Regenerate with `MIGC_UPDATE_DOCS=1 cargo test -p migc --test docs`.

use std::path::Path;

fn check_current(name: &str, generated: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs").join(name);
    if std::env::var_os("MIGC_UPDATE_DOCS").is_some() {
        let written = std::fs::write(&path, generated);
        assert!(written.is_ok(), "cannot write {}: {written:?}", path.display());
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/{name} is out of date; run `MIGC_UPDATE_DOCS=1 cargo test -p migc --test docs`"
    );
}

#[test]
fn language_reference_is_current() {
    check_current("language.md", &migc::reference::language_reference());
}

#[test]
fn rules_reference_is_current() {
    check_current("rules.md", &migc::reference::rules_reference());
}
