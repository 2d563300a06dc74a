//! A seeded crowd fast-forwarded straight into a recording: no sockets, no
//! sleeping. `journeytop simulate --write-recording FILE --events N` writes
//! the file the live recorder would have written for a journey where
//! sessions join, answer, change their answers, like and leave — every
//! event with its own uid — batched every 0.25 s as the server batches.
//! Same seed and options, same bytes.

use super::format::{self, EndReason, Header};
use journeytop_engine::{Connection, Input, Link, Stamped};
use journeytop_protocol::{Event, EventBatch, EventData, Icon, Jwt, Prompt, Variant};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::io::Write;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Plan {
    pub variant: Variant,
    pub prompt: Prompt,
    /// Events in the file, exactly.
    pub events: u64,
    /// Sessions; by default about one per 6.4 events.
    pub sessions: Option<u64>,
    /// Events per second of journey time on average.
    pub rate: f64,
    pub seed: u64,
}

/// The server sends a batch every quarter second.
const BATCH_SECONDS: f64 = 0.25;
/// A batch arrives this long after its window closes.
const ARRIVAL_DELAY: f64 = 0.02;
/// How long a session stays at most, seconds.
const MAX_STAY: i64 = 90;
/// Events per session on average: join, 2.5 answers, 1.5 likes, 0.9 leaves.
const EVENTS_PER_SESSION: f64 = 6.4;
/// Fixed, so the same plan writes the same bytes.
const STARTED: f64 = 1_718_000_000.0;

const NAMES: [&str; 16] = [
    "Ada", "Björn", "Chidi", "Dana", "Eun-ji", "Farah", "Gus", "Hana", "Ines", "Jonas", "Kofi",
    "Lena", "Mateo", "Noor", "Oskar", "Priya",
];

/// splitmix64: small, fast, seeded.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn uid(&mut self, prefix: &str) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut s = String::with_capacity(prefix.len() + 22);
        s.push_str(prefix);
        let mut bits = self.next();
        for i in 0..22 {
            if i == 10 {
                bits = self.next();
            }
            s.push(char::from(ALPHABET[(bits & 63) as usize]));
            bits >>= 6;
        }
        s
    }
}

/// One planned event, ordered by (time in ms, session, index in session).
struct Planned {
    ms: i64,
    session: u64,
    idx: u32,
    event: Event,
}

impl PartialEq for Planned {
    fn eq(&self, o: &Self) -> bool {
        (self.ms, self.session, self.idx) == (o.ms, o.session, o.idx)
    }
}
impl Eq for Planned {}
impl PartialOrd for Planned {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Planned {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        (self.ms, self.session, self.idx).cmp(&(o.ms, o.session, o.idx))
    }
}

/// The answer events of one session: a first answer a quarter second in,
/// then up to four changes at least a second apart, all before `stay_ms`.
fn answers(prompt: &Prompt, rng: &mut Rng, stay_ms: i64) -> Vec<(i64, EventData)> {
    let mut out = Vec::new();
    let mut t = 200 + rng.below(150) as i64;
    let changes = rng.below(5);
    for _ in 0..=changes {
        if t >= stay_ms {
            break;
        }
        match prompt {
            Prompt::Numeric { min, max, .. } => {
                let span = (max - min).max(0) as u64 + 1;
                let rating = min + rng.below(span) as i64;
                out.push((t, EventData::Numeric { rating }));
            }
            Prompt::Press { .. } => {
                let hold = 500 + rng.below(3500) as i64;
                out.push((t, EventData::PressStart));
                if t + hold < stay_ms {
                    out.push((t + hold, EventData::PressEnd));
                    t += hold;
                }
            }
            Prompt::Color { colors, .. } => out.push((
                t,
                EventData::Color {
                    index: rng.below(colors.len() as u64) as i64,
                },
            )),
            Prompt::Word { options, .. } => out.push((
                t,
                EventData::Word {
                    index: rng.below(options.len() as u64) as i64,
                },
            )),
        }
        t += 1000 + rng.below(15_000) as i64;
    }
    out
}

