//! Everything the tool reads from the local machine is bounded (README, Security model,
//! "Limits"): the config file, the Go client's YAML, PEM files, files given to `debug inspect`
//! and secrets on stdin. `/dev/zero`, a symlink to it, a named pipe and an oversized (sparse)
//! file each get a one-line error naming the file or flag, exit non-zero at once (the harness's
//! hang guard fails a run that blocks), and leave the config file untouched. Values are
//! checked before they are stored, so no command writes a config the tool cannot read back.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use crate::harness::{COMMAND_TIMEOUT, Sandbox, assert_exit, stderr_of, wait_with_deadline};
use crate::support::dev_server::{self as srv, DevServer, DevServerConfig, Fault};

/// The hostile inputs every reader is given, with what the error must say about each.
struct Hostile {
    zero_link: PathBuf,
    fifo: PathBuf,
}

impl Hostile {
    fn new(sb: &Sandbox) -> Self {
        let zero_link = sb.dir.path().join("zero-link");
        std::os::unix::fs::symlink("/dev/zero", &zero_link).unwrap();
        let fifo = sb.dir.path().join("fifo");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        Hostile { zero_link, fifo }
    }

    /// (path, what the error says) for each endless or special input.
    fn cases(&self) -> Vec<(PathBuf, &'static str)> {
        vec![
            (PathBuf::from("/dev/zero"), "not a regular file (a device)"),
            (self.zero_link.clone(), "not a regular file (a device)"),
            (self.fifo.clone(), "not a regular file (a named pipe)"),
        ]
    }
}

