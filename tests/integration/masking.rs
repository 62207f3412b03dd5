//! The context's token (and the metrics password) never leave the server's answers intact: a
//! leaking bundled server (`DevServerConfig::with_echo_token`) plants the caller's bearer token
//! in the debug bodies, and neither the archive (any member, gunzipped or not, nor the
//! manifest) nor the single commands' output may hold it afterwards.

use std::collections::BTreeMap;
use std::io::Read;
use std::process::Output;

use crate::harness::{
    Members, Sandbox, assert_exit, json_member, read_archive, stderr_of, stdout_of,
};
use crate::support::dev_server::{self as srv, DevServer, DevServerConfig, Fault};
use crate::support::profiles::PROFILE_KINDS;

const METRICS_USER: &str = "prom";
const METRICS_PASSWORD: &str = "metrics-Pl4nted-pw-6021";

/// Members whose body the leaking server plants the token in (the metrics password for
/// metrics.txt), with the number of occurrences the manifest must report.
const PLANTED: [(&str, u64); 7] = [
    ("errors.json", 2),
    ("heap.prof", 4),
    ("goroutine.prof", 4),
    ("trace.prof", 3),
    ("db-process-list.json", 1),
    ("metrics.txt", 1),
    // At least: `--api-token=T`, the free-standing `T`, `--logging_tag=session-T-end`.
    ("cmdline.prof", 3),
];

/// Members the server leaves clean: no redactions in the manifest, bytes as served.
const CLEAN: [&str; 7] = [
    "allocs.prof",
    "block.prof",
    "mutex.prof",
    "profile.prof",
    "threadcreate.prof",
    "db-locks.json",
    "db-innodb-status.json",
];

fn leaking_server() -> DevServer {
    DevServer::start(DevServerConfig {
        metrics_basic_auth: Some((METRICS_USER.into(), METRICS_PASSWORD.into())),
        ..DevServerConfig::default().with_echo_token()
    })
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// Every gzip member decompressed (a second member would be read too).
fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("gunzip");
    out
}

/// `bytes` with every occurrence of each secret replaced by `*` of the same length.
fn starred(bytes: &[u8], secrets: &[&str]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for secret in secrets {
        let n = secret.len();
        let mut at = 0;
        while at + n <= out.len() {
            if &out[at..at + n] == secret.as_bytes() {
                out[at..at + n].fill(b'*');
                at += n;
            } else {
                at += 1;
            }
        }
    }
    out
}

/// Fails when a secret is in `bytes`, or in them gunzipped when they are gzip.
#[track_caller]
fn assert_clean(what: &str, bytes: &[u8], secrets: &[&str]) {
    for secret in secrets {
        assert!(!contains(bytes, secret), "secret in {what}");
        if is_gzip(bytes) {
            assert!(
                !contains(&gunzip(bytes), secret),
                "secret in {what}, gunzipped"
            );
        }
    }
}

#[track_caller]
fn assert_output_clean(what: &str, out: &Output, secrets: &[&str]) {
    assert_clean(&format!("stdout of {what}"), &out.stdout, secrets);
    assert_clean(&format!("stderr of {what}"), &out.stderr, secrets);
}

/// What the server answered on each /debug path (without the query), and on /metrics.
fn served(server: &DevServer) -> BTreeMap<String, Vec<u8>> {
    server
        .requests()
        .into_iter()
        .filter(|r| r.status == 200 && (r.path.starts_with("/debug/") || r.path == "/metrics"))
        .map(|r| {
            (
                r.path.split('?').next().unwrap().to_string(),
                r.response_body.unwrap(),
            )
        })
        .collect()
}

fn endpoint(member: &str) -> String {
    match member {
        "errors.json" => "/debug/errors".into(),
        "metrics.txt" => "/metrics".into(),
        m if m.starts_with("db-") => format!(
            "/debug/db/{}",
            m.trim_start_matches("db-").trim_end_matches(".json")
        ),
        m => format!("/debug/pprof/{}", m.trim_end_matches(".prof")),
    }
}

fn logged_in(server: &DevServer) -> (Sandbox, String) {
    let sb = Sandbox::with_context("a", &server.url);
    assert_exit(&sb.login(srv::ADMIN_EMAIL, srv::ADMIN_PASSWORD), 0);
    let token = sb.token("a").expect("a token after login");
    (sb, token)
}

