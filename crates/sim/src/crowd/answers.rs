//! What a participant does besides joining and leaving: its answers or
//! presses (drawn for the prompt's style) and its likes.

use super::{Crowd, HOLD_MS, MIN_CHANGE_GAP_MS};
use crate::rng::Rng;
use journeytop_protocol::{EventData, Prompt};

impl Crowd {
    /// The prompt-specific part of a script: answers or presses, each at a
    /// time in (0, bound) ms.
    pub(super) fn answers(
        &self,
        rng: &mut Rng,
        bound: i64,
        early: bool,
        out: &mut Vec<(i64, EventData)>,
    ) {
        match &self.cfg.prompt {
            Prompt::Numeric { min, max, .. } => {
                let (min, max) = (*min, (*max).max(*min));
                // The web client auto-submits the middle option ~0.25 s in.
                let mid = if (min + max) % 2 == 0 || rng.bool(0.5) {
                    (min + max).div_euclid(2)
                } else {
                    (min + max).div_euclid(2) + 1
                };
                let mut t = rng.range_i64(200, 350);
                if t >= bound {
                    return;
                }
                out.push((t, EventData::Numeric { rating: mid }));
                let weights: Vec<f64> = (min..=max).map(|r| mood_weight(r, min, max)).collect();
                let changes = rng.weighted(&[0.3, 0.35, 0.22, 0.13]);
                let mut current = mid;
                for _ in 0..changes {
                    t += MIN_CHANGE_GAP_MS + (rng.exponential(1.0 / 2.5) * 1000.0) as i64;
                    if t >= bound || max == min {
                        break;
                    }
                    let mut w = weights.clone();
                    if let Some(slot) = w.get_mut((current - min) as usize) {
                        *slot = 0.0;
                    }
                    current = min + rng.weighted(&w) as i64;
                    out.push((t, EventData::Numeric { rating: current }));
                }
            }
            Prompt::Color { .. } | Prompt::Word { .. } => {
                let color = matches!(self.cfg.prompt, Prompt::Color { .. });
                let make = |index: i64| {
                    if color {
                        EventData::Color { index }
                    } else {
                        EventData::Word { index }
                    }
                };
                if rng.bool(0.08) {
                    return; // never picks anything
                }
                let mut t = rng.range_i64(1500, 6000);
                if t >= bound {
                    return;
                }
                let mut current = rng.weighted(&self.popularity);
                out.push((t, make(current as i64)));
                if rng.bool(0.3) && self.popularity.len() > 1 {
                    t += MIN_CHANGE_GAP_MS + (rng.exponential(1.0 / 3.0) * 1000.0) as i64;
                    if t < bound {
                        let mut w = self.popularity.clone();
                        w[current] = 0.0;
                        current = rng.weighted(&w);
                        out.push((t, make(current as i64)));
                    }
                }
            }
            Prompt::Press { .. } => {
                let holds = rng.weighted(&[0.1, 0.3, 0.3, 0.2, 0.1]);
                let mut t = rng.range_i64(800, 4000);
                for _ in 0..holds {
                    let len = rng.range_i64(HOLD_MS.0, HOLD_MS.1);
                    if t >= bound {
                        break;
                    }
                    let end = t + len;
                    if end >= bound {
                        // A closed tab mid-press sends no end; someone
                        // staying to the end lets go before it.
                        if early {
                            out.push((t, EventData::PressStart));
                        }
                        break;
                    }
                    out.push((t, EventData::PressStart));
                    out.push((end, EventData::PressEnd));
                    t = end + 300 + (rng.exponential(1.0 / 2.5) * 1000.0) as i64;
                }
            }
        }
    }
}

/// How likely a rating is as a changed answer: most people drift up the
/// scale, towards 6–8 on 1..10.
fn mood_weight(r: i64, min: i64, max: i64) -> f64 {
    let p = if max > min {
        (r - min) as f64 / (max - min) as f64
    } else {
        0.5
    };
    let z = (p - 0.65) / 0.18;
    0.06 + (-z * z).exp()
}

/// 0–several likes at distinct times in (0.3 s, bound).
pub(super) fn likes(rng: &mut Rng, bound: i64, out: &mut Vec<(i64, EventData)>) {
    let n = rng.weighted(&[0.35, 0.25, 0.15, 0.1, 0.07, 0.05, 0.03]);
    if bound <= 300 {
        return;
    }
    let mut times: Vec<i64> = (0..n).map(|_| rng.range_i64(300, bound - 1)).collect();
    times.sort_unstable();
    // The backend rejects the same evtype twice at the same time.
    times.dedup();
    out.extend(times.into_iter().map(|t| (t, EventData::Like)));
}
