//! The pure core of the local simulator of the Oseh live server: no tokio,
//! no I/O, deterministic for a seed. The network server drives it.
//!
//! * [`crowd`]: seeded participants who arrive forever and publish events.
//! * [`journal`]: the server-side state every event passes through — the
//!   backend's session rules, the event log and the stats Fenwick trees.
//!
//! Around it, the network side (tokio + axum):
//!
//! * [`hub`]: the one event path (journal → fan-out) shared by every socket.
//! * [`ws`]: the live websocket, as the real server behaves.
//! * [`http`]: the stats endpoint and the event POST routes.
//! * [`server`]: the router, the crowd driver and the journey file.

pub mod crowd;
pub mod fenwick;
pub mod http;
pub mod hub;
pub mod journal;
pub mod jwt;
pub mod names;
pub mod rng;
pub mod server;
pub mod timings;
pub mod ws;

pub use crowd::{Crowd, CrowdConfig, Planned};
pub use fenwick::Fenwick;
pub use journal::{Journal, RuleError, StatsError};
pub use rng::Rng;
pub use timings::Timings;
