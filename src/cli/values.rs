//! The checks on numeric flags: finite and within stated ranges.

pub(super) fn window_seconds(s: &str) -> Result<f64, String> {
    let x: f64 = s
        .parse()
        .map_err(|_| format!("{s:?} is not a number of seconds"))?;
    if (0.0..=10.0).contains(&x) {
        Ok(x)
    } else {
        Err(format!("must be between 0 and 10 seconds, got {x}"))
    }
}

/// A finite number in `lo..=hi` (or `lo < x <= hi` with `open_low`), in
/// words that name the range. NaN and infinities are refused.
pub(super) fn number_in(
    s: &str,
    lo: f64,
    hi: f64,
    open_low: bool,
    unit: &str,
) -> Result<f64, String> {
    let x: f64 = s.trim().parse().map_err(|_| {
        format!(
            "\"{}\" is not a number",
            journeytop_protocol::text::for_log(s)
        )
    })?;
    let low_ok = if open_low { x > lo } else { x >= lo };
    if x.is_finite() && low_ok && x <= hi {
        Ok(x)
    } else if open_low {
        Err(format!(
            "must be above {lo} and at most {hi}{unit}, got {x}"
        ))
    } else {
        Err(format!("must be between {lo} and {hi}{unit}, got {x}"))
    }
}

/// `--duration`: (0, 86400] seconds.
pub(super) fn duration_seconds(s: &str) -> Result<f64, String> {
    number_in(s, 0.0, journeytop_protocol::MAX_DURATION, true, " seconds")
}

/// `--every`: 0.1 to 3600 seconds between headless lines.
pub(super) fn every_seconds(s: &str) -> Result<f64, String> {
    number_in(s, 0.1, 3600.0, false, " seconds")
}

/// `--start-at`, `--until`: a journey time, -86400 to 86400 seconds.
pub(super) fn journey_time(s: &str) -> Result<f64, String> {
    let day = journeytop_protocol::MAX_DURATION;
    number_in(s, -day, day, false, " seconds")
}

/// `--speed`: 1/64 to 1024 times real time.
pub(super) fn speed_factor(s: &str) -> Result<f64, String> {
    number_in(s, 1.0 / 64.0, 1024.0, false, "×")
}
