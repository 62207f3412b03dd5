//! Every final file goes through the one durable writer: the data is fsynced, the file is
//! renamed into place, then the folder is fsynced. Checked on the system calls themselves
//! (strace): a single-item save, an archive and a config save. And a config save that waits
//! for another process's lock says so and comes to an end.

use std::path::Path;
use std::process::Stdio;

use crate::harness::{COMMAND_TIMEOUT, Sandbox, assert_exit, stderr_of, wait_with_deadline};
use crate::support::dev_server::{DevServer, DevServerConfig};

/// The system calls of `fleetctl ARGS` that make files durable, one per line, with the file
/// behind every descriptor (`strace -y`). `None` when strace is missing (CI installs it).
fn traced(sb: &Sandbox, args: &[&str]) -> Option<Vec<String>> {
    let have_strace = std::process::Command::new("strace")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !have_strace {
        assert!(
            std::env::var_os("CI").is_none(),
            "strace is missing (.ci/run installs it)"
        );
        eprintln!("strace not installed: skipping the durability check");
        return None;
    }
    let log = sb.dir.path().join("strace.log");
    let mut cmd = std::process::Command::new("strace");
    sb.isolate(&mut cmd);
    cmd.args(["-f", "-y", "-qq", "-o"])
        .arg(&log)
        .args([
            "-e",
            "trace=fsync,fdatasync,rename,renameat,renameat2,link,linkat",
        ])
        .arg(assert_cmd::cargo::cargo_bin("fleetctl"))
        .args(args);
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = wait_with_deadline(child, COMMAND_TIMEOUT.as_secs());
    assert_exit(&out, 0);
    assert!(!stderr_of(&out).contains("panicked"));
    let text = std::fs::read_to_string(&log).unwrap();
    Some(text.lines().map(str::to_string).collect())
}

/// Asserts that `dest` was reached as: fsync of a temporary file in its folder, a rename (or
/// link) onto `dest`, then an fsync of the folder, in that order.
#[track_caller]
fn assert_durable(calls: &[String], dest: &Path) {
    let name = dest.file_name().unwrap().to_str().unwrap();
    let dir = std::fs::canonicalize(dest.parent().unwrap()).unwrap();
    let dir = dir.to_str().unwrap();
    let placed = calls
        .iter()
        .position(|c| {
            (c.contains("rename") || c.contains("link"))
                && (c.contains(&format!("\"{name}\"")) || c.contains(&format!("/{name}\"")))
                && c.ends_with("= 0")
        })
        .unwrap_or_else(|| panic!("no rename onto {name}:\n{}", calls.join("\n")));
    // The file renamed: the first quoted path of the call, by its name.
    let source = calls[placed].split('"').nth(1).unwrap();
    let source_name = source.rsplit('/').next().unwrap();
    assert_ne!(source_name, name, "{}", calls[placed]);
    let data_synced = calls[..placed].iter().any(|c| {
        (c.contains("fsync(") || c.contains("fdatasync("))
            && c.contains(&format!("/{source_name}>"))
    });
    assert!(
        data_synced,
        "the data of {name} was not fsynced before the rename:\n{}",
        calls.join("\n")
    );
    let dir_synced = calls[placed..]
        .iter()
        .any(|c| c.contains("fsync(") && c.contains(&format!("<{dir}>)")));
    assert!(
        dir_synced,
        "the folder {dir} was not fsynced after the rename:\n{}",
        calls.join("\n")
    );
}

#[test]
fn single_items_archives_and_the_config_are_fsynced_renamed_and_their_folder_fsynced() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::with_context("a", &server.url);
    sb.store_token("a", crate::support::dev_server::API_ONLY_ADMIN_TOKEN);

    let Some(calls) = traced(&sb, &["debug", "heap", "--context", "a", "-o", "h.prof"]) else {
        return;
    };
    assert_durable(&calls, &sb.work.join("h.prof"));

    let calls = traced(
        &sb,
        &[
            "debug",
            "archive",
            "--context",
            "a",
            "--profile-seconds",
            "1",
            "-o",
            "a.tar.gz",
        ],
    )
    .unwrap();
    assert_durable(&calls, &sb.work.join("a.tar.gz"));

    let calls = traced(&sb, &["config", "set", "--context", "a", "--email", "e@x"]).unwrap();
    assert_durable(&calls, &sb.config);
}

/// A save that cannot get the config lock says so on stderr after about a second, and gives
/// up at the lock timeout with an error naming the lock file; the config is unchanged.
#[test]
fn a_held_config_lock_is_announced_and_ends_in_an_error_naming_it() {
    let sb = Sandbox::with_context("a", "https://a.example");
    let before = sb.config_text();
    let lock_path = sb.config.with_file_name("config.toml.lock");
    let held = std::fs::OpenOptions::new()
        .write(true)
        .open(&lock_path)
        .unwrap();
    held.lock().unwrap();
    let out = sb
        .cmd()
        .args(["config", "set", "--context", "a", "--email", "e@x"])
        .env("FLEETCTL_LOCK_TIMEOUT_SECS", "2")
        .output()
        .unwrap();
    assert_exit(&out, 1);
    let err = stderr_of(&out);
    let shown = lock_path.display().to_string();
    assert!(
        err.contains(&format!("waiting for the config lock {shown}")),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "error: gave up after 2 s waiting for the config lock {shown}"
        )),
        "{err}"
    );
    assert!(err.contains("hint: let the other fleetctl finish"), "{err}");
    assert_eq!(sb.config_text(), before, "the config changed");
    drop(held);
    sb.config_set(&["--context", "a", "--email", "e@x"]);
}
