//! `fleetctl debug inspect`: triage an archive or a profile without the Go toolchain: the
//! manifest summary and the top functions of each pprof profile.

use std::io::Read;
use std::path::{Path, PathBuf};

use clap::Args;
use serde::Serialize;
use serde_json::{Value, json};

use crate::error::{Error, Result, exit};
use crate::pprof::{self, Profile};
use crate::ui;

/// Archive members read fully into memory are capped; larger profiles are skipped with a note.
const MAX_MEMBER_BYTES: u64 = crate::pprof::MAX_INFLATED_BYTES;

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// A .tar.gz from `debug archive`, or one pprof profile (gzipped or not)
    pub path: PathBuf,

    /// How many functions to list per profile
    #[arg(long, value_name = "N", default_value_t = 10,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub top: usize,

    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Serialize)]
struct ProfileSummary {
    member: String,
    sample_type: String,
    samples: usize,
    total: i64,
    top: Vec<TopEntry>,
}

#[derive(Debug, Serialize)]
struct TopEntry {
    function: String,
    flat: i64,
    cum: i64,
}

/// The sample type worth reading first: what `go tool pprof` shows by default for each kind.
fn preferred_index(profile: &Profile) -> usize {
    let names = profile.sample_type_names();
    if profile.default_sample_type != 0 {
        let wanted = profile.string(profile.default_sample_type);
        if let Some(i) = profile
            .sample_type
            .iter()
            .position(|t| profile.string(t.r#type) == wanted)
        {
            return i;
        }
    }
    for preferred in [
        "cpu/",
        "inuse_space/",
        "goroutine/",
        "delay/",
        "threadcreate/",
    ] {
        if let Some(i) = names.iter().position(|n| n.starts_with(preferred)) {
            return i;
        }
    }
    names.len().saturating_sub(1)
}

fn summarize(
    member: &str,
    bytes: &[u8],
    top: usize,
) -> std::result::Result<ProfileSummary, String> {
    let profile = pprof::decode(bytes).map_err(|e| e.to_string())?;
    let index = preferred_index(&profile);
    let sample_type = profile
        .sample_type_names()
        .get(index)
        .cloned()
        .unwrap_or_default();
    let entries = profile
        .top_functions(index)
        .into_iter()
        .take(top)
        .map(|f| TopEntry {
            function: f.name,
            flat: f.flat,
            cum: f.cum,
        })
        .collect();
    Ok(ProfileSummary {
        member: member.to_string(),
        sample_type,
        samples: profile.sample.len(),
        total: profile.total(index),
        top: entries,
    })
}

/// The Go version in a Go execution trace's header (`go 1.23 trace\0\0\0`, 16 bytes; older
/// Go wrote `go 1.5 trace\0\0\0\0`), or None when `bytes` is not a trace.
pub fn go_trace_version(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(16)];
    let end = head.iter().position(|&b| b == 0)?;
    let text = std::str::from_utf8(&head[..end]).ok()?;
    let version = text.strip_prefix("go ")?.strip_suffix(" trace")?;
    let minor = version.strip_prefix("1.")?;
    (!minor.is_empty() && minor.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("go {version}"))
}

/// Read a file's first bytes (a trace header, a gzip header).
fn head_of(path: &Path, len: usize) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io("open", path, e))?;
    let mut head = Vec::with_capacity(len);
    file.take(len as u64)
        .read_to_end(&mut head)
        .map_err(|e| Error::io("read", path, e))?;
    Ok(head)
}

fn is_tar_gz(path: &Path) -> Result<bool> {
    let file = std::fs::File::open(path).map_err(|e| Error::io("open", path, e))?;
    let mut head = vec![0u8; 512];
    let mut decoder = flate2::read::GzDecoder::new(file);
    let mut filled = 0;
    while filled < head.len() {
        match decoder.read(&mut head[filled..]) {
            Ok(0) | Err(_) => break,
            Ok(n) => filled += n,
        }
    }
    Ok(filled >= 262 && &head[257..262] == b"ustar")
}

