//! A recording's headless lines, as `watch --headless` printed them: as
//! fast as possible, or paced to a speed.

use super::headless;
use crate::record::Player;
use std::io::Write;
use std::time::{Duration, Instant};

/// Journey time a recording's lines may run past its prompt's duration
/// (the server stays `lookback + 10` s past the end; 60 s covers it).
pub const END_SLACK: f64 = 60.0;

/// The journey times of the lines: every whole second from the start to
/// the end, the end clamped to the start plus the header's duration (or the
/// longest journey, a day) plus [`END_SLACK`]. Whole-second steps by integer
/// index, so a start of 1e17 cannot stall the loop; at most
/// `duration + END_SLACK + 2` lines whatever the file says.
pub fn line_times(start: f64, end: f64, duration: Option<f64>) -> (Vec<f64>, f64) {
    let start = if start.is_finite() { start } else { 0.0 };
    let span = duration
        .filter(|d| d.is_finite() && *d > 0.0)
        .unwrap_or(journeytop_protocol::MAX_DURATION)
        .min(journeytop_protocol::MAX_DURATION)
        + END_SLACK;
    let end = if end.is_finite() { end } else { start };
    let end = end.clamp(start, start + span);
    let first = start.ceil();
    let count = if end >= first {
        ((end - first).floor() as u64).min(span as u64 + 1) + 1
    } else {
        0
    };
    let times = (0..count).map(|i| first + i as f64).collect();
    (times, end)
}

/// Prints the line for every whole second of journey time from the start to
/// the end, then the final line — as `watch --headless` printed them. As
/// fast as possible without a speed; paced to `speed`× real time with one.
pub async fn play_headless(
    player: &mut Player,
    speed: Option<f64>,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let (start, file_end) = (player.start(), player.end());
    let duration = player.recording().header.duration;
    let (times, end) = line_times(start, file_end, duration);
    if end < file_end {
        eprintln!(
            "journeytop: the recording runs to journey time {file_end:.0} s, far past its \
             duration; lines stop at {end:.0} s ({END_SLACK:.0} s after the end)"
        );
    }
    let began = Instant::now();
    let pace =
        |t: f64| speed.map(|s| began + Duration::from_secs_f64(((t - start) / s).clamp(0.0, 1e9)));
    for k in times {
        if let Some(at) = pace(k) {
            tokio::time::sleep_until(at.into()).await;
        }
        player.seek(k);
        writeln!(out, "{}", headless::line(player.state(), k, false))?;
        if speed.is_some() {
            out.flush()?;
        }
    }
    if let Some(at) = pace(end) {
        tokio::time::sleep_until(at.into()).await;
    }
    player.seek(end);
    writeln!(out, "{}", headless::line(player.state(), end, true))?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_bounded_by_the_journey() {
        // An end line at t = 1e12: the duration (20 s) plus the slack.
        let (t, end) = line_times(0.0, 1e12, Some(20.0));
        assert_eq!(t.len(), 81);
        assert_eq!(end, 80.0);
        // A start of 1e17, where `k += 1.0` stops changing k.
        let (t, _) = line_times(1e17, 1e17 + 1e6, Some(20.0));
        assert!(t.len() <= 82, "{}", t.len());
        // No duration: a day at most.
        assert!(line_times(0.0, f64::MAX, None).0.len() <= 86_400 + 62);
        // An ordinary recording: every whole second, start to end.
        let (t, end) = line_times(0.5, 3.2, Some(20.0));
        assert_eq!((t, end), (vec![1.0, 2.0, 3.0], 3.2));
        assert!(line_times(f64::NAN, f64::INFINITY, Some(f64::NAN)).0.len() <= 86_400 + 62);
    }
}
