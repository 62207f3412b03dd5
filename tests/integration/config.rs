//! `fleetctl config ...`: outputs, file results, precedence, masking, modes, concurrency, safety.

use std::collections::BTreeSet;

use predicates::prelude::*;

use crate::harness::{
    Sandbox, assert_exit, assert_stderr_contains, context_names, json_stdout, stderr_of, stdout_of,
    wait_with_deadline,
};

const TOKEN: &str = "tok_live_9f8e7d6c5b4a39281706abcdEFGH";

#[test]
fn set_creates_context_file_and_dir_owner_only() {
    let sb = Sandbox::new();
    sb.cmd()
        .args([
            "config",
            "set",
            "--context",
            "server-a",
            "--address",
            "https://server-a:8080/",
        ])
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains("Created context `server-a`"))
        .stderr(predicate::str::contains(
            "`server-a` is now the current context",
        ));
    let cfg = sb.config_toml();
    assert_eq!(cfg["current-context"].as_str(), Some("server-a"));
    assert_eq!(
        cfg["contexts"]["server-a"]["address"].as_str(),
        Some("https://server-a:8080")
    );
    #[cfg(unix)]
    assert_eq!(crate::harness::mode(&sb.config), 0o600);
    #[cfg(unix)]
    assert_eq!(crate::harness::mode(sb.config.parent().unwrap()), 0o700);
}

#[test]
fn set_updates_only_given_fields_and_tls_skip_verify_false_turns_it_off() {
    let sb = Sandbox::new();
    sb.config_set(&[
        "--context",
        "a",
        "--address",
        "https://a",
        "--email",
        "ops@example.com",
        "--tls-skip-verify",
    ]);
    assert_eq!(
        sb.config_toml()["contexts"]["a"]["tls-skip-verify"].as_bool(),
        Some(true)
    );
    sb.config_set(&[
        "--context",
        "a",
        "--url-prefix",
        "fleet",
        "--custom-header",
        "X-Team: ops",
    ]);
    let cfg = sb.config_toml();
    let a = &cfg["contexts"]["a"];
    assert_eq!(a["address"].as_str(), Some("https://a"));
    assert_eq!(a["email"].as_str(), Some("ops@example.com"));
    assert_eq!(a["url-prefix"].as_str(), Some("/fleet"));
    assert_eq!(a["custom-headers"]["X-Team"].as_str(), Some("ops"));
    assert_eq!(a["tls-skip-verify"].as_bool(), Some(true));
    sb.config_set(&["--context", "a", "--tls-skip-verify=false", "--email", ""]);
    let cfg = sb.config_toml();
    assert!(cfg["contexts"]["a"].get("tls-skip-verify").is_none());
    assert!(
        cfg["contexts"]["a"].get("email").is_none(),
        "an empty value clears a field"
    );
}

#[test]
fn token_is_never_echoed_and_is_masked_by_get() {
    let sb = Sandbox::new();
    let out = sb
        .cmd()
        .args([
            "config",
            "set",
            "--context",
            "a",
            "--address",
            "https://a",
            "--token",
            TOKEN,
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!stdout_of(&out).contains(TOKEN) && !stderr_of(&out).contains(TOKEN));
    let out = sb
        .cmd()
        .args([
            "config",
            "set",
            "--context",
            "b",
            "--address",
            "https://b",
            "--token-stdin",
        ])
        .write_stdin(format!("{TOKEN}\n"))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!stderr_of(&out).contains(TOKEN));
    assert_eq!(
        sb.config_toml()["contexts"]["b"]["token"].as_str(),
        Some(TOKEN),
        "stdin token trimmed"
    );

    for args in [
        vec!["config", "get", "--context", "a"],
        vec!["config", "get", "--context", "a", "--json"],
        vec!["config", "get-contexts"],
        vec!["config", "get-contexts", "--json"],
    ] {
        let out = sb.cmd().args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        assert!(
            !stdout_of(&out).contains(TOKEN),
            "{args:?} printed the token"
        );
    }
    sb.config_get(&["token", "--context", "a"])
        .stdout("****EFGH\n");
    sb.config_get(&["token", "--context", "a", "--show-token"])
        .stdout(format!("{TOKEN}\n"));
}

