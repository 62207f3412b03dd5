//! Config robustness: many writers of every kind, kill -9 mid-save, unusable locations.

use std::collections::BTreeSet;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::harness::{Sandbox, stderr_of};
use crate::support::dev_server::{self as srv, DevServer, DevServerConfig};

fn bin() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("fleetctl")
}

#[test]
fn two_hundred_mixed_writers_lose_nothing() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::new();
    sb.cmd()
        .args(["config", "set", "--context", "a", "--address", &server.url])
        .assert()
        .success();
    let mut children = Vec::new();
    for i in 0..200 {
        let mut cmd = Command::new(bin());
        cmd.env("FLEETCTL_CONFIG", &sb.config)
            .env_remove("FLEETCTL_CONTEXT")
            .env_remove("FLEETCTL_TOKEN")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        match i % 3 {
            0 => cmd.args([
                "config",
                "set",
                "--context",
                &format!("c{i}"),
                "--address",
                &format!("https://c{i}.example.com"),
            ]),
            1 => cmd.args([
                "login",
                "--context",
                "a",
                "--email",
                srv::ADMIN_EMAIL,
                "--password-stdin",
            ]),
            _ => cmd.args(["config", "use-context", "a"]),
        };
        let mut child = cmd.spawn().unwrap();
        {
            use std::io::Write;
            let mut stdin = child.stdin.take().unwrap();
            let _ = stdin.write_all(srv::ADMIN_PASSWORD.as_bytes());
        }
        children.push(child);
    }
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let cfg = sb.config_toml();
    let names: BTreeSet<String> = cfg["contexts"]
        .as_table()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    for i in (0..200).filter(|i| i % 3 == 0) {
        assert!(names.contains(&format!("c{i}")), "c{i} lost");
    }
    assert!(cfg["contexts"]["a"]["token"].as_str().is_some());
    assert_eq!(cfg["current-context"].as_str(), Some("a"));
}

#[test]
fn kill_9_during_saves_leaves_old_or_new_content_only() {
    let sb = Sandbox::new();
    sb.cmd()
        .args([
            "config",
            "set",
            "--context",
            "base",
            "--address",
            "https://base",
        ])
        .assert()
        .success();
    let mut known: BTreeSet<String> = ["base".to_string()].into();
    for i in 0..40u64 {
        let mut child = Command::new(bin())
            .args([
                "config",
                "set",
                "--context",
                &format!("k{i}"),
                "--address",
                "https://k.example.com",
            ])
            .env("FLEETCTL_CONFIG", &sb.config)
            .env_remove("FLEETCTL_CONTEXT")
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros((i * 397) % 4000));
        let _ = Command::new("kill")
            .args(["-9", &child.id().to_string()])
            .status();
        let finished = child.wait().unwrap().success();
        let text = std::fs::read_to_string(&sb.config).unwrap();
        let cfg: toml::Table = text
            .parse()
            .unwrap_or_else(|e| panic!("corrupt after kill {i}: {e}\n{text}"));
        let names: BTreeSet<String> = cfg["contexts"]
            .as_table()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        let mut with_new = known.clone();
        with_new.insert(format!("k{i}"));
        assert!(
            names == known || names == with_new,
            "after kill {i}: {names:?}"
        );
        if finished {
            assert_eq!(names, with_new);
        }
        known = names;
    }
    // The next save sweeps away the temporary files of killed saves.
    sb.cmd()
        .args([
            "config",
            "set",
            "--context",
            "after",
            "--address",
            "https://after",
        ])
        .assert()
        .success();
    let leftovers: Vec<String> = crate::harness::list(sb.config.parent().unwrap())
        .into_iter()
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn an_unusable_config_location_is_a_clear_error() {
    let sb = Sandbox::new();
    let blocker = sb.dir.path().join("not-a-dir");
    std::fs::write(&blocker, "x").unwrap();
    let out = sb
        .cmd()
        .args([
            "--config",
            blocker.join("config.toml").to_str().unwrap(),
            "config",
            "set",
            "--context",
            "a",
            "--address",
            "https://a",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(
        err.starts_with("error: cannot") && err.contains("not-a-dir"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&blocker).unwrap(), "x");
}
