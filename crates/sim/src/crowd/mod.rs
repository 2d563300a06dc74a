//! The seeded crowd: simulated participants of one journey (PROTOCOL.md §1,
//! §4 end, §7).
//!
//! Time-dilated model: people arrive continuously in wall time (Poisson
//! with gentle waves, forever); each one's own clock starts at 0 as it joins,
//! so an event at its journey time τ is published at wall time
//! `arrival + τ` and carries `time = τ`. A participant's whole script is
//! drawn at its arrival from its own seeded stream, so the output depends
//! only on the seed and config, never on how `advance` is sliced.

mod answers;

use answers::likes;

use super::names;
use super::rng::{Rng, mix};
use journeytop_protocol::{Event, EventData, Icon, Jwt, Prompt, Variant};
use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

#[derive(Debug, Clone, PartialEq)]
pub struct CrowdConfig {
    pub prompt: Prompt,
    pub variant: Variant,
    /// The prompt's duration, seconds.
    pub duration: f64,
    /// Arrivals per prompt duration.
    pub crowd: u32,
    pub seed: u64,
}

/// One event and the wall time (seconds since the simulator started) at
/// which it is published.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub publish_at: f64,
    pub event: Event,
}

/// Share of participants who leave before the end (closed tab).
pub(crate) const EARLY_LEAVE_SHARE: f64 = 0.10;
/// Share of participants with a profile picture.
pub(crate) const ICON_SHARE: f64 = 0.5;
/// The real clients allow a numeric change at most once a second.
pub(crate) const MIN_CHANGE_GAP_MS: i64 = 1000;
/// Press holds last 0.5–4 s.
pub(crate) const HOLD_MS: (i64, i64) = (500, 4000);

#[derive(Debug)]
struct Queued {
    at: f64,
    seq: u64,
    idx: u32,
    event: Event,
}

impl Queued {
    fn key(&self) -> (f64, u64, u32) {
        (self.at, self.seq, self.idx)
    }
}

impl PartialEq for Queued {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Queued {}
impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Queued {
    fn cmp(&self, other: &Self) -> Ordering {
        let (a, b) = (self.key(), other.key());
        a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2))
    }
}

#[derive(Debug)]
pub struct Crowd {
    cfg: CrowdConfig,
    arrivals: Rng,
    /// Mean arrivals per second; 0 means nobody ever comes.
    base_rate: f64,
    /// Phases of the two waves on the arrival rate.
    phases: (f64, f64),
    next_arrival: f64,
    next_seq: u64,
    /// Per-run popularity of each color / word option.
    popularity: Vec<f64>,
    queue: BinaryHeap<Reverse<Queued>>,
    active: usize,
}

/// Peak of the wave factor `1 + 0.3·sin + 0.15·sin` (for thinning).
const WAVE_MAX: f64 = 1.45;

impl Crowd {
    pub fn new(cfg: CrowdConfig) -> Crowd {
        let base_rate = if cfg.duration > 0.0 && cfg.duration.is_finite() {
            f64::from(cfg.crowd) / cfg.duration
        } else {
            0.0
        };
        let mut setup = Rng::new(mix(cfg.seed, 0x5E70_0001));
        let tau = std::f64::consts::TAU;
        let phases = (setup.range(0.0, tau), setup.range(0.0, tau));
        let options = match &cfg.prompt {
            Prompt::Color { colors, .. } => colors.len(),
            Prompt::Word { options, .. } => options.len(),
            _ => 0,
        };
        let mut popularity: Vec<f64> = (0..options)
            .map(|_| {
                let u = setup.next_f64();
                0.2 + u * u
            })
            .collect();
        if let Some(fav) = popularity.get_mut(setup.below(options as u64) as usize) {
            *fav *= 2.5;
        }
        let mut crowd = Crowd {
            arrivals: Rng::new(mix(cfg.seed, 0xA771_0002)),
            base_rate,
            phases,
            next_arrival: f64::INFINITY,
            next_seq: 0,
            popularity,
            queue: BinaryHeap::new(),
            active: 0,
            cfg,
        };
        crowd.next_arrival = crowd.draw_arrival(0.0);
        crowd
    }

    pub fn config(&self) -> &CrowdConfig {
        &self.cfg
    }

    /// Participants who have joined (or are about to) and not yet left.
    pub fn active(&self) -> usize {
        self.active
    }

    /// Participants spawned so far.
    pub fn arrived(&self) -> u64 {
        self.next_seq
    }

    /// The wall time of the next event `advance` would return, if any.
    pub fn next_due(&self) -> Option<f64> {
        let queued = self.queue.peek().map(|Reverse(q)| q.at);
        let next = match queued {
            Some(q) => q.min(self.next_arrival),
            None => self.next_arrival,
        };
        next.is_finite().then_some(next)
    }

