//! The HTML report in a real browser: headless Chromium opens it from a file, with no network.
//! Skipped (with a message) where Chromium is missing, failed under CI=true (.ci/run installs
//! Debian's `chromium`). The screenshot is kept at target/tmp/report-screenshot.png.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use fleetctl::pprof;

use crate::harness::*;
use crate::support::synthetic_archive;

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|p| p.is_file())
}

/// Chromium headless on `page` with `args`; (stdout, stderr with the console log).
fn headless(chromium: &Path, profile_dir: &Path, page: &Path, args: &[&str]) -> (String, String) {
    let child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
        ])
        .args([
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile_dir.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    let out = wait_with_deadline(child, 120);
    (stdout_of(&out), stderr_of(&out))
}

fn console_lines(log: &str) -> Vec<&str> {
    log.lines().filter(|l| l.contains("CONSOLE")).collect()
}

/// The top function of the CPU profile `member` of the archive, by the library.
fn top_function(archive: &Path, member: &str) -> String {
    let members = read_archive(archive);
    let p = pprof::decode(&members[member].1).unwrap();
    p.top_functions(p.main_sample_index())[0].name.clone()
}

#[test]
fn the_report_opens_in_headless_chromium_without_console_errors() {
    let Some(chromium) = chromium() else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "chromium is missing under CI: .ci/run installs Debian's chromium"
        );
        eprintln!("skipped: no chromium on PATH (apt-get install chromium)");
        return;
    };
    let sb = Sandbox::new();
    let archive = sb.work.join("b.tar.gz");
    synthetic_archive::write(&archive, "b", 3, 3);
    sb.cmd()
        .args(["debug", "inspect", "b.tar.gz", "--html", "b.html"])
        .assert()
        .success();
    let page = sb.work.join("b.html");
    let profile_dir = sb.work.join("chromium");

    // The console log is captured: a page that logs an error shows in it.
    let probe = sb.work.join("probe.html");
    std::fs::write(&probe, "<script>console.error('probe-' + 'error')</script>").unwrap();
    let (_, log) = headless(&chromium, &profile_dir, &probe, &["--dump-dom"]);
    assert!(log.contains("probe-error"), "console capture: {log}");

    let (dom, log) = headless(&chromium, &profile_dir, &page, &["--dump-dom"]);
    assert!(
        console_lines(&log).is_empty(),
        "console: {:?}",
        console_lines(&log)
    );
    assert!(
        dom.contains("id=\"self-check\" data-state=\"ok\""),
        "self-check failed: {dom}"
    );
    let member = "fleet-00/interval-1/profile.prof";
    let top = top_function(&archive, &format!("b/{member}"));
    let drawn = format!("{member}: 15 frames, search and zoom ready, top function drawn: {top}");
    assert!(dom.contains(&drawn), "{drawn} not in the self-check");
    assert!(
        dom.contains("<svg class=\"chart timeline\""),
        "timeline chart"
    );

    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-screenshot.png");
    let _ = std::fs::remove_file(&shot);
    let screenshot = format!("--screenshot={}", shot.display());
    headless(
        &chromium,
        &profile_dir,
        &page,
        &["--hide-scrollbars", "--window-size=1280,2000", &screenshot],
    );
    let png = std::fs::read(&shot).expect("a screenshot");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "{} bytes",
        png.len()
    );
}
