use super::*;
use proptest::prelude::*;
use ratatui::layout::Rect;
use std::num::NonZeroU16;

/// Symbols of every width a cell can hold, emoji with VS16 (whose
/// trailing cells the diff treats apart) and an empty one among them.
const SYMBOLS: &[&str] = &[
    " ",
    " ",
    "a",
    "a",
    "b",
    "─",
    "█",
    "é",
    "陈",
    "한",
    "❤\u{fe0f}",
    "👩\u{200d}💻",
    "🇫🇷",
    "",
    "e\u{301}",
    "ｶﾞ",
];

fn cell() -> impl Strategy<Value = Cell> {
    (
        proptest::sample::select(SYMBOLS),
        prop_oneof![
            Just(Color::Reset),
            Just(Color::Red),
            Just(Color::Rgb(1, 2, 3))
        ],
        prop_oneof![Just(Color::Reset), Just(Color::Indexed(4))],
        prop_oneof![
            6 => Just(Modifier::empty()),
            1 => Just(Modifier::REVERSED),
            1 => Just(Modifier::BOLD),
        ],
        prop_oneof![
            20 => Just(CellDiffOption::None),
            1 => Just(CellDiffOption::Skip),
            1 => Just(CellDiffOption::AlwaysUpdate),
            1 => (1u16..4).prop_map(|w| CellDiffOption::ForcedWidth(
                NonZeroU16::new(w).unwrap_or(NonZeroU16::MIN)
            )),
        ],
        proptest::bool::weighted(0.05),
    )
        .prop_map(|(symbol, fg, bg, modifier, option, skip)| {
            let mut c = Cell::EMPTY;
            c.set_symbol(symbol).set_fg(fg).set_bg(bg);
            c.modifier = modifier;
            c.set_diff_option(option);
            #[allow(deprecated)]
            c.set_skip(skip);
            c
        })
}

/// A buffer of `w`×`h` at (`x`, `y`) from `cells`, cycled.
fn buffer(x: u16, y: u16, w: u16, h: u16, cells: &[Cell]) -> Buffer {
    let mut b = Buffer::empty(Rect::new(x, y, w, h));
    for (i, c) in b.content.iter_mut().enumerate() {
        *c = cells[i % cells.len()].clone();
    }
    b
}

/// Pairs of buffers where most cells are shown unchanged, as frames are.
fn frames() -> impl Strategy<Value = (Buffer, Buffer)> {
    (
        0u16..3,
        0u16..3,
        1u16..10,
        1u16..4,
        proptest::collection::vec(cell(), 1..40),
        proptest::collection::vec((any::<proptest::sample::Index>(), cell()), 0..12),
    )
        .prop_map(|(x, y, w, h, cells, changes)| {
            let prev = buffer(x, y, w, h, &cells);
            let mut next = prev.clone();
            for (i, c) in changes {
                let i = i.index(next.content.len());
                next.content[i] = c;
            }
            (prev, next)
        })
}

/// ratatui's own diff, or `None` where it panics (a wide symbol in the
/// last cell it steps past the end).
fn ratatui_diff<'a>(prev: &Buffer, next: &'a Buffer) -> Option<Vec<(u16, u16, &'a Cell)>> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| prev.diff(next))).ok()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_updates_are_ratatuis((prev, next) in frames()) {
        let ours: Vec<_> = Diff::new(Some(&prev), &next).collect();
        if let Some(theirs) = ratatui_diff(&prev, &next) {
            prop_assert_eq!(ours, theirs);
        }
    }

    /// Unknown to the diff, the terminal gets every cell: what ratatui
    /// writes when no cell on screen is like any in the frame.
    #[test]
    fn an_unknown_screen_gets_every_cell((_, next) in frames()) {
        let mut unlike = Cell::EMPTY;
        unlike.set_symbol("\u{e000}");
        let prev = buffer(next.area.x, next.area.y, next.area.width, next.area.height, &[unlike]);
        let ours: Vec<_> = Diff::new(None, &next).collect();
        if let Some(theirs) = ratatui_diff(&prev, &next) {
            prop_assert_eq!(ours, theirs);
        }
    }
}

#[test]
fn a_frame_like_the_last_writes_nothing_and_a_new_symbol_writes_its_cell() {
    let mut prev = Buffer::empty(Rect::new(0, 0, 6, 2));
    prev.set_string(0, 0, "ab─█陈", ratatui::style::Style::new());
    let mut next = prev.clone();
    assert_eq!(Diff::new(Some(&prev), &next).count(), 0);
    next[(1, 1)].set_symbol("x");
    let updates: Vec<_> = Diff::new(Some(&prev), &next)
        .map(|(x, y, _)| (x, y))
        .collect();
    assert_eq!(updates, [(1, 1)]);
}
