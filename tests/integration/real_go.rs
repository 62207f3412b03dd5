//! Real Go runtime profiles: Debian's `prometheus` serves net/http/pprof; the bundled server
//! sits in front of it adding Fleet's authentication, and the archive must decode.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{Sandbox, assert_exit, read_archive};
use crate::support::dev_server::{self as srv, DevServer, DevServerConfig};

struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn find_prometheus() -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join("prometheus"))
            .find(|p| p.is_file())
    })
}

fn http_get_status(addr: &str, path: &str) -> Option<u16> {
    let mut stream = TcpStream::connect(addr).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").ok()?;
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).ok()?;
    std::str::from_utf8(&head[9..12]).ok()?.parse().ok()
}

#[test]
fn archive_of_a_real_go_server_decodes() {
    let Some(prometheus) = find_prometheus() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "prometheus is not installed; .ci/run installs Debian's prometheus package"
        );
        eprintln!("skipping: install Debian's `prometheus` package to run this test");
        return;
    };
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let upstream = format!("127.0.0.1:{port}");
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("prometheus.yml");
    std::fs::write(
        &config,
        "global:\n  scrape_interval: 1m\nscrape_configs: []\n",
    )
    .unwrap();
    let _prometheus = KillOnDrop(
        Command::new(prometheus)
            .arg(format!("--config.file={}", config.display()))
            .arg(format!("--web.listen-address={upstream}"))
            .arg(format!(
                "--storage.tsdb.path={}",
                dir.path().join("data").display()
            ))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    while http_get_status(&upstream, "/-/ready") != Some(200) {
        assert!(Instant::now() < deadline, "prometheus did not become ready");
        std::thread::sleep(Duration::from_millis(100));
    }

    let server = DevServer::start(DevServerConfig {
        pprof_upstream: Some(upstream),
        ..DevServerConfig::default()
    });
    let sb = Sandbox::with_context("go", &server.url);
    let out = sb
        .archive_cmd("go", 1)
        .args(["-o", "go.tar.gz"])
        .env("FLEETCTL_TOKEN", srv::API_ONLY_ADMIN_TOKEN)
        .output()
        .unwrap();
    assert_exit(&out, 0);

    let mut seen = Vec::new();
    for (name, (_, bytes)) in read_archive(&sb.work.join("go.tar.gz")) {
        let member = name.trim_start_matches("go/").to_string();
        match member.as_str() {
            "allocs.prof" | "block.prof" | "goroutine.prof" | "heap.prof" | "mutex.prof"
            | "profile.prof" | "threadcreate.prof" => {
                let profile =
                    fleetctl::pprof::decode(&bytes).unwrap_or_else(|e| panic!("{member}: {e}"));
                let types = profile.sample_type_names().join(",");
                let expected = match member.as_str() {
                    "heap.prof" | "allocs.prof" => "inuse_space/bytes",
                    "goroutine.prof" => "goroutine/count",
                    "profile.prof" => "cpu/nanoseconds",
                    "block.prof" | "mutex.prof" => "delay/nanoseconds",
                    _ => "threadcreate/count",
                };
                assert!(types.contains(expected), "{member}: {types}");
                if member == "goroutine.prof" {
                    let top = profile.top_functions(0);
                    assert!(
                        top.iter().any(|f| f.name.starts_with("runtime.")),
                        "{member}: no Go runtime frames"
                    );
                }
                seen.push(member);
            }
            "cmdline.prof" => {
                let text = String::from_utf8_lossy(&bytes);
                assert!(
                    text.contains("prometheus") && text.contains("--config.file"),
                    "{text}"
                );
            }
            "trace.prof" => assert!(bytes.starts_with(b"go 1."), "not a Go execution trace"),
            _ => {}
        }
    }
    assert_eq!(seen.len(), 7, "{seen:?}");
}
