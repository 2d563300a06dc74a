//! SIGINT, SIGTERM and SIGHUP, heard by one listener for the life of the
//! process. A listener made afresh in each loop turn misses the signals
//! that arrive between turns; this one never does: it is registered once,
//! and every waiter reads the same latched value.

use std::sync::OnceLock;
use tokio::sync::watch;

/// A signal that asks the process to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    Interrupt,
    Terminate,
    Hangup,
}

impl Signal {
    /// The shell's exit status for a process ended by this signal.
    pub fn exit_code(self) -> i32 {
        match self {
            Signal::Hangup => 128 + 1,
            Signal::Interrupt => 128 + 2,
            Signal::Terminate => 128 + 15,
        }
    }
}

static LATCH: OnceLock<watch::Receiver<Option<Signal>>> = OnceLock::new();

/// Starts the one listener; later calls do nothing. Call it from inside the
/// tokio runtime, before anything waits on [`shutdown`].
pub fn install() {
    LATCH.get_or_init(|| {
        let (tx, rx) = watch::channel(None);
        tokio::spawn(listen(tx));
        rx
    });
}

#[cfg(unix)]
async fn listen(tx: watch::Sender<Option<Signal>>) {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut term), Ok(mut hup)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::hangup()),
    ) else {
        tracing::warn!("cannot listen for SIGTERM/SIGHUP; Ctrl-C only");
        if tokio::signal::ctrl_c().await.is_ok() {
            tx.send_replace(Some(Signal::Interrupt));
        }
        return;
    };
    loop {
        let s = tokio::select! {
            r = tokio::signal::ctrl_c() => match r {
                Ok(()) => Signal::Interrupt,
                Err(_) => continue,
            },
            _ = term.recv() => Signal::Terminate,
            _ = hup.recv() => Signal::Hangup,
        };
        // The first signal wins; a second one does not change the answer.
        tx.send_if_modified(|v| {
            let first = v.is_none();
            if first {
                *v = Some(s);
            }
            first
        });
    }
}

#[cfg(not(unix))]
async fn listen(tx: watch::Sender<Option<Signal>>) {
    if tokio::signal::ctrl_c().await.is_ok() {
        tx.send_replace(Some(Signal::Interrupt));
    }
}

/// The signal that arrived, if one has.
pub fn received() -> Option<Signal> {
    LATCH.get().and_then(|rx| *rx.borrow())
}

/// Resolves when a stop signal has arrived (at once if one already has).
/// Installs the listener if nobody has yet.
pub async fn shutdown() -> Signal {
    install();
    let Some(rx) = LATCH.get() else {
        return std::future::pending().await;
    };
    let mut rx = rx.clone();
    match rx.wait_for(Option::is_some).await {
        Ok(s) => (*s).unwrap_or(Signal::Interrupt),
        // The listener is gone (runtime shutting down): never resolve.
        Err(_) => std::future::pending().await,
    }
}
