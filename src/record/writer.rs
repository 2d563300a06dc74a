//! Writing a recording as it happens.

use super::format::{self, EndReason, Header};
use crate::engine::Stamped;
use crate::protocol::{Jwt, Variant};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

/// Flushed at least this often while lines keep coming.
const FLUSH_EVERY: Duration = Duration::from_millis(500);

/// A recording being written. Cheap to clone: the tee task writes inputs and
/// the consumer writes the end line through the same file.
#[derive(Clone)]
pub struct Recorder {
    inner: Arc<Mutex<Inner>>,
}

struct Inner {
    path: PathBuf,
    out: Option<BufWriter<File>>,
    variant: Variant,
    /// The journey JWT, redacted wherever it might turn up.
    secret: Option<String>,
    last_flush: Instant,
    /// The first write error; later writes are skipped.
    error: Option<String>,
}

impl Recorder {
    /// Creates (truncates) `path` and writes the header. `jwt` is never
    /// written; it is only used to make sure of that.
    pub fn create(path: &Path, header: &Header, jwt: Option<&Jwt>) -> std::io::Result<Recorder> {
        let mut out = BufWriter::new(File::create(path)?);
        let secret = jwt.map(|j| j.expose().to_string());
        let line = format::redact(format::header_line(header), secret.as_deref());
        writeln!(out, "{line}")?;
        out.flush()?;
        Ok(Recorder {
            inner: Arc::new(Mutex::new(Inner {
                path: path.to_path_buf(),
                out: Some(out),
                variant: header.variant,
                secret,
                last_flush: Instant::now(),
                error: None,
            })),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves a usable writer.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Appends one input (buffered; see [`Recorder::flush`]).
    pub fn write(&self, stamped: &Stamped) {
        let mut inner = self.lock();
        let line = format::input_line(stamped, format::unix_now(), inner.variant);
        inner.write_line(line);
    }

    /// Pushes buffered lines to the file.
    pub fn flush(&self) {
        self.lock().flush();
    }

    /// Flushes if the last flush is older than the flush interval.
    fn flush_if_due(&self) {
        let mut inner = self.lock();
        if inner.last_flush.elapsed() >= FLUSH_EVERY {
            inner.flush();
        }
    }

    /// Writes the end line and closes the file; later writes are dropped.
    /// Returns the first write error, if any happened.
    pub fn finish(&self, t: f64, reason: EndReason) -> Result<(), String> {
        let mut inner = self.lock();
        if inner.out.is_some() {
            inner.write_line(format::end_line(t, format::unix_now(), reason));
            inner.flush();
            inner.out = None;
        }
        match &inner.error {
            Some(e) => Err(format!("recording to {} failed: {e}", inner.path.display())),
            None => Ok(()),
        }
    }
}

impl Inner {
    fn write_line(&mut self, line: String) {
        let line = format::redact(line, self.secret.as_deref());
        let Some(out) = self.out.as_mut() else { return };
        if let Err(e) = writeln!(out, "{line}") {
            self.fail(e);
        }
    }

    fn flush(&mut self) {
        self.last_flush = Instant::now();
        if let Some(out) = self.out.as_mut()
            && let Err(e) = out.flush()
        {
            self.fail(e);
        }
    }

    fn fail(&mut self, e: std::io::Error) {
        tracing::error!(path = %self.path.display(), error = %e, "recording stopped");
        self.error = Some(e.to_string());
        self.out = None;
    }
}

/// Records everything on `rx` and forwards it, in order, on the returned
/// channel: a consumer records without knowing. Each input is written before
/// it is forwarded, so whatever the consumer has seen is in the file; the
/// file is flushed whenever the source goes quiet and at least twice a second.
pub fn tee(mut rx: UnboundedReceiver<Stamped>, recorder: Recorder) -> UnboundedReceiver<Stamped> {
    let (tx, out) = unbounded_channel();
    tokio::spawn(async move {
        while let Some(s) = rx.recv().await {
            recorder.write(&s);
            // The consumer may be gone (quit); keep recording what comes.
            let _ = tx.send(s);
            if rx.is_empty() {
                recorder.flush();
            } else {
                recorder.flush_if_due();
            }
        }
        recorder.flush();
    });
    out
}
