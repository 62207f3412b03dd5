//! Archive wall time against the bundled server, as a ratio to the CPU profile's length
//! (1.00 would be perfect overlap; the Go client's sequential fetches are well above it).
//!
//! Run: `cargo bench --bench archive` (prints a table; not a timed test).

#[path = "../tests/support/mod.rs"]
mod support;

use std::process::Command;
use std::time::Instant;

use support::dev_server::{self as srv, DevServer, DevServerConfig};

fn main() {
    let bin = env!("CARGO_BIN_EXE_fleetctl");
    let server = DevServer::start(DevServerConfig::default());
    let work = tempfile::tempdir().expect("tempdir");
    let config = work.path().join("config.toml");
    let run = |args: &[&str]| {
        let out = Command::new(bin)
            .args(args)
            .env("FLEETCTL_CONFIG", &config)
            .env("FLEETCTL_TOKEN", srv::API_ONLY_ADMIN_TOKEN)
            .current_dir(work.path())
            .output()
            .expect("run fleetctl");
        assert!(
            out.status.success(),
            "fleetctl {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&[
        "config",
        "set",
        "--context",
        "bench",
        "--address",
        &server.url,
    ]);

    println!(
        "{:<18} {:>6} {:>12} {:>10}",
        "profile seconds", "runs", "wall (s)", "ratio"
    );
    for seconds in [1u64, 5] {
        let runs = if seconds == 1 { 5 } else { 3 };
        let mut best = f64::MAX;
        let mut total = 0.0;
        for i in 0..runs {
            let out = format!("bench-{seconds}-{i}.tar.gz");
            let started = Instant::now();
            run(&[
                "debug",
                "archive",
                "--context",
                "bench",
                "--profile-seconds",
                &seconds.to_string(),
                "-o",
                &out,
            ]);
            let wall = started.elapsed().as_secs_f64();
            best = best.min(wall);
            total += wall;
        }
        let mean = total / runs as f64;
        println!(
            "{:<18} {:>6} {:>12.3} {:>10.3}   (best {:.3})",
            seconds,
            runs,
            mean,
            mean / seconds as f64,
            best / seconds as f64
        );
    }
}
