//! Every final file goes through the one durable writer: the data is fsynced, the file is
//! renamed into place, then the folder is fsynced. Checked on the system calls themselves
//! (strace): a single-item save, an archive and a config save.

use std::path::Path;

use crate::harness::{Sandbox, assert_exit, stderr_of};
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
    let out = cmd.output().unwrap();
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
