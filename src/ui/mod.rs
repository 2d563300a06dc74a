//! The terminal dashboard, by role:
//!
//! - [`app`]: view state (focus, help, freeze, scope, zoom, theme);
//!   [`keys`]: the one key table, and dispatch.
//! - [`view`]: the engine's state as drawn, with untrusted text cleaned.
//! - [`layout`]: the whole screen; [`panels`] and [`screens`] draw its
//!   parts from the shared [`widgets`]. Render is pure: it draws a [`View`]
//!   with the [`App`]'s view state.
//! - [`runtime`] (live) and [`replay_loop`] run the event loops; [`terminal`] is
//!   the only place that sets the terminal up and restores it; [`painter`]
//!   picks the parts of the live screen a frame draws.

pub(crate) mod app;
pub(crate) mod figures;
pub(crate) mod keys;
pub(crate) mod layout;
pub(crate) mod meta;
pub(crate) mod overview;
pub(crate) mod painter;
pub(crate) mod panels;
pub mod replay_loop;
pub(crate) mod runtime;
pub(crate) mod screens;
pub(crate) mod term_events;
pub(crate) mod terminal;
pub mod text;
pub mod theme;
pub mod view;
pub(crate) mod widgets;

pub use app::{App, Focus, Meta, Mode, Scope, StatsPlan};
pub use layout::render;
pub(crate) use runtime::{Outcome, run};
pub use theme::{ColorMode, ThemeName};
pub use view::View;

/// The drawing entry points under the path benches and fuzz targets use.
pub mod render {
    pub use super::layout::{Part, draw};
    pub use super::painter::{Drawn, Painter};
    pub use super::terminal::FrameWriter;
}
