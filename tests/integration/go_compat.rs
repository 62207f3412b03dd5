//! Scripts written for the Go fleetctl: its environment names, where its single debug
//! commands write, its single-dash long flags.

use crate::harness::{
    Sandbox, assert_exit, assert_stderr_contains, json_stdout, stderr_of, stdout_of,
};
use crate::support::dev_server::{self as srv, DevServer, DevServerConfig};

fn admin_setup() -> (DevServer, Sandbox) {
    let server = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::with_context("a", &server.url);
    sb.config_set(&["--context", "a", "--token", srv::API_ONLY_ADMIN_TOKEN]);
    (server, sb)
}

#[test]
fn config_set_reads_the_go_clients_variables_and_flags_win() {
    let sb = Sandbox::new();
    let tls = DevServer::start(DevServerConfig::default().with_tls());
    let ca = sb.write_file("ca.pem", tls.ca_pem.clone().unwrap());
    let out = sb
        .cmd()
        .args(["config", "set", "--context", "go"])
        .env("ADDRESS", "https://fleet.example.com")
        .env("EMAIL", "ops@example.com")
        .env("TOKEN", "go-env-token-0123456789")
        .env("INSECURE", "true")
        .env("ROOTCA", &ca)
        .env("URL_PREFIX", "/fleet")
        .env("CUSTOM_HEADER", "X-Team:ops,X-Region: eu")
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert!(!stderr_of(&out).contains("go-env-token-0123456789"));
    // What came from the environment is said: EMAIL may have been set for another tool.
    assert_stderr_contains(
        &out,
        "(address from ADDRESS, email from EMAIL, token from TOKEN, tls-skip-verify from INSECURE, rootca from ROOTCA, url-prefix from URL_PREFIX, custom-headers from CUSTOM_HEADER)",
    );
    let cfg = sb.config_toml();
    let go = &cfg["contexts"]["go"];
    assert_eq!(go["address"].as_str(), Some("https://fleet.example.com"));
    assert_eq!(go["email"].as_str(), Some("ops@example.com"));
    assert_eq!(go["token"].as_str(), Some("go-env-token-0123456789"));
    assert_eq!(go["tls-skip-verify"].as_bool(), Some(true));
    assert!(go["rootca"].as_str().unwrap().ends_with("ca.pem"));
    assert_eq!(go["url-prefix"].as_str(), Some("/fleet"));
    assert_eq!(go["custom-headers"]["X-Team"].as_str(), Some("ops"));
    assert_eq!(go["custom-headers"]["X-Region"].as_str(), Some("eu"));

    // A flag wins over its variable; CUSTOM_HEADER replaces every stored header, as the Go
    // client does; --add-header merges.
    let out = sb
        .cmd()
        .args([
            "config",
            "set",
            "--context",
            "go",
            "--address",
            "https://flag.example.com",
        ])
        .env("ADDRESS", "https://env.example.com")
        .env("CUSTOM_HEADER", "X-Only:1")
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let cfg = sb.config_toml();
    assert_eq!(
        cfg["contexts"]["go"]["address"].as_str(),
        Some("https://flag.example.com")
    );
    let headers = cfg["contexts"]["go"]["custom-headers"].as_table().unwrap();
    assert_eq!(headers.len(), 1, "{headers:?}");
    assert_eq!(headers["X-Only"].as_str(), Some("1"));
    sb.config_set(&["--context", "go", "--add-header", "X-More: 2"]);
    sb.config_set(&["--context", "go", "--custom-header", "X-New: 3"]);
    let cfg = sb.config_toml();
    let headers = cfg["contexts"]["go"]["custom-headers"].as_table().unwrap();
    assert_eq!(headers.keys().collect::<Vec<_>>(), ["X-New"]);
    sb.config_set(&["--context", "go", "--add-header", "X-More: 2"]);
    sb.config_set(&["--context", "go", "--remove-header", "X-New"]);
    let cfg = sb.config_toml();
    let headers = cfg["contexts"]["go"]["custom-headers"].as_table().unwrap();
    assert_eq!(headers.keys().collect::<Vec<_>>(), ["X-More"]);

    // A bad value names the variable it came from.
    for (var, value, needle) in [
        ("ADDRESS", "ftp://x", "(from ADDRESS)"),
        ("INSECURE", "maybe", "(from INSECURE)"),
        ("URL_PREFIX", "@evil:8080", "(from URL_PREFIX)"),
        ("CUSTOM_HEADER", "NoColon", "(from CUSTOM_HEADER)"),
        ("ROOTCA", "/nonexistent/ca.pem", "(from ROOTCA)"),
    ] {
        let before = sb.config_text();
        let out = sb
            .cmd()
            .args(["config", "set", "--context", "go"])
            .env(var, value)
            .output()
            .unwrap();
        assert_ne!(out.status.code(), Some(0), "{var}");
        assert_stderr_contains(&out, needle);
        assert_eq!(sb.config_text(), before, "{var}");
    }
}

