//! Server packet decoding: any bytes give a packet or an error, never a
//! panic; a decoded packet encodes in both variants and decodes again; the
//! known-shape reader answers exactly as serde alone does, with posters
//! kept or skipped.
#![no_main]

use journeytop_protocol::{Posters, ServerBody, ServerPacket, Variant};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let decoded = ServerPacket::decode(data);
    let reference = ServerPacket::decode_by_serde(data);
    assert_eq!(decoded, reference, "the known-shape reader differs from serde");
    let mut stripped = reference;
    if let Ok(ServerPacket {
        body: ServerBody::EventBatch(batch),
        ..
    }) = &mut stripped
    {
        for ev in &mut batch.events {
            ev.user_sub = None;
            ev.icon = None;
        }
    }
    assert_eq!(ServerPacket::decode_with(data, Posters::Skip), stripped);
    if let Ok(packet) = decoded {
        let _ = packet.kind();
        for variant in Variant::ALL {
            let text = packet.encode(variant);
            let again = ServerPacket::decode(text.as_bytes());
            assert!(again.is_ok(), "re-decoding {text:?} failed: {again:?}");
        }
    }
});
