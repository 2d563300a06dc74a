//! The journey engine: pure, synchronous, deterministic, no tokio.
//!
//! Sources hand it [`Input`]s stamped with the journey clock; it dedupes
//! events, holds them in a release heap until the clock reaches them, and
//! folds them into the numbers the Oseh backend computes (PROTOCOL.md §4).
//! Same inputs in, same state out — so replays and tests need no terminal
//! and no socket.
//!
//! Where things live:
//! * `input` — what sources send: [`Input`], [`Stamped`], [`Link`];
//! * `from_packet` — the one mapping from a server frame to an [`Input`];
//! * `validate` — whether one event may count (pure, no side effects);
//! * `ready` — a batch made ready for the fold (keys, bounded names),
//!   which a reader can do on its own thread;
//! * `state` — [`JourneyState`] and the fold that changes it;
//! * `read` — its read-only accessors and [`Snapshot`]s of both scopes;
//! * the parts it is built from: `dedupe`, `reorder` (the release heap),
//!   `tally` (the §4 counting rules), [`timeline`], [`feed`], `style`, `key`;
//! * `sessions` — the per-session maps taken out of a state and the
//!   changes between two copies of them (a replay's checkpoints);
//! * `shares` — whole percents that sum to 100 (largest remainder).

mod config;
mod dedupe;
pub mod feed;
mod from_packet;
mod input;
mod key;
mod rate;
mod read;
mod ready;
mod reorder;
mod sessions;
mod shares;
mod snapshot;
mod state;
mod style;
mod tally;
pub mod timeline;
mod validate;

pub use config::{EngineConfig, Limits};
pub use dedupe::DedupeWindow;
pub use input::{Connection, Input, Link, PacketCounts, Stamped};
pub use rate::RateGuard;
pub use ready::ReadyBatch;
pub use sessions::{SessionChanges, Sessions};
pub use shares::shares;
pub use snapshot::{EventCounts, Snapshot};
pub use state::{JourneyState, LimitCounts, NAME_BYTES, NAME_CELLS, Totals};
pub use style::StyleInfo;
pub use tally::Tally;
