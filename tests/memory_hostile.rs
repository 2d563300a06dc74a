//! Issue 11 item 7, against the built binary: a server that sends 1 MB
//! names without pause. `watch --headless` takes names in cut to 256 bytes
//! and drops events beyond the bandwidth it asked for, so its peak RSS
//! (VmHWM, read from /proc while the child runs) stays far below what
//! keeping the names would cost (the old build: 190 MB → 1 GB in 30 s).

mod common;
#[path = "common/hostile.rs"]
mod hostile;

use common::{bin, temp};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// The bound: generous for a debug build on a loaded 2-core machine (a few
/// 10 MB frames in flight, decoded once), a fraction of the ~125 MB a
/// second keeping the names would add.
const BUDGET_KIB: u64 = 128 * 1024;

fn vm_hwm_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn a_server_sending_megabyte_names_does_not_grow_memory() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(hostile::hostile(hostile::Attack::BigNames {
        name_bytes: 1 << 20,
        per_batch: 8,
    }));
    let journey = temp("big-names.json");
    std::fs::write(
        &journey,
        format!(
            r#"{{"uid":"oseh_ip_big","jwt":"aa.bb.cc","duration_seconds":600,
                "prompt":{{"style":"press","text":"Hold"}},"server":"{}"}}"#,
            server.url()
        ),
    )
    .unwrap();
    let mut child = bin()
        .args(["watch", "--headless", "--until", "12", "--journey-file"])
        .arg(&journey)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id();
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut out).map(|_| out)
    });
    let began = Instant::now();
    let mut peak = 0;
    loop {
        if let Some(kib) = vm_hwm_kib(pid) {
            peak = peak.max(kib);
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if began.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("still running after 90 s (peak {peak} KiB)");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let out = reader.join().unwrap().unwrap();
    let last: serde_json::Value =
        serde_json::from_str(out.lines().last().expect("no output")).unwrap();
    assert_eq!(last["final"], true, "{last}");
    let users = last["live"]["users"].as_u64().unwrap_or(0);
    // The flood did land: joins were taken in (cut), many more dropped.
    assert!(users >= 50, "only {users} joins taken in: {last}");
    eprintln!("peak RSS {peak} KiB with 1 MB names, {users} joins taken in");
    assert!(
        peak <= BUDGET_KIB,
        "peak RSS {peak} KiB > {BUDGET_KIB} KiB under 1 MB names"
    );
}
