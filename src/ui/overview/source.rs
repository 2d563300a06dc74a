//! What the overview follows: live journeys (the command layer's fleet of
//! connections implements this) or recordings side by side on one clock
//! ([`SharedReplay`], here). The loop asks only this trait, so both get the
//! same table, keys and dashboards.

use super::Row;
use crate::record::SharedReplay;
use crate::ui::app::{Meta, Mode, StatsPlan};
use crate::ui::keys::PlayerAction;
use crate::ui::view::{Phase, Playback, View};
use std::time::Duration;

/// Where a shared replay stands, for the overview's title and footer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Clock {
    pub(crate) position: f64,
    pub(crate) playback: Playback,
}

pub(crate) trait Journeys {
    fn count(&self) -> usize;
    /// Brings every journey up to now (`elapsed` wall time since the last
    /// pump); true when anything on screen may have changed.
    fn pump(&mut self, elapsed: Duration) -> bool;
    fn row(&mut self, i: usize) -> Option<Row>;
    fn view(&mut self, i: usize, meta: &Meta) -> Option<View>;
    fn meta(&self, i: usize, mode: Mode) -> Meta;
    /// `r` on a journey's dashboard (live only).
    fn reset_live(&mut self, i: usize);
    /// A replay key: moves the shared clock (live journeys have none).
    fn play(&mut self, action: PlayerAction);
    /// The shared replay clock, when there is one.
    fn replay_clock(&self) -> Option<Clock>;
}

impl Journeys for SharedReplay {
    fn count(&self) -> usize {
        self.len()
    }

    fn pump(&mut self, elapsed: Duration) -> bool {
        self.tick(elapsed)
    }

    fn row(&mut self, i: usize) -> Option<Row> {
        let p = self.player(i)?;
        let uid = p.header().uid.clone();
        let last = {
            p.sync();
            p.last_event_at()
        };
        Some(Row::build(i, &uid, p.state(), last))
    }

    fn view(&mut self, i: usize, meta: &Meta) -> Option<View> {
        let c = self.clock();
        let playback = Playback {
            speed: c.speed(),
            paused: c.paused(),
            end: c.end(),
            start: c.start(),
        };
        let p = self.player(i)?;
        let mut view = View::build(p.state(), meta);
        view.playback = Some(playback);
        // Each recording ends on its own summary.
        if p.at_end() {
            view.phase = Phase::Ended;
        }
        view.stopped = p.stopped().map(|why| why.what.clone());
        Some(view)
    }

    fn meta(&self, i: usize, mode: Mode) -> Meta {
        let (variant, uid) = self.header(i);
        Meta {
            variant,
            uid,
            mode,
            source: self.source(i).to_string(),
            stats: StatsPlan::Recording,
        }
    }

    fn reset_live(&mut self, _i: usize) {}

    fn play(&mut self, action: PlayerAction) {
        crate::ui::replay_loop::play(self.clock_mut(), action);
    }

    fn replay_clock(&self) -> Option<Clock> {
        let c = self.clock();
        Some(Clock {
            position: c.position(),
            playback: Playback {
                speed: c.speed(),
                paused: c.paused(),
                end: c.end(),
                start: c.start(),
            },
        })
    }
}