#[test]
fn archive_masks_the_token_in_every_member_and_keeps_profiles_decodable() {
    let server = leaking_server();
    let (sb, token) = logged_in(&server);
    sb.config_set(&["--context", "a", "--metrics-username", METRICS_USER]);
    let secrets = [token.as_str(), METRICS_PASSWORD];
    let out = sb
        .archive_cmd("a", 1)
        .args(["-o", "masked.tar.gz"])
        .env("FLEETCTL_METRICS_PASSWORD", METRICS_PASSWORD)
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert_output_clean("debug archive", &out, &secrets);

    // The server did leak: each planted body holds the secret (so the checks below can fail).
    let served = served(&server);
    for (member, _) in PLANTED {
        let body = &served[&endpoint(member)];
        let secret = if member == "metrics.txt" {
            METRICS_PASSWORD
        } else {
            &token
        };
        let plain = if is_gzip(body) {
            gunzip(body)
        } else {
            body.clone()
        };
        assert!(
            contains(&plain, secret),
            "the server did not plant in {member}"
        );
    }

    let members: Members = read_archive(&sb.work.join("masked.tar.gz"));
    assert_eq!(members.len(), 14 + 1 + 1 + 1, "{:?}", members.keys());
    for (name, (_, bytes)) in &members {
        assert_clean(name, bytes, &secrets);
    }

    // Masked profiles still gunzip and decode, and equal what was served with the token starred
    // (same length, so the protobuf stays valid).
    for kind in PROFILE_KINDS {
        let bytes = &members[&format!("masked/{kind}.prof")].1;
        assert!(is_gzip(bytes), "{kind}.prof is still gzip");
        let got = fleetctl::pprof::decode(bytes).unwrap_or_else(|e| panic!("{kind}: {e}"));
        let want = fleetctl::pprof::decode(&starred(
            &gunzip(&served[&format!("/debug/pprof/{kind}")]),
            &secrets,
        ))
        .unwrap();
        assert_eq!(got, want, "{kind}.prof");
    }
    let heap = fleetctl::pprof::decode(&members["masked/heap.prof"].1).unwrap();
    let stars = "*".repeat(token.len());
    let leaked_frame =
        format!("github.com/fleetdm/fleet/v4/server/service.authenticate.token({stars})");
    assert!(
        heap.string_table.contains(&leaked_frame),
        "the planted frame is kept, masked"
    );
    assert!(
        heap.top_functions(0).iter().any(|f| f.name == leaked_frame),
        "and still resolves as a function"
    );

    // Trace, JSON and metrics: byte for byte as served with the secrets starred, so the token
    // straddling the 128 KiB mark of the trace is masked too.
    for member in [
        "trace.prof",
        "errors.json",
        "db-process-list.json",
        "metrics.txt",
    ] {
        assert_eq!(
            members[&format!("masked/{member}")].1,
            starred(&served[&endpoint(member)], &secrets),
            "{member}"
        );
    }
    assert!(json_member(&members, "masked/errors.json").is_array());
    let trace = &members["masked/trace.prof"].1;
    assert!(trace.len() > 128 * 1024);
    assert_eq!(
        &trace[128 * 1024 - token.len() / 2..][..token.len()],
        stars.as_bytes()
    );

    // The cmdline: the token is redacted wherever it stands, even inside a non-secret value.
    let cmdline = String::from_utf8_lossy(&members["masked/cmdline.prof"].1).into_owned();
    assert!(
        cmdline.contains("--logging_tag=session-[REDACTED]-end"),
        "{cmdline:?}"
    );
    assert!(cmdline.contains("\0--bearer\0[REDACTED]"), "{cmdline:?}");

    // The manifest names what was redacted (counts, never values) and matches the members.
    let manifest = json_member(&members, "masked/manifest.json");
    let items = manifest["items"].as_array().unwrap();
    assert_eq!(items.len(), 15);
    let item = |member: &str| {
        items
            .iter()
            .find(|i| i["member"] == member)
            .unwrap_or_else(|| panic!("{member} not in the manifest"))
    };
    for (member, count) in PLANTED {
        let redactions = &item(member)["redactions"];
        let got = redactions["token"].as_u64().unwrap_or(0);
        if member == "cmdline.prof" {
            assert!(got >= count, "{member}: {redactions}");
        } else {
            assert_eq!(got, count, "{member}: {redactions}");
        }
    }
    for member in CLEAN {
        assert!(item(member).get("redactions").is_none(), "{member}");
        assert_eq!(
            members[&format!("masked/{member}")].1,
            served[&endpoint(member)],
            "{member} is as served"
        );
    }
    for i in items {
        assert_eq!(i["outcome"], "ok", "{i}");
        let member = i["member"].as_str().unwrap();
        let bytes = &members[&format!("masked/{member}")].1;
        assert_eq!(i["bytes"], bytes.len() as u64, "{member}");
    }
}

