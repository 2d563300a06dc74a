//! Whether one event may count: inside the clock's window, and an answer
//! that fits the prompt (PROTOCOL.md §4, "Answers must fit the prompt").
//! A pure function of the event, the prompt, the clock and the config — it
//! changes nothing, so it can run before dedupe without side effects.

use crate::EngineConfig;
use journeytop_protocol::{EventData, Prompt, Style};
use std::fmt;

/// Largest option index accepted when the prompt is unknown (real prompts
/// have at most 8 options).
const MAX_UNKNOWN_INDEX: i64 = 63;
/// Largest rating accepted when the prompt is unknown.
const MAX_UNKNOWN_RATING: i64 = 1000;

/// Why an event cannot count.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Rejection {
    /// So far behind the clock that its uid may already be forgotten.
    TooOld {
        time: f64,
        horizon: f64,
        now: f64,
    },
    TooFarAhead {
        time: f64,
        horizon: f64,
        now: f64,
    },
    /// The evtype's data could not be read (the decoder's reason).
    BadData(String),
    WrongStyle {
        event: Style,
        prompt: Style,
    },
    RatingOutsidePrompt {
        rating: i64,
        min: i64,
        max: i64,
    },
    RatingOutsideBounds {
        rating: i64,
    },
    IndexBeyondOptions {
        index: i64,
        options: usize,
    },
    IndexOutsideBounds {
        index: i64,
    },
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::TooOld { time, horizon, now } => write!(
                f,
                "event time {time:.2} s is more than {horizon} s behind the clock ({now:.2} s); a duplicate could no longer be recognised"
            ),
            Rejection::TooFarAhead { time, horizon, now } => write!(
                f,
                "event time {time:.2} s is more than {horizon} s ahead of the clock ({now:.2} s)"
            ),
            Rejection::BadData(reason) => f.write_str(reason),
            Rejection::WrongStyle { event, prompt } => {
                write!(f, "a {event} event on a {prompt} prompt")
            }
            Rejection::RatingOutsidePrompt { rating, min, max } => {
                write!(f, "rating {rating} is outside the prompt's {min}..{max}")
            }
            Rejection::RatingOutsideBounds { rating } => {
                write!(f, "rating {rating} is outside 0..{MAX_UNKNOWN_RATING}")
            }
            Rejection::IndexBeyondOptions { index, options } => {
                write!(f, "index {index} is beyond the prompt's {options} options")
            }
            Rejection::IndexOutsideBounds { index } => {
                write!(f, "index {index} is outside 0..{MAX_UNKNOWN_INDEX}")
            }
        }
    }
}

/// Checks an event (its time and data) against the clock `now`, the prompt (when known) and the
/// config's horizons.
pub(crate) fn check(
    time: f64,
    data: &EventData,
    prompt: Option<&Prompt>,
    now: f64,
    config: &EngineConfig,
) -> Result<(), Rejection> {
    check_time(time, now, config)?;
    let wrong_style = |event: Style| match prompt.map(Prompt::style) {
        Some(prompt) if prompt != event => Err(Rejection::WrongStyle { event, prompt }),
        _ => Ok(()),
    };
    let options = prompt.map(Prompt::option_count);
    match (data, prompt) {
        (EventData::Invalid(invalid), _) => Err(Rejection::BadData(invalid.reason.clone())),
        (EventData::Numeric { rating }, Some(Prompt::Numeric { min, max, .. })) => {
            if rating < min || rating > max {
                Err(Rejection::RatingOutsidePrompt {
                    rating: *rating,
                    min: *min,
                    max: *max,
                })
            } else {
                Ok(())
            }
        }
        (EventData::Numeric { rating }, _) => {
            wrong_style(Style::Numeric)?;
            if (0..=MAX_UNKNOWN_RATING).contains(rating) {
                Ok(())
            } else {
                Err(Rejection::RatingOutsideBounds { rating: *rating })
            }
        }
        (EventData::PressStart | EventData::PressEnd, _) => wrong_style(Style::Press),
        (EventData::Color { index }, _) => {
            wrong_style(Style::Color)?;
            check_index(*index, options)
        }
        (EventData::Word { index }, _) => {
            wrong_style(Style::Word)?;
            check_index(*index, options)
        }
        _ => Ok(()),
    }
}

/// Outside the window the engine can handle: too old to dedupe, or so far
/// ahead it would wait in the release heap for ever.
fn check_time(time: f64, now: f64, config: &EngineConfig) -> Result<(), Rejection> {
    if time < now - config.dedupe_horizon {
        return Err(Rejection::TooOld {
            time,
            horizon: config.dedupe_horizon,
            now,
        });
    }
    if time > now + config.future_horizon {
        return Err(Rejection::TooFarAhead {
            time,
            horizon: config.future_horizon,
            now,
        });
    }
    Ok(())
}

fn check_index(index: i64, options: Option<usize>) -> Result<(), Rejection> {
    match options {
        Some(n) if index < 0 || index as u64 >= n as u64 => {
            Err(Rejection::IndexBeyondOptions { index, options: n })
        }
        None if !(0..=MAX_UNKNOWN_INDEX).contains(&index) => {
            Err(Rejection::IndexOutsideBounds { index })
        }
        _ => Ok(()),
    }
}
