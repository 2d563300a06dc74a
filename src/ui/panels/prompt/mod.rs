//! The prompt panel: the frame and its title, then one drawing per style —
//! numeric histogram with the room mood, press-and-hold meter, color bars
//! in their own colors, word bars — and an honest panel when the prompt is
//! not known.

mod choices;
mod color;
mod numeric;
mod press;
mod rows;
mod word;

use super::Panel;
use crate::ui::figures::compact;
use crate::ui::theme::Theme;
use crate::ui::view::View;
use crate::ui::widgets::figure::{Scoped, scoped};
use crate::ui::widgets::panel;
use journeytop_engine::StyleInfo;
use journeytop_protocol::Style as PromptStyle;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

pub(crate) struct PromptPanel<'a>(pub(crate) Panel<'a>);

/// What a style's drawing reads.
struct Scene<'a> {
    view: &'a View,
    /// The scope that drives the numbers.
    scoped: Scoped<'a>,
    /// The timeline window (`None`: the whole journey).
    window: Option<u64>,
    theme: &'a Theme,
}

impl Widget for PromptPanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Panel {
            view,
            app,
            theme,
            focused,
        } = self.0;
        let scene = Scene {
            view,
            scoped: scoped(view, app),
            window: app.window(),
            theme,
        };
        let (style, inferred) = match view.style {
            StyleInfo::Known(st) => (Some(st), false),
            StyleInfo::Inferred(st) => (Some(st), true),
            StyleInfo::Unknown => (None, false),
        };
        let title = title(style, inferred, scene.scoped.label);
        let inner = panel(buf, area, &title, focused, theme);
        if inner.height == 0 || inner.width == 0 {
            return;
        }
        match style {
            Some(PromptStyle::Numeric) => numeric::draw(&scene, inner, buf),
            Some(PromptStyle::Press) => press::draw(&scene, inner, buf),
            Some(PromptStyle::Color) => color::draw(&scene, inner, buf),
            Some(PromptStyle::Word) => word::draw(&scene, inner, buf),
            None => unknown(view, theme, inner, buf),
        }
    }
}

fn title(style: Option<PromptStyle>, inferred: bool, scope: &str) -> String {
    let Some(style) = style else {
        return " Prompt · not known yet ".to_string();
    };
    let name = match style {
        PromptStyle::Numeric => "Numeric prompt",
        PromptStyle::Press => "Press and hold",
        PromptStyle::Color => "Color prompt",
        PromptStyle::Word => "Word prompt",
    };
    if inferred {
        format!(" {name} (inferred from answers) · {scope} ")
    } else {
        format!(" {name} · {scope} ")
    }
}

fn unknown(view: &View, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let lines = vec![
        Line::from(Span::styled("The prompt was not given.", theme.title)),
        Line::from(Span::styled(
            "Its style will be inferred from answers as they arrive; until then only \
             participants and likes are counted.",
            theme.text,
        )),
        Line::from(""),
        Line::from(Span::styled(
            format!(
                "events received {} · applied {}",
                compact(view.counts.received),
                compact(view.counts.applied)
            ),
            theme.dim,
        )),
    ];
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}
