//! The AFL++ fuzz target: input bytes → a workspace of up to three files (cut at
//! `\n---\n`: `a.mig`, `b.mig`, `c.mig`) → `analyze` → every renderer → the
//! invariants of `compiler/tests/support/fuzz_invariants.rs`. A broken invariant
//! panics, which AFL records as a crash. See docs/fuzzing.md.
//!
//! `MIGC_FUZZ_SLOW_MS` sets the time budget for inputs under 10 KB (default 100;
//! 0 turns the check off).

#[path = "../../../compiler/tests/support/fuzz_invariants.rs"]
mod invariants;

#[expect(clippy::panic, reason = "a broken invariant must crash the target for AFL to see it")]
fn main() {
    let budget = invariants::budget_from_env(invariants::DEFAULT_BUDGET);
    afl::fuzz!(|data: &[u8]| {
        if let Err(e) = invariants::check_input(data, budget) {
            panic!("fuzz invariant broken: {e}");
        }
    });
}
