//! Exit codes, documented in `--help`.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    Ok = 0,
    Usage = 2,
    AuthRefused = 3,
    NotFound = 4,
    ConnectionFailed = 5,
}

impl ExitCode {
    pub fn code(self) -> i32 {
        self as i32
    }
}

/// An error that ends the program, with the code to exit with. The message
/// is plain words with what to do; it never contains the JWT.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Fatal {
    pub code: ExitCode,
    pub message: String,
}

impl Fatal {
    pub fn new(code: ExitCode, message: impl Into<String>) -> Fatal {
        Fatal {
            code,
            message: message.into(),
        }
    }

    pub fn usage(message: impl Into<String>) -> Fatal {
        Fatal::new(ExitCode::Usage, message)
    }
}

/// Writing our output failed. A closed pipe (`journeytop … | head`) is the
/// reader's choice and ends quietly; anything else is said.
pub fn stdout_failed(e: &std::io::Error) -> Fatal {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Fatal::new(ExitCode::Ok, "")
    } else {
        Fatal::new(ExitCode::Ok, format!("cannot write to stdout: {e}"))
    }
}
