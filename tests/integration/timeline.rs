//! `debug archive --duration --interval`: captures over time, on schedule, kept when a round
//! fails or the run is interrupted.

use std::time::{Duration, Instant};

use crate::harness::{
    Sandbox, assert_exit, assert_stderr_contains, json_member, list, read_archive, stderr_of,
    stdout_of, wait_with_deadline,
};
use crate::support::dev_server::{self as srv, DevServer, DevServerConfig, Fault};

fn logged_in(server: &DevServer) -> Sandbox {
    let sb = Sandbox::with_context("a", &server.url);
    assert_exit(&sb.login(srv::ADMIN_EMAIL, srv::ADMIN_PASSWORD), 0);
    sb
}

/// The round-0 start of `path`'s requests, ordered.
fn starts(server: &DevServer, path: &str) -> Vec<Instant> {
    let mut starts: Vec<Instant> = server.requests_to(path).iter().map(|r| r.started).collect();
    starts.sort();
    starts
}

#[test]
fn three_intervals_of_a_second_take_every_item_each_round_on_schedule() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = logged_in(&server);
    let out = sb.archive(&["--duration", "3s", "--interval", "1s", "-o", "t.tar.gz"]);
    assert_exit(&out, 0);
    let members = read_archive(&sb.work.join("t.tar.gz"));
    for round in 0..3 {
        for item in [
            "heap.prof",
            "goroutine.prof",
            "errors.json",
            "db-locks.json",
        ] {
            let name = format!("t/interval/{round:04}/{item}");
            assert!(members.contains_key(&name), "{name}: {:?}", members.keys());
        }
    }
    // cmdline and trace once, at the start, at the server folder's root.
    assert!(members.contains_key("t/cmdline.prof") && members.contains_key("t/trace.prof"));
    assert!(!members.keys().any(|m| m.contains("interval/0001/trace")));
    assert!(!members.keys().any(|m| m.contains("interval/0003")));
    let manifest = json_member(&members, "t/manifest.json");
    assert_eq!(manifest["format_version"], 2);
    let timeline = &manifest["timeline"];
    assert_eq!(timeline["planned_rounds"], 3);
    assert_eq!(timeline["interval_seconds"], 1);
    let rounds = timeline["rounds"].as_array().unwrap();
    assert_eq!(rounds.len(), 3);
    for (index, round) in rounds.iter().enumerate() {
        assert_eq!(round["round"], index);
        assert_eq!(round["failed"], 0, "{round}");
        assert!(round["finished_at"].is_string(), "{round}");
        assert!(round["started_at"].as_str().unwrap() < round["finished_at"].as_str().unwrap());
    }
    let items = manifest["items"].as_array().unwrap();
    assert!(
        items.iter().all(|i| i["started_at"].is_string()),
        "{items:?}"
    );
    let heaps: Vec<_> = items.iter().filter(|i| i["name"] == "heap").collect();
    assert_eq!(heaps.len(), 3);
    for (round, heap) in heaps.iter().enumerate() {
        assert_eq!(heap["round"], round);
        assert_eq!(heap["member"], format!("interval/{round:04}/heap.prof"));
        // Never before its round is due.
        assert!(heap["started_at"].as_str() >= rounds[round]["started_at"].as_str());
    }
    // Each round's requests start a round after the previous one's, never sooner.
    let heap_starts = starts(&server, "/debug/pprof/heap");
    assert_eq!(heap_starts.len(), 3);
    for pair in heap_starts.windows(2) {
        assert!(pair[1] - pair[0] >= Duration::from_millis(900), "{pair:?}");
    }
    // The CPU profile is min(--profile-seconds, interval) long, one at a time.
    let profiles = server.requests_to("/debug/pprof/profile");
    assert!(profiles.iter().all(|r| r.path.ends_with("seconds=1")));
    assert_eq!(server.cpu_profiles_at_once(), 1);
    assert_eq!(server.requests_to("/debug/pprof/trace").len(), 1);
    assert_eq!(server.requests_to("/debug/pprof/cmdline").len(), 1);
}

