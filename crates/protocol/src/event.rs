//! Events as the live socket carries them (docs/PROTOCOL.md §2.4).

use super::Variant;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

/// The image a poster has as a profile picture. Only its presence matters to
/// the dashboard; the JWT inside is short-lived and for fetching the image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Icon {
    pub uid: String,
    pub jwt: super::Jwt,
}

/// The eight event types (docs/PROTOCOL.md §2.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvType {
    Join,
    Leave,
    Like,
    NumericPromptResponse,
    PressPromptStartResponse,
    PressPromptEndResponse,
    ColorPromptResponse,
    WordPromptResponse,
}

impl EvType {
    pub const ALL: [EvType; 8] = [
        EvType::Join,
        EvType::Leave,
        EvType::Like,
        EvType::NumericPromptResponse,
        EvType::PressPromptStartResponse,
        EvType::PressPromptEndResponse,
        EvType::ColorPromptResponse,
        EvType::WordPromptResponse,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EvType::Join => "join",
            EvType::Leave => "leave",
            EvType::Like => "like",
            EvType::NumericPromptResponse => "numeric_prompt_response",
            EvType::PressPromptStartResponse => "press_prompt_start_response",
            EvType::PressPromptEndResponse => "press_prompt_end_response",
            EvType::ColorPromptResponse => "color_prompt_response",
            EvType::WordPromptResponse => "word_prompt_response",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<EvType> {
        EvType::ALL.into_iter().find(|e| e.as_str() == s)
    }

    /// The route under `/api/1/{journeys,interactive_prompts}/events/` that
    /// creates this event (§6.2).
    pub(crate) fn post_route(self) -> &'static str {
        match self {
            EvType::Join => "join",
            EvType::Leave => "leave",
            EvType::Like => "like",
            EvType::NumericPromptResponse => "respond_numeric_prompt",
            EvType::PressPromptStartResponse => "respond_press_prompt/start",
            EvType::PressPromptEndResponse => "respond_press_prompt/end",
            EvType::ColorPromptResponse => "respond_color_prompt",
            EvType::WordPromptResponse => "respond_word_prompt",
        }
    }

    pub fn from_post_route(route: &str) -> Option<EvType> {
        EvType::ALL.into_iter().find(|e| e.post_route() == route)
    }

    /// Tie-break rank for events at exactly the same time. Sums do not care
    /// about order, but clamping does: a press start sorts before a press end
    /// at the same instant so a valid log never dips below zero.
    pub fn tie_rank(self) -> u8 {
        match self {
            EvType::Join => 0,
            EvType::Like => 1,
            EvType::NumericPromptResponse
            | EvType::ColorPromptResponse
            | EvType::WordPromptResponse => 2,
            EvType::PressPromptStartResponse => 3,
            EvType::PressPromptEndResponse => 4,
            EvType::Leave => 5,
        }
    }
}

/// What an event says, typed by its evtype.
#[derive(Debug, Clone, PartialEq)]
pub enum EventData {
    Join {
        name: Option<String>,
    },
    Leave {
        name: Option<String>,
    },
    Like,
    Numeric {
        rating: i64,
    },
    PressStart,
    PressEnd,
    Color {
        index: i64,
    },
    Word {
        index: i64,
    },
    /// An evtype this build does not know. Kept (and counted), never fatal.
    Unknown(Box<UnknownData>),
    /// A known evtype whose `data` does not fit it — the real server sends
    /// `"data": {}` for a numeric response whose rating failed validation.
    Invalid(Box<InvalidData>),
}

/// What an event of an evtype this build does not know says. Boxed in
/// [`EventData`], like [`InvalidData`]: both are rare, and every event is
/// smaller (and moves cheaper) for it.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownData {
    pub evtype: String,
    pub data: RawJson,
}

/// A known evtype with `data` that does not fit it, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct InvalidData {
    pub evtype: EvType,
    pub reason: String,
    pub data: RawJson,
}

