//! migc: the `.mig` language and its checker.
//!
//! Pipeline: [`workspace`] (file texts) → [`syntax`] (tree + syntax diagnostics)
//! → [`analysis`] (symbols, schema checks, resolved model) → rendering ([`render`]).
//! The CLI and the language server both call [`analysis::analyze`].

pub mod diag;
pub mod schema;
pub mod syntax;
