//! Running the binary in an isolated home: its own config file and working directory.
//!
//! Most tests use a single context named `a`; the helpers that take no context name use it.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Output};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use assert_cmd::assert::Assert;
use tempfile::TempDir;

use crate::support::dev_server::{DevServer, DevServerConfig, TlsOptions};

/// Longest any single fleetctl run may take before the test fails: a guard against hangs,
/// far above what any test needs, not a timing goal.
pub const COMMAND_TIMEOUT: Duration = Duration::from_secs(120);

/// Members of a .tar.gz: name -> (mode, bytes).
pub type Members = BTreeMap<String, (u32, Vec<u8>)>;

pub struct Sandbox {
    pub dir: TempDir,
    pub config: PathBuf,
    pub work: PathBuf,
}

impl Sandbox {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let config = dir.path().join("cfg").join("fleetctl").join("config.toml");
        let work = dir.path().join("work");
        std::fs::create_dir_all(&work).unwrap();
        Sandbox { dir, config, work }
    }

    /// A new sandbox with one context, `name`, pointing at `url`.
    pub fn with_context(name: &str, url: &str) -> Self {
        let sb = Sandbox::new();
        sb.add_context(name, url);
        sb
    }

    /// `fleetctl` as a plain process (to spawn and wait for, or kill), with the same
    /// environment and folder as [`Sandbox::cmd`]. Wait for it with [`wait_with_deadline`].
    pub fn process(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("fleetctl"));
        self.isolate(&mut cmd);
        cmd
    }

    /// Gives `cmd` (fleetctl, or a wrapper that runs it) this sandbox's config, home and work
    /// folder, and removes every variable that changes what fleetctl does, so that the
    /// developer's shell cannot change results. Tests that need one set it after this.
    pub fn isolate<'c>(&self, cmd: &'c mut std::process::Command) -> &'c mut std::process::Command {
        for var in [
            // Read by fleetctl itself (FLEETCTL_CONFIG is set below).
            "FLEETCTL_CONFIG",
            "FLEETCTL_CONTEXT",
            "FLEETCTL_TOKEN",
            "FLEETCTL_DEBUG",
            "FLEETCTL_METRICS_PASSWORD",
            "FLEETCTL_STALL_TIMEOUT_SECS",
            // The Go fleetctl's names, read too (FLEETCTL_* names win over them).
            "CONFIG",
            "CONTEXT",
            "DEBUG",
            "ADDRESS",
            "EMAIL",
            "TOKEN",
            "INSECURE",
            "ROOTCA",
            "URL_PREFIX",
            "CUSTOM_HEADER",
            "PASSWORD",
            "OUTFILE",
            "STDOUT",
            "FLUSH",
            "FLEET_CERTIFICATE",
            // Proxies, read by reqwest (hyper-util); REQUEST_METHOD makes it ignore HTTP_PROXY.
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "ALL_PROXY",
            "NO_PROXY",
            "http_proxy",
            "https_proxy",
            "all_proxy",
            "no_proxy",
            "REQUEST_METHOD",
            // Extra trusted roots, read by rustls-native-certs through the platform verifier.
            "SSL_CERT_FILE",
            "SSL_CERT_DIR",
            // Help width (clap) and colours (console, under indicatif).
            "COLUMNS",
            "NO_COLOR",
            "CLICOLOR",
            "CLICOLOR_FORCE",
        ] {
            cmd.env_remove(var);
        }
        // And any FLEETCTL_ variable added later.
        for (name, _) in std::env::vars_os() {
            if name.to_string_lossy().starts_with("FLEETCTL_") {
                cmd.env_remove(name);
            }
        }
        cmd.env("FLEETCTL_CONFIG", &self.config)
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("xdg"))
            .current_dir(&self.work)
    }

    /// `fleetctl` with this sandbox's config, run in its work folder, with a clean environment
    /// and a hang guard ([`COMMAND_TIMEOUT`]).
    pub fn cmd(&self) -> Command {
        guarded(self.process())
    }

    /// `config set ARGS`, which must succeed.
    pub fn config_set(&self, args: &[&str]) {
        self.cmd()
            .args(["config", "set"])
            .args(args)
            .assert()
            .success();
    }

    /// Stores `token` in `context` the way an operator should: `config set --token-stdin`.
    pub fn store_token(&self, context: &str, token: &str) {
        self.cmd()
            .args(["config", "set", "--context", context, "--token-stdin"])
            .write_stdin(token.to_string())
            .assert()
            .success();
    }

    /// `config get ARGS`, which must succeed; the assertion is returned to check the output.
    pub fn config_get(&self, args: &[&str]) -> Assert {
        self.cmd()
            .args(["config", "get"])
            .args(args)
            .assert()
            .success()
    }

    /// `config set --context NAME --address URL`, which must succeed.
    pub fn add_context(&self, name: &str, url: &str) {
        self.config_set(&["--context", name, "--address", url]);
    }

    /// `login --context a --email EMAIL --password-stdin`, given the password and a newline.
    pub fn login(&self, email: &str, password: &str) -> Output {
        self.cmd()
            .args([
                "login",
                "--context",
                "a",
                "--email",
                email,
                "--password-stdin",
            ])
            .write_stdin(format!("{password}\n"))
            .output()
            .unwrap()
    }

    /// `debug archive --context CONTEXT --profile-seconds SECONDS`, ready for more arguments.
    pub fn archive_cmd(&self, context: &str, profile_seconds: u32) -> Command {
        let seconds = profile_seconds.to_string();
        let mut cmd = self.cmd();
        cmd.args(["debug", "archive", "--context", context])
            .args(["--profile-seconds", &seconds]);
        cmd
    }

    /// `debug archive --context a --profile-seconds 1 EXTRA`, run to the end.
    pub fn archive(&self, extra: &[&str]) -> Output {
        self.archive_cmd("a", 1).args(extra).output().unwrap()
    }

    pub fn config_text(&self) -> String {
        std::fs::read_to_string(&self.config).unwrap_or_default()
    }

    pub fn config_toml(&self) -> toml::Table {
        self.config_text().parse().expect("config parses")
    }

    /// The token stored for `context`, if any.
    pub fn token(&self, context: &str) -> Option<String> {
        self.config_toml()["contexts"][context]
            .get("token")
            .and_then(|t| t.as_str())
            .map(String::from)
    }

    /// Writes the config file as it is given.
    pub fn write_config(&self, contents: impl AsRef<[u8]>) {
        std::fs::create_dir_all(self.config.parent().unwrap()).unwrap();
        std::fs::write(&self.config, contents).unwrap();
    }

    /// Temporary files (`*.tmp`) left beside the config file.
    pub fn config_tmp_files(&self) -> Vec<String> {
        list(self.config.parent().unwrap())
            .into_iter()
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    }

    /// Files in the work folder (names only), sorted.
    pub fn work_files(&self) -> Vec<String> {
        list(&self.work)
    }

    /// Writes `contents` to `name` in the sandbox (not in the work folder); returns the path.
    pub fn write_file(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, contents).unwrap();
        path
    }

    /// Makes context `a` trust the CA of the TLS `server`.
    pub fn trust_ca_of(&self, server: &DevServer) {
        let ca = self.write_file("ca.pem", server.ca_pem.as_ref().unwrap());
        self.config_set(&["--context", "a", "--rootca", ca.to_str().unwrap()]);
    }
}

