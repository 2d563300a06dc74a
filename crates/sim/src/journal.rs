//! The journey's server-side state: the one path every simulated event goes
//! through, whether the crowd made it or an HTTP POST did.
//!
//! `submit` applies the backend's checks in the backend's order
//! (meetoseh/backend `interactive_prompts/events/helper.py`
//! `create_interactive_prompt_event` and the per-route `bonus_error_checks`;
//! `journeys/events/helper.py` is the same under the old names):
//!
//! 1. request validation (FastAPI, 422): a known evtype with well-formed
//!    data, a session uid, a finite time, `index >= 0`;
//! 2. `time < 0` → `impossible_{journey,prompt}_time`;
//! 3. `time > duration` → the same;
//! 4. `session_not_found` (unknown session, or another user's);
//! 5. `session_not_started` (first event not a join) /
//!    `session_already_started` (a second join);
//! 6. `session_already_ended` (the session has left);
//! 7. `session_has_later_event` (time goes backwards);
//! 8. `session_has_same_event_at_same_time`;
//! 9. `impossible_event` (evtype does not fit the prompt's style);
//! 10. `impossible_event_data` (rating / index out of range, press start
//!     while pressing, press end while not pressing).
//!
//! On success the event is logged and the Fenwick trees of
//! `*_event_fenwick_trees` are updated exactly as the backend's
//! `PrefixSumUpdate`s do.

use super::fenwick::Fenwick;
use journeytop_protocol::{Bins, EvType, Event, EventData, Prompt, StatsResponse, Style, Variant};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// A rejected event, in the backend's error shape `{type, message, markdown}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// 409 for every rule; 422 for a body FastAPI would not accept; 404 for
    /// an evtype that has no route.
    pub status: u16,
    /// The error `type`, e.g. `session_already_ended`.
    pub kind: String,
    /// Plain words.
    pub message: String,
}

impl RuleError {
    fn new(status: u16, kind: &str, message: impl Into<String>) -> RuleError {
        RuleError {
            status,
            kind: kind.to_string(),
            message: message.into(),
        }
    }

    fn conflict(kind: &str, message: impl Into<String>) -> RuleError {
        RuleError::new(409, kind, message)
    }

    fn unprocessable(message: impl Into<String>) -> RuleError {
        RuleError::new(422, "unprocessable_entity", message)
    }
}

impl Serialize for RuleError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("type", &self.kind)?;
        m.serialize_entry("message", &self.message)?;
        // StandardErrorResponse defaults markdown to the message.
        m.serialize_entry("markdown", &self.message)?;
        m.end()
    }
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.status, self.kind, self.message)
    }
}

impl std::error::Error for RuleError {}

/// Why a stats request failed (§6.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatsError {
    /// `bin >= bins`: 404 `bin_not_found`. `noun` is "journey" or
    /// "interactive prompt", for the message.
    BinNotFound { bins: usize, noun: &'static str },
    /// `bin < 0`: FastAPI's 422.
    NegativeBin,
}

impl StatsError {
    pub fn status(&self) -> u16 {
        match self {
            StatsError::BinNotFound { .. } => 404,
            StatsError::NegativeBin => 422,
        }
    }

    /// The response body, as the backend writes it.
    pub fn body(&self) -> serde_json::Value {
        match self {
            StatsError::BinNotFound { bins, noun } => {
                let message =
                    format!("The bin you requested was not found; the {noun} only has {bins} bins");
                serde_json::json!({"type": "bin_not_found", "message": message, "markdown": message})
            }
            StatsError::NegativeBin => serde_json::json!({"detail": [{
                "loc": ["query", "bin"],
                "msg": "ensure this value is greater than or equal to 0",
                "type": "value_error.number.not_ge",
            }]}),
        }
    }
}

impl std::fmt::Display for StatsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatsError::BinNotFound { bins, .. } => {
                write!(f, "bin_not_found: only {bins} bins")
            }
            StatsError::NegativeBin => f.write_str("bin must be >= 0"),
        }
    }
}

impl std::error::Error for StatsError {}

/// What the journal remembers of one session: enough to apply every rule
/// without scanning the log.
#[derive(Debug, Clone)]
struct Session {
    user_sub: Option<String>,
    started: bool,
    ended: bool,
    /// Time of the session's latest event (−∞ before any).
    last_time: f64,
    /// Bit per [`EvType`] of the events at exactly `last_time`: times never
    /// go backwards, so a same-type-same-time clash can only be there.
    types_at_last: u8,
    last_press_start: Option<f64>,
    last_press_end: Option<f64>,
    /// The latest numeric rating / color or word index.
    last_answer: Option<i64>,
}

