//! `fleetctl debug archive` and the single debug commands against the bundled server.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use predicates::prelude::*;
use sha2::{Digest, Sha256};

use crate::harness::{
    Sandbox, assert_exit, assert_stderr_contains, json_member, json_stdout, list, read_archive,
    stderr_of, stdout_of, wait_with_deadline,
};
use crate::support::dev_server::{self as srv, DevServer, DevServerConfig, Fault};
use crate::support::profiles::PROFILE_KINDS;

const MEMBERS: [&str; 14] = [
    "allocs.prof",
    "block.prof",
    "cmdline.prof",
    "errors.json",
    "goroutine.prof",
    "heap.prof",
    "mutex.prof",
    "profile.prof",
    "threadcreate.prof",
    "trace.prof",
    "db-locks.json",
    "db-innodb-status.json",
    "db-process-list.json",
    "agentws.json",
];

fn logged_in(server: &DevServer) -> Sandbox {
    let sb = Sandbox::with_context("a", &server.url);
    assert_exit(&sb.login(srv::ADMIN_EMAIL, srv::ADMIN_PASSWORD), 0);
    sb
}

fn archive_in(sb: &Sandbox) -> PathBuf {
    let files: Vec<String> = sb
        .work_files()
        .into_iter()
        .filter(|f| f.ends_with(".tar.gz"))
        .collect();
    assert_eq!(files.len(), 1, "{:?}", sb.work_files());
    sb.work.join(&files[0])
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `bytes` decompressed if they are gzip (magic 1f 8b), else as they are.
fn gunzipped(bytes: &[u8]) -> Vec<u8> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return bytes.to_vec();
    }
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::MultiGzDecoder::new(bytes), &mut out)
        .expect("a gzip member decompresses");
    out
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn archive_holds_every_item_byte_identical_scrubbed_and_checksummed() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = logged_in(&server);
    let token = sb.token("a").unwrap();
    let out = sb.archive(&[]);
    assert_exit(&out, 0);
    let path = archive_in(&sb);
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("fleet-profiles-archive-")
            && name.ends_with("Z.tar.gz")
            && name.len() == "fleet-profiles-archive-20261125020000Z.tar.gz".len(),
        "{name}"
    );
    assert_eq!(stdout_of(&out).trim(), name);
    let err = stderr_of(&out);
    assert!(err.contains("sensitive"), "{err}");
    assert!(!err.lines().any(|l| l.starts_with("failed ")), "{err}");
    assert!(
        err.contains("14 items") && err.contains("0 failed"),
        "{err}"
    );
    assert!(
        !err.contains('\u{1b}') && !err.contains('\r'),
        "no progress drawing without a TTY: {err:?}"
    );
    #[cfg(unix)]
    assert_eq!(crate::harness::mode(&path), 0o600);
    assert_eq!(
        sb.work_files(),
        vec![name.clone()],
        "no temporary files left"
    );

    let root = name.trim_end_matches(".tar.gz");
    let members = read_archive(&path);
    let mut expected: Vec<String> = MEMBERS.iter().map(|m| format!("{root}/{m}")).collect();
    expected.push(format!("{root}/manifest.json"));
    expected.push(format!("{root}/"));
    expected.sort();
    let got: Vec<String> = members.keys().cloned().collect();
    assert_eq!(got, expected);

    // Byte-identical to what the server served, except the scrubbed cmdline.
    let served: BTreeMap<String, Vec<u8>> = server
        .requests_to("/debug/")
        .into_iter()
        .filter(|r| r.status == 200)
        .map(|r| {
            (
                r.path.split('?').next().unwrap().to_string(),
                r.response_body.unwrap(),
            )
        })
        .collect();
    for (member, path) in [
        ("allocs.prof", "/debug/pprof/allocs"),
        ("block.prof", "/debug/pprof/block"),
        ("errors.json", "/debug/errors"),
        ("goroutine.prof", "/debug/pprof/goroutine"),
        ("heap.prof", "/debug/pprof/heap"),
        ("mutex.prof", "/debug/pprof/mutex"),
        ("profile.prof", "/debug/pprof/profile"),
        ("threadcreate.prof", "/debug/pprof/threadcreate"),
        ("trace.prof", "/debug/pprof/trace"),
        ("db-locks.json", "/debug/db/locks"),
        ("db-innodb-status.json", "/debug/db/innodb-status"),
        ("db-process-list.json", "/debug/db/process-list"),
    ] {
        let (member_mode, bytes) = &members[&format!("{root}/{member}")];
        assert_eq!(*member_mode & 0o777, 0o600, "{member}");
        assert_eq!(
            bytes, &served[path],
            "{member} differs from what the server served"
        );
    }
    assert_eq!(members[&format!("{root}/")].0 & 0o777, 0o700);
    // The errors were read, never flushed.
    assert!(
        server
            .requests_to("/debug/errors")
            .iter()
            .all(|r| !r.path.contains("flush"))
    );

    // Every pprof member decodes.
    for member in PROFILE_KINDS {
        let bytes = &members[&format!("{root}/{member}.prof")].1;
        let profile = fleetctl::pprof::decode(bytes).unwrap_or_else(|e| panic!("{member}: {e}"));
        assert!(!profile.sample_type.is_empty(), "{member}");
    }

    // No planted secret and no token anywhere in the decompressed archive, gzipped members
    // (the pprof profiles) included.
    let cmdline = &members[&format!("{root}/cmdline.prof")].1;
    assert!(
        contains(cmdline, "--mysql_password="),
        "flag names are kept"
    );
    assert!(contains(cmdline, "[REDACTED]"));
    for (name, (_, bytes)) in &members {
        let bytes = &gunzipped(bytes);
        for secret in srv::PLANTED_SECRETS {
            assert!(
                !contains(bytes, secret),
                "planted secret {secret} in {name}"
            );
        }
        assert!(!contains(bytes, &token), "token in {name}");
    }

    // The manifest's checksums and sizes match the members.
    let manifest = json_member(&members, &format!("{root}/manifest.json"));
    assert_eq!(manifest["context"], "a");
    assert_eq!(manifest["address"], server.url);
    assert_eq!(manifest["server_version"]["version"], "4.60.0-dev");
    let items = manifest["items"].as_array().unwrap();
    assert_eq!(items.len(), 14);
    for item in items {
        let member = item["member"].as_str().unwrap();
        let bytes = &members[&format!("{root}/{member}")].1;
        assert_eq!(item["outcome"], "ok", "{item}");
        assert_eq!(item["status"], 200);
        assert_eq!(item["bytes"], bytes.len() as u64, "{member}");
        assert_eq!(item["sha256"], sha256_hex(bytes), "{member}");
    }
    let cmd_item = items.iter().find(|i| i["name"] == "cmdline").unwrap();
    assert!(
        cmd_item["redactions"]["mysql_password"].as_u64().unwrap() >= 1,
        "{cmd_item}"
    );
    let manifest_text =
        String::from_utf8_lossy(&members[&format!("{root}/manifest.json")].1).into_owned();
    for secret in srv::PLANTED_SECRETS {
        assert!(!manifest_text.contains(secret));
    }

    // tar itself opens it.
    let extract = sb.dir.path().join("extract");
    std::fs::create_dir_all(&extract).unwrap();
    let tar = std::process::Command::new("tar")
        .arg("-xzf")
        .arg(&path)
        .arg("-C")
        .arg(&extract)
        .spawn()
        .unwrap();
    assert!(wait_with_deadline(tar, 120).status.success());
    assert!(extract.join(root).join("heap.prof").is_file());
}

