//! journeytop: a terminal dashboard for one live Oseh journey.
//!
//! Data flows one way: sources (live socket, stats poll, replay file, the
//! embedded simulator) turn what they hear into [`engine::Input`]s; the pure
//! [`engine`] folds them into the numbers on screen; outputs only read it.

pub mod cli;
pub mod clock;
pub mod dashboard;
pub mod demo;
pub mod exit;
pub mod headless;
pub mod live;
pub mod logging;
pub mod record;
pub mod replay;
pub mod simulate;
pub mod ui;
pub mod watch;
