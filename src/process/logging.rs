//! Logs go to a file, never to the screen (the dashboard owns the terminal).

use std::path::{Path, PathBuf};

/// How many default log files of one command are kept (this run's included).
pub const KEEP_PER_COMMAND: usize = 5;

/// The folder of the default log files: `journeytop/` under the user's
/// state directory (or the local data directory where there is no state
/// dir).
pub fn default_log_dir() -> Option<PathBuf> {
    let base = dirs::state_dir().or_else(dirs::data_local_dir)?;
    Some(base.join("journeytop"))
}

/// This process's default log file name: `<command>-<pid>.log`, so two
/// processes never interleave their lines.
pub fn default_log_name(command: &str) -> String {
    format!("{command}-{}.log", std::process::id())
}

/// Whether `name` is one of `command`'s default log files.
fn is_log_of(name: &str, command: &str) -> bool {
    name.strip_prefix(command)
        .and_then(|rest| rest.strip_prefix('-'))
        .and_then(|rest| rest.strip_suffix(".log"))
        .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

/// Deletes `command`'s older default log files in `dir` so that, with the
/// one about to be written, at most `keep` remain: the newest (by
/// modification time, then name) stay. Other files are never touched.
/// Returns how many were deleted; a file that cannot be deleted is left.
pub fn prune(dir: &Path, command: &str, keep: usize) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut logs: Vec<(std::time::SystemTime, String, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            if !is_log_of(&name, command) || !e.file_type().ok()?.is_file() {
                return None;
            }
            let modified = e.metadata().and_then(|m| m.modified()).ok()?;
            Some((modified, name, e.path()))
        })
        .collect();
    // Newest first; the new file takes one of the `keep` places.
    logs.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.cmp(&a.1)));
    logs.iter()
        .skip(keep.saturating_sub(1))
        .filter(|(_, _, path)| std::fs::remove_file(path).is_ok())
        .count()
}

/// Starts logging to `path` (or this command's default file, after pruning
/// the command's older ones). Returns a guard that flushes on drop. A
/// `--log-file` that cannot be written is an error in words (the caller
/// exits 2 before doing anything); when only the default log file cannot
/// be opened, the tool runs without a log.
pub fn init(
    command: &str,
    path: Option<PathBuf>,
) -> Result<Option<tracing_appender::non_blocking::WorkerGuard>, String> {
    let asked = path.is_some();
    let path = match path {
        Some(p) => p,
        None => {
            let Some(dir) = default_log_dir() else {
                return Ok(None);
            };
            prune(&dir, command, KEEP_PER_COMMAND);
            dir.join(default_log_name(command))
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    fn touch(dir: &Path, name: &str, age_s: u64) {
        let path = dir.join(name);
        std::fs::write(&path, name).unwrap();
        let when = SystemTime::now() - Duration::from_secs(age_s);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_modified(when)
            .unwrap();
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn pruning_keeps_the_newest_of_one_command_and_nothing_else_is_touched() {
        let dir = std::env::temp_dir().join(format!("journeytop-prune-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        // Seven watch logs, oldest first by pid order reversed on purpose:
        // age decides, not the pid.
        for (i, pid) in [70, 60, 50, 40, 30, 20, 10].iter().enumerate() {
            touch(&dir, &format!("watch-{pid}.log"), 100 - i as u64 * 10);
        }
        touch(&dir, "demo-1.log", 1000);
        touch(&dir, "journeytop.log", 1000);
        touch(&dir, "watch-notes.log", 1000);
        touch(&dir, "watchful-3.log", 1000);
        assert_eq!(prune(&dir, "watch", 5), 3);
        assert_eq!(
            names(&dir),
            [
                "demo-1.log",
                "journeytop.log",
                "watch-10.log",
                "watch-20.log",
                "watch-30.log",
                "watch-40.log",
                "watch-notes.log",
                "watchful-3.log",
            ]
        );
        // Few enough: nothing goes.
        assert_eq!(prune(&dir, "demo", 5), 0);
        assert_eq!(prune(&dir.join("missing"), "watch", 5), 0);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn default_names_carry_the_command_and_pid() {
        let name = default_log_name("simulate");
        assert!(is_log_of(&name, "simulate"), "{name}");
        assert!(!is_log_of(&name, "sim"));
        assert!(!is_log_of("simulate-.log", "simulate"));
    }
}