#[test]
fn items_are_fetched_concurrently() {
    // The heap answer is held back for a second so that, fetched alongside the CPU profile, it
    // is still being served when the profile request arrives, however the two are scheduled.
    let server = DevServer::start(DevServerConfig::default().with_fault(
        "/debug/pprof/heap",
        Fault::DelayHeaders(Duration::from_secs(1)),
    ));
    let sb = logged_in(&server);
    sb.archive_cmd("a", 2)
        .args(["--trace-seconds", "1"])
        .assert()
        .success();
    // While the CPU profile was being collected, the other items were served.
    let reqs = server.requests_to("/debug/");
    let profile = reqs
        .iter()
        .find(|r| r.path.starts_with("/debug/pprof/profile"))
        .unwrap();
    let heap = reqs.iter().find(|r| r.path == "/debug/pprof/heap").unwrap();
    let trace = reqs
        .iter()
        .find(|r| r.path.starts_with("/debug/pprof/trace"))
        .unwrap();
    // Only the order of the server's own records: each started before the other finished.
    assert!(
        heap.started < profile.finished,
        "the heap waited for the CPU profile"
    );
    assert!(
        profile.started < heap.finished,
        "the CPU profile waited for the heap"
    );
    assert!(
        trace.started < profile.finished,
        "trace waited for the profile"
    );
    assert!(
        profile.started < trace.finished,
        "the profile waited for the trace"
    );
    assert_eq!(
        reqs.iter()
            .filter(|r| r.path.starts_with("/debug/pprof/profile"))
            .count(),
        1
    );
}

