//! Baselines: the findings of a day, recorded by fingerprint, so that a later
//! check fails only on findings that are not in it.

use super::Finding;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

pub const BASELINE_VERSION: u32 = 1;

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

/// One recorded finding: the fingerprint decides; the rest is for the reader.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub code: String,
    pub subject: String,
    pub fingerprint: String,
    pub message: String,
}

impl Baseline {
    /// Today's findings, sorted by rule, declaration and fingerprint (a stable,
    /// reviewable file).
    pub fn of(findings: &[Finding]) -> Baseline {
        let mut entries: Vec<Entry> = findings
            .iter()
            .map(|f| Entry {
                code: f.diag.code.clone(),
                subject: f.subject.clone(),
                fingerprint: f.fingerprint.clone(),
                message: f.diag.message.en.clone(),
            })
            .collect();
        entries.sort();
        entries.dedup();
        Baseline { version: BASELINE_VERSION, findings: entries }
    }

    pub fn to_json(&self) -> String {
        let mut out = serde_json::to_string_pretty(self).unwrap_or_default();
        out.push('\n');
        out
    }

    pub fn parse(text: &str) -> Result<Baseline, String> {
        let b: Baseline = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if b.version != BASELINE_VERSION {
            return Err(format!(
                "baseline version {} is not supported (this migc writes {BASELINE_VERSION})",
                b.version
            ));
        }
        Ok(b)
    }

    /// Split today's findings into known and new, and list the recorded ones that are gone.
    pub fn compare(&self, findings: &[Finding]) -> Comparison {
        let known: BTreeSet<&str> = self.findings.iter().map(|e| e.fingerprint.as_str()).collect();
        let today: BTreeSet<&str> = findings.iter().map(|f| f.fingerprint.as_str()).collect();
        let is_new: Vec<bool> = findings.iter().map(|f| !known.contains(f.fingerprint.as_str())).collect();
        let gone = self.findings.iter().filter(|e| !today.contains(e.fingerprint.as_str())).cloned().collect();
        Comparison { is_new, gone }
    }
}

/// The outcome of comparing a run with a baseline.
#[derive(Clone, Debug)]
pub struct Comparison {
    /// For each finding of the run: not in the baseline.
    pub is_new: Vec<bool>,
    /// Recorded findings that no longer occur.
    pub gone: Vec<Entry>,
}

impl Comparison {
    pub fn new_count(&self) -> usize {
        self.is_new.iter().filter(|n| **n).count()
    }
    pub fn known_count(&self) -> usize {
        self.is_new.len() - self.new_count()
    }
}
