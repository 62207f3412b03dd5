//! `fleetctl debug inspect`: triage an archive or a profile without the Go toolchain: the
//! manifest summary and the top functions of each pprof profile.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use clap::Args;
use serde::Serialize;
use serde_json::{Value, json};

use super::inspect_timeline::{Timeline, interval_member};
use crate::error::{Error, ExitStatus, Result};
use crate::manifest::{Manifest, Outcome, ServerRecord};
use crate::pprof::{self, format_value};
use crate::{input, ui};

/// `--html`, `--flamegraph` and `--base` (the debug command dispatches to it).
pub mod visual;

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

    /// Write a self-contained HTML report (manifest tables, flame graphs, servers side by side, timeline) to FILE
    #[arg(long, value_name = "FILE", conflicts_with_all = ["flamegraph", "base"])]
    pub html: Option<PathBuf>,

    /// Write the profile's flame graph (with --base: the differential flame graph) as an SVG to FILE
    #[arg(long, value_name = "FILE")]
    pub flamegraph: Option<PathBuf>,

    /// Compare with an older profile or archive of the same kind: the functions whose share grew or shrank most
    #[arg(long, value_name = "OLD")]
    pub base: Option<PathBuf>,

    /// With --base on two archives and --flamegraph: the member to draw (e.g. heap.prof, or fleet-01/heap.prof)
    #[arg(long, value_name = "MEMBER", requires_all = ["base", "flamegraph"])]
    pub member: Option<String>,

    /// Replace the --html or --flamegraph file if it exists
    #[arg(long)]
    pub force: bool,
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

fn summarize(
    member: &str,
    bytes: &[u8],
    top: usize,
) -> std::result::Result<ProfileSummary, String> {
    let profile = pprof::decode(bytes).map_err(|e| e.to_string())?;
    let index = profile.main_sample_index();
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
    let file = open_input(path)?;
    let mut head = Vec::with_capacity(len);
    file.take(len as u64)
        .read_to_end(&mut head)
        .map_err(|e| Error::io("read", path, e))?;
    Ok(head)
}

/// The input, which must be a regular file: a named pipe or a device (`/dev/zero`) is refused
/// before a byte is read ([`input::open_regular`]).
pub(crate) fn open_input(path: &Path) -> Result<std::fs::File> {
    input::open_regular(path)
        .map(|(file, _)| file)
        .map_err(|e| input_error(path, &e))
}

pub(crate) fn input_error(path: &Path, e: &input::ReadError) -> Error {
    Error::general(format!("cannot read {}: {e}", path.display()))
        .with_hint("give a debug archive (.tar.gz) or a profile (.prof) file")
}

pub(crate) fn is_tar_gz(path: &Path) -> Result<bool> {
    let file = open_input(path)?;
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

/// What was read: manifests and profile summaries, and what could not be read.
#[derive(Default)]
struct Findings {
    manifests: Vec<Manifest>,
    profiles: Vec<ProfileSummary>,
    problems: Vec<String>,
    /// The interval members of a timeline, summarised per interval and server.
    timeline: Timeline,
}

pub fn run(args: InspectArgs) -> Result<ExitStatus> {
    refuse_trace(&args.path)?;
    run_text(args)
}

impl InspectArgs {
    /// Whether a picture or a comparison was asked for: see [`visual`].
    pub fn wants_visual(&self) -> bool {
        self.html.is_some() || self.flamegraph.is_some() || self.base.is_some()
    }
}

pub(crate) fn refuse_trace(path: &Path) -> Result<()> {
    if let Some(version) = go_trace_version(&head_of(path, 16)?) {
        let name = path.display();
        return Err(Error::general(format!(
            "{name} is a Go execution trace ({version}), not a pprof profile: inspect does not summarise traces"
        ))
        .with_hint(format!("open it with `go tool trace {name}`")));
    }
    Ok(())
}

fn run_text(args: InspectArgs) -> Result<ExitStatus> {
    let found = if is_tar_gz(&args.path)? {
        let mut found = read_archive(&args.path, args.top)?;
        // Every member against the manifest's sizes and SHA-256s (exit 3 when any differs).
        found.problems.extend(crate::integrity::verify(&args.path)?);
        found
    } else {
        let bytes = input::read_file(&args.path, input::Kind::Profile)
            .map_err(|e| input_error(&args.path, &e))?;
        let name = args.path.display().to_string();
        let summary = summarize(&name, &bytes, args.top).map_err(|e| {
            Error::general(format!(
                "{name} is neither a debug archive nor a pprof profile: {e}"
            ))
        })?;
        Findings {
            profiles: vec![summary],
            ..Findings::default()
        }
    };
    if args.json {
        let mut out = json!({
            "manifests": found.manifests.iter().map(manifest_summary).collect::<Vec<_>>(),
            "profiles": found.profiles,
            "problems": found.problems,
        });
        if !found.timeline.is_empty() {
            out["timeline"] = found.timeline.to_json();
        }
        ui::out(serde_json::to_string_pretty(&out).unwrap_or_default())?;
    } else {
        for manifest in &found.manifests {
            print_manifest(&manifest_summary(manifest))?;
        }
        if !found.timeline.is_empty() {
            let single = found
                .manifests
                .first()
                .and_then(|m| m.servers().first().map(|s| s.context.clone()))
                .unwrap_or_default();
            found.timeline.print(&single)?;
        }
        for profile in &found.profiles {
            print_profile(profile)?;
        }
        for problem in &found.problems {
            ui::out(format!("! {problem}"))?;
        }
    }
    Ok(if found.problems.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Partial
    })
}

