//! Server packet decoding: any bytes give a packet or an error, never a
//! panic; a decoded packet encodes in both variants and decodes again.
#![no_main]

use journeytop_protocol::{ServerPacket, Variant};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(packet) = ServerPacket::decode(data) {
        let _ = packet.kind();
        for variant in Variant::ALL {
            let text = packet.encode(variant);
            let again = ServerPacket::decode(text.as_bytes());
            assert!(again.is_ok(), "re-decoding {text:?} failed: {again:?}");
        }
    }
});
