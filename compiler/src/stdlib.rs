//! The standard library, embedded in the binary. `stdlib/<module>.mig`
//! declares `std::<module>::<name>`.

pub const MODULES: &[(&str, &str)] = &[
    ("edition", include_str!("../../stdlib/edition.mig")),
    ("threat", include_str!("../../stdlib/threat.mig")),
    ("record", include_str!("../../stdlib/record.mig")),
    ("auth", include_str!("../../stdlib/auth.mig")),
    ("duty", include_str!("../../stdlib/duty.mig")),
    ("matrix", include_str!("../../stdlib/matrix.mig")),
];

/// The text of a module of the standard library (`"threat"`).
pub fn source(module: &str) -> Option<&'static str> {
    MODULES.iter().find(|(m, _)| *m == module).map(|(_, text)| *text)
}
