//! Login with email two-factor: 202, then the link from the email, pasted or piped.

use std::io::Write;
use std::process::Stdio;

use crate::harness::{Sandbox, assert_exit, assert_stderr_contains, stderr_of, wait_with_deadline};
use crate::support::dev_server::{self as srv, DevServer, DevServerConfig};

/// `login --mfa-link-stdin` with the password from the environment; `answer` turns the link
/// the server "emailed" into what is written to stdin once it exists.
fn login_with_link(
    server: &DevServer,
    sb: &Sandbox,
    answer: impl FnOnce(&DevServer, String) -> String,
) -> std::process::Output {
    let before = server.last_mfa_link();
    let mut child = sb
        .process()
        .args([
            "login",
            "--context",
            "a",
            "--email",
            srv::MFA_EMAIL,
            "--mfa-link-stdin",
        ])
        .env("FLEETCTL_PASSWORD", srv::MFA_PASSWORD)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The link exists once the server has answered the login with 202.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let link = loop {
        match server.last_mfa_link() {
            Some(link) if Some(&link) != before.as_ref() => break link,
            _ if std::time::Instant::now() > deadline => {
                let _ = child.kill();
                panic!("no email two-factor link: {:?}", child.wait_with_output());
            }
            _ => std::thread::sleep(std::time::Duration::from_millis(20)),
        }
    };
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(answer(server, link).as_bytes()).unwrap();
    drop(stdin);
    wait_with_deadline(child, 60)
}

#[test]
fn a_piped_link_or_token_completes_an_email_two_factor_login() {
    let server = DevServer::start(DevServerConfig::default().with_prefix("/fleet"));
    let sb = Sandbox::with_context("a", &server.url);
    sb.config_set(&["--context", "a", "--url-prefix", "/fleet"]);
    let out = login_with_link(&server, &sb, |_, link| format!("{link}\n"));
    assert_exit(&out, 0);
    assert_stderr_contains(&out, "We sent an email to you.");
    assert_stderr_contains(&out, "Logged in as mfa@example.com");
    let token = sb.token("a").expect("token stored");
    assert!(token.starts_with("sess-"), "{token}");
    assert!(!stderr_of(&out).contains(&token));
    let login = server
        .settled_requests_to("/api/latest/fleet/login")
        .pop()
        .unwrap();
    let body: serde_json::Value = serde_json::from_slice(&login.body).unwrap();
    assert_eq!(body["supports_email_verification"], true);
    let session = server
        .requests_to("/api/latest/fleet/sessions")
        .pop()
        .unwrap();
    let sent: serde_json::Value = serde_json::from_slice(&session.body).unwrap();
    let link = server.last_mfa_link().unwrap();
    assert!(link.contains("/fleet/login/mfa/"), "{link}");
    assert_eq!(sent["token"], link.rsplit('/').next().unwrap());
    assert!(!stderr_of(&out).contains(sent["token"].as_str().unwrap()));
    // The stored token works.
    sb.cmd()
        .args(["whoami", "--context", "a"])
        .assert()
        .success();

    // The token alone works too.
    let out = login_with_link(&server, &sb, |_, link| {
        link.rsplit('/').next().unwrap().to_string()
    });
    assert_exit(&out, 0);
    assert_ne!(sb.token("a").unwrap(), token, "a new session was stored");
}

#[test]
fn an_expired_used_or_wrong_link_gets_one_clear_message() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::with_context("a", &server.url);
    let mut used = String::new();
    let out = login_with_link(&server, &sb, |_, link| {
        used = link.clone();
        link
    });
    assert_exit(&out, 0);
    sb.cmd()
        .args(["logout", "--context", "a"])
        .assert()
        .success();
    let expired = login_with_link(&server, &sb, |server, link| {
        server.expire_mfa_links();
        link
    });
    let reused = login_with_link(&server, &sb, |_, _| used.clone());
    let wrong = login_with_link(&server, &sb, |_, _| "mfa-not-a-real-token-00".into());
    for out in [expired, reused, wrong] {
        assert_exit(&out, 4);
        assert_stderr_contains(
            &out,
            "the login link was not accepted: it has expired, was already used",
        );
        assert_stderr_contains(&out, "run `fleetctl login` again for a new email");
        assert!(sb.token("a").is_none());
    }
    // Not a link at all: a usage error before any request.
    let before = server
        .settled_requests_to("/api/latest/fleet/sessions")
        .len();
    let out = login_with_link(&server, &sb, |_, _| {
        "https://fleet.example.com/login".into()
    });
    assert_exit(&out, 2);
    assert_stderr_contains(&out, "not a login link or token");
    assert_eq!(
        server
            .settled_requests_to("/api/latest/fleet/sessions")
            .len(),
        before
    );
}

#[test]
fn without_a_terminal_or_a_link_email_two_factor_exits_4_with_the_api_token_hint() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::with_context("a", &server.url);
    let out = sb
        .cmd()
        .args(["login", "--context", "a", "--email", srv::MFA_EMAIL])
        .env("FLEETCTL_PASSWORD", srv::MFA_PASSWORD)
        .write_stdin("")
        .output()
        .unwrap();
    assert_exit(&out, 4);
    assert_stderr_contains(&out, "We sent an email to you.");
    assert_stderr_contains(&out, "no terminal to paste the emailed link into");
    assert_stderr_contains(&out, "`fleetctl config set --context a --token-stdin`");
    assert_stderr_contains(&out, "--mfa-link-stdin");
    assert!(sb.token("a").is_none());
    assert!(
        server
            .settled_requests_to("/api/latest/fleet/sessions")
            .is_empty()
    );
}

#[test]
fn at_a_terminal_the_link_is_pasted_without_echo() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::with_context("a", &server.url);
    let bin = assert_cmd::cargo::cargo_bin("fleetctl");
    let shell = format!(
        "FLEETCTL_PASSWORD='{}' {} login --context a --email {}; echo rc=$?",
        srv::MFA_PASSWORD,
        bin.display(),
        srv::MFA_EMAIL
    );
    let mut link = String::new();
    let Some(screen) = crate::harness::in_terminal_with(&sb, &shell, "input hidden): ", || {
        link = server.last_mfa_link().unwrap();
        format!("{link}\r").into_bytes()
    }) else {
        return;
    };
    assert!(screen.contains("We sent an email to you."), "{screen}");
    assert!(
        screen.contains("Do not open it in a browser first"),
        "{screen}"
    );
    assert!(screen.contains("rc=0"), "{screen}");
    let token = link.rsplit('/').next().unwrap();
    assert!(!screen.contains(token), "the link was echoed: {screen}");
    assert!(sb.token("a").is_some());
}