/// `cmd` as an assert_cmd command that is killed after [`COMMAND_TIMEOUT`]. A killed run has no
/// exit code, so every check of the code (`success()`, `code(N)`, [`assert_exit`], and checks
/// for a failure written as `Some(c) if c != 0`) fails on a hang.
pub fn guarded(cmd: std::process::Command) -> Command {
    let mut cmd = Command::from_std(cmd);
    cmd.timeout(COMMAND_TIMEOUT);
    cmd
}

/// Waits for `child` like `wait_with_output` (reading its piped stdout and stderr), but kills it
/// and fails the test if it is still running after `secs` seconds: a hang guard.
#[track_caller]
pub fn wait_with_deadline(mut child: Child, secs: u64) -> Output {
    fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    }
    drop(child.stdin.take());
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let deadline = Instant::now() + Duration::from_secs(secs);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for child") {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "process {} still running after {secs} s: killed",
                child.id()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// A bundled server with a certificate for `names`, expired or not.
pub fn tls_server(names: &[&str], expired: bool) -> DevServer {
    DevServer::start(DevServerConfig {
        tls: Some(TlsOptions {
            subject_alt_names: names.iter().map(|n| n.to_string()).collect(),
            expired,
            self_signed_ca: false,
        }),
        ..DevServerConfig::default()
    })
}