/// A sparse file of `len` bytes: larger than any limit, costing no disk.
fn sparse(sb: &Sandbox, name: &str, len: u64) -> PathBuf {
    let path = sb.dir.path().join(name);
    std::fs::File::create(&path).unwrap().set_len(len).unwrap();
    path
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Runs `args`, expects exit `code` and every one of `needles` on stderr, as one `error:` line
/// (and its hint) with no panic.
#[track_caller]
fn refused(sb: &Sandbox, args: &[&str], stdin: Option<&Path>, code: i32, needles: &[&str]) {
    let mut process = sb.process();
    process.args(args);
    if let Some(path) = stdin {
        process.stdin(std::fs::File::open(path).unwrap());
    } else {
        process.stdin(Stdio::null());
    }
    let child = process
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = wait_with_deadline(child, COMMAND_TIMEOUT.as_secs());
    assert_exit(&out, code);
    let err = stderr_of(&out);
    assert_eq!(
        err.lines().filter(|l| l.starts_with("error: ")).count(),
        1,
        "{args:?}: {err}"
    );
    assert!(!err.contains("panicked"), "{args:?}: {err}");
    for needle in needles {
        assert!(err.contains(needle), "{args:?}: no `{needle}` in:\n{err}");
    }
}

#[test]
fn a_config_file_that_is_endless_special_or_oversized_is_refused() {
    let sb = Sandbox::new();
    let hostile = Hostile::new(&sb);
    let big = sparse(&sb, "big.toml", (16 << 20) + 1);
    let mut cases = hostile.cases();
    cases.push((big, "larger than 16 MiB, the limit for config files"));
    for (path, why) in cases {
        for args in [
            &["config", "get-contexts"][..],
            &["config", "use-context", "a"],
        ] {
            let mut all = vec!["--config", s(&path)];
            all.extend_from_slice(args);
            refused(
                &sb,
                &all,
                None,
                1,
                &[&format!("config file {}", path.display()), why],
            );
        }
    }
    // `--config /dev/null` still reads as an empty config.
    let out = sb
        .cmd()
        .args(["--config", "/dev/null", "config", "get-contexts"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
}

#[test]
fn config_import_of_an_endless_special_oversized_or_deep_yaml_writes_nothing() {
    let sb = Sandbox::new();
    let hostile = Hostile::new(&sb);
    let big = sparse(&sb, "big.yaml", 100 << 20);
    let mut cases = hostile.cases();
    cases.push((
        big,
        "larger than 4 MiB, the limit for Go fleetctl config files",
    ));
    // 500 KB of nested flow mappings: refused before the parser sees it.
    let depth = 100_000;
    let deep = format!(
        "contexts:\n  a: {}x{}\n",
        "{a: ".repeat(depth),
        "}".repeat(depth)
    );
    cases.push((
        sb.write_file("deep.yaml", deep),
        "nests deeper than 64 levels",
    ));
    for (path, why) in cases {
        refused(
            &sb,
            &["config", "import", s(&path)],
            None,
            1,
            &[s(&path), why],
        );
        assert!(
            !sb.config.exists(),
            "{}: a config was written",
            path.display()
        );
    }
}

#[test]
fn config_import_refuses_a_name_defined_twice_and_skips_unusable_tokens() {
    let sb = Sandbox::new();
    let twice = sb.write_file(
        "twice.yaml",
        "contexts:\n  prod:\n    address: https://a\n  prod:\n    address: https://b\n",
    );
    refused(
        &sb,
        &["config", "import", s(&twice)],
        None,
        1,
        &["context `prod` is defined twice"],
    );
    assert!(!sb.config.exists());

    let huge = "t".repeat(20 << 20);
    let yaml = format!(
        "contexts:\n  big:\n    address: https://big\n    token: {huge}\n  spaced:\n    token: 'a b'\n  ok:\n    address: https://ok\n    token: tok-123456\n  ..:\n    address: https://dots\n"
    );
    let file = sb.write_file("tokens.yaml", yaml);
    let out = sb
        .cmd()
        .args(["config", "import", s(&file)])
        .output()
        .unwrap();
    // 20 MiB of token: over the YAML limit, so nothing is parsed at all.
    assert_exit(&out, 1);
    assert!(stderr_of(&out).contains("larger than 4 MiB"));
    assert!(!sb.config.exists());

    let yaml = format!(
        "contexts:\n  big:\n    address: https://big\n    token: {}\n  spaced:\n    token: 'a b'\n  ok:\n    address: https://ok\n    token: tok-123456\n  ..:\n    address: https://dots\n",
        "t".repeat(3 << 20)
    );
    let file = sb.write_file("tokens.yaml", yaml);
    let out = sb
        .cmd()
        .args(["config", "import", s(&file)])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let err = stderr_of(&out);
    assert!(
        err.contains("skipped context `big`") && err.contains("more than the 8 KiB"),
        "{err}"
    );
    assert!(
        err.contains("skipped context `spaced`") && err.contains("whitespace"),
        "{err}"
    );
    assert!(
        err.contains("skipped context `..`") && err.contains("starts with `.` or holds `..`"),
        "{err}"
    );
    assert!(!err.contains("ttttt"), "a token was printed: {err}");
    assert_eq!(sb.token("ok").as_deref(), Some("tok-123456"));
    assert!(sb.config_toml()["contexts"].get("big").is_none());
}

#[test]
fn pem_files_that_are_endless_special_or_oversized_are_refused() {
    let sb = Sandbox::with_context("a", "https://a.example");
    let before = sb.config_text();
    let hostile = Hostile::new(&sb);
    let big = sparse(&sb, "big.pem", (4 << 20) + 1);
    let mut cases = hostile.cases();
    cases.push((big, "larger than 4 MiB, the limit for PEM files"));
    for (path, why) in &cases {
        refused(
            &sb,
            &["config", "set", "--context", "a", "--rootca", s(path)],
            None,
            1,
            &["--rootca", why],
        );
        refused(
            &sb,
            &[
                "debug",
                "connection",
                "https://127.0.0.1:1",
                "--fleet-certificate",
                s(path),
            ],
            None,
            2,
            &[s(path), why],
        );
    }
    assert_eq!(sb.config_text(), before, "the config changed");
    // A hand-edited rootca pointing at one: every command that uses the context says so.
    for (path, why) in &cases {
        sb.write_config(format!(
            "[contexts.a]\naddress = \"https://127.0.0.1:1\"\nrootca = \"{}\"\n",
            path.display()
        ));
        refused(
            &sb,
            &["whoami", "--context", "a"],
            None,
            1,
            &["rootca", why],
        );
    }
}

#[test]
fn debug_inspect_refuses_endless_special_and_oversized_inputs() {
    let sb = Sandbox::new();
    let hostile = Hostile::new(&sb);
    let big = sparse(&sb, "big.prof", (256 << 20) + 1);
    let mut cases = hostile.cases();
    cases.push((big, "larger than 256 MiB, the limit for profiles"));
    for (path, why) in cases {
        refused(
            &sb,
            &["debug", "inspect", s(&path)],
            None,
            1,
            &[s(&path), why],
        );
    }
}

#[test]
fn a_secret_on_stdin_over_its_limit_is_an_error_not_a_truncation() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::with_context("a", &server.url);
    let before = sb.config_text();
    let big = sb.write_file("big-token", "t".repeat((64 << 10) + 1));
    for stdin in [big.as_path(), Path::new("/dev/zero")] {
        refused(
            &sb,
            &["config", "set", "--context", "a", "--token-stdin"],
            Some(stdin),
            2,
            &[
                "(--token-stdin)",
                "larger than 64 KiB, the limit for secrets",
            ],
        );
        refused(
            &sb,
            &[
                "login",
                "--context",
                "a",
                "--email",
                "x@y",
                "--password-stdin",
            ],
            Some(stdin),
            2,
            &["(--password-stdin)", "64 KiB"],
        );
    }
    assert_eq!(sb.config_text(), before, "the config changed");
    assert!(
        server.requests().iter().all(|r| !r.path.contains("login")),
        "a login was attempted"
    );
    // A token of 64 KiB fits on stdin but not in a header: refused by the token rule.
    let long = sb.write_file("long-token", "t".repeat(60 << 10));
    refused(
        &sb,
        &["config", "set", "--context", "a", "--token-stdin"],
        Some(&long),
        2,
        &["invalid token from --token-stdin", "more than the 8 KiB"],
    );
    assert_eq!(sb.config_text(), before, "the config changed");
}

/// A server whose login answer holds an unusable token: nothing is stored, exit 5, and the
/// message says why without quoting the token.
#[test]
fn login_refuses_a_huge_or_empty_token_from_the_server() {
    for (token, why) in [
        ("t".repeat(20 << 20), "more than the 8 KiB"),
        (String::new(), "it is empty"),
        ("   ".to_string(), "it is empty"),
        ("ab cd".to_string(), "whitespace"),
    ] {
        let body = serde_json::json!({"user": {"email": srv::ADMIN_EMAIL}, "token": token});
        let server = DevServer::start(DevServerConfig::default().with_fault(
            "/api/latest/fleet/login",
            Fault::Body("application/json", serde_json::to_vec(&body).unwrap()),
        ));
        let sb = Sandbox::with_context("a", &server.url);
        let before = sb.config_text();
        let out = sb.login(srv::ADMIN_EMAIL, srv::ADMIN_PASSWORD);
        assert_exit(&out, 5);
        let err = stderr_of(&out);
        assert!(err.contains("unusable token") && err.contains(why), "{err}");
        assert!(err.contains("nothing was stored"), "{err}");
        assert!(!err.contains("tttttttt"), "the token was printed");
        assert_eq!(sb.config_text(), before, "the config changed");
    }
}

#[test]
fn config_set_refuses_a_bad_token_and_clears_with_an_empty_one() {
    let sb = Sandbox::with_context("a", "https://a.example");
    sb.store_token("a", "good-token-123456");
    let before = sb.config_text();
    for (token, why) in [
        ("ab cd".to_string(), "whitespace"),
        ("t".repeat(9 << 10), "more than the 8 KiB"),
    ] {
        refused(
            &sb,
            &["config", "set", "--context", "a", "--token", &token],
            None,
            2,
            &["invalid token from --token", why],
        );
    }
    let blank = sb.write_file("blank", "  \n");
    refused(
        &sb,
        &["config", "set", "--context", "a", "--token-stdin"],
        Some(&blank),
        2,
        &["no token on standard input"],
    );
    assert_eq!(sb.config_text(), before);
    sb.config_set(&["--context", "a", "--token", ""]);
    assert_eq!(sb.token("a"), None);
}

/// Context names are checked where they enter: `config set --context`, `rename-context`,
/// `use-context` (exit 2) and a hand-edited file on load (exit 1); the file is untouched.
#[test]
fn context_names_with_paths_dots_or_controls_are_refused_where_they_enter() {
    let sb = Sandbox::with_context("a", "https://a.example");
    let before = sb.config_text();
    let long = "n".repeat(129);
    for bad in [
        "a/b",
        "a\\b",
        "..",
        "a..b",
        ".hidden",
        "x\ny",
        "x\u{1b}[2J",
        "x y",
        &long,
    ] {
        for args in [
            &["config", "set", "--context", bad, "--address", "https://x"][..],
            &["config", "rename-context", "a", bad],
            &["config", "use-context", bad],
        ] {
            refused(
                &sb,
                args,
                None,
                2,
                &["invalid context name", "hint: use letters"],
            );
        }
    }
    assert_eq!(sb.config_text(), before, "the config changed");
    // Names that are fine stay fine.
    sb.config_set(&["--context", "prod.eu-1@fleet", "--address", "https://p"]);

    for bad in ["a/b", "..", ".x", "x\\ny", "x\\u001b[2J"] {
        sb.write_config(format!(
            "[contexts.ok]\naddress = \"https://ok\"\n[contexts.\"{bad}\"]\naddress = \"https://x\"\n"
        ));
        let written = sb.config_text();
        for args in [
            &["config", "get-contexts"][..],
            &["config", "set", "--context", "ok", "--email", "e@x"],
            &["whoami", "--context", "ok"],
        ] {
            refused(
                &sb,
                args,
                None,
                1,
                &["has an invalid context name", "rename that [contexts."],
            );
        }
        assert_eq!(sb.config_text(), written, "the config changed");
    }
}

/// A login answer whose user email is no email (huge, or with escapes) stores the email that
/// was given instead: the server's text never fills the config.
#[test]
fn login_keeps_the_given_email_when_the_server_sends_no_email_at_all() {
    for hostile in [
        "e".repeat(1 << 20),
        "x\u{1b}]0;pwned\u{7}@example.com".to_string(),
    ] {
        // A token every dev server accepts, so that the check with /me passes.
        let token = srv::API_ONLY_ADMIN_TOKEN;
        let body = serde_json::json!({"user": {"email": hostile}, "token": token});
        let server = DevServer::start(DevServerConfig::default().with_fault(
            "/api/latest/fleet/login",
            Fault::Body("application/json", serde_json::to_vec(&body).unwrap()),
        ));
        let sb = Sandbox::with_context("a", &server.url);
        let out = sb.login(srv::ADMIN_EMAIL, srv::ADMIN_PASSWORD);
        assert_exit(&out, 0);
        assert!(!stderr_of(&out).contains("pwned"), "{}", stderr_of(&out));
        let cfg = sb.config_toml();
        let stored = cfg["contexts"]["a"].get("email").and_then(|e| e.as_str());
        assert_eq!(stored, Some(srv::ADMIN_EMAIL));
    }
}
