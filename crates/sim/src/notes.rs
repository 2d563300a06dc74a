//! What the simulator tells an observer: each websocket's start and end
//! and each event POST's answer. The simulator never prints; whoever holds
//! a receiver (`SimHandle::notes`) decides what to show. Text in a note
//! came from a client and is untrusted: sanitize it before any sink.

use journeytop_protocol::Variant;
use tokio::sync::broadcast;

/// How many notes wait for a slow observer before the oldest are dropped
/// (an observer never slows the simulator down).
const NOTES_BUFFER: usize = 1024;
/// Client text kept in a note, in characters.
const MAX_TEXT: usize = 200;

/// One thing that happened on the simulator's port.
#[derive(Debug, Clone, PartialEq)]
pub enum SimNote {
    /// A websocket finished the handshake and streams.
    Connected {
        variant: Variant,
        uid: String,
        connection: u64,
    },
    /// A websocket ended.
    Closed {
        variant: Variant,
        /// The uid it asked for, once its authorize packet was read.
        uid: Option<String>,
        /// Its connection number, once it streamed.
        connection: Option<u64>,
        end: SocketEnd,
    },
    /// An event POST was answered.
    Posted {
        variant: Variant,
        uid: Option<String>,
        /// The event type, or the route as asked when it is not one.
        evtype: String,
        session: Option<String>,
        /// The HTTP status of the answer.
        status: u16,
    },
}

/// How a websocket ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SocketEnd {
    /// An error packet (422, 403, 404) during the handshake, then closed.
    Refused { code: u16 },
    /// The client went quiet or away during the handshake.
    Abandoned,
    /// The server closed it with a close frame.
    Closed { reason: &'static str },
    /// Dropped without a close frame.
    Dropped { reason: &'static str },
}

impl std::fmt::Display for SocketEnd {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SocketEnd::Refused { code } => write!(f, "refused {code}"),
            SocketEnd::Abandoned => f.write_str("abandoned during the handshake"),
            SocketEnd::Closed { reason } => write!(f, "closed: {reason}"),
            SocketEnd::Dropped { reason } => write!(f, "dropped: {reason}"),
        }
    }
}

/// The sending side, shared by every route.
#[derive(Debug)]
pub(crate) struct Notes {
    tx: broadcast::Sender<SimNote>,
}

impl Notes {
    pub(crate) fn new() -> Notes {
        Notes {
            tx: broadcast::channel(NOTES_BUFFER).0,
        }
    }

    pub(crate) fn subscribe(&self) -> broadcast::Receiver<SimNote> {
        self.tx.subscribe()
    }

    /// Whether anyone listens (so a route can skip work for nobody).
    pub(crate) fn observed(&self) -> bool {
        self.tx.receiver_count() > 0
    }

    pub(crate) fn send(&self, note: SimNote) {
        // Nobody listening is fine.
        let _ = self.tx.send(note);
    }
}

/// Client text cut to a size a note may hold (not sanitized: the sink does
/// that).
pub(crate) fn keep(s: &str) -> String {
    s.chars().take(MAX_TEXT).collect()
}
