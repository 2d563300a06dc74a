//! The serializable summary of a scope, with the stats endpoint's field
//! names (PROTOCOL.md §6.3): what headless mode prints and replay compares.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub journey_time: f64,
    pub users: u64,
    pub likes: u64,
    /// Every rating min..max, zero-filled, keyed by the rating as a string
    /// (in rating order); `null` when the prompt is not numeric.
    #[serde(serialize_with = "ser_ratings", deserialize_with = "de_ratings")]
    pub numeric_active: Option<Vec<(i64, u64)>>,
    pub press_active: Option<u64>,
    pub press: Option<u64>,
    pub color_active: Option<Vec<u64>>,
    pub word_active: Option<Vec<u64>>,
    /// Event bookkeeping; live scope only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<EventCounts>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventCounts {
    pub received: u64,
    pub applied: u64,
    pub duplicates: u64,
    pub rejected: u64,
    pub unknown: u64,
}

impl Snapshot {
    /// The room mood (weighted mean rating), if numeric and answered.
    pub fn mood(&self) -> Option<f64> {
        super::tally::mean(self.numeric_active.as_ref()?.iter().copied())
    }
}

fn ser_ratings<S: Serializer>(v: &Option<Vec<(i64, u64)>>, s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    match v {
        None => s.serialize_none(),
        Some(pairs) => {
            let mut m = s.serialize_map(Some(pairs.len()))?;
            for (r, n) in pairs {
                m.serialize_entry(&r.to_string(), n)?;
            }
            m.end()
        }
    }
}

fn de_ratings<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<(i64, u64)>>, D::Error> {
    let map: Option<BTreeMap<String, u64>> = Option::deserialize(d)?;
    let Some(map) = map else { return Ok(None) };
    let mut pairs = map
        .into_iter()
        .map(|(k, n)| {
            k.parse::<i64>()
                .map(|r| (r, n))
                .map_err(serde::de::Error::custom)
        })
        .collect::<Result<Vec<_>, _>>()?;
    pairs.sort_unstable();
    Ok(Some(pairs))
}