pub fn run(args: InspectArgs) -> Result<u8> {
    let mut manifests: Vec<(String, Value)> = Vec::new();
    let mut profiles = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    if let Some(version) = go_trace_version(&head_of(&args.path, 16)?) {
        let name = args.path.display();
        return Err(Error::general(format!(
            "{name} is a Go execution trace ({version}), not a pprof profile: inspect does not summarise traces"
        ))
        .with_hint(format!("open it with `go tool trace {name}`")));
    }
    if is_tar_gz(&args.path)? {
        let file = std::fs::File::open(&args.path).map_err(|e| Error::io("open", &args.path, e))?;
        let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
        let entries = archive
            .entries()
            .map_err(|e| Error::general(format!("cannot read {}: {e}", args.path.display())))?;
        for entry in entries {
            // A truncated or damaged archive: summarise what came before the damage.
            let mut entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    problems.push(format!(
                        "{}: cannot read past this point: {e}",
                        args.path.display()
                    ));
                    break;
                }
            };
            // The name as stored, `/`-separated on every platform.
            let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
            let base = name.rsplit('/').next().unwrap_or("").to_string();
            let wanted = base == "manifest.json"
                || (base.ends_with(".prof") && base != "cmdline.prof" && base != "trace.prof");
            if !wanted {
                continue;
            }
            if entry.size() > MAX_MEMBER_BYTES {
                problems.push(format!(
                    "{name}: skipped, larger than {} MiB",
                    MAX_MEMBER_BYTES >> 20
                ));
                continue;
            }
            let mut bytes = Vec::new();
            if let Err(e) = entry.read_to_end(&mut bytes) {
                problems.push(format!("{name}: cannot read it: {e}"));
                break;
            }
            if base == "manifest.json" {
                match serde_json::from_slice(&bytes) {
                    Ok(v) => manifests.push((name, v)),
                    Err(e) => problems.push(format!("{name}: invalid JSON: {e}")),
                }
            } else if bytes.is_empty() {
                problems.push(format!("{name}: empty"));
            } else {
                match summarize(&name, &bytes, args.top) {
                    Ok(s) => profiles.push(s),
                    Err(e) => problems.push(format!("{name}: {e}")),
                }
            }
        }
        if manifests.is_empty() {
            problems.push(format!(
                "{}: no manifest.json (written last): the archive is incomplete or not from `debug archive`",
                args.path.display()
            ));
        }
    } else {
        let bytes = std::fs::read(&args.path).map_err(|e| Error::io("read", &args.path, e))?;
        let name = args.path.display().to_string();
        let summary = summarize(&name, &bytes, args.top).map_err(|e| {
            Error::general(format!(
                "{name} is neither a debug archive nor a pprof profile: {e}"
            ))
        })?;
        profiles.push(summary);
    }

    if args.json {
        let out = json!({
            "manifests": manifests.iter().map(|(_, m)| manifest_summary(m)).collect::<Vec<_>>(),
            "profiles": profiles,
            "problems": problems,
        });
        ui::out(serde_json::to_string_pretty(&out).unwrap_or_default())?;
    } else {
        for (_, manifest) in &manifests {
            print_manifest(&manifest_summary(manifest))?;
        }
        for profile in &profiles {
            print_profile(profile)?;
        }
        for problem in &problems {
            ui::out(format!("! {problem}"))?;
        }
    }
    Ok(if problems.is_empty() {
        exit::OK
    } else {
        exit::PARTIAL
    })
}

/// Servers in a manifest, single- or multi-server shaped, reduced to what triage needs.
fn manifest_summary(manifest: &Value) -> Value {
    let servers: Vec<&Value> = match manifest["servers"].as_array() {
        Some(list) => list.iter().collect(),
        None => vec![manifest],
    };
    let servers: Vec<Value> = servers
        .into_iter()
        .map(|s| {
            let items = s["items"].as_array().cloned().unwrap_or_default();
            let count = |outcome: &str| items.iter().filter(|i| i["outcome"] == outcome).count();
            json!({
                "context": s["context"],
                "address": s["address"],
                "server_version": s["server_version"]["version"],
                "ok": count("ok"),
                "failed": items.iter().filter(|i| i["outcome"] == "failed").map(|i| json!({"name": i["name"], "error": i["error"]})).collect::<Vec<_>>(),
                "unsupported": count("unsupported"),
                "redactions": items.iter().find(|i| i["name"] == "cmdline").map(|i| i["redactions"].clone()).unwrap_or(Value::Null),
                "error": s["error"],
            })
        })
        .collect();
    json!({
        "tool_version": manifest["tool_version"],
        "started_at": manifest["started_at"],
        "finished_at": manifest["finished_at"],
        "profile_seconds": manifest["profile_seconds"],
        "servers": servers,
    })
}

