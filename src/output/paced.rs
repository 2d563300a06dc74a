//! A recording's headless lines, as `watch --headless` printed them: as
//! fast as possible, or paced to a speed.

use super::headless;
use crate::record::Player;
use std::io::Write;
use std::time::{Duration, Instant};

/// Prints the line for every whole second of journey time from the start to
/// the end, then the final line — as `watch --headless` printed them. As
/// fast as possible without a speed; paced to `speed`× real time with one.
pub async fn play_headless(
    player: &mut Player,
    speed: Option<f64>,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let (start, end) = (player.start(), player.end());
    let began = Instant::now();
    let pace =
        |t: f64| speed.map(|s| began + Duration::from_secs_f64(((t - start) / s).clamp(0.0, 1e9)));
    let mut k = start.ceil();
    while k <= end {
        if let Some(at) = pace(k) {
            tokio::time::sleep_until(at.into()).await;
        }
        player.seek(k);
        writeln!(out, "{}", headless::line(player.state(), k, false))?;
        if speed.is_some() {
            out.flush()?;
        }
        k += 1.0;
    }
    if let Some(at) = pace(end) {
        tokio::time::sleep_until(at.into()).await;
    }
    player.seek(end);
    writeln!(out, "{}", headless::line(player.state(), end, true))?;
    out.flush()
}
