//! Pictures: folded stacks of the bundled server's profiles, `debug inspect --flamegraph`,
//! `--html` reports (real archives from two servers, a synthetic timeline archive, a damaged
//! one) and `--base` comparisons.

use fleetctl::pprof::{self, Profile};
use predicates::prelude::*;

use crate::harness::*;
use crate::support::dev_server::{self as srv, DevServer, DevServerConfig};
use crate::support::profiles::{gzipped_profile, gzipped_profile_with_secret, profile};
use crate::support::synthetic_archive;

const SERVE: &str = "runtime.main;net/http.(*conn).serve;net/http.serverHandler.ServeHTTP;\
                     github.com/fleetdm/fleet/v4/server/service.(*Service).ListHosts";
const DATASTORE: &str = "github.com/fleetdm/fleet/v4/server/datastore/mysql.(*Datastore).ListHosts";

fn name_of(p: &Profile, function_id: u64) -> &str {
    p.string(p.function[function_id as usize - 1].name)
}

#[test]
fn folded_stacks_of_the_synthetic_profiles_are_their_samples_root_first() {
    for kind in ["profile", "heap", "goroutine"] {
        let p = pprof::decode(&gzipped_profile(kind, 2)).unwrap();
        let index = p.main_sample_index();
        let folded = p.folded_stacks(index);
        // Every synthetic stack is leaf, [datastore], service, serve..., runtime.main.
        let mut want: std::collections::BTreeMap<String, u64> = Default::default();
        for s in &p.sample {
            let leaf = name_of(&p, s.location_id[0]);
            let stack = if leaf == DATASTORE {
                format!("{SERVE};{leaf}")
            } else {
                format!("{SERVE};{DATASTORE};{leaf}")
            };
            *want.entry(stack).or_default() += s.value[index] as u64;
        }
        assert_eq!(folded, want.into_iter().collect::<Vec<_>>(), "{kind}");
        let sum: u64 = folded.iter().map(|f| f.1).sum();
        assert_eq!(sum as i64, p.total(index), "{kind}");
    }
    let heap = profile("heap", 0);
    assert_eq!(
        heap.sample_type_names()[heap.main_sample_index()],
        "inuse_space/bytes"
    );
    let cpu = profile("profile", 1);
    assert_eq!(
        cpu.sample_type_names()[cpu.main_sample_index()],
        "cpu/nanoseconds"
    );
    assert!(profile("block", 1).folded_stacks(1).is_empty());
}