impl Session {
    fn new(user_sub: Option<String>) -> Session {
        Session {
            user_sub,
            started: false,
            ended: false,
            last_time: f64::NEG_INFINITY,
            types_at_last: 0,
            last_press_start: None,
            last_press_end: None,
            last_answer: None,
        }
    }

    /// The backend's test: a press start with no press end strictly after it.
    fn pressing(&self) -> bool {
        match (self.last_press_start, self.last_press_end) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(s), Some(e)) => e <= s,
        }
    }
}

fn bit(e: EvType) -> u8 {
    1 << (e as u8)
}

/// The per-stat Fenwick trees over the prompt's bins.
#[derive(Debug, Clone)]
struct Trees {
    users: Fenwick,
    likes: Fenwick,
    press_active: Fenwick,
    press: Fenwick,
    /// One tree per rating (offset by `min`), color or word.
    options: Vec<Fenwick>,
    /// Per option, the lowest bin any update touched: the backend's stats
    /// query only returns a rating when a tree row exists for it in the
    /// prefix, which is exactly when some update landed at a bin ≤ b.
    first_bin: Vec<Option<usize>>,
}

pub struct Journal {
    variant: Variant,
    prompt: Prompt,
    duration: f64,
    bins: Bins,
    truncate: bool,
    log: Vec<Event>,
    sessions: HashMap<String, Session>,
    trees: Trees,
}

impl std::fmt::Debug for Journal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Journal")
            .field("variant", &self.variant)
            .field("duration", &self.duration)
            .field("events", &self.log.len())
            .field("sessions", &self.sessions.len())
            .finish()
    }
}

impl Journal {
    pub fn new(variant: Variant, prompt: Prompt, duration: f64) -> Journal {
        let bins = Bins::for_duration(duration);
        let n = bins.count;
        let options = prompt.option_count();
        Journal {
            variant,
            duration,
            bins,
            truncate: variant == Variant::InteractivePrompts,
            log: Vec::new(),
            sessions: HashMap::new(),
            trees: Trees {
                users: Fenwick::new(n),
                likes: Fenwick::new(n),
                press_active: Fenwick::new(n),
                press: Fenwick::new(n),
                options: (0..options).map(|_| Fenwick::new(n)).collect(),
                first_bin: vec![None; options],
            },
            prompt,
        }
    }

    pub fn variant(&self) -> Variant {
        self.variant
    }

    pub fn prompt(&self) -> &Prompt {
        &self.prompt
    }

    pub fn duration(&self) -> f64 {
        self.duration
    }

    pub fn bins(&self) -> Bins {
        self.bins
    }

    /// Every accepted event, in acceptance order.
    pub fn log(&self) -> &[Event] {
        &self.log
    }

    /// Sessions known (opened or joined), including those that have left.
    pub fn session_count(&self) -> usize {
        self.sessions.len()
    }

    /// Sessions that joined and have not left.
    pub fn active_sessions(&self) -> usize {
        self.sessions
            .values()
            .filter(|s| s.started && !s.ended)
            .count()
    }

    /// Registers a session that exists but has not joined yet, as the
    /// backend's start endpoints do. Returns false if it was already known.
    /// (A join for a session never opened opens it implicitly: the simulator
    /// has no start endpoint to require.)
    pub fn open_session(&mut self, session_uid: &str, user_sub: Option<&str>) -> bool {
        if self.sessions.contains_key(session_uid) {
            return false;
        }
        self.sessions.insert(
            session_uid.to_string(),
            Session::new(user_sub.map(str::to_string)),
        );
        true
    }