#[test]
fn a_failed_interval_is_recorded_and_the_capture_goes_on() {
    let fails_once = |status| Fault::Requests(2..=2, Box::new(Fault::Status(status)));
    let server = DevServer::start(
        DevServerConfig::default()
            .with_fault("/debug/pprof/heap", fails_once(500))
            .with_fault("/debug/pprof/goroutine", fails_once(502)),
    );
    let sb = logged_in(&server);
    let out = sb.archive(&["--duration", "3s", "--interval", "1s", "-o", "t.tar.gz"]);
    assert_exit(&out, 3);
    assert_stderr_contains(&out, "failed heap (interval 1)");
    let members = read_archive(&sb.work.join("t.tar.gz"));
    assert!(members.contains_key("t/interval/0000/heap.prof"));
    assert!(!members.contains_key("t/interval/0001/heap.prof"));
    assert!(members.contains_key("t/interval/0002/heap.prof"));
    assert!(members.contains_key("t/interval/0001/errors.json"));
    let manifest = json_member(&members, "t/manifest.json");
    assert_eq!(manifest["failures"], 2);
    let rounds = manifest["timeline"]["rounds"].as_array().unwrap();
    let failed: Vec<_> = rounds
        .iter()
        .map(|r| r["failed"].as_u64().unwrap())
        .collect();
    assert_eq!(failed, [0, 2, 0]);
}

#[test]
fn ctrl_c_keeps_the_completed_intervals() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = logged_in(&server);
    // Three rounds have started: the first two are complete or nearly so.
    let child = minute_of_rounds(&sb, &server, "kept.tar.gz", 3);
    kill(child.id(), 2);
    let out = wait_with_deadline(child, 120);
    assert_eq!(out.status.code(), Some(130), "{}", stderr_of(&out));
    assert!(
        stdout_of(&out).contains("kept.tar.gz"),
        "{}",
        stdout_of(&out)
    );
    assert_eq!(list(&sb.work), vec!["kept.tar.gz".to_string()]);
    let members = read_archive(&sb.work.join("kept.tar.gz"));
    let manifest = json_member(&members, "kept/manifest.json");
    assert_eq!(manifest["interrupted"], true);
    assert_eq!(manifest["exit_code"], 130);
    let rounds = manifest["timeline"]["rounds"].as_array().unwrap();
    assert!(rounds.len() >= 2 && rounds.len() < 60, "{rounds:?}");
    assert!(rounds[0]["finished_at"].is_string());
    assert!(members.contains_key("kept/interval/0000/heap.prof"));
    assert!(members.contains_key("kept/interval/0001/heap.prof"));
    // Every member written is in the manifest, every recorded item is in the archive.
    let items = manifest["items"].as_array().unwrap();
    for item in items.iter().filter(|i| i["outcome"] == "ok") {
        let member = format!("kept/{}", item["member"].as_str().unwrap());
        assert!(members.contains_key(&member), "{member}");
    }
}

#[test]
fn bad_durations_and_intervals_are_refused_naming_the_flag() {
    let sb = Sandbox::with_context("a", "http://127.0.0.1:9");
    let cases: [(&[&str], &str); 5] = [
        (
            &["--duration", "5s", "--interval", "10s"],
            "shorter than --interval",
        ),
        (&["--duration", "1h", "--interval", "1s"], "at most 1000"),
        (&["--duration", "10s", "--interval", "0s"], "at least 1s"),
        (&["--duration", "5x"], "not a duration"),
        (&["--interval", "5s"], "--duration"),
    ];
    for (args, needle) in cases {
        let out = sb.archive(args);
        assert_exit(&out, 2);
        assert_stderr_contains(&out, needle);
        assert!(sb.work_files().is_empty());
    }
}

