//! The recording file: JSONL, one header line then one line per stamped
//! input, each with its journey time `t` and local receive time `wall`.
//!
//! ```text
//! {"format":"journeytop-recording","version":1,"variant":"interactive-prompts","uid":"oseh_ip_…","prompt":{…},"duration":20.0,"journeytop":"0.1.0","started":1718000000.123,"start_at":0.0}
//! {"t":0.0,"wall":1718000000.124,"kind":"link","connection":"connecting"}
//! {"t":0.412,"wall":1718000000.536,"kind":"batch","events":[{…wire event…}]}
//! {"t":0.9,"wall":1718000001.024,"kind":"stats","bin":0,"response":{…}}
//! {"t":3.0,"wall":1718000003.124,"kind":"end","reason":"until"}
//! ```
//!
//! No JWT is ever written: icon JWTs are blanked, and every line passes
//! through [`redact`] before it reaches the file.

use journeytop_engine::{Connection, Input, Link, Stamped};
use journeytop_protocol::{
    Event, EventList, EventListWithoutPosters, Icon, JourneySpec, Jwt, Posters, Prompt,
    StatsResponse, Variant,
};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::borrow::Cow;

pub(crate) const FORMAT: &str = "journeytop-recording";
pub(crate) const VERSION: u32 = 1;

/// The first line of a recording.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    pub version: u32,
    pub variant: Variant,
    pub uid: String,
    pub prompt: Option<Prompt>,
    /// The prompt's duration in seconds (what the stats bins span).
    pub duration: Option<f64>,
    /// The journeytop version that wrote the file.
    pub journeytop: String,
    /// Unix seconds when recording started.
    pub started: f64,
    /// The journey time at which the client's clock started (`--start-at`).
    pub start_at: f64,
}

impl Header {
    pub fn new(
        variant: Variant,
        uid: impl Into<String>,
        prompt: Option<Prompt>,
        duration: Option<f64>,
        start_at: f64,
    ) -> Header {
        Header {
            format: FORMAT.to_string(),
            version: VERSION,
            variant,
            uid: uid.into(),
            prompt,
            duration,
            journeytop: env!("CARGO_PKG_VERSION").to_string(),
            started: unix_now(),
            start_at,
        }
    }

    /// The header for following `spec` with the clock starting at `start_at`.
    /// The spec's JWT is deliberately not taken.
    pub fn for_spec(spec: &JourneySpec, start_at: f64) -> Header {
        Header::new(
            spec.variant,
            spec.uid.clone(),
            spec.prompt.clone(),
            Some(spec.prompt_duration()),
            start_at,
        )
    }
}

/// Why the recording ended, on its last line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// The journey ended or the connection failed for good.
    SourceDone,
    /// `--until` was reached.
    Until,
    /// Ctrl-C / SIGTERM.
    Signal,
    /// The dashboard was closed.
    Quit,
}

/// Seconds since the Unix epoch, now.
pub(crate) fn unix_now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

// ---- writing ------------------------------------------------------------

#[derive(Serialize)]
struct OutLine<'a> {
    t: f64,
    wall: f64,
    #[serde(flatten)]
    body: OutBody<'a>,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum OutBody<'a> {
    Batch {
        events: Vec<journeytop_protocol::event::WireEventRef<'a>>,
        #[serde(skip_serializing_if = "<[String]>::is_empty")]
        malformed: &'a [String],
    },
    Stats {
        bin: usize,
        response: &'a StatsResponse,
    },
    Latency {
        offset: f64,
    },
    Link(&'a Link),
    MalformedPacket {
        reason: &'a str,
    },
    UnknownPacket {
        packet: &'a str,
    },
    End {
        reason: EndReason,
    },
}

/// An event with its icon's image JWT blanked (the icon's presence is all
/// the dashboard uses).
fn scrub(ev: &Event) -> Cow<'_, Event> {
    match &ev.icon {
        Some(icon) if !icon.jwt.is_empty() => {
            let mut e = ev.clone();
            e.icon = Some(Box::new(Icon {
                uid: icon.uid.clone(),
                jwt: Jwt::new(""),
            }));
            Cow::Owned(e)
        }
        _ => Cow::Borrowed(ev),
    }
}

