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
    mut problem: impl FnMut(Problem),
) -> Result<(), FoldError> {
    let began = Instant::now();
    let mut start = 0.0;
    // Waits until `t` is due at `speed`, in short naps so that a stop
    // signal is heard at once; returns the signal if one came.
    let pace = |start: f64, t: f64| -> Option<Signal> {
        if let Some(s) = speed {
            let at = began + Duration::from_secs_f64(((t - start) / s).clamp(0.0, 1e9));
            loop {
                if let Some(signal) = signals::received() {
                    return Some(signal);
                }
                let left = at.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    break;
                }
                std::thread::sleep(left.min(NAP));
            }
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
