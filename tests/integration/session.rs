//! login / logout / whoami and the HTTP client's rules, against the bundled server.

use predicates::prelude::*;

use crate::harness::{
    Sandbox, assert_exit, assert_stderr_contains, json_stdout, stderr_of, stdout_of,
};
use crate::support::dev_server::{self as srv, DevServer, DevServerConfig};

#[test]
fn login_stores_a_verified_token_owner_only_and_never_prints_it() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::with_context("a", &server.url);
    let out = sb.login(srv::ADMIN_EMAIL, srv::ADMIN_PASSWORD);
    assert_exit(&out, 0);
    let token = sb.token("a").expect("token stored");
    assert!(token.len() >= 20);
    assert!(stdout_of(&out).is_empty());
    assert!(!stderr_of(&out).contains(&token));
    assert_stderr_contains(
        &out,
        &format!("Logged in as {} on a ({})", srv::ADMIN_EMAIL, server.url),
    );
    #[cfg(unix)]
    assert_eq!(crate::harness::mode(&sb.config), 0o600);
    assert_eq!(
        sb.config_toml()["contexts"]["a"]["email"].as_str(),
        Some(srv::ADMIN_EMAIL)
    );
    // The token was checked with /me before being stored.
    let me = server.requests_to("/api/latest/fleet/me");
    assert_eq!(
        me.last().unwrap().header("authorization"),
        Some(format!("Bearer {token}").as_str())
    );

    let out = sb
        .cmd()
        .args(["whoami", "--context", "a"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let text = stdout_of(&out);
    assert!(
        text.contains(srv::ADMIN_EMAIL) && text.contains("admin"),
        "{text}"
    );
    assert!(!text.contains(&token));
}

#[test]
fn login_uses_the_context_email_when_no_flag() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::with_context("a", &server.url);
    sb.config_set(&["--context", "a", "--email", srv::ADMIN_EMAIL]);
    sb.cmd()
        .args(["login", "--context", "a", "--password-stdin"])
        .write_stdin(srv::ADMIN_PASSWORD)
        .assert()
        .success();
    assert!(sb.token("a").is_some());
}

#[test]
fn login_failures_have_their_own_messages_and_store_nothing() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::with_context("a", &server.url);
    let cases = [
        (
            srv::ADMIN_EMAIL,
            "wrong-password",
            "authentication failed for admin@example.com",
        ),
        // Fleet gives SSO-only accounts the same 401 as a wrong password.
        (
            srv::SSO_EMAIL,
            "whatever-password",
            "wrong email or password, or an SSO-only account",
        ),
        (
            srv::RESET_EMAIL,
            srv::RESET_PASSWORD,
            "must reset their password",
        ),
    ];
    for (email, password, expected) in cases {
        let out = sb.login(email, password);
        assert_eq!(out.status.code(), Some(4), "{email}");
        let err = stderr_of(&out);
        assert!(err.starts_with("error: "), "{err}");
        assert!(err.contains(expected), "{email}: {err}");
        assert!(
            !err.contains(password),
            "{email}: the password was printed: {err}"
        );
        assert!(sb.token("a").is_none());
    }
    // API-only users are pointed at --token-stdin.
    let out = sb.login(srv::ADMIN_EMAIL, "wrong-password");
    assert_stderr_contains(&out, "--token-stdin");
}

#[test]
fn login_without_a_tty_or_password_stdin_explains_the_fix() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::with_context("a", &server.url);
    sb.cmd()
        .args(["login", "--context", "a", "--email", srv::ADMIN_EMAIL])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--password-stdin"));
    assert!(server.requests_to("/api/latest/fleet/login").is_empty());
}

#[test]
fn logout_ends_the_session_and_removes_the_token() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::with_context("a", &server.url);
    assert_exit(&sb.login(srv::ADMIN_EMAIL, srv::ADMIN_PASSWORD), 0);
    let token = sb.token("a").unwrap();
    sb.cmd()
        .args(["logout", "--context", "a"])
        .assert()
        .success()
        .stderr(predicate::str::contains("Logged out of a"));
    assert!(sb.token("a").is_none());
    // The server no longer accepts the old token.
    sb.cmd()
        .args(["whoami", "--context", "a"])
        .env("FLEETCTL_TOKEN", &token)
        .assert()
        .code(4)
        .stderr(predicate::str::contains("fleetctl login --context a"));
}

