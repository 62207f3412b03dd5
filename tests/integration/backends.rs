//! Every server behind a load balancer from one context: `--server`, `--servers-from` and
//! `--each-server`, against several dev servers standing in for the backends.

use std::collections::BTreeSet;
use std::net::SocketAddr;

use crate::harness::{
    Members, Sandbox, assert_exit, assert_stderr_contains, json_member, json_stdout, read_archive,
    stderr_of,
};
use crate::support::dev_server::{self as srv, AgentWs, DevServer, DevServerConfig, SharedTls};

/// A dev server on `listen` (port 0 for any), serving `tls` when given.
fn backend(listen: &str, tls: Option<&SharedTls>) -> DevServer {
    DevServer::start(DevServerConfig {
        listen: listen.parse().unwrap(),
        shared_tls: tls.cloned(),
        ..DevServerConfig::default()
    })
}

/// `10.0.3.17:8080` -> `10.0.3.17_8080`, as the archive names a backend's folder.
fn folder(addr: SocketAddr) -> String {
    format!("{}_{}", addr.ip(), addr.port())
}

fn archive_args(extra: &[&str]) -> Vec<String> {
    [
        "debug",
        "archive",
        "--profile-seconds",
        "1",
        "-o",
        "fleet.tar.gz",
    ]
    .iter()
    .chain(extra)
    .map(|s| s.to_string())
    .collect()
}

/// The backends' manifest records, by endpoint.
fn by_endpoint(members: &Members) -> Vec<serde_json::Value> {
    let manifest = json_member(members, "fleet/manifest.json");
    manifest["servers"].as_array().unwrap().clone()
}

#[test]
fn server_flags_archive_each_backend_in_its_own_folder_and_a_dead_one_fails_alone() {
    let (a, b, c) = (
        backend("127.0.0.1:0", None),
        backend("127.0.0.1:0", None),
        backend("127.0.0.1:0", None),
    );
    let dead = backend("127.0.0.1:0", None);
    let dead_addr = dead.addr;
    dead.shutdown();
    let sb = Sandbox::with_context("lb", &a.url);
    sb.store_token("lb", srv::API_ONLY_ADMIN_TOKEN);
    let servers_from = format!(
        "# backends of lb\n{}\n{} # down\n{}\n",
        c.addr, dead_addr, b.addr
    );
    let mut args = archive_args(&[
        "--context",
        "lb",
        "--json",
        "--report",
        "--servers-from",
        "-",
    ]);
    // b twice (a flag and a line): archived once.
    args.extend([
        "--server".into(),
        b.addr.to_string(),
        "--server".into(),
        a.addr.to_string(),
    ]);
    let out = sb
        .cmd()
        .args(&args)
        .write_stdin(servers_from)
        .output()
        .unwrap();
    assert_exit(&out, 3);
    assert_stderr_contains(
        &out,
        &format!("failed {}: connection refused", folder(dead_addr)),
    );

    let members = read_archive(&sb.work.join("fleet.tar.gz"));
    let names: BTreeSet<&String> = members.keys().collect();
    for server in [&a, &b, &c] {
        for member in ["profile.prof", "heap.prof", "cmdline.prof", "agentws.json"] {
            let name = format!("fleet/{}/{member}", folder(server.addr));
            assert!(names.contains(&name), "{name} in {names:?}");
        }
        // Each backend profiled once, never two CPU profiles at once, with the context's
        // token and Host header.
        let profiles = server.requests_to("/debug/pprof/profile");
        assert_eq!(profiles.len(), 1, "{}", server.addr);
        assert_eq!(server.cpu_profiles_at_once(), 1);
        assert_eq!(profiles[0].header("host"), Some(&a.url["http://".len()..]));
        assert_eq!(
            profiles[0].header("authorization"),
            Some(format!("Bearer {}", srv::API_ONLY_ADMIN_TOKEN).as_str())
        );
    }
    assert!(!names.iter().any(|n| n.contains(&folder(dead_addr))));
    assert!(
        names.contains(&"fleet/report.html".to_string()),
        "{names:?}"
    );
    let records = by_endpoint(&members);
    assert_eq!(records.len(), 4, "{records:?}");
    for server in [&a, &b, &c] {
        let record = records
            .iter()
            .find(|r| r["endpoint"] == server.addr.to_string())
            .unwrap();
        assert_eq!(record["folder"], folder(server.addr));
        assert_eq!(record["context"], "lb");
        assert_eq!(record["instance_id"], server.instance_id());
        assert_eq!(record["server_version"]["version"], "4.60.0-dev");
        assert_eq!(record["failures"], 0);
    }
    let down = records
        .iter()
        .find(|r| r["endpoint"] == dead_addr.to_string())
        .unwrap();
    assert_eq!(down["failures"], 1);
    // One count: the top level is the sum of the servers'.
    let manifest = json_member(&members, "fleet/manifest.json");
    assert_eq!(manifest["failures"], 1);
    assert_eq!(json_stdout(&out)["failures"], 1);
    // debug inspect reads the backends' folders and finds every member as the manifest says.
    let out = sb
        .cmd()
        .args(["debug", "inspect", "fleet.tar.gz", "--json"])
        .output()
        .unwrap();
    let report = json_stdout(&out);
    assert_eq!(report["problems"], serde_json::json!([]), "{report:#}");
}

