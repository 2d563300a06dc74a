//! Several simulated journeys on one port: each has its own [`Hub`] (crowd,
//! journal, fan-out); requests find theirs by uid.

use super::hub::Hub;
use super::notes::{Notes, SimNote};
use std::sync::Arc;

/// The journeys one simulator serves, in the order they were configured.
#[derive(Debug)]
pub struct Hubs {
    list: Vec<Arc<Hub>>,
    /// The public prompts, by identifier.
    public: Vec<(String, Arc<Hub>)>,
    /// The interactive prompt of each `journeys`-variant journey, by the
    /// journey's uid.
    companions: Vec<(String, Arc<Hub>)>,
    /// What happened on the port, for an observer.
    notes: Notes,
}

impl Hubs {
    /// `list` must not be empty (the server starts at least one journey).
    pub(crate) fn new(
        list: Vec<Arc<Hub>>,
        public: Vec<(String, Arc<Hub>)>,
        companions: Vec<(String, Arc<Hub>)>,
    ) -> Hubs {
        Hubs {
            list,
            public,
            companions,
            notes: Notes::new(),
        }
    }

    /// A receiver of every note from now on.
    pub fn notes(&self) -> tokio::sync::broadcast::Receiver<SimNote> {
        self.notes.subscribe()
    }

    pub(crate) fn note(&self, note: SimNote) {
        self.notes.send(note);
    }

    /// Whether anyone receives notes.
    pub(crate) fn observed(&self) -> bool {
        self.notes.observed()
    }

    /// Every hub: the journeys, the public prompts and the companions.
    pub(crate) fn every(&self) -> impl Iterator<Item = &Arc<Hub>> {
        self.list
            .iter()
            .chain(self.public.iter().map(|(_, h)| h))
            .chain(self.companions.iter().map(|(_, h)| h))
    }

    /// The public prompt with this identifier.
    pub fn public(&self, identifier: &str) -> Option<&Arc<Hub>> {
        self.public
            .iter()
            .find(|(id, _)| id == identifier)
            .map(|(_, h)| h)
    }

    /// The interactive prompt of the journey with this uid.
    pub fn companion(&self, journey_uid: &str) -> Option<&Arc<Hub>> {
        self.companions
            .iter()
            .find(|(uid, _)| uid == journey_uid)
            .map(|(_, h)| h)
    }

    /// The server's timings and limits (the first journey's).
    pub(crate) fn timings(&self) -> super::timings::Timings {
        self.list[0].timings
    }

    /// Every journey, in order.
    pub fn all(&self) -> &[Arc<Hub>] {
        &self.list
    }

    /// The journey with this uid, or the first one — whose own uid check
    /// then answers 404 as the single-journey server does.
    pub(crate) fn pick(&self, uid: &str) -> &Arc<Hub> {
        self.every().find(|h| h.uid == uid).unwrap_or(&self.list[0])
    }

    /// The journey with this uid, if any.
    pub fn find(&self, uid: &str) -> Option<&Arc<Hub>> {
        self.every().find(|h| h.uid == uid)
    }
}