fn kill(pid: u32, signal: i32) {
    let status = std::process::Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(pid.to_string())
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn inspect_reads_a_timeline_per_interval_and_names_what_grew() {
    let server = DevServer::start(DevServerConfig {
        growing: true,
        ..DevServerConfig::default()
    });
    let sb = logged_in(&server);
    let out = sb.archive(&["--duration", "3s", "--interval", "1s", "-o", "t.tar.gz"]);
    assert_exit(&out, 0);
    let inspect = |json: bool| {
        let mut cmd = sb.cmd();
        cmd.args(["debug", "inspect", "t.tar.gz"])
            .current_dir(&sb.work);
        if json {
            cmd.arg("--json");
        }
        cmd.output().unwrap()
    };
    let out = inspect(true);
    assert_exit(&out, 0);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["manifests"][0]["format_version"], 2);
    assert_eq!(report["manifests"][0]["timeline"]["planned_rounds"], 3);
    let intervals = report["timeline"]["intervals"].as_array().unwrap();
    assert_eq!(intervals.len(), 3, "{intervals:?}");
    let series =
        |key: &str| -> Vec<i64> { intervals.iter().map(|i| i[key].as_i64().unwrap()).collect() };
    let goroutines = series("goroutines");
    let heap = series("heap_inuse_bytes");
    assert!(goroutines.windows(2).all(|w| w[0] < w[1]), "{goroutines:?}");
    assert!(heap.windows(2).all(|w| w[0] < w[1]), "{heap:?}");
    assert!(
        intervals
            .iter()
            .all(|i| !i["top_cpu"].as_array().unwrap().is_empty())
    );
    let grew = report["timeline"]["grew_most"].as_array().unwrap();
    for kind in ["cpu", "heap"] {
        let first = grew.iter().find(|g| g["kind"] == kind).unwrap();
        assert_eq!(
            first["function"],
            crate::support::profiles::GROWING_FUNCTION
        );
        assert!(first["last_percent"].as_f64() > first["first_percent"].as_f64());
    }
    // Interval profiles are summarised per interval, not listed one by one.
    let profiles = report["profiles"].as_array().unwrap();
    assert!(
        profiles
            .iter()
            .all(|p| !p["member"].as_str().unwrap().contains("/interval/"))
    );
    let text = stdout_of(&inspect(false));
    assert!(text.contains("timeline: 3 of 3 intervals of 1 s"), "{text}");
    assert!(text.contains("a interval 0002: goroutines"), "{text}");
    assert!(
        text.contains("grew most from the first interval to the last"),
        "{text}"
    );
}

#[test]
fn inspect_reads_an_archive_of_format_1() {
    let fixture = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/archive-format-1/manifest.json"
    ))
    .unwrap();
    // The fixture as written, its sizes and checksums set to the members packed with it (so
    // inspect's check of the members against the manifest passes); no field added.
    let heap = crate::support::profiles::gzipped_profile("heap", 0);
    let cmdline = b"/usr/bin/fleet\0serve\0--mysql_password=[REDACTED]\0".to_vec();
    let mut manifest: serde_json::Value = serde_json::from_slice(&fixture).unwrap();
    for item in manifest["items"].as_array_mut().unwrap() {
        let bytes = match item["member"].as_str().unwrap() {
            "heap.prof" => &heap,
            "cmdline.prof" => &cmdline,
            _ => continue,
        };
        item["bytes"] = bytes.len().into();
        item["sha256"] = sha256_hex(bytes).into();
    }
    assert!(manifest.get("format_version").is_none());
    let manifest = serde_json::to_vec_pretty(&manifest).unwrap();
    let sb = Sandbox::new();
    let path = sb.work.join("old.tar.gz");
    let file = std::fs::File::create(&path).unwrap();
    let mut tar = tar::Builder::new(flate2::write::GzEncoder::new(
        file,
        flate2::Compression::fast(),
    ));
    for (name, bytes) in [
        ("old/cmdline.prof", cmdline.as_slice()),
        ("old/heap.prof", heap.as_slice()),
        ("old/manifest.json", &manifest),
    ] {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o600);
        header.set_cksum();
        tar.append_data(&mut header, name, bytes).unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap();
    let out = sb
        .cmd()
        .args(["debug", "inspect", "--json"])
        .arg(&path)
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let manifest = &report["manifests"][0];
    assert_eq!(manifest["format_version"], 1);
    assert!(manifest.get("timeline").is_none());
    assert_eq!(manifest["servers"][0]["context"], "prod");
    assert_eq!(manifest["servers"][0]["ok"], 2);
    assert_eq!(manifest["servers"][0]["unsupported"], 1);
    assert_eq!(report["profiles"][0]["member"], "old/heap.prof");
    assert!(report.get("timeline").is_none());
    let text = stdout_of(
        &sb.cmd()
            .args(["debug", "inspect"])
            .arg(&path)
            .output()
            .unwrap(),
    );
    assert!(
        text.contains("prod https://fleet.example.com:8080 (Fleet 4.58.0): 2 items ok"),
        "{text}"
    );
}

