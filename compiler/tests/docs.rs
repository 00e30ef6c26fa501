//! `docs/language.md` is generated from the schema; this test keeps the committed
//! file current. Regenerate with `MIGC_UPDATE_DOCS=1 cargo test -p migc --test docs`.

use std::path::Path;

#[test]
fn language_reference_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/language.md");
    let generated = migc::reference::language_reference();
    if std::env::var_os("MIGC_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/language.md is out of date; run `MIGC_UPDATE_DOCS=1 cargo test -p migc --test docs`"
    );
}