#[test]
fn partial_failure_writes_the_rest_and_exits_3() {
    let server = DevServer::start(
        DevServerConfig::default()
            .with_fault("/debug/pprof/heap", Fault::Status(500))
            .with_fault("/debug/pprof/goroutine", Fault::Status(404))
            .with_fault("/debug/pprof/allocs", Fault::DropMidBody),
    );
    let sb = logged_in(&server);
    let out = sb.archive(&["--json"]);
    assert_exit(&out, 3);
    let err = stderr_of(&out);
    assert!(err.contains("failed heap: "), "{err}");
    assert!(err.contains("failed goroutine: "), "{err}");
    assert!(
        err.contains("failed allocs: ") && err.contains("connection broke"),
        "{err}"
    );
    let summary = json_stdout(&out);
    assert_eq!(summary["failures"], 3);
    assert_eq!(summary["exit_code"], 3);
    assert_eq!(summary["result"], "partial");
    let path = sb.work.join(summary["path"].as_str().unwrap());
    let members = read_archive(&path);
    let root = path
        .file_name()
        .unwrap()
        .to_string_lossy()
        .trim_end_matches(".tar.gz")
        .to_string();
    assert!(!members.contains_key(&format!("{root}/heap.prof")));
    assert!(!members.contains_key(&format!("{root}/allocs.prof")));
    assert!(members.contains_key(&format!("{root}/mutex.prof")));
    let manifest = json_member(&members, &format!("{root}/manifest.json"));
    let item = |n: &str| {
        manifest["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["name"] == n)
            .unwrap()
            .clone()
    };
    assert_eq!(item("heap")["outcome"], "failed");
    assert_eq!(item("heap")["status"], 500);
    assert_eq!(item("goroutine")["status"], 404);
    assert!(
        item("allocs")["error"]
            .as_str()
            .unwrap()
            .contains("connection broke")
    );
    assert_eq!(item("mutex")["outcome"], "ok");
    assert_eq!(manifest["failures"], 3);
}

#[test]
fn older_servers_without_db_endpoints_are_not_failures_unless_strict() {
    let config = DevServerConfig::default()
        .with_fault("/debug/db/locks", Fault::Status(404))
        .with_fault("/debug/db/innodb-status", Fault::Status(404))
        .with_fault("/debug/db/process-list", Fault::Status(404));
    let server = DevServer::start(config);
    let sb = logged_in(&server);
    let out = sb.archive(&[]);
    assert_exit(&out, 0);
    assert_stderr_contains(&out, "skipped db-locks");
    assert_exit(&sb.archive(&["--strict", "-o", "strict.tar.gz"]), 3);
}

#[test]
fn bad_token_and_non_admin_fail_fast_and_write_nothing() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::with_context("a", &server.url);
    let observer = server.login_token(srv::OBSERVER_EMAIL, srv::OBSERVER_PASSWORD);
    for (token, code, message) in [
        (
            "expired-or-unknown-token-0000000000",
            4,
            "fleetctl login --context a",
        ),
        (observer.as_str(), 4, "global admin"),
        (srv::API_ONLY_OBSERVER_TOKEN, 4, "global admin"),
    ] {
        let out = sb
            .archive_cmd("a", 30)
            .env("FLEETCTL_TOKEN", token)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{}", stderr_of(&out));
        assert_stderr_contains(&out, message);
        assert!(!stderr_of(&out).contains(token));
        assert!(sb.work_files().is_empty(), "{:?}", sb.work_files());
    }
    // Failing fast: the 30-second CPU profile was never started.
    assert!(server.requests_to("/debug/pprof/profile").is_empty());
}

#[test]
fn api_only_admin_token_is_accepted() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::with_context("a", &server.url);
    sb.store_token("a", srv::API_ONLY_ADMIN_TOKEN);
    sb.archive_cmd("a", 1).assert().code(0);
}

#[test]
fn unreachable_server_writes_nothing_and_exits_5() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = logged_in(&server);
    server.shutdown();
    sb.cmd()
        .args(["debug", "archive", "--context", "a"])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("connection refused"));
    assert!(sb.work_files().is_empty());
}

