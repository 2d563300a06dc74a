//! A recording's headless lines, as `watch --headless` printed them: as
//! fast as possible, or paced to a speed. Folded as the file is read.

use super::headless;
use crate::process::signals::{self, Signal};
use crate::record::reader::Problem;
use crate::record::stream::{self, FoldError, Stop, Stopped};
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

/// The longest nap between two looks at the signal listener.
const NAP: Duration = Duration::from_millis(20);

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
    // Waits in short naps so that a stop signal is heard at once.
    play_headless_with(path, speed, out, problem, |offset| {
        let at = began + offset;
        while signals::received().is_none() {
            let left = at.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            std::thread::sleep(left.min(NAP));
        }
    })
}

/// [`play_headless`] with the waiting given: with a speed, before each line
/// `wait_until(d)` returns once `d` has passed since the play began (the
/// line's journey time after the start, divided by the speed) or a stop
/// signal came; the signal is then looked at before the line is written.
pub fn play_headless_with(
    path: &Path,
    speed: Option<f64>,
    out: &mut impl Write,
    mut problem: impl FnMut(Problem),
    mut wait_until: impl FnMut(Duration),
) -> Result<(), FoldError> {
    let mut start = 0.0;
    // Waits until `t` is due at `speed`; returns the stop signal if one came.
    let mut pace = |start: f64, t: f64| -> Option<Signal> {
        if let Some(s) = speed {
            wait_until(Duration::from_secs_f64(((t - start) / s).clamp(0.0, 1e9)));
        }
        signals::received()
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
        if let Some(signal) = pace(start, t) {
            // Like `watch --headless`: the final line, then stop.
            writeln!(out, "{}", headless::line(engine, t, true))?;
            out.flush()?;
            return Err(Stopped::error(signal));
        }
        writeln!(out, "{}", headless::line(engine, t, last))?;
        if speed.is_some() || last {
            out.flush()?;
        }
        Ok(())
    })?;
    Ok(())
}
