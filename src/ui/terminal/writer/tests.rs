use super::*;
use crate::ui::widgets::cells::put_line;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Style};
use ratatui::text::Span;

/// Frame `n`: the screen cleared to a base style, a few lines that move
/// and change (wide characters among them).
fn frame(buf: &mut Buffer, n: usize) {
    let area = buf.area;
    for cell in &mut buf.content {
        cell.reset();
        cell.set_style(Style::new().bg(Color::Rgb(16, 18, 24)));
    }
    let texts = [
        "journeytop ─ live",
        "陈静 joined",
        "█▉▊▋ 42",
        "e\u{301}mile",
        "❤\u{fe0f} ok",
    ];
    for (i, t) in texts.iter().enumerate() {
        let y = area.y + u16::try_from((i + n) % usize::from(area.height.max(1))).unwrap_or(0);
        let style = Style::new().fg(Color::Indexed(u8::try_from(n % 7).unwrap_or(0)));
        let row = Rect {
            y,
            height: 1,
            x: area.x + u16::try_from(n % 3).unwrap_or(0),
            ..area
        };
        put_line(buf, row.intersection(area), &[Span::styled(*t, style)]);
    }
}

/// The same frames through `FrameWriter` and through ratatui's `Terminal::draw`
/// leave the same cells on the (test) terminal, resizes included.
#[test]
fn the_terminal_shows_what_ratatui_would_have_written() {
    let sizes = [
        (30, 6),
        (30, 6),
        (30, 6),
        (12, 4),
        (12, 4),
        (40, 8),
        (40, 8),
        (40, 8),
    ];
    let mut ours = Terminal::new(TestBackend::new(30, 6)).unwrap();
    let mut theirs = Terminal::new(TestBackend::new(30, 6)).unwrap();
    let mut screen = FrameWriter::default();
    for (n, (w, h)) in sizes.into_iter().enumerate() {
        ours.backend_mut().resize(w, h);
        theirs.backend_mut().resize(w, h);
        screen.draw(&mut ours, |buf| frame(buf, n)).unwrap();
        theirs.draw(|f| frame(f.buffer_mut(), n)).unwrap();
        assert_eq!(
            ours.backend().buffer(),
            theirs.backend().buffer(),
            "frame {n}"
        );
    }
}