impl EventData {
    /// The evtype, when it is one of the eight.
    pub fn evtype(&self) -> Option<EvType> {
        Some(match self {
            EventData::Join { .. } => EvType::Join,
            EventData::Leave { .. } => EvType::Leave,
            EventData::Like => EvType::Like,
            EventData::Numeric { .. } => EvType::NumericPromptResponse,
            EventData::PressStart => EvType::PressPromptStartResponse,
            EventData::PressEnd => EvType::PressPromptEndResponse,
            EventData::Color { .. } => EvType::ColorPromptResponse,
            EventData::Word { .. } => EvType::WordPromptResponse,
            EventData::Invalid(invalid) => invalid.evtype,
            EventData::Unknown(_) => return None,
        })
    }

    pub fn evtype_str(&self) -> &str {
        match self {
            EventData::Unknown(unknown) => &unknown.evtype,
            other => other.evtype().map(EvType::as_str).unwrap_or("unknown"),
        }
    }
}

/// One event of an `event_batch`.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub uid: String,
    pub user_sub: Option<String>,
    pub session_uid: Option<String>,
    /// `journey_time` or `prompt_time`: seconds on the poster's own clock.
    pub time: f64,
    /// Boxed: most readers drop it, and a smaller event moves cheaper.
    pub icon: Option<Box<Icon>>,
    pub data: EventData,
}

/// One event as it is on the wire, before its `data` is typed: what a
/// reader deserializes in one pass (strings are borrowed where the JSON
/// has no escapes) and then types with [`Event::from_wire`].
///
/// `U` and `I` are what is read of the poster and their icon: kept by
/// default, or only checked ([`Unkept`]) for a reader that never uses them.
#[derive(Deserialize)]
#[serde(bound(deserialize = "U: Deserialize<'de> + Default, I: Deserialize<'de> + Default"))]
pub struct WireEvent<'a, U = Option<String>, I = Option<Icon>> {
    uid: String,
    #[serde(default)]
    user_sub: U,
    #[serde(default)]
    session_uid: Option<String>,
    #[serde(borrow)]
    evtype: std::borrow::Cow<'a, str>,
    #[serde(alias = "prompt_time")]
    journey_time: f64,
    #[serde(default)]
    icon: I,
    #[serde(borrow)]
    data: Option<&'a RawValue>,
}

/// What a decoded event keeps of a field read as `Self`.
pub trait Keep<T> {
    fn keep(self) -> Option<T>;
}

impl<T> Keep<T> for Option<T> {
    fn keep(self) -> Option<T> {
        self
    }
}

/// A field checked for the shape it must have but not kept: no copy of
/// its text is made. An event read this way decodes (or fails to) exactly
/// as a kept one does, without the field.
#[derive(Debug, Default)]
pub struct Unkept<T>(std::marker::PhantomData<T>);

impl<T> Keep<T> for Option<Unkept<T>> {
    fn keep(self) -> Option<T> {
        None
    }
}

impl<'de> Deserialize<'de> for Unkept<String> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(UnkeptStr)
            .map(|()| Unkept(std::marker::PhantomData))
    }
}

impl<'de> Deserialize<'de> for Unkept<Icon> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // The fields an `Icon` must have, each a string.
        #[derive(Deserialize)]
        #[serde(rename = "Icon")]
        #[allow(dead_code)]
        struct IconShape {
            uid: Unkept<String>,
            jwt: Unkept<String>,
        }
        IconShape::deserialize(d).map(|_| Unkept(std::marker::PhantomData))
    }
}

struct UnkeptStr;

impl serde::de::Visitor<'_> for UnkeptStr {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
}

/// Whether a reader keeps who posted each event and their icon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Posters {
    #[default]
    Keep,
    /// Checked but dropped: for a fold, which never reads them.
    Skip,
}

/// A JSON array of events read in one pass, each entry typed as soon as it
/// is read, with no list of [`WireEvent`]s in between. Like such a list it
/// fails when some entry is not an event object; an entry that is one but
/// cannot count (say, a time that is not finite) is kept with its position.
#[derive(Debug, Default, PartialEq)]
pub struct EventList {
    pub events: Vec<Event>,
    /// Position in the array and why, for each entry that did not decode.
    pub undecodable: Vec<(usize, String)>,
}

impl EventList {
    /// Adds the entry at position `i`, decoded or not.
    pub fn push(&mut self, i: usize, entry: Result<Event, String>) {
        match entry {
            Ok(ev) => self.events.push(ev),
            Err(reason) => self.undecodable.push((i, reason)),
        }
    }
}

