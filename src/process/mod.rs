//! Process plumbing: exit codes, signals, logging, the async runtime.

pub mod exit;
pub(crate) mod files;
pub mod logging;
pub mod runtime;
pub mod signals;
