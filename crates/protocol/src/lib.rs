//! The wire protocol of PROTOCOL.md §2 and the HTTP shapes of §6: typed
//! models for every packet, both directions, both naming variants.

pub mod client;
pub mod event;
mod journey_file;
mod jwt;
mod packet;
pub mod prompt;
mod pyjson;
pub mod scan;
mod stats;
pub mod text;
mod variant;

pub use client::{Authorize, ClientKind, ClientPacket, SyncResponse, ValidationErrors};
pub use event::{
    EvType, Event, EventData, EventList, EventListWithoutPosters, Icon, InvalidData, Posters,
    RawJson, UnknownData, WireEvent,
};
pub use journey_file::{JourneyFileError, JourneySpec, MAX_DURATION};
pub use jwt::Jwt;
pub use packet::{
    DecodeError, EventBatch, ServerBody, ServerError, ServerPacket, encode_event_batch,
};
pub use prompt::{Prompt, PromptError, Style};
pub use stats::{Bins, StatsResponse};
pub use variant::Variant;

/// `bytes` as text when they are UTF-8: how every frame and recording line
/// is checked, once, before it is read. A vector check (many bytes a step)
/// answers exactly as `std::str::from_utf8` does.
pub fn utf8(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}
