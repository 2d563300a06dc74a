//! A scan read on a thread of its own: lines read and decoded there, and
//! each event batch made ready for the fold there too (its uids and
//! sessions keyed, its names cut, the strings the engine never keeps
//! dropped), the items sent to the folding thread in bounded chunks, each
//! with where the line after it starts (a player's checkpoints keep that
//! offset). The fold is the busier of the two threads: what can be done
//! without the engine's state is done here.

use super::{Item, Position, ReadError, Scan};
use journeytop_engine::{Input, JourneyState, Link, ReadyBatch, Stamped};
use journeytop_protocol::Variant;
use std::io::BufRead;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

/// Items travel between the threads in chunks of about this many events:
/// small enough that what is in flight stays a few MiB, as the allocator
/// keeps what one thread frees of another's for a while.
const CHUNK_EVENTS: usize = 4096;
const CHUNK_ITEMS: usize = 256;
/// Chunks in flight: bounds the memory between the threads.
const CHUNKS_IN_FLIGHT: usize = 4;

/// An input as the reading thread sends it: a batch made ready, or any
/// other input as it was read.
pub(crate) enum Taken {
    Batch { at: f64, batch: ReadyBatch },
    Other(Stamped),
}

impl Taken {
    fn new(s: Stamped) -> Taken {
        match s.input {
            Input::Batch(b) => Taken::Batch {
                at: s.at,
                batch: ReadyBatch::new(b),
            },
            input => Taken::Other(Stamped { at: s.at, input }),
        }
    }

    /// The journey time it was received at.
    pub(crate) fn at(&self) -> f64 {
        match self {
            Taken::Batch { at, .. } => *at,
            Taken::Other(s) => s.at,
        }
    }

    /// The events of a batch (0 for anything else).
    pub(crate) fn events(&self) -> usize {
        match self {
            Taken::Batch { batch, .. } => batch.events(),
            Taken::Other(_) => 0,
        }
    }

    /// The variant a batch's first event uid names.
    pub(crate) fn variant(&self) -> Option<Variant> {
        match self {
            Taken::Batch { batch, .. } => super::variant_of_uid(batch.first_uid()?),
            Taken::Other(_) => None,
        }
    }

    /// The link change it is, if it is one.
    pub(crate) fn link(&self) -> Option<&Link> {
        match self {
            Taken::Other(Stamped {
                input: Input::Link(l),
                ..
            }) => Some(l),
            _ => None,
        }
    }

    /// Takes it into `engine`: what `engine.ingest` does with the input as
    /// it was read.
    pub(crate) fn ingest_into(self, engine: &mut JourneyState) {
        match self {
            Taken::Batch { at, batch } => engine.ingest_ready(at, batch),
            Taken::Other(s) => engine.ingest(s),
        }
    }
}

/// An item, and where the line after it starts.
pub(crate) type Placed = (Item<Taken>, Position);
pub(crate) type Chunk = Result<Vec<Placed>, ReadError>;

/// The channel between the reading thread ([`send`]) and the folding one.
pub(crate) fn channel() -> (SyncSender<Chunk>, Receiver<Chunk>) {
    sync_channel(CHUNKS_IN_FLIGHT)
}

/// Reads `scan` to its end (or to an error, sent last), sending its items
/// in chunks; returns early when the receiver is gone.
pub(crate) fn send<R: BufRead>(mut scan: Scan<R>, tx: &SyncSender<Chunk>) {
    let mut chunk = Vec::with_capacity(CHUNK_ITEMS);
    let mut events = 0;
    loop {
        match scan.next_item() {
            Ok(Some(item)) => {
                // A batch made ready drops who posted each event and their
                // icon here, on this thread, with the uid and session
                // strings, rather than on the fold's.
                let item = item.map_input(Taken::new);
                if let Item::Input(taken, _) = &item {
                    events += taken.events();
                }
                chunk.push((item, scan.position()));
                if chunk.len() >= CHUNK_ITEMS || events >= CHUNK_EVENTS {
                    events = 0;
                    let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK_ITEMS));
                    if tx.send(Ok(full)).is_err() {
                        return;
                    }
                }
            }
            Ok(None) => {
                let _ = tx.send(Ok(chunk));
                return;
            }
            Err(e) => {
                let _ = tx.send(Ok(chunk));
                let _ = tx.send(Err(e));
                return;
            }
        }
    }
}

/// Reads `scan` on a thread of its own, sending items in chunks.
pub(crate) fn spawn<R: BufRead + Send + 'static>(scan: Scan<R>) -> Receiver<Chunk> {
    let (tx, rx) = channel();
    std::thread::spawn(move || send(scan, &tx));
    rx
}
