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
//! * [`notes`]: what happened on the port, for an observer to show.
//! * `listen`: the accept loop (connection cap, header deadline).

// Public: what the app, the tests and the benches use.
pub mod hub;
pub mod hubs;
pub mod jwt;
pub mod notes;
pub mod server;
pub mod timings;

mod crowd;
mod fenwick;
mod http;
mod journal;
mod listen;
mod names;
mod rng;
pub mod tickets;
mod ws;

pub use crowd::{Crowd, CrowdConfig, Planned};
pub use journal::{Journal, RuleError, StatsError};
pub use notes::{SimNote, SocketEnd};
pub use timings::Timings;