#[test]
fn config_set_with_nothing_to_set_is_a_usage_error() {
    let sb = Sandbox::new();
    for env in [None, Some(("ADDRESS", ""))] {
        let mut cmd = sb.cmd();
        cmd.args(["config", "set"]);
        if let Some((k, v)) = env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        assert_exit(&out, 2);
        assert_stderr_contains(&out, "config set was given nothing to set");
        assert!(!sb.config.exists(), "no config written");
    }
}

#[test]
fn config_and_context_come_from_the_go_names_when_the_fleetctl_ones_are_unset() {
    let (_server, sb) = admin_setup();
    sb.add_context("b", "https://b.example.com");
    // CONTEXT selects; FLEETCTL_CONTEXT wins over it; a wrong one is named with its source.
    let pick = |env: &[(&str, &str)]| {
        let mut cmd = sb.cmd();
        cmd.args(["config", "current-context"]);
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    };
    let out = pick(&[("CONTEXT", "b")]);
    assert_eq!(stdout_of(&out).trim(), "b");
    assert_stderr_contains(&out, "CONTEXT environment variable");
    let out = pick(&[("CONTEXT", "b"), ("FLEETCTL_CONTEXT", "a")]);
    assert_eq!(stdout_of(&out).trim(), "a");
    let out = sb
        .cmd()
        .args(["whoami"])
        .env("CONTEXT", "nope")
        .output()
        .unwrap();
    assert_exit(&out, 1);
    assert_stderr_contains(&out, "context `nope` (from CONTEXT) does not exist");
    assert_stderr_contains(&out, "unset CONTEXT");

    // CONFIG names the config file when FLEETCTL_CONFIG is unset; FLEETCTL_CONFIG wins.
    let other = sb.dir.path().join("other.toml");
    std::fs::write(
        &other,
        "[contexts.c]\naddress = \"https://c.example.com\"\n",
    )
    .unwrap();
    let mut cmd = sb.cmd();
    cmd.env_remove("FLEETCTL_CONFIG")
        .env("CONFIG", &other)
        .args(["config", "get-contexts"]);
    let out = cmd.output().unwrap();
    assert_exit(&out, 0);
    assert!(stdout_of(&out).contains('c'), "{}", stdout_of(&out));
    assert!(!stdout_of(&out).contains("b.example.com"));
    let out = sb
        .cmd()
        .env("CONFIG", &other)
        .args(["config", "get", "address", "--context", "b"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert_eq!(stdout_of(&out).trim(), "https://b.example.com");
    // CONFIG pointing at the Go client's YAML says what to do.
    let yaml = sb.write_file(
        "go-config",
        "contexts:\n  default:\n    address: https://x\n",
    );
    let mut cmd = sb.cmd();
    cmd.env_remove("FLEETCTL_CONFIG")
        .env("CONFIG", &yaml)
        .args(["config", "get-contexts"]);
    let out = cmd.output().unwrap();
    assert_exit(&out, 1);
    assert_stderr_contains(&out, "the path came from CONFIG");
    assert_stderr_contains(&out, "fleetctl config import");
}

#[test]
fn debug_and_login_variables_and_the_debug_listing() {
    let (server, sb) = admin_setup();
    // DEBUG turns request logging on and --debug lists what came from the environment.
    let out = sb
        .cmd()
        .args(["whoami"])
        .env("DEBUG", "1")
        .env("CONTEXT", "a")
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert_stderr_contains(&out, "debug: --debug from the environment (DEBUG)");
    assert_stderr_contains(&out, "debug: context name from the environment (CONTEXT)");
    assert_stderr_contains(&out, "debug: -> GET");
    // FLEETCTL_DEBUG=0 wins over DEBUG=1; a DEBUG that is not a boolean is ignored, said once.
    for (env, warned) in [
        (vec![("DEBUG", "1"), ("FLEETCTL_DEBUG", "0")], false),
        (vec![("DEBUG", "express:*")], true),
    ] {
        let mut cmd = sb.cmd();
        cmd.arg("whoami");
        for (k, v) in &env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        assert_exit(&out, 0);
        assert!(
            !stderr_of(&out).contains("debug: ->"),
            "{}",
            stderr_of(&out)
        );
        assert_eq!(stderr_of(&out).contains("is not a boolean"), warned);
    }

    // login: EMAIL and PASSWORD (FLEETCTL_PASSWORD wins).
    let out = sb
        .cmd()
        .args(["--debug", "login", "--context", "a"])
        .env("EMAIL", srv::ADMIN_EMAIL)
        .env("PASSWORD", srv::ADMIN_PASSWORD)
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert_stderr_contains(&out, "login --email from the environment (EMAIL)");
    assert_stderr_contains(&out, "login password from the environment (PASSWORD)");
    assert!(!stderr_of(&out).contains(srv::ADMIN_PASSWORD));
    let out = sb
        .cmd()
        .args(["login", "--context", "a"])
        .env("EMAIL", srv::ADMIN_EMAIL)
        .env("PASSWORD", "wrong-password-0000")
        .env("FLEETCTL_PASSWORD", srv::ADMIN_PASSWORD)
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let logins = server.settled_requests_to("/api/latest/fleet/login");
    let body: serde_json::Value = serde_json::from_slice(&logins.last().unwrap().body).unwrap();
    assert_eq!(body["email"], srv::ADMIN_EMAIL);
    assert_eq!(body["password"], srv::ADMIN_PASSWORD);
    // A stale variable is named in the failure.
    let out = sb
        .cmd()
        .args(["login", "--context", "a"])
        .env("EMAIL", srv::ADMIN_EMAIL)
        .env("PASSWORD", "stale-password-0000")
        .output()
        .unwrap();
    assert_exit(&out, 4);
    assert_stderr_contains(&out, "(email from EMAIL, password from PASSWORD)");
}

#[test]
fn single_debug_json_items_write_where_the_go_client_writes() {
    let (server, sb) = admin_setup();
    for item in ["errors", "db-locks", "db-innodb-status", "db-process-list"] {
        let out = sb.cmd().args(["debug", item]).output().unwrap();
        assert_exit(&out, 0);
        assert!(out.stdout.is_empty(), "{item}: {}", stdout_of(&out));
        let files = sb.work_files();
        assert_eq!(files.len(), 1, "{item}: {files:?}");
        let name = &files[0];
        let stamp = name
            .strip_prefix(&format!("fleet-{item}-"))
            .and_then(|rest| rest.strip_suffix("Z.json"))
            .unwrap_or_else(|| panic!("{item}: {name}"));
        assert!(
            stamp.len() == 14 && stamp.bytes().all(|b| b.is_ascii_digit()),
            "{name}"
        );
        assert_stderr_contains(&out, &format!("Output written to {name}"));
        let path = sb.work.join(name);
        #[cfg(unix)]
        assert_eq!(crate::harness::mode(&path) & 0o777, 0o600);
        let saved: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let printed = sb.cmd().args(["debug", item, "--stdout"]).output().unwrap();
        assert_exit(&printed, 0);
        assert_eq!(json_stdout(&printed), saved, "{item}");
        std::fs::remove_file(path).unwrap();
    }
    // STDOUT=1 prints; OUTFILE names the file; -o wins over OUTFILE.
    let out = sb
        .cmd()
        .args(["debug", "errors"])
        .env("STDOUT", "true")
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert!(json_stdout(&out).is_array());
    let out = sb
        .cmd()
        .args(["debug", "db-locks"])
        .env("OUTFILE", "locks.json")
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert_stderr_contains(&out, "Output written to locks.json");
    let out = sb
        .cmd()
        .args(["debug", "heap", "-o", "h.prof"])
        .env("OUTFILE", "other.prof")
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let mut files = sb.work_files();
    files.sort();
    assert_eq!(files, ["h.prof", "locks.json"]);
    // --stdout with an output file is a usage error, from flags or variables; nothing fetched.
    let before = server.settled_requests().len();
    for (args, env, needle) in [
        (
            &["--stdout", "-o", "e.json"][..],
            None,
            "cannot be used with",
        ),
        (
            &["--stdout"][..],
            Some(("OUTFILE", "e.json")),
            "--outfile (from OUTFILE)",
        ),
        (
            &["-o", "e.json"][..],
            Some(("STDOUT", "1")),
            "--stdout (from STDOUT)",
        ),
    ] {
        let mut cmd = sb.cmd();
        cmd.args(["debug", "errors"]).args(args);
        if let Some((k, v)) = env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        assert_exit(&out, 2);
        assert_stderr_contains(&out, needle);
    }
    assert_eq!(server.settled_requests().len(), before);
    // A bad OUTFILE or FLEET_CERTIFICATE is named.
    let out = sb
        .cmd()
        .args(["debug", "heap"])
        .env("OUTFILE", "/nonexistent/dir/h.prof")
        .output()
        .unwrap();
    assert_exit(&out, 1);
    assert_stderr_contains(&out, "(from OUTFILE)");
    let out = sb
        .cmd()
        .args(["debug", "connection"])
        .env("FLEET_CERTIFICATE", "/nonexistent/cert.pem")
        .output()
        .unwrap();
    assert_exit(&out, 2);
    assert_stderr_contains(&out, "(from FLEET_CERTIFICATE)");
    // FLUSH clears the errors.
    let out = sb
        .cmd()
        .args(["debug", "errors", "--stdout"])
        .env("FLUSH", "true")
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert!(
        server
            .settled_requests()
            .last()
            .unwrap()
            .path
            .ends_with("?flush=true")
    );
}

#[test]
fn single_dash_long_flags_work_as_in_the_go_client_and_short_flags_are_unchanged() {
    let (server, sb) = admin_setup();
    sb.add_context("prod", &server.url);
    sb.config_set(&["--context", "prod", "--token", srv::API_ONLY_ADMIN_TOKEN]);
    // -context x, -context=x, -address=..., -outfile f, -stdout.
    let out = sb
        .cmd()
        .args(["-context", "prod", "config", "current-context"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert_eq!(stdout_of(&out).trim(), "prod");
    let out = sb
        .cmd()
        .args([
            "config",
            "set",
            "-context=go",
            "-address=https://go.example.com",
        ])
        .args(["-tls-skip-verify=false", "-url-prefix", "/fleet"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let cfg = sb.config_toml();
    assert_eq!(
        cfg["contexts"]["go"]["address"].as_str(),
        Some("https://go.example.com")
    );
    assert_eq!(cfg["contexts"]["go"]["url-prefix"].as_str(), Some("/fleet"));
    let out = sb
        .cmd()
        .args(["debug", "heap", "-context", "prod", "-outfile", "h.prof"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert!(sb.work.join("h.prof").is_file());
    let out = sb
        .cmd()
        .args(["debug", "errors", "-stdout", "-context", "prod"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert!(json_stdout(&out).is_array());
    // Short flags keep their meaning: -o, -v, and api's -X -F -H -f -i, also with values that
    // look like Go flags.
    let out = sb
        .cmd()
        .args(["debug", "db-locks", "-o", "locks.json", "-context", "prod"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert!(sb.work.join("locks.json").is_file());
    let out = sb.cmd().arg("-v").output().unwrap();
    assert_exit(&out, 0);
    assert!(
        stdout_of(&out).starts_with("fleetctl "),
        "{}",
        stdout_of(&out)
    );
    let out = sb
        .cmd()
        .args(["api", "-X", "POST", "-F", "a=-context", "-f", "b=-debug"])
        .args(["-H", "X-A:-header", "-i", "-context", "prod", "labels"])
        .output()
        .unwrap();
    assert_exit(&out, 1);
    let request = server.settled_requests().pop().unwrap();
    assert_eq!(request.method, "POST");
    assert_eq!(request.header("x-a"), Some("-header"));
    let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(body, serde_json::json!({"a": "-context", "b": "-debug"}));
    // A name the Go client does not have is not rewritten (clap reads -a -l -l ...).
    let out = sb.cmd().args(["health", "-all-contexts"]).output().unwrap();
    assert_exit(&out, 2);
}
