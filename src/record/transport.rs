//! Where a replay stands and how it moves: a position on the journey clock
//! between a start and an end, a speed and a pause. One recording's
//! [`Player`](super::Player) and several recordings' [`SharedReplay`]
//! (super::SharedReplay) both move by it, so the replay keys mean the same
//! everywhere.

use std::time::Duration;

pub const MIN_SPEED: f64 = 1.0 / 64.0;
pub const MAX_SPEED: f64 = 256.0;

/// The replay's clock (journey seconds).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Transport {
    position: f64,
    start: f64,
    end: f64,
    speed: f64,
    paused: bool,
}

impl Transport {
    /// At `start`, playing at speed 1. An `end` before `start` is `start`.
    pub fn new(start: f64, end: f64) -> Transport {
        Transport {
            position: start,
            start,
            end: end.max(start),
            speed: 1.0,
            paused: false,
        }
    }

    pub fn position(&self) -> f64 {
        self.position
    }

    pub fn start(&self) -> f64 {
        self.start
    }

    pub fn end(&self) -> f64 {
        self.end
    }

    pub fn speed(&self) -> f64 {
        self.speed
    }

    pub fn paused(&self) -> bool {
        self.paused
    }

    pub fn at_end(&self) -> bool {
        self.position >= self.end
    }

    /// Sets the speed, kept within 1/64× … 256×.
    pub fn set_speed(&mut self, speed: f64) {
        if speed.is_finite() && speed > 0.0 {
            self.speed = speed.clamp(MIN_SPEED, MAX_SPEED);
        }
    }

    /// Pauses or plays; playing at the end starts over.
    pub fn toggle_pause(&mut self) {
        if self.paused && self.at_end() {
            self.seek_start();
        }
        self.paused = !self.paused;
    }

    /// Moves the clock to `t`, kept within start … end.
    pub fn seek(&mut self, t: f64) {
        if !t.is_nan() {
            self.position = t.clamp(self.start, self.end);
        }
    }

    pub fn seek_by(&mut self, dt: f64) {
        self.seek(self.position + dt);
    }

    pub fn seek_start(&mut self) {
        self.seek(self.start);
    }

    /// Advances by `wall_elapsed` × speed unless paused; pauses at the end.
    /// True when the position moved.
    pub fn tick(&mut self, wall_elapsed: Duration) -> bool {
        if self.paused {
            return false;
        }
        let before = self.position;
        self.seek(self.position + wall_elapsed.as_secs_f64() * self.speed);
        if self.at_end() {
            self.paused = true;
        }
        self.position != before
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_within_its_range_and_pauses_at_the_end() {
        let mut t = Transport::new(2.0, 10.0);
        assert_eq!((t.position(), t.speed(), t.paused()), (2.0, 1.0, false));
        assert!(t.tick(Duration::from_secs(3)));
        assert_eq!(t.position(), 5.0);
        t.set_speed(4.0);
        t.tick(Duration::from_secs(5));
        assert!(t.at_end() && t.paused());
        assert_eq!(t.position(), 10.0);
        assert!(!t.tick(Duration::from_secs(1)));
        t.toggle_pause();
        assert_eq!(
            (t.position(), t.paused()),
            (2.0, false),
            "play at the end starts over"
        );
        t.seek_by(-100.0);
        assert_eq!(t.position(), 2.0);
        t.seek(f64::NAN);
        assert_eq!(t.position(), 2.0);
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            t.set_speed(bad);
            assert_eq!(t.speed(), 4.0);
        }
        t.set_speed(1e-9);
        assert_eq!(t.speed(), MIN_SPEED);
        assert_eq!(Transport::new(5.0, 1.0).end(), 5.0);
    }
}
