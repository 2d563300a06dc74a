//! Bytes → packets → engine → screen. The input is split into frames at
//! newlines; the first byte of each frame picks how far the clock moves
//! before it. A frame that is not a packet but is a stats response loads the
//! totals scope. Never a panic (counts are u64 and overflow-checked here, so
//! a count going below zero panics), the snapshots always serialize, and
//! the dashboard draws the result at a size picked by the first byte.
#![no_main]

#[path = "../properties/engine.rs"]
mod property;

libfuzzer_sys::fuzz_target!(|data: &[u8]| property::holds(data));