#[test]
fn get_prints_fields_and_json() {
    let sb = Sandbox::new();
    sb.config_set(&[
        "--context",
        "a",
        "--address",
        "https://a:8080",
        "--email",
        "e@x.io",
        "--custom-header",
        "X-A: 1",
    ]);
    sb.config_get(&["address"]).stdout("https://a:8080\n");
    sb.config_get(&["email"]).stdout("e@x.io\n");
    sb.config_get(&["rootca"]).stdout("");
    sb.config_get(&["tls-skip-verify"]).stdout("false\n");
    let out = sb.cmd().args(["config", "get", "--json"]).output().unwrap();
    let v = json_stdout(&out);
    assert_eq!(v["name"], "a");
    assert_eq!(v["address"], "https://a:8080");
    assert_eq!(
        v["custom-headers"]["X-A"], "[REDACTED]",
        "masked unless --show-token"
    );
    assert!(v["token"].is_null());
    let out = sb
        .cmd()
        .args(["config", "get", "--json", "--show-token"])
        .output()
        .unwrap();
    assert_eq!(json_stdout(&out)["custom-headers"]["X-A"], "1");
    sb.cmd()
        .args(["config", "get", "nonsense"])
        .assert()
        .code(2);
}

#[test]
fn use_rename_delete_and_get_contexts() {
    let sb = Sandbox::new();
    sb.add_context("a", "https://a");
    sb.add_context("b", "https://b");
    sb.cmd()
        .args(["config", "use-context", "b"])
        .assert()
        .success();
    assert_eq!(sb.config_toml()["current-context"].as_str(), Some("b"));
    let out = sb.cmd().args(["config", "get-contexts"]).output().unwrap();
    let table = stdout_of(&out);
    assert!(table.lines().next().unwrap().starts_with("CURRENT"));
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("*") && l.contains(" b ")),
        "{table}"
    );
    assert!(
        table
            .lines()
            .any(|l| !l.starts_with("*") && l.contains(" a ")),
        "{table}"
    );

    sb.cmd()
        .args(["config", "rename-context", "b", "c"])
        .assert()
        .success();
    let cfg = sb.config_toml();
    assert_eq!(cfg["current-context"].as_str(), Some("c"));
    assert!(cfg["contexts"].get("b").is_none());
    assert_eq!(cfg["contexts"]["c"]["address"].as_str(), Some("https://b"));
    sb.cmd()
        .args(["config", "rename-context", "a", "c"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("context `c` already exists"));

    sb.cmd()
        .args(["config", "delete-context", "c"])
        .assert()
        .success();
    let cfg = sb.config_toml();
    assert!(cfg.get("current-context").is_none());
    assert!(cfg["contexts"].get("c").is_none());

    let out = sb
        .cmd()
        .args(["config", "get-contexts", "--json"])
        .output()
        .unwrap();
    let v = json_stdout(&out);
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["name"], "a");
}

#[test]
fn context_precedence_flag_env_file_default() {
    let sb = Sandbox::new();
    let current = |sb: &Sandbox, flag: Option<&str>, env: Option<&str>| {
        let mut cmd = sb.cmd();
        cmd.args(["config", "current-context", "--json"]);
        if let Some(f) = flag {
            cmd.args(["--context", f]);
        }
        if let Some(e) = env {
            cmd.env("FLEETCTL_CONTEXT", e);
        }
        let out = cmd.output().unwrap();
        assert!(out.status.success());
        let v = json_stdout(&out);
        (
            v["name"].as_str().unwrap().to_string(),
            v["source"].as_str().unwrap().to_string(),
        )
    };
    assert_eq!(
        current(&sb, None, None),
        ("default".into(), "default".into())
    );
    sb.add_context("from-file", "https://f");
    assert_eq!(
        current(&sb, None, None),
        ("from-file".into(), "file".into())
    );
    assert_eq!(
        current(&sb, None, Some("from-env")),
        ("from-env".into(), "env".into())
    );
    assert_eq!(
        current(&sb, Some("from-flag"), Some("from-env")),
        ("from-flag".into(), "flag".into())
    );
    // The plain form: name on stdout, source on stderr.
    sb.cmd()
        .args(["config", "current-context"])
        .env("FLEETCTL_CONTEXT", "from-file")
        .assert()
        .success()
        .stdout("from-file\n")
        .stderr(predicate::str::contains("FLEETCTL_CONTEXT"));
}

