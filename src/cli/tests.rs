use super::*;
use clap::CommandFactory;

#[test]
fn cli_is_consistent() {
    Cli::command().debug_assert();
}

#[test]
fn watch_needs_a_journey() {
    let bare = Cli::try_parse_from(["journeytop", "watch"]).map(|c| c.check());
    assert!(matches!(bare, Ok(Err(m)) if m == WATCH_NEEDS_A_JOURNEY));
    let uid = Cli::try_parse_from(["journeytop", "watch", "--uid", "oseh_j_x"]);
    assert!(uid.is_ok_and(|c| c.check().is_ok()));
    assert!(
        Cli::try_parse_from(["journeytop", "watch", "--uid", "x", "--lookback", "11"]).is_err()
    );
    assert!(
        Cli::try_parse_from(["journeytop", "watch", "--uid", "x", "--bandwidth", "0"]).is_err()
    );
}

/// Issue 11: every numeric flag is finite and in its stated range.
#[test]
fn numeric_flags_are_finite_and_in_range() {
    let watch = |flag: &str, v: &str| {
        Cli::try_parse_from(["journeytop", "watch", "--uid", "x", flag, v]).is_ok()
    };
    for (flag, bad) in [
        ("--every", "1e-300"),
        ("--every", "0.05"),
        ("--every", "3601"),
        ("--every", "NaN"),
        ("--start-at", "NaN"),
        ("--start-at", "1e17"),
        ("--start-at", "inf"),
        ("--duration", "NaN"),
        ("--duration", "inf"),
        ("--duration", "0"),
        ("--duration", "86401"),
        ("--until", "NaN"),
        ("--until", "-inf"),
        ("--lookback", "NaN"),
    ] {
        assert!(!watch(flag, bad), "{flag} {bad} accepted");
    }
    for (flag, good) in [
        ("--every", "0.1"),
        ("--every", "3600"),
        ("--start-at", "-5"),
        ("--duration", "86400"),
        ("--until", "30"),
    ] {
        assert!(watch(flag, good), "{flag} {good} refused");
    }
    let replay =
        |v: &str| Cli::try_parse_from(["journeytop", "replay", "r.jsonl", "--speed", v]).is_ok();
    assert!(!replay("NaN") && !replay("0") && !replay("0.01") && !replay("2000"));
    assert!(replay("0.015625") && replay("1024"));
}
