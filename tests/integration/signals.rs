//! Signals end a run like Ctrl-C (SIGHUP from a closed terminal or a dropped ssh session,
//! SIGQUIT, SIGTERM): exit 130, no temporary file or spool folder left. And the raw cmdline,
//! secrets included, never touches the disk: it is scrubbed in memory first.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::harness::{Sandbox, list, stderr_of, wait_with_deadline};
use crate::support::dev_server::{self as srv, DevServer, DevServerConfig, Fault};

fn logged_in(server: &DevServer) -> Sandbox {
    let sb = Sandbox::with_context("a", &server.url);
    sb.store_token("a", srv::API_ONLY_ADMIN_TOKEN);
    sb
}

fn send_signal(pid: u32, signal: &str) {
    let status = std::process::Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(pid.to_string())
        .status()
        .unwrap();
    assert!(status.success());
}

/// Wait until the server has answered the heap profile: the archive is under way, its
/// spool folder holds items.
fn wait_for_heap(server: &DevServer) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while server
        .requests_to("/debug/pprof/heap")
        .iter()
        .all(|r| r.status != 200)
    {
        assert!(Instant::now() < deadline, "the archive never started");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn hangup_quit_and_terminate_end_a_run_cleanly_with_130() {
    for signal in ["HUP", "QUIT", "TERM"] {
        let server = DevServer::start(DevServerConfig::default());
        let sb = logged_in(&server);
        let child = sb
            .process()
            .args(["debug", "archive", "--context", "a"])
            .args(["--profile-seconds", "30", "-o", "final.tar.gz"])
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        wait_for_heap(&server);
        assert!(
            !list(&sb.work).is_empty(),
            "SIG{signal}: a spool folder is expected while running"
        );
        send_signal(child.id(), signal);
        let out = wait_with_deadline(child, 120);
        assert_eq!(
            out.status.code(),
            Some(130),
            "SIG{signal}: {}",
            stderr_of(&out)
        );
        assert!(
            stderr_of(&out).contains("error: interrupted"),
            "SIG{signal}: {}",
            stderr_of(&out)
        );
        assert!(
            list(&sb.work).is_empty(),
            "SIG{signal} left behind: {:?}",
            list(&sb.work)
        );
    }
}

/// Every file under `dir`, with its contents.
fn files_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return files;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else if let Ok(bytes) = std::fs::read(&path) {
            files.push((path.display().to_string(), bytes));
        }
    }
    files
}

/// A server that stops halfway through the cmdline (its first half holds secrets): during the
/// stall, and all along the run, no file in the work folder (spool included) holds one of the
/// planted secrets.
#[test]
fn the_raw_cmdline_never_reaches_the_spool() {
    let server = DevServer::start(DevServerConfig::default().with_fault(
        "/debug/pprof/cmdline",
        Fault::StallMidBody(Duration::from_secs(3)),
    ));
    let sb = logged_in(&server);
    let mut child = sb
        .process()
        .args(["debug", "archive", "--context", "a"])
        .args(["--profile-seconds", "1", "--no-scrub", "-o", "out.tar.gz"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // --no-scrub keeps the secrets in what is written: the check is that nothing raw is
    // written before the cmdline is complete. With scrubbing on, nothing raw at all.
    let mut looks = 0;
    let mut spool_seen = false;
    while child.try_wait().unwrap().is_none() {
        for (name, bytes) in files_under(&sb.work) {
            spool_seen |= name.contains(".fleetctl-");
            for secret in srv::PLANTED_SECRETS {
                assert!(
                    !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                    "{name} holds {secret} while the cmdline is still arriving"
                );
            }
        }
        looks += 1;
        std::thread::sleep(Duration::from_millis(10));
    }
    let out = wait_with_deadline(child, 60);
    assert!(spool_seen && looks > 10, "the run was never watched");
    assert!(
        stderr_of(&out).contains("cmdline"),
        "the cut cmdline is reported: {}",
        stderr_of(&out)
    );
}

/// With scrubbing on, the spool is watched during the whole run: no planted secret in any
/// file at any time.
#[test]
fn a_scrubbed_run_never_writes_a_planted_secret() {
    let server = DevServer::start(DevServerConfig::default().with_fault(
        "/debug/pprof/heap",
        Fault::DelayHeaders(Duration::from_secs(2)),
    ));
    let sb = logged_in(&server);
    let mut child = sb
        .process()
        .args(["debug", "archive", "--context", "a"])
        .args(["--profile-seconds", "1", "-o", "out.tar.gz"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut cmdline_seen = false;
    while child.try_wait().unwrap().is_none() {
        for (name, bytes) in files_under(&sb.work) {
            cmdline_seen |= name.ends_with("cmdline.txt") || name.contains("cmdline");
            for secret in srv::PLANTED_SECRETS {
                assert!(
                    !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                    "{name} holds {secret}"
                );
            }
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let out = wait_with_deadline(child, 60);
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert!(cmdline_seen, "the spooled cmdline was never looked at");
}