fn print_manifest(summary: &Value) -> Result<()> {
    ui::out(format!(
        "archive by fleetctl-rs {} from {} to {} (CPU profile {} s)",
        summary["tool_version"].as_str().unwrap_or("?"),
        summary["started_at"].as_str().unwrap_or("?"),
        summary["finished_at"].as_str().unwrap_or("?"),
        summary["profile_seconds"]
    ))?;
    for server in summary["servers"].as_array().into_iter().flatten() {
        ui::out(format!(
            "  {} {} (Fleet {}): {} items ok, {} unsupported, {} failed",
            server["context"].as_str().unwrap_or("?"),
            server["address"].as_str().unwrap_or("?"),
            server["server_version"].as_str().unwrap_or("unknown"),
            server["ok"],
            server["unsupported"],
            server["failed"].as_array().map_or(0, Vec::len)
        ))?;
        if let Some(error) = server["error"].as_str() {
            ui::out(format!("    error: {error}"))?;
        }
        for failed in server["failed"].as_array().into_iter().flatten() {
            ui::out(format!(
                "    failed {}: {}",
                failed["name"].as_str().unwrap_or("?"),
                failed["error"].as_str().unwrap_or("")
            ))?;
        }
        if let Some(redactions) = server["redactions"].as_object() {
            let list: Vec<String> = redactions
                .iter()
                .map(|(k, v)| format!("{k} x{v}"))
                .collect();
            ui::out(format!("    cmdline redactions: {}", list.join(", ")))?;
        }
    }
    ui::out("")?;
    Ok(())
}

fn print_profile(profile: &ProfileSummary) -> Result<()> {
    let unit = profile.sample_type.rsplit('/').next().unwrap_or("");
    ui::out(format!(
        "{}: {} (total {}, {} samples)",
        profile.member,
        profile.sample_type,
        format_value(profile.total, unit),
        profile.samples
    ))?;
    if profile.top.is_empty() {
        ui::out("  (no samples)\n")?;
        return Ok(());
    }
    let percent = |v: i64| {
        if profile.total == 0 {
            0.0
        } else {
            v as f64 * 100.0 / profile.total as f64
        }
    };
    ui::out(format!(
        "  {:>12} {:>6} {:>12} {:>6}  function",
        "flat", "flat%", "cum", "cum%"
    ))?;
    for entry in &profile.top {
        ui::out(format!(
            "  {:>12} {:>5.1}% {:>12} {:>5.1}%  {}",
            format_value(entry.flat, unit),
            percent(entry.flat),
            format_value(entry.cum, unit),
            percent(entry.cum),
            entry.function
        ))?;
    }
    ui::out("")?;
    Ok(())
}

/// A value in its pprof unit, made readable.
pub fn format_value(value: i64, unit: &str) -> String {
    match unit {
        "bytes" => {
            let v = value as f64;
            if v.abs() >= 1024.0 * 1024.0 * 1024.0 {
                format!("{:.2}GiB", v / (1024.0 * 1024.0 * 1024.0))
            } else if v.abs() >= 1024.0 * 1024.0 {
                format!("{:.2}MiB", v / (1024.0 * 1024.0))
            } else if v.abs() >= 1024.0 {
                format!("{:.1}KiB", v / 1024.0)
            } else {
                format!("{value}B")
            }
        }
        "nanoseconds" => {
            let v = value as f64;
            if v.abs() >= 1e9 {
                format!("{:.2}s", v / 1e9)
            } else {
                format!("{:.2}ms", v / 1e6)
            }
        }
        _ => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_in_their_units() {
        assert_eq!(format_value(1536, "bytes"), "1.5KiB");
        assert_eq!(format_value(3 * 1024 * 1024, "bytes"), "3.00MiB");
        assert_eq!(format_value(2_500_000_000, "nanoseconds"), "2.50s");
        assert_eq!(format_value(7, "count"), "7");
    }
}
