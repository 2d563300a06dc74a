//! Several recordings played side by side on one journey clock: one
//! position, speed and pause for all, each [`Player`] folded to it (a
//! recording that starts later or ends sooner shows its own first or last
//! state meanwhile). The overview reads them; a key moves them all.

use super::player::Player;
use super::transport::Transport;
use journeytop_protocol::Variant;
use std::time::Duration;

pub struct SharedReplay {
    players: Vec<Player>,
    /// Where each recording came from (its path), for the screen.
    sources: Vec<String>,
    /// From the earliest start to the latest end among them.
    clock: Transport,
}

impl SharedReplay {
    /// The recordings at the earliest start among them, playing at `speed`.
    /// `players` holds (player, source) pairs; an empty list plays nothing.
    pub fn new(players: Vec<(Player, String)>, speed: f64) -> SharedReplay {
        let start = players
            .iter()
            .map(|(p, _)| p.start())
            .fold(f64::INFINITY, f64::min);
        let end = players
            .iter()
            .map(|(p, _)| p.end())
            .fold(f64::NEG_INFINITY, f64::max);
        let mut clock = if start <= end {
            Transport::new(start, end)
        } else {
            Transport::new(0.0, 0.0)
        };
        clock.set_speed(speed);
        let (players, sources) = players.into_iter().unzip();
        let mut shared = SharedReplay {
            players,
            sources,
            clock,
        };
        shared.sync_all();
        shared
    }

    pub fn len(&self) -> usize {
        self.players.len()
    }

    pub fn is_empty(&self) -> bool {
        self.players.is_empty()
    }

    /// Player `i`, folded to the shared position.
    pub fn player(&mut self, i: usize) -> Option<&mut Player> {
        let p = self.players.get_mut(i)?;
        p.seek(self.clock.position());
        Some(p)
    }

    /// Recording `i`'s variant and uid (the first recording's when out of range).
    pub fn header(&self, i: usize) -> (Variant, String) {
        self.players.get(i).or(self.players.first()).map_or(
            (Variant::InteractivePrompts, String::new()),
            |p| {
                let h = p.header();
                (h.variant, h.uid.clone())
            },
        )
    }

    /// Each player with where its recording came from.
    pub fn players(&self) -> impl Iterator<Item = (&Player, &str)> {
        self.players
            .iter()
            .zip(self.sources.iter().map(String::as_str))
    }

    pub fn source(&self, i: usize) -> &str {
        self.sources.get(i).map_or("", String::as_str)
    }

    /// The one clock of them all.
    pub fn clock(&self) -> &Transport {
        &self.clock
    }

    /// Moves the one clock (a replay key); every recording follows.
    pub fn clock_mut(&mut self) -> &mut Transport {
        &mut self.clock
    }

    /// Advances the shared clock by `wall_elapsed` × speed unless paused
    /// (pausing at the end). True when the position moved.
    pub fn tick(&mut self, wall_elapsed: Duration) -> bool {
        self.clock.tick(wall_elapsed)
    }

