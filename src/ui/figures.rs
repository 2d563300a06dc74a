//! Numbers as the official Oseh UIs show them (PROTOCOL.md §5): a k/M/B
//! formatter (1.2k, 3.4M), the journey clock as mm:ss, and shares in percent.

/// `999`, `1.2k`, `12k`, `3.4M`, `5.6B`. Rounds down, so a number never shows
/// as more than it is (999,999 is `999k`, not `1000k`).
pub(crate) fn compact(n: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1_000_000_000, "B"), (1_000_000, "M"), (1_000, "k")];
    for (unit, suffix) in UNITS {
        if n >= unit {
            let whole = n / unit;
            if whole < 10 {
                let tenth = (n % unit) / (unit / 10);
                return if tenth == 0 {
                    format!("{whole}{suffix}")
                } else {
                    format!("{whole}.{tenth}{suffix}")
                };
            }
            return format!("{whole}{suffix}");
        }
    }
    n.to_string()
}

/// Journey time as `mm:ss` (or `h:mm:ss` past an hour); nonsense reads 00:00.
pub(crate) fn clock(t: f64) -> String {
    let mut out = String::with_capacity(8);
    push_clock(&mut out, t);
    out
}

/// Appends [`clock`]'s text to `out` (no string of its own: the feed
/// writes one a line, every frame).
pub(crate) fn push_clock(out: &mut String, t: f64) {
    let secs = if t.is_finite() && t > 0.0 {
        t.floor().min(359_999.0) as u64
    } else {
        0
    };
    let (h, m, s) = (secs / 3600, (secs / 60) % 60, secs % 60);
    let two = |out: &mut String, n: u64| {
        out.push(char::from(b'0' + (n / 10 % 10) as u8));
        out.push(char::from(b'0' + (n % 10) as u8));
    };
    if h > 0 {
        out.push_str(&h.to_string());
        out.push(':');
    }
    two(out, m);
    out.push(':');
    two(out, s);
}

/// The share `part / total` in whole percent; 0 when there is no total.
pub(crate) fn percent_of(part: u64, total: u64) -> u64 {
    if total == 0 {
        0
    } else {
        ((part as f64 / total as f64) * 100.0).round() as u64
    }
}

/// `34%`.
pub(crate) fn percent(part: u64, total: u64) -> String {
    format!("{}%", percent_of(part, total))
}

/// Whole-percent shares that sum to exactly 100: the engine's, so the
/// dashboard and the replay summary round the same way.
pub(crate) use journeytop_engine::shares;

/// "1 person" / "3 people".
pub(crate) fn people(n: u64) -> String {
    if n == 1 {
        "1 person".to_string()
    } else {
        format!("{} people", compact(n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_like_oseh() {
        assert_eq!(compact(0), "0");
        assert_eq!(compact(999), "999");
        assert_eq!(compact(1000), "1k");
        assert_eq!(compact(1234), "1.2k");
        assert_eq!(compact(12_345), "12k");
        assert_eq!(compact(999_999), "999k");
        assert_eq!(compact(3_456_789), "3.4M");
        assert_eq!(compact(5_600_000_000), "5.6B");
        assert_eq!(compact(u64::MAX), "18446744073B");
    }

    #[test]
    fn clock_and_percent() {
        assert_eq!(clock(0.0), "00:00");
        assert_eq!(clock(83.9), "01:23");
        assert_eq!(clock(-3.0), "00:00");
        assert_eq!(clock(f64::NAN), "00:00");
        assert_eq!(clock(3723.0), "1:02:03");
        assert_eq!(clock(600.0), "10:00");
        assert_eq!(clock(1e12), "99:59:59");
        assert_eq!(percent(1, 3), "33%");
        assert_eq!(percent(0, 0), "0%");
        assert_eq!(people(1), "1 person");
        assert_eq!(people(1200), "1.2k people");
    }
}
