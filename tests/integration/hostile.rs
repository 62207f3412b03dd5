//! Trust under hostile input: servers and proxies that quote credentials back with terminal
//! escape sequences, gzip bombs, HTML where a profile belongs, hand-edited config files that
//! point elsewhere, device nodes as output paths, closed pipes. No secret reaches any stream,
//! nothing panics, nothing hangs (every run has the harness's hang guard), nothing that is not
//! a regular file is replaced.

use std::io::Read;
use std::path::Path;
use std::process::{Output, Stdio};

use crate::harness::{
    Sandbox, assert_exit, json_member, read_archive, stderr_of, stdout_of, wait_with_deadline,
};
use crate::support::dev_server::{
    self as srv, DevServer, DevServerConfig, Fault, RequestRecord, TlsOptions,
};
use crate::support::profiles::gzip_bomb;

const PASSWORD: &str = "hunter2-Hostile-pw";
const METRICS_PASSWORD: &str = "metrics-Hostile-pw-77";

/// Fails when `output` shows a panic, lacks an exit code (killed by the hang guard), or holds
/// any of `secrets` (as is or percent-encoded) or a raw escape character on either stream.
#[track_caller]
fn assert_clean(what: &str, output: &Output, secrets: &[&str]) {
    let code = output.status.code();
    let (out, err) = (stdout_of(output), stderr_of(output));
    assert!(
        code.is_some() && code != Some(101),
        "{what}: exit {code:?}\n{err}"
    );
    assert!(!err.contains("panicked"), "{what}: {err}");
    for secret in secrets {
        let encoded: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
        for form in [secret.to_string(), encoded] {
            assert!(
                !out.contains(&form),
                "{what}: stdout holds a secret:\n{out}"
            );
            assert!(
                !err.contains(&form),
                "{what}: stderr holds a secret:\n{err}"
            );
        }
    }
    assert!(
        !err.contains('\x1b'),
        "{what}: raw escape on stderr:\n{err:?}"
    );
    assert!(
        !err.contains('\x07'),
        "{what}: raw bell on stderr:\n{err:?}"
    );
}

/// Every member of an archive, gunzipped where it is gzip, holds none of `secrets`.
fn assert_archive_clean(path: &Path, secrets: &[&str]) {
    for (name, (_, bytes)) in read_archive(path) {
        let mut plain = Vec::new();
        if bytes.starts_with(&[0x1f, 0x8b]) {
            let _ = flate2::read::MultiGzDecoder::new(&bytes[..]).read_to_end(&mut plain);
        } else {
            plain = bytes;
        }
        for secret in secrets {
            assert!(
                !plain.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{name} holds a secret"
            );
        }
    }
}

/// Requests a server recorded, waited for: it records one once its answer is written, which
/// can be just after the client is gone. Fails when none comes within 20 s.
fn recorded(requests: impl Fn() -> Vec<RequestRecord>) -> Vec<RequestRecord> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let seen = requests();
        if !seen.is_empty() {
            return seen;
        }
        assert!(std::time::Instant::now() < deadline, "no request recorded");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

fn context_with_token(server: &DevServer) -> Sandbox {
    let sb = Sandbox::with_context("a", &server.url);
    sb.store_token("a", srv::API_ONLY_ADMIN_TOKEN);
    sb
}

/// §1: a url-prefix written by hand cannot move requests (and the token) to another host.
#[test]
fn a_url_prefix_in_the_file_cannot_send_the_token_to_another_host() {
    let server = DevServer::start(DevServerConfig::default());
    let other = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::new();
    let other_host = other.url.trim_start_matches("http://");
    sb.write_config(format!(
        "current-context = \"a\"\n[contexts.a]\naddress = \"{}\"\ntoken = \"{}\"\nurl-prefix = \"@{other_host}\"\n",
        server.url,
        srv::API_ONLY_ADMIN_TOKEN
    ));
    for args in [
        &["whoami"][..],
        &["debug", "errors", "--stdout"],
        &["debug", "archive", "--profile-seconds", "1"],
    ] {
        let out = sb.cmd().args(args).output().unwrap();
        assert_exit(&out, 1);
        let err = stderr_of(&out);
        assert!(
            err.contains("context `a` has an invalid url-prefix"),
            "{err}"
        );
        assert!(
            err.contains(sb.config.to_str().unwrap()),
            "names the file: {err}"
        );
        assert!(err.contains("--url-prefix"), "names the fix: {err}");
        assert_clean("url-prefix", &out, &[srv::API_ONLY_ADMIN_TOKEN]);
    }
    assert!(other.requests().is_empty(), "the other host got a request");
    assert!(server.requests().is_empty());
    // The fix the hint names works.
    sb.config_set(&["--context", "a", "--url-prefix", ""]);
    sb.cmd().arg("whoami").assert().success();
}

