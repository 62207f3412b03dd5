//! Coming from the Go fleetctl: its config file as it writes it, the command-line forms its
//! scripts use, and the hints that lead such a person back in.

use std::path::{Path, PathBuf};

use crate::harness::{
    Sandbox, assert_exit, assert_stderr_contains, json_stdout, stderr_of, stdout_of,
};
use crate::support::dev_server::{self as srv, DevServer, DevServerConfig};

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/go-config")
}

fn fixture(name: &str) -> PathBuf {
    fixture_dir().join(name)
}

/// What each Go-written fixture must import as: context -> [(key, value as TOML text)].
/// A key not listed must be absent (an empty or null Go field is "not set" here).
/// A context's expected fields: (key, value as TOML text).
type Fields = Vec<(&'static str, &'static str)>;

fn expected_imports() -> Vec<(&'static str, Vec<(&'static str, Fields)>)> {
    vec![
        (
            "v4-null-headers.yaml",
            vec![
                (
                    "ci",
                    vec![
                        ("address", "\"https://fleet.example.com\""),
                        (
                            "token",
                            "\"CiApiOnlyTokenAaaaBbbbCcccDdddEeeeFfff0123456789==\"",
                        ),
                    ],
                ),
                (
                    "default",
                    vec![
                        ("address", "\"https://fleet.example.com\""),
                        ("email", "\"admin@example.com\""),
                        (
                            "token",
                            "\"4MbVQ8r6kY4V0jv+Bk5b0bXz2sKc/9HJ3kR2tQpZr1Q7yW0eN5uLmA3oD8fTgH1iS==\"",
                        ),
                    ],
                ),
                (
                    "staging",
                    vec![
                        ("address", "\"https://staging.example.com:8443\""),
                        ("email", "\"ops@example.com\""),
                        ("tls-skip-verify", "true"),
                        ("rootca", "\"/etc/fleet/staging-ca.pem\""),
                        ("url-prefix", "\"/fleet\""),
                        (
                            "custom-headers",
                            "{ CF-Access-Client-Id = \"staging-client.access\", X-Env = \"staging\" }",
                        ),
                    ],
                ),
            ],
        ),
        (
            "v4-empty-headers.yaml",
            vec![
                (
                    "default",
                    vec![
                        ("address", "\"https://fleet.example.com:8080\""),
                        ("email", "\"admin@example.com\""),
                        (
                            "token",
                            "\"Qm9ndXMtc2Vzc2lvbi10b2tlbi1mb3ItdGVzdHMtb25seS0wMTIzNDU2Nzg5YWJj\"",
                        ),
                    ],
                ),
                ("dev", vec![("address", "\"http://localhost:8080\"")]),
            ],
        ),
        (
            "v4-no-headers-field.yaml",
            vec![
                (
                    "default",
                    vec![
                        ("address", "\"https://fleet.example.com\""),
                        ("email", "\"admin@example.com\""),
                        (
                            "token",
                            "\"T2xkZXItdjQtc2Vzc2lvbi10b2tlbi0wMTIzNDU2Nzg5YWJjZGVmZ2hpams=\"",
                        ),
                    ],
                ),
                (
                    "prod",
                    vec![
                        ("address", "\"https://fleet.prod.example.com\""),
                        ("email", "\"sre@example.com\""),
                        ("rootca", "\"/etc/ssl/private-ca.pem\""),
                        ("url-prefix", "\"/mdm\""),
                    ],
                ),
            ],
        ),
        (
            "v4-struct-order.yaml",
            vec![
                (
                    "default",
                    vec![
                        ("address", "\"https://fleet.example.com\""),
                        ("email", "\"admin@example.com\""),
                        (
                            "token",
                            "\"U3RydWN0LW9yZGVyLXRva2VuLTAxMjM0NTY3ODlhYmNkZWZnaGlqa2xtbm9w\"",
                        ),
                    ],
                ),
                (
                    "eu",
                    vec![
                        ("address", "\"https://eu.fleet.example.com\""),
                        ("custom-headers", "{ X-Region = \"eu-west-1\" }"),
                    ],
                ),
            ],
        ),
        (
            "kolide-2x.yaml",
            vec![(
                "default",
                vec![
                    ("address", "\"https://kolide.example.com:8080\""),
                    ("email", "\"admin@example.com\""),
                    ("tls-skip-verify", "true"),
                    (
                        "token",
                        "\"a29saWRlLTJ4LXNlc3Npb24tdG9rZW4tMDEyMzQ1Njc4OWFiY2RlZg==\"",
                    ),
                ],
            )],
        ),
        (
            "hand-edited-nulls.yaml",
            vec![
                ("bare", vec![]),
                (
                    "default",
                    vec![
                        ("address", "\"https://fleet.example.com\""),
                        (
                            "token",
                            "\"SGFuZC1lZGl0ZWQtbnVsbHMtdG9rZW4tMDEyMzQ1Njc4OWFiY2RlZmdoaWpr\"",
                        ),
                    ],
                ),
            ],
        ),
    ]
}