impl<'de> Deserialize<'de> for EventList {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_seq(EventListVisitor::<Option<String>, Option<Icon>>::default())
    }
}

/// An [`EventList`] read with [`Posters::Skip`]: each event's poster and
/// icon are checked, not kept.
#[derive(Debug, Default, PartialEq)]
pub struct EventListWithoutPosters(pub EventList);

impl<'de> Deserialize<'de> for EventListWithoutPosters {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_seq(EventListVisitor::<
            Option<Unkept<String>>,
            Option<Unkept<Icon>>,
        >::default())
            .map(EventListWithoutPosters)
    }
}

impl From<EventListWithoutPosters> for EventList {
    fn from(list: EventListWithoutPosters) -> Self {
        list.0
    }
}

/// Reads each entry as a [`WireEvent`] whose poster is read as `U` and
/// icon as `I`.
struct EventListVisitor<U, I>(std::marker::PhantomData<(U, I)>);

impl<U, I> Default for EventListVisitor<U, I> {
    fn default() -> Self {
        EventListVisitor(std::marker::PhantomData)
    }
}

/// Room for a typical batch at first, so that growing a list of a hundred
/// events copies it three times rather than seven.
const FIRST_CAPACITY: usize = 16;

impl<'de, U, I> serde::de::Visitor<'de> for EventListVisitor<U, I>
where
    U: Deserialize<'de> + Default + Keep<String>,
    I: Deserialize<'de> + Default + Keep<Icon>,
{
    type Value = EventList;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a list of events")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<EventList, A::Error> {
        let mut list = EventList::default();
        list.events
            .reserve(seq.size_hint().unwrap_or(FIRST_CAPACITY).min(4096));
        let mut i = 0;
        while let Some(wire) = seq.next_element::<WireEvent<'de, U, I>>()? {
            list.push(i, Event::from_wire(wire));
            i += 1;
        }
        Ok(list)
    }
}

#[derive(Deserialize)]
struct NameData {
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize)]
struct RatingData {
    rating: i64,
}

#[derive(Deserialize)]
struct IndexData {
    index: i64,
}

const EMPTY_OBJECT: &str = "{}";

/// JSON kept verbatim (the `data` of an event we could not type), compared
/// by its text.
#[derive(Debug, Clone)]
pub struct RawJson(pub Box<RawValue>);

impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        self.0.get() == other.0.get()
    }
}

impl Serialize for RawJson {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

fn raw_box(raw: Option<&RawValue>) -> RawJson {
    let text = raw.map(RawValue::get).unwrap_or(EMPTY_OBJECT);
    RawJson(RawValue::from_string(text.to_string()).unwrap_or_else(|_| empty_raw()))
}

fn empty_raw() -> Box<RawValue> {
    // `{}` is valid JSON, so this cannot fail; fall back to `null` regardless.
    RawValue::from_string(EMPTY_OBJECT.to_string())
        .or_else(|_| RawValue::from_string("null".to_string()))
        .unwrap_or_default()
}

fn typed<'a, T: Deserialize<'a>>(raw: Option<&'a RawValue>) -> Result<T, String> {
    let text = raw.map(RawValue::get).unwrap_or(EMPTY_OBJECT);
    serde_json::from_str(text).map_err(|e| e.to_string())
}

fn decode_data(evtype: &str, raw: Option<&RawValue>) -> EventData {
    let Some(kind) = EvType::parse(evtype) else {
        return EventData::Unknown(Box::new(UnknownData {
            evtype: evtype.to_string(),
            data: raw_box(raw),
        }));
    };
    let invalid = |reason: String| {
        EventData::Invalid(Box::new(InvalidData {
            evtype: kind,
            reason,
            data: raw_box(raw),
        }))
    };
    match kind {
        EvType::Join | EvType::Leave => match typed::<NameData>(raw) {
            Ok(d) if kind == EvType::Join => EventData::Join { name: d.name },
            Ok(d) => EventData::Leave { name: d.name },
            Err(e) => invalid(format!("{evtype} data: {e}")),
        },
        EvType::Like => EventData::Like,
        EvType::PressPromptStartResponse => EventData::PressStart,
        EvType::PressPromptEndResponse => EventData::PressEnd,
        EvType::NumericPromptResponse => match typed::<RatingData>(raw) {
            Ok(d) => EventData::Numeric { rating: d.rating },
            Err(_) => invalid("a numeric response without an integer rating".to_string()),
        },
        EvType::ColorPromptResponse | EvType::WordPromptResponse => match typed::<IndexData>(raw) {
            Ok(d) if kind == EvType::ColorPromptResponse => EventData::Color { index: d.index },
            Ok(d) => EventData::Word { index: d.index },
            Err(_) => invalid(format!("a {evtype} without an integer index")),
        },
    }
}

impl Event {
    /// Decodes one event object. Either time key is accepted, so one code
    /// path serves both variants.
    pub fn from_raw(raw: &RawValue) -> Result<Event, String> {
        let wire: WireEvent<'_> = serde_json::from_str(raw.get()).map_err(|e| e.to_string())?;
        Event::from_wire(wire)
    }

