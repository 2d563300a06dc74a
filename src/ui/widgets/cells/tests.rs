use super::*;
use proptest::prelude::*;
use ratatui::style::{Color, Modifier};

/// Every simple character, with its width.
fn simple_chars() -> Vec<(char, u16)> {
    (0..=0x10_ffff_u32)
        .filter_map(char::from_u32)
        .filter_map(|c| Some((c, simple_width(c)?)))
        .collect()
}

/// What ratatui draws for `spans` on a buffer prefilled with `fill`.
fn by_ratatui(area: Rect, fill: &Buffer, spans: &[Span<'static>], right: bool) -> Buffer {
    let mut buf = fill.clone();
    let line = Line::from(spans.to_vec());
    if right {
        line.right_aligned().render(area, &mut buf);
    } else {
        line.render(area, &mut buf);
    }
    buf
}

fn by_cells(area: Rect, fill: &Buffer, spans: &[Span<'static>], right: bool) -> Buffer {
    let mut buf = fill.clone();
    if right {
        put_line_right(&mut buf, area, spans);
    } else {
        put_line(&mut buf, area, spans);
    }
    buf
}

fn prefilled(w: u16, h: u16) -> Buffer {
    let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
    for (i, cell) in buf.content.iter_mut().enumerate() {
        cell.set_char(char::from(b'a' + (i % 26) as u8))
            .set_style(Style::new().fg(Color::Indexed(i as u8)));
    }
    buf
}

/// One character of each block of the simple set, narrow and wide.
const NEIGHBOURS: [char; 13] = [
    'a', ' ', '~', 'é', 'ǿ', '“', '…', '─', '█', '●', '陈', 'カ', '한',
];

#[test]
fn simple_characters_are_graphemes_of_their_width() {
    let simple = simple_chars();
    assert!(simple.len() > 30_000, "{}", simple.len());
    for (c, w) in &simple {
        let s = c.to_string();
        assert_eq!(Span::raw(s.clone()).width(), usize::from(*w), "{c:?}");
        assert_eq!(simple_text_width(&s), Some(usize::from(*w)), "{c:?}");
        // Its own grapheme beside any other, as ratatui splits text.
        for n in NEIGHBOURS {
            for pair in [format!("{c}{n}"), format!("{n}{c}")] {
                let graphemes = Span::raw(pair.as_str())
                    .styled_graphemes(Style::new())
                    .count();
                assert_eq!(graphemes, 2, "{pair:?}");
            }
        }
    }
}

#[test]
fn simple_characters_draw_as_ratatui_draws_them() {
    // Every narrow character and a sample of the wide ones beside one of
    // each block, both ways round, with room for both and with room for
    // the first only (a wide second is dropped, not cut).
    let simple = simple_chars();
    let narrow = simple.iter().filter(|(_, w)| *w == 1);
    let wide = simple.iter().filter(|(_, w)| *w == 2).step_by(31);
    let fill = prefilled(5, 1);
    for a in narrow.chain(wide) {
        for n in NEIGHBOURS {
            let b = (n, simple_width(n).unwrap_or(1));
            for (x, y) in [(*a, b), (b, *a)] {
                let s = format!("{}{}", x.0, y.0);
                let spans = [Span::raw(s.clone())];
                for w in [5, x.1 + 1] {
                    let area = Rect::new(0, 0, w, 1);
                    assert_eq!(
                        by_cells(area, &fill, &spans, false),
                        by_ratatui(area, &fill, &spans, false),
                        "{s:?} in {w}"
                    );
                }
            }
        }
    }
}

const TRICKY: &[&str] = &[
    "e\u{301}", // combining acute
    "日本",
    "🙂",
    "👩\u{200d}💻", // ZWJ sequence
    "\u{ff9e}",     // halfwidth sound mark
    "\u{7}",        // control (ratatui filters it)
    "",
    "\u{301}",   // a lone combining mark
    "❤\u{fe0f}", // emoji presentation
    "🇫🇷",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[ -~]{0,6}",
        3 => "[█▏▎▍▌▋▊▉▐─━│┃╭╮╰╯┏┓┗┛·…—−●◉♥↑↓“”éÉøß]{0,6}",
        2 => "[a-z陈静ひカー한글 ]{0,6}",
        2 => proptest::sample::select(TRICKY).prop_map(str::to_string),
        1 => "\\PC{0,4}",
    ]
}

fn style() -> impl Strategy<Value = Style> {
    (0u8..4, any::<bool>()).prop_map(|(c, bold)| {
        let s = match c {
            0 => Style::new(),
            1 => Style::new().fg(Color::Rgb(1, 2, 3)),
            2 => Style::new().bg(Color::Indexed(7)),
            _ => Style::new()
                .fg(Color::Red)
                .remove_modifier(Modifier::ITALIC),
        };
        if bold {
            s.add_modifier(Modifier::BOLD)
        } else {
            s
        }
    })
}

fn spans() -> impl Strategy<Value = Vec<Span<'static>>> {
    proptest::collection::vec(
        (piece(), style()).prop_map(|(t, s)| Span::styled(t, s)),
        0..6,
    )
}