/// Draws one session arriving at `arrival_ms`: its whole script, by time.
fn session(plan: &Plan, rng: &mut Rng, id: u64, arrival_ms: i64) -> Vec<Planned> {
    let v = plan.variant;
    let user_sub = rng.uid("oseh_u_");
    let session_uid = rng.uid(v.session_uid_prefix());
    let name = format!("{} {}", NAMES[rng.below(16) as usize], id % 1000);
    let icon = (rng.below(2) == 0).then(|| Icon {
        uid: rng.uid("oseh_if_"),
        jwt: Jwt::new(""),
    });
    let stay_ms = 20_000 + rng.below((MAX_STAY as u64 - 20) * 1000) as i64;
    let mut script = vec![(
        0,
        EventData::Join {
            name: Some(name.clone()),
        },
    )];
    script.extend(answers(&plan.prompt, rng, stay_ms));
    for _ in 0..rng.below(4) {
        script.push((1 + rng.below(stay_ms as u64 - 1) as i64, EventData::Like));
    }
    if rng.unit() < 0.9 {
        script.push((stay_ms, EventData::Leave { name: Some(name) }));
    }
    // Stable: a like drawn at an answer's millisecond stays after it.
    script.sort_by_key(|(ms, _)| *ms);
    script
        .into_iter()
        .enumerate()
        .map(|(idx, (ms, data))| {
            let ms = arrival_ms + ms;
            Planned {
                ms,
                session: id,
                idx: idx as u32,
                event: Event {
                    uid: rng.uid(v.event_uid_prefix()),
                    user_sub: Some(user_sub.clone()),
                    session_uid: Some(session_uid.clone()),
                    time: ms as f64 / 1000.0,
                    icon: icon.clone().map(Box::new),
                    data,
                },
            }
        })
        .collect()
}

/// Writes the recording for `plan` to `out`; returns the events written.
pub fn write(plan: &Plan, out: &mut impl Write) -> std::io::Result<u64> {
    let sessions = plan
        .sessions
        .unwrap_or_else(|| ((plan.events as f64 / EVENTS_PER_SESSION).ceil() as u64).max(1));
    let rate = if plan.rate.is_finite() && plan.rate > 0.0 {
        plan.rate
    } else {
        1000.0
    };
    // Arrivals spread over the time the events take at `rate`.
    let arrivals_ms = (plan.events as f64 / rate * 1000.0).max(1000.0);
    let gap_ms = arrivals_ms / sessions as f64;
    let duration = (arrivals_ms / 1000.0).ceil() + MAX_STAY as f64;
    let mut header = Header::new(
        plan.variant,
        format!("{}generated{}", plan.variant.uid_prefix(), plan.seed),
        Some(plan.prompt.clone()),
        Some(duration),
        0.0,
    );
    header.started = STARTED;
    writeln!(out, "{}", format::header_line(&header))?;
    let line = |at: f64, input: Input| {
        format::input_line(&Stamped { at, input }, STARTED + at, plan.variant)
    };
    writeln!(
        out,
        "{}",
        line(0.0, Input::Link(Link::new(Connection::Connecting)))
    )?;
    writeln!(
        out,
        "{}",
        line(0.01, Input::Link(Link::new(Connection::Live)))
    )?;

    let mut rng = Rng(plan.seed ^ 0x6A6F_7572_6E65_7921);
    let mut heap: BinaryHeap<Reverse<Planned>> = BinaryHeap::new();
    let (mut planned, mut written, mut next_session) = (0u64, 0u64, 0u64);
    let mut next_arrival = 0.0f64;
    let mut window = 0u64;
    let mut last_at = 0.01;
    while planned < plan.events || !heap.is_empty() {
        window += 1;
        let end_ms = (window as f64 * BATCH_SECONDS * 1000.0) as i64;
        // Everyone who arrives in this window draws their whole script.
        while planned < plan.events && (next_arrival as i64) < end_ms {
            let mut script = session(plan, &mut rng, next_session, next_arrival as i64);
            script.truncate((plan.events - planned) as usize);
            planned += script.len() as u64;
            heap.extend(script.into_iter().map(Reverse));
            next_session += 1;
            // Exponential gaps: a Poisson stream of arrivals.
            next_arrival += -gap_ms * (1.0 - rng.unit()).ln();
        }
        let mut events = Vec::new();
        while heap.peek().is_some_and(|Reverse(p)| p.ms < end_ms) {
            if let Some(Reverse(p)) = heap.pop() {
                events.push(p.event);
            }
        }
        if events.is_empty() {
            continue;
        }
        written += events.len() as u64;
        last_at = end_ms as f64 / 1000.0 + ARRIVAL_DELAY;
        let batch = Input::Batch(EventBatch {
            events,
            malformed: Vec::new(),
        });
        writeln!(out, "{}", line(last_at, batch))?;
    }
    let end = last_at + 0.5;
    writeln!(
        out,
        "{}",
        format::end_line(end, STARTED + end, EndReason::SourceDone)
    )?;
    out.flush()?;
    Ok(written)
}
