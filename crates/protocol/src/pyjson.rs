//! JSON as the real server's Python writes it.
//!
//! The journeys-era server (pydantic v1 `.json()`) puts a space after `,` and
//! `:`; the interactive-era server (pydantic v2) writes compact JSON. Clients
//! must accept both; the simulator writes whichever its variant's server wrote.

use serde::Serialize;
use serde_json::ser::Formatter;
use std::io;

/// A serde_json formatter that writes `", "` and `": "` like Python's json.
#[derive(Default)]
pub(crate) struct SpacedFormatter;

impl Formatter for SpacedFormatter {
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first { Ok(()) } else { w.write_all(b", ") }
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first { Ok(()) } else { w.write_all(b", ") }
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }
}

/// Serializes `value` with Python's spaced separators.
pub(crate) fn to_spaced_string<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::with_capacity(128);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, SpacedFormatter);
    if value.serialize(&mut ser).is_err() {
        return String::from("null");
    }
    // serde_json only writes valid UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn spaced_matches_python() {
        let v = serde_json::json!({"success": true, "type": "x", "data": {"events": [1, 2]}});
        assert_eq!(
            super::to_spaced_string(&v),
            r#"{"success": true, "type": "x", "data": {"events": [1, 2]}}"#
        );
    }
}
