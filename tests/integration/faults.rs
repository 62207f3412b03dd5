//! The fault suite: every fault ends with a clear message, the documented exit code, no hang
//! past the timeouts, and no truncated or temporary file left behind.

use crate::harness::{
    Sandbox, assert_exit, assert_stderr_contains, json_member, read_archive, stderr_of, tls_server,
};
use crate::support::dev_server::{self as srv, DevServer, DevServerConfig, Fault};

/// Run an archive with one fault; returns (exit code, stderr, manifest entry of the item).
fn archive_with(
    path: &str,
    fault: Fault,
    extra: &[&str],
) -> (Option<i32>, String, Option<serde_json::Value>) {
    let server = DevServer::start(DevServerConfig::default().with_fault(path, fault));
    let sb = Sandbox::with_context("a", &server.url);
    let out = sb
        .archive_cmd("a", 1)
        .args(["-o", "out.tar.gz"])
        .args(extra)
        .env("FLEETCTL_TOKEN", srv::API_ONLY_ADMIN_TOKEN)
        .env("FLEETCTL_STALL_TIMEOUT_SECS", "2")
        .output()
        .unwrap();
    let files = sb.work_files();
    assert!(
        files.iter().all(|f| f == "out.tar.gz"),
        "left behind: {files:?}"
    );
    let manifest = if files.is_empty() {
        None
    } else {
        let members = read_archive(&sb.work.join("out.tar.gz"));
        members
            .contains_key("out/manifest.json")
            .then(|| json_member(&members, "out/manifest.json"))
    };
    let item = manifest.and_then(|m| {
        m["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| path.starts_with(i["endpoint"].as_str().unwrap().split('?').next().unwrap()))
            .cloned()
    });
    (out.status.code(), stderr_of(&out), item)
}

fn assert_item_failed(path: &str, fault: Fault, expected: &str) {
    assert!(!expected.is_empty(), "an empty needle matches any reason");
    let (code, err, item) = archive_with(path, fault, &[]);
    assert_eq!(code, Some(3), "{path}: {err}");
    let item = item.expect("manifest entry");
    assert_eq!(item["outcome"], "failed", "{item}");
    let reason = item["error"].as_str().unwrap();
    assert!(
        reason.contains(expected),
        "{path}: `{reason}` lacks `{expected}`"
    );
    assert!(
        err.contains(&format!("failed {}: ", item["name"].as_str().unwrap())),
        "{err}"
    );
}

#[test]
fn slow_headers_within_the_timeouts_are_waited_for() {
    let (code, err, item) = archive_with(
        "/debug/pprof/heap",
        Fault::DelayHeaders(std::time::Duration::from_secs(1)),
        &[],
    );
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(item.unwrap()["outcome"], "ok");
}

#[test]
fn a_body_that_stalls_midway_is_abandoned() {
    assert_item_failed(
        "/debug/pprof/goroutine",
        Fault::StallMidBody(std::time::Duration::from_secs(30)),
        "stopped sending",
    );
}

#[test]
fn a_dropped_connection_is_reported() {
    assert_item_failed("/debug/pprof/heap", Fault::DropMidBody, "connection broke");
}

#[test]
fn a_reset_connection_is_reported() {
    // Today: "... connection error: Connection reset by peer (os error 104)".
    assert_item_failed("/debug/pprof/threadcreate", Fault::Reset, "reset");
}

#[test]
fn load_balancer_html_is_named() {
    assert_item_failed(
        "/debug/pprof/heap",
        Fault::Html(502),
        "server returned HTML",
    );
    assert_item_failed("/debug/db/locks", Fault::Html(503), "status 503");
}

#[test]
fn an_oversized_body_is_refused_with_bounded_memory() {
    let (code, err, item) = archive_with(
        "/debug/pprof/heap",
        Fault::LargeBody(8 * 1024 * 1024),
        &["--max-item-mib", "2"],
    );
    assert_eq!(code, Some(3), "{err}");
    let reason = item.unwrap()["error"].as_str().unwrap().to_string();
    assert!(
        reason.contains("larger than the 2 MiB limit") && reason.contains("--max-item-mib"),
        "{reason}"
    );
}

#[test]
fn an_oversized_cmdline_is_refused_before_it_is_scrubbed_in_memory() {
    let (code, err, item) = archive_with("/debug/pprof/cmdline", Fault::LargeBody(20 << 20), &[]);
    assert_eq!(code, Some(3), "{err}");
    let reason = item.unwrap()["error"].as_str().unwrap().to_string();
    assert!(reason.contains("cmdline larger than 16 MiB"), "{reason}");
}

#[test]
fn malformed_json_and_invalid_gzip_are_item_failures() {
    assert_item_failed("/debug/errors", Fault::MalformedJson, "invalid JSON");
    assert_item_failed(
        "/debug/pprof/allocs",
        Fault::InvalidGzip,
        "not a gzipped pprof profile",
    );
}

#[test]
fn server_errors_become_item_failures() {
    // The status in words: a bare "500" could also match a port number in the message.
    assert_item_failed("/debug/pprof/mutex", Fault::Status(500), "server error 500");
    assert_item_failed("/debug/pprof/block", Fault::Status(503), "server error 503");
}

#[test]
fn a_redirect_to_another_host_is_not_followed_with_the_token() {
    let other = DevServer::start(DevServerConfig::default());
    let server = DevServer::start(DevServerConfig::default().with_fault(
        "/api/latest/fleet/me",
        Fault::RedirectTo(format!(
            "{}/api/latest/fleet/me",
            other.url.replace("127.0.0.1", "localhost")
        )),
    ));
    let sb = Sandbox::with_context("a", &server.url);
    let out = sb
        .cmd()
        .args(["whoami", "--context", "a"])
        .env("FLEETCTL_TOKEN", srv::API_ONLY_ADMIN_TOKEN)
        .output()
        .unwrap();
    assert_exit(&out, 5);
    assert_stderr_contains(&out, "redirected to another host");
    assert!(other.requests().is_empty(), "the other host was contacted");
}

#[test]
fn tls_failures_are_named() {
    for (names, expired, expected) in [
        (vec!["localhost", "127.0.0.1"], true, "expired"),
        (vec!["wrong.example.com"], false, "not valid for"),
    ] {
        let server = tls_server(&names, expired);
        let sb = Sandbox::with_context("a", &server.url);
        sb.trust_ca_of(&server);
        let out = sb
            .cmd()
            .args(["debug", "archive", "--context", "a"])
            .env("FLEETCTL_TOKEN", srv::API_ONLY_ADMIN_TOKEN)
            .output()
            .unwrap();
        assert_exit(&out, 5);
        let err = stderr_of(&out).to_lowercase();
        assert!(
            err.contains("tls handshake") && err.contains(expected),
            "{err}"
        );
        assert!(sb.work_files().is_empty());
    }
}
