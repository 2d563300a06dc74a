//! The per-session maps of a [`JourneyState`] — the names and each
//! session's latest answer — taken out and put back, and the changes
//! between two copies of them. At 150,000 sessions these maps are nearly
//! all of the state's memory, and between two moments a few seconds apart
//! only a few of their entries change: a replay's checkpoints keep them in
//! full now and then and otherwise as the [`SessionChanges`] since the
//! previous checkpoint, so many checkpoints cost little more than one.
//!
//! Nothing here changes what the fold computes: the maps are the same
//! keys and values however they were rebuilt, and the fold only looks
//! them up (it never walks them).

use crate::JourneyState;
use crate::dedupe::{Dedupe, DedupeWindow};
use crate::key::KeyMap;
use std::sync::Arc;

/// The per-session maps of one state, out of it (see
/// [`JourneyState::take_sessions`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sessions {
    names: KeyMap<Arc<str>>,
    numeric: KeyMap<i64>,
    color: KeyMap<usize>,
    word: KeyMap<usize>,
}

/// What changed in one map: keys set (added or with a new value) and keys gone.
#[derive(Debug, Clone)]
struct Changes<V> {
    set: Vec<(u64, V)>,
    gone: Vec<u64>,
}

/// What turns one [`Sessions`] into a later one.
#[derive(Debug, Clone)]
pub struct SessionChanges {
    names: Changes<Arc<str>>,
    numeric: Changes<i64>,
    color: Changes<usize>,
    word: Changes<usize>,
}

impl JourneyState {
    /// Takes the per-session maps out, leaving them empty: a clone of the
    /// rest is then small. The state must get them back
    /// ([`put_sessions`](Self::put_sessions)) before it folds or is read.
    pub fn take_sessions(&mut self) -> Sessions {
        Sessions {
            names: std::mem::take(&mut self.names),
            numeric: std::mem::take(&mut self.live.last_numeric),
            color: std::mem::take(&mut self.live.last_color),
            word: std::mem::take(&mut self.live.last_word),
        }
    }

    /// Puts per-session maps in, replacing the ones held.
    pub fn put_sessions(&mut self, sessions: Sessions) {
        self.names = sessions.names;
        self.live.last_numeric = sessions.numeric;
        self.live.last_color = sessions.color;
        self.live.last_word = sessions.word;
    }

    /// Takes the uids remembered for dedupe out as plain lists, leaving
    /// none: the other large part of a state (a rate × horizon of uids) in
    /// half its bytes. The state must get them back
    /// ([`put_dedupe`](Self::put_dedupe)) before it folds.
    pub fn take_dedupe(&mut self) -> DedupeWindow {
        std::mem::take(&mut self.dedupe).window()
    }

    /// Remembers the uids of `window` for dedupe, replacing those held.
    pub fn put_dedupe(&mut self, window: &DedupeWindow) {
        self.dedupe = Dedupe::from_window(window);
    }
}

/// About the bytes a map's table takes (keys, values, control bytes).
fn table_bytes<V>(m: &KeyMap<V>) -> usize {
    m.capacity() * (size_of::<(u64, V)>() + 1)
}

impl Sessions {
    /// Entries in all the maps.
    pub fn len(&self) -> usize {
        self.names.len() + self.numeric.len() + self.color.len() + self.word.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// About the bytes this copy takes (the names' text is shared between
    /// copies, not counted).
    pub fn bytes(&self) -> usize {
        table_bytes(&self.names)
            + table_bytes(&self.numeric)
            + table_bytes(&self.color)
            + table_bytes(&self.word)
    }

    /// What turns `earlier` into `self`.
    pub fn changes_since(&self, earlier: &Sessions) -> SessionChanges {
        SessionChanges {
            names: changes(&earlier.names, &self.names),
            numeric: changes(&earlier.numeric, &self.numeric),
            color: changes(&earlier.color, &self.color),
            word: changes(&earlier.word, &self.word),
        }
    }

    /// Makes the copy that `changes` were taken from ([`changes_since`]
    /// (Self::changes_since)'s `earlier`) equal to the later one.
    pub fn apply(&mut self, changes: &SessionChanges) {
        apply(&mut self.names, &changes.names);
        apply(&mut self.numeric, &changes.numeric);
        apply(&mut self.color, &changes.color);
        apply(&mut self.word, &changes.word);
    }
}

impl SessionChanges {
    /// Entries set or gone, in all the maps.
    pub fn len(&self) -> usize {
        [
            self.names.len(),
            self.numeric.len(),
            self.color.len(),
            self.word.len(),
        ]
        .iter()
        .sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// About the bytes these changes take.
    pub fn bytes(&self) -> usize {
        self.names.bytes() + self.numeric.bytes() + self.color.bytes() + self.word.bytes()
    }
}

impl<V> Changes<V> {
    fn len(&self) -> usize {
        self.set.len() + self.gone.len()
    }

