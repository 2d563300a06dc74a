//! Outputs that are not the dashboard: headless NDJSON lines (live and
//! replayed) and a recording's summary. Untrusted text they print goes
//! through the one sanitizer, like the screen's.

pub mod headless;
pub mod paced;
pub(crate) mod summary;
