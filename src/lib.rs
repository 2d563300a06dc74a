//! journeytop: a terminal dashboard for live Oseh journeys.
//!
//! Data flows one way: sources (live socket, stats poll, replay file, the
//! embedded simulator) turn what they hear into `journeytop_engine::Input`s;
//! the pure engine folds them into the numbers on screen; outputs (the
//! dashboard, headless lines, the recorder) only read it. See
//! docs/ARCHITECTURE.md.

pub mod channel;
pub mod cli;
pub mod clock;
pub mod commands;
pub mod live;
pub mod output;
pub mod process;
pub mod record;
pub mod ui;

/// The fold frees as many small strings as the decode makes, thousands a
/// second: mimalloc's per-thread free lists keep that off glibc's slow
/// paths (docs/PERFORMANCE.md). Every binary that links this crate — the
/// app, its tests and benches — runs on it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
