//! Many journeys followed at once. Each [`Slot`] owns one journey's clock,
//! engine, input channel, connection task (with its stats poller) and, with
//! `--record DIR`, its recorder. The overview and the headless printer only
//! [`Fleet::pump`] them: a non-blocking drain, so no journey waits on
//! another, and one that fails leaves the others alone.

use super::{Ended, LiveError, LiveSession};
use crate::clock::JourneyClock;
use crate::record::{EndReason, Recorder};
use futures_util::FutureExt;
use journeytop_engine::{Input, JourneyState, Stamped};
use std::path::{Path, PathBuf};
use tokio::task::JoinHandle;

/// Inputs taken from one journey per pump at most: a flooded journey
/// cannot starve the screen (the rest waits for the next pump).
const PUMP_BUDGET: usize = 20_000;

/// One followed journey.
pub struct Slot {
    pub session: LiveSession,
    pub clock: JourneyClock,
    pub engine: JourneyState,
    rx: crate::channel::InputReceiver,
    task: Option<JoinHandle<Result<Ended, LiveError>>>,
    /// How the connection task ended, once it has.
    pub result: Option<Result<Ended, LiveError>>,
    recorder: Option<Recorder>,
    /// Journey time of the last event batch that carried events.
    pub last_event: Option<f64>,
}

impl Slot {
    pub fn uid(&self) -> &str {
        &self.session.target.spec.uid
    }

    /// Takes what has arrived (up to the budget) and moves the engine to
    /// the journey's clock. True when the engine changed.
    pub fn pump(&mut self) -> bool {
        let before = self.engine.generation();
        for _ in 0..PUMP_BUDGET {
            match self.rx.try_recv() {
                Ok(s) => self.ingest(s),
                Err(_) => break,
            }
        }
        if let Some(task) = &mut self.task
            && let Some(joined) = task.now_or_never()
        {
            self.task = None;
            self.result = Some(
                joined.unwrap_or_else(|e| Err(LiveError::GaveUp(format!("internal error: {e}")))),
            );
            // What the task sent before it ended is in the channel already.
            while let Ok(s) = self.rx.try_recv() {
                self.ingest(s);
            }
        }
        self.engine.advance_to(self.clock.now());
        self.engine.generation() != before
    }

    fn ingest(&mut self, s: Stamped) {
        if let Input::Batch(b) = &s.input
            && !b.events.is_empty()
        {
            self.last_event = Some(s.at);
        }
        self.engine.ingest(s);
    }

    /// The connection task has ended (the journey is over or failed).
    pub fn is_done(&self) -> bool {
        self.result.is_some()
    }

    /// Stops the connection and finishes the recording.
    pub fn stop(&mut self, reason: EndReason) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
        if let Some(r) = self.recorder.take()
            && let Err(e) = r.finish(self.engine.now(), reason)
        {
            tracing::warn!(error = %e, uid = %self.uid(), "finishing the recording failed");
        }
    }
}

/// Every followed journey, in the order given.
pub struct Fleet {
    pub slots: Vec<Slot>,
}

impl Fleet {
    /// Starts every session: its own clock, connection, stats poller and
    /// (with `record_dir`) its recording `DIR/<uid>.jsonl`.
    pub fn start(
        sessions: Vec<LiveSession>,
        record_dir: Option<&Path>,
    ) -> Result<Fleet, LiveError> {
        if let Some(dir) = record_dir {
            std::fs::create_dir_all(dir).map_err(|e| {
                LiveError::input(format!(
                    "cannot create the recording folder {}: {e}",
                    journeytop_protocol::text::sanitize(&dir.display().to_string())
                ))
            })?;
        }
        let mut slots = Vec::with_capacity(sessions.len());
        for session in sessions {
            let clock = JourneyClock::new(session.start_at);
            let (tx, rx) = crate::channel::input_channel();
            let recorder = match record_dir {
                Some(dir) => {
                    Some(session.recorder(&recording_path(dir, &session.target.spec.uid))?)
                }
                None => None,
            };
            let rx = match &recorder {
                Some(r) => crate::record::tee(rx, r.clone()),
                None => rx,
            };
            let engine = session.engine();
            let task = session.start(&clock, tx, recorder.as_ref());
            slots.push(Slot {
                session,
                clock,
                engine,
                rx,
                task: Some(task),
                result: None,
                recorder,
                last_event: None,
            });
        }
        Ok(Fleet { slots })
    }

    /// Pumps every journey; true when any engine changed.
    pub fn pump(&mut self) -> bool {
        let mut changed = false;
        for slot in &mut self.slots {
            changed |= slot.pump();
        }
        changed
    }

    pub fn all_done(&self) -> bool {
        self.slots.iter().all(Slot::is_done)
    }

    /// Stops every journey and finishes every recording.
    pub fn stop(&mut self, reason: EndReason) {
        for slot in &mut self.slots {
            slot.stop(reason);
        }
    }
}

/// `DIR/<uid>.jsonl`, the uid reduced to characters safe in a file name.
pub fn recording_path(dir: &Path, uid: &str) -> PathBuf {
    let safe: String = uid
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    let name = if safe.is_empty() {
        "journey".to_string()
    } else {
        safe
    };
    dir.join(format!("{name}.jsonl"))
}

#[cfg(test)]
mod tests {
    use super::recording_path;
    use std::path::Path;

    #[test]
    fn recordings_are_named_by_uid_and_stay_in_the_folder() {
        assert_eq!(
            recording_path(Path::new("d"), "oseh_ip_abc"),
            Path::new("d/oseh_ip_abc.jsonl")
        );
        assert_eq!(
            recording_path(Path::new("d"), "../x/y"),
            Path::new("d/___x_y.jsonl")
        );
        assert_eq!(
            recording_path(Path::new("d"), ""),
            Path::new("d/journey.jsonl")
        );
    }
}
