//! Logs go to a file, never to the screen (the dashboard owns the terminal).

use std::path::PathBuf;

/// The default log file: `journeytop/journeytop.log` under the user's state
/// directory (or the local data directory where there is no state dir).
pub fn default_log_path() -> Option<PathBuf> {
    let base = dirs::state_dir().or_else(dirs::data_local_dir)?;
    Some(base.join("journeytop").join("journeytop.log"))
}

/// Starts logging to `path` (or the default). Returns a guard that flushes
/// on drop. A `--log-file` that cannot be written is an error in words (the
/// caller exits 2 before doing anything); when only the default log file
/// cannot be opened, the tool runs without a log.
pub fn init(
    path: Option<PathBuf>,
) -> Result<Option<tracing_appender::non_blocking::WorkerGuard>, String> {
    let asked = path.is_some();
    let Some(path) = path.or_else(default_log_path) else {
        return Ok(None);
    };
    match open(&path) {
        Ok(file) => Ok(start(file)),
        Err(e) if asked => Err(format!(
            "cannot write the log file {}: {e}",
            journeytop_protocol::text::sanitize(&path.display().to_string())
        )),
        Err(_) => Ok(None),
    }
}

/// Opens (appending) a log file, creating its folder; a folder or an
/// unwritable path is an error.
fn open(path: &std::path::Path) -> Result<std::fs::File, String> {
    if path.is_dir() {
        return Err("it is a directory".to_string());
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create its folder ({e})"))?;
    }
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| e.to_string())
}

fn start(file: std::fs::File) -> Option<tracing_appender::non_blocking::WorkerGuard> {
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
