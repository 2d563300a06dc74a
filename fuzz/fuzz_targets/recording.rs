//! Recording parsing: any bytes give a recording (with its problems listed
//! by line) or a clear refusal, never a panic; whatever parses plays — every
//! seek and the final summary line — and its snapshot serializes.
#![no_main]

#[path = "../properties/recording.rs"]
mod property;

libfuzzer_sys::fuzz_target!(|data: &[u8]| property::holds(data));