#[test]
fn every_go_written_config_imports_without_printing_tokens() {
    let expected = expected_imports();
    let mut on_disk: Vec<String> = crate::harness::list(&fixture_dir())
        .into_iter()
        .filter(|n| n.ends_with(".yaml"))
        .collect();
    on_disk.retain(|n| n != "empty.yaml");
    let mut covered: Vec<String> = expected.iter().map(|(f, _)| f.to_string()).collect();
    on_disk.sort();
    covered.sort();
    assert_eq!(on_disk, covered, "every fixture has its expectation");

    for (file, contexts) in expected {
        let sb = Sandbox::new();
        let out = sb
            .cmd()
            .args(["config", "import"])
            .arg(fixture(file))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{file}: {}", stderr_of(&out));
        let text = std::fs::read_to_string(fixture(file)).unwrap();
        for line in text
            .lines()
            .filter(|l| l.trim_start().starts_with("token: "))
        {
            let token = line.trim_start()["token: ".len()..].trim_matches('"');
            if !token.is_empty() {
                assert!(
                    !stdout_of(&out).contains(token) && !stderr_of(&out).contains(token),
                    "{file}: token printed"
                );
            }
        }
        let cfg = sb.config_toml();
        let imported = cfg["contexts"].as_table().unwrap();
        let names: Vec<&str> = imported.keys().map(String::as_str).collect();
        let wanted: Vec<&str> = contexts.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, wanted, "{file}");
        for (name, fields) in contexts {
            let ctx = imported[name].as_table().unwrap();
            let keys: Vec<&str> = ctx.keys().map(String::as_str).collect();
            let mut want_keys: Vec<&str> = fields.iter().map(|(k, _)| *k).collect();
            want_keys.sort();
            assert_eq!(keys, want_keys, "{file}: {name}");
            for (key, value) in fields {
                let parsed: toml::Table = format!("v = {value}").parse().unwrap();
                assert_eq!(ctx[key], parsed["v"], "{file}: {name}.{key}");
            }
        }
        #[cfg(unix)]
        assert_eq!(crate::harness::mode(&sb.config), 0o600, "{file}");
    }

    // The file Go creates empty on first use: nothing to import, said plainly.
    let sb = Sandbox::new();
    let out = sb
        .cmd()
        .args(["config", "import"])
        .arg(fixture("empty.yaml"))
        .output()
        .unwrap();
    assert_exit(&out, 1);
    assert_stderr_contains(&out, "has no contexts to import");
    assert!(!sb.config.exists());
}

