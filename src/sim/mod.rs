//! The pure core of the local simulator of the Oseh live server: no tokio,
//! no I/O, deterministic for a seed. The network server drives it.
//!
//! * [`crowd`]: seeded participants who arrive forever and publish events.
//! * [`journal`]: the server-side state every event passes through — the
//!   backend's session rules, the event log and the stats Fenwick trees.

pub mod crowd;
pub mod fenwick;
pub mod journal;
pub mod names;
pub mod rng;

pub use crowd::{Crowd, CrowdConfig, Planned};
pub use fenwick::Fenwick;
pub use journal::{Journal, RuleError, StatsError};
pub use rng::Rng;
