//! Process plumbing: exit codes, signals, logging.

pub mod exit;
pub mod files;
pub mod logging;
pub mod signals;