#[test]
fn a_bad_token_fails_every_backend_at_once_and_writes_nothing() {
    let (a, b) = (backend("127.0.0.1:0", None), backend("127.0.0.1:0", None));
    let sb = Sandbox::with_context("lb", &a.url);
    sb.store_token("lb", "not-a-valid-token");
    let args = archive_args(&[
        "--context",
        "lb",
        "--server",
        &a.addr.to_string(),
        "--server",
        &b.addr.to_string(),
    ]);
    let out = sb.cmd().args(&args).output().unwrap();
    assert_exit(&out, 4);
    assert_stderr_contains(&out, "not logged in or session expired");
    assert!(sb.work_files().is_empty(), "{:?}", sb.work_files());
    // Checked once, before any backend was asked for a debug item.
    let checks =
        a.requests_to("/api/latest/fleet/me").len() + b.requests_to("/api/latest/fleet/me").len();
    assert_eq!(checks, 1);
    assert!(a.requests_to("/debug/").is_empty() && b.requests_to("/debug/").is_empty());
}

#[test]
fn backend_addresses_and_contexts_that_cannot_be_expanded_get_clear_errors() {
    let a = backend("127.0.0.1:0", None);
    let sb = Sandbox::with_context("lb", &a.url);
    sb.store_token("lb", srv::API_ONLY_ADMIN_TOKEN);
    for bad in [
        "fleet.example",
        "https://10.0.0.1",
        "10.0.0.1:http",
        "[fd00::1",
    ] {
        let out = sb
            .cmd()
            .args(archive_args(&["--context", "lb", "--server", bad]))
            .output()
            .unwrap();
        assert_exit(&out, 2);
        assert_stderr_contains(&out, "is neither an IP address nor host:port");
    }
    let out = sb
        .cmd()
        .args(archive_args(&["--context", "lb", "--each-server"]))
        .output()
        .unwrap();
    assert_exit(&out, 2);
    assert_stderr_contains(&out, "an IP address: there is no name to expand");
    for command in [&["health"][..], &["debug", "connection"]] {
        let out = sb
            .cmd()
            .args(command)
            .args(["--context", "lb", "--each-server"])
            .output()
            .unwrap();
        assert_exit(&out, 2);
        assert_stderr_contains(&out, "there is no name to expand");
    }
    sb.config_set(&["--context", "empty", "--email", "a@example.com"]);
    let out = sb
        .cmd()
        .args(archive_args(&[
            "--context",
            "empty",
            "--server",
            "127.0.0.1",
        ]))
        .output()
        .unwrap();
    assert_exit(&out, 2);
    assert_stderr_contains(
        &out,
        "has no address to take the scheme, host name and token from",
    );
    let empty = sb.write_file("none.txt", "# nothing\n\n");
    let out = sb
        .cmd()
        .args(archive_args(&[
            "--context",
            "lb",
            "--servers-from",
            empty.to_str().unwrap(),
        ]))
        .output()
        .unwrap();
    assert_exit(&out, 2);
    assert_stderr_contains(&out, "no addresses in it");
    assert!(sb.work_files().is_empty());
}