#[test]
fn existing_output_file_is_not_clobbered() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = logged_in(&server);
    let dest = sb.work.join("out.tar.gz");
    std::fs::write(&dest, b"precious").unwrap();
    sb.cmd()
        .args(["debug", "archive", "--context", "a", "-o", "out.tar.gz"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("already exists").and(predicate::str::contains("--force")),
        );
    assert_eq!(std::fs::read(&dest).unwrap(), b"precious");
    assert!(
        server.requests_to("/debug/").is_empty(),
        "nothing fetched before the check"
    );
    sb.archive_cmd("a", 1)
        .args(["-o", "out.tar.gz", "--force"])
        .assert()
        .success();
    assert!(read_archive(&dest).contains_key("out/manifest.json"));
}

#[test]
fn interrupted_run_leaves_no_file_under_the_final_name() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = logged_in(&server);
    let child = sb
        .process()
        .args([
            "debug",
            "archive",
            "--context",
            "a",
            "--profile-seconds",
            "20",
            "-o",
            "final.tar.gz",
        ])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the CPU profile is under way (other items are spooled by then).
    wait_for_heap(&server);
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        !list(&sb.work).is_empty(),
        "spool folder expected while running"
    );
    unsafe_kill(child.id(), 2);
    let out = wait_with_deadline(child, 120);
    assert_eq!(out.status.code(), Some(130), "{}", stderr_of(&out));
    assert!(
        list(&sb.work).is_empty(),
        "left behind: {:?}",
        list(&sb.work)
    );
}

