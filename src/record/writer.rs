//! Writing a recording as it happens.

use super::format::{self, EndReason, Header};
use crate::channel::{InputReceiver, input_channel};
use journeytop_engine::Stamped;
use journeytop_protocol::{Jwt, Variant};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

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
        self.flush_if_due_at(Instant::now());
    }

    /// [`Recorder::flush_if_due`] with the time given (tests pass exact
    /// instants).
    fn flush_if_due_at(&self, now: Instant) {
        let mut inner = self.lock();
        if now.saturating_duration_since(inner.last_flush) >= FLUSH_EVERY {
            inner.flush_at(now);
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
            self.fail(&e);
        }
    }

    fn flush(&mut self) {
        self.flush_at(Instant::now());
    }

    fn flush_at(&mut self, now: Instant) {
        self.last_flush = now;
        if let Some(out) = self.out.as_mut()
            && let Err(e) = out.flush()
        {
            self.fail(&e);
        }
    }

    fn fail(&mut self, e: &std::io::Error) {
        tracing::error!(path = %self.path.display(), error = %e, "recording stopped");
        self.error = Some(e.to_string());
        self.out = None;
    }
}

/// Records everything on `rx` and forwards it, in order, on the returned
/// channel: a consumer records without knowing. Each input is written before
/// it is forwarded, so whatever the consumer has seen is in the file; the
/// file is flushed whenever the source goes quiet and at least twice a second.
pub fn tee(mut rx: InputReceiver, recorder: Recorder) -> InputReceiver {
    let (tx, out) = input_channel();
    tokio::spawn(async move {
        while let Some(s) = rx.recv().await {
            recorder.write(&s);
            // The consumer may be gone (quit); keep recording what comes.
            let _ = tx.send(s).await;
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

#[cfg(test)]
mod tests {
    use super::*;
    use journeytop_engine::{Connection, Input, Link};
    use journeytop_protocol::{Event, EventBatch, EventData, Icon};

    #[tokio::test]
    async fn tee_forwards_in_order_and_the_file_is_readable_before_finish() {
        let path =
            std::env::temp_dir().join(format!("journeytop-tee-{}.jsonl", std::process::id()));
        let jwt = Jwt::new("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl");
        let header = Header::new(Variant::Journeys, "oseh_j_x", None, Some(10.0), 0.0);
        let recorder = Recorder::create(&path, &header, Some(&jwt)).unwrap();
        let (tx, rx) = input_channel();
        let mut out = tee(rx, recorder.clone());
        let ev = Event {
            uid: "oseh_je_1".into(),
            user_sub: None,
            session_uid: Some("oseh_js_1".into()),
            time: 0.5,
            icon: Some(Box::new(Icon {
                uid: "oseh_if_1".into(),
                jwt: jwt.clone(),
            })),
            data: EventData::Like,
        };
        let inputs = [
            Input::Link(Link::new(Connection::Live)),
            Input::Batch(EventBatch {
                events: vec![ev],
                malformed: vec!["bad".into()],
            }),
            Input::Latency { offset: 0.01 },
            Input::MalformedPacket {
                reason: "not JSON".into(),
            },
            Input::UnknownPacket { kind: "x".into() },
        ];
        for (i, input) in inputs.into_iter().enumerate() {
            tx.send(Stamped {
                at: i as f64,
                input,
            })
            .await
            .unwrap();
        }
        for i in 0..5 {
            assert_eq!(out.recv().await.unwrap().at, i as f64, "in order");
        }
        // Flushed as soon as the source went quiet: a killed process loses nothing here.
        tokio::time::sleep(Duration::from_millis(50)).await;
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("eyJ"), "{text}");
        let rec = super::super::reader::parse(text.as_bytes(), "t").unwrap();
        assert!(rec.problems.is_empty(), "{:?}", rec.problems);
        assert_eq!(rec.inputs.len(), 5);
        assert!(rec.end.is_none());
        recorder.finish(4.5, EndReason::Until).unwrap();
        recorder.write(&Stamped {
            at: 9.0,
            input: Input::Latency { offset: 0.0 },
        });
        let rec = super::super::reader::parse(&std::fs::read(&path).unwrap(), "t").unwrap();
        assert_eq!(rec.end, Some((4.5, EndReason::Until)));
        assert_eq!(rec.inputs.len(), 5, "nothing after the end");
        let _ = std::fs::remove_file(&path);
    }

    /// "A killed process loses at most the last half second": while inputs
    /// keep coming (the tee never sees a quiet source), what was written is
    /// in the file once 500 ms have passed since the last flush — not at
    /// 499 ms, exactly at 500 ms, and again 500 ms later.
    #[test]
    fn a_busy_recording_reaches_the_file_every_half_second() {
        let path =
            std::env::temp_dir().join(format!("journeytop-flush-{}.jsonl", std::process::id()));
        let header = Header::new(Variant::Journeys, "oseh_j_x", None, Some(10.0), 0.0);
        let recorder = Recorder::create(&path, &header, None).unwrap();
        let lines = || std::fs::read_to_string(&path).unwrap().lines().count();
        let start = recorder.lock().last_flush;
        let ms = |n: u64| start + Duration::from_millis(n);
        let latency = |at: f64| Stamped {
            at,
            input: Input::Latency { offset: 0.0 },
        };
        assert_eq!(lines(), 1, "the header is flushed at once");
        recorder.write(&latency(0.1));
        recorder.flush_if_due_at(ms(250));
        recorder.write(&latency(0.2));
        recorder.flush_if_due_at(ms(499));
        assert_eq!(lines(), 1, "flushed before the interval");
        recorder.flush_if_due_at(ms(500));
        assert_eq!(lines(), 3, "not flushed at 500 ms");
        recorder.write(&latency(0.6));
        recorder.flush_if_due_at(ms(999));
        assert_eq!(lines(), 3, "the interval restarts at each flush");
        recorder.flush_if_due_at(ms(1000));
        assert_eq!(lines(), 4);
        let _ = std::fs::remove_file(&path);
    }
}
