//! A bounded feed of recent notable events, newest first, for the screen.

use std::collections::VecDeque;

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

#[derive(Debug, Clone, Default)]
pub struct Feed {
    items: VecDeque<FeedItem>,
}

impl Feed {
    pub(crate) fn push(&mut self, item: FeedItem) {
        if self.items.len() == FEED_LEN {
            self.items.pop_back();
        }
        self.items.push_front(item);
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
