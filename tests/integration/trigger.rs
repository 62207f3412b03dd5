//! `debug archive --when-unhealthy`: wait quietly, capture the moment a server goes bad.

use std::time::Duration;

use crate::harness::{
    Sandbox, assert_exit, assert_stderr_contains, json_member, read_archive, stderr_of,
};
use crate::support::dev_server::{self as srv, DevServer, DevServerConfig, Fault};

const WATCH: [&str; 5] = ["--when-unhealthy", "--poll", "1s", "--wait-max", "2m"];

fn logged_in(server: &DevServer) -> Sandbox {
    let sb = Sandbox::with_context("a", &server.url);
    assert_exit(&sb.login(srv::ADMIN_EMAIL, srv::ADMIN_PASSWORD), 0);
    sb
}

/// From the `from`th request of /healthz on, `fault`.
fn turns_bad_at(from: u64, fault: Fault) -> DevServerConfig {
    DevServerConfig::default().with_fault(
        "/healthz",
        Fault::Requests(from..=u64::MAX, Box::new(fault)),
    )
}

#[test]
fn the_trigger_fires_on_unhealthy_polls_in_a_row_and_captures_at_once() {
    let server = DevServer::start(turns_bad_at(3, Fault::Status(500)));
    let sb = logged_in(&server);
    let out = sb
        .archive_cmd("a", 1)
        .args(WATCH)
        .args(["--for", "2", "-o", "caught.tar.gz"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert_stderr_contains(&out, "unhealthy 2 poll(s) in a row; capturing now");
    let polls = server.requests_to("/healthz");
    assert!(polls.len() >= 4, "{}", polls.len());
    // Nothing was asked of /debug before the fourth poll, the second bad one in a row.
    let first_debug = server
        .requests_to("/debug/")
        .iter()
        .map(|r| r.started)
        .min()
        .unwrap();
    assert!(first_debug > polls[3].started);
    let members = read_archive(&sb.work.join("caught.tar.gz"));
    assert!(members.contains_key("caught/heap.prof"));
    let manifest = json_member(&members, "caught/manifest.json");
    let trigger = &manifest["trigger"];
    assert_eq!(trigger["reason"], "unhealthy 2 poll(s) in a row");
    assert_eq!(trigger["server"], "a");
    let verdicts: Vec<&str> = trigger["polls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(verdicts, ["healthy", "healthy", "unhealthy", "unhealthy"]);
    assert_eq!(trigger["polls"][2]["status"], 500);
}

#[test]
fn the_trigger_fires_on_slow_answers_and_starts_a_timeline() {
    let server = DevServer::start(turns_bad_at(
        2,
        Fault::DelayHeaders(Duration::from_millis(1500)),
    ));
    let sb = logged_in(&server);
    let out = sb
        .archive_cmd("a", 1)
        .args(WATCH)
        .args(["--for", "1", "--latency-over", "1s", "-o", "slow.tar.gz"])
        .args(["--duration", "2s", "--interval", "1s"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let members = read_archive(&sb.work.join("slow.tar.gz"));
    let manifest = json_member(&members, "slow/manifest.json");
    assert_eq!(manifest["trigger"]["reason"], "slow 1 poll(s) in a row");
    let polls = manifest["trigger"]["polls"].as_array().unwrap();
    assert_eq!(polls[0]["verdict"], "healthy");
    assert!(polls.last().unwrap()["latency_ms"].as_u64().unwrap() >= 1000);
    assert_eq!(manifest["timeline"]["rounds"].as_array().unwrap().len(), 2);
    assert!(members.contains_key("slow/interval/0001/heap.prof"));
}

#[test]
fn wait_max_ends_without_writing_anything() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = logged_in(&server);
    let out = sb
        .archive_cmd("a", 1)
        .args(["--when-unhealthy", "--poll", "1s", "--wait-max", "3s"])
        .output()
        .unwrap();
    assert_exit(&out, 6);
    assert_stderr_contains(&out, "--wait-max 3s");
    assert!(sb.work_files().is_empty(), "{:?}", sb.work_files());
    assert!(server.requests_to("/debug/").is_empty());
    assert!(!server.requests_to("/healthz").is_empty());
    // Quiet while waiting: the error line only.
    assert_eq!(stderr_of(&out).lines().count(), 1, "{}", stderr_of(&out));
}

#[test]
fn a_server_that_is_down_triggers_a_capture_of_the_others_with_its_failures() {
    let up = DevServer::start(DevServerConfig::default());
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead_url = format!("http://127.0.0.1:{}", dead.local_addr().unwrap().port());
    drop(dead);
    let sb = Sandbox::with_context("up", &up.url);
    sb.add_context("down", &dead_url);
    sb.store_token("up", srv::API_ONLY_ADMIN_TOKEN);
    sb.store_token("down", srv::API_ONLY_ADMIN_TOKEN);
    let out = sb
        .cmd()
        .args(["debug", "archive", "--context", "up", "--context", "down"])
        .args(WATCH)
        .args(["--profile-seconds", "1", "-o", "both.tar.gz"])
        .output()
        .unwrap();
    assert_exit(&out, 3);
    assert_stderr_contains(&out, "down: unreachable 2 poll(s) in a row");
    let members = read_archive(&sb.work.join("both.tar.gz"));
    assert!(
        members.contains_key("both/up/heap.prof"),
        "{:?}",
        members.keys()
    );
    let manifest = json_member(&members, "both/manifest.json");
    assert_eq!(manifest["trigger"]["server"], "down");
    let down = manifest["servers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["context"] == "down")
        .unwrap()
        .clone();
    assert!(down["error"].is_string(), "{down}");
    assert_eq!(down["failures"], 1);
}

#[test]
fn trigger_flags_need_when_unhealthy() {
    let sb = Sandbox::with_context("a", "http://127.0.0.1:9");
    for args in [["--poll", "5s"], ["--for", "3"], ["--wait-max", "1h"]] {
        let out = sb.archive(&args);
        assert_exit(&out, 2);
        assert_stderr_contains(&out, "--when-unhealthy");
    }
}

#[test]
fn a_refused_token_fails_before_the_wait() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::with_context("a", &server.url);
    sb.store_token("a", "not-a-token-the-server-knows");
    let out = sb
        .archive_cmd("a", 1)
        .args(["--when-unhealthy", "--poll", "1s", "--wait-max", "1h"])
        .output()
        .unwrap();
    assert_exit(&out, 4);
    assert!(server.requests_to("/healthz").is_empty());
    assert!(sb.work_files().is_empty());
}
