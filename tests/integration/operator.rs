//! The operator commands beyond the Go client: health, several servers in one archive,
//! connection diagnosis, metrics, inspect, and importing the Go client's config.

use predicates::prelude::*;

use std::path::Path;
use std::process::Output;

use crate::harness::{
    Sandbox, assert_exit, assert_stderr_contains, json_member, json_stdout, read_archive,
    stderr_of, stdout_of, tls_server,
};
use crate::support::dev_server::{self as srv, DevServer, DevServerConfig};

/// `debug connection URL --fleet-certificate CA`.
fn check_connection(sb: &Sandbox, url: &str, ca: &Path) -> Output {
    sb.cmd()
        .args([
            "debug",
            "connection",
            url,
            "--fleet-certificate",
            ca.to_str().unwrap(),
        ])
        .output()
        .unwrap()
}

#[test]
fn health_reports_every_server_and_gates_on_the_worst() {
    let healthy = DevServer::start(DevServerConfig::default());
    let sick = DevServer::start(DevServerConfig {
        unhealthy: vec!["redis".into()],
        ..DevServerConfig::default()
    });
    let dead = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::new();
    sb.add_context("ok", &healthy.url);
    sb.add_context("sick", &sick.url);
    sb.add_context("dead", &dead.url);
    dead.shutdown();

    sb.cmd()
        .args(["health", "--context", "ok"])
        .assert()
        .success()
        .stdout(predicate::str::contains("healthy"));
    let out = sb
        .cmd()
        .args(["health", "--context", "ok", "--context", "sick", "--json"])
        .output()
        .unwrap();
    assert_exit(&out, 3);
    let v = json_stdout(&out);
    assert_eq!(v[0]["status"], "healthy");
    assert_eq!(v[1]["status"], "unhealthy");
    assert_eq!(v[1]["http_status"], 500);
    // A context named twice is checked once.
    let out = sb
        .cmd()
        .args([
            "health",
            "--context",
            "ok",
            "--context",
            "sick",
            "--context",
            "ok",
        ])
        .arg("--json")
        .output()
        .unwrap();
    assert_eq!(json_stdout(&out).as_array().map(Vec::len), Some(2));
    // Only the MySQL check on the sick server passes.
    sb.cmd()
        .args(["health", "--context", "sick", "--check", "mysql"])
        .assert()
        .success();
    assert!(
        sick.settled_requests_to("/healthz")
            .iter()
            .any(|r| r.path == "/healthz?check=mysql")
    );

    let out = sb
        .cmd()
        .args(["health", "--all-contexts"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "unreachable wins");
    let table = stdout_of(&out);
    assert!(table.starts_with("CONTEXT"), "{table}");
    for word in ["unreachable", "unhealthy", "healthy"] {
        assert!(table.contains(word), "{table}");
    }
    // No credentials are sent to /healthz.
    assert!(
        healthy
            .requests_to("/healthz")
            .iter()
            .all(|r| r.header("authorization").is_none())
    );
}

#[test]
fn archive_of_several_servers_has_a_folder_each_and_survives_a_dead_one() {
    let a = DevServer::start(DevServerConfig::default());
    let b = DevServer::start(DevServerConfig::default());
    let dead = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::new();
    sb.add_context("server-a", &a.url);
    sb.add_context("server-b", &b.url);
    sb.add_context("server-dead", &dead.url);
    dead.shutdown();
    let out = sb
        .cmd()
        .args([
            "debug",
            "archive",
            "--all-contexts",
            "--profile-seconds",
            "1",
            "-o",
            "fleet.tar.gz",
            "--json",
        ])
        .env("FLEETCTL_TOKEN", srv::API_ONLY_ADMIN_TOKEN)
        .output()
        .unwrap();
    assert_exit(&out, 3);
    assert_stderr_contains(&out, "failed server-dead: connection refused");
    assert_eq!(json_stdout(&out)["servers"].as_array().unwrap().len(), 3);

    let members = read_archive(&sb.work.join("fleet.tar.gz"));
    let names: Vec<String> = members.keys().cloned().collect();
    let manifest = json_member(&members, "fleet/manifest.json");
    for server in ["server-a", "server-b"] {
        for member in ["heap.prof", "profile.prof", "cmdline.prof", "db-locks.json"] {
            assert!(
                names.contains(&format!("fleet/{server}/{member}")),
                "{server}/{member} in {names:?}"
            );
        }
    }
    assert!(!names.iter().any(|n| n.contains("server-dead/")));
    let servers = manifest["servers"].as_array().unwrap();
    assert_eq!(servers.len(), 3);
    let dead_entry = servers
        .iter()
        .find(|s| s["context"] == "server-dead")
        .unwrap();
    assert!(
        dead_entry["error"]
            .as_str()
            .unwrap()
            .contains("connection refused")
    );
    // Each live server profiled once, at the same time as the other.
    let (pa, pb) = (
        a.requests_to("/debug/pprof/profile").pop().unwrap(),
        b.requests_to("/debug/pprof/profile").pop().unwrap(),
    );
    assert!(
        pa.started < pb.finished && pb.started < pa.finished,
        "profiles did not overlap"
    );

    // A second context for the same server is archived once, never profiled twice at once.
    sb.add_context("alias-of-a", &a.url);
    let out = sb
        .cmd()
        .args([
            "debug",
            "archive",
            "--context",
            "server-a",
            "--context",
            "alias-of-a",
            "--profile-seconds",
            "1",
            "-o",
            "once.tar.gz",
        ])
        .env("FLEETCTL_TOKEN", srv::API_ONLY_ADMIN_TOKEN)
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert_stderr_contains(&out, "`alias-of-a` points at the same server as `server-a`");
    assert_eq!(
        a.requests_to("/debug/pprof/profile").len(),
        2,
        "one profile per run"
    );
}

#[test]
fn a_context_that_cannot_be_used_fails_alone() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::with_context("ok", &server.url);
    sb.config_set(&["--context", "no-address", "--email", "admin@example.com"]);
    let fix = "fleetctl config set --context no-address --address";

    let out = sb
        .cmd()
        .args(["health", "--all-contexts"])
        .output()
        .unwrap();
    assert_exit(&out, 1);
    let table = stdout_of(&out);
    assert!(table.contains("healthy"), "{table}");
    assert!(
        table.contains("has no address") && table.contains(fix),
        "{table}"
    );

    let out = sb
        .cmd()
        .args([
            "debug",
            "archive",
            "--all-contexts",
            "--profile-seconds",
            "1",
        ])
        .args(["-o", "two.tar.gz"])
        .env("FLEETCTL_TOKEN", srv::API_ONLY_ADMIN_TOKEN)
        .output()
        .unwrap();
    assert_exit(&out, 3);
    assert_stderr_contains(
        &out,
        "failed no-address: context `no-address` has no address",
    );
    let members = read_archive(&sb.work.join("two.tar.gz"));
    assert!(
        members.contains_key("two/ok/heap.prof"),
        "{:?}",
        members.keys()
    );
    let manifest = json_member(&members, "two/manifest.json");
    let entry = manifest["servers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["context"] == "no-address")
        .unwrap();
    assert!(entry["error"].as_str().unwrap().contains(fix), "{entry}");

    // Alone, it is the command's error, with the fix.
    let out = sb
        .cmd()
        .args(["health", "--context", "no-address"])
        .output()
        .unwrap();
    assert_exit(&out, 1);
    assert_stderr_contains(&out, fix);
}

#[test]
fn connection_check_passes_on_a_good_server_and_names_certificate_problems() {
    let good = DevServer::start(DevServerConfig::default().with_tls());
    let sb = Sandbox::new();
    let ca = sb.write_file("ca.pem", good.ca_pem.as_ref().unwrap());
    let out = check_connection(&sb, &good.url, &ca);
    let text = stdout_of(&out);
    assert_eq!(out.status.code(), Some(0), "{text}{}", stderr_of(&out));
    assert_eq!(
        text.lines().filter(|l| l.starts_with("Success: ")).count(),
        4,
        "{text}"
    );
    assert!(
        text.contains("days left") && text.contains("localhost"),
        "{text}"
    );
    assert!(text.contains("node_invalid"), "{text}");

    for (name, expired, expected) in [
        ("localhost", true, "EXPIRED"),
        ("wrong.example.com", false, "wrong.example.com"),
    ] {
        let server = tls_server(&[name], expired);
        let ca = sb.write_file("bad-ca.pem", server.ca_pem.as_ref().unwrap());
        let out = check_connection(&sb, &server.url, &ca);
        let text = stdout_of(&out);
        assert_eq!(out.status.code(), Some(5), "{text}");
        let fail = text
            .lines()
            .find(|l| l.starts_with("Fail: "))
            .unwrap_or_else(|| panic!("{text}"));
        assert!(
            fail.contains("TLS certificate") && fail.contains(expected),
            "{fail}"
        );
        assert!(
            server.requests().is_empty(),
            "no request after a failed TLS check"
        );
    }

    // Something that is not Fleet fails the enroll step.
    let plain = DevServer::start(DevServerConfig::default().with_prefix("/elsewhere"));
    let out = sb
        .cmd()
        .args(["debug", "connection", &plain.url])
        .output()
        .unwrap();
    assert_exit(&out, 5);
    assert!(
        stdout_of(&out).contains("Fail: agent enroll endpoint"),
        "{}",
        stdout_of(&out)
    );
}

#[test]
fn connection_check_uses_the_context_and_prints_json() {
    let server = DevServer::start(DevServerConfig::default().with_tls().with_prefix("/fleet"));
    let sb = Sandbox::with_context("a", &server.url);
    sb.trust_ca_of(&server);
    sb.config_set(&["--context", "a", "--url-prefix", "/fleet"]);
    let out = sb
        .cmd()
        .args(["debug", "connection", "--context", "a", "--json"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let v = json_stdout(&out);
    assert_eq!(v["ok"], true, "{v}");
    let steps: Vec<&str> = v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["step"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["dns", "tcp", "tls", "enroll"]);
    assert!(
        v["steps"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["ok"] == true)
    );
    assert!(!server.requests_to("/api/osquery/enroll").is_empty());

    // Another server named on the command line gets none of the context's settings.
    let other = DevServer::start(DevServerConfig::default());
    let out = sb
        .cmd()
        .args([
            "debug",
            "connection",
            &other.url,
            "--context",
            "a",
            "--json",
        ])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let v = json_stdout(&out);
    assert_eq!(v["address"], other.url.trim_end_matches('/'), "{v}");
    assert_eq!(v["steps"].as_array().unwrap().len(), 3, "{v}");
    let enroll = other.requests_to("/api/osquery/enroll");
    assert_eq!(enroll.len(), 1);
    assert!(enroll[0].header("authorization").is_none());

    // A failing step is reported in the JSON and the exit code.
    let dead = DevServer::start(DevServerConfig::default());
    let url = dead.url.clone();
    dead.shutdown();
    let out = sb
        .cmd()
        .args(["debug", "connection", &url, "--json"])
        .output()
        .unwrap();
    assert_exit(&out, 5);
    let v = json_stdout(&out);
    assert_eq!(v["ok"], false);
    assert_eq!(v["steps"][1]["step"], "tcp");
    assert_eq!(v["steps"][1]["ok"], false);
}

#[test]
fn metrics_use_basic_auth_from_context_and_secret_input_only() {
    let server = DevServer::start(DevServerConfig {
        metrics_basic_auth: Some(("prom".into(), "metrics-pass-123".into())),
        ..DevServerConfig::default()
    });
    let sb = Sandbox::with_context("a", &server.url);
    sb.config_set(&["--context", "a", "--metrics-username", "prom"]);
    sb.cmd()
        .args(["debug", "metrics", "--context", "a", "--password-stdin"])
        .write_stdin("metrics-pass-123\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("go_goroutines 112"));
    sb.cmd()
        .args(["debug", "metrics", "--context", "a"])
        .env("FLEETCTL_METRICS_PASSWORD", "wrong-password")
        .assert()
        .code(4)
        .stderr(predicate::str::contains("metrics credentials"))
        .stderr(predicate::str::contains("--metrics-username"));
    // A username without any password is refused before a request is sent.
    let requests = server.requests_to("/metrics").len();
    sb.cmd()
        .args(["debug", "metrics", "--context", "a"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--password-stdin"));
    assert_eq!(server.requests_to("/metrics").len(), requests);
    // The archive carries metrics.txt when the password is at hand.
    sb.archive_cmd("a", 1)
        .args(["-o", "m.tar.gz"])
        .env("FLEETCTL_TOKEN", srv::API_ONLY_ADMIN_TOKEN)
        .env("FLEETCTL_METRICS_PASSWORD", "metrics-pass-123")
        .assert()
        .success();
    assert!(read_archive(&sb.work.join("m.tar.gz")).contains_key("m/metrics.txt"));
    assert!(
        !sb.config_text().contains("metrics-pass-123"),
        "the password is never stored"
    );
}

#[test]
fn inspect_summarises_an_archive_and_a_profile() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::with_context("a", &server.url);
    sb.archive_cmd("a", 1)
        .args(["-o", "x.tar.gz"])
        .env("FLEETCTL_TOKEN", srv::API_ONLY_ADMIN_TOKEN)
        .assert()
        .success();
    let out = sb
        .cmd()
        .args(["debug", "inspect", "x.tar.gz", "--top", "3"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let text = stdout_of(&out);
    assert!(
        text.contains("14 items ok") && text.contains("mysql_password x1"),
        "{text}"
    );
    assert!(text.contains("x/profile.prof: cpu/nanoseconds"), "{text}");
    assert!(text.contains("x/heap.prof: inuse_space/bytes"), "{text}");
    assert!(text.contains("github.com/fleetdm/fleet/v4/"), "{text}");
    let out = sb
        .cmd()
        .args(["debug", "inspect", "x.tar.gz", "--json"])
        .output()
        .unwrap();
    let v = json_stdout(&out);
    let heap = v["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["member"] == "x/heap.prof")
        .unwrap();
    assert!(heap["top"].as_array().unwrap().len() <= 10 && heap["total"].as_i64().unwrap() > 0);
    assert_eq!(v["manifests"][0]["servers"][0]["ok"], 14);

    sb.cmd()
        .args(["debug", "heap", "--context", "a", "-o", "h.prof"])
        .env("FLEETCTL_TOKEN", srv::API_ONLY_ADMIN_TOKEN)
        .assert()
        .success();
    sb.cmd()
        .args(["debug", "inspect", "h.prof"])
        .assert()
        .success()
        .stdout(predicate::str::contains("inuse_space/bytes"));
    std::fs::write(sb.work.join("junk.prof"), b"not a profile").unwrap();
    sb.cmd()
        .args(["debug", "inspect", "junk.prof"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "neither a debug archive nor a pprof profile",
        ));
}

#[test]
fn go_client_config_imports_without_printing_tokens() {
    let sb = Sandbox::new();
    let token = "go-session-token-0123456789abcdefghij";
    let go = sb.write_file(
        "go-config",
        format!(
            "contexts:\n  default:\n    address: https://fleet.example.com\n    email: admin@example.com\n    token: {token}\n    tls-skip-verify: false\n    url-prefix: \"\"\n  staging:\n    address: https://staging.example.com:8080\n    tls-skip-verify: true\n    url-prefix: /fleet\n    custom-headers:\n      X-Env: staging\n"
        ),
    );
    let out = sb
        .cmd()
        .args(["config", "import", go.to_str().unwrap()])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert!(!stdout_of(&out).contains(token) && !stderr_of(&out).contains(token));
    let cfg = sb.config_toml();
    assert_eq!(cfg["current-context"].as_str(), Some("default"));
    assert_eq!(cfg["contexts"]["default"]["token"].as_str(), Some(token));
    assert_eq!(
        cfg["contexts"]["staging"]["url-prefix"].as_str(),
        Some("/fleet")
    );
    assert_eq!(
        cfg["contexts"]["staging"]["tls-skip-verify"].as_bool(),
        Some(true)
    );
    assert_eq!(
        cfg["contexts"]["staging"]["custom-headers"]["X-Env"].as_str(),
        Some("staging")
    );
    // Existing contexts are kept unless --overwrite.
    sb.config_set(&["--context", "default", "--email", "mine@example.com"]);
    sb.cmd()
        .args(["config", "import", go.to_str().unwrap()])
        .assert()
        .success()
        .stderr(predicate::str::contains("--overwrite"));
    assert_eq!(
        sb.config_toml()["contexts"]["default"]["email"].as_str(),
        Some("mine@example.com")
    );
    sb.cmd()
        .args(["config", "import", go.to_str().unwrap(), "--overwrite"])
        .assert()
        .success();
    assert_eq!(
        sb.config_toml()["contexts"]["default"]["email"].as_str(),
        Some("admin@example.com")
    );
    std::fs::write(&go, "contexts:\n  a: [\n").unwrap();
    sb.cmd()
        .args(["config", "import", go.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cannot parse"));
}

#[test]
fn connection_refuses_addresses_and_certificates_it_cannot_use_before_any_step() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::new();
    // (A scheme-less `host:port` is https, as in the Go client: tests/integration/migration.rs.)
    let out = sb
        .cmd()
        .args(["debug", "connection", "ftp://localhost"])
        .output()
        .unwrap();
    assert_exit(&out, 2);
    assert_stderr_contains(&out, "https://localhost");
    assert!(stdout_of(&out).is_empty(), "{}", stdout_of(&out));

    let junk = sb.write_file("junk.pem", "not a certificate");
    for (pem, message) in [
        (sb.dir.path().join("nope.pem"), "cannot read"),
        (junk, "holds no PEM certificate"),
    ] {
        let out = sb
            .cmd()
            .args(["debug", "connection", &server.url, "--fleet-certificate"])
            .arg(&pem)
            .output()
            .unwrap();
        assert_exit(&out, 2);
        assert_stderr_contains(&out, message);
        assert_stderr_contains(&out, "hint: ");
        assert!(stdout_of(&out).is_empty(), "{}", stdout_of(&out));
    }
    assert!(server.requests().is_empty(), "no step was run");
}

#[test]
fn health_json_is_printed_even_for_a_single_unusable_context() {
    let sb = Sandbox::new();
    sb.config_set(&["--context", "noaddr", "--email", "admin@example.com"]);
    let out = sb
        .cmd()
        .args(["health", "--context", "noaddr", "--json"])
        .output()
        .unwrap();
    assert_exit(&out, 1);
    let v = json_stdout(&out);
    assert_eq!(v[0]["context"], "noaddr");
    assert_eq!(v[0]["status"], "error");
    assert!(
        v[0]["error"].as_str().unwrap().contains("has no address"),
        "{v}"
    );
    assert_stderr_contains(&out, "fleetctl config set --context noaddr --address");
}

#[test]
fn inspect_names_traces_refuses_top_zero_and_reads_what_it_can_of_a_truncated_archive() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::with_context("a", &server.url);
    let token = ("FLEETCTL_TOKEN", srv::API_ONLY_ADMIN_TOKEN);
    sb.cmd()
        .args(["debug", "trace", "--context", "a", "-o", "t.prof"])
        .env(token.0, token.1)
        .assert()
        .success();
    let out = sb
        .cmd()
        .args(["debug", "inspect", "t.prof"])
        .output()
        .unwrap();
    assert_exit(&out, 1);
    assert_stderr_contains(&out, "t.prof is a Go execution trace (go 1.");
    assert_stderr_contains(&out, "go tool trace t.prof");

    sb.cmd()
        .args(["debug", "heap", "--context", "a", "-o", "h.prof"])
        .env(token.0, token.1)
        .assert()
        .success();
    sb.cmd()
        .args(["debug", "inspect", "h.prof", "--top", "0"])
        .assert()
        .code(2);

    sb.archive_cmd("a", 1)
        .args(["-o", "x.tar.gz"])
        .env(token.0, token.1)
        .assert()
        .success();
    let whole = std::fs::read(sb.work.join("x.tar.gz")).unwrap();
    std::fs::write(sb.work.join("cut.tar.gz"), &whole[..whole.len() * 2 / 3]).unwrap();
    let out = sb
        .cmd()
        .args(["debug", "inspect", "cut.tar.gz"])
        .output()
        .unwrap();
    assert_exit(&out, 3);
    let text = stdout_of(&out);
    assert!(text.contains("x/allocs.prof: "), "{text}");
    assert!(text.contains("! "), "{text}");
}
