//! Several journeys at once over loopback: each journey's numbers equal what
//! the simulator delivered to it, one server dying leaves the others alone,
//! the headless NDJSON per journey with the worst exit code, and the
//! recordings per journey replaying to the same numbers.

mod common;

use common::*;
use journeytop::live::LiveSession;
use journeytop::live::fleet::Fleet;
use journeytop::record::EndReason;
use journeytop_engine::Connection;
use journeytop_protocol::*;
use journeytop_sim::server::{self, SimConfig};
use serde_json::Value;
use std::time::Duration;

fn cfgs(n: usize, duration: f64, seed: u64) -> Vec<SimConfig> {
    let styles = [Style::Numeric, Style::Press, Style::Color, Style::Word];
    (0..n)
        .map(|i| SimConfig {
            seed: seed + i as u64,
            ..config(Variant::InteractivePrompts, styles[i % 4], duration, 400)
        })
        .collect()
}

async fn pump_for(fleet: &mut Fleet, secs: f64) {
    let until = std::time::Instant::now() + Duration::from_secs_f64(secs);
    while std::time::Instant::now() < until {
        fleet.pump();
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Pumps until every slot in `slots` has received all that its hub has
/// delivered so far (between two batches, while nothing is in flight), so
/// stopping then loses nothing that was sent.
async fn settle(fleet: &mut Fleet, sim: &server::SimHandle, slots: std::ops::Range<usize>) {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        fleet.pump();
        let caught_up = slots.clone().all(|i| {
            let sent: usize = sim.hubs.all()[i].deliveries().values().map(Vec::len).sum();
            fleet.slots[i].engine.counts().received as usize == sent
        });
        if caught_up {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the journeys never caught up with what was sent"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Each slot's live numbers equal the fold of what its hub delivered.
fn check_delivered(fleet: &mut Fleet, sim: &server::SimHandle, slots: std::ops::Range<usize>) {
    for i in slots {
        let slot = &mut fleet.slots[i];
        let hub = &sim.hubs.all()[i];
        assert_eq!(slot.uid(), sim.specs[i].uid);
        let delivered = hub.deliveries();
        assert_eq!(delivered.len(), 1, "journey {i}: one connection");
        let events: Vec<Event> = delivered.into_values().next().unwrap_or_default();
        assert!(
            events.len() > 10,
            "journey {i}: only {} events",
            events.len()
        );
        let at = slot.clock.now() + 30.0;
        slot.engine.advance_to(at);
        same_numbers(
            &slot.engine.snapshot(),
            &fold_all(&sim.specs[i], events.clone(), at),
        );
        assert_eq!(slot.engine.counts().applied as usize, events.len());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_journeys_each_equal_what_the_simulator_delivered_to_it() {
    let sim = server::start_many(cfgs(4, 30.0, 11), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let uids: std::collections::HashSet<&str> = sim.specs.iter().map(|s| s.uid.as_str()).collect();
    assert_eq!(uids.len(), 4, "each journey has its own uid");
    let sessions = sim
        .specs
        .iter()
        .map(LiveSession::for_simulated)
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    let mut fleet = Fleet::start(sessions, None).unwrap();
    pump_for(&mut fleet, 4.0).await;
    settle(&mut fleet, &sim, 0..4).await;
    fleet.stop(EndReason::Quit);
    fleet.pump();
    check_delivered(&mut fleet, &sim, 0..4);
    sim.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_server_dying_leaves_the_others_alone() {
    let two = server::start_many(cfgs(2, 30.0, 21), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let lone = server::start_many(cfgs(1, 30.0, 31), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let sessions = two
        .specs
        .iter()
        .chain(&lone.specs)
        .map(LiveSession::for_simulated)
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    let mut fleet = Fleet::start(sessions, None).unwrap();
    pump_for(&mut fleet, 2.0).await;
    assert!(
        fleet
            .slots
            .iter()
            .all(|s| s.engine.link().connection == Connection::Live)
    );
    let before: Vec<u64> = fleet
        .slots
        .iter()
        .map(|s| s.engine.counts().applied)
        .collect();
    lone.stop().await;
    pump_for(&mut fleet, 2.5).await;
    let dead = fleet.slots[2].engine.link().connection;
    assert!(
        matches!(dead, Connection::Reconnecting | Connection::Connecting),
        "the dead server's journey: {dead:?}"
    );
    for (i, (s, b)) in fleet.slots.iter().zip(&before).take(2).enumerate() {
        assert_eq!(s.engine.link().connection, Connection::Live, "journey {i}");
        assert!(s.engine.counts().applied > *b, "journey {i} goes on");
    }
    settle(&mut fleet, &two, 0..2).await;
    fleet.stop(EndReason::Quit);
    fleet.pump();
    check_delivered(&mut fleet, &two, 0..2);
    two.stop().await;
}

fn lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The numbers of a line's "live" object that a replay must reproduce.
fn numbers(line: &Value) -> Value {
    let live = &line["live"];
    serde_json::json!([
        live["users"],
        live["likes"],
        live["numeric_active"],
        live["press_active"],
        live["press"],
        live["color_active"],
        live["word_active"]
    ])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn headless_prints_each_journey_records_each_and_the_recordings_replay_the_same() {
    let sim = server::start_many(cfgs(3, 30.0, 41), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    // Two files: an array of two journeys, and one journey alone.
    let array = temp("two.json");
    let pair = Value::Array(sim.specs[..2].iter().map(JourneySpec::to_json).collect());
    std::fs::write(&array, pair.to_string()).unwrap();
    let single = temp("one.json");
    std::fs::write(&single, sim.specs[2].to_json().to_string()).unwrap();
    let dir = temp("recordings");
    let mut cmd = jt("watch");
    cmd.args(["--headless", "--until", "3", "--journey-file"])
        .arg(&array)
        .arg("--journey-file")
        .arg(&single)
        .arg("--record")
        .arg(&dir);
    let out = run(cmd).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let all = lines(&out.stdout);
    for spec in &sim.specs {
        let mine: Vec<&Value> = all
            .iter()
            .filter(|l| l["uid"] == spec.uid.as_str())
            .collect();
        assert!(mine.len() >= 3, "{}: {} lines", spec.uid, mine.len());
        let finals: Vec<&&Value> = mine.iter().filter(|l| l["final"] == true).collect();
        assert_eq!(finals.len(), 1, "one final line per journey");
        assert_eq!(mine.last().map(|l| &l["final"]), Some(&Value::Bool(true)));
        assert!(finals[0]["live"]["likes"].as_u64().unwrap_or(0) > 0);
        // Its recording replays to the same numbers.
        let rec = dir.join(format!("{}.jsonl", spec.uid));
        let mut cmd = jt("replay");
        cmd.args(["--headless"]).arg(&rec);
        let replay = run(cmd).await;
        assert!(
            replay.status.success(),
            "{}",
            String::from_utf8_lossy(&replay.stderr)
        );
        let replayed = lines(&replay.stdout);
        let last = replayed.last().unwrap();
        assert_eq!(numbers(last), numbers(finals[0]), "{}", spec.uid);
    }
    sim.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_worst_journey_sets_the_exit_code() {
    let sim = server::start_many(cfgs(2, 30.0, 51), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let mut bad = sim.specs[1].to_json();
    // A JWT for another journey: refused (403), exit 3.
    bad["jwt"] = sim.specs[0].to_json()["jwt"].clone();
    let file = temp("one-bad.json");
    std::fs::write(
        &file,
        Value::Array(vec![sim.specs[0].to_json(), bad]).to_string(),
    )
    .unwrap();
    let mut cmd = jt("watch");
    cmd.args(["--headless", "--until", "2", "--journey-file"])
        .arg(&file);
    let out = run(cmd).await;
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&sim.specs[1].uid), "{stderr}");
    let all = lines(&out.stdout);
    let finals = all.iter().filter(|l| l["final"] == true).count();
    assert_eq!(finals, 2, "the failed journey has its final line too");
    sim.stop().await;
}
