//! The untrusted-text sanitizer (`journeytop_protocol::text`, the one every
//! sink uses): its output never holds ESC, any Cc control (C0, DEL, C1), a
//! bidi control, a Cf format character or a default-ignorable code point;
//! it is idempotent; `clean` / `cut` never exceed the width they were given;
//! `bounded` and `for_log` keep their cell and byte limits. The same
//! properties, on fixed inputs: tests/fuzz_regressions.rs.
#![no_main]

#[path = "../properties/sanitize.rs"]
mod property;

libfuzzer_sys::fuzz_target!(|data: &[u8]| property::holds(data));
