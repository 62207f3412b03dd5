//! Progress that fits the terminal: 16 servers in a tmux pane of a fixed size.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::harness::Sandbox;
use crate::support::dev_server::{self as srv, DevServer, DevServerConfig};

/// A tmux server of its own, killed on drop.
struct Tmux {
    socket: String,
}

impl Tmux {
    /// `shell` in a detached pane of `rows` x 150 with the sandbox's environment; None
    /// (skipped) without tmux outside CI.
    fn start(sb: &Sandbox, rows: u16, shell: &str) -> Option<Tmux> {
        let socket = format!("fleetctl-test-{}-{rows}", std::process::id());
        let mut cmd = Command::new("tmux");
        sb.isolate(&mut cmd)
            .env("FLEETCTL_TOKEN", srv::API_ONLY_ADMIN_TOKEN)
            .env("TERM", "xterm-256color")
            .current_dir(&sb.work)
            .args([
                "-L",
                &socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                "150",
            ])
            .args(["-y", &rows.to_string(), shell]);
        match cmd.status() {
            Ok(status) if status.success() => Some(Tmux { socket }),
            result => {
                assert!(
                    std::env::var("CI").as_deref() != Ok("true"),
                    "tmux is needed for the terminal tests under CI: {result:?}"
                );
                eprintln!("skipped: cannot run tmux for a terminal test: {result:?}");
                None
            }
        }
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The screen once `seen` holds for it (the test fails after 60 s).
    fn wait_for(&self, what: &str, seen: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let screen = self.screen();
            if seen(&screen) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "no {what} on the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

/// 16 servers, contexts s01..s16.
fn sixteen_servers() -> (Vec<DevServer>, Sandbox) {
    let servers: Vec<DevServer> = (0..16)
        .map(|_| DevServer::start(DevServerConfig::default()))
        .collect();
    let sb = Sandbox::new();
    for (i, server) in servers.iter().enumerate() {
        sb.add_context(&format!("s{:02}", i + 1), &server.url);
    }
    (servers, sb)
}

fn archive_shell() -> String {
    let bin = assert_cmd::cargo::cargo_bin("fleetctl");
    format!(
        "{} debug archive --all-contexts --profile-seconds 4 -o fleet.tar.gz; echo EXIT=$?; sleep 120",
        bin.display()
    )
}

#[test]
fn sixteen_servers_get_a_line_each_in_a_forty_row_terminal() {
    let (_servers, sb) = sixteen_servers();
    let Some(tmux) = Tmux::start(&sb, 40, &archive_shell()) else {
        return;
    };
    let screen = tmux.wait_for("CPU countdown", |s| s.contains("CPU profile:"));
    for i in 1..=16 {
        let name = format!("s{i:02}");
        let lines = screen
            .lines()
            .filter(|l| l.contains(&format!("{name} ")))
            .count();
        assert_eq!(lines, 1, "{name} on one line:\n{screen}");
    }
    assert!(screen.contains("items"), "{screen}");
    assert!(
        !screen.contains("/heap"),
        "no item lines past the height:\n{screen}"
    );
    let end = tmux.wait_for("exit code", |s| s.contains("EXIT="));
    assert!(end.contains("EXIT=0"), "{end}");
    assert!(end.contains("Archive written: 224 items"), "{end}");
}

#[test]
fn sixteen_servers_in_twelve_rows_get_a_summary_line() {
    let (_servers, sb) = sixteen_servers();
    let Some(tmux) = Tmux::start(&sb, 12, &archive_shell()) else {
        return;
    };
    let screen = tmux.wait_for("summary with countdowns", |s| {
        s.contains("16 servers:") && s.contains("CPU profile:")
    });
    assert!(screen.contains("16 running"), "{screen}");
    let shown = screen
        .lines()
        .filter(|l| l.contains("CPU profile:"))
        .count();
    assert!(
        (1..=9).contains(&shown),
        "the running servers that fit:\n{screen}"
    );
    let end = tmux.wait_for("exit code", |s| s.contains("EXIT="));
    assert!(end.contains("EXIT=0"), "{end}");
}
