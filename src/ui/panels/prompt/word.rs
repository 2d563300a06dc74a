//! The word prompt: one bar per word, the leader highlighted.

use super::Scene;
use super::choices::{self, Options};
use crate::ui::text::{pad, width};
use crate::ui::theme::Theme;
use crate::ui::view::{Numbers, Options as PromptOptions};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;

struct Words<'a> {
    words: &'a [String],
    theme: &'a Theme,
}

pub(super) fn draw(scene: &Scene, area: Rect, buf: &mut Buffer) {
    let words = match &scene.view.options {
        PromptOptions::Words(w) => w.as_slice(),
        _ => &[],
    };
    let words = Words {
        words,
        theme: scene.theme,
    };
    choices::draw(scene, &words, area, buf);
}

impl Options for Words<'_> {
    fn counts<'n>(&self, nums: &'n Numbers) -> Option<&'n Vec<u64>> {
        nums.word.as_ref()
    }

    fn label_width(&self, w: usize) -> usize {
        let longest = self
            .words
            .iter()
            .map(|x| width(x))
            .max()
            .unwrap_or(9)
            .max(9);
        (2 + longest).min(w * 2 / 5).max(6)
    }

    fn label(
        &self,
        i: usize,
        lead: bool,
        label_w: usize,
        spans: &mut Vec<Span<'static>>,
    ) -> (Style, Style) {
        let theme = self.theme;
        spans.push(Span::styled(
            pad(&self.name(i), label_w.saturating_sub(2)),
            if lead { theme.title } else { theme.text },
        ));
        (if lead { theme.accent } else { theme.bar }, theme.text)
    }

    fn name(&self, i: usize) -> String {
        self.words
            .get(i)
            .cloned()
            .unwrap_or_else(|| format!("option #{}", i + 1))
    }
}