/// §2: a proxy is never used for this machine, so a plain-http token cannot reach it; for a
/// remote https server it only tunnels (CONNECT), never seeing the Authorization header.
#[test]
fn a_proxy_never_sees_a_loopback_request_nor_a_credential() {
    let server = DevServer::start(DevServerConfig::default());
    let proxy = DevServer::start(DevServerConfig::default());
    let sb = context_with_token(&server);
    for var in ["HTTP_PROXY", "http_proxy", "ALL_PROXY"] {
        sb.cmd()
            .arg("whoami")
            .env(var, &proxy.url)
            .assert()
            .success();
    }
    assert!(
        proxy.requests().is_empty(),
        "a loopback request went to the proxy"
    );

    sb.config_set(&["--context", "a", "--address", "https://fleet.invalid:8443"]);
    let out = sb
        .cmd()
        .arg("whoami")
        .env("HTTPS_PROXY", &proxy.url)
        .output()
        .unwrap();
    assert_exit(&out, 5);
    let seen = recorded(|| proxy.requests());
    assert!(!seen.is_empty(), "the remote request did not use the proxy");
    for request in seen {
        assert_eq!(request.method, "CONNECT", "{}", request.path);
        assert!(request.header("authorization").is_none());
    }
    assert_clean("proxy", &out, &[srv::API_ONLY_ADMIN_TOKEN]);
}