#[test]
fn single_commands_never_show_the_token() {
    let server = leaking_server();
    let sb = Sandbox::with_context("a", &server.url);
    // An API-only token this time (the archive test uses a login session).
    sb.store_token("a", srv::API_ONLY_ADMIN_TOKEN);
    sb.config_set(&["--context", "a", "--metrics-username", METRICS_USER]);
    let token = srv::API_ONLY_ADMIN_TOKEN;
    let secrets = [token, METRICS_PASSWORD];
    let run = |args: &[&str]| {
        let out = sb
            .cmd()
            .args(args)
            .args(["--context", "a"])
            .output()
            .unwrap();
        assert_exit(&out, 0);
        assert_output_clean(&args.join(" "), &out, &secrets);
        out
    };

    // Text commands on stdout.
    let out = run(&["debug", "errors", "--stdout"]);
    let errors: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        errors.to_string().contains(&"*".repeat(token.len())),
        "{errors}"
    );
    run(&["debug", "errors", "--stdout", "--debug"]);
    let out = run(&["debug", "cmdline"]);
    let text = stdout_of(&out);
    assert!(
        text.contains("--logging_tag=session-[REDACTED]-end"),
        "{text}"
    );
    // --no-scrub keeps the server's own secrets, never the caller's token.
    let out = run(&["debug", "cmdline", "--no-scrub"]);
    let text = stdout_of(&out);
    assert!(text.contains(srv::PLANTED_SECRETS[0]), "{text}");
    assert!(text.contains("session-[REDACTED]-end"), "{text}");
    run(&["debug", "db-process-list", "--stdout"]);
    let out = sb
        .cmd()
        .args(["debug", "metrics", "--context", "a", "--password-stdin"])
        .write_stdin(format!("{METRICS_PASSWORD}\n"))
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert_output_clean("debug metrics", &out, &secrets);
    assert!(stdout_of(&out).contains("fleet_last_login{credential=\"*"));

    // Files.
    for (args, file) in [
        (&["debug", "errors", "-o", "errors.json"][..], "errors.json"),
        (
            &["debug", "cmdline", "-o", "cmdline.txt"][..],
            "cmdline.txt",
        ),
        (&["debug", "heap", "-o", "heap.prof"][..], "heap.prof"),
        (
            &["debug", "goroutine", "-o", "goroutine.prof"][..],
            "goroutine.prof",
        ),
        (&["debug", "trace", "-o", "trace.out"][..], "trace.out"),
    ] {
        run(args);
        let bytes = std::fs::read(sb.work.join(file)).unwrap();
        assert_clean(file, &bytes, &secrets);
    }
    for file in ["heap.prof", "goroutine.prof"] {
        let bytes = std::fs::read(sb.work.join(file)).unwrap();
        assert!(is_gzip(&bytes), "{file}");
        let profile = fleetctl::pprof::decode(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(
            profile
                .string_table
                .iter()
                .any(|s| s.contains(&"*".repeat(token.len()))),
            "{file}: the planted strings are kept, masked"
        );
    }
    serde_json::from_slice::<serde_json::Value>(
        &std::fs::read(sb.work.join("errors.json")).unwrap(),
    )
    .expect("errors.json is still JSON");
}

