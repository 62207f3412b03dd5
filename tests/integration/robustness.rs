//! Config robustness: many writers of every kind, kill -9 mid-save, unusable locations
//! (including read-only folders, run as an unprivileged user when the tests run as root).

use std::collections::BTreeSet;
use std::fs::Permissions;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use crate::harness::{
    Sandbox, assert_exit, context_names, guarded, list, stderr_of, wait_with_deadline,
};
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
        assert_exit(&wait_with_deadline(child, 120), 0);
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
        let child = sb
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
        let finished = wait_with_deadline(child, 120).status.success();
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

/// The effective uid of the test process (from /proc/self/status, no libc needed).
fn effective_uid() -> u32 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))
        .and_then(|ids| ids.split_whitespace().nth(1))
        .and_then(|euid| euid.parse().ok())
        .expect("a Uid line in /proc/self/status")
}

fn find_in_path(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
    })
}

/// Whether a user with no relation to the owner can reach `path` and, with `bits`, use it.
fn usable_by_others(path: &Path, bits: u32) -> bool {
    let mode = |p: &Path| std::fs::metadata(p).map(|m| m.permissions().mode());
    mode(path).is_ok_and(|m| m & bits == bits)
        && path
            .ancestors()
            .skip(1)
            .all(|dir| mode(dir).is_ok_and(|m| m & 0o001 != 0))
}

const NOBODY: u32 = 65534;

/// Runs fleetctl where file modes apply: as itself when not root, else as uid/gid 65534
/// through util-linux `setpriv`.
enum Unprivileged {
    Me,
    Setpriv { setpriv: PathBuf, binary: PathBuf },
}

impl Unprivileged {
    /// None (after saying why) when this cannot be tested here; under CI that is a failure.
    fn for_sandbox(sb: &Sandbox) -> Option<Unprivileged> {
        if effective_uid() != 0 {
            return Some(Unprivileged::Me);
        }
        let Some(setpriv) = find_in_path("setpriv") else {
            assert!(
                std::env::var_os("CI").is_none(),
                "running as root without util-linux `setpriv`: cannot test file modes"
            );
            eprintln!("skipping: running as root and util-linux `setpriv` is not installed");
            return None;
        };
        // The unprivileged user walks into the sandbox, and runs the binary from where it can.
        std::fs::set_permissions(sb.dir.path(), Permissions::from_mode(0o711)).unwrap();
        assert!(
            usable_by_others(sb.dir.path(), 0o001),
            "{} is not reachable by other users",
            sb.dir.path().display()
        );
        let mut binary = assert_cmd::cargo::cargo_bin("fleetctl");
        if !usable_by_others(&binary, 0o005) {
            let bin_dir = sb.dir.path().join("bin");
            std::fs::create_dir(&bin_dir).unwrap();
            std::fs::set_permissions(&bin_dir, Permissions::from_mode(0o755)).unwrap();
            let copy = bin_dir.join("fleetctl");
            std::fs::copy(&binary, &copy).unwrap();
            std::fs::set_permissions(&copy, Permissions::from_mode(0o755)).unwrap();
            binary = copy;
        }
        Some(Unprivileged::Setpriv { setpriv, binary })
    }

    /// Gives `path` to the user fleetctl runs as (when that is another user).
    fn give(&self, path: &Path) {
        if let Unprivileged::Setpriv { .. } = self {
            std::os::unix::fs::chown(path, Some(NOBODY), Some(NOBODY)).unwrap();
        }
    }

    /// fleetctl with the sandbox's environment, as that user.
    fn cmd(&self, sb: &Sandbox) -> assert_cmd::Command {
        match self {
            Unprivileged::Me => sb.cmd(),
            Unprivileged::Setpriv { setpriv, binary } => {
                let mut cmd = Command::new(setpriv);
                cmd.arg(format!("--reuid={NOBODY}"))
                    .arg(format!("--regid={NOBODY}"))
                    .arg("--clear-groups")
                    .arg(binary);
                sb.isolate(&mut cmd);
                guarded(cmd)
            }
        }
    }
}

/// A folder `ro` in the sandbox holding `config.toml` with `config`, owned by the user fleetctl
/// runs as, made read-only (0500) for the life of the guard.
struct ReadOnlyDir {
    dir: PathBuf,
    config: PathBuf,
}

impl ReadOnlyDir {
    fn new(sb: &Sandbox, user: &Unprivileged, config: &str) -> ReadOnlyDir {
        let dir = sb.dir.path().join("ro");
        std::fs::create_dir(&dir).unwrap();
        let path = dir.join("config.toml");
        std::fs::write(&path, config).unwrap();
        std::fs::set_permissions(&path, Permissions::from_mode(0o600)).unwrap();
        user.give(&path);
        user.give(&dir);
        std::fs::set_permissions(&dir, Permissions::from_mode(0o500)).unwrap();
        ReadOnlyDir { dir, config: path }
    }

    /// Checks that a failed command named the folder in one `error:` line and left the folder
    /// as it was: the config file byte for byte, and nothing added.
    #[track_caller]
    fn assert_refused(&self, out: &Output, config_before: &[u8]) {
        // Exited with a failure code (a run killed by the hang guard has none).
        assert!(
            matches!(out.status.code(), Some(c) if c != 0),
            "{:?}: {}",
            out.status,
            stderr_of(out)
        );
        let err = stderr_of(out);
        let errors: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
        assert!(
            errors.len() == 1 && err.starts_with("error: ") && !err.contains("panicked"),
            "{err}"
        );
        assert!(
            errors[0].contains(&self.dir.display().to_string()),
            "the error does not name {}: {err}",
            self.dir.display()
        );
        assert_eq!(std::fs::read(&self.config).unwrap(), config_before);
        assert_eq!(
            list(&self.dir),
            vec!["config.toml".to_string()],
            "left behind"
        );
    }
}

impl Drop for ReadOnlyDir {
    fn drop(&mut self) {
        // Writable again, so that the sandbox can be removed.
        let _ = std::fs::set_permissions(&self.dir, Permissions::from_mode(0o700));
    }
}

#[test]
fn a_read_only_config_folder_is_a_clear_error_and_changes_nothing() {
    let sb = Sandbox::new();
    let Some(user) = Unprivileged::for_sandbox(&sb) else {
        return;
    };
    let before = "current-context = \"a\"\n\n[contexts.a]\naddress = \"https://a\"\n";
    let ro = ReadOnlyDir::new(&sb, &user, before);
    let out = user
        .cmd(&sb)
        .arg("--config")
        .arg(&ro.config)
        .args([
            "config",
            "set",
            "--context",
            "x",
            "--address",
            "https://h:1",
        ])
        .output()
        .unwrap();
    ro.assert_refused(&out, before.as_bytes());
}

#[test]
fn a_profile_into_a_read_only_folder_is_a_clear_error_and_writes_nothing() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::new();
    let Some(user) = Unprivileged::for_sandbox(&sb) else {
        return;
    };
    let before = format!("[contexts.a]\naddress = \"{}\"\n", server.url);
    let ro = ReadOnlyDir::new(&sb, &user, &before);
    let out = user
        .cmd(&sb)
        .arg("--config")
        .arg(&ro.config)
        .args(["debug", "heap", "--context", "a", "-o"])
        .arg(ro.dir.join("x.prof"))
        .env("FLEETCTL_TOKEN", srv::API_ONLY_ADMIN_TOKEN)
        .output()
        .unwrap();
    ro.assert_refused(&out, before.as_bytes());
}
