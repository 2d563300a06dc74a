//! The soak: the simulator flooding 5,000 events/s into the dashboard in tmux
//! for ten minutes (`SOAK_SECS` to change) — memory flat, CPU within 5 % of a
//! core, no growing lag. Slow, so ignored; run it in release:
//!
//! ```sh
//! cargo test --release --test soak -- --ignored --nocapture
//! ```

#[test]
#[ignore = "takes ten minutes; run by hand in release"]
fn ten_minutes_at_five_thousand_events_a_second() {
    let status = std::process::Command::new("scripts/soak.sh")
        .arg(env!("CARGO_BIN_EXE_journeytop"))
        .status()
        .expect("scripts/soak.sh runs");
    assert!(status.success(), "the soak failed; see its output");
}
