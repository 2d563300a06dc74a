//! Whole-percent shares that add up: one rounding for every output (the
//! dashboard, the summary popup, the replay summary table).

/// Whole-percent shares of `counts` that sum to exactly 100 (largest
/// remainder: each share is rounded down, then the points left go to the
/// largest remainders, ties to the earlier option). All zeros when there
/// is nothing to share.
pub fn shares(counts: &[u64]) -> Vec<u64> {
    let total: u128 = counts.iter().map(|c| u128::from(*c)).sum();
    if total == 0 {
        return vec![0; counts.len()];
    }
    let mut out: Vec<u64> = Vec::with_capacity(counts.len());
    let mut rems: Vec<(u128, usize)> = Vec::with_capacity(counts.len());
    for (i, c) in counts.iter().enumerate() {
        let scaled = u128::from(*c) * 100;
        out.push((scaled / total) as u64);
        rems.push((scaled % total, i));
    }
    let left = 100 - out.iter().sum::<u64>();
    // Largest remainder first; the earlier option wins a tie.
    rems.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in rems.into_iter().take(left as usize) {
        out[i] += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::shares;

    #[test]
    fn shares_sum_to_exactly_one_hundred() {
        assert_eq!(shares(&[1, 1, 1]), vec![34, 33, 33]);
        assert_eq!(shares(&[0, 0, 0]), vec![0, 0, 0]);
        assert_eq!(shares(&[]), Vec::<u64>::new());
        assert_eq!(shares(&[5]), vec![100]);
        assert_eq!(shares(&[1, 2]), vec![33, 67]);
        // Naive rounding gives 17+17+17+17+17+17 = 102.
        assert_eq!(shares(&[1; 6]), vec![17, 17, 17, 17, 16, 16]);
        // Naive rounding gives 33+33+33 = 99 here.
        assert_eq!(shares(&[10, 10, 10, 0]), vec![34, 33, 33, 0]);
        assert_eq!(shares(&[u64::MAX, u64::MAX]), vec![50, 50]);
        for counts in [vec![7, 3, 1, 1, 9], vec![2, 0, 999, 13], vec![1; 13]] {
            assert_eq!(shares(&counts).iter().sum::<u64>(), 100, "{counts:?}");
        }
    }
}
