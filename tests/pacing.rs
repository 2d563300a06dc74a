//! `replay --headless --speed N`: each line waits for its moment, the
//! journey time since the start divided by the speed. The waiting is
//! injected, so the exact sequence of waits is checked without sleeping.

mod common;

use common::temp;
use journeytop::output::paced::play_headless_with;
use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;
use std::time::Duration;

/// What happened, in order: a wait until (seconds since the play began), or
/// a line printed (its journey time).
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Wait(f64),
    Line(f64),
}

/// Collects the lines written, as steps.
struct Lines {
    steps: Rc<RefCell<Vec<Step>>>,
    partial: Vec<u8>,
}

impl Write for Lines {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.partial.extend_from_slice(buf);
        while let Some(i) = self.partial.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = self.partial.drain(..=i).collect();
            let v: serde_json::Value = serde_json::from_slice(&line).unwrap();
            let t = v["journey_time"].as_f64().unwrap();
            self.steps.borrow_mut().push(Step::Line(t));
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A recording from journey time 0.4 to 3.5: lines at 1, 2, 3 and the
/// final one at 3.5.
fn recording() -> std::path::PathBuf {
    // One file per call: the tests run in parallel, and one must never read
    // another's file while it is being written.
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = temp(&format!("paced-{n}.jsonl"));
    let text = [
        r#"{"format":"journeytop-recording","version":1,"variant":"interactive-prompts","uid":"oseh_ip_x","prompt":{"style":"numeric","text":"Rate","min":1,"max":10,"step":1},"duration":20.0,"journeytop":"0.1.0","started":0.0,"start_at":0.4}"#,
        r#"{"t":0.4,"kind":"link","connection":"live"}"#,
        r#"{"t":1.7,"kind":"latency","offset":0.01}"#,
        r#"{"t":3.5,"kind":"end","reason":"until"}"#,
    ]
    .join("\n");
    std::fs::write(&path, text + "\n").unwrap();
    path
}

fn play(speed: Option<f64>) -> Vec<Step> {
    let steps = Rc::new(RefCell::new(vec![]));
    let mut out = Lines {
        steps: steps.clone(),
        partial: vec![],
    };
    let waits = steps.clone();
    play_headless_with(
        &recording(),
        speed,
        &mut out,
        |p| panic!("problem: {p:?}"),
        |d: Duration| waits.borrow_mut().push(Step::Wait(d.as_secs_f64())),
    )
    .unwrap();
    steps.take()
}

/// The steps with every wait rounded to the microsecond.
fn rounded(steps: Vec<Step>) -> Vec<Step> {
    steps
        .into_iter()
        .map(|s| match s {
            Step::Wait(d) => Step::Wait((d * 1e6).round() / 1e6),
            line => line,
        })
        .collect()
}

#[test]
fn at_speed_two_each_line_waits_for_half_its_journey_time() {
    use Step::*;
    assert_eq!(
        rounded(play(Some(2.0))),
        [
            Wait(0.3),
            Line(1.0),
            Wait(0.8),
            Line(2.0),
            Wait(1.3),
            Line(3.0),
            Wait(1.55),
            Line(3.5),
        ]
    );
}

#[test]
fn at_speed_64_the_waits_are_64_times_shorter() {
    use Step::*;
    assert_eq!(
        rounded(play(Some(64.0))),
        [
            Wait(0.009375),
            Line(1.0),
            Wait(0.025),
            Line(2.0),
            Wait(0.040625),
            Line(3.0),
            Wait(0.048438),
            Line(3.5),
        ]
    );
}

#[test]
fn without_a_speed_nothing_waits() {
    use Step::*;
    assert_eq!(play(None), [Line(1.0), Line(2.0), Line(3.0), Line(3.5)]);
}
