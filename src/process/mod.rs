//! Process plumbing: exit codes, signals, logging.

pub mod exit;
pub(crate) mod files;
pub mod logging;
pub mod signals;
