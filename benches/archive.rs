//! Figures for the README's Performance section (a benchmark, not a timed test):
//! - archive wall time / CPU-profile length and / the longest item's own duration (from the
//!   manifest; goal <= 1.05 at 5 s profiles), for 1 and 5 s profiles and 1, 4, 16 servers,
//!   and 8 backends of one context (`--server`; goal <= 1.1);
//! - peak RSS while archiving a server whose heap profile is 200 MiB;
//! - start-up time of `fleetctl --version` and `fleetctl config get`;
//! - the binary's size.
//!
//! Run: `cargo bench --bench archive` (`FLEETCTL_BENCH_ONLY=backends` for the backends row)
// Test and tool code prints directly; the clippy.toml print rule guards the library.
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]
// The bench's main prints every figure in order; the one-screen rule is for src/.
#![allow(clippy::too_many_lines)]

#[path = "../tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::dev_server::{self as srv, DevServer, DevServerConfig, Fault};

const BIN: &str = env!("CARGO_BIN_EXE_fleetctl");

fn fleetctl(config: &Path, work: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env("FLEETCTL_CONFIG", config)
        .env("FLEETCTL_TOKEN", srv::API_ONLY_ADMIN_TOKEN)
        .env_remove("FLEETCTL_CONTEXT")
        .current_dir(work)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

fn run_ok(mut cmd: Command) {
    let out = cmd.output().expect("run fleetctl");
    assert!(
        out.status.success(),
        "fleetctl failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The longest item's duration in seconds, from the archive's manifest.
fn longest_item_seconds(archive: &Path) -> f64 {
    let file = std::fs::File::open(archive).expect("open archive");
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(file));
    for entry in tar.entries().expect("read archive") {
        let mut entry = entry.expect("archive entry");
        if !entry.path().is_ok_and(|p| p.ends_with("manifest.json")) {
            continue;
        }
        let manifest: serde_json::Value =
            serde_json::from_reader(&mut entry).expect("manifest parses");
        let servers = match manifest["servers"].as_array() {
            Some(list) => list.clone(),
            None => vec![manifest],
        };
        let longest_ms = servers
            .iter()
            .flat_map(|s| s["items"].as_array().cloned().unwrap_or_default())
            .filter_map(|item| item["duration_ms"].as_u64())
            .max()
            .unwrap_or(0);
        return longest_ms as f64 / 1000.0;
    }
    panic!("no manifest.json in {}", archive.display());
}

/// Wall time of one archive of the given contexts, and its longest item's duration.
fn archive(
    config: &Path,
    work: &Path,
    contexts: &[String],
    seconds: u64,
    name: &str,
) -> (f64, f64) {
    let mut args = vec![
        "debug".to_string(),
        "archive".into(),
        "--profile-seconds".into(),
        seconds.to_string(),
        "-o".into(),
        name.into(),
    ];
    for c in contexts {
        args.push("--context".into());
        args.push(c.clone());
    }
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let started = Instant::now();
    run_ok(fleetctl(config, work, &refs));
    let wall = started.elapsed().as_secs_f64();
    let longest = longest_item_seconds(&work.join(name));
    let _ = std::fs::remove_file(work.join(name));
    (wall, longest)
}

/// Peak resident set (VmHWM) of a running child, sampled until it exits.
fn peak_rss_kib(mut child: std::process::Child) -> (u64, bool) {
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
            return (peak, status.code() == Some(0));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn mean_ms(config: &Path, work: &Path, args: &[&str], runs: u32) -> f64 {
    let started = Instant::now();
    for _ in 0..runs {
        run_ok(fleetctl(config, work, args));
    }
    started.elapsed().as_secs_f64() * 1000.0 / f64::from(runs)
}

/// 8 backends behind one context, each reached with `--server`: wall time / profile length.
fn backends(config: &Path, work: &Path) {
    let backends: Vec<DevServer> = (0..8)
        .map(|_| DevServer::start(DevServerConfig::default()))
        .collect();
    run_ok(fleetctl(
        config,
        work,
        &[
            "config",
            "set",
            "--context",
            "lb",
            "--address",
            &backends[0].url,
        ],
    ));
    let seconds = 5u64;
    let runs = 2;
    let (mut wall, mut longest) = (0.0, 0.0);
    for i in 0..runs {
        let name = format!("lb-{i}.tar.gz");
        let mut args: Vec<String> = [
            "debug",
            "archive",
            "--context",
            "lb",
            "--profile-seconds",
            "5",
            "-o",
            &name,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for backend in &backends {
            args.push("--server".into());
            args.push(backend.addr.to_string());
        }
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let started = Instant::now();
        run_ok(fleetctl(config, work, &refs));
        wall += started.elapsed().as_secs_f64();
        longest += longest_item_seconds(&work.join(&name));
        let _ = std::fs::remove_file(work.join(&name));
    }
    let runs_f = f64::from(runs);
    println!(
        "{:<10} {:>7}s {runs:>6} {:>10.3} {:>14.3} {:>16.3}",
        "8 backends",
        seconds,
        wall / runs_f,
        wall / runs_f / seconds as f64,
        wall / longest
    );
}

fn main() {
    let work = tempfile::tempdir().expect("tempdir");
    let config = work.path().join("config.toml");
    if std::env::var("FLEETCTL_BENCH_ONLY").as_deref() == Ok("backends") {
        backends(&config, work.path());
        return;
    }
    let servers: Vec<DevServer> = (0..16)
        .map(|_| DevServer::start(DevServerConfig::default()))
        .collect();
    let names: Vec<String> = (0..16).map(|i| format!("s{i}")).collect();
    for (server, name) in servers.iter().zip(&names) {
        run_ok(fleetctl(
            &config,
            work.path(),
            &["config", "set", "--context", name, "--address", &server.url],
        ));
    }

    println!("archive wall time / CPU profile length, and / the longest item's own duration");
    println!("(1.00 = perfect overlap; goal <= 1.05 at 5 s profiles)");
    println!(
        "{:<10} {:>8} {:>6} {:>10} {:>14} {:>16}",
        "servers", "profile", "runs", "wall (s)", "wall/profile", "wall/longest"
    );
    for (count, seconds, runs) in [(1usize, 1u64, 5), (1, 5, 3), (4, 5, 2), (16, 5, 2)] {
        let (mut wall, mut longest) = (0.0, 0.0);
        for i in 0..runs {
            let (w, l) = archive(
                &config,
                work.path(),
                &names[..count],
                seconds,
                &format!("b-{count}-{seconds}-{i}.tar.gz"),
            );
            wall += w;
            longest += l;
        }
        let runs_f = f64::from(runs);
        println!(
            "{count:<10} {:>7}s {runs:>6} {:>10.3} {:>14.3} {:>16.3}",
            seconds,
            wall / runs_f,
            wall / runs_f / seconds as f64,
            wall / longest
        );
    }
    backends(&config, work.path());

    let big = DevServer::start(
        DevServerConfig::default()
            .with_fault("/debug/pprof/heap", Fault::LargeGzip(200 * 1024 * 1024)),
    );
    run_ok(fleetctl(
        &config,
        work.path(),
        &["config", "set", "--context", "big", "--address", &big.url],
    ));
    let started = Instant::now();
    let child = fleetctl(
        &config,
        work.path(),
        &[
            "debug",
            "archive",
            "--context",
            "big",
            "--profile-seconds",
            "1",
            "-o",
            "big.tar.gz",
        ],
    )
    .spawn()
    .expect("spawn");
    let (peak, ok) = peak_rss_kib(child);
    let archive_size = std::fs::metadata(work.path().join("big.tar.gz"))
        .map(|m| m.len())
        .unwrap_or(0);
    println!();
    println!(
        "200 MiB heap profile: peak RSS {:.1} MiB, archive {:.0} MiB, {:.1} s, success {ok}",
        peak as f64 / 1024.0,
        archive_size as f64 / (1024.0 * 1024.0),
        started.elapsed().as_secs_f64()
    );

    println!();
    println!(
        "start-up: `fleetctl --version` {:.2} ms, `fleetctl config get` {:.2} ms (mean of 50)",
        mean_ms(&config, work.path(), &["--version"], 50),
        mean_ms(
            &config,
            work.path(),
            &["config", "get", "--context", "s0"],
            50
        )
    );
    let size = std::fs::metadata(BIN).map(|m| m.len()).unwrap_or(0);
    println!("binary: {BIN} {:.1} MiB", size as f64 / (1024.0 * 1024.0));
}
