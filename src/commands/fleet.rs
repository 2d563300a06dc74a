//! Several journeys at once: the headless NDJSON printer (one line per
//! journey per tick, each with its "uid", then each one's final line) and
//! the overview on the terminal. The exit code is 0 when every journey
//! ended well, else the highest code among them.

use crate::cli::DisplayOpts;
use crate::live::fleet::Fleet;
use crate::output::headless;
use crate::process::exit::{ExitCode, Fatal};
use crate::process::signals;
use crate::record::EndReason;
use crate::ui::app::{Meta, StatsPlan};
use crate::ui::keys::PlayerAction;
use crate::ui::overview::{Clock, Journeys, Row};
use crate::ui::view::View;
use crate::ui::{self, ColorMode, Mode};
use std::io::Write;
use std::time::Duration;

/// How often the journeys are pumped between lines (finals and `--until`
/// are noticed this fast).
const PUMP: Duration = Duration::from_millis(100);

/// Prints every journey until all have ended (or `until`, or a signal).
pub(super) async fn headless(
    fleet: &mut Fleet,
    every: f64,
    until: Option<f64>,
    out: &mut impl Write,
) -> Result<(), Fatal> {
    let mut finals = vec![false; fleet.slots.len()];
    let period = Duration::from_secs_f64(every.clamp(0.01, 86_400.0));
    let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
    let mut pump = tokio::time::interval(PUMP);
    let write = |out: &mut dyn Write, line: String| -> Result<(), Fatal> {
        writeln!(out, "{line}")
            .and_then(|()| out.flush())
            .map_err(|e| crate::process::exit::stdout_failed(&e))
    };
    while finals.iter().any(|f| !f) {
        tokio::select! {
            biased;
            _ = signals::shutdown() => {
                fleet.pump();
                for (slot, done) in fleet.slots.iter_mut().zip(&mut finals).filter(|(_, d)| !**d) {
                    write(out, headless::line_for(Some(slot.uid()), &slot.engine, slot.engine.now(), true))?;
                    slot.stop(EndReason::Signal);
                    *done = true;
                }
            }
            _ = tick.tick() => {
                fleet.pump();
                for (slot, _) in fleet.slots.iter().zip(&finals).filter(|(_, d)| !**d) {
                    write(out, headless::line_for(Some(slot.uid()), &slot.engine, slot.engine.now(), false))?;
                }
            }
            _ = pump.tick() => {
                fleet.pump();
                for (slot, done) in fleet.slots.iter_mut().zip(&mut finals).filter(|(_, d)| !**d) {
                    let reason = match until {
                        Some(u) if slot.clock.now() >= u => {
                            slot.engine.advance_to(u);
                            EndReason::Until
                        }
                        _ if slot.is_done() => EndReason::SourceDone,
                        _ => continue,
                    };
                    write(out, headless::line_for(Some(slot.uid()), &slot.engine, slot.engine.now(), true))?;
                    slot.stop(reason);
                    *done = true;
                }
            }
        }
    }
    outcome(fleet)
}

/// 0 when every journey ended well; else the highest exit code among them,
/// with each failure named by its journey.
pub(super) fn outcome(fleet: &mut Fleet) -> Result<(), Fatal> {
    let failures: Vec<Fatal> = fleet
        .slots
        .iter_mut()
        .filter_map(|s| match s.result.take() {
            Some(Err(e)) => {
                let f = Fatal::from(e);
                Some(Fatal::new(
                    f.code,
                    format!("{}: {}", crate::ui::text::sanitize(s.uid()), f.message),
                ))
            }
            _ => None,
        })
        .collect();
    let Some(code) = failures.iter().map(|f| f.code).max_by_key(|c| c.code()) else {
        return Ok(());
    };
    let message = failures
        .iter()
        .map(|f| f.message.as_str())
        .collect::<Vec<_>>()
        .join("\njourneytop: ");
    Err(Fatal::new(code, message))
}

/// The overview on the terminal until the user quits.
pub(super) async fn overview(
    fleet: &mut Fleet,
    mode: Mode,
    global: &DisplayOpts,
) -> Result<(), Fatal> {
    let mut session =
        ui::terminal::Session::start().map_err(|e| super::dashboard::no_terminal(&e))?;
    let color = ColorMode::detect(global.no_color);
    let result = ui::overview::run(session.terminal(), fleet, mode, global.theme, color).await;
    fleet.pump();
    fleet.stop(if signals::received().is_some() {
        EndReason::Signal
    } else {
        EndReason::Quit
    });
    drop(session);
    result.map_err(|e| Fatal::new(ExitCode::Usage, format!("the overview failed: {e}")))?;
    outcome(fleet)
}

/// The overview follows live journeys through this: each slot's engine as
/// its connection fills it.
impl Journeys for Fleet {
    fn count(&self) -> usize {
        self.slots.len()
    }

    fn pump(&mut self, _elapsed: Duration) -> bool {
        Fleet::pump(self)
    }

    fn row(&mut self, i: usize) -> Option<Row> {
        let s = self.slots.get(i)?;
        Some(Row::build(i, s.uid(), &s.engine, s.last_event))
    }

    fn view(&mut self, i: usize, meta: &Meta) -> Option<View> {
        Some(View::build(&self.slots.get(i)?.engine, meta))
    }

    fn meta(&self, i: usize, mode: Mode) -> Meta {
        let s = &self.slots[i.min(self.slots.len().saturating_sub(1))];
        Meta {
            variant: s.session.target.spec.variant,
            uid: s.uid().to_string(),
            mode,
            source: s.session.target.ws.to_url(),
            stats: if s.session.target.api_base().is_some() {
                StatsPlan::Endpoint
            } else {
                StatsPlan::NoEndpoint
            },
        }
    }

    fn reset_live(&mut self, i: usize) {
        if let Some(s) = self.slots.get_mut(i) {
            s.engine.reset_live();
        }
    }

    fn play(&mut self, _action: PlayerAction) {}

    fn replay_clock(&self) -> Option<Clock> {
        None
    }
}
