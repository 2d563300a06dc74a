//! A batch made ready for the fold: what taking an event in needs of it
//! that depends on the event alone — its uid's key, its session's key, its
//! name cut and cleaned — worked out before the fold, so that a reader on
//! another thread (a replay's) can do it while the fold folds. The strings
//! the engine never keeps (uid, session, poster, icon) are dropped here; a
//! batch keeps its uids' text once, side by side, for the notes that name
//! a rejected event.
//!
//! The live path makes its batches ready the same way, on the fold's own
//! thread: [`JourneyState`](crate::JourneyState) takes in every batch
//! through this type, so both paths count alike by construction.

use crate::key::key64;
use crate::reorder::Held;
use journeytop_protocol::{Event, EventBatch, EventData};

/// uids are 1–255 characters (§2.2): a longer session uid is cut to this
/// before it becomes a key (an event's own uid is keyed whole).
const UID_BYTES: usize = 255;

/// An [`EventBatch`] made ready for [`JourneyState::ingest_ready`](crate::JourneyState::ingest_ready).
#[derive(Debug, Clone, Default)]
pub struct ReadyBatch {
    pub(crate) events: Vec<ReadyEvent>,
    /// Every event's uid, one after another.
    pub(crate) uids: String,
    pub(crate) malformed: Vec<String>,
}

/// One event as the fold takes it in.
#[derive(Debug, Clone)]
pub(crate) struct ReadyEvent {
    /// The uid's key (what dedupe remembers).
    pub(crate) key: u64,
    /// Where its uid ends in the batch's `uids` (it starts where the one
    /// before ends).
    pub(crate) uid_end: usize,
    pub(crate) held: Held,
}

impl ReadyBatch {
    pub fn new(batch: EventBatch) -> ReadyBatch {
        let EventBatch { events, malformed } = batch;
        let mut uids = String::with_capacity(events.iter().map(|e| e.uid.len()).sum());
        let events = events
            .into_iter()
            .map(|ev| {
                let key = key64(&ev.uid);
                uids.push_str(&ev.uid);
                ReadyEvent {
                    key,
                    uid_end: uids.len(),
                    held: take_in(ev),
                }
            })
            .collect();
        ReadyBatch {
            events,
            uids,
            malformed,
        }
    }

    /// The events of the batch (what `EventBatch::events.len()` was).
    pub fn events(&self) -> usize {
        self.events.len()
    }

    /// The uid of the first event, if any (which variant a file is).
    pub fn first_uid(&self) -> Option<&str> {
        let end = self.events.first()?.uid_end;
        self.uids.get(..end)
    }
}

/// Keeps only what the engine uses of an event it holds, bounded: the name
/// sanitized and cut, the session as its key (of the uid cut to 255 bytes);
/// the uid (keyed apart), user and icon are dropped.
fn take_in(ev: Event) -> Held {
    let Event {
        session_uid,
        time,
        mut data,
        ..
    } = ev;
    if let EventData::Join { name } | EventData::Leave { name } = &mut data
        && let Some(n) = name
    {
        *n = journeytop_protocol::text::bounded(n, crate::NAME_CELLS, crate::NAME_BYTES);
    }
    Held {
        time,
        session: session_uid
            .as_deref()
            .map(|s| key64(cut_bytes(s, UID_BYTES))),
        data,
    }
}

/// The longest start of `s` of at most `max` bytes that ends on a
/// character boundary.
fn cut_bytes(s: &str, max: usize) -> &str {
    let mut end = max.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}