#[test]
fn a_second_ctrl_c_abandons_the_archive_and_leaves_nothing_behind() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = logged_in(&server);
    let child = minute_of_rounds(&sb, &server, "gone.tar.gz", 2);
    let pid = child.id();
    kill(pid, 2);
    kill(pid, 2);
    let out = wait_with_deadline(child, 120);
    assert_eq!(out.status.code(), Some(130), "{}", stderr_of(&out));
    // Abandoned (nothing at all), or, when the second signal came after the archive was
    // written, the complete archive alone: never a temporary file or a partial archive.
    let left = list(&sb.work);
    match left.as_slice() {
        [] => assert!(stdout_of(&out).is_empty()),
        [only] if only == "gone.tar.gz" => {
            let members = read_archive(&sb.work.join("gone.tar.gz"));
            assert!(members.contains_key("gone/manifest.json"));
        }
        other => panic!("left behind: {other:?}"),
    }
}

#[test]
fn max_archive_mib_ends_the_capture_cleanly_after_the_round_under_way() {
    let server = DevServer::start(
        DevServerConfig::default().with_fault("/debug/pprof/allocs", Fault::LargeGzip(1536 * 1024)),
    );
    let sb = logged_in(&server);
    let out = sb.archive(&[
        "--duration",
        "10s",
        "--interval",
        "1s",
        "--max-archive-mib",
        "1",
        "-o",
        "capped.tar.gz",
        "--json",
    ]);
    assert_exit(&out, 3);
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["result"], "partial");
    assert_eq!(
        summary["timeline"]["ended_early"],
        "--max-archive-mib reached"
    );
    assert_eq!(summary["items"][0]["round"], 0);
    assert_stderr_contains(&out, "--max-archive-mib 1 reached");
    let members = read_archive(&sb.work.join("capped.tar.gz"));
    let manifest = json_member(&members, "capped/manifest.json");
    let timeline = &manifest["timeline"];
    assert_eq!(timeline["ended_early"], "--max-archive-mib reached");
    let rounds = timeline["rounds"].as_array().unwrap();
    assert!(rounds.len() < 10, "{rounds:?}");
    // The round under way ended: its CPU profile is in the archive.
    assert!(rounds[0]["finished_at"].is_string(), "{rounds:?}");
    assert!(members.contains_key("capped/interval/0000/profile.prof"));
    assert!(members.contains_key("capped/interval/0000/allocs.prof"));
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A one-minute timeline of one-second rounds into `out`, returned once `rounds` rounds have
/// asked for the heap profile.
fn minute_of_rounds(
    sb: &Sandbox,
    server: &DevServer,
    out: &str,
    rounds: usize,
) -> std::process::Child {
    let child = sb
        .process()
        .args([
            "debug",
            "archive",
            "--context",
            "a",
            "--profile-seconds",
            "1",
        ])
        .args(["--duration", "1m", "--interval", "1s", "-o", out])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while server.requests_to("/debug/pprof/heap").len() < rounds {
        assert!(Instant::now() < deadline, "the timeline never got going");
        std::thread::sleep(Duration::from_millis(50));
    }
    child
}