#[test]
fn flamegraph_writes_a_standalone_svg_naming_the_top_function() {
    let sb = Sandbox::new();
    let bytes = gzipped_profile("profile", 3);
    let prof = sb.write_file("cpu.prof", &bytes);
    let p = pprof::decode(&bytes).unwrap();
    let top = p.top_functions(p.main_sample_index())[0].name.clone();
    let out = sb
        .cmd()
        .args(["debug", "inspect"])
        .arg(&prof)
        .args(["--flamegraph", "cpu.svg"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert_stderr_contains(&out, "wrote cpu.svg");
    let svg = std::fs::read_to_string(sb.work.join("cpu.svg")).unwrap();
    assert!(svg.starts_with("<?xml") && svg.trim_end().ends_with("</svg>"));
    assert!(svg.contains(&format!("<title>{top} (")), "{top}");
    assert!(svg.contains("cpu/nanoseconds") && svg.contains("function search("));
    #[cfg(unix)]
    assert_eq!(mode(&sb.work.join("cpu.svg")) & 0o777, 0o600);
    // Not replaced without --force; an archive is refused with a hint.
    let again = sb
        .cmd()
        .args(["debug", "inspect"])
        .arg(&prof)
        .args(["--flamegraph", "cpu.svg"])
        .output()
        .unwrap();
    assert_exit(&again, 1);
    assert_stderr_contains(&again, "already exists");
    assert_stderr_contains(&again, "--flamegraph FILE");
    // One profile makes a report too.
    sb.cmd()
        .args(["debug", "inspect"])
        .arg(&prof)
        .args(["--html", "one.html"])
        .assert()
        .success();
    let html = std::fs::read_to_string(sb.work.join("one.html")).unwrap();
    assert!(html.contains("data-member=\"cpu.prof\"") && !html.contains("id=\"manifest\""));
    synthetic_archive::write(&sb.work.join("x.tar.gz"), "x", 1, 0);
    sb.cmd()
        .args(["debug", "inspect", "x.tar.gz", "--flamegraph", "x.svg"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--html FILE"));
}

/// No network: nothing in the page loads from anywhere.
pub fn assert_self_contained(html: &str) {
    for needle in [
        "<link",
        "@import",
        "src=\"http",
        "src='http",
        "url(http",
        "<img",
        "href=\"http",
    ] {
        assert!(!html.contains(needle), "{needle} in the report");
    }
}

#[test]
fn html_report_of_a_two_server_archive() {
    let a = DevServer::start(DevServerConfig::default());
    let b = DevServer::start(DevServerConfig {
        echo_token: true,
        ..DevServerConfig::default()
    });
    let sb = Sandbox::with_context("a", &a.url);
    sb.add_context("b", &b.url);
    sb.cmd()
        .args(["debug", "archive", "--context", "a", "--context", "b"])
        .args(["--profile-seconds", "1", "-o", "two.tar.gz"])
        .env("FLEETCTL_TOKEN", srv::API_ONLY_ADMIN_TOKEN)
        .assert()
        .success();
    let out = sb
        .cmd()
        .args(["debug", "inspect", "two.tar.gz", "--html", "report.html"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let html = std::fs::read_to_string(sb.work.join("report.html")).unwrap();
    assert_self_contained(&html);
    for needle in [
        "<summary><b>a · http://127.0.0.1:",
        "<summary><b>b · http://127.0.0.1:",
        "mysql_password ×1",
        "Servers side by side",
        "data-member=\"a/profile.prof\"",
        "data-member=\"b/heap.prof\"",
        "★ b",
    ] {
        assert!(html.contains(needle), "{needle} missing");
    }
    assert!(
        !html.contains(srv::API_ONLY_ADMIN_TOKEN),
        "the token leaked"
    );
    assert!(
        !html.contains("id=\"timeline\""),
        "no intervals, no timeline"
    );
}

#[test]
fn html_report_draws_a_timeline_and_marks_the_odd_server() {
    let sb = Sandbox::new();
    synthetic_archive::write(&sb.work.join("t.tar.gz"), "t", 3, 2);
    sb.cmd()
        .args(["debug", "inspect", "t.tar.gz", "--html", "t.html"])
        .assert()
        .success();
    let html = std::fs::read_to_string(sb.work.join("t.html")).unwrap();
    assert_self_contained(&html);
    assert!(html.contains("id=\"timeline\"") && html.contains("<title>Goroutines</title>"));
    assert!(html.contains("<title>Heap in use</title>"));
    assert_eq!(html.matches("<polyline").count(), 6, "3 servers x 2 charts");
    assert!(html.contains("★ fleet-02"), "the odd server is marked");
    assert!(html.contains("data-member=\"fleet-01/interval-2/profile.prof\""));
    assert!(
        !html.contains("id=\"problems\""),
        "the members agree with the manifest"
    );
    // An altered member is a problem the report shows (exit 3), like the text summary.
    let path = sb.work.join("t.tar.gz");
    let members = read_archive(&path);
    let file = std::fs::File::create(&path).unwrap();
    let mut tar = tar::Builder::new(flate2::write::GzEncoder::new(
        file,
        flate2::Compression::fast(),
    ));
    for (name, (_, bytes)) in &members {
        let bytes = if name.ends_with("fleet-00/interval-1/heap.prof") {
            gzipped_profile("profile", 9)
        } else {
            bytes.clone()
        };
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o600);
        header.set_cksum();
        tar.append_data(&mut header, name, &bytes[..]).unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap();
    let out = sb
        .cmd()
        .args([
            "debug", "inspect", "t.tar.gz", "--html", "t.html", "--force",
        ])
        .output()
        .unwrap();
    assert_exit(&out, 3);
    let html = std::fs::read_to_string(sb.work.join("t.html")).unwrap();
    assert!(
        html.contains("t/fleet-00/interval-1/heap.prof: altered"),
        "problems shown"
    );
}

#[test]
fn a_damaged_archive_still_yields_a_report_with_its_problems() {
    let sb = Sandbox::new();
    let path = sb.work.join("d.tar.gz");
    synthetic_archive::write(&path, "d", 4, 0);
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    let out = sb
        .cmd()
        .args(["debug", "inspect", "d.tar.gz", "--html", "d.html"])
        .output()
        .unwrap();
    assert_exit(&out, 3);
    let html = std::fs::read_to_string(sb.work.join("d.html")).unwrap();
    assert!(html.contains("id=\"problems\"") && html.contains("no manifest.json"));
    assert!(
        html.contains("data-member=\"fleet-00/profile.prof\""),
        "what was read is shown"
    );
}

#[test]
fn base_compares_two_profiles_and_draws_the_differential_graph() {
    let sb = Sandbox::new();
    let old = sb.write_file("old.prof", gzipped_profile("heap", 1));
    let new = sb.write_file("new.prof", gzipped_profile_with_secret("heap", 1, "xyz"));
    let out = sb
        .cmd()
        .args(["debug", "inspect"])
        .arg(&new)
        .arg("--base")
        .arg(&old)
        .args(["--top", "3", "--flamegraph", "diff.svg"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    let text = stdout_of(&out);
    let grew = text.split("grew").nth(1).unwrap().lines().nth(1).unwrap();
    assert!(
        grew.contains("authenticate.token(") && grew.contains("(base   0.0%)"),
        "{text}"
    );
    assert!(text.contains("shrank"), "{text}");
    let svg = std::fs::read_to_string(sb.work.join("diff.svg")).unwrap();
    assert!(
        svg.contains("authenticate.token(") && svg.contains("; +"),
        "differential titles"
    );
    let json = sb
        .cmd()
        .args(["debug", "inspect"])
        .arg(&new)
        .arg("--base")
        .arg(&old)
        .arg("--json")
        .output()
        .unwrap();
    let v = json_stdout(&json);
    assert!(v["diffs"][0]["grew"][0]["delta"].as_f64().unwrap() > 0.0);
    assert!(v["diffs"][0]["shrank"][0]["delta"].as_f64().unwrap() < 0.0);
    // Two archives: the profiles both hold; a profile against an archive is refused.
    synthetic_archive::write(&sb.work.join("n.tar.gz"), "n", 2, 0);
    synthetic_archive::write(&sb.work.join("o.tar.gz"), "o", 3, 0);
    let out = sb
        .cmd()
        .args(["debug", "inspect", "n.tar.gz", "--base", "o.tar.gz"])
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert!(stdout_of(&out).contains("fleet-01/heap.prof: inuse_space/bytes"));
    // Two archives draw the differential flame graph of the one member --member names.
    let draw = |member: Option<&str>| {
        let mut cmd = sb.cmd();
        cmd.args(["debug", "inspect", "n.tar.gz", "--base", "o.tar.gz"])
            .args(["--flamegraph", "members.svg", "--force"]);
        if let Some(member) = member {
            cmd.args(["--member", member]);
        }
        cmd.output().unwrap()
    };
    let out = draw(None);
    assert_exit(&out, 2);
    assert!(stderr_of(&out).contains("--member"), "{}", stderr_of(&out));
    let out = draw(Some("heap.prof"));
    assert_exit(&out, 2);
    assert!(
        stderr_of(&out).contains("fleet-00/heap.prof, fleet-01/heap.prof"),
        "an ambiguous member lists the candidates: {}",
        stderr_of(&out)
    );
    assert!(!sb.work.join("members.svg").exists());
    let out = draw(Some("fleet-01/heap.prof"));
    assert_exit(&out, 0);
    let svg = std::fs::read_to_string(sb.work.join("members.svg")).unwrap();
    assert!(
        svg.contains("fleet-01/heap.prof: inuse_space/bytes, compared with o.tar.gz"),
        "the member's differential graph"
    );
    sb.cmd()
        .args(["debug", "inspect", "n.tar.gz", "--base"])
        .arg(&old)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not of the same kind"));
}

#[test]
fn archive_report_puts_the_report_inside_the_archive_before_the_manifest() {
    let server = DevServer::start(DevServerConfig {
        echo_token: true,
        ..DevServerConfig::default()
    });
    let sb = Sandbox::with_context("a", &server.url);
    sb.archive_cmd("a", 1)
        .args(["--report", "-o", "r.tar.gz"])
        .env("FLEETCTL_TOKEN", srv::API_ONLY_ADMIN_TOKEN)
        .assert()
        .success();
    let file = std::fs::File::open(sb.work.join("r.tar.gz")).unwrap();
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let order: Vec<String> = tar
        .entries()
        .unwrap()
        .map(|e| e.unwrap().path().unwrap().to_string_lossy().into_owned())
        .collect();
    let n = order.len();
    assert_eq!(
        order[n - 2..],
        ["r/report.html", "r/manifest.json"],
        "{order:?}"
    );
    let members = read_archive(&sb.work.join("r.tar.gz"));
    let (mode, bytes) = &members["r/report.html"];
    assert_eq!(mode & 0o777, 0o600);
    let html = String::from_utf8(bytes.clone()).unwrap();
    assert_self_contained(&html);
    assert!(html.contains("data-member=\"profile.prof\"") && html.contains("mysql_password ×1"));
    assert!(
        !html.contains(srv::API_ONLY_ADMIN_TOKEN),
        "the token leaked into the report"
    );
    assert!(
        html.contains("authenticate.token("),
        "the leaking server's frame, masked"
    );
    // The manifest records the report, and inspect's check of the members agrees with it.
    let manifest = json_member(&members, "r/manifest.json");
    assert_eq!(manifest["report"]["member"], "report.html");
    assert_eq!(manifest["report"]["bytes"], bytes.len());
    sb.cmd()
        .args(["debug", "inspect", "r.tar.gz"])
        .assert()
        .success();
    // Without --report, no report.
    sb.archive_cmd("a", 1)
        .args(["-o", "plain.tar.gz"])
        .env("FLEETCTL_TOKEN", srv::API_ONLY_ADMIN_TOKEN)
        .assert()
        .success();
    assert!(!read_archive(&sb.work.join("plain.tar.gz")).contains_key("plain/report.html"));
}

/// Text as a page's attribute holds it, unescaped (what the browser hands the iframe).
fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[test]
fn hostile_function_names_stay_text_in_the_page_and_in_the_graphs() {
    let mut p = profile("profile", 1);
    let hostile = "\"></iframe><script>alert(1)</script><img src=x onerror=alert(2)>";
    p.string_table[p.function[4].name as usize] = hostile.to_string();
    let bytes = crate::support::profiles::encode_gzip(&p);
    let contents = fleetctl::report::Contents::from_members([("x/profile.prof", &bytes[..])]);
    let html = fleetctl::report::render(&contents, "t");
    assert!(
        html.contains("&lt;/iframe&gt;&lt;script&gt;alert(1)"),
        "escaped in the tables"
    );
    for doc in html.split("srcdoc=\"").skip(1) {
        let doc = unescape(doc.split('"').next().unwrap());
        assert!(
            !doc.contains("<script>alert") && !doc.contains("<img"),
            "{doc}"
        );
    }
    assert!(!html.contains("<script>alert") && !html.contains("<img"));
    assert_self_contained(&html);
}