    /// Validates `event` against the backend's rules and, if it passes,
    /// logs it and updates the stats. Never panics on bad input.
    pub fn submit(&mut self, event: Event) -> Result<&Event, RuleError> {
        let evtype = self.check(&event)?;
        let Some(session_uid) = event.session_uid.as_deref() else {
            return Err(RuleError::unprocessable("session_uid is required"));
        };
        if !self.sessions.contains_key(session_uid) {
            // Only a join gets here unknown (check() saw to that): it opens it.
            let fresh = Session::new(event.user_sub.clone());
            self.sessions.insert(session_uid.to_string(), fresh);
        }
        let Some(session) = self.sessions.get_mut(session_uid) else {
            return Err(RuleError::new(500, "internal_error", "session vanished"));
        };
        let bin = self.bins.bin_of(event.time, self.truncate);
        let t = &mut self.trees;
        match &event.data {
            EventData::Join { .. } => {
                session.started = true;
                t.users.add(bin, 1);
            }
            EventData::Leave { .. } => {
                session.ended = true;
                t.users.add(bin, -1);
            }
            EventData::Like => t.likes.add(bin, 1),
            EventData::PressStart => {
                session.last_press_start = Some(event.time);
                t.press_active.add(bin, 1);
                t.press.add(bin, 1);
            }
            EventData::PressEnd => {
                session.last_press_end = Some(event.time);
                t.press_active.add(bin, -1);
            }
            EventData::Numeric { rating: v }
            | EventData::Color { index: v }
            | EventData::Word { index: v } => {
                let base = match &self.prompt {
                    Prompt::Numeric { min, .. } => *min,
                    _ => 0,
                };
                // Both updates land at the new event's bin (PrefixSumUpdate).
                let mut touch = |value: i64, delta: i64| {
                    let Ok(i) = usize::try_from(value - base) else {
                        return;
                    };
                    if let Some(tree) = t.options.get_mut(i) {
                        tree.add(bin, delta);
                        let first = &mut t.first_bin[i];
                        *first = Some(first.map_or(bin, |f| f.min(bin)));
                    }
                };
                touch(*v, 1);
                if let Some(prev) = session.last_answer.replace(*v) {
                    touch(prev, -1);
                }
            }
            EventData::Unknown { .. } | EventData::Invalid { .. } => {}
        }
        if event.time > session.last_time {
            session.last_time = event.time;
            session.types_at_last = 0;
        }
        session.types_at_last |= bit(evtype);
        self.log.push(event);
        // Just pushed, so the log is not empty.
        self.log
            .last()
            .ok_or_else(|| RuleError::new(500, "internal_error", "the event log is empty"))
    }

    /// Every rule, in the backend's order; the evtype when all pass.
    fn check(&self, event: &Event) -> Result<EvType, RuleError> {
        let noun = self.variant.noun();
        let field = self.variant.time_field();
        // 1. What FastAPI's request models reject before any handler runs.
        let evtype = match &event.data {
            EventData::Unknown { evtype, .. } => {
                return Err(RuleError::new(
                    404,
                    "not_found",
                    format!("there is no route for the event type {evtype:?}"),
                ));
            }
            EventData::Invalid { reason, .. } => {
                return Err(RuleError::unprocessable(reason.clone()));
            }
            EventData::Color { index } | EventData::Word { index } if *index < 0 => {
                return Err(RuleError::unprocessable(
                    "index: ensure this value is greater than or equal to 0",
                ));
            }
            data => data.evtype().ok_or_else(|| {
                RuleError::unprocessable("the event has no known type".to_string())
            })?,
        };
        let Some(session_uid) = event.session_uid.as_deref() else {
            return Err(RuleError::unprocessable("session_uid is required"));
        };
        if !event.time.is_finite() {
            return Err(RuleError::unprocessable(format!(
                "{field} must be a finite number"
            )));
        }
        // 2–3. The time range, checked before the database is touched.
        if event.time < 0.0 || event.time > self.duration {
            return Err(RuleError::conflict(
                self.variant.impossible_time_error(),
                format!("The {field} is negative or after the end of the {noun}"),
            ));
        }
        // 4–8. The session rules.
        let is_join = evtype == EvType::Join;
        match self.sessions.get(session_uid) {
            None if is_join => {}
            None => {
                return Err(RuleError::conflict(
                    "session_not_found",
                    format!(
                        "The specified {noun} session was not found or is for a different {noun}"
                    ),
                ));
            }
            Some(s) => {
                if let (Some(owner), Some(poster)) = (&s.user_sub, &event.user_sub)
                    && owner != poster
                {
                    return Err(RuleError::conflict(
                        "session_not_found",
                        format!(
                            "The specified {noun} session was not found or is for a different {noun}"
                        ),
                    ));
                }
                if !is_join && !s.started {
                    return Err(RuleError::conflict(
                        "session_not_started",
                        format!("The specified {noun} session has not been started yet"),
                    ));
                }
                if is_join && s.started {
                    return Err(RuleError::conflict(
                        "session_already_started",
                        format!(
                            "The specified {noun} session was already started (via a join event)"
                        ),
                    ));
                }
                if s.ended {
                    return Err(RuleError::conflict(
                        "session_already_ended",
                        format!("The specified {noun} session has already ended"),
                    ));
                }
                if event.time < s.last_time {
                    return Err(RuleError::conflict(
                        "session_has_later_event",
                        format!(
                            "The specified {noun} session already has an event with a later {field}"
                        ),
                    ));
                }
                if event.time == s.last_time && s.types_at_last & bit(evtype) != 0 {
                    return Err(RuleError::conflict(
                        "session_has_same_event_at_same_time",
                        format!(
                            "The specified {noun} session already has an event with the same type with the same {field}"
                        ),
                    ));
                }
            }
        }
        // 9–10. The route's own checks: style first, then the data.
        let style = self.prompt.style();
        let wanted = match evtype {
            EvType::NumericPromptResponse => Some(Style::Numeric),
            EvType::PressPromptStartResponse | EvType::PressPromptEndResponse => Some(Style::Press),
            EvType::ColorPromptResponse => Some(Style::Color),
            EvType::WordPromptResponse => Some(Style::Word),
            EvType::Join | EvType::Leave | EvType::Like => None,
        };
        if let Some(wanted) = wanted
            && wanted != style
        {
            return Err(RuleError::conflict(
                "impossible_event",
                format!(
                    "A {} can only be provided to a {wanted} prompt {noun}.",
                    evtype.as_str().replace('_', " ")
                ),
            ));
        }
        let pressing = || {
            self.sessions
                .get(session_uid)
                .is_some_and(Session::pressing)
        };
        let bad_data = |message: String| Err(RuleError::conflict("impossible_event_data", message));
        match (&event.data, &self.prompt) {
            (EventData::Numeric { rating }, Prompt::Numeric { min, max, .. })
                if rating < min || rating > max =>
            {
                bad_data(format!(
                    "The given rating is outside of the range of the {noun}'s numeric prompt."
                ))
            }
            (EventData::Color { index }, Prompt::Color { colors, .. })
                if *index as u64 >= colors.len() as u64 =>
            {
                bad_data(format!(
                    "The given index is outside of the range of the {noun}'s color prompt."
                ))
            }
            (EventData::Word { index }, Prompt::Word { options, .. })
                if *index as u64 >= options.len() as u64 =>
            {
                bad_data(format!(
                    "The given index is outside of the range of the {noun}'s word prompt."
                ))
            }
            (EventData::PressStart, _) if pressing() => {
                bad_data("The user is already pressing down on the press prompt.".to_string())
            }
            (EventData::PressEnd, _) if !pressing() => {
                bad_data("The user is not pressing down on the press prompt.".to_string())
            }
            _ => Ok(evtype),
        }
    }

