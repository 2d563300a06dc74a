//! What can end following a journey, in the live layer's own words. The
//! command layer decides which exit code each one becomes.

use crate::process::files::FileError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LiveError {
    /// Something the user gave cannot be used: a flag, a file, a URL.
    #[error("{0}")]
    Input(String),
    /// The server refused the JWT.
    #[error("{0}")]
    Refused(String),
    /// The server does not know the journey.
    #[error("{0}")]
    NotFound(String),
    /// The server rejected the request as invalid (422) or broke the protocol.
    #[error("{0}")]
    Rejected(String),
    /// The connection failed too many times in a row.
    #[error("{0}")]
    GaveUp(String),
}

impl LiveError {
    pub fn input(message: impl Into<String>) -> LiveError {
        LiveError::Input(message.into())
    }
}

impl From<FileError> for LiveError {
    fn from(e: FileError) -> LiveError {
        LiveError::Input(e.to_string())
    }
}
