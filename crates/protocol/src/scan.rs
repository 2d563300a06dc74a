//! A reader of the known shapes: event objects as the real server and the
//! recorder write them, read without serde's machinery and without copying
//! text that is not kept (docs/PROTOCOL.md §2.4).
//!
//! It reads only what it fully understands: strings without escapes or
//! control characters, numbers in JSON's grammar, the fields an event has,
//! each once, the evtypes this build knows with data that fits them. At
//! anything else it answers `None` and the caller reads the text with
//! serde_json, as it would without this reader. So where it answers, it
//! answers exactly what the serde reader gives (checked by tests on
//! captured, generated and mutated frames).

use crate::event::{Event, EventData, Icon, Posters};
use crate::jwt::Jwt;

/// A position in a JSON text, read forward. Every method answers `None`
/// when the text is not what the known shape has there.
pub struct Reader<'a> {
    text: &'a str,
    at: usize,
}

/// An event's `data` as the known shapes have it.
enum Data<'a> {
    /// `{}`, `null` or no `data` at all.
    Empty,
    Name(Option<&'a str>),
    Rating(i64),
    Index(i64),
}

/// The members of an event, in the order the server and the recorder
/// write them.
#[derive(Clone, Copy)]
enum Member {
    Uid,
    UserSub,
    SessionUid,
    Evtype,
    Time,
    Icon,
    Data,
}

/// Most batches fit this at first; one that does not grows the list.
const FIRST_CAPACITY: usize = 16;

impl<'a> Reader<'a> {
    pub fn new(text: &'a str) -> Reader<'a> {
        Reader { text, at: 0 }
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    fn skip_space(&mut self) {
        let bytes = self.bytes();
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = bytes.get(self.at) {
            self.at += 1;
        }
    }

    /// The next byte after any space, not taken.
    fn peek(&mut self) -> Option<u8> {
        self.skip_space();
        self.bytes().get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.at += 1)
    }

    fn word(&mut self, word: &str) -> Option<()> {
        self.skip_space();
        let end = self.at + word.len();
        (self.bytes().get(self.at..end)? == word.as_bytes()).then(|| self.at = end)
    }

    /// Only space is left.
    pub fn at_end(&mut self) -> bool {
        self.peek().is_none()
    }

    /// `true` for `null` (taken), `false` for anything else (not taken).
    fn null(&mut self) -> Option<bool> {
        if self.peek()? == b'n' {
            self.word("null")?;
            return Some(true);
        }
        Some(false)
    }

    /// Opens an object or array; `Some(false)` when it is empty (and closed).
    pub fn open(&mut self, open: u8, close: u8) -> Option<bool> {
        self.eat(open)?;
        if self.peek()? == close {
            self.at += 1;
            return Some(false);
        }
        Some(true)
    }

    /// After a member: `Some(true)` when another follows, `Some(false)`
    /// when `close` ended the object or array.
    pub fn more(&mut self, close: u8) -> Option<bool> {
        match self.peek()? {
            b',' => {
                self.at += 1;
                Some(true)
            }
            b if b == close => {
                self.at += 1;
                Some(false)
            }
            _ => None,
        }
    }

    /// A member's key and its colon.
    pub fn key(&mut self) -> Option<&'a str> {
        let key = self.string()?;
        self.eat(b':')?;
        Some(key)
    }

    /// An event member's key, and its colon. Each name is compared as a
    /// fixed-size array, which compiles to a few word compares (no call),
    /// and the key's text is never scanned for its end.
    fn event_member(&mut self) -> Option<Member> {
        self.eat(b'"')?;
        let rest = self.bytes().get(self.at..)?;
        let (member, len) = match rest.first()? {
            b'u' if named(rest, b"uid") => (Member::Uid, 3),
            b'u' if named(rest, b"user_sub") => (Member::UserSub, 8),
            b's' if named(rest, b"session_uid") => (Member::SessionUid, 11),
            b'e' if named(rest, b"evtype") => (Member::Evtype, 6),
            b'j' if named(rest, b"journey_time") => (Member::Time, 12),
            b'p' if named(rest, b"prompt_time") => (Member::Time, 11),
            b'i' if named(rest, b"icon") => (Member::Icon, 4),
            b'd' if named(rest, b"data") => (Member::Data, 4),
            _ => return None,
        };
        self.at += len + 1;
        self.eat(b':')?;
        Some(member)
    }

