//! Figures for the README's Performance section on timelines (a benchmark, not a timed test):
//! a `debug archive --duration 60s --interval 10s` against the bundled server, with
//! - each interval's start against its schedule (the earliest request of the round, from the
//!   manifest; goal: within 0.2 s), and the latest single item's start in its round;
//! - peak RSS of the whole capture;
//! - bytes per interval (the members of one round).
//!
//! Run: `cargo bench --bench timeline` (`FLEETCTL_BENCH_TIMELINE=50s/10s` for another shape).
// Test and tool code prints directly; the clippy.toml print rule guards the library.
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

#[path = "../tests/support/mod.rs"]
mod support;

use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::time::Duration;

use support::dev_server::{self as srv, DevServer, DevServerConfig};

const BIN: &str = env!("CARGO_BIN_EXE_fleetctl");

/// Milliseconds since the epoch of `2026-11-25T02:30:45.042Z`.
fn millis(rfc3339: &str) -> i64 {
    let n = |range: std::ops::Range<usize>| -> i64 { rfc3339[range].parse().expect("a timestamp") };
    let days = fleetctl::timefmt::days_from_civil(n(0..4), n(5..7), n(8..10));
    ((days * 24 + n(11..13)) * 60 + n(14..16)) * 60_000 + n(17..19) * 1000 + n(20..23)
}

/// Peak resident set (VmHWM) of a running child, sampled until it exits.
fn peak_rss_kib(mut child: std::process::Child) -> (u64, Option<i32>) {
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(text) = std::fs::read_to_string(&status_path) {
            for line in text.lines() {
                if let Some(v) = line.strip_prefix("VmHWM:") {
                    peak = peak.max(v.trim().trim_end_matches(" kB").trim().parse().unwrap_or(0));
                }
            }
        }
        if let Ok(Some(status)) = child.try_wait() {
            return (peak, status.code());
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn manifest_of(archive: &std::path::Path) -> serde_json::Value {
    let file = std::fs::File::open(archive).expect("open archive");
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(file));
    for entry in tar.entries().expect("read archive") {
        let mut entry = entry.expect("archive entry");
        if entry.path().is_ok_and(|p| p.ends_with("manifest.json")) {
            return serde_json::from_reader(&mut entry).expect("manifest parses");
        }
    }
    panic!("no manifest in {}", archive.display());
}

fn main() {
    let shape = std::env::var("FLEETCTL_BENCH_TIMELINE").unwrap_or_else(|_| "60s/10s".into());
    let (duration, interval) = shape.split_once('/').expect("DURATION/INTERVAL");
    let server = DevServer::start(DevServerConfig::default());
    let work = tempfile::tempdir().expect("tempdir");
    let config = work.path().join("config.toml");
    let fleetctl = |args: &[&str]| {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .env("FLEETCTL_CONFIG", &config)
            .env("FLEETCTL_TOKEN", srv::API_ONLY_ADMIN_TOKEN)
            .env_remove("FLEETCTL_CONTEXT")
            .current_dir(work.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        cmd
    };
    let set = ["config", "set", "--context", "a", "--address", &server.url];
    assert!(fleetctl(&set).status().expect("config set").success());
    let child = fleetctl(&[
        "debug",
        "archive",
        "--context",
        "a",
        "--duration",
        duration,
        "--interval",
        interval,
        "-o",
        "t.tar.gz",
    ])
    .spawn()
    .expect("run fleetctl");
    let (peak, code) = peak_rss_kib(child);
    assert_eq!(code, Some(0), "the timeline failed");
    let archive = work.path().join("t.tar.gz");
    let manifest = manifest_of(&archive);
    let rounds = manifest["timeline"]["rounds"]
        .as_array()
        .expect("rounds")
        .clone();
    let items = manifest["items"].as_array().expect("items").clone();
    let mut first: BTreeMap<u64, i64> = BTreeMap::new();
    let mut last: BTreeMap<u64, i64> = BTreeMap::new();
    let mut bytes: BTreeMap<u64, u64> = BTreeMap::new();
    for item in &items {
        let Some(round) = item["round"].as_u64() else {
            continue;
        };
        let started = millis(item["started_at"].as_str().expect("started_at"));
        let first = first.entry(round).or_insert(started);
        *first = (*first).min(started);
        let last = last.entry(round).or_insert(started);
        *last = (*last).max(started);
        *bytes.entry(round).or_default() += item["bytes"].as_u64().unwrap_or(0);
    }
    println!("timeline {duration} / {interval}: {} rounds", rounds.len());
    println!(
        "{:>5} {:>14} {:>16} {:>12}",
        "round", "start - due ms", "last item - due", "bytes"
    );
    let mut worst = 0;
    for round in &rounds {
        let index = round["round"].as_u64().expect("round");
        let due = millis(round["started_at"].as_str().expect("due"));
        let late = first[&index] - due;
        worst = worst.max(late);
        println!(
            "{index:>5} {late:>14} {:>16} {:>12}",
            last[&index] - due,
            bytes[&index]
        );
    }
    let per_round = bytes.values().sum::<u64>() / bytes.len().max(1) as u64;
    let size = std::fs::metadata(&archive).map(|m| m.len()).unwrap_or(0);
    println!("worst interval start after its schedule: {worst} ms (goal <= 200)");
    println!("bytes per interval (members): {per_round}; archive {size} bytes");
    println!("peak RSS: {:.1} MiB", peak as f64 / 1024.0);
}
