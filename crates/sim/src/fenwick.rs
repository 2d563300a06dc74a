//! A Fenwick (binary indexed) tree of i64: the structure the backend keeps
//! per stat in `*_event_fenwick_trees`, one row per node.

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fenwick {
    /// 1-based nodes; `tree[0]` is unused.
    tree: Vec<i64>,
}

impl Fenwick {
    pub(crate) fn new(len: usize) -> Fenwick {
        Fenwick {
            tree: vec![0; len + 1],
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.tree.len() - 1
    }

    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds `delta` at 0-based index `i`; out of range is ignored.
    pub(crate) fn add(&mut self, i: usize, delta: i64) {
        let mut k = i + 1;
        while k < self.tree.len() {
            self.tree[k] += delta;
            k += k & k.wrapping_neg();
        }
    }

    /// The sum over 0-based indices `0..=i` (clamped to the last index).
    pub(crate) fn prefix_sum(&self, i: usize) -> i64 {
        let mut k = (i + 1).min(self.len());
        let mut sum = 0;
        while k > 0 {
            sum += self.tree[k];
            k &= k - 1;
        }
        sum
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn matches_brute_force(
            len in 1usize..70,
            ops in prop::collection::vec((0usize..80, -5i64..6), 0..200),
        ) {
            let mut f = Fenwick::new(len);
            let mut plain = vec![0i64; len];
            for (i, d) in ops {
                f.add(i, d);
                if i < len {
                    plain[i] += d;
                }
            }
            for i in 0..len {
                prop_assert_eq!(f.prefix_sum(i), plain[..=i].iter().sum::<i64>());
            }
            prop_assert_eq!(f.prefix_sum(len + 10), plain.iter().sum::<i64>());
        }
    }

    #[test]
    fn empty_tree_sums_to_zero() {
        let f = Fenwick::new(0);
        assert!(f.is_empty());
        assert_eq!(f.prefix_sum(3), 0);
    }
}