    /// Decodes a JSON array of events in one pass. `None` when some entry
    /// is not an event object at all: then read the entries one by one with
    /// [`Event::from_raw`], which gives the same events for the entries that
    /// do read.
    pub fn decode_array(text: &str) -> Option<EventList> {
        let mut known = crate::scan::Reader::new(text);
        if let Some(events) = known.events(Posters::Keep).filter(|_| known.at_end()) {
            return Some(EventList {
                events,
                undecodable: Vec::new(),
            });
        }
        serde_json::from_str(text).ok()
    }

    /// Types an event already read from the wire (what `from_raw` does
    /// after parsing).
    pub fn from_wire<U: Keep<String>, I: Keep<Icon>>(
        wire: WireEvent<'_, U, I>,
    ) -> Result<Event, String> {
        if !wire.journey_time.is_finite() {
            return Err("event time is not a finite number".to_string());
        }
        Ok(Event {
            data: decode_data(&wire.evtype, wire.data),
            uid: wire.uid,
            user_sub: wire.user_sub.keep(),
            session_uid: wire.session_uid,
            time: wire.journey_time,
            icon: wire.icon.keep().map(Box::new),
        })
    }

    /// The `data` object as the server sends it.
    pub fn data_json(&self) -> serde_json::Value {
        serde_json::to_value(DataRef(&self.data)).unwrap_or_else(|_| serde_json::json!({}))
    }

    /// A borrowed view that serializes as the wire event for `variant`.
    pub fn wire(&self, variant: Variant) -> WireEventRef<'_> {
        WireEventRef {
            event: self,
            variant,
        }
    }

    pub fn name(&self) -> Option<&str> {
        match &self.data {
            EventData::Join { name } | EventData::Leave { name } => name.as_deref(),
            _ => None,
        }
    }
}

/// Serializes an [`Event`] in the real server's shape without building a
/// `serde_json::Value` (the simulator fans events out at thousands a second).
pub struct WireEventRef<'a> {
    event: &'a Event,
    variant: Variant,
}

struct IconRef<'a>(&'a Icon);

impl Serialize for IconRef<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("uid", &self.0.uid)?;
        m.serialize_entry("jwt", self.0.jwt.expose())?;
        m.end()
    }
}

struct DataRef<'a>(&'a EventData);

impl Serialize for DataRef<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self.0 {
            EventData::Join { name: Some(n) } | EventData::Leave { name: Some(n) } => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("name", n)?;
                m.end()
            }
            EventData::Numeric { rating } => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("rating", rating)?;
                m.end()
            }
            EventData::Color { index } | EventData::Word { index } => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("index", index)?;
                m.end()
            }
            EventData::Unknown(unknown) => unknown.data.serialize(s),
            EventData::Invalid(invalid) => invalid.data.serialize(s),
            _ => s.serialize_map(Some(0))?.end(),
        }
    }
}

impl Serialize for WireEventRef<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let e = self.event;
        let mut m = s.serialize_map(Some(7))?;
        m.serialize_entry("uid", &e.uid)?;
        m.serialize_entry("user_sub", &e.user_sub)?;
        m.serialize_entry("session_uid", &e.session_uid)?;
        m.serialize_entry("evtype", e.data.evtype_str())?;
        m.serialize_entry(self.variant.time_field(), &e.time)?;
        m.serialize_entry("icon", &e.icon.as_deref().map(IconRef))?;
        m.serialize_entry("data", &DataRef(&e.data))?;
        m.end()
    }
}
