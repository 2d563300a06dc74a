//! Reading the small files a user names (journey files, JWTs, prompts,
//! secrets, CA certificates): regular files only, and never more than a cap,
//! so `/dev/zero` cannot fill memory and a FIFO cannot block for ever.

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// The most any of these small files may hold.
pub(crate) const SMALL_FILE_CAP: u64 = 1024 * 1024;

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("cannot read the {what} {path}: {source}")]
    Io {
        what: &'static str,
        path: String,
        source: std::io::Error,
    },
    #[error("the {what} {path} is not a regular file (a FIFO, a device or a folder is never read)")]
    NotRegular { what: &'static str, path: String },
    #[error("the {what} {path} is larger than {cap} bytes")]
    TooLarge {
        what: &'static str,
        path: String,
        cap: u64,
    },
    #[error("the {what} {path} is not UTF-8 text")]
    NotText { what: &'static str, path: String },
}

/// Opens `path` for reading if it is a regular file, without blocking:
/// the open does not wait (`O_NONBLOCK`, so a FIFO with no writer opens at
/// once), and the type is checked on the opened handle, so nothing can be
/// swapped in between the check and the read. A FIFO, a device such as
/// `/dev/zero`, a socket or a folder is refused. Every file journeytop
/// reads goes through here.
pub(crate) fn open_regular(path: &Path, what: &'static str) -> Result<File, FileError> {
    let shown = || crate::ui::text::sanitize(&path.display().to_string());
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let io = |source| FileError::Io {
        what,
        path: shown(),
        source,
    };
    let file = options.open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        return Err(FileError::NotRegular {
            what,
            path: shown(),
        });
    }
    Ok(file)
}

/// Reads a regular file of at most `cap` bytes.
pub(crate) fn read_capped(path: &Path, what: &'static str, cap: u64) -> Result<Vec<u8>, FileError> {
    let shown = || journeytop_protocol::text::sanitize(&path.display().to_string());
    let io = |source| FileError::Io {
        what,
        path: shown(),
        source,
    };
    let file = open_regular(path, what)?;
    let mut bytes = Vec::new();
    file.take(cap + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > cap {
        return Err(FileError::TooLarge {
            what,
            path: shown(),
            cap,
        });
    }
    Ok(bytes)
}

/// Reads a small regular text file (at most [`SMALL_FILE_CAP`]).
pub(crate) fn read_small_text(path: &Path, what: &'static str) -> Result<String, FileError> {
    let bytes = read_capped(path, what, SMALL_FILE_CAP)?;
    String::from_utf8(bytes).map_err(|_| FileError::NotText {
        what,
        path: journeytop_protocol::text::sanitize(&path.display().to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_and_large_files_are_refused() {
        let e = read_capped(Path::new("/dev/zero"), "journey file", 16).unwrap_err();
        assert!(matches!(e, FileError::NotRegular { .. }), "{e}");
        let dir = std::env::temp_dir().join(format!("jt-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let big = dir.join("big");
        std::fs::write(&big, vec![b'x'; 17]).unwrap();
        let e = read_capped(&big, "JWT file", 16).unwrap_err();
        assert!(e.to_string().contains("larger than 16 bytes"), "{e}");
        assert_eq!(read_capped(&big, "JWT file", 17).unwrap().len(), 17);
        let e = read_capped(&dir, "JWT file", 16).unwrap_err();
        assert!(matches!(e, FileError::NotRegular { .. }), "{e}");
        // A FIFO with no writer: refused at once, never waited on.
        let fifo = dir.join("fifo");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let e = open_regular(&fifo, "recording").unwrap_err();
        assert!(matches!(e, FileError::NotRegular { .. }), "{e}");
        assert!(e.to_string().contains("recording"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
