//! Config robustness: many writers of every kind, kill -9 mid-save, unusable locations.

use std::collections::BTreeSet;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::harness::{Sandbox, assert_exit, context_names, stderr_of};
use crate::support::dev_server::{self as srv, DevServer, DevServerConfig};

#[test]
fn two_hundred_mixed_writers_lose_nothing() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::with_context("a", &server.url);
    let mut children = Vec::new();
    for i in 0..200 {
        let mut cmd = sb.process();
        cmd.stdin(Stdio::piped())
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
        assert_exit(&child.wait_with_output().unwrap(), 0);
    }
    let cfg = sb.config_toml();
    let names = context_names(&cfg);
    for i in (0..200).filter(|i| i % 3 == 0) {
        assert!(names.contains(&format!("c{i}")), "c{i} lost");
    }
    assert!(cfg["contexts"]["a"]["token"].as_str().is_some());
    assert_eq!(cfg["current-context"].as_str(), Some("a"));
}

#[test]
fn kill_9_during_saves_leaves_old_or_new_content_only() {
    let sb = Sandbox::with_context("base", "https://base");
    let mut known: BTreeSet<String> = ["base".to_string()].into();
    for i in 0..40u64 {
        let mut child = sb
            .process()
            .args([
                "config",
                "set",
                "--context",
                &format!("k{i}"),
                "--address",
                "https://k.example.com",
            ])
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
        let names = context_names(&cfg);
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
    sb.add_context("after", "https://after");
    let leftovers = sb.config_tmp_files();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn an_unusable_config_location_is_a_clear_error() {
    let sb = Sandbox::new();
    let blocker = sb.write_file("not-a-dir", "x");
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
    assert_exit(&out, 1);
    let err = stderr_of(&out);
    assert!(
        err.starts_with("error: cannot") && err.contains("not-a-dir"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&blocker).unwrap(), "x");
}
