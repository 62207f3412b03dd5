//! Figures for the README's Performance section (a benchmark, not a timed test): the wall time
//! and size of `debug inspect --html` for a 16-server archive of synthetic profiles (6 profiles
//! each), and for 4 servers x 8 intervals. Goal: under 1 s on the 2-core machine.
//!
//! Run: `cargo bench --bench report`
// Test and tool code prints directly; the clippy.toml print rule guards the library.
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

#[path = "../tests/support/mod.rs"]
mod support;

use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_fleetctl");
const RUNS: usize = 5;

fn measure(dir: &std::path::Path, servers: usize, intervals: usize) {
    let archive = dir.join(format!("s{servers}-i{intervals}.tar.gz"));
    support::synthetic_archive::write(&archive, "bench", servers, intervals);
    let report = dir.join("report.html");
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let out = Command::new(BIN)
                .args(["debug", "inspect"])
                .arg(&archive)
                .arg("--html")
                .arg(&report)
                .arg("--force")
                .output()
                .expect("run fleetctl");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            start.elapsed()
        })
        .collect();
    times.sort();
    let size = std::fs::metadata(&report).map(|m| m.len()).unwrap_or(0);
    let profiles = servers * intervals.max(1) * support::synthetic_archive::KINDS.len();
    println!(
        "report of {servers} servers x {} interval(s) ({profiles} profiles, archive {} KiB): \
         median {:.0} ms, min {:.0} ms over {RUNS} runs; report.html {} KiB",
        intervals.max(1),
        std::fs::metadata(&archive)
            .map(|m| m.len() / 1024)
            .unwrap_or(0),
        times[RUNS / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        size / 1024
    );
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    measure(dir.path(), 16, 0);
    measure(dir.path(), 4, 8);
}
