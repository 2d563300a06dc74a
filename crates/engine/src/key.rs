//! 64-bit keys for uids, so the engine's maps hold 8 bytes per session or
//! event instead of a 30-byte string. With at most a few million live keys
//! the chance of a collision is ~1e-7; the cost of one is a single miscount.

use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a with a final avalanche (splitmix64's mixer): stable across runs and
/// platforms, so recordings and replays key identically.
pub(crate) fn key64(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// A hasher for keys that are already well-mixed `u64`s.
#[derive(Default, Clone, Copy)]
pub(crate) struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b) ^ (self.0 >> 56);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub(crate) type KeyMap<V> = std::collections::HashMap<u64, V, BuildHasherDefault<PassThrough>>;
pub(crate) type KeySet = std::collections::HashSet<u64, BuildHasherDefault<PassThrough>>;
