//! A recording's headless lines, as `watch --headless` printed them: as
//! fast as possible, or paced to a speed. Folded as the file is read.

use super::headless;
use crate::record::reader::Problem;
use crate::record::stream::{self, FoldError, Stop};
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

/// Prints the line for every whole second of journey time from the start to
/// the end, then the final line — as `watch --headless` printed them — and
/// each problem in the file on stderr as it is found. As fast as possible
/// without a speed; paced to `speed`× real time with one.
pub fn play_headless(
    path: &Path,
    speed: Option<f64>,
    out: &mut impl Write,
    problem: impl FnMut(Problem),
) -> Result<(), FoldError> {
    let began = Instant::now();
    play_headless_with(path, speed, out, problem, |offset| {
        std::thread::sleep((began + offset).saturating_duration_since(Instant::now()));
    })
}

/// [`play_headless`] with the waiting given: with a speed, before each line
/// `wait_until(d)` returns once `d` has passed since the play began (the
/// line's journey time after the start, divided by the speed).
pub fn play_headless_with(
    path: &Path,
    speed: Option<f64>,
    out: &mut impl Write,
    mut problem: impl FnMut(Problem),
    mut wait_until: impl FnMut(Duration),
) -> Result<(), FoldError> {
    let mut start = 0.0;
    let mut pace = |start: f64, t: f64| {
        if let Some(s) = speed {
            wait_until(Duration::from_secs_f64(((t - start) / s).clamp(0.0, 1e9)));
        }
    };
    stream::fold(path, true, &mut problem, |engine, stop| {
        let (t, last) = match stop {
            Stop::Start(t) => {
                start = t;
                return Ok(());
            }
            Stop::Second(k) => (k, false),
            Stop::Final(t) => (t, true),
        };
        pace(start, t);
        writeln!(out, "{}", headless::line(engine, t, last))?;
        if speed.is_some() || last {
            out.flush()?;
        }
        Ok(())
    })?;
    Ok(())
}