    /// A string with no escapes and no control characters, borrowed.
    pub fn string(&mut self) -> Option<&'a str> {
        self.eat(b'"')?;
        let start = self.at;
        let rest = self.bytes().get(start..)?;
        let len = plain_len(rest);
        if rest.get(len) != Some(&b'"') {
            return None;
        }
        let i = start + len;
        self.at = i + 1;
        // Both ends are next to an ASCII quote, so both are char boundaries.
        self.text.get(start..i)
    }

    /// A string or `null`.
    fn string_or_null(&mut self) -> Option<Option<&'a str>> {
        if self.null()? {
            return Some(None);
        }
        self.string().map(Some)
    }

    /// `true` or `false`.
    pub fn boolean(&mut self) -> Option<bool> {
        if self.peek()? == b't' {
            self.word("true")?;
            return Some(true);
        }
        self.word("false")?;
        Some(false)
    }

    /// A number in JSON's grammar: its text, and whether it is an integer
    /// (no fraction, no exponent).
    fn number(&mut self) -> Option<(&'a str, bool)> {
        self.skip_space();
        let bytes = self.bytes();
        let start = self.at;
        let mut i = start;
        let digits = |i: &mut usize| {
            let from = *i;
            while bytes.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i > from
        };
        if bytes.get(i) == Some(&b'-') {
            i += 1;
        }
        match bytes.get(i)? {
            b'0' => i += 1,
            b'1'..=b'9' => {
                digits(&mut i);
            }
            _ => return None,
        }
        let mut integer = true;
        if bytes.get(i) == Some(&b'.') {
            i += 1;
            integer = false;
            if !digits(&mut i) {
                return None;
            }
        }
        if let Some(b'e' | b'E') = bytes.get(i) {
            i += 1;
            integer = false;
            if let Some(b'+' | b'-') = bytes.get(i) {
                i += 1;
            }
            if !digits(&mut i) {
                return None;
            }
        }
        // A number runs into nothing but a delimiter.
        if bytes.get(i).is_some_and(|b| !b",]} \t\n\r".contains(b)) {
            return None;
        }
        self.at = i;
        Some((self.text.get(start..i)?, integer))
    }

    /// A finite number read as serde_json reads it into an `f64`.
    pub fn float(&mut self) -> Option<f64> {
        self.skip_space();
        if let Some((x, len)) = exact_decimal(self.bytes().get(self.at..)?) {
            self.at += len;
            return Some(x);
        }
        let (text, integer) = self.number()?;
        // serde_json reads `-0` as the integer 0, not as -0.0.
        if integer && text.starts_with('-') && text.bytes().skip(1).all(|b| b == b'0') {
            return None;
        }
        let x: f64 = text.parse().ok()?;
        // Out of range is an error to serde_json; an underflow is left to it.
        let underflow = x == 0.0 && text.bytes().any(|b| matches!(b, b'1'..=b'9'));
        (x.is_finite() && !underflow).then_some(x)
    }

    /// A number or `null`.
    pub fn float_or_null(&mut self) -> Option<Option<f64>> {
        if self.null()? {
            return Some(None);
        }
        self.float().map(Some)
    }

    /// An integer that fits an `i64` (a fraction or exponent is not one).
    fn integer(&mut self) -> Option<i64> {
        self.skip_space();
        if let Some((n, len)) = small_integer(self.bytes().get(self.at..)?) {
            self.at += len;
            return Some(n);
        }
        match self.number()? {
            (text, true) => text.parse().ok(),
            _ => None,
        }
    }

    /// A JSON array of events, each one of the known shapes.
    pub fn events(&mut self, posters: Posters) -> Option<Vec<Event>> {
        let guess = (self.text.len() - self.at) / 160;
        let mut events = Vec::with_capacity(guess.clamp(FIRST_CAPACITY, 4096));
        if self.open(b'[', b']')? {
            loop {
                events.push(self.event(posters)?);
                if !self.more(b']')? {
                    break;
                }
            }
        }
        Some(events)
    }

    /// One event object.
    fn event(&mut self, posters: Posters) -> Option<Event> {
        let mut uid = None;
        let mut user_sub = None;
        let mut session_uid = None;
        let mut evtype = None;
        let mut time = None;
        let mut icon = None;
        let mut data = None;
        if self.open(b'{', b'}')? {
            loop {
                match self.event_member()? {
                    Member::Uid => once(&mut uid, self.string()?)?,
                    Member::UserSub => once(&mut user_sub, self.string_or_null()?)?,
                    Member::SessionUid => once(&mut session_uid, self.string_or_null()?)?,
                    Member::Evtype => once(&mut evtype, self.string()?)?,
                    Member::Time => once(&mut time, self.float()?)?,
                    Member::Icon => once(&mut icon, self.icon()?)?,
                    Member::Data => once(&mut data, self.data()?)?,
                }
                if !self.more(b'}')? {
                    break;
                }
            }
        }
        let keep = posters == Posters::Keep;
        Some(Event {
            data: typed(evtype?, data.unwrap_or(Data::Empty))?,
            uid: uid?.to_string(),
            user_sub: user_sub.flatten().filter(|_| keep).map(str::to_string),
            session_uid: session_uid.flatten().map(str::to_string),
            time: time?,
            icon: icon.flatten().filter(|_| keep).map(|(uid, jwt)| {
                Box::new(Icon {
                    uid: uid.to_string(),
                    jwt: Jwt::new(jwt),
                })
            }),
        })
    }

    /// `null` or `{"uid": …, "jwt": …}`: the icon's uid and JWT.
    fn icon(&mut self) -> Option<Option<(&'a str, &'a str)>> {
        if self.null()? {
            return Some(None);
        }
        let (mut uid, mut jwt) = (None, None);
        if self.open(b'{', b'}')? {
            loop {
                match self.key()? {
                    "uid" => once(&mut uid, self.string()?)?,
                    "jwt" => once(&mut jwt, self.string()?)?,
                    _ => return None,
                }
                if !self.more(b'}')? {
                    break;
                }
            }
        }
        Some(Some((uid?, jwt?)))
    }

    /// `data` with at most one member of the known ones.
    fn data(&mut self) -> Option<Data<'a>> {
        if self.null()? || !self.open(b'{', b'}')? {
            return Some(Data::Empty);
        }
        let data = match self.key()? {
            "name" => Data::Name(self.string_or_null()?),
            "rating" => Data::Rating(self.integer()?),
            "index" => Data::Index(self.integer()?),
            _ => return None,
        };
        (!self.more(b'}')?).then_some(data)
    }
}

