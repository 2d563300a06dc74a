//! 64-bit keys for uids, so the engine's maps hold 8 bytes per session or
//! event instead of a 30-byte string. With at most a few million live keys
//! the chance of a collision is ~1e-7; the cost of one is a single miscount.

use std::hash::{BuildHasherDefault, Hasher};

/// foldhash with a fixed seed: eight bytes a step (a uid is four steps,
/// not the thirty dependent multiplies of a byte-wise hash), and the same
/// key for the same text in every run, so recordings and replays key
/// identically.
pub(crate) fn key64(s: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(KEY_SEED).hash_one(s)
}

/// Any fixed value: keys only need to be the same from run to run.
const KEY_SEED: u64 = 0x6f73_6568_6a74_6f70;

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

#[cfg(test)]
mod tests {
    use super::*;

    /// Uids of the real shape that differ in one place key apart, and the
    /// bits a map indexes by are spread: keys are well mixed.
    #[test]
    fn uid_keys_are_distinct_and_well_mixed() {
        let n = 200_000;
        let keys: KeySet = (0..n)
            .map(|i| key64(&format!("oseh_je_{i:022}")))
            .chain((0..n).map(|i| key64(&format!("oseh_js_{i:022}"))))
            .collect();
        assert_eq!(keys.len(), 2 * n);
        // The low 8 bits (a map's bucket) and the top 7 (its tag) each
        // come out near-uniform: no bucket over twice its share.
        for bits in [|k: u64| (k & 0xff) as usize, |k: u64| (k >> 57) as usize] {
            let mut counts = [0usize; 256];
            for &k in &keys {
                counts[bits(k)] += 1;
            }
            let used = counts.iter().filter(|&&c| c > 0).count();
            let share = 2 * n / used;
            assert!(counts.iter().all(|&c| c < 2 * share), "{counts:?}");
        }
        assert_eq!(key64("oseh_je_a"), key64("oseh_je_a"));
        assert_ne!(key64("ab"), key64("ba"));
    }
}
