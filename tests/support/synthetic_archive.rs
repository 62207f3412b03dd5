//! A `debug archive`-shaped tar.gz built without servers: `servers` folders of the synthetic
//! profiles (the last server's heap and CPU profiles lean on another function, so it is the one
//! that differs), optionally `intervals` interval folders in each, and a manifest. For the report
//! tests and the report benchmark.

use std::io::Write;
use std::path::Path;

use super::profiles::{encode_gzip, profile};

/// The profile kinds in each folder.
pub const KINDS: &[&str] = &["allocs", "block", "goroutine", "heap", "mutex", "profile"];

fn item(name: &str, member: &str, bytes: &[u8]) -> serde_json::Value {
    use sha2::Digest;
    serde_json::json!({
        "name": name, "member": member, "endpoint": format!("/debug/pprof/{name}"),
        "outcome": "ok", "status": 200, "bytes": bytes.len(),
        "sha256": format!("{:x}", sha2::Sha256::digest(bytes)), "duration_ms": 12, "error": null,
    })
}

/// One profile of server `server` at interval `interval`: more goroutines and heap later on,
/// and on the odd server faster.
fn body(kind: &str, server: usize, servers: usize, interval: usize) -> Vec<u8> {
    let mut p = profile(kind, 1);
    let odd = server + 1 == servers && servers > 1;
    for (n, s) in p.sample.iter_mut().enumerate() {
        for v in &mut s.value {
            *v = v.saturating_mul(1 + interval as i64 * if odd { 3 } else { 1 });
        }
        if odd && n % 2 == 0 {
            // Half the samples end in runtime.mallocgc (function 13).
            s.location_id[0] = 13;
        }
    }
    encode_gzip(&p)
}

fn append(tar: &mut tar::Builder<impl Write>, name: &str, bytes: &[u8]) {
    let mut header = tar::Header::new_gnu();
    header.set_size(bytes.len() as u64);
    header.set_mode(0o600);
    header.set_cksum();
    tar.append_data(&mut header, name, bytes).expect("append");
}

/// Write the archive at `path` (its folder inside is `root`).
pub fn write(path: &Path, root: &str, servers: usize, intervals: usize) {
    let file = std::fs::File::create(path).expect("create archive");
    let gz = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
    let mut tar = tar::Builder::new(gz);
    let mut records = Vec::new();
    for server in 0..servers {
        let folder = format!("fleet-{server:02}");
        let mut items = Vec::new();
        let folders: Vec<String> = if intervals == 0 {
            vec![folder.clone()]
        } else {
            (1..=intervals)
                .map(|i| format!("{folder}/interval-{i}"))
                .collect()
        };
        for (interval, dir) in folders.iter().enumerate() {
            for kind in KINDS {
                let bytes = body(kind, server, servers, interval);
                let member = format!("{dir}/{kind}.prof");
                append(&mut tar, &format!("{root}/{member}"), &bytes);
                // The manifest names a member below its server's folder.
                let in_folder = member
                    .strip_prefix(&format!("{folder}/"))
                    .unwrap_or(&member);
                items.push(item(kind, in_folder, &bytes));
            }
        }
        records.push(serde_json::json!({
            "folder": folder, "failures": 0, "context": folder,
            "address": format!("https://{folder}.example:8080"), "url_prefix": "",
            "server_version": {"version": "4.60.0"}, "error": null, "items": items,
        }));
    }
    let manifest = serde_json::json!({
        "tool": "fleetctl-rs", "tool_version": "0.1.0",
        "started_at": "2026-01-01T00:00:00Z", "finished_at": "2026-01-01T00:00:31Z",
        "profile_seconds": 1, "trace_seconds": 1, "cmdline_scrubbed": true,
        "failures": 0, "exit_code": 0, "servers": records,
    });
    let json = serde_json::to_vec_pretty(&manifest).expect("manifest");
    append(&mut tar, &format!("{root}/manifest.json"), &json);
    tar.into_inner()
        .expect("finish tar")
        .finish()
        .expect("finish gzip");
}