#[test]
fn tls_verifies_the_load_balancers_name_on_every_backend_and_a_wrong_certificate_fails_alone() {
    let shared = SharedTls::for_names(&["fleet.test"]);
    let (a, b) = (
        backend("127.0.0.1:0", Some(&shared)),
        backend("127.0.0.1:0", Some(&shared)),
    );
    // A backend with another name's certificate, from the same CA.
    let wrong = DevServer::start(DevServerConfig {
        shared_tls: Some(SharedTls::for_names(&["other.test"])),
        ..DevServerConfig::default()
    });
    let sb = Sandbox::new();
    // The load balancer's name resolves nowhere: only the pins reach the backends.
    sb.add_context("lb", &format!("https://fleet.test:{}", a.addr.port()));
    let ca = sb.write_file("ca.pem", &shared.ca_pem);
    sb.config_set(&["--context", "lb", "--rootca", ca.to_str().unwrap()]);
    sb.store_token("lb", srv::API_ONLY_ADMIN_TOKEN);
    let args = archive_args(&[
        "--context",
        "lb",
        "--server",
        &a.addr.to_string(),
        "--server",
        &b.addr.to_string(),
        "--server",
        &wrong.addr.to_string(),
    ]);
    let out = sb.cmd().args(&args).output().unwrap();
    assert_exit(&out, 3);
    let err = stderr_of(&out);
    assert!(
        err.contains(&format!("failed {}: TLS handshake", folder(wrong.addr))),
        "{err}"
    );
    let members = read_archive(&sb.work.join("fleet.tar.gz"));
    for server in [&a, &b] {
        assert!(members.contains_key(&format!("fleet/{}/profile.prof", folder(server.addr))));
        assert_eq!(
            server.requests_to("/debug/pprof/profile")[0].header("host"),
            Some(format!("fleet.test:{}", a.addr.port()).as_str())
        );
    }
    let records = by_endpoint(&members);
    let verified: Vec<&serde_json::Value> = records.iter().map(|r| &r["verified_name"]).collect();
    assert!(verified.iter().all(|v| *v == "fleet.test"), "{records:?}");
}

#[test]
fn agentws_is_archived_for_every_server_and_missing_or_disabled_is_no_failure() {
    let disabled = DevServer::start(DevServerConfig {
        agentws: AgentWs::Disabled,
        ..DevServerConfig::default()
    });
    let older = DevServer::start(DevServerConfig {
        agentws: AgentWs::Absent,
        ..DevServerConfig::default()
    });
    let twin = |id: &str| {
        DevServer::start(DevServerConfig {
            agentws: AgentWs::Enabled {
                instance_id: Some(id.into()),
            },
            ..DevServerConfig::default()
        })
    };
    let (t1, t2) = (twin("instance-7"), twin("instance-7"));
    let sb = Sandbox::new();
    for (name, server) in [("disabled", &disabled), ("older", &older)] {
        sb.add_context(name, &server.url);
        sb.store_token(name, srv::API_ONLY_ADMIN_TOKEN);
    }
    let out = sb
        .cmd()
        .args(archive_args(&[
            "--context",
            "disabled",
            "--context",
            "older",
        ]))
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert_stderr_contains(
        &out,
        "skipped older/agentws: not available on this server version (404)",
    );
    let members = read_archive(&sb.work.join("fleet.tar.gz"));
    let body = &members["fleet/disabled/agentws.json"].1;
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(body).unwrap(),
        serde_json::json!({"enabled": false})
    );
    assert!(!members.contains_key("fleet/older/agentws.json"));
    let records = by_endpoint(&members);
    assert!(
        records.iter().all(|r| r.get("instance_id").is_none()),
        "{records:?}"
    );

    // Two backends answering with one instance id: said, both archived.
    sb.add_context("lb", &t1.url);
    sb.store_token("lb", srv::API_ONLY_ADMIN_TOKEN);
    std::fs::remove_file(sb.work.join("fleet.tar.gz")).unwrap();
    let out = sb
        .cmd()
        .args(archive_args(&[
            "--context",
            "lb",
            "--server",
            &t1.addr.to_string(),
            "--server",
            &t2.addr.to_string(),
        ]))
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert_stderr_contains(&out, "report the same instance id instance-7");
}

#[test]
fn a_context_named_like_the_manifest_still_gives_an_archive_tar_extracts() {
    let (a, b) = (backend("127.0.0.1:0", None), backend("127.0.0.1:0", None));
    let sb = Sandbox::new();
    for (name, server) in [("manifest.json", &a), ("b", &b)] {
        sb.add_context(name, &server.url);
        sb.store_token(name, srv::API_ONLY_ADMIN_TOKEN);
    }
    let out = sb
        .cmd()
        .args(archive_args(&[
            "--context",
            "manifest.json",
            "--context",
            "b",
        ]))
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let extract = sb.dir.path().join("x");
    std::fs::create_dir_all(&extract).unwrap();
    let tar = std::process::Command::new("tar")
        .arg("-xzf")
        .arg(sb.work.join("fleet.tar.gz"))
        .arg("-C")
        .arg(&extract)
        .output()
        .unwrap();
    assert!(
        tar.status.success(),
        "{}",
        String::from_utf8_lossy(&tar.stderr)
    );
    assert!(extract.join("fleet/manifest.json").is_file());
    assert!(extract.join("fleet/_manifest.json/heap.prof").is_file());
}