#[test]
fn logout_removes_the_token_even_when_the_server_is_gone() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::with_context("a", &server.url);
    assert_exit(&sb.login(srv::ADMIN_EMAIL, srv::ADMIN_PASSWORD), 0);
    server.shutdown();
    let out = sb
        .cmd()
        .args(["logout", "--context", "a"])
        .output()
        .unwrap();
    assert_exit(&out, 5);
    assert_stderr_contains(&out, "removed the stored token");
    assert!(sb.token("a").is_none());
}

#[test]
fn fleetctl_token_env_overrides_the_context_token() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::with_context("a", &server.url);
    let observer = server.login_token(srv::OBSERVER_EMAIL, srv::OBSERVER_PASSWORD);
    sb.config_set(&["--context", "a", "--token", &observer]);
    let out = sb
        .cmd()
        .args(["whoami", "--context", "a", "--json"])
        .env("FLEETCTL_TOKEN", srv::API_ONLY_ADMIN_TOKEN)
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let v = json_stdout(&out);
    assert_eq!(v["token_source"], "FLEETCTL_TOKEN");
    assert_eq!(v["user"]["api_only"], true);
    assert!(!stdout_of(&out).contains(srv::API_ONLY_ADMIN_TOKEN));
    let last = server.requests_to("/api/latest/fleet/me").pop().unwrap();
    assert_eq!(
        last.header("authorization"),
        Some(format!("Bearer {}", srv::API_ONLY_ADMIN_TOKEN).as_str())
    );
    // Without the variable the context's token is used.
    let out = sb
        .cmd()
        .args(["whoami", "--context", "a", "--json"])
        .output()
        .unwrap();
    assert_eq!(json_stdout(&out)["user"]["email"], srv::OBSERVER_EMAIL);
    // A rejected FLEETCTL_TOKEN is named as the culprit: logging in would not help.
    let out = sb
        .cmd()
        .args(["whoami", "--context", "a"])
        .env("FLEETCTL_TOKEN", "stale-token-from-the-environment")
        .output()
        .unwrap();
    assert_exit(&out, 4);
    assert_stderr_contains(&out, "the token came from FLEETCTL_TOKEN");
    assert!(!stderr_of(&out).contains("stale-token-from-the-environment"));
}

#[test]
fn https_with_rootca_succeeds_and_without_it_fails_with_a_certificate_error() {
    let server = DevServer::start(DevServerConfig::default().with_tls());
    let sb = Sandbox::with_context("a", &server.url);
    let out = sb.login(srv::ADMIN_EMAIL, srv::ADMIN_PASSWORD);
    assert_exit(&out, 5);
    let err = stderr_of(&out);
    assert!(
        err.contains("TLS handshake") && err.to_lowercase().contains("certificate"),
        "{err}"
    );
    assert!(err.contains("--rootca"), "{err}");

    sb.trust_ca_of(&server);
    let out = sb.login(srv::ADMIN_EMAIL, srv::ADMIN_PASSWORD);
    assert_exit(&out, 0);
}

#[test]
fn tls_skip_verify_works_and_warns() {
    let server = DevServer::start(DevServerConfig::default().with_tls());
    let sb = Sandbox::with_context("a", &server.url);
    sb.config_set(&["--context", "a", "--tls-skip-verify"]);
    let out = sb.login(srv::ADMIN_EMAIL, srv::ADMIN_PASSWORD);
    assert_exit(&out, 0);
    assert_stderr_contains(
        &out,
        "warning: TLS certificate verification is disabled for context `a`",
    );
}

#[test]
fn plain_http_to_a_remote_host_is_refused_before_any_connection() {
    let sb = Sandbox::with_context("a", "http://fleet.example.com:8080");
    let out = sb.login("a@b.c", "pw");
    assert_exit(&out, 2);
    let err = stderr_of(&out);
    assert!(
        err.contains("refusing to send credentials") && err.contains("https"),
        "{err}"
    );
    assert!(
        err.contains("--address https://fleet.example.com:8080`"),
        "{err}"
    );
}

#[test]
fn url_prefix_is_applied_to_every_request() {
    let server = DevServer::start(DevServerConfig::default().with_prefix("/fleet"));
    let sb = Sandbox::with_context("a", &server.url);
    let out = sb.login(srv::ADMIN_EMAIL, srv::ADMIN_PASSWORD);
    assert_ne!(out.status.code(), Some(0), "no prefix must not work");
    assert!(
        stderr_of(&out).contains("url-prefix") || stderr_of(&out).contains("not found"),
        "{}",
        stderr_of(&out)
    );
    sb.config_set(&["--context", "a", "--url-prefix", "/fleet"]);
    let out = sb.login(srv::ADMIN_EMAIL, srv::ADMIN_PASSWORD);
    assert_exit(&out, 0);
    sb.cmd()
        .args(["whoami", "--context", "a"])
        .assert()
        .success();
    assert!(!server.requests_to("/api/latest/fleet/me").is_empty());
}