#[test]
fn config_location_flag_beats_env() {
    let sb = Sandbox::new();
    let other = sb.dir.path().join("other.toml");
    sb.cmd()
        .args([
            "--config",
            other.to_str().unwrap(),
            "config",
            "set",
            "--context",
            "x",
            "--address",
            "https://x",
        ])
        .assert()
        .success();
    assert!(other.exists());
    assert!(
        !sb.config.exists(),
        "FLEETCTL_CONFIG file must not be touched when --config is given"
    );
}

#[test]
fn unknown_context_lists_existing_and_names_the_command() {
    let sb = Sandbox::new();
    sb.add_context("alpha", "https://a");
    sb.add_context("beta", "https://b");
    sb.cmd()
        .args(["config", "get", "--context", "gamma"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "error: context `gamma` does not exist (existing contexts: alpha, beta)",
        ))
        .stderr(predicate::str::contains(
            "hint: create it with `fleetctl config set --context gamma --address",
        ));
    sb.cmd()
        .args(["config", "use-context", "gamma"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("existing contexts: alpha, beta"));
}

#[test]
fn invalid_input_is_rejected_without_touching_the_file() {
    let sb = Sandbox::new();
    sb.add_context("a", "https://a");
    let before = std::fs::read(&sb.config).unwrap();
    let not_pem = sb.write_file("not.pem", "hello");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--address", "ftp://a"], "--address"),
        (vec!["--address", "not a url"], "--address"),
        (vec!["--rootca", "/nonexistent/ca.pem"], "--rootca"),
        (vec!["--rootca", not_pem.to_str().unwrap()], "--rootca"),
        (vec!["--custom-header", "NoColon"], "--custom-header"),
        (vec!["--custom-header", "Bad Name: v"], "--custom-header"),
        (
            vec!["--context", "bad name!", "--address", "https://x"],
            "invalid context name",
        ),
    ];
    for (args, mention) in cases {
        let out = sb
            .cmd()
            .args(["config", "set"])
            .args(&args)
            .output()
            .unwrap();
        // Exited with a failure code (a run killed by the hang guard has none).
        assert!(
            matches!(out.status.code(), Some(c) if c != 0),
            "{args:?} should fail"
        );
        let err = stderr_of(&out);
        assert!(err.contains(mention), "{args:?}: {err}");
        assert!(err.lines().next().unwrap().starts_with("error: "), "{err}");
        assert_eq!(
            std::fs::read(&sb.config).unwrap(),
            before,
            "{args:?} changed the file"
        );
    }
}

#[test]
fn corrupt_config_is_left_byte_for_byte_and_located() {
    let sb = Sandbox::new();
    let corrupt =
        b"current-context = \"a\"\n[contexts.a]\naddress = \"https://a\nemail = 3\n".to_vec();
    sb.write_config(&corrupt);
    for args in [
        vec!["config", "set", "--context", "a", "--address", "https://b"],
        vec!["config", "get"],
        vec!["config", "use-context", "a"],
        vec!["config", "delete-context", "a"],
    ] {
        sb.cmd()
            .args(&args)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(format!(
                "cannot parse config file {}:3:",
                sb.config.display()
            )));
        assert_eq!(
            std::fs::read(&sb.config).unwrap(),
            corrupt,
            "{args:?} rewrote a corrupt file"
        );
    }
}

#[cfg(unix)]
#[test]
fn exposed_config_file_gets_a_chmod_warning() {
    use std::os::unix::fs::PermissionsExt;
    let sb = Sandbox::new();
    sb.add_context("a", "https://a");
    std::fs::set_permissions(&sb.config, std::fs::Permissions::from_mode(0o644)).unwrap();
    sb.config_get(&["address"])
        .stderr(predicate::str::contains(format!(
            "chmod 600 {}",
            sb.config.display()
        )));
    // A save replaces the file with an owner-only one.
    sb.config_set(&["--context", "a", "--email", "x@y.z"]);
    #[cfg(unix)]
    assert_eq!(crate::harness::mode(&sb.config), 0o600);
}

