//! Recording and replay (issue #6).
//!
//! `watch --record` / `demo --record` put a [`tee`] between the sources and
//! the consumer: every stamped input is written to a JSONL file before the
//! consumer sees it. `replay` reads the file back ([`reader`]) and plays it
//! on a virtual clock ([`Player`], which reads the file as it plays, or
//! `stream` for the summary and headless lines): the engine is
//! deterministic, so at every journey time a replay shows the numbers the
//! live run showed.

pub(crate) mod format;
pub mod generate;
pub mod player;
pub mod reader;
pub(crate) mod shared;
pub(crate) mod stream;
pub(crate) mod transport;
pub(crate) mod writer;

pub use format::{EndReason, Header};
pub use player::Player;
pub use reader::{Problem, ReadError, Recording};
pub use shared::SharedReplay;
pub use writer::{Recorder, tee};