/// §3 and §8: a server or proxy that quotes the Authorization header, the request body (the
/// password) or the token it just issued, wrapped in escape sequences, gets neither onto any
/// stream; its control characters are shown escaped.
#[test]
fn echoed_credentials_and_escape_sequences_never_reach_the_terminal() {
    let server = DevServer::start(
        DevServerConfig::default()
            .with_fault("/api/latest/fleet/me", Fault::EchoAuth(401))
            .with_fault("/api/latest/fleet/logout", Fault::EchoAuth(500))
            .with_fault("/debug/migrations", Fault::EchoAuth(500)),
    );
    let sb = context_with_token(&server);
    let token = srv::API_ONLY_ADMIN_TOKEN;
    for args in [&["whoami"][..], &["debug", "migrations"], &["logout"]] {
        let out = sb.cmd().args(args).output().unwrap();
        assert!(out.status.code() != Some(0), "{args:?}");
        assert_clean(&format!("{args:?}"), &out, &[token]);
        let err = stderr_of(&out);
        assert!(err.contains("[REDACTED]"), "{args:?}: {err}");
        assert!(err.contains("\\x1b[2J"), "escaped, not dropped: {err}");
    }

    // Login: the password echoed back by the login answer's error, and the new token echoed
    // back by /me.
    let login_echo = DevServer::start(
        DevServerConfig::default().with_fault("/api/latest/fleet/login", Fault::EchoAuth(401)),
    );
    let sb = Sandbox::with_context("a", &login_echo.url);
    let out = sb.login(srv::ADMIN_EMAIL, PASSWORD);
    assert_exit(&out, 4);
    assert_clean("login echoing the password", &out, &[PASSWORD]);

    let me_echo = DevServer::start(
        DevServerConfig::default().with_fault("/api/latest/fleet/me", Fault::EchoAuth(401)),
    );
    let sb = Sandbox::with_context("a", &me_echo.url);
    let out = sb.login(srv::ADMIN_EMAIL, srv::ADMIN_PASSWORD);
    assert_exit(&out, 4);
    // The server records a request once its answer is written, which can be just after the
    // client is gone.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let me = loop {
        if let Some(me) = me_echo.requests_to("/api/latest/fleet/me").pop() {
            break me;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no /me request recorded"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let issued = me
        .header("authorization")
        .unwrap()
        .trim_start_matches("Bearer ")
        .to_string();
    assert_clean(
        "login echoing the new token",
        &out,
        &[&issued, srv::ADMIN_PASSWORD],
    );
    assert_eq!(sb.token("a"), None, "an unverified token is not stored");
}

/// §3: the manifest's server_version comes from the server and is masked like the rest.
#[test]
fn the_manifest_never_quotes_the_token() {
    let server = DevServer::start(
        DevServerConfig::default().with_fault("/api/latest/fleet/version", Fault::EchoAuth(200)),
    );
    let sb = context_with_token(&server);
    let out = sb.archive(&["-o", "out.tar.gz"]);
    assert_exit(&out, 0);
    assert_clean("archive", &out, &[srv::API_ONLY_ADMIN_TOKEN]);
    let archive = sb.work.join("out.tar.gz");
    assert_archive_clean(&archive, &[srv::API_ONLY_ADMIN_TOKEN]);
    let members = read_archive(&archive);
    let manifest = members
        .keys()
        .find(|k| k.ends_with("manifest.json"))
        .unwrap();
    let version = json_member(&members, manifest)["server_version"].to_string();
    assert!(version.contains("[REDACTED]"), "{version}");
}

/// §5: `--config /dev/null`, `-o /dev/null --force` and named pipes are refused (exit 1) and
/// left as they are; a config that is an empty device reads as an empty config.
#[cfg(unix)]
#[test]
fn device_nodes_and_pipes_are_never_replaced() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = context_with_token(&server);
    let fifo = sb.dir.path().join("fifo");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let is_fifo = |p: &Path| {
        use std::os::unix::fs::FileTypeExt;
        std::fs::symlink_metadata(p).unwrap().file_type().is_fifo()
    };
    // As root (every CI container) /dev/null itself is at stake; otherwise the pipe is.
    let root = is_root();
    let mut targets = vec![fifo.clone()];
    if root {
        targets.push("/dev/null".into());
    }
    for target in &targets {
        let target = target.to_str().unwrap();
        for args in [
            &[
                "--config",
                target,
                "config",
                "set",
                "--context",
                "x",
                "--address",
                "https://x",
            ][..],
            &["debug", "heap", "--force", "-o", target],
        ] {
            let out = sb.cmd().args(args).output().unwrap();
            assert_exit(&out, 1);
            let err = stderr_of(&out);
            assert!(err.contains("not a regular file"), "{args:?}: {err}");
        }
    }
    assert!(is_fifo(&fifo));
    assert!(!Path::new("/dev/null.lock").exists());
    if root {
        use std::os::unix::fs::FileTypeExt;
        let meta = std::fs::metadata("/dev/null").unwrap();
        assert!(meta.file_type().is_char_device(), "/dev/null was replaced");
    }
    let out = sb
        .cmd()
        .args(["--config", "/dev/null", "config", "get-contexts"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert!(!stderr_of(&out).contains("accessible by other users"));
}

#[cfg(unix)]
fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Runs `args` with stdout a pipe whose reader is already gone.
fn with_closed_stdout(sb: &Sandbox, args: &[&str]) -> Output {
    let mut child = sb
        .process()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    wait_with_deadline(child, 120)
}

/// §6: a closed stdout (`| head -1`) ends the command quietly with exit 0; huge values from a
/// hand-edited file do not panic the table printer.
#[test]
fn a_closed_stdout_and_huge_values_end_quietly() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = context_with_token(&server);
    let email = "e".repeat(70_000);
    sb.config_set(&["--context", "a", "--email", &email]);
    for args in [
        &["config", "get-contexts"][..],
        &["config", "get"],
        &["whoami"],
        &["whoami", "--json"],
        &["debug", "errors", "--stdout"],
        &["debug", "cmdline"],
        &["health"],
        &["completion", "bash"],
    ] {
        let out = with_closed_stdout(&sb, args);
        assert_exit(&out, 0);
        assert!(stderr_of(&out).is_empty(), "{args:?}: {}", stderr_of(&out));
    }
    let out = sb.cmd().args(["config", "get-contexts"]).output().unwrap();
    assert_exit(&out, 0);
    assert!(stdout_of(&out).contains(&email));
}

/// §7: a gzip bomb served as a profile fails that item at --max-item-mib (the other items are
/// archived: exit 3), and `debug inspect` refuses to inflate one beyond its bound.
#[test]
fn gzip_bombs_fail_the_item_and_inspect_stays_bounded() {
    let bomb = gzip_bomb(64 << 20);
    assert!(bomb.len() < 1 << 20);
    let server = DevServer::start(DevServerConfig::default().with_fault(
        "/debug/pprof/heap",
        Fault::Body("application/octet-stream", bomb),
    ));
    let sb = context_with_token(&server);
    let out = sb.archive(&["--max-item-mib", "8", "-o", "out.tar.gz", "--json"]);
    assert_exit(&out, 3);
    let err = stderr_of(&out);
    assert!(
        err.contains("inflates to more than the 8 MiB limit"),
        "{err}"
    );
    let members = read_archive(&sb.work.join("out.tar.gz"));
    assert!(!members.keys().any(|k| k.ends_with("heap.prof")));
    assert!(members.keys().any(|k| k.ends_with("goroutine.prof")));

    let big_bomb = sb.write_file("bomb.prof", gzip_bomb(300 << 20));
    let out = sb
        .cmd()
        .args(["debug", "inspect"])
        .arg(&big_bomb)
        .output()
        .unwrap();
    assert_exit(&out, 1);
    assert!(
        stderr_of(&out).contains("inflates to more than 256 MiB"),
        "{}",
        stderr_of(&out)
    );
}

/// §9: an HTML page or an empty body with status 200 fails its item with the reason.
#[test]
fn html_or_empty_answers_fail_their_items() {
    let page = b"<!DOCTYPE html><html><body>Sign in to the portal</body></html>".to_vec();
    let server = DevServer::start(
        DevServerConfig::default()
            .with_fault(
                "/debug/pprof/goroutine",
                Fault::Body("text/html", page.clone()),
            )
            .with_fault("/debug/pprof/trace", Fault::Body("text/html", page.clone()))
            .with_fault("/debug/errors", Fault::Body("application/json", Vec::new()))
            .with_fault(
                "/debug/pprof/threadcreate",
                Fault::Body("application/octet-stream", Vec::new()),
            ),
    );
    let sb = context_with_token(&server);
    let out = sb.archive(&["-o", "out.tar.gz"]);
    assert_exit(&out, 3);
    let members = read_archive(&sb.work.join("out.tar.gz"));
    let manifest = json_member(
        &members,
        members
            .keys()
            .find(|k| k.ends_with("manifest.json"))
            .unwrap(),
    );
    let items = manifest["items"].as_array().unwrap();
    let item = |name: &str| items.iter().find(|i| i["name"] == name).unwrap().clone();
    for (name, reason) in [
        ("goroutine", "HTML"),
        ("trace", "HTML"),
        ("errors", "empty body"),
        ("threadcreate", "empty body"),
    ] {
        let entry = item(name);
        assert_eq!(entry["outcome"], "failed", "{entry}");
        assert!(entry["error"].as_str().unwrap().contains(reason), "{entry}");
    }
    assert_eq!(item("heap")["outcome"], "ok");
}

/// §9: a lab server's own self-signed certificate (CA:TRUE, as `openssl req -x509` makes
/// it) works as the context's rootca; its host name is still checked.
#[test]
fn a_self_signed_ca_certificate_is_accepted_as_the_pinned_rootca() {
    let server = DevServer::start(DevServerConfig {
        tls: Some(TlsOptions {
            subject_alt_names: vec!["localhost".into()],
            expired: false,
            self_signed_ca: true,
        }),
        ..DevServerConfig::default()
    });
    let sb = context_with_token(&server);
    sb.trust_ca_of(&server);
    sb.cmd().arg("whoami").assert().success();
    sb.cmd()
        .args(["debug", "connection", "--json"])
        .assert()
        .success();
    // Another name on the same certificate is refused.
    let port = server.addr.port();
    sb.config_set(&[
        "--context",
        "a",
        "--address",
        &format!("https://127.0.0.1:{port}"),
    ]);
    let out = sb.cmd().arg("whoami").output().unwrap();
    assert_exit(&out, 5);
    assert!(
        stderr_of(&out).to_lowercase().contains("certificate"),
        "{}",
        stderr_of(&out)
    );
}

/// §9: `config get custom-headers` masks header values unless --show-token; a huge
/// --max-item-mib is a usage error, not an overflow to 0.
#[test]
fn header_values_are_masked_and_limits_do_not_overflow() {
    let sb = Sandbox::with_context("a", "https://fleet.example.com");
    sb.config_set(&[
        "--context",
        "a",
        "--custom-header",
        "X-Api-Key: sk-0123456789",
    ]);
    for args in [&["custom-headers"][..], &[], &["--json"]] {
        let out = sb.config_get(args).get_output().clone();
        assert!(
            !stdout_of(&out).contains("sk-0123456789"),
            "{}",
            stdout_of(&out)
        );
        assert!(stdout_of(&out).contains("X-Api-Key"));
    }
    let shown = sb
        .config_get(&["custom-headers", "--show-token"])
        .get_output()
        .clone();
    assert!(stdout_of(&shown).contains("X-Api-Key: sk-0123456789"));
    let out = sb
        .cmd()
        .args(["debug", "archive", "--max-item-mib", "18446744073709551615"])
        .output()
        .unwrap();
    assert_exit(&out, 2);
}

/// The hostile-server sweep: every command against a server that answers every path by
/// quoting back what it was sent (Authorization header, body) in escape sequences, with
/// status 200, 401 and 500. No secret on any stream or in any file written, no panic, no hang.
#[test]
fn every_command_against_an_echoing_server_leaks_nothing() {
    const PATHS: &[&str] = &[
        "/api/latest/fleet/login",
        "/api/latest/fleet/logout",
        "/api/latest/fleet/me",
        "/api/latest/fleet/version",
        "/version",
        "/healthz",
        "/metrics",
        "/api/osquery/enroll",
        "/debug/migrations",
        "/debug/errors",
        "/debug/db/locks",
        "/debug/db/innodb-status",
        "/debug/db/process-list",
        "/debug/agentws",
        "/debug/pprof/cmdline",
        "/debug/pprof/heap",
        "/debug/pprof/goroutine",
        "/debug/pprof/allocs",
        "/debug/pprof/block",
        "/debug/pprof/mutex",
        "/debug/pprof/threadcreate",
        "/debug/pprof/profile",
        "/debug/pprof/trace",
    ];
    let secrets = [
        srv::API_ONLY_ADMIN_TOKEN,
        PASSWORD,
        METRICS_PASSWORD,
        "Header-Secret-0451",
    ];
    for status in [200, 401, 500] {
        let mut config = DevServerConfig::default();
        for path in PATHS {
            config = config.with_fault(path, Fault::EchoAuth(status));
        }
        let server = DevServer::start(config);
        let sb = context_with_token(&server);
        sb.config_set(&[
            "--context",
            "a",
            "--metrics-username",
            "prom",
            "--custom-header",
            "X-Gateway-Key: Header-Secret-0451",
        ]);
        let commands: &[&[&str]] = &[
            &["whoami"],
            &["whoami", "--json"],
            &["config", "get"],
            &["debug", "migrations"],
            &["debug", "migrations", "--json"],
            &["debug", "errors", "--stdout"],
            &["debug", "cmdline"],
            &["debug", "db-locks"],
            &["debug", "metrics"],
            &["debug", "heap", "-o", "heap.prof"],
            &[
                "debug",
                "archive",
                "--profile-seconds",
                "1",
                "-o",
                "a.tar.gz",
            ],
            &[
                "debug",
                "archive",
                "--profile-seconds",
                "1",
                "--json",
                "-o",
                "b.tar.gz",
            ],
            &["debug", "connection"],
            &["health"],
            &["health", "--json"],
            &["--debug", "whoami"],
            &["api", "me"],
            &["api", "-i", "version"],
            &["api", "-X", "POST", "-f", "query=SELECT 1", "queries/run"],
        ];
        for args in commands {
            let out = sb
                .cmd()
                .args(*args)
                .env("FLEETCTL_METRICS_PASSWORD", METRICS_PASSWORD)
                .output()
                .unwrap();
            assert_clean(&format!("{status} {args:?}"), &out, &secrets);
        }
        for name in ["a.tar.gz", "b.tar.gz"] {
            let path = sb.work.join(name);
            if path.exists() {
                assert_archive_clean(&path, &secrets);
            }
        }
        for file in sb.work_files() {
            let bytes = std::fs::read(sb.work.join(&file)).unwrap_or_default();
            for secret in secrets {
                assert!(
                    !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                    "{status}: {file} holds a secret"
                );
            }
        }
        let out = sb.login(srv::ADMIN_EMAIL, PASSWORD);
        assert_clean(&format!("{status} login"), &out, &secrets);
        let out = sb.cmd().arg("logout").output().unwrap();
        assert_clean(&format!("{status} logout"), &out, &secrets);
    }
}