/// How many bytes of `bytes` come before the first quote, backslash or
/// control character: eight bytes a step, as plain text is most of a frame.
fn plain_len(bytes: &[u8]) -> usize {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = ONES << 7;
    let mut i = 0;
    while let Some(word) = bytes
        .get(i..i + 8)
        .and_then(|w| <[u8; 8]>::try_from(w).ok())
    {
        let w = u64::from_le_bytes(word);
        let quote = w ^ (ONES * u64::from(b'"'));
        let slash = w ^ (ONES * u64::from(b'\\'));
        // The high bit of each byte that is zero (a quote, a backslash) or
        // below 0x20. Bits above a true one may be set too, but the lowest
        // set bit is always a true one: the first such byte.
        let zero = |x: u64| x.wrapping_sub(ONES) & !x;
        let stop = (zero(quote) | zero(slash) | (w.wrapping_sub(ONES * 0x20) & !w)) & HIGH;
        if stop != 0 {
            return i + (stop.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    let tail = bytes.get(i..).unwrap_or_default();
    i + tail
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        .unwrap_or(tail.len())
}

/// How many digits `bytes` starts with, when that is at most `max`.
fn digit_run(bytes: &[u8], max: usize) -> Option<usize> {
    let len = bytes
        .iter()
        .take(max + 1)
        .take_while(|b| b.is_ascii_digit())
        .count();
    (len <= max).then_some(len)
}

/// The digits of `text` (anything else skipped) as one integer.
fn digits_value(text: &[u8]) -> u64 {
    text.iter()
        .filter(|b| b.is_ascii_digit())
        .fold(0, |n, &b| n * 10 + u64::from(b - b'0'))
}

/// JSON's integer part: one `0`, or digits that do not start with `0`.
fn whole_part(bytes: &[u8], max: usize) -> Option<usize> {
    let len = digit_run(bytes, max)?;
    (len == 1 || (len > 1 && bytes.first() != Some(&b'0'))).then_some(len)
}

/// A number ends at a delimiter or at the end of the text.
fn ends_number(next: Option<&u8>) -> bool {
    next.is_none_or(|b| b",]} \t\n\r".contains(b))
}

/// Most digits [`exact_decimal`] reads: below 10^16, so their value is
/// exact in an `f64` when at most 2^53 (checked), and so is 10^16.
const EXACT_DIGITS: usize = 16;

/// A number at the start of `bytes` of the form `digits[.digits]` (no
/// sign, no exponent) with at most [`EXACT_DIGITS`] digits in all, read as
/// an `f64`, and its length. The digits as one integer and the power of
/// ten are both exact, so one division is correctly rounded: exactly what
/// a full parse gives (Clinger's fast path). Event times (`12.345`) are of
/// this form; anything else answers `None` and is read in full.
fn exact_decimal(bytes: &[u8]) -> Option<(f64, usize)> {
    const POW10: [f64; EXACT_DIGITS + 1] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    ];
    let whole = whole_part(bytes, EXACT_DIGITS)?;
    let mut len = whole;
    let mut scale = 0;
    if bytes.get(len) == Some(&b'.') {
        scale = digit_run(bytes.get(len + 1..)?, EXACT_DIGITS - whole)?;
        if scale == 0 {
            return None;
        }
        len += 1 + scale;
    }
    let mantissa = digits_value(bytes.get(..len)?);
    if !ends_number(bytes.get(len)) || mantissa > 1 << 53 {
        return None;
    }
    Some((mantissa as f64 / *POW10.get(scale)?, len))
}

/// An integer at the start of `bytes`, `-?digits` with at most 18 digits
/// (so it fits an `i64`), and its length; anything else answers `None`.
fn small_integer(bytes: &[u8]) -> Option<(i64, usize)> {
    let sign = usize::from(bytes.first() == Some(&b'-'));
    let len = sign + whole_part(bytes.get(sign..)?, 18)?;
    if !ends_number(bytes.get(len)) {
        return None;
    }
    let value = i64::try_from(digits_value(bytes.get(..len)?)).ok()?;
    Some((if sign == 1 { -value } else { value }, len))
}

/// `rest` starts with `name` and its closing quote.
fn named<const N: usize>(rest: &[u8], name: &[u8; N]) -> bool {
    rest.get(..N).is_some_and(|head| head == name) && rest.get(N) == Some(&b'"')
}

/// Sets a field met for the first time; a repeated one is not the shape.
fn once<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    slot.is_none().then(|| *slot = Some(value))
}

/// The event's data, when its evtype is known and the data fits it the way
/// the serde reader types it; an unknown or invalid event is left to that.
fn typed(evtype: &str, data: Data<'_>) -> Option<EventData> {
    let name = |data: Data<'_>| match data {
        Data::Empty => Some(None),
        Data::Name(name) => Some(name.map(str::to_string)),
        _ => None,
    };
    let nothing = |data: Data<'_>| matches!(data, Data::Empty).then_some(());
    Some(match evtype {
        "join" => EventData::Join { name: name(data)? },
        "leave" => EventData::Leave { name: name(data)? },
        "like" => nothing(data).map(|()| EventData::Like)?,
        "press_prompt_start_response" => nothing(data).map(|()| EventData::PressStart)?,
        "press_prompt_end_response" => nothing(data).map(|()| EventData::PressEnd)?,
        "numeric_prompt_response" => match data {
            Data::Rating(rating) => EventData::Numeric { rating },
            _ => return None,
        },
        "color_prompt_response" => match data {
            Data::Index(index) => EventData::Color { index },
            _ => return None,
        },
        "word_prompt_response" => match data {
            Data::Index(index) => EventData::Word { index },
            _ => return None,
        },
        _ => return None,
    })
}

/// An `event_batch` frame in the server's shape: the packet's uid and its
/// events. `None` for any other frame, or one not of the known shape.
pub(crate) fn event_batch_frame(
    text: &str,
    posters: Posters,
) -> Option<(Option<String>, Vec<Event>)> {
    let mut r = Reader::new(text);
    let (mut success, mut kind, mut uid, mut events) = (None, None, None, None);
    if r.open(b'{', b'}')? {
        loop {
            match r.key()? {
                "success" => once(&mut success, r.boolean()?)?,
                "type" => once(&mut kind, r.string()?)?,
                "uid" => once(&mut uid, r.string_or_null()?)?,
                "data" => {
                    r.open(b'{', b'}')?.then_some(())?;
                    (r.key()? == "events").then_some(())?;
                    once(&mut events, r.events(posters)?)?;
                    (!r.more(b'}')?).then_some(())?;
                }
                _ => return None,
            }
            if !r.more(b'}')? {
                break;
            }
        }
    }
    (kind? == "event_batch" && r.at_end()).then_some(())?;
    Some((uid.flatten().map(str::to_string), events?))
}

#[cfg(test)]
mod tests;