/// One recording line (no newline) for a stamped input received at `wall`.
pub(crate) fn input_line(stamped: &Stamped, wall: f64, variant: Variant) -> String {
    let scrubbed: Vec<Cow<'_, Event>>;
    let body = match &stamped.input {
        Input::Batch(batch) => {
            scrubbed = batch.events.iter().map(scrub).collect();
            OutBody::Batch {
                events: scrubbed.iter().map(|e| e.wire(variant)).collect(),
                malformed: &batch.malformed,
            }
        }
        Input::Stats { bin, response } => OutBody::Stats {
            bin: *bin,
            response,
        },
        Input::Latency { offset } => OutBody::Latency { offset: *offset },
        Input::Link(link) => OutBody::Link(link),
        Input::MalformedPacket { reason } => OutBody::MalformedPacket { reason },
        Input::UnknownPacket { kind } => OutBody::UnknownPacket { packet: kind },
    };
    to_line(&OutLine {
        t: stamped.at,
        wall,
        body,
    })
}

/// The last line: the journey time at which the recording stopped.
pub(crate) fn end_line(t: f64, wall: f64, reason: EndReason) -> String {
    to_line(&OutLine {
        t,
        wall,
        body: OutBody::End { reason },
    })
}

pub(crate) fn header_line(header: &Header) -> String {
    to_line(header)
}

fn to_line(v: &impl Serialize) -> String {
    // Serializing these types cannot fail (string keys, finite or null
    // numbers); a line that somehow does becomes a readable garbage line.
    serde_json::to_string(v).unwrap_or_else(|e| format!("unserializable line: {e}"))
}

/// Replaces anything shaped like a JWT (`eyJ<part>.<part>.<part>`) and the given secret
/// with a redaction. JWT characters never need escaping in JSON, so the
/// line stays valid JSON.
pub(crate) fn redact(line: String, secret: Option<&str>) -> String {
    let mut line = line;
    if let Some(s) = secret.filter(|s| s.len() >= 8)
        && line.contains(s)
    {
        line = line.replace(s, REDACTED);
    }
    if !line.contains("eyJ") {
        return line;
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line.as_str();
    while let Some(i) = rest.find("eyJ") {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let len = jwt_len(tail);
        if len > 0 {
            out.push_str(REDACTED);
            rest = &tail[len..];
        } else {
            out.push_str("eyJ");
            rest = &tail[3..];
        }
    }
    out.push_str(rest);
    out
}

const REDACTED: &str = "<redacted JWT>";

/// The length of the JWT-like token at the start of `s` (three base64url
/// parts, the first two non-empty), or 0.
fn jwt_len(s: &str) -> usize {
    let b = s.as_bytes();
    let is_b64 = |c: u8| c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c == b'=';
    let mut i = 0;
    let mut dots = 0;
    let mut part_len = 0;
    while i < b.len() {
        let c = b[i];
        if is_b64(c) {
            part_len += 1;
        } else if c == b'.' && dots < 2 && part_len > 0 {
            dots += 1;
            part_len = 0;
        } else {
            break;
        }
        i += 1;
    }
    if dots == 2 { i } else { 0 }
}

// ---- reading ------------------------------------------------------------

/// Any line after the header, as read. Flat on purpose: borrowed raw
/// events cannot pass through serde's buffering of tagged enums.
#[derive(Deserialize)]
pub(crate) struct InLine<'a> {
    pub t: f64,
    #[serde(default)]
    pub wall: Option<f64>,
    pub kind: String,
    #[serde(borrow, default)]
    pub events: Option<&'a RawValue>,
    #[serde(default)]
    pub malformed: Vec<String>,
    #[serde(default)]
    pub bin: Option<usize>,
    #[serde(default)]
    pub response: Option<StatsResponse>,
    #[serde(default)]
    pub offset: Option<f64>,
    #[serde(default)]
    pub connection: Option<Connection>,
    #[serde(default)]
    pub detail: Option<String>,
    #[serde(default)]
    pub retry_at: Option<f64>,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub packet: Option<String>,
}