/// A private `/etc/hosts` (and an nsswitch.conf that reads only files, so an unknown name
/// fails at once) for `fleetctl ARGS`, through `unshare -m` and bind mounts: the system
/// resolver itself answers. None where that is impossible (not root, no unshare) outside CI;
/// under CI it must work.
fn with_private_hosts(sb: &Sandbox, hosts: &str, args: &[&str]) -> Option<std::process::Output> {
    let hosts_file = sb.write_file("hosts", hosts);
    let nss = sb.write_file(
        "nsswitch.conf",
        "passwd: files\ngroup: files\nhosts: files\n",
    );
    let script = r#"mount --bind "$1" /etc/hosts && mount --bind "$2" /etc/nsswitch.conf && shift 2 && exec "$@""#;
    let probe = std::process::Command::new("unshare")
        .args(["-m", "sh", "-c", script, "sh"])
        .arg(&hosts_file)
        .arg(&nss)
        .arg("true")
        .output();
    if !probe.as_ref().is_ok_and(|o| o.status.success()) {
        let why = probe.map_or_else(
            |e| e.to_string(),
            |o| String::from_utf8_lossy(&o.stderr).into_owned(),
        );
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI runs as root with unshare: a private /etc/hosts must work ({why})"
        );
        eprintln!("skipped: no private /etc/hosts here (needs root and unshare -m): {why}");
        return None;
    }
    let mut cmd = std::process::Command::new("unshare");
    sb.isolate(&mut cmd);
    cmd.args(["-m", "sh", "-c", script, "sh"])
        .arg(&hosts_file)
        .arg(&nss)
        .arg(assert_cmd::cargo::cargo_bin("fleetctl"))
        .args(args);
    Some(crate::harness::guarded(cmd).output().unwrap())
}

