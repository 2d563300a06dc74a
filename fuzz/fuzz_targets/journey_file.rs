//! Journey-file and prompt parsing: any text gives a value or an error,
//! never a panic; what parses writes back out and parses again; and every
//! prompt that parses — alone or inside a journey file — holds the
//! validator's limits (PROTOCOL.md §9). The same properties, on fixed
//! inputs: tests/fuzz_regressions.rs.
#![no_main]

#[path = "../properties/journey_file.rs"]
mod property;

libfuzzer_sys::fuzz_target!(|data: &[u8]| property::holds(data));