/// What one line after the header holds.
#[derive(Debug)]
pub(crate) enum Body {
    Input(Input),
    End(EndReason),
}

impl InLine<'_> {
    /// The input (or end mark) of this line, and what was wrong inside it
    /// (events that no longer decode), or why it cannot be used at all.
    pub(crate) fn body(mut self) -> Result<(Body, Vec<String>), String> {
        let missing = |field: &str| format!("a `{}` line without `{field}`", self.kind);
        let input = match self.kind.as_str() {
            "batch" => {
                let raw = self.events.ok_or_else(|| missing("events"))?;
                // One pass when every entry is an event object; entry by
                // entry otherwise, so one bad entry does not sink the rest.
                let decoded = match Event::decode_array(raw.get()) {
                    Some(list) => list,
                    None => {
                        let entries =
                            serde_json::from_str::<Vec<&RawValue>>(raw.get()).map_err(|e| {
                                format!("a `batch` line whose events are not a list ({e})")
                            })?;
                        let mut list = EventList::default();
                        for (i, entry) in entries.into_iter().enumerate() {
                            list.push(i, Event::from_raw(entry));
                        }
                        list
                    }
                };
                // Only a batch has notes: the entries that did not decode.
                let (batch, notes) = batch_of(decoded, std::mem::take(&mut self.malformed));
                return Ok((Body::Input(Input::Batch(batch)), notes));
            }
            "stats" => Input::Stats {
                bin: self.bin.ok_or_else(|| missing("bin"))?,
                response: self.response.clone().ok_or_else(|| missing("response"))?,
            },
            "latency" => Input::Latency {
                offset: self.offset.ok_or_else(|| missing("offset"))?,
            },
            "link" => Input::Link(Link {
                connection: self.connection.ok_or_else(|| missing("connection"))?,
                detail: self.detail.clone(),
                retry_at: self.retry_at,
            }),
            "malformed_packet" => Input::MalformedPacket {
                reason: self.reason.clone().ok_or_else(|| missing("reason"))?,
            },
            "unknown_packet" => Input::UnknownPacket {
                kind: self.packet.clone().ok_or_else(|| missing("packet"))?,
            },
            "end" => {
                let reason = self.reason.as_deref().ok_or_else(|| missing("reason"))?;
                let reason = serde_json::from_value(serde_json::Value::String(reason.to_string()))
                    .map_err(|_| format!("an `end` line with an unknown reason {reason:?}"))?;
                return Ok((Body::End(reason), Vec::new()));
            }
            other => return Err(format!("unknown line kind {other:?}")),
        };
        Ok((Body::Input(input), Vec::new()))
    }
}

/// A batch line as the recorder writes it, read in one pass: its events
/// are deserialized in place rather than held raw and read again. Any
/// other field, or any entry that is not an event object, fails it, and the
/// line is read by [`InLine`] instead — so where this reads a line, it
/// reads it exactly as [`InLine::body`] would.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BatchLine<'a, E> {
    t: f64,
    #[serde(default)]
    wall: Option<f64>,
    #[serde(borrow)]
    kind: Cow<'a, str>,
    /// An [`EventList`], with or without who posted each event.
    events: E,
    #[serde(default)]
    malformed: Vec<String>,
}

