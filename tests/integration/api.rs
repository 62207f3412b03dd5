//! `fleetctl api`: REST calls with the context's address, prefix, TLS, headers and token.

use crate::harness::{
    Sandbox, assert_exit, assert_stderr_contains, json_stdout, stderr_of, stdout_of,
};
use crate::support::dev_server::{self as srv, DevServer, DevServerConfig, Fault};

/// A server and a sandbox whose context `a` holds the API-only admin's token.
fn admin_setup(config: DevServerConfig) -> (DevServer, Sandbox) {
    let server = DevServer::start(config);
    let sb = Sandbox::with_context("a", &server.url);
    sb.config_set(&["--context", "a", "--token", srv::API_ONLY_ADMIN_TOKEN]);
    (server, sb)
}

#[test]
fn api_gets_a_path_with_the_contexts_prefix_headers_and_token() {
    let (server, sb) = admin_setup(DevServerConfig::default().with_prefix("/fleet"));
    sb.config_set(&["--context", "a", "--url-prefix", "/fleet"]);
    sb.config_set(&["--context", "a", "--custom-header", "X-Team: ops"]);
    let full = sb
        .cmd()
        .args(["api", "/api/latest/fleet/version"])
        .output()
        .unwrap();
    assert_exit(&full, 0);
    assert_eq!(json_stdout(&full)["version"], "4.60.0-dev");
    // To a pipe the body is as it came, byte for byte.
    let sent = server.settled_requests_to("/api/latest/fleet/version");
    assert_eq!(Some(full.stdout.clone()), sent[0].response_body);
    // The Go client's rule: every spelling of a short path reaches /api/v1/fleet/...
    for path in [
        "version",
        "/version",
        "api/v1/fleet/version",
        "/api/v1/fleet/version",
    ] {
        let out = sb
            .cmd()
            .args(["api", "--context", "a", path])
            .output()
            .unwrap();
        assert_exit(&out, 0);
        assert_eq!(out.stdout, full.stdout, "{path}");
        let request = server.settled_requests().pop().unwrap();
        assert_eq!(request.path, "/api/v1/fleet/version", "{path}");
    }
    for request in server.settled_requests() {
        assert_eq!(request.method, "GET");
        assert_eq!(
            request.header("authorization"),
            Some(format!("Bearer {}", srv::API_ONLY_ADMIN_TOKEN).as_str())
        );
        assert_eq!(request.header("x-team"), Some("ops"));
    }
    // A query string in PATH, and --silent.
    let out = sb
        .cmd()
        .args(["api", "hosts?per_page=1", "--silent"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert!(out.stdout.is_empty());
    assert_eq!(
        server.settled_requests().pop().unwrap().path,
        "/api/v1/fleet/hosts?per_page=1"
    );
}

#[test]
fn api_fields_on_get_are_query_parameters_as_in_the_go_client() {
    let (server, sb) = admin_setup(DevServerConfig::default());
    // -X defaults to GET even with fields; a bare name is ignored there (with a warning),
    // `<file` and `@file` are literal text, -f is a string.
    let out = sb
        .cmd()
        .args([
            "api",
            "-F",
            "per_page=1",
            "-F",
            "dry_run",
            "-F",
            "q=<nofile",
        ])
        .args(["-f", "query=a&b c", "-F", "per_page=2", "hosts"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert_stderr_contains(&out, "`dry_run` has no `=value` and is ignored on a GET");
    let request = server.settled_requests().pop().unwrap();
    assert_eq!(request.method, "GET");
    assert_eq!(request.route(), "/api/v1/fleet/hosts");
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    assert_eq!(
        request.query(),
        pairs(&[
            ("per_page", "1"),
            ("q", "<nofile"),
            ("per_page", "2"),
            ("query", "a&b c")
        ])
    );
    assert!(request.body.is_empty());
    assert_eq!(request.header("content-type"), None);
    // The server read the first per_page: one host.
    assert_eq!(json_stdout(&out)["hosts"].as_array().unwrap().len(), 1);
}

#[test]
fn api_fields_on_other_methods_are_a_json_body_with_json_values() {
    let (server, sb) = admin_setup(DevServerConfig::default());
    let query = sb.write_file(
        "q.sql",
        "SELECT 1 FROM os_version WHERE platform = 'darwin';",
    );
    let spec = sb.write_file("team.json", r#"{"id": 3, "name": "ops"}"#);
    let out = sb
        .cmd()
        .args(["api", "-X", "POST", "-f", "name=macs", "-F"])
        .arg(format!("query=<{}", query.display()))
        .arg("-F")
        .arg(format!("team=<{}", spec.display()))
        .args(["-F", "platform=null", "-F", "ids=[1,2]", "-F", "n=3"])
        .args(["-F", "critical=false", "-F", "enabled", "-F", "label=web 1"])
        .args(["-f", "count=7", "-H", "X-Request-Id:ci-42", "labels"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert_eq!(json_stdout(&out)["label"]["name"], "macs");
    let request = server.settled_requests().pop().unwrap();
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/api/v1/fleet/labels");
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("x-request-id"), Some("ci-42"));
    let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"name": "macs", "count": "7",
            "query": "SELECT 1 FROM os_version WHERE platform = 'darwin';",
            "team": {"id": 3, "name": "ops"}, "platform": null, "ids": [1, 2], "n": 3,
            "critical": false, "enabled": true, "label": "web 1"})
    );

    // PATCH and DELETE send the body too; a 404 prints nothing on stdout.
    for method in ["PATCH", "DELETE", "put"] {
        let out = sb
            .cmd()
            .args(["api", "-X", method, "-F", "name=x", "labels/42"])
            .output()
            .unwrap();
        assert_exit(&out, 1);
        assert!(out.stdout.is_empty(), "{}", stdout_of(&out));
        let request = server.settled_requests().pop().unwrap();
        assert_eq!(request.method, method.to_ascii_uppercase());
        assert_eq!(request.body, br#"{"name":"x"}"#);
    }

    // --input - sends stdin as the body (POST unless -X says otherwise).
    let out = sb
        .cmd()
        .args(["api", "labels", "--input", "-"])
        .write_stdin(r#"{"name":"from-stdin","query":"SELECT 2"}"#)
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert_eq!(json_stdout(&out)["label"]["query"], "SELECT 2");
    let request = server.settled_requests().pop().unwrap();
    assert_eq!(request.method, "POST");
    assert_eq!(request.body, br#"{"name":"from-stdin","query":"SELECT 2"}"#);
}

#[test]
fn api_at_file_fields_upload_multipart_form_data() {
    let (server, sb) = admin_setup(DevServerConfig::default());
    let script = sb.write_file("hello.sh", "#!/bin/sh\necho \"hi\" --\r\n");
    let notes = sb.write_file("notes.txt", "line one\n");
    let out = sb
        .cmd()
        .args(["api", "-X", "POST", "-F"])
        .arg(format!("script=@{}", script.display()))
        .args(["-F", "team_id=3", "-F", "dry"])
        .arg("-F")
        .arg(format!("notes=<{}", notes.display()))
        .arg("scripts")
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert_eq!(
        json_stdout(&out),
        serde_json::json!({"script_id": 7, "name": "hello.sh", "bytes": 24})
    );
    let request = server.settled_requests().pop().unwrap();
    assert_eq!(request.path, "/api/v1/fleet/scripts");
    assert!(
        request
            .header("content-type")
            .unwrap()
            .starts_with("multipart/form-data; boundary="),
        "{:?}",
        request.header("content-type")
    );
    assert_eq!(
        request.header("content-length"),
        Some(request.body.len().to_string().as_str())
    );
    let parts = request.form_parts();
    let summary: Vec<(String, Option<String>, Vec<u8>)> = parts
        .iter()
        .map(|p| (p.name.clone(), p.file_name.clone(), p.data.clone()))
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                "script".into(),
                Some("hello.sh".into()),
                b"#!/bin/sh\necho \"hi\" --\r\n".to_vec()
            ),
            ("team_id".into(), None, b"3".to_vec()),
            ("dry".into(), None, b"true".to_vec()),
            ("notes".into(), None, b"line one\n".to_vec()),
        ]
    );
    assert_eq!(
        parts[0].content_type.as_deref(),
        Some("application/octet-stream")
    );
}

#[test]
fn api_refuses_a_field_file_it_cannot_read() {
    let (server, sb) = admin_setup(DevServerConfig::default());
    for (field, reason) in [
        ("script=@missing.sh", "cannot read missing.sh"),
        ("query=<missing.sql", "cannot read missing.sql"),
        ("script=@.", "it is a directory"),
    ] {
        let out = sb
            .cmd()
            .args(["api", "-X", "POST", "-F", field, "scripts"])
            .output()
            .unwrap();
        assert_exit(&out, 2);
        assert_stderr_contains(&out, reason);
        assert!(out.stdout.is_empty());
    }
    // Stdin can feed one of --input and a -F @- field, not both.
    let out = sb
        .cmd()
        .args(["api", "labels", "--input", "-", "-F", "query=@-"])
        .write_stdin("{}")
        .output()
        .unwrap();
    assert_exit(&out, 2);
    assert_stderr_contains(&out, "both read stdin");
    // Headers the context decides are refused; a header without `:` is ignored, with a
    // warning, as the Go client ignores it.
    for header in ["Authorization: Bearer other", "Host: evil.example.com"] {
        let out = sb
            .cmd()
            .args(["api", "version", "-H", header])
            .output()
            .unwrap();
        assert_exit(&out, 2);
        assert_stderr_contains(&out, "fleetctl sets this header itself");
    }
    assert!(server.settled_requests().is_empty());
    let out = sb
        .cmd()
        .args(["api", "-H", "X-Nothing", "version"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert_stderr_contains(&out, "header `X-Nothing` has no `:`");
    assert_eq!(
        server.settled_requests().pop().unwrap().header("x-nothing"),
        None
    );
}

#[test]
fn api_exit_codes_follow_the_tool() {
    let (server, sb) = admin_setup(DevServerConfig::default());
    // 404: nothing on stdout (as the Go client), the status and Fleet's message: reason on
    // stderr, exit 1.
    let out = sb.cmd().args(["api", "nothing"]).output().unwrap();
    assert_exit(&out, 1);
    assert!(out.stdout.is_empty(), "{}", stdout_of(&out));
    assert_stderr_contains(&out, "GET /api/v1/fleet/nothing: HTTP 404 Not Found");
    assert_stderr_contains(
        &out,
        "Resource Not Found: no route for GET /api/v1/fleet/nothing",
    );
    // 422
    let out = sb
        .cmd()
        .args(["api", "-X", "POST", "labels", "-f", "name=x"])
        .output()
        .unwrap();
    assert_exit(&out, 1);
    assert!(out.stdout.is_empty());
    assert_stderr_contains(&out, "HTTP 422 Unprocessable Entity");
    assert_stderr_contains(&out, "Validation Failed: query must not be empty");
    // 403: an observer may not create labels.
    sb.config_set(&["--context", "a", "--token", srv::API_ONLY_OBSERVER_TOKEN]);
    let out = sb
        .cmd()
        .args([
            "api",
            "-X",
            "POST",
            "labels",
            "-f",
            "name=x",
            "-f",
            "query=SELECT 1",
        ])
        .output()
        .unwrap();
    assert_exit(&out, 4);
    assert_stderr_contains(&out, "permission denied: Permission Denied: forbidden");
    assert_stderr_contains(&out, "an API-only user with an endpoint allowlist");
    // 401, with FLEETCTL_TOKEN overriding the context's token.
    let out = sb
        .cmd()
        .args(["api", "me"])
        .env("FLEETCTL_TOKEN", "not-a-valid-token-0123456789")
        .output()
        .unwrap();
    assert_exit(&out, 4);
    assert_stderr_contains(&out, "FLEETCTL_TOKEN");
    // FLEETCTL_TOKEN is the token sent.
    let out = sb
        .cmd()
        .args(["api", "me"])
        .env("FLEETCTL_TOKEN", srv::API_ONLY_ADMIN_TOKEN)
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert_eq!(json_stdout(&out)["user"]["name"], "CI bot");
    // 5xx is an HTTP error like the others (1); unreachable and TLS failures are 5.
    drop(server);
    let failing = DevServer::start(
        DevServerConfig::default().with_fault("/api/v1/fleet/version", Fault::Status(500)),
    );
    sb.config_set(&["--context", "a", "--address", &failing.url]);
    let out = sb.cmd().args(["api", "version"]).output().unwrap();
    assert_exit(&out, 1);
    assert_stderr_contains(&out, "server error 500");
    drop(failing);
    let out = sb.cmd().args(["api", "version"]).output().unwrap();
    assert_exit(&out, 5);
    assert_stderr_contains(&out, "connection refused");
    let tls = DevServer::start(DevServerConfig::default().with_tls());
    sb.config_set(&["--context", "a", "--address", &tls.url]);
    let out = sb.cmd().args(["api", "version"]).output().unwrap();
    assert_exit(&out, 5);
    assert_stderr_contains(&out, "TLS");
    assert!(tls.settled_requests().is_empty());
}

#[test]
fn api_paths_never_leave_the_contexts_server() {
    let (server, sb) = admin_setup(DevServerConfig::default());
    for path in [
        "https://evil.example.com/api/latest/fleet/me",
        "//evil.example.com/api/latest/fleet/me",
        "/api/latest/../../../etc/passwd",
        "fleet/%2e%2e/%2E%2E/x",
        "hosts/%2f..%2f..%2f..%2fdebug%2fpprof%2fcmdline",
        "hosts%2F%2E%2E%2F%2E%2E%2Fx",
        "hosts/%252e%252e/x",
        "me#x",
    ] {
        let out = sb.cmd().args(["api", path]).output().unwrap();
        assert_exit(&out, 2);
        assert_stderr_contains(&out, "invalid API path");
    }
    // `@host` in a path is a path segment on the context's server.
    let out = sb
        .cmd()
        .args(["api", "@evil.example.com/x"])
        .output()
        .unwrap();
    assert_exit(&out, 1);
    assert_eq!(server.settled_requests().len(), 1);
    assert_eq!(
        server.settled_requests()[0].path,
        "/api/v1/fleet/@evil.example.com/x"
    );
    // Credentials never go over plain http to a remote host.
    sb.config_set(&["--context", "a", "--address", "http://fleet.example.com"]);
    let out = sb.cmd().args(["api", "me"]).output().unwrap();
    assert_exit(&out, 2);
    assert_stderr_contains(&out, "refusing to send credentials");
}

#[test]
fn api_never_prints_the_token_outside_the_body() {
    let (_server, sb) = admin_setup(DevServerConfig::default().with_echo_token());
    let token = srv::API_ONLY_ADMIN_TOKEN;
    let out = sb
        .cmd()
        .args(["--debug", "api", "-i", "me"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let text = stdout_of(&out);
    assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
    assert!(
        text.contains("x-fleet-session: session=[REDACTED]; seen\r\n"),
        "{text}"
    );
    assert!(
        !text.to_ascii_lowercase().contains("authorization"),
        "{text}"
    );
    assert!(!text.contains(token), "{text}");
    assert!(text.contains("\r\n\r\n{\""), "{text}");
    assert!(text.ends_with("\"teams\":[]}}"), "{text}");
    assert!(!stderr_of(&out).contains(token), "{}", stderr_of(&out));
    assert_stderr_contains(&out, "authorization: [REDACTED]");

    // An error body quoting the token: nothing on stdout, the server's message on stderr
    // with the token masked.
    let out = sb.cmd().args(["api", "nothing"]).output().unwrap();
    assert_exit(&out, 1);
    assert!(out.stdout.is_empty(), "{}", stdout_of(&out));
    assert!(!stderr_of(&out).contains(token), "{}", stderr_of(&out));
    assert_stderr_contains(&out, "(session [REDACTED])");
}

#[test]
fn api_pretty_prints_json_on_a_terminal_only() {
    let (_server, sb) = admin_setup(DevServerConfig::default());
    let bin = assert_cmd::cargo::cargo_bin("fleetctl");
    let shell = format!("{} api version; echo rc=$?", bin.display());
    let Some(screen) = crate::harness::in_terminal(&sb, &shell, "rc=", b"") else {
        return;
    };
    assert!(screen.contains("\"version\": \"4.60.0-dev\""), "{screen}");
    assert!(screen.contains("rc=0"), "{screen}");
    // To a pipe: compact, as the server sent it.
    let out = sb.cmd().args(["api", "version"]).output().unwrap();
    let text = stdout_of(&out);
    assert!(
        text.contains("\"version\":\"4.60.0-dev\"") && !text.contains('\n'),
        "{text}"
    );
}

#[test]
fn api_output_to_a_closed_pipe_ends_quietly() {
    let (_server, sb) = admin_setup(
        DevServerConfig::default()
            .with_fault("/api/v1/fleet/hosts", Fault::LargeBody(8 * 1024 * 1024)),
    );
    let bin = assert_cmd::cargo::cargo_bin("fleetctl");
    let mut shell = std::process::Command::new("bash");
    sb.isolate(&mut shell).args([
        "-c",
        "\"$0\" api hosts | head -c1 >/dev/null; echo \"rc=${PIPESTATUS[0]}\"",
    ]);
    shell.arg(&bin);
    let out = crate::harness::guarded(shell).output().unwrap();
    assert_exit(&out, 0);
    assert_eq!(stdout_of(&out).trim(), "rc=0", "{}", stderr_of(&out));
    assert!(stderr_of(&out).is_empty(), "{}", stderr_of(&out));
}

#[test]
fn the_ci_example_checks_version_and_health_and_archives_when_unhealthy() {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ci.sh");
    let bin = assert_cmd::cargo::cargo_bin("fleetctl");
    for unhealthy in [false, true] {
        let server = DevServer::start(DevServerConfig {
            unhealthy: if unhealthy {
                vec!["mysql".into()]
            } else {
                vec![]
            },
            ..DevServerConfig::default()
        });
        let sb = Sandbox::new();
        let mut shell = std::process::Command::new("bash");
        sb.isolate(&mut shell)
            .arg(&script)
            .env("FLEETCTL", &bin)
            .env("FLEET_URL", &server.url)
            .env("FLEET_API_TOKEN", srv::API_ONLY_ADMIN_TOKEN)
            .env("FLEET_PROFILE_SECONDS", "1")
            .env("ARTIFACTS_DIR", &sb.work);
        let out = crate::harness::guarded(shell).output().unwrap();
        let all = format!("{}{}", stdout_of(&out), stderr_of(&out));
        assert!(!all.contains(srv::API_ONLY_ADMIN_TOKEN), "{all}");
        assert!(all.contains("4.60.0-dev"), "{all}");
        let archives: Vec<String> = sb
            .work_files()
            .into_iter()
            .filter(|f| f.ends_with(".tar.gz"))
            .collect();
        if unhealthy {
            assert_eq!(out.status.code(), Some(3), "{all}");
            assert_eq!(archives.len(), 1, "{all}");
        } else {
            assert_eq!(out.status.code(), Some(0), "{all}");
            assert!(archives.is_empty(), "{all}");
        }
    }
}