    fn bytes(&self) -> usize {
        self.set.capacity() * size_of::<(u64, V)>() + self.gone.capacity() * size_of::<u64>()
    }
}

fn changes<V: Clone + PartialEq>(earlier: &KeyMap<V>, later: &KeyMap<V>) -> Changes<V> {
    let mut set = Vec::new();
    let mut kept = 0usize;
    for (k, v) in later {
        match earlier.get(k) {
            Some(old) => {
                kept += 1;
                if old != v {
                    set.push((*k, v.clone()));
                }
            }
            None => set.push((*k, v.clone())),
        }
    }
    // Every key of `earlier` still in `later`: none is gone, no need to look.
    let gone = if kept == earlier.len() {
        Vec::new()
    } else {
        earlier
            .keys()
            .filter(|k| !later.contains_key(k))
            .copied()
            .collect()
    };
    set.shrink_to_fit();
    Changes { set, gone }
}

fn apply<V: Clone>(map: &mut KeyMap<V>, changes: &Changes<V>) {
    for k in &changes.gone {
        map.remove(k);
    }
    map.extend(changes.set.iter().cloned());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EngineConfig, Input, Stamped};
    use journeytop_protocol::{Event, EventBatch, EventData, Prompt, Style};

    fn event(uid: &str, session: &str, time: f64, data: EventData) -> Event {
        Event {
            uid: uid.into(),
            user_sub: None,
            session_uid: Some(session.into()),
            time,
            icon: None,
            data,
        }
    }

    fn batch(at: f64, events: Vec<Event>) -> Stamped {
        Stamped {
            at,
            input: Input::Batch(EventBatch {
                events,
                malformed: Vec::new(),
            }),
        }
    }

    #[test]
    fn changes_rebuild_the_later_maps_and_the_state_folds_on_the_same() {
        let mut s = JourneyState::new(
            Some(Prompt::default_for(Style::Numeric)),
            Some(60.0),
            EngineConfig::default(),
        );
        let join = |u: &str, who: &str, t| {
            event(
                u,
                who,
                t,
                EventData::Join {
                    name: Some(format!("{who}'s name")),
                },
            )
        };
        let rate = |u: &str, who: &str, t, rating| event(u, who, t, EventData::Numeric { rating });
        s.ingest(batch(
            1.0,
            vec![
                join("e1", "a", 1.0),
                join("e2", "b", 1.0),
                rate("e3", "a", 1.0, 3),
            ],
        ));
        let early = s.take_sessions();
        s.put_sessions(early.clone());
        s.ingest(batch(
            2.0,
            vec![
                join("e4", "c", 2.0),
                rate("e5", "a", 2.0, 5),
                rate("e6", "b", 2.0, 2),
            ],
        ));
        let late = s.take_sessions();
        let changes = late.changes_since(&early);
        // c's name, a's new rating, b's first one.
        assert_eq!(changes.len(), 3);
        assert!(late.changes_since(&late).is_empty());
        let mut rebuilt = early.clone();
        rebuilt.apply(&changes);
        assert_eq!(rebuilt, late);
        // Going back removes what was added.
        let back = early.changes_since(&late);
        let mut again = late.clone();
        again.apply(&back);
        assert_eq!(again, early);
        assert!(late.bytes() > 0 && changes.bytes() > 0);
        // A state given the rebuilt maps folds on exactly like the original.
        let mut a = s.clone();
        a.put_sessions(rebuilt);
        s.put_sessions(late);
        let more = batch(3.0, vec![rate("e7", "c", 3.0, 4), rate("e8", "a", 3.0, 1)]);
        a.ingest(more.clone());
        s.ingest(more);
        assert_eq!(a.snapshot(), s.snapshot());
        assert_eq!(a.take_sessions(), s.take_sessions());
    }
}
