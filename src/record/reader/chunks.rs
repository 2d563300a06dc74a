//! A scan read on a thread of its own: lines read and decoded there, the
//! items sent to the folding thread in bounded chunks, each with where the
//! line after it starts (a player's checkpoints keep that offset).

use super::{Item, Position, ReadError, Scan};
use journeytop_engine::{Input, Stamped};
use std::io::BufRead;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

/// Items travel between the threads in chunks of about this many events:
/// small enough that what is in flight stays a few MiB, as the allocator
/// keeps what one thread frees of another's for a while.
const CHUNK_EVENTS: usize = 4096;
const CHUNK_ITEMS: usize = 256;
/// Chunks in flight: bounds the memory between the threads.
const CHUNKS_IN_FLIGHT: usize = 4;

/// An item, and where the line after it starts.
pub(crate) type Placed = (Item, Position);
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
            Ok(Some(mut item)) => {
                if let Item::Input(
                    Stamped {
                        input: Input::Batch(b),
                        ..
                    },
                    _,
                ) = &mut item
                {
                    events += b.events.len();
                    // A fold never reads who posted or their icon (the
                    // engine drops both). The one-pass reader skips them;
                    // a line read the long way has them, freed here, on
                    // this thread, not on the fold's.
                    for ev in &mut b.events {
                        ev.user_sub = None;
                        ev.icon = None;
                    }
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