/// The manifests and the profiles in an archive: a truncated or damaged archive is summarised
/// up to the damage.
fn read_archive(path: &Path, top: usize) -> Result<Findings> {
    let mut found = Findings::default();
    let file = open_input(path)?;
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let entries = archive
        .entries()
        .map_err(|e| Error::general(format!("cannot read {}: {e}", path.display())))?;
    for entry in entries {
        let mut entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let problem = format!("{}: cannot read past this point: {e}", path.display());
                found.problems.push(problem);
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
            let limit = MAX_MEMBER_BYTES >> 20;
            found
                .problems
                .push(format!("{name}: skipped, larger than {limit} MiB"));
            continue;
        }
        let mut bytes = Vec::new();
        if let Err(e) = entry.read_to_end(&mut bytes) {
            found.problems.push(format!("{name}: cannot read it: {e}"));
            break;
        }
        let read = if let Some((server, round, base)) = interval_member(&name) {
            pprof::decode(&bytes)
                .map(|profile| found.timeline.add(server, round, base, &profile))
                .map_err(|e| e.to_string())
        } else if base == "manifest.json" {
            Manifest::from_json(&bytes)
                .map(|m| found.manifests.push(m))
                .map_err(|e| format!("invalid JSON: {e}"))
        } else if bytes.is_empty() {
            Err("empty".to_string())
        } else {
            summarize(&name, &bytes, top).map(|s| found.profiles.push(s))
        };
        if let Err(problem) = read {
            found.problems.push(format!("{name}: {problem}"));
        }
    }
    if found.manifests.is_empty() {
        found.problems.push(format!(
            "{}: no manifest.json (written last): the archive is incomplete or not from `debug archive`",
            path.display()
        ));
    }
    Ok(found)
}

/// A manifest reduced to what triage needs.
#[derive(Debug, Serialize)]
struct ManifestSummary<'a> {
    tool_version: &'a str,
    started_at: &'a str,
    finished_at: &'a str,
    profile_seconds: u64,
    /// 1 for archives written before rounds existed.
    format_version: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    timeline: Option<&'a crate::manifest::Timeline>,
    #[serde(skip_serializing_if = "Option::is_none")]
    trigger: Option<&'a crate::manifest::Trigger>,
    servers: Vec<ServerSummary<'a>>,
}

#[derive(Debug, Serialize)]
struct ServerSummary<'a> {
    context: &'a str,
    address: &'a str,
    server_version: Option<&'a Value>,
    ok: usize,
    failed: Vec<FailedItem<'a>>,
    unsupported: usize,
    /// What the cmdline's scrubbing redacted.
    redactions: Option<&'a BTreeMap<String, usize>>,
    error: Option<&'a str>,
}

#[derive(Debug, Serialize)]
struct FailedItem<'a> {
    name: &'a str,
    error: Option<&'a str>,
}

fn manifest_summary(manifest: &Manifest) -> ManifestSummary<'_> {
    ManifestSummary {
        tool_version: &manifest.tool_version,
        started_at: &manifest.started_at,
        finished_at: &manifest.finished_at,
        profile_seconds: manifest.profile_seconds,
        format_version: manifest.format_version,
        timeline: manifest.timeline.as_ref(),
        trigger: manifest.trigger.as_ref(),
        servers: manifest.servers().into_iter().map(server_summary).collect(),
    }
}

fn server_summary(server: &ServerRecord) -> ServerSummary<'_> {
    let items = &server.items;
    let count = |outcome| items.iter().filter(|i| i.outcome == outcome).count();
    let failed = items.iter().filter(|i| i.outcome == Outcome::Failed);
    let cmdline = items.iter().find(|i| i.name == "cmdline");
    ServerSummary {
        context: &server.context,
        address: &server.address,
        server_version: server
            .server_version
            .as_ref()
            .and_then(|v| v.get("version")),
        ok: count(Outcome::Ok),
        failed: failed
            .map(|i| FailedItem {
                name: &i.name,
                error: i.error.as_deref(),
            })
            .collect(),
        unsupported: count(Outcome::Unsupported),
        redactions: cmdline.map(|i| &i.redactions).filter(|r| !r.is_empty()),
        error: server.error.as_deref(),
    }
}

fn print_manifest(summary: &ManifestSummary) -> Result<()> {
    ui::out(format!(
        "archive by fleetctl-rs {} from {} to {} (CPU profile {} s)",
        summary.tool_version, summary.started_at, summary.finished_at, summary.profile_seconds
    ))?;
    if let Some(timeline) = summary.timeline {
        ui::out(format!(
            "  timeline: {} of {} intervals of {} s{}",
            timeline.rounds.len(),
            timeline.planned_rounds,
            timeline.interval_seconds,
            timeline
                .ended_early
                .as_deref()
                .map(|why| format!(" (ended early: {why})"))
                .unwrap_or_default()
        ))?;
    }
    if let Some(trigger) = summary.trigger {
        ui::out(format!(
            "  triggered by {}: {} at {}",
            trigger.server, trigger.reason, trigger.triggered_at
        ))?;
    }
    for server in &summary.servers {
        ui::out(format!(
            "  {} {} (Fleet {}): {} items ok, {} unsupported, {} failed",
            server.context,
            server.address,
            server
                .server_version
                .and_then(Value::as_str)
                .unwrap_or("unknown"),
            server.ok,
            server.unsupported,
            server.failed.len()
        ))?;
        if let Some(error) = server.error {
            ui::out(format!("    error: {error}"))?;
        }
        for failed in &server.failed {
            let error = failed.error.unwrap_or("");
            ui::out(format!("    failed {}: {error}", failed.name))?;
        }
        if let Some(redactions) = server.redactions {
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