    /// The stats endpoint: prefix sums over bins `0..=bin` (§6.3).
    pub fn stats(&self, bin: i64) -> Result<StatsResponse, StatsError> {
        if bin < 0 {
            return Err(StatsError::NegativeBin);
        }
        let b = bin as u64;
        if b >= self.bins.count as u64 {
            return Err(StatsError::BinNotFound {
                bins: self.bins.count,
                noun: self.variant.noun(),
            });
        }
        let b = b as usize;
        let t = &self.trees;
        let lists = || {
            t.options
                .iter()
                .map(|f| f.prefix_sum(b))
                .collect::<Vec<_>>()
        };
        let style = self.prompt.style();
        let numeric_active = match &self.prompt {
            Prompt::Numeric { min, .. } => Some(
                t.options
                    .iter()
                    .zip(&t.first_bin)
                    .enumerate()
                    .filter(|(_, (_, first))| first.is_some_and(|f| f <= b))
                    .map(|(i, (f, _))| ((min + i as i64).to_string(), f.prefix_sum(b)))
                    .collect::<BTreeMap<_, _>>(),
            ),
            _ => None,
        };
        let press = style == Style::Press;
        Ok(StatsResponse {
            journey_time: b as f64 * self.bins.width,
            bin_width: self.bins.width,
            users: t.users.prefix_sum(b),
            likes: t.likes.prefix_sum(b),
            numeric_active,
            press_active: press.then(|| t.press_active.prefix_sum(b)),
            press: press.then(|| t.press.prefix_sum(b)),
            color_active: (style == Style::Color).then(lists),
            word_active: (style == Style::Word).then(lists),
        })
    }

    /// The stats response as the variant's server writes it: the first key is
    /// `journey_time` or `prompt_time`, numeric keys in rating order.
    pub fn stats_json(&self, bin: i64) -> Result<serde_json::Value, StatsError> {
        let r = self.stats(bin)?;
        let numeric = r.numeric_active.map(|m| {
            let mut pairs: Vec<(i64, i64)> = m
                .into_iter()
                .filter_map(|(k, v)| Some((k.parse::<i64>().ok()?, v)))
                .collect();
            pairs.sort_unstable();
            pairs
                .into_iter()
                .map(|(k, v)| (k.to_string(), serde_json::Value::from(v)))
                .collect::<serde_json::Map<_, _>>()
        });
        let mut m = serde_json::Map::new();
        m.insert(self.variant.time_field().into(), r.journey_time.into());
        m.insert("bin_width".into(), r.bin_width.into());
        m.insert("users".into(), r.users.into());
        m.insert("likes".into(), r.likes.into());
        m.insert("numeric_active".into(), numeric.into());
        m.insert("press_active".into(), r.press_active.into());
        m.insert("press".into(), r.press.into());
        m.insert("color_active".into(), r.color_active.into());
        m.insert("word_active".into(), r.word_active.into());
        Ok(serde_json::Value::Object(m))
    }
}
