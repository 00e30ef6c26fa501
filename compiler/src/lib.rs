//! migc: the `.mig` language and its checker.
//!
//! Pipeline: [`workspace`] (file texts) → [`syntax`] (tree + syntax diagnostics)
//! → [`analysis`] (symbols, schema checks, resolved [`model`]) → [`render`].
//! The CLI and the language server both call [`analysis::analyze`].

pub mod analysis;
pub mod codes;
pub mod diag;
pub mod diagram;
pub mod emit;
pub mod export;
pub mod format;
pub mod ide;
pub mod init;
pub mod model;
pub mod reference;
pub mod render;
pub mod report;
pub mod rules;
pub mod schema;
pub mod stdlib;
pub mod syntax;
pub mod workspace;

pub use analysis::{Analysis, analyze};