#[test]
fn server_error_text_quoting_the_token_is_masked() {
    // A failing endpoint whose error text quotes the caller's token: the reason lands in the
    // manifest and on stderr, and must not carry the token there.
    let server = DevServer::start(
        DevServerConfig::default()
            .with_echo_token()
            .with_fault("/debug/db/locks", Fault::Status(500)),
    );
    let (sb, token) = logged_in(&server);
    let secrets = [token.as_str()];
    let out = sb.archive(&["-o", "partial.tar.gz"]);
    assert_exit(&out, 3);
    assert_output_clean("debug archive", &out, &secrets);
    let locks = server.requests_to("/debug/db/locks");
    assert!(
        contains(locks[0].response_body.as_ref().unwrap(), &token),
        "the server quoted the token"
    );
    assert!(
        stderr_of(&out).contains("failed db-locks"),
        "{}",
        stderr_of(&out)
    );
    let members = read_archive(&sb.work.join("partial.tar.gz"));
    for (name, (_, bytes)) in &members {
        assert_clean(name, bytes, &secrets);
    }
    let manifest = json_member(&members, "partial/manifest.json");
    let item = manifest["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "db-locks")
        .unwrap()
        .clone();
    assert_eq!(item["outcome"], "failed");
    assert!(
        item["error"].as_str().unwrap().contains("rejected session"),
        "{item}"
    );

    let out = sb
        .cmd()
        .args(["debug", "db-locks", "--context", "a"])
        .output()
        .unwrap();
    assert_exit(&out, 5);
    assert_output_clean("debug db-locks", &out, &secrets);
    assert!(
        stderr_of(&out).contains("rejected session"),
        "{}",
        stderr_of(&out)
    );
}

/// A token the server quotes inside JSON strings with `\u` escapes (one character, every
/// character, upper- and lower-case hex, in the middle): what a JSON decoder makes of the output
/// (stdout of `debug errors`, the archive's errors.json) never holds it.
#[test]
fn a_token_in_json_escapes_is_masked_however_the_server_escaped_it() {
    let token = srv::API_ONLY_ADMIN_TOKEN;
    let mut chars = token.chars();
    let first = chars.next().unwrap();
    let one = format!("\\u{:04X}{}", first as u32, chars.as_str());
    let every: String = token
        .chars()
        .map(|c| format!("\\u{:04x}", c as u32))
        .collect();
    let middle = token.len() / 2;
    let inner = format!(
        "{}\\u{:04x}{}",
        &token[..middle],
        token.as_bytes()[middle],
        &token[middle + 1..]
    );
    let body = format!(
        r#"[{{"reason":"bad token {one}"}},{{"reason":"{every}"}},{{"echo":"x{inner}y"}}]"#
    );
    // The body really carries the token for a JSON decoder.
    let decoded: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(decoded.to_string().contains(&token[..middle]));
    assert!(decoded[1]["reason"].as_str() == Some(token));
    assert!(decoded[2]["echo"].as_str() == Some(format!("x{token}y").as_str()));
    let server = DevServer::start(DevServerConfig::default().with_fault(
        "/debug/errors",
        Fault::Body("application/json", body.into_bytes()),
    ));
    let sb = Sandbox::with_context("a", &server.url);
    sb.store_token("a", token);
    let decodes_clean = |what: &str, bytes: &[u8]| {
        let value: serde_json::Value = serde_json::from_slice(bytes)
            .unwrap_or_else(|e| panic!("{what} is no longer JSON: {e}"));
        let text = value.to_string();
        assert!(
            !text.contains(&token[..12]),
            "{what} decodes to the token: {text}"
        );
        assert_eq!(text.matches("bad token").count(), 1, "{what}: {text}");
    };

    let out = sb
        .cmd()
        .args(["debug", "errors", "--stdout"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    decodes_clean("stdout of debug errors", &out.stdout);

    let out = sb.archive(&["-o", "escaped.tar.gz"]);
    assert_exit(&out, 0);
    let members = read_archive(&sb.work.join("escaped.tar.gz"));
    let errors = members
        .iter()
        .find(|(name, _)| name.ends_with("/errors.json"))
        .map(|(_, (_, bytes))| bytes.clone())
        .expect("errors.json in the archive");
    decodes_clean("errors.json", &errors);
    let manifest = json_member(&members, "escaped/manifest.json");
    let text = manifest.to_string();
    assert!(!text.contains(&token[..12]), "{text}");
}
