//! The sanitizer lives in the protocol crate (one sanitizer for every
//! sink); this path stays for the screen code, tests and fuzz targets.

pub use journeytop_protocol::text::*;
