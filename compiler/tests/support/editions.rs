//! For the tests that compare a model under MHLW 6.0 and 7.0 (`check.rs`, `failing.rs`).

use migc::workspace::{SourceText, Workspace};

/// Retarget a loaded workspace from MHLW 6.0 to 7.0: every `std::edition::mhlw_6_0`
/// in its files and `mhlw_6_0` in its mig.toml (which must agree with the model).
pub fn retarget_to_7_0(ws: &mut Workspace) {
    let texts: Vec<(std::path::PathBuf, String)> = ws
        .files()
        .filter_map(|(p, s)| match s {
            SourceText::Text(t) => Some((p.clone(), t.replace("std::edition::mhlw_6_0", "std::edition::mhlw_7_0"))),
            SourceText::Invalid { .. } => None,
        })
        .collect();
    for (p, t) in texts {
        ws.set_text(p, t);
    }
    for e in ws.config.project.editions.iter_mut().filter(|e| e.as_str() == "mhlw_6_0") {
        *e = "mhlw_7_0".to_string();
    }
}
