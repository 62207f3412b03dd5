//! Coming from the Go fleetctl: its config file as it writes it.

use std::path::{Path, PathBuf};

use crate::harness::{Sandbox, assert_exit, assert_stderr_contains, stderr_of, stdout_of};

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