#[test]
fn custom_headers_reach_the_server_but_never_replace_built_in_ones() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::with_context("a", &server.url);
    sb.config_set(&[
        "--context",
        "a",
        "--custom-header",
        "X-Team: ops",
        "--custom-header",
        "User-Agent: spoof",
    ]);
    assert_exit(&sb.login(srv::ADMIN_EMAIL, srv::ADMIN_PASSWORD), 0);
    let reqs = server.requests_to("/api/latest/fleet/");
    assert!(!reqs.is_empty());
    for r in reqs {
        assert_eq!(r.header("x-team"), Some("ops"), "{}", r.path);
        assert!(r.header("user-agent").unwrap().starts_with("fleetctl-rs/"));
    }
}

#[test]
fn debug_log_shows_requests_but_never_the_token() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::with_context("a", &server.url);
    let out = sb
        .cmd()
        .args([
            "--debug",
            "login",
            "--context",
            "a",
            "--email",
            srv::ADMIN_EMAIL,
            "--password-stdin",
        ])
        .write_stdin(srv::ADMIN_PASSWORD)
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let token = sb.token("a").unwrap();
    let out2 = sb
        .cmd()
        .args(["whoami", "--context", "a"])
        .env("FLEETCTL_DEBUG", "1")
        .output()
        .unwrap();
    assert_exit(&out2, 0);
    for o in [&out, &out2] {
        let err = stderr_of(o);
        assert!(
            err.contains("debug: -> POST") || err.contains("debug: -> GET"),
            "{err}"
        );
        assert!(!err.contains(&token), "token in debug output");
        assert!(
            !err.contains(srv::ADMIN_PASSWORD),
            "password in debug output"
        );
    }
    assert!(stderr_of(&out2).contains("authorization: [REDACTED]"));
}

#[test]
fn html_from_a_load_balancer_is_named_as_such() {
    let server = DevServer::start(
        DevServerConfig::default().with_fault("/api/latest/fleet/me", srv::Fault::Html(502)),
    );
    let sb = Sandbox::with_context("a", &server.url);
    sb.cmd()
        .args(["whoami", "--context", "a"])
        .env("FLEETCTL_TOKEN", srv::API_ONLY_ADMIN_TOKEN)
        .assert()
        .code(5)
        .stderr(predicate::str::contains(
            "server returned HTML instead of JSON (status 502)",
        ));
}

#[test]
fn connection_refused_is_named() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::with_context("a", &server.url);
    server.shutdown();
    sb.cmd()
        .args(["whoami", "--context", "a"])
        .env("FLEETCTL_TOKEN", "some-token-value-123456")
        .assert()
        .code(5)
        .stderr(predicate::str::contains("connection refused"));
}

#[cfg(unix)]
#[test]
fn password_prompt_hides_input_and_ctrl_c_gives_the_terminal_back() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::with_context("a", &server.url);
    let fleetctl = assert_cmd::cargo::cargo_bin("fleetctl");
    let shell = format!(
        "{} login --context a --email {}; echo rc=$?; stty -a",
        fleetctl.display(),
        srv::ADMIN_EMAIL
    );
    let prompt = "Password for admin@example.com";

    // Ctrl-C while typing: exit 130, nothing typed shown, echo and signals back on.
    let Some(screen) = crate::harness::in_terminal(&sb, &shell, prompt, b"typed-secret\x03") else {
        return;
    };
    assert!(screen.contains("rc=130"), "{screen}");
    assert!(!screen.contains("typed-secret"), "{screen}");
    let settings: Vec<&str> = screen.split_whitespace().collect();
    for on in ["echo", "icanon", "isig"] {
        assert!(settings.contains(&on), "`{on}` not restored: {screen}");
    }
    assert!(sb.token("a").is_none());

    // Typing the password (with a correction) and Enter logs in; the password is never shown.
    let typed = format!("x\x7f{}\r", srv::ADMIN_PASSWORD);
    let screen = crate::harness::in_terminal(&sb, &shell, prompt, typed.as_bytes()).unwrap();
    assert!(screen.contains("rc=0"), "{screen}");
    assert!(!screen.contains(srv::ADMIN_PASSWORD), "{screen}");
    assert!(sb.token("a").is_some());
}
