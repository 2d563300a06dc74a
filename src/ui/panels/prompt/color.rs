//! The color prompt: each option's bar in its own color, with a swatch and
//! a human name next to the hex, so color never carries meaning alone.

use super::Scene;
use super::choices::{self, Options};
use crate::ui::text::pad;
use crate::ui::theme::Theme;
use crate::ui::view::{Numbers, View};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;

struct Colors<'a> {
    view: &'a View,
    theme: &'a Theme,
}

pub(super) fn draw(scene: &Scene, area: Rect, buf: &mut Buffer) {
    let colors = Colors {
        view: scene.view,
        theme: scene.theme,
    };
    choices::draw(scene, &colors, area, buf);
}

impl Options for Colors<'_> {
    fn counts<'n>(&self, nums: &'n Numbers) -> Option<&'n Vec<u64>> {
        nums.color.as_ref()
    }

    fn label_width(&self, w: usize) -> usize {
        // Marker, framed swatch, name and hex.
        (2 + 5 + 10 + 8).min(w / 2)
    }

    fn label(
        &self,
        i: usize,
        lead: bool,
        label_w: usize,
        spans: &mut Vec<Span<'static>>,
    ) -> (Style, Style) {
        let theme = self.theme;
        match self.view.color(i) {
            Some(c) => {
                let sw = theme.swatch(c.rgb);
                let name = pad(&format!("{} {}", c.name, c.hex), label_w.saturating_sub(7));
                spans.push(Span::styled("▐██▌", sw));
                spans.push(Span::raw(" "));
                spans.push(Span::styled(
                    name,
                    if lead { theme.title } else { theme.text },
                ));
                // The bar in the color itself, on the theme's background.
                (theme.swatch_bar(c.rgb), theme.text)
            }
            None => {
                spans.push(Span::styled(
                    pad(&format!("color #{}", i + 1), label_w.saturating_sub(2)),
                    theme.text,
                ));
                (theme.bar, theme.text)
            }
        }
    }

    fn name(&self, i: usize) -> String {
        self.view
            .color(i)
            .map(|c| format!("{} {}", c.name, c.hex))
            .unwrap_or_else(|| format!("color #{}", i + 1))
    }
}
