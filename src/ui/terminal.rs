//! Terminal lifecycle, for the live and the replay dashboard alike: raw
//! mode and the alternate screen on the way in, and the terminal restored
//! on every way out — normal return, error, panic (also inside spawned
//! tokio tasks), SIGTERM and SIGHUP. Ctrl-C arrives as a key in raw mode
//! and quits through the normal path.

use crossterm::{cursor, execute, terminal};
use ratatui::backend::CrosstermBackend;
use std::io::{self, BufWriter, Stdout, stdout};
use std::sync::atomic::{AtomicBool, Ordering};

mod diff;
mod size_cache;
mod writer;
pub(crate) use size_cache::{SizeCached, note_resize};
pub use writer::FrameWriter;

/// The terminal while a dashboard runs: set up by [`Session::start`],
/// restored when dropped (early returns and `?` included).
pub(crate) struct Session {
    // Fields drop in order: restore first, as the dashboards always did.
    _restore: Guard,
    terminal: DefaultTerminal,
}

impl Session {
    /// Takes over the terminal and watches for SIGTERM / SIGHUP. Needs a
    /// tokio runtime.
    pub(crate) fn start() -> io::Result<Session> {
        use std::io::IsTerminal;
        // A pipe or a file would get escape sequences, and the keys would
        // come from a terminal nobody is looking at.
        if !stdout().is_terminal() {
            return Err(io::Error::other("stdout is not a terminal"));
        }
        let terminal = init()?;
        // Signals are the one listener's (`process::signals`): each
        // dashboard loop returns on it, dropping this guard, which restores
        // the terminal before the process exits with the signal's code.
        let restore = Guard;
        Ok(Session {
            _restore: restore,
            terminal,
        })
    }

    pub(crate) fn terminal(&mut self) -> &mut DefaultTerminal {
        &mut self.terminal
    }
}

/// The dashboards' terminal. A frame's escape sequences gather in one
/// buffer and reach the terminal in one write when ratatui flushes at the
/// end of the frame; stdout alone is line buffered with a small buffer,
/// which made a busy frame many writes.
/// Its size is read from the terminal once and again after each resize
/// (see [`SizeCached`]).
pub(crate) type DefaultTerminal =
    ratatui::Terminal<SizeCached<CrosstermBackend<BufWriter<Stdout>>>>;

/// Room for a full 200×60 frame of colored cells, so a frame is one write.
const FRAME_BUFFER: usize = 256 * 1024;

/// Whether the terminal is in our raw/alternate-screen state.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Enters raw mode and the alternate screen, hides the cursor and installs
/// the panic hook. Pair with [`restore`] (or hold a [`Guard`]).
pub(crate) fn init() -> io::Result<DefaultTerminal> {
    install_panic_hook();
    terminal::enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    // The mouse wheel scrolls the feed.
    if let Err(e) = execute!(
        stdout(),
        terminal::EnterAlternateScreen,
        crossterm::event::EnableMouseCapture,
        cursor::Hide
    ) {
        restore();
        return Err(e);
    }
    match ratatui::Terminal::new(SizeCached::new(CrosstermBackend::new(
        BufWriter::with_capacity(FRAME_BUFFER, stdout()),
    ))) {
        Ok(t) => Ok(t),
        Err(e) => {
            restore();
            Err(e)
        }
    }
}

/// Leaves the alternate screen, shows the cursor, disables raw mode. Safe to
/// call more than once and from any thread; only the first call acts.
pub(crate) fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        // Raw mode first: it has the larger side effects if left on.
        let _ = terminal::disable_raw_mode();
        let _ = execute!(
            stdout(),
            crossterm::event::DisableMouseCapture,
            terminal::LeaveAlternateScreen,
            cursor::Show
        );
    }
}

/// Restores the terminal when dropped (early returns and `?`).
#[derive(Debug)]
pub(crate) struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// A panic anywhere (the UI task or any spawned task) restores the terminal,
/// prints the message on the normal screen, and ends the process: a panic
/// inside a tokio task would otherwise leave the UI running on a dead state.
pub(crate) fn install_panic_hook() {
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let was_active = ACTIVE.load(Ordering::SeqCst);
        restore();
        previous(info);
        if was_active {
            std::process::exit(101);
        }
    }));
}
