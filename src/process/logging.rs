//! Logs go to a file, never to the screen (the dashboard owns the terminal).

use std::path::PathBuf;

/// The default log file: `journeytop/journeytop.log` under the user's state
/// directory (or the local data directory where there is no state dir).
pub fn default_log_path() -> Option<PathBuf> {
    let base = dirs::state_dir().or_else(dirs::data_local_dir)?;
    Some(base.join("journeytop").join("journeytop.log"))
}

/// Starts logging to `path` (or the default). Returns a guard that flushes
/// on drop, or None when no log file could be opened — the tool still runs.
pub fn init(path: Option<PathBuf>) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let path = path.or_else(default_log_path)?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).ok()?;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .ok()?;
    let (writer, guard) = tracing_appender::non_blocking(file);
    let filter = tracing_subscriber::EnvFilter::try_from_env("JOURNEYTOP_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_env_filter(filter)
        .try_init()
        .ok()?;
    Some(guard)
}
