//! `StatsResponse::fit_to`: whatever a stats body holds, after fitting it
//! to the prompt only what the prompt can hold is left — numeric keys that
//! are ratings in its range, option lists no longer than its options, no
//! field of another style — the count of what was dropped is honest, and a
//! second fit drops nothing. First byte: the prompt (style and range); the
//! rest: the JSON body. The same properties, on fixed inputs:
//! tests/fuzz_regressions.rs.
#![no_main]

#[path = "../properties/stats_fit.rs"]
mod property;

libfuzzer_sys::fuzz_target!(|data: &[u8]| property::holds(data));