#[test]
fn a_missing_config_next_to_a_go_config_names_config_import() {
    let sb = Sandbox::new();
    let go_dir = sb.dir.path().join(".fleet");
    std::fs::create_dir_all(&go_dir).unwrap();
    std::fs::copy(fixture("v4-null-headers.yaml"), go_dir.join("config")).unwrap();
    // The default config location (no FLEETCTL_CONFIG), which does not exist yet.
    let run = |args: &[&str]| {
        let mut cmd = sb.cmd();
        cmd.env_remove("FLEETCTL_CONFIG").args(args);
        cmd.output().unwrap()
    };
    let out = run(&["whoami"]);
    assert_exit(&out, 1);
    assert_stderr_contains(&out, "does not exist, but the Go fleetctl's");
    assert_stderr_contains(&out, ".fleet/config does");
    assert_stderr_contains(
        &out,
        "hint: import its contexts with `fleetctl config import`",
    );

    let out = run(&["config", "get-contexts"]);
    assert_exit(&out, 0);
    assert_stderr_contains(&out, "with `fleetctl config import`");

    // Doing what it says works, from the default path.
    let out = run(&["config", "import"]);
    assert_exit(&out, 0);
    let out = run(&["config", "get", "address", "--context", "staging"]);
    assert_exit(&out, 0);
    assert_eq!(stdout_of(&out).trim(), "https://staging.example.com:8443");

    // Without a Go config, the hint is the usual one.
    std::fs::remove_file(go_dir.join("config")).unwrap();
    let other = Sandbox::new();
    let mut cmd = other.cmd();
    let out = cmd
        .env_remove("FLEETCTL_CONFIG")
        .arg("whoami")
        .output()
        .unwrap();
    assert_exit(&out, 1);
    assert!(
        !stderr_of(&out).contains("config import"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn login_takes_the_go_password_flag_with_a_warning_and_fleetctl_password() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::with_context("a", &server.url);
    let out = sb
        .cmd()
        .args(["login", "--context", "a", "--email", srv::ADMIN_EMAIL])
        .args(["--password", srv::ADMIN_PASSWORD])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert_stderr_contains(
        &out,
        "warning: a password on the command line is visible to other local users",
    );
    assert_stderr_contains(&out, "--password-stdin or FLEETCTL_PASSWORD");
    assert!(!stderr_of(&out).contains(srv::ADMIN_PASSWORD));
    assert!(sb.token("a").is_some());

    sb.config_set(&["--context", "a", "--token", ""]);
    let out = sb
        .cmd()
        .args(["login", "--context", "a", "--email", srv::ADMIN_EMAIL])
        .env("FLEETCTL_PASSWORD", srv::ADMIN_PASSWORD)
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert!(!stderr_of(&out).contains("warning"), "{}", stderr_of(&out));
    assert!(sb.token("a").is_some());

    // A wrong FLEETCTL_PASSWORD is a failed login, not a prompt.
    let out = sb
        .cmd()
        .args(["login", "--context", "a", "--email", srv::ADMIN_EMAIL])
        .env("FLEETCTL_PASSWORD", "wrong")
        .output()
        .unwrap();
    assert_exit(&out, 4);

    let out = sb
        .cmd()
        .args([
            "login",
            "--context",
            "a",
            "--password",
            "x",
            "--password-stdin",
        ])
        .output()
        .unwrap();
    assert_exit(&out, 2);
}

#[test]
fn debug_connection_takes_host_port_as_https() {
    let server = DevServer::start(DevServerConfig::default().with_tls());
    let sb = Sandbox::new();
    let ca = sb.write_file("ca.pem", server.ca_pem.as_ref().unwrap());
    let bare = format!("localhost:{}", server.addr.port());
    let out = sb
        .cmd()
        .args([
            "debug",
            "connection",
            &bare,
            "--json",
            "--fleet-certificate",
        ])
        .arg(&ca)
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let v = json_stdout(&out);
    assert_eq!(v["address"], format!("https://{bare}"));
    assert_eq!(v["ok"], true);
    assert_stderr_contains(&out, &format!("checking https://{bare}"));
    assert_eq!(server.requests_to("/api/osquery/enroll").len(), 1);
}

#[test]
fn dash_v_prints_the_version_like_the_go_client() {
    let sb = Sandbox::new();
    let long = sb.cmd().arg("--version").output().unwrap();
    assert_exit(&long, 0);
    assert!(stdout_of(&long).contains(env!("CARGO_PKG_VERSION")));
    for args in [&["-v"][..], &["-V"]] {
        let out = sb.cmd().args(args).output().unwrap();
        assert_exit(&out, 0);
        assert_eq!(stdout_of(&out), stdout_of(&long), "{args:?}");
    }
    // After a subcommand too, as before (clap names the subcommand).
    for args in [&["config", "-v"][..], &["debug", "archive", "-v"]] {
        let out = sb.cmd().args(args).output().unwrap();
        assert_exit(&out, 0);
        assert!(stdout_of(&out).ends_with(&format!(" {}\n", env!("CARGO_PKG_VERSION"))));
    }
}

#[test]
fn a_rejected_session_names_login_and_an_api_token_for_sso_accounts() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::with_context("a", &server.url);
    sb.config_set(&[
        "--context",
        "a",
        "--token",
        "expired-session-token-0123456789",
    ]);
    for args in [&["whoami"][..], &["debug", "errors"], &["api", "me"]] {
        let out = sb.cmd().args(args).output().unwrap();
        assert_exit(&out, 4);
        assert_stderr_contains(&out, "run `fleetctl login --context a`");
        assert_stderr_contains(&out, "SSO-only account");
        assert_stderr_contains(&out, "API token in Fleet's UI");
        assert_stderr_contains(&out, "`fleetctl config set --context a --token-stdin`");
    }
}

#[test]
fn a_restricted_api_only_admin_is_told_why_debug_answers_403() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::with_context("a", &server.url);
    sb.config_set(&[
        "--context",
        "a",
        "--token",
        srv::API_ONLY_RESTRICTED_ADMIN_TOKEN,
    ]);
    let out = sb.cmd().args(["debug", "errors"]).output().unwrap();
    assert_exit(&out, 4);
    assert_stderr_contains(
        &out,
        "restricted API-only user (one with an API endpoint allowlist)",
    );
    assert_stderr_contains(&out, "even a global admin");
    // One message names both causes, whichever it is: an observer gets the same.
    for token in [
        srv::API_ONLY_RESTRICTED_ADMIN_TOKEN,
        srv::API_ONLY_OBSERVER_TOKEN,
    ] {
        sb.config_set(&["--context", "a", "--token", token]);
        let out = sb
            .cmd()
            .args(["debug", "errors", "--stdout"])
            .output()
            .unwrap();
        assert_exit(&out, 4);
        assert_stderr_contains(
            &out,
            "the user is not a global admin, or is a restricted API-only user",
        );
        assert_stderr_contains(
            &out,
            "hint: log in as a global admin (`fleetctl login --context a`), or store the token of an unrestricted API-only global admin",
        );
    }
    sb.config_set(&[
        "--context",
        "a",
        "--token",
        srv::API_ONLY_RESTRICTED_ADMIN_TOKEN,
    ]);
    // The same token works where its allowlist lets it.
    let out = sb.cmd().args(["whoami", "--json"]).output().unwrap();
    assert_exit(&out, 0);
    assert_eq!(json_stdout(&out)["user"]["global_role"], "admin");
}
