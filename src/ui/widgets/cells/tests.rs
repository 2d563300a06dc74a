use super::*;
use proptest::prelude::*;
use ratatui::style::{Color, Modifier};

fn plain_chars() -> Vec<char> {
    (0..=0x10_ffff_u32)
        .filter_map(char::from_u32)
        .filter(|c| is_plain(*c))
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

#[test]
fn plain_characters_are_one_cell_graphemes() {
    let plain = plain_chars();
    assert!(plain.len() > 250, "{}", plain.len());
    let fill = prefilled(4, 1);
    let area = Rect::new(0, 0, 4, 1);
    // Every pair: two cells, drawn as ratatui draws them.
    for a in &plain {
        for b in plain.iter().step_by(7).chain([a]) {
            let s = format!("{a}{b}");
            assert_eq!(Span::raw(s.clone()).width(), 2, "{s:?}");
            let spans = [Span::raw(s.clone())];
            assert_eq!(
                by_cells(area, &fill, &spans, false),
                by_ratatui(area, &fill, &spans, false),
                "{s:?}"
            );
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
        3 => "[█▏▎▍▌▋▊▉▐─━│┃╭╮╰╯┏┓┗┛·…—−●◉♥↑↓]{0,6}",
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
    ) {
        use ratatui::widgets::{Block, BorderType, Padding};
        let fill = prefilled(12, 6);
        let area = Rect::new(x, y, w, h);
        let kind = if thick { BorderType::Thick } else { BorderType::Rounded };
        let mut a = fill.clone();
        let border = Border { set: kind.to_border_set(), style: border_style };
        frame(&mut a, area, &border, &title, title_style);
        let mut b = fill;
        let block = Block::bordered()
            .border_type(kind)
            .border_style(border_style)
            .title(Line::from(title.clone()).style(title_style))
            .padding(Padding::horizontal(1));
        block.clone().render(area, &mut b);
        prop_assert_eq!(a, b);
        prop_assert_eq!(crate::ui::widgets::panel_inner(area), block.inner(area));
    }
}
