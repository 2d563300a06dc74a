//! Bytes → packets → engine → screen. The input is split into frames at
//! newlines; the first byte of each frame picks how far the clock moves
//! before it. A frame that is not a packet but is a stats response loads the
//! totals scope. Never a panic (counts are u64 and overflow-checked here, so
//! a count going below zero panics), the snapshots always serialize, and
//! the dashboard draws the result at a size picked by the first byte.
//! Shared by the fuzz target and tests/fuzz_regressions.rs (one copy).

use journeytop::ui::{App, ColorMode, Meta, Mode, ThemeName, View};
use journeytop_engine::{EngineConfig, Input, JourneyState, Stamped};
use journeytop_protocol::{Prompt, StatsResponse, Style, Variant};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// The property, on one input: panics when it does not hold.
pub(crate) fn holds(data: &[u8]) {
    let Some((&head, rest)) = data.split_first() else {
        return;
    };
    let prompt = match head % 5 {
        0 => Some(Prompt::default_for(Style::Numeric)),
        1 => Some(Prompt::default_for(Style::Press)),
        2 => Some(Prompt::default_for(Style::Color)),
        3 => Some(Prompt::default_for(Style::Word)),
        _ => None,
    };
    let mut e = JourneyState::new(prompt, Some(60.0), EngineConfig::default());
    let mut at = 0.0;
    for frame in rest.split(|b| *b == b'\n') {
        let Some((&step, frame)) = frame.split_first() else {
            continue;
        };
        at += f64::from(step) / 16.0;
        // The live client's mapping; a frame that is no packet may be a
        // stats response, which loads the totals scope.
        let mut input = Input::from_frame(frame, at);
        if let Input::MalformedPacket { .. } = input
            && let Ok(response) = serde_json::from_slice::<StatsResponse>(frame)
        {
            input = Input::Stats {
                bin: usize::from(step),
                response,
            };
        }
        e.ingest(Stamped { at, input });
        let c = e.counts();
        assert!(
            c.applied + c.duplicates + c.rejected + c.unknown + e.pending() as u64 <= c.received,
            "{c:?} pending {}",
            e.pending()
        );
    }
    e.advance_to(at + 1000.0);
    let live = e.live();
    assert!(live.press_active <= live.press, "{live:?}");
    let snap = e.snapshot();
    serde_json::to_string(&snap).expect("the snapshot serializes");
    if let Some(t) = e.totals_snapshot() {
        serde_json::to_string(&t).expect("the totals snapshot serializes");
    }
    let meta = Meta {
        variant: Variant::InteractivePrompts,
        uid: "oseh_ip_x".into(),
        mode: Mode::Watch,
        source: "fuzz".into(),
        stats: journeytop::ui::StatsPlan::NoEndpoint,
    };
    let view = View::build(&e, &meta);
    let (w, h) = [(80, 24), (200, 60), (41, 13), (120, 40)][usize::from(head >> 6)];
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    let mut app = App::new(ThemeName::Dark, ColorMode::TrueColor);
    app.help = head & 0x20 != 0;
    journeytop::ui::render::draw(&mut buf, area, &view, &app);
}
