//! The backend's session rules (steps 1–10 of the module comment), and what
//! the journal remembers of each session to apply them.

use super::{Journal, RuleError};
use journeytop_protocol::{EvType, Event, EventData, Prompt, Style};

/// What the journal remembers of one session: enough to apply every rule
/// without scanning the log.
#[derive(Debug, Clone)]
pub(super) struct Session {
    pub(super) user_sub: Option<String>,
    /// The name its join carried, for a leave that names nobody.
    pub(super) name: Option<String>,
    pub(super) started: bool,
    pub(super) ended: bool,
    /// Time of the session's latest event (−∞ before any).
    pub(super) last_time: f64,
    /// Bit per [`EvType`] of the events at exactly `last_time`: times never
    /// go backwards, so a same-type-same-time clash can only be there.
    pub(super) types_at_last: u8,
    pub(super) last_press_start: Option<f64>,
    pub(super) last_press_end: Option<f64>,
    /// The latest numeric rating / color or word index.
    pub(super) last_answer: Option<i64>,
}

impl Session {
    pub(super) fn new(user_sub: Option<String>) -> Session {
        Session {
            user_sub,
            name: None,
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
    pub(super) fn pressing(&self) -> bool {
        match (self.last_press_start, self.last_press_end) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(s), Some(e)) => e <= s,
        }
    }
}

pub(super) fn bit(e: EvType) -> u8 {
    1 << (e as u8)
}

impl Journal {
    /// Every rule, in the backend's order; the evtype when all pass.
    pub(super) fn check(&self, event: &Event) -> Result<EvType, RuleError> {
        let (evtype, session_uid) = self.check_request(event)?;
        self.check_session(event, evtype, session_uid)?;
        self.check_route(event, evtype, session_uid)
    }

    /// 1–3: what FastAPI rejects, then the time range.
    fn check_request<'e>(&self, event: &'e Event) -> Result<(EvType, &'e str), RuleError> {
        let noun = self.variant.noun();
        let field = self.variant.time_field();
        // 1. What FastAPI's request models reject before any handler runs.
        let evtype = match &event.data {
            EventData::Unknown(unknown) => {
                return Err(RuleError::new(
                    404,
                    "not_found",
                    format!("there is no route for the event type {:?}", unknown.evtype),
                ));
            }
            EventData::Invalid(invalid) => {
                return Err(RuleError::unprocessable(invalid.reason.clone()));
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
        // The simulator's own size limits (PROTOCOL.md §8): what the log
        // and the session table hold is bounded per entry.
        if session_uid.len() > super::MAX_SESSION_UID_BYTES {
            return Err(RuleError::unprocessable(format!(
                "session_uid: ensure this value has at most {} characters",
                super::MAX_SESSION_UID_BYTES
            )));
        }
        if let EventData::Join { name: Some(n) } | EventData::Leave { name: Some(n) } = &event.data
            && n.chars().count() > super::MAX_NAME_CHARS
        {
            return Err(RuleError::unprocessable(format!(
                "data -> name: ensure this value has at most {} characters",
                super::MAX_NAME_CHARS
            )));
        }
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
        Ok((evtype, session_uid))
    }

    /// 4–8: the session rules.
    fn check_session(
        &self,
        event: &Event,
        evtype: EvType,
        session_uid: &str,
    ) -> Result<(), RuleError> {
        let noun = self.variant.noun();
        let field = self.variant.time_field();
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
        Ok(())
    }

    /// 9–10: the route's own checks.
    fn check_route(
        &self,
        event: &Event,
        evtype: EvType,
        session_uid: &str,
    ) -> Result<EvType, RuleError> {
        let noun = self.variant.noun();
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
}