/// Members of a .tar.gz: name -> (mode, bytes).
pub fn read_archive(path: &Path) -> Members {
    let file = std::fs::File::open(path).unwrap();
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut members = BTreeMap::new();
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        let name = entry.path().unwrap().to_string_lossy().into_owned();
        let mode = entry.header().mode().unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        members.insert(name, (mode, bytes));
    }
    members
}

/// The archive member `name`, parsed as JSON.
pub fn json_member(members: &Members, name: &str) -> serde_json::Value {
    serde_json::from_slice(&members[name].1).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The names of the contexts in a parsed config.
pub fn context_names(cfg: &toml::Table) -> BTreeSet<String> {
    cfg["contexts"]
        .as_table()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

pub fn list(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[cfg(unix)]
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

pub fn stdout_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Stdout parsed as JSON.
pub fn json_stdout(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON: {e}\n{}", stdout_of(output)))
}

/// The process exited with `code`; otherwise fails showing its stderr.
#[track_caller]
pub fn assert_exit(output: &Output, code: i32) {
    assert_eq!(output.status.code(), Some(code), "{}", stderr_of(output));
}

/// Stderr contains `needle`; otherwise fails showing it.
#[track_caller]
pub fn assert_stderr_contains(output: &Output, needle: &str) {
    let err = stderr_of(output);
    assert!(err.contains(needle), "stderr lacks {needle:?}:\n{err}");
}

/// Runs `shell` under `script` (a real pseudo-terminal), types `input` once `prompt` shows,
/// and returns everything the terminal printed. `None` when `script` is missing outside CI.
pub fn in_terminal(sb: &Sandbox, shell: &str, prompt: &str, input: &[u8]) -> Option<String> {
    in_terminal_with(sb, shell, prompt, || input.to_vec())
}

/// [`in_terminal`], with the input made once the prompt shows (a value the run has just
/// created, such as an emailed link).
pub fn in_terminal_with(
    sb: &Sandbox,
    shell: &str,
    prompt: &str,
    input: impl FnOnce() -> Vec<u8>,
) -> Option<String> {
    use std::io::{Read, Write};
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    let mut command = std::process::Command::new("script");
    sb.isolate(&mut command)
        .args(["-qec", shell, "/dev/null"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null());
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) if std::env::var_os("CI").is_none() => {
            eprintln!("skipped: cannot run `script` (util-linux) for a terminal test: {e}");
            return None;
        }
        Err(e) => panic!("`script` is needed for the terminal tests under CI: {e}"),
    };
    let screen = Arc::new(Mutex::new(Vec::new()));
    let mut stdout = child.stdout.take().unwrap();
    let sink = Arc::clone(&screen);
    let reader = std::thread::spawn(move || {
        let mut chunk = [0u8; 4096];
        while let Ok(n) = stdout.read(&mut chunk) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().extend_from_slice(&chunk[..n]);
        }
    });
    let text = || String::from_utf8_lossy(&screen.lock().unwrap()).into_owned();
    let deadline = Instant::now() + Duration::from_secs(60);
    while !text().contains(prompt) {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("no `{prompt}` in: {}", text());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(&input()).unwrap();
    stdin.flush().unwrap();
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the terminal session hung: {}", text());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(stdin);
    reader.join().unwrap();
    Some(text())
}