#[test]
fn leftovers_of_a_killed_run_are_removed_by_the_next_one() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = logged_in(&server);
    let mut child = sb
        .process()
        .args(["debug", "archive", "--context", "a"])
        .args(["--profile-seconds", "2", "-o", "killed.tar.gz"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = wait_for_heap(&server);
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    wait_with_deadline(child, 120);
    let leftovers = list(&sb.work);
    assert!(
        !leftovers.is_empty() && leftovers.iter().all(|f| f.starts_with(".fleetctl-")),
        "{leftovers:?}"
    );
    // Leftovers younger than a minute may belong to a run that is starting; age them.
    let an_hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    for name in &leftovers {
        std::fs::File::open(sb.work.join(name))
            .unwrap()
            .set_times(std::fs::FileTimes::new().set_modified(an_hour_ago))
            .unwrap();
    }
    // The server still finishes the killed run's CPU profile and trace (one of each at a
    // time). On a loaded machine the run may have been killed before it asked for them: then
    // there is nothing to wait for, and the deadline ends the wait.
    while (server.requests_to("/debug/pprof/profile").is_empty()
        || server.requests_to("/debug/pprof/trace").is_empty())
        && Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = sb.archive(&["-o", "next.tar.gz"]);
    assert_exit(&out, 0);
    assert_stderr_contains(
        &out,
        "Removed 1 leftover temporary file(s) of killed fleetctl runs",
    );
    assert_eq!(list(&sb.work), vec!["next.tar.gz".to_string()]);
}

/// Wait until the server has answered the heap profile (the archive is under way); returns
/// the deadline for what the test waits for next.
fn wait_for_heap(server: &DevServer) -> Instant {
    let deadline = Instant::now() + Duration::from_secs(20);
    while server
        .requests_to("/debug/pprof/heap")
        .iter()
        .all(|r| r.status != 200)
    {
        assert!(Instant::now() < deadline, "the archive never started");
        std::thread::sleep(Duration::from_millis(50));
    }
    deadline
}

fn unsafe_kill(pid: u32, signal: i32) {
    let status = std::process::Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(pid.to_string())
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn no_scrub_keeps_secrets_and_warns() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = logged_in(&server);
    let out = sb.archive(&["--no-scrub", "-o", "raw.tar.gz"]);
    assert_exit(&out, 0);
    assert_stderr_contains(&out, "--no-scrub");
    let members = read_archive(&sb.work.join("raw.tar.gz"));
    assert!(contains(
        &members["raw/cmdline.prof"].1,
        srv::PLANTED_SECRETS[0]
    ));
}

#[test]
fn single_commands_save_files_and_print_text() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = logged_in(&server);
    let out = sb
        .cmd()
        .args(["debug", "heap", "--context", "a"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let name = stdout_of(&out).trim().to_string();
    assert!(
        name.starts_with("fleet-heap-") && name.ends_with("Z.prof"),
        "{name}"
    );
    let path = sb.work.join(&name);
    #[cfg(unix)]
    assert_eq!(crate::harness::mode(&path), 0o600);
    fleetctl::pprof::decode(&std::fs::read(&path).unwrap()).unwrap();

    sb.cmd()
        .args([
            "debug",
            "profile",
            "--context",
            "a",
            "--seconds",
            "1",
            "-o",
            "cpu.prof",
        ])
        .assert()
        .success()
        .stdout("cpu.prof\n");
    let profile_req = server.requests_to("/debug/pprof/profile").pop().unwrap();
    assert_eq!(profile_req.path, "/debug/pprof/profile?seconds=1");
    sb.cmd()
        .args(["debug", "heap", "--context", "a", "-o", "cpu.prof"])
        .assert()
        .code(1);

    let out = sb
        .cmd()
        .args(["debug", "cmdline", "--context", "a"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = stdout_of(&out);
    assert!(text.contains("--mysql_password=[REDACTED]"), "{text}");
    for secret in srv::PLANTED_SECRETS {
        assert!(!text.contains(secret), "{secret}");
    }

    let out = sb
        .cmd()
        .args(["debug", "errors", "--stdout", "--context", "a"])
        .output()
        .unwrap();
    assert!(json_stdout(&out).is_array());
    sb.cmd()
        .args(["debug", "errors", "--stdout", "--context", "a", "--flush"])
        .assert()
        .success();
    assert!(
        server
            .requests_to("/debug/errors")
            .iter()
            .any(|r| r.path.contains("flush=true"))
    );

    sb.cmd()
        .args(["debug", "migrations", "--context", "a"])
        .assert()
        .success()
        .stdout(predicate::str::contains("all migrations completed"));
    let out = sb
        .cmd()
        .args(["debug", "migrations", "--context", "a", "--json"])
        .output()
        .unwrap();
    assert_eq!(json_stdout(&out)["status_code"], 2);
}

#[test]
fn two_contexts_for_one_server_keep_the_one_with_a_token() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::with_context("notoken", &server.url);
    sb.add_context("a", &server.url);
    assert_exit(&sb.login(srv::ADMIN_EMAIL, srv::ADMIN_PASSWORD), 0);
    let out = sb
        .cmd()
        .args(["debug", "archive", "--context", "notoken", "--context", "a"])
        .args(["--profile-seconds", "1", "-o", "one.tar.gz"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert_stderr_contains(
        &out,
        "context `notoken` points at the same server as `a`; archiving it once, with `a`, which has a token",
    );
    let members = read_archive(&sb.work.join("one.tar.gz"));
    assert_eq!(json_member(&members, "one/manifest.json")["context"], "a");
    // --all-contexts likewise (`a` sorts first here, so the token wins, not the order).
    sb.add_context("0-notoken", &server.url);
    let out = sb
        .cmd()
        .args([
            "debug",
            "archive",
            "--all-contexts",
            "--profile-seconds",
            "1",
        ])
        .args(["-o", "all.tar.gz"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let members = read_archive(&sb.work.join("all.tar.gz"));
    assert_eq!(json_member(&members, "all/manifest.json")["context"], "a");
}

#[test]
fn duration_and_password_hints_name_the_flags_of_the_command_run() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = logged_in(&server);
    let out = sb
        .cmd()
        .args(["debug", "profile", "--context", "a", "--seconds", "1000"])
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    assert_stderr_contains(&out, "use a shorter --seconds");
    assert!(!stderr_of(&out).contains("--profile-seconds"));
    let out = sb.archive_cmd("a", 1000).output().unwrap();
    assert_exit(&out, 3);
    assert_stderr_contains(&out, "use a shorter --profile-seconds");

    let out = sb.archive(&["--metrics-password-stdin"]);
    assert_exit(&out, 2);
    assert_stderr_contains(&out, "fleetctl debug archive --metrics-password-stdin");
    let out = sb
        .cmd()
        .args(["debug", "metrics", "--context", "a", "--password-stdin"])
        .output()
        .unwrap();
    assert_exit(&out, 2);
    assert_stderr_contains(&out, "fleetctl debug metrics --password-stdin");
}

#[test]
fn dash_means_stdout_for_text_and_for_binary_on_a_pipe() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = logged_in(&server);
    let out = sb
        .cmd()
        .args(["debug", "cmdline", "--context", "a", "-o", "-"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert!(stdout_of(&out).contains("--mysql_password=[REDACTED]"));

    // stdout is a pipe here: binary items stream to it.
    let out = sb
        .cmd()
        .args(["debug", "heap", "--context", "a", "-o", "-"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    fleetctl::pprof::decode(&out.stdout).expect("a heap profile on stdout");

    let out = sb.archive(&["-o", "-"]);
    assert_exit(&out, 0);
    let piped = sb.dir.path().join("piped.tar.gz");
    std::fs::write(&piped, &out.stdout).unwrap();
    let members = read_archive(&piped);
    assert!(
        members
            .keys()
            .any(|k| k.starts_with("fleet-profiles-archive-") && k.ends_with("/heap.prof")),
        "{:?}",
        members.keys()
    );
    assert_exit(&sb.archive(&["-o", "-", "--json"]), 2);
    assert!(sb.work_files().is_empty(), "{:?}", sb.work_files());

    // On a terminal, binary data is refused before anything is fetched.
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("note: `script` (util-linux) is missing; the terminal case is not tested");
        return;
    }
    let bin = assert_cmd::cargo::cargo_bin("fleetctl");
    let mut cmd = std::process::Command::new("script");
    sb.isolate(&mut cmd).args([
        "-qec",
        &format!("{} debug heap --context a -o -", bin.display()),
        "/dev/null",
    ]);
    let requests = server.requests_to("/debug/pprof/heap").len();
    let out = wait_with_deadline(
        cmd.stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .stdin(std::process::Stdio::piped())
            .spawn()
            .unwrap(),
        60,
    );
    assert_eq!(out.status.code(), Some(2), "{}", stdout_of(&out));
    assert!(
        stdout_of(&out).contains("to a terminal"),
        "{}",
        stdout_of(&out)
    );
    assert_eq!(server.requests_to("/debug/pprof/heap").len(), requests);
    assert!(sb.work_files().is_empty(), "{:?}", sb.work_files());
}

#[test]
fn a_directory_as_output_gets_the_default_name_inside_it() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = logged_in(&server);
    std::fs::create_dir(sb.work.join("out")).unwrap();
    let out = sb.archive(&["-o", "out"]);
    assert_exit(&out, 0);
    let written = stdout_of(&out).trim().to_string();
    assert!(
        written.starts_with("out/fleet-profiles-archive-") && written.ends_with("Z.tar.gz"),
        "{written}"
    );
    #[cfg(unix)]
    assert_eq!(crate::harness::mode(&sb.work.join(&written)), 0o600);
    let out = sb
        .cmd()
        .args(["debug", "heap", "--context", "a", "-o", "out", "--force"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let written = stdout_of(&out).trim().to_string();
    assert!(written.starts_with("out/fleet-heap-"), "{written}");
    assert_eq!(list(&sb.work.join("out")).len(), 2);
}

#[test]
fn metrics_left_out_of_the_archive_are_named() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = logged_in(&server);
    let out = sb
        .archive_cmd("a", 1)
        .args(["-o", "pw.tar.gz"])
        .env("FLEETCTL_METRICS_PASSWORD", "metrics-pass-123")
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert_stderr_contains(
        &out,
        "warning: a metrics password was given but context `a` has no metrics-username",
    );
    sb.config_set(&["--context", "a", "--metrics-username", "prom"]);
    let out = sb.archive(&["-o", "user.tar.gz"]);
    assert_exit(&out, 0);
    assert_stderr_contains(
        &out,
        "warning: context `a` has a metrics-username but no metrics password was given",
    );
    assert!(!read_archive(&sb.work.join("user.tar.gz")).contains_key("user/metrics.txt"));
}

#[test]
fn strict_reports_unsupported_items_as_failed() {
    let config = DevServerConfig::default().with_fault("/debug/db/locks", Fault::Status(404));
    let server = DevServer::start(config);
    let sb = logged_in(&server);
    let out = sb.archive(&["--strict"]);
    assert_exit(&out, 3);
    assert_stderr_contains(
        &out,
        "failed db-locks: not available on this server version (404) (--strict)",
    );
    assert!(!stderr_of(&out).contains("skipped"));
}

#[test]
fn an_invalid_stall_timeout_is_named_once() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = logged_in(&server);
    for value in ["abc", "0"] {
        let out = sb
            .archive_cmd("a", 1)
            .args(["-o", &format!("stall-{value}.tar.gz")])
            .env("FLEETCTL_STALL_TIMEOUT_SECS", value)
            .output()
            .unwrap();
        assert_exit(&out, 0);
        let warning = format!(
            "warning: FLEETCTL_STALL_TIMEOUT_SECS={value} is not a whole number of seconds above 0; using 30 s"
        );
        assert_eq!(
            stderr_of(&out).matches(&warning).count(),
            1,
            "{}",
            stderr_of(&out)
        );
    }
}