proptest! {
    #[test]
    fn lines_draw_the_cells_ratatui_draws(
        spans in spans(),
        x in 0u16..14,
        y in 0u16..4,
        w in 0u16..20,
        h in 0u16..3,
        right in any::<bool>(),
    ) {
        let fill = prefilled(12, 3);
        let area = Rect::new(x, y, w, h);
        prop_assert_eq!(
            by_cells(area, &fill, &spans, right),
            by_ratatui(area, &fill, &spans, right)
        );
    }

    #[test]
    fn fill_style_is_a_styled_block(
        x in 0u16..14,
        y in 0u16..5,
        w in 0u16..20,
        h in 0u16..6,
        s in style(),
    ) {
        let fill = prefilled(12, 4);
        let area = Rect::new(x, y, w, h);
        let mut a = fill.clone();
        fill_style(&mut a, area, s);
        let mut b = fill;
        ratatui::widgets::Block::new().style(s).render(area, &mut b);
        prop_assert_eq!(a, b);
    }

    #[test]
    fn clear_is_a_clear_then_a_styled_block(
        x in 0u16..14,
        y in 0u16..5,
        w in 0u16..20,
        h in 0u16..6,
        s in style(),
    ) {
        let mut fill = prefilled(12, 4);
        fill.content[5].set_symbol("陈");
        fill.content[7].modifier = Modifier::REVERSED | Modifier::BOLD;
        let area = Rect::new(x, y, w, h);
        let mut a = fill.clone();
        clear(&mut a, area, s);
        let mut b = fill;
        ratatui::widgets::Clear.render(area, &mut b);
        ratatui::widgets::Block::new().style(s).render(area, &mut b);
        prop_assert_eq!(a, b);
    }
}

proptest! {
    #[test]
    fn frames_draw_the_cells_a_bordered_block_draws(
        x in 0u16..14,
        y in 0u16..6,
        w in 0u16..20,
        h in 0u16..8,
        thick in any::<bool>(),
        title in piece(),
        border_style in style(),
        title_style in style(),
        right in spans(),
    ) {
        use ratatui::widgets::{Block, BorderType, Padding};
        let fill = prefilled(12, 6);
        let area = Rect::new(x, y, w, h);
        let kind = if thick { BorderType::Thick } else { BorderType::Rounded };
        let mut a = fill.clone();
        let border = Border { set: kind.to_border_set(), style: border_style };
        let titles = Titles { left: &title, left_style: title_style, right: &right };
        frame(&mut a, area, &border, &titles);
        let mut b = fill;
        let block = Block::bordered()
            .border_type(kind)
            .border_style(border_style)
            .title(Line::from(title.clone()).style(title_style))
            .title(Line::from(right.clone()).right_aligned())
            .padding(Padding::horizontal(1));
        block.clone().render(area, &mut b);
        prop_assert_eq!(a, b);
        prop_assert_eq!(crate::ui::widgets::panel_inner(area), block.inner(area));
    }
}

proptest! {
    #[test]
    fn sparklines_draw_the_cells_ratatui_draws(
        x in 0u16..10,
        y in 0u16..6,
        w in 0u16..14,
        h in 0u16..8,
        points in proptest::collection::vec(proptest::option::of(0u64..40), 0..16),
        max in 0u64..50,
        s in style(),
    ) {
        use ratatui::widgets::Sparkline;
        let fill = prefilled(24, 14);
        // ratatui indexes the buffer without clipping: areas stay inside.
        let area = Rect::new(x, y, w, h);
        let mut a = fill.clone();
        sparkline(&mut a, area, &points, max, s);
        let mut b = fill;
        Sparkline::default()
            .data(points.clone())
            .max(max)
            .style(s)
            .absent_value_symbol(" ")
            .render(area, &mut b);
        prop_assert_eq!(a, b);
    }
}
