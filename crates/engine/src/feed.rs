//! A bounded feed of recent notable events, newest first, for the screen.

use crate::key::KeyMap;
use std::collections::VecDeque;
use std::sync::Arc;

const FEED_LEN: usize = 64;

#[derive(Debug, Clone, PartialEq)]
pub enum FeedKind {
    Joined,
    Left,
    Liked,
    Rated(i64),
    /// Color or word answer: the option index.
    Chose(usize),
    Pressed,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FeedItem {
    pub time: f64,
    /// The poster's name when known (from their join), untrusted text.
    pub name: Option<std::sync::Arc<str>>,
    pub kind: FeedKind,
}

/// Most items are scrolled out by later ones before anyone reads them, so
/// an item's name is looked up only when it is read or about to change:
/// `pending` lists the items still waiting for theirs (by push number), and
/// the engine names them at the end of each advance and before it renames a
/// session. Looking a name up is a cache miss in a map of every session;
/// this saves it for all but the last [`FEED_LEN`].
#[derive(Debug, Clone, Default)]
pub struct Feed {
    items: VecDeque<FeedItem>,
    /// How many items were ever pushed: the newest is number `pushed - 1`.
    pushed: u64,
    /// (push number, session) of the items whose name is not looked up yet,
    /// oldest first; never more than the feed holds.
    pending: VecDeque<(u64, u64)>,
}

impl Feed {
    pub(crate) fn push(&mut self, item: FeedItem) {
        if self.items.len() == FEED_LEN {
            self.items.pop_back();
        }
        self.items.push_front(item);
        self.pushed += 1;
    }

    /// Pushes an item whose name is the one `session` has when it is named.
    pub(crate) fn push_unnamed(&mut self, time: f64, kind: FeedKind, session: u64) {
        self.push(FeedItem {
            time,
            name: None,
            kind,
        });
        if self.pending.len() == FEED_LEN {
            // The oldest waiting item has just been scrolled out.
            self.pending.pop_front();
        }
        self.pending.push_back((self.pushed - 1, session));
    }

    /// Names every waiting item from `names`.
    pub(crate) fn name_pending(&mut self, names: &KeyMap<Arc<str>>) {
        while let Some((number, session)) = self.pending.pop_front() {
            self.name_item(number, names.get(&session));
        }
    }

    /// Names the waiting items of `session` with `name`, the name it has
    /// now, before it changes.
    pub(crate) fn name_pending_of(&mut self, session: u64, name: Option<&Arc<str>>) {
        if self.pending.iter().all(|&(_, s)| s != session) {
            return;
        }
        let mut rest = VecDeque::with_capacity(self.pending.len());
        while let Some((number, s)) = self.pending.pop_front() {
            if s == session {
                self.name_item(number, name);
            } else {
                rest.push_back((number, s));
            }
        }
        self.pending = rest;
    }

    fn name_item(&mut self, number: u64, name: Option<&Arc<str>>) {
        // Item 0 is the newest; one scrolled out is simply skipped.
        let age = self.pushed - 1 - number;
        if let Some(item) = usize::try_from(age)
            .ok()
            .and_then(|i| self.items.get_mut(i))
        {
            item.name = name.map(Arc::clone);
        }
    }

    /// Newest first.
    pub fn iter(&self) -> impl Iterator<Item = &FeedItem> {
        self.items.iter()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}