/// The common batch line in one pass: its time, `wall`, input and notes,
/// or `None` when the line must be read by [`InLine`].
pub(crate) fn fast_batch(
    text: &str,
    posters: Posters,
) -> Option<(f64, Option<f64>, Input, Vec<String>)> {
    if let Some((t, wall, events)) = known_batch_line(text, posters) {
        let batch = journeytop_protocol::EventBatch {
            events,
            malformed: Vec::new(),
        };
        return Some((t, wall, Input::Batch(batch), Vec::new()));
    }
    match posters {
        Posters::Keep => batch_from(serde_json::from_str::<BatchLine<'_, EventList>>(text).ok()?),
        Posters::Skip => {
            batch_from(serde_json::from_str::<BatchLine<'_, EventListWithoutPosters>>(text).ok()?)
        }
    }
}

/// The batch line as the recorder writes it, read by the known-shape
/// reader: its `t`, `wall` and events, each field once and no other
/// (an empty `malformed` aside), or `None` to leave the line to serde.
fn known_batch_line(text: &str, posters: Posters) -> Option<(f64, Option<f64>, Vec<Event>)> {
    let mut r = journeytop_protocol::scan::Reader::new(text);
    let (mut t, mut wall, mut kind, mut events, mut malformed) = (None, None, None, None, None);
    let once = |seen: bool| (!seen).then_some(());
    if r.open(b'{', b'}')? {
        loop {
            match r.key()? {
                "t" => {
                    once(t.is_some())?;
                    t = Some(r.float()?);
                }
                "wall" => {
                    once(wall.is_some())?;
                    wall = Some(r.float_or_null()?);
                }
                "kind" => {
                    once(kind.is_some())?;
                    kind = Some(r.string()?);
                }
                "events" => {
                    once(events.is_some())?;
                    events = Some(r.events(posters)?);
                }
                "malformed" => {
                    once(malformed.is_some())?;
                    // Only an empty list: notes are left to serde.
                    malformed = Some(r.open(b'[', b']')?);
                }
                _ => return None,
            }
            if !r.more(b'}')? {
                break;
            }
        }
    }
    let fits = kind? == "batch" && malformed != Some(true) && r.at_end();
    fits.then_some((t?, wall.flatten(), events?))
}

fn batch_from<E: Into<EventList>>(
    line: BatchLine<'_, E>,
) -> Option<(f64, Option<f64>, Input, Vec<String>)> {
    if line.kind != "batch" {
        return None;
    }
    let (batch, notes) = batch_of(line.events.into(), line.malformed);
    Some((line.t, line.wall, Input::Batch(batch), notes))
}

/// The batch of decoded entries: what decodes counts, what does not is
/// malformed (with a note naming the entry).
fn batch_of(
    decoded: EventList,
    mut malformed: Vec<String>,
) -> (journeytop_protocol::EventBatch, Vec<String>) {
    let mut notes = Vec::with_capacity(decoded.undecodable.len());
    for (i, e) in decoded.undecodable {
        notes.push(format!(
            "event {i} does not decode ({e}); counted as malformed"
        ));
        malformed.push(e);
    }
    let batch = journeytop_protocol::EventBatch {
        events: decoded.events,
        malformed,
    };
    (batch, notes)
}

/// Just enough of a line to tell a header (and its version) from the rest.
#[derive(Deserialize)]
pub(crate) struct HeaderProbe {
    pub format: Option<String>,
    pub version: Option<serde_json::Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_jwt_shaped_tokens_and_keeps_json_valid() {
        let line = r#"{"a":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln","b":"eyJ not one","c":"secret-token-here"}"#;
        let out = redact(line.to_string(), Some("secret-token-here"));
        assert!(!out.contains("eyJhbGci"), "{out}");
        assert!(!out.contains("secret-token-here"), "{out}");
        assert!(out.contains("eyJ not one"));
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["a"], REDACTED);
    }

    /// What the two-pass reader makes of a line, as text to compare.
    fn slow(text: &str) -> Option<String> {
        let line: InLine<'_> = serde_json::from_str(text).ok()?;
        let (t, wall) = (line.t, line.wall);
        match line.body().ok()? {
            (Body::Input(input), notes) => Some(format!("{t:?} {wall:?} {input:?} {notes:?}")),
            (Body::End(_), _) => None,
        }
    }

    fn fast(text: &str) -> Option<String> {
        fast_batch(text, Posters::Keep)
            .map(|(t, wall, input, notes)| format!("{t:?} {wall:?} {input:?} {notes:?}"))
    }

    /// The one pass that skips posters, against the two-pass reader with
    /// posters dropped after reading.
    fn fast_and_slow_without_posters(text: &str) -> (Option<String>, Option<String>) {
        let show = |(t, wall, input, notes): (f64, Option<f64>, Input, Vec<String>)| {
            format!("{t:?} {wall:?} {input:?} {notes:?}")
        };
        let fast = fast_batch(text, Posters::Skip).map(show);
        let slow = serde_json::from_str::<InLine<'_>>(text)
            .ok()
            .and_then(|line| {
                let (t, wall) = (line.t, line.wall);
                match line.body().ok()? {
                    (Body::Input(mut input), notes) => {
                        if let Input::Batch(b) = &mut input {
                            for ev in &mut b.events {
                                ev.user_sub = None;
                                ev.icon = None;
                            }
                        }
                        Some((t, wall, input, notes))
                    }
                    (Body::End(_), _) => None,
                }
            })
            .map(show);
        (fast, slow)
    }

    #[test]
    fn one_pass_batch_reads_exactly_as_the_two_pass_reader() {
        let plan = crate::record::generate::Plan {
            variant: Variant::InteractivePrompts,
            prompt: Prompt::default_for(journeytop_protocol::Style::Numeric),
            events: 3_000,
            sessions: None,
            rate: 400.0,
            seed: 3,
        };
        let mut file = Vec::new();
        crate::record::generate::write(&plan, &mut file).unwrap();
        let text = String::from_utf8(file).unwrap();
        let batches: Vec<&str> = text
            .lines()
            .filter(|l| l.contains(r#""kind":"batch""#))
            .collect();
        assert!(batches.len() > 10);
        assert!(batches.iter().any(|l| l.contains(r#""icon":{"#)));
        for line in &batches {
            let f = fast(line);
            assert!(f.is_some(), "the common line takes the one pass: {line}");
            assert!(
                known_batch_line(line, Posters::Keep).is_some(),
                "and the known-shape reader reads it: {line}"
            );
            assert_eq!(f, slow(line));
            let (f, s) = fast_and_slow_without_posters(line);
            assert!(f.is_some() && !f.as_deref().unwrap_or("").contains("Icon {"));
            assert_eq!(f, s);
        }
        // Lines the one pass must leave to the two-pass reader, or read the same.
        let first = batches[0];
        let variants = [
            first.replacen(r#""kind":"batch""#, r#""kind":"batch","extra":1"#, 1),
            first.replacen(r#""kind":"batch""#, r#""kind":"latency""#, 1),
            first.replacen(r#""events":["#, r#""events":[7,"#, 1),
            first.replacen(r#""events":["#, r#""malformed":["m"],"events":["#, 1),
            first.replacen(
                r#""events":["#,
                r#""events":[{"uid":"u","evtype":"like","prompt_time":1e999},"#,
                1,
            ),
            first.replacen(r#""evtype":"join""#, r#""evtype":"shrug""#, 1),
            first.replacen(r#""name":"#, r#""name":5,"x":"#, 1),
            first.replacen(r#""t":"#, r#""t":"x","u":"#, 1),
            // Posters that are not what they must be: the event is malformed,
            // whether or not the reader keeps posters.
            first.replacen(r#""user_sub":""#, r#""user_sub":5,"y":""#, 1),
            first.replacen(r#""icon":{"#, r#""icon":{"jwt":7,"#, 1),
        ];
        let mut fell_back = 0;
        for v in &variants {
            assert_ne!(v, first, "each variant changes the line");
            match fast(v) {
                Some(f) => assert_eq!(Some(f), slow(v), "{v}"),
                None => fell_back += 1,
            }
            let (f, s) = fast_and_slow_without_posters(v);
            if f.is_some() {
                assert_eq!(f, s, "{v}");
            }
            if v.contains(r#""user_sub":5"#) || v.contains(r#""jwt":7"#) {
                assert_eq!(f, None, "a bad poster is not skipped over: {v}");
            }
        }
        assert!(
            fell_back >= 4,
            "extra fields, other kinds and non-events fall back"
        );
    }

    #[test]
    fn header_round_trips() {
        let h = Header::new(
            Variant::Journeys,
            "oseh_j_x",
            Some(Prompt::default_for(journeytop_protocol::Style::Word)),
            Some(20.0),
            0.0,
        );
        let back: Header = serde_json::from_str(&header_line(&h)).unwrap();
        assert_eq!(back, h);
    }
}