    /// Every event due up to wall time `until`, in publish order, each
    /// exactly once across calls. A non-finite `until` spawns nobody (the
    /// crowd never ends, so "everything" has no end); +∞ still drains the
    /// events already planned.
    pub fn advance(&mut self, until: f64) -> Vec<Planned> {
        while until.is_finite() && self.next_arrival <= until {
            let at = self.next_arrival;
            self.spawn(at);
            self.next_arrival = self.draw_arrival(at);
        }
        let mut out = Vec::new();
        while self.queue.peek().is_some_and(|Reverse(q)| q.at <= until) {
            let Some(Reverse(q)) = self.queue.pop() else {
                break;
            };
            if matches!(q.event.data, EventData::Leave { .. }) {
                self.active = self.active.saturating_sub(1);
            }
            out.push(Planned {
                publish_at: q.at,
                event: q.event,
            });
        }
        out
    }

    fn rate_at(&self, t: f64) -> f64 {
        let tau = std::f64::consts::TAU;
        let wave = 1.0
            + 0.3 * (tau * t / 47.0 + self.phases.0).sin()
            + 0.15 * (tau * t / 13.0 + self.phases.1).sin();
        self.base_rate * wave
    }

    /// The next arrival after `t`: a Poisson process thinned to the wave.
    fn draw_arrival(&mut self, mut t: f64) -> f64 {
        let max = self.base_rate * WAVE_MAX;
        if max <= 0.0 || !max.is_finite() {
            return f64::INFINITY;
        }
        loop {
            t += self.arrivals.exponential(max);
            if !t.is_finite() {
                return f64::INFINITY;
            }
            if self.arrivals.next_f64() * max < self.rate_at(t) {
                return t;
            }
        }
    }

    /// Draws one participant's whole script and queues it.
    fn spawn(&mut self, arrival: f64) {
        let seq = self.next_seq;
        self.next_seq += 1;
        let mut rng = Rng::new(mix(self.cfg.seed, seq.wrapping_add(1)));
        let variant = self.cfg.variant;
        let user_sub = rng.uid("oseh_u_");
        let session_uid = rng.uid(variant.session_uid_prefix());
        let name = names::pick(&mut rng).to_string();
        let icon = rng.bool(ICON_SHARE).then(|| Icon {
            uid: rng.uid("oseh_if_"),
            // The server mints the image JWT when it sends the event.
            jwt: Jwt::new(""),
        });
        let duration = self.cfg.duration.max(0.0);
        let dur_ms = (duration * 1000.0).floor() as i64;
        let early = rng.bool(EARLY_LEAVE_SHARE);
        // Everything but the leave happens strictly before this (ms).
        let bound = if early {
            rng.range_i64(dur_ms / 20, dur_ms.saturating_mul(19) / 20)
        } else {
            dur_ms
        };
        let leave_time = if early {
            bound as f64 / 1000.0
        } else {
            duration
        };

        let mut script: Vec<(i64, EventData)> = Vec::new();
        self.answers(&mut rng, bound, early, &mut script);
        likes(&mut rng, bound, &mut script);
        // Stable: same-ms events of different types keep their draw order.
        script.sort_by_key(|(ms, _)| *ms);

        let prefix = variant.event_uid_prefix();
        let mut push = |idx: u32, time: f64, data: EventData, rng: &mut Rng| {
            let event = Event {
                uid: rng.uid(prefix),
                user_sub: Some(user_sub.clone()),
                session_uid: Some(session_uid.clone()),
                time,
                icon: icon.clone().map(Box::new),
                data,
            };
            self.queue.push(Reverse(Queued {
                at: arrival + time,
                seq,
                idx,
                event,
            }));
        };
        push(
            0,
            0.0,
            EventData::Join {
                name: Some(name.clone()),
            },
            &mut rng,
        );
        let mut idx = 1;
        for (ms, data) in script {
            push(idx, ms as f64 / 1000.0, data, &mut rng);
            idx += 1;
        }
        push(
            idx,
            leave_time,
            EventData::Leave { name: Some(name) },
            &mut rng,
        );
        self.active += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use journeytop_protocol::Style;

    fn cfg(style: Style, seed: u64) -> CrowdConfig {
        CrowdConfig {
            prompt: Prompt::default_for(style),
            variant: Variant::InteractivePrompts,
            duration: 20.0,
            crowd: 40,
            seed,
        }
    }

    #[test]
    fn arrivals_match_the_configured_rate() {
        let mut c = Crowd::new(cfg(Style::Numeric, 5));
        let joins = c
            .advance(2000.0)
            .iter()
            .filter(|p| matches!(p.event.data, EventData::Join { .. }))
            .count();
        // 40 per 20 s over 2000 s = 4000 expected, waves average out.
        assert!((3400..4600).contains(&joins), "{joins}");
    }

    #[test]
    fn nobody_comes_to_an_empty_crowd() {
        let mut c = Crowd::new(CrowdConfig {
            crowd: 0,
            ..cfg(Style::Press, 1)
        });
        assert!(c.advance(1e6).is_empty());
        assert_eq!(c.next_due(), None);
    }

    #[test]
    fn infinite_until_drains_without_spawning_forever() {
        let mut c = Crowd::new(cfg(Style::Word, 2));
        let first = c.advance(30.0).len();
        assert!(first > 0);
        assert!(c.active() > 0);
        let rest = c.advance(f64::INFINITY);
        assert!(!rest.is_empty());
        assert_eq!(c.active(), 0);
        assert!(c.advance(f64::NAN).is_empty());
        // The arrival after t = 30 s is still pending.
        assert!(c.next_due().is_some_and(|t| t > 30.0));
    }
}