#[test]
fn unknown_keys_are_preserved() {
    let sb = Sandbox::new();
    sb.write_config(
        "future-top = 1\n[contexts.a]\naddress = \"https://a\"\nfuture-field = \"kept\"\n",
    );
    sb.config_set(&["--context", "a", "--email", "e@x.io"]);
    let cfg = sb.config_toml();
    assert_eq!(cfg["future-top"].as_integer(), Some(1));
    assert_eq!(cfg["contexts"]["a"]["future-field"].as_str(), Some("kept"));
    assert_eq!(cfg["contexts"]["a"]["email"].as_str(), Some("e@x.io"));
}

#[test]
fn fifty_parallel_writers_lose_nothing() {
    let sb = Sandbox::new();
    let children: Vec<_> = (0..50)
        .map(|i| {
            sb.process()
                .args([
                    "config",
                    "set",
                    "--context",
                    &format!("c{i}"),
                    "--address",
                    &format!("https://c{i}.example.com"),
                ])
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        assert!(wait_with_deadline(child, 120).status.success());
    }
    let cfg = sb.config_toml();
    let expected: BTreeSet<String> = (0..50).map(|i| format!("c{i}")).collect();
    assert_eq!(context_names(&cfg), expected);
    for i in 0..50 {
        assert_eq!(
            cfg["contexts"][&format!("c{i}")]["address"].as_str(),
            Some(format!("https://c{i}.example.com").as_str())
        );
    }
    // No temporary files left behind.
    let leftovers = sb.config_tmp_files();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[cfg(unix)]
#[test]
fn symlinked_config_is_updated_through_the_link() {
    let sb = Sandbox::new();
    let real = sb.dir.path().join("dotfiles").join("fleetctl.toml");
    std::fs::create_dir_all(real.parent().unwrap()).unwrap();
    std::fs::write(&real, "").unwrap();
    std::fs::create_dir_all(sb.config.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(&real, &sb.config).unwrap();
    sb.add_context("a", "https://a");
    assert!(
        std::fs::symlink_metadata(&sb.config)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&real)
            .unwrap()
            .contains("https://a")
    );
}

/// The config file's bytes, to prove a refused command left it alone.
fn config_bytes(sb: &Sandbox) -> Vec<u8> {
    std::fs::read(&sb.config).unwrap()
}

#[test]
fn an_empty_context_flag_is_refused_not_taken_as_the_current_context() {
    let sb = Sandbox::new();
    sb.add_context("a", "https://a");
    sb.add_context("b", "https://b");
    sb.cmd()
        .args(["config", "use-context", "b"])
        .assert()
        .success();
    let before = config_bytes(&sb);
    for args in [
        vec!["config", "set", "--context", "", "--email", "q@q"],
        vec!["config", "get", "--context", ""],
        vec!["config", "current-context", "--context", ""],
        vec!["config", "get-contexts", "--context", ""],
        vec!["whoami", "--context", ""],
        vec!["login", "--context", "", "--password-stdin"],
        vec!["debug", "archive", "--context", ""],
        vec!["debug", "archive", "--context", "a", "--context", ""],
        vec!["health", "--context", "b", "--context", " "],
        vec!["debug", "connection", "--context", ""],
    ] {
        let out = sb.cmd().args(&args).output().unwrap();
        assert_exit(&out, 2);
        assert_stderr_contains(&out, "error: --context was given an empty name");
        assert_stderr_contains(&out, "hint: give a context name");
        assert_eq!(config_bytes(&sb), before, "{args:?} changed the file");
    }
    assert!(sb.work_files().is_empty(), "{:?}", sb.work_files());

    // Without a config file: no `default` context is created either.
    let fresh = Sandbox::new();
    let out = fresh
        .cmd()
        .args(["config", "set", "--context", "", "--address", "https://x"])
        .output()
        .unwrap();
    assert_exit(&out, 2);
    assert!(!fresh.config.exists());

    // An empty FLEETCTL_CONTEXT counts as unset.
    sb.cmd()
        .args(["config", "current-context"])
        .env("FLEETCTL_CONTEXT", "")
        .assert()
        .success()
        .stdout("b\n");
}

#[test]
fn token_stdin_on_a_terminal_prompts_without_echo() {
    let sb = Sandbox::with_context("a", "https://a");
    let shell = format!(
        "{} config set --context a --token-stdin; echo rc=$?",
        assert_cmd::cargo::cargo_bin("fleetctl").display()
    );
    // Enter, then Ctrl-D: ends the read whether or not it is line-by-line.
    let typed = format!("{TOKEN}\r\x04");
    let Some(screen) = crate::harness::in_terminal(&sb, &shell, "Token: ", typed.as_bytes()) else {
        return;
    };
    assert!(screen.contains("rc=0"), "{screen}");
    assert!(!screen.contains(TOKEN), "the token was echoed: {screen}");
    assert!(
        !screen.contains(&TOKEN[..8]),
        "the token was echoed: {screen}"
    );
    assert_eq!(sb.token("a").as_deref(), Some(TOKEN));
}

#[test]
fn an_empty_value_clears_rootca_url_prefix_and_email_alike() {
    let sb = Sandbox::with_context("a", "https://a");
    let ca = rcgen::generate_simple_self_signed(vec!["ca.example".to_string()]).unwrap();
    let pem = sb.write_file("ca.pem", ca.cert.pem());
    sb.config_set(&[
        "--context",
        "a",
        "--rootca",
        pem.to_str().unwrap(),
        "--url-prefix",
        "/fleet",
        "--email",
        "e@x.io",
    ]);
    let cfg = sb.config_toml();
    for field in ["rootca", "url-prefix", "email"] {
        assert!(cfg["contexts"]["a"].get(field).is_some(), "{field} not set");
    }
    sb.config_set(&[
        "--context",
        "a",
        "--rootca",
        "",
        "--url-prefix",
        "",
        "--email",
        "",
    ]);
    let cfg = sb.config_toml();
    for field in ["rootca", "url-prefix", "email"] {
        assert!(
            cfg["contexts"]["a"].get(field).is_none(),
            "{field} not cleared"
        );
    }
    assert_eq!(cfg["contexts"]["a"]["address"].as_str(), Some("https://a"));
    sb.config_get(&["rootca"]).stdout("");
    // A non-empty value is still checked.
    let out = sb
        .cmd()
        .args(["config", "set", "--rootca", "/nonexistent/ca.pem"])
        .output()
        .unwrap();
    assert_exit(&out, 1);
    assert_stderr_contains(&out, "--rootca");
}

#[test]
fn unknown_context_hints_name_the_env_var_and_the_nearest_name() {
    let sb = Sandbox::new();
    sb.add_context("good", "https://good");
    sb.add_context("other", "https://other");

    // From FLEETCTL_CONTEXT: say so, and how to fix the variable.
    for args in [
        vec!["whoami"],
        vec!["config", "get"],
        vec!["debug", "archive"],
    ] {
        let out = sb
            .cmd()
            .args(&args)
            .env("FLEETCTL_CONTEXT", "goood")
            .output()
            .unwrap();
        assert_exit(&out, 1);
        assert_stderr_contains(
            &out,
            "error: context `goood` (from FLEETCTL_CONTEXT) does not exist (existing contexts: good, other)",
        );
        assert_stderr_contains(
            &out,
            "hint: unset FLEETCTL_CONTEXT, or set it to an existing context (did you mean `good`?",
        );
    }
    // A typo in --context: the nearest name comes before "create it".
    let out = sb
        .cmd()
        .args(["config", "get", "--context", "goo"])
        .output()
        .unwrap();
    assert_exit(&out, 1);
    assert_stderr_contains(
        &out,
        "hint: did you mean `good`? Otherwise create it with `fleetctl config set --context goo",
    );
    let out = sb
        .cmd()
        .args(["config", "use-context", "otehr"])
        .output()
        .unwrap();
    assert_stderr_contains(&out, "did you mean `other`?");
    // Nothing near: no guess.
    let out = sb
        .cmd()
        .args(["config", "get", "--context", "gamma"])
        .output()
        .unwrap();
    assert!(
        !stderr_of(&out).contains("did you mean"),
        "{}",
        stderr_of(&out)
    );

    // current-context naming a context that is gone: pick another.
    let bad_current = sb
        .config_text()
        .replace("current-context = \"good\"", "current-context = \"gone\"");
    sb.write_config(bad_current);
    let out = sb.cmd().args(["config", "get"]).output().unwrap();
    assert_exit(&out, 1);
    assert_stderr_contains(&out, "the current-context in the config file");
    assert_stderr_contains(&out, "fleetctl config use-context NAME");

    // Renaming onto itself: a clear error, never "delete it first".
    let before = config_bytes(&sb);
    let out = sb
        .cmd()
        .args(["config", "rename-context", "good", "good"])
        .output()
        .unwrap();
    assert_exit(&out, 2);
    assert_stderr_contains(&out, "error: cannot rename context `good` to itself");
    assert!(!stderr_of(&out).contains("delete"), "{}", stderr_of(&out));
    assert_eq!(config_bytes(&sb), before);
}

#[test]
fn import_skips_a_context_it_cannot_accept_and_imports_the_rest() {
    let sb = Sandbox::new();
    let go = sb.write_file(
        "go-config",
        "contexts:\n  bad/name:\n    address: https://bad.example.com\n  fine:\n    address: https://fine.example.com\n  urlish:\n    address: https://u.example.com\n    url-prefix: http://u.example.com/fleet\n",
    );
    let out = sb
        .cmd()
        .args(["config", "import", go.to_str().unwrap()])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert_stderr_contains(
        &out,
        &format!("warning: skipped context `bad/name` from {}", go.display()),
    );
    assert_stderr_contains(
        &out,
        &format!("warning: skipped context `urlish` from {}", go.display()),
    );
    assert_stderr_contains(&out, "Imported 1 context(s)");
    let cfg = sb.config_toml();
    assert_eq!(context_names(&cfg), BTreeSet::from(["fine".to_string()]));
    assert_eq!(cfg["current-context"].as_str(), Some("fine"));

    // Nothing importable: an error, and the config is left alone.
    let before = config_bytes(&sb);
    let only_bad = sb.write_file("go-bad", "contexts:\n  bad/name:\n    address: https://b\n");
    let out = sb
        .cmd()
        .args(["config", "import", only_bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert_exit(&out, 1);
    assert_stderr_contains(&out, "warning: skipped context `bad/name`");
    assert_stderr_contains(&out, "error: none of the 1 context(s)");
    assert_eq!(config_bytes(&sb), before);
}

#[test]
fn a_url_prefix_that_is_not_a_path_is_refused() {
    let sb = Sandbox::with_context("a", "https://a");
    let before = config_bytes(&sb);
    for prefix in [
        "http://x/fleet",
        "https://x",
        "/fleet?team=1",
        "/fleet#top",
        "/fl eet",
        "/fleet\t/x",
    ] {
        let out = sb
            .cmd()
            .args(["config", "set", "--url-prefix", prefix])
            .output()
            .unwrap();
        assert_exit(&out, 2);
        assert_stderr_contains(&out, "error: invalid --url-prefix");
        assert_stderr_contains(
            &out,
            "hint: give the path the server is mounted under, e.g. --url-prefix /fleet",
        );
        assert_eq!(config_bytes(&sb), before, "{prefix:?} changed the file");
    }
    sb.config_set(&["--url-prefix", "fleet/api/"]);
    sb.config_get(&["url-prefix"]).stdout("/fleet/api\n");
}

#[test]
fn a_missing_config_file_is_named_with_where_its_path_came_from() {
    let sb = Sandbox::new();
    let missing = sb.dir.path().join("no").join("such").join("config.toml");
    let shown = missing.display().to_string();
    for args in [
        vec!["whoami"],
        vec!["config", "get"],
        vec!["config", "use-context", "a"],
        vec!["debug", "archive"],
    ] {
        let out = sb
            .cmd()
            .arg("--config")
            .arg(&missing)
            .args(&args)
            .output()
            .unwrap();
        assert_exit(&out, 1);
        assert_stderr_contains(
            &out,
            &format!("error: config file {shown} (given by --config) does not exist"),
        );
        assert_stderr_contains(
            &out,
            &format!("fleetctl --config {shown} config set --context"),
        );
        assert!(!stderr_of(&out).contains("no contexts exist yet"));
    }
    assert!(
        !missing.parent().unwrap().exists(),
        "a directory was created"
    );

    let out = sb
        .cmd()
        .env("FLEETCTL_CONFIG", &missing)
        .args(["config", "get"])
        .output()
        .unwrap();
    assert_exit(&out, 1);
    assert_stderr_contains(
        &out,
        &format!("error: config file {shown} (given by FLEETCTL_CONFIG) does not exist"),
    );

    // The default location (XDG_CONFIG_HOME is the sandbox's `xdg`).
    let default = sb
        .dir
        .path()
        .join("xdg")
        .join("fleetctl")
        .join("config.toml");
    let out = sb
        .cmd()
        .env_remove("FLEETCTL_CONFIG")
        .arg("whoami")
        .output()
        .unwrap();
    assert_exit(&out, 1);
    assert_stderr_contains(
        &out,
        &format!(
            "error: config file {} (the default location) does not exist",
            default.display()
        ),
    );
    assert_stderr_contains(
        &out,
        "hint: create one with `fleetctl config set --context default --address URL`",
    );

    // A file that exists but has no contexts yet keeps the old message.
    sb.write_config("");
    let out = sb.cmd().args(["config", "get"]).output().unwrap();
    assert_stderr_contains(&out, "no contexts exist yet");
}

#[cfg(unix)]
#[test]
fn a_dangling_symlinked_config_is_created_at_its_target() {
    let sb = Sandbox::new();
    let dotfiles = sb.dir.path().join("dotfiles");
    std::fs::create_dir_all(&dotfiles).unwrap();
    std::fs::create_dir_all(sb.config.parent().unwrap()).unwrap();
    // Relative to the link's folder (cfg/fleetctl/).
    std::os::unix::fs::symlink("../../dotfiles/fleetctl.toml", &sb.config).unwrap();
    sb.add_context("a", "https://a");
    let is_link = |p: &std::path::Path| {
        std::fs::symlink_metadata(p)
            .unwrap()
            .file_type()
            .is_symlink()
    };
    assert!(is_link(&sb.config), "the link was replaced by a file");
    let real = dotfiles.join("fleetctl.toml");
    assert!(
        std::fs::read_to_string(&real)
            .unwrap()
            .contains("https://a")
    );
    #[cfg(unix)]
    assert_eq!(crate::harness::mode(&real), 0o600);
    sb.config_get(&["address"]).stdout("https://a\n");

    // A link into a folder that does not exist: an error naming both, the link kept.
    let other = Sandbox::new();
    std::fs::create_dir_all(other.config.parent().unwrap()).unwrap();
    let nowhere = other.dir.path().join("gone").join("fleetctl.toml");
    std::os::unix::fs::symlink(&nowhere, &other.config).unwrap();
    let out = other
        .cmd()
        .args(["config", "set", "--context", "a", "--address", "https://a"])
        .output()
        .unwrap();
    assert_exit(&out, 1);
    assert_stderr_contains(
        &out,
        &format!(
            "is a symlink to {}, whose directory does not exist",
            nowhere.display()
        ),
    );
    assert!(is_link(&other.config));
    assert!(!nowhere.parent().unwrap().exists());
}

#[test]
fn version_flag_works_after_any_subcommand() {
    let sb = Sandbox::new();
    let version = env!("CARGO_PKG_VERSION");
    for args in [
        vec!["-V"],
        vec!["--version"],
        vec!["debug", "archive", "-V"],
        vec!["config", "set", "--version"],
        vec!["whoami", "-V"],
    ] {
        sb.cmd()
            .args(&args)
            .assert()
            .success()
            .stdout(predicate::str::contains(version));
    }
    assert!(!sb.config.exists());
}