#[test]
fn each_server_reaches_every_address_of_the_name_through_the_system_resolver() {
    // Three backends on one port of three loopback addresses, one of them unhealthy.
    let first = backend("127.0.0.2:0", None);
    let port = first.addr.port();
    let second = backend(&format!("127.0.0.3:{port}"), None);
    let sick = DevServer::start(DevServerConfig {
        listen: format!("127.0.0.4:{port}").parse().unwrap(),
        unhealthy: vec!["mysql".into()],
        ..DevServerConfig::default()
    });
    let hosts = "127.0.0.1 localhost\n127.0.0.2 fleet.test\n127.0.0.3 fleet.test backend-3.test\n127.0.0.4 fleet.test\n";
    let sb = Sandbox::with_context("lb", &format!("http://fleet.test:{port}"));
    sb.store_token("lb", srv::API_ONLY_ADMIN_TOKEN);
    sb.add_context("nowhere", &format!("http://nowhere.test:{port}"));
    // A second name for one backend: archived once.
    let also = format!("backend-3.test:{port}");
    let args = archive_args(&["--context", "lb", "--each-server", "--server", &also]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let Some(out) = with_private_hosts(&sb, hosts, &args) else {
        return;
    };
    assert_exit(&out, 0);
    let members = read_archive(&sb.work.join("fleet.tar.gz"));
    let records = by_endpoint(&members);
    let endpoints: Vec<&str> = records
        .iter()
        .map(|r| r["endpoint"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = ["127.0.0.2", "127.0.0.3", "127.0.0.4"]
        .iter()
        .map(|ip| format!("{ip}:{port}"))
        .collect();
    assert_eq!(endpoints, expected);
    for server in [&first, &second, &sick] {
        assert_eq!(server.requests_to("/debug/pprof/profile").len(), 1);
        assert!(members.contains_key(&format!("fleet/{}/heap.prof", folder(server.addr))));
        assert_eq!(
            server.requests_to("/debug/pprof/heap")[0].header("host"),
            Some(format!("fleet.test:{port}").as_str())
        );
    }

    // health: one row per backend, the sick one named, health's exit code for it.
    let Some(out) = with_private_hosts(
        &sb,
        hosts,
        &["health", "--context", "lb", "--each-server", "--json"],
    ) else {
        return;
    };
    assert_exit(&out, 3);
    let rows = json_stdout(&out);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 3, "{rows:?}");
    let status: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["endpoint"].as_str().unwrap(),
                r["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        status,
        [
            (expected[0].as_str(), "healthy"),
            (expected[1].as_str(), "healthy"),
            (expected[2].as_str(), "unhealthy")
        ]
    );
    let Some(out) = with_private_hosts(&sb, hosts, &["health", "--context", "lb", "--each-server"])
    else {
        return;
    };
    assert_exit(&out, 3);
    let table = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        table.contains(&format!("{}  unhealthy", expected[2]))
            || table
                .lines()
                .any(|l| l.contains(&expected[2]) && l.contains("unhealthy")),
        "{table}"
    );

    // debug connection: every backend's steps.
    let Some(out) = with_private_hosts(
        &sb,
        hosts,
        &[
            "debug",
            "connection",
            "--context",
            "lb",
            "--each-server",
            "--json",
        ],
    ) else {
        return;
    };
    assert_exit(&out, 0);
    let steps = json_stdout(&out)["steps"].as_array().unwrap().clone();
    for endpoint in &expected {
        assert!(
            steps.iter().any(|s| s["endpoint"] == endpoint.as_str()
                && s["step"] == "enroll"
                && s["ok"] == true),
            "{steps:?}"
        );
    }

    // A name with no address: said, nothing written.
    std::fs::remove_file(sb.work.join("fleet.tar.gz")).unwrap();
    let args = archive_args(&["--context", "nowhere", "--each-server"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let Some(out) = with_private_hosts(&sb, hosts, &args) else {
        return;
    };
    assert_exit(&out, 5);
    assert_stderr_contains(
        &out,
        "--each-server: cannot resolve nowhere.test (context `nowhere`)",
    );
    assert!(sb.work_files().is_empty());
}

#[test]
fn many_servers_under_a_small_open_files_limit_are_checked_a_few_at_a_time() {
    let servers: Vec<DevServer> = (0..3)
        .map(|_| DevServer::start(DevServerConfig::default()))
        .collect();
    let sb = Sandbox::new();
    let mut config = String::new();
    for i in 0..60 {
        let url = &servers[i % 3].url;
        config.push_str(&format!("[contexts.c{i:02}]\naddress = \"{url}\"\n"));
    }
    sb.write_config(config);
    // 40 descriptors, soft and hard: all 60 connections at once would run out.
    let mut cmd = std::process::Command::new("sh");
    sb.isolate(&mut cmd).args([
        "-c",
        r#"ulimit -n 40 && exec "$0" health --all-contexts --json"#,
        assert_cmd::cargo::cargo_bin("fleetctl").to_str().unwrap(),
    ]);
    let out = crate::harness::guarded(cmd).output().unwrap();
    assert_exit(&out, 0);
    let rows = json_stdout(&out);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 60);
    assert!(rows.iter().all(|r| r["status"] == "healthy"), "{rows:?}");
}

#[test]
fn archive_of_many_servers_under_a_small_open_files_limit_captures_a_few_at_a_time() {
    let servers: Vec<DevServer> = (0..4)
        .map(|_| DevServer::start(DevServerConfig::default()))
        .collect();
    let sb = Sandbox::new();
    for (i, server) in servers.iter().enumerate() {
        sb.add_context(&format!("s{i}"), &server.url);
    }
    // 44 descriptors, soft and hard: four servers' 14 connections and spool files at once
    // would run out.
    let mut cmd = std::process::Command::new("sh");
    sb.isolate(&mut cmd)
        .env("FLEETCTL_TOKEN", srv::API_ONLY_ADMIN_TOKEN)
        .current_dir(&sb.work)
        .args([
            "-c",
            r#"ulimit -n 44 && exec "$0" debug archive --all-contexts --profile-seconds 1 -o fleet.tar.gz"#,
            assert_cmd::cargo::cargo_bin("fleetctl").to_str().unwrap(),
        ]);
    let out = crate::harness::guarded(cmd).output().unwrap();
    assert_exit(&out, 0);
    let members = read_archive(&sb.work.join("fleet.tar.gz"));
    let files = members.keys().filter(|name| !name.ends_with('/')).count();
    assert_eq!(files, 4 * 14 + 1, "{:?}", members.keys());
}