    fn sync_all(&mut self) {
        for p in &mut self.players {
            p.seek(self.clock.position());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Recording, reader};
    use std::path::{Path, PathBuf};

    fn path(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/recordings")
            .join(name)
    }

    fn asset(name: &str) -> Recording {
        let bytes = std::fs::read(path(name)).unwrap();
        match reader::parse(&bytes, name) {
            Ok(r) => r,
            Err(e) => panic!("{name}: {e}"),
        }
    }

    /// The numeric recording cut at 10 s: it ends before the others.
    fn short() -> Recording {
        let mut r = asset("numeric.jsonl");
        r.inputs.retain(|s| s.at <= 10.0);
        r.end = r.end.map(|(_, why)| (10.0, why));
        r
    }

    /// A player of the file `name`, or of `short()`.
    fn player(name: &str) -> Player {
        match name {
            "short.jsonl" => Player::from_recording(&short()).unwrap(),
            _ => Player::open(&path(name)).unwrap(),
        }
    }

    fn shared(speed: f64) -> SharedReplay {
        let players = ["color.jsonl", "short.jsonl", "word.jsonl"]
            .map(|n| (player(n), n.to_string()))
            .into();
        SharedReplay::new(players, speed)
    }

    /// A fresh player of the same recording, folded to `t` on its own.
    fn alone(name: &str, t: f64) -> journeytop_engine::Snapshot {
        let mut p = player(name);
        p.seek(t);
        p.state().snapshot()
    }

    #[test]
    fn one_clock_moves_every_recording_and_each_shows_its_own_fold() {
        let mut s = shared(2.0);
        assert_eq!(
            (
                s.len(),
                s.clock().position(),
                s.clock().end(),
                s.clock().speed()
            ),
            (3, 0.0, 25.0, 2.0)
        );
        // 3 s of wall time at 2× is 6 s of journey time, for all three.
        assert!(s.tick(Duration::from_secs(3)));
        assert_eq!(s.clock().position(), 6.0);
        for (i, r) in ["color.jsonl", "short.jsonl", "word.jsonl"]
            .into_iter()
            .enumerate()
        {
            let Some(p) = s.player(i) else {
                panic!("player {i}")
            };
            assert_eq!(p.position(), 6.0);
            assert_eq!(p.state().snapshot(), alone(r, 6.0), "recording {i} at 6 s");
        }
        // Past the short one's end it stays on its last state; the clock
        // goes on for the others.
        s.clock_mut().seek(18.0);
        let Some(p) = s.player(1) else {
            panic!("short player")
        };
        assert_eq!(p.position(), 10.0);
        assert!(p.at_end());
        assert_eq!(p.state().snapshot(), alone("short.jsonl", 10.0));
        let Some(p) = s.player(0) else {
            panic!("color player")
        };
        assert_eq!(p.state().snapshot(), alone("color.jsonl", 18.0));
        // Back in time too: every recording follows.
        s.clock_mut().seek_by(-15.0);
        assert_eq!(s.clock().position(), 3.0);
        let Some(p) = s.player(2) else {
            panic!("word player")
        };
        assert_eq!(p.state().snapshot(), alone("word.jsonl", 3.0));
    }

    #[test]
    fn the_clock_pauses_at_the_end_and_plays_again_from_the_start() {
        let mut s = shared(256.0);
        assert!(!s.tick(Duration::ZERO), "no time, no move");
        s.tick(Duration::from_secs(1));
        assert!(
            s.clock().at_end() && s.clock().paused(),
            "256 s of journey time runs past 25 s"
        );
        assert!(!s.tick(Duration::from_secs(1)), "paused: the clock stays");
        s.clock_mut().toggle_pause();
        assert_eq!((s.clock().position(), s.clock().paused()), (0.0, false));
        s.clock_mut().toggle_pause();
        assert!(s.clock().paused());
        s.clock_mut().set_speed(1e9);
        assert_eq!(s.clock().speed(), crate::record::transport::MAX_SPEED);
        s.clock_mut().set_speed(f64::NAN);
        assert_eq!(s.clock().speed(), crate::record::transport::MAX_SPEED);
        s.clock_mut().seek(f64::NAN);
        assert_eq!(s.clock().position(), 0.0);
        assert!(s.player(3).is_none());
        assert_eq!(s.source(1), "short.jsonl");
        assert_eq!(s.header(1).1, asset("numeric.jsonl").header.uid);
    }

    #[test]
    fn no_recordings_play_nothing() {
        let mut s = SharedReplay::new(Vec::new(), 1.0);
        assert!(s.is_empty());
        assert_eq!((s.clock().position(), s.clock().end()), (0.0, 0.0));
        s.tick(Duration::from_secs(5));
        assert!(s.player(0).is_none());
    }
}
