//! `fleetctl debug archive`: every debug item from one server, fetched concurrently, into one
//! scrubbed, owner-only `.tar.gz` with a manifest.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use clap::Args;
use reqwest::Method;
use serde_json::{Value, json};
use tokio::task::JoinSet;

use super::fetch::{self, FetchSettings, ItemReport, Outcome};
use super::items::{ARCHIVE_ITEMS, Item};
use super::progress::{Progress, human_bytes};
use crate::archive::ArchiveWriter;
use crate::cli::GlobalArgs;
use crate::client::FleetClient;
use crate::commands::session::open_target;
use crate::error::{Error, Result, exit};
use crate::{fsutil, timefmt, ui};

#[derive(Debug, Args)]
pub struct ArchiveArgs {
    /// Archive path [default: ./fleet-profiles-archive-<YYYYMMDDhhmmss>Z.tar.gz]
    #[arg(short = 'o', long, value_name = "PATH")]
    pub outfile: Option<PathBuf>,

    /// Replace the output file if it exists
    #[arg(long)]
    pub force: bool,

    /// Length of the CPU profile, in seconds (the server refuses more than its write timeout, about 100 s)
    #[arg(long, value_name = "N", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub profile_seconds: u64,

    /// Length of the execution trace, in seconds
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub trace_seconds: u64,

    /// Largest answer accepted for one item, in MiB
    #[arg(long, value_name = "MIB", default_value_t = 1024, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_item_mib: u64,

    /// Print a JSON summary on stdout instead of the archive path
    #[arg(long)]
    pub json: bool,

    /// Also count items the server does not support (404 on the /debug/db endpoints of older servers) as failures
    #[arg(long)]
    pub strict: bool,

    /// Do not scrub secrets from the cmdline (the archive will hold the server's passwords and keys)
    #[arg(long)]
    pub no_scrub: bool,
}

/// Default archive name for a run started at `now`.
pub fn default_archive_name(now: SystemTime) -> String {
    format!("fleet-profiles-archive-{}Z.tar.gz", timefmt::compact(now))
}

/// The folder inside the archive: the file name without `.tar.gz`.
fn archive_root(dest: &Path) -> String {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "fleet-profiles-archive".into());
    for suffix in [".tar.gz", ".tgz", ".tar"] {
        if let Some(stem) = name.strip_suffix(suffix).filter(|s| !s.is_empty()) {
            return stem.to_string();
        }
    }
    name
}

pub fn run(args: ArchiveArgs, global: &GlobalArgs) -> Result<u8> {
    let json_out = args.json;
    let result = run_inner(args, global);
    if json_out && let Err(err) = &result {
        println!(
            "{}",
            json!({"path": null, "error": err.message, "exit_code": err.exit_code()})
        );
    }
    result
}

fn run_inner(args: ArchiveArgs, global: &GlobalArgs) -> Result<u8> {
    let started = SystemTime::now();
    let dest = args
        .outfile
        .clone()
        .unwrap_or_else(|| PathBuf::from(default_archive_name(started)));
    fsutil::check_can_create(&dest, args.force)?;
    let (_, target) = open_target(global)?;
    let client = Arc::new(FleetClient::new(target, global.debug)?);
    if args.no_scrub {
        ui::warn(
            "--no-scrub: the cmdline in the archive is not scrubbed and may hold the server's passwords and keys",
        );
    }
    ui::block_on(async move {
        tokio::select! {
            result = collect(args, client, dest, started) => result,
            () = interrupted() => Err(Error::interrupted()),
        }
    })
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn interrupted() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = match signal(SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => return std::future::pending().await,
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

async fn collect(
    args: ArchiveArgs,
    client: Arc<FleetClient>,
    dest: PathBuf,
    started: SystemTime,
) -> Result<u8> {
    let settings = Arc::new(FetchSettings {
        profile_seconds: args.profile_seconds,
        trace_seconds: args.trace_seconds,
        max_bytes: args.max_item_mib * 1024 * 1024,
        scrub: !args.no_scrub,
    });
    let spool = fsutil::spool_dir_beside(&dest)?;
    let spool_path = spool.path().to_path_buf();
    let plan: Vec<(&'static Item, u64)> = ARCHIVE_ITEMS
        .iter()
        .map(|i| {
            (
                i,
                i.collection_seconds(settings.profile_seconds, settings.trace_seconds),
            )
        })
        .collect();
    let progress = Arc::new(Progress::new(ui::stderr_is_tty(), &plan));

    // The cmdline is cheap and needs the same global-admin rights as every other item: fetch it
    // first so a bad token or a dead server fails in milliseconds, not after the CPU profile.
    let first = super::items::by_name("cmdline");
    let first_report = fetch_one(&client, first, &settings, &spool_path, &progress).await;
    progress.finish(&first_report);
    if let Some(err) = first_report.fatal {
        progress.clear();
        return Err(err);
    }

    let version_client = Arc::clone(&client);
    let version = tokio::spawn(async move {
        let req = version_client
            .request(Method::GET, "/api/latest/fleet/version", true)
            .ok()?;
        version_client.json::<Value>(req).await.ok()
    });

    let mut tasks = JoinSet::new();
    for item in ARCHIVE_ITEMS.iter().filter(|i| i.name != first.name) {
        let (client, settings, progress, spool_path) = (
            Arc::clone(&client),
            Arc::clone(&settings),
            Arc::clone(&progress),
            spool_path.clone(),
        );
        tasks.spawn(async move {
            let report = fetch_one(&client, item, &settings, &spool_path, &progress).await;
            progress.finish(&report);
            report
        });
    }
    let mut reports = vec![first_report];
    let mut ticker = tokio::time::interval(Duration::from_millis(500));
    loop {
        tokio::select! {
            joined = tasks.join_next() => match joined {
                Some(Ok(report)) => reports.push(report),
                Some(Err(e)) => return Err(Error::general(format!("internal error in a fetch task: {e}"))),
                None => break,
            },
            _ = ticker.tick() => progress.tick(),
        }
    }
    progress.clear();
    let server_version = version.await.ok().flatten();
    reports.sort_by_key(|r| ARCHIVE_ITEMS.iter().position(|i| i.name == r.name));

    // An expired token or missing rights shows on every item: report it as such.
    if let Some(err) = reports.iter_mut().find_map(|r| r.fatal.take())
        && reports.iter().all(|r| r.outcome != Outcome::Ok)
    {
        return Err(err);
    }
    for report in &reports {
        match report.outcome {
            Outcome::Failed => eprintln!(
                "failed {}: {}",
                report.name,
                report.error.as_deref().unwrap_or("unknown error")
            ),
            Outcome::Unsupported => eprintln!(
                "skipped {}: {}",
                report.name,
                report.error.as_deref().unwrap_or("")
            ),
            Outcome::Ok => {}
        }
    }
    let ok = reports.iter().filter(|r| r.outcome == Outcome::Ok).count();
    if ok == 0 {
        return Err(Error::unreachable(format!(
            "no item could be fetched from {}; nothing was written",
            client.target.origin()
        )));
    }
    let failed = reports
        .iter()
        .filter(|r| {
            r.outcome == Outcome::Failed || (args.strict && r.outcome == Outcome::Unsupported)
        })
        .count();
    let code = if failed > 0 { exit::PARTIAL } else { exit::OK };
    let finished = SystemTime::now();

    let root = archive_root(&dest);
    let manifest = json!({
        "tool": "fleetctl-rs",
        "tool_version": env!("CARGO_PKG_VERSION"),
        "context": client.target.context,
        "address": client.target.origin(),
        "url_prefix": client.target.url_prefix,
        "server_version": server_version,
        "started_at": timefmt::rfc3339(started),
        "finished_at": timefmt::rfc3339(finished),
        "profile_seconds": args.profile_seconds,
        "trace_seconds": args.trace_seconds,
        "cmdline_scrubbed": !args.no_scrub,
        "items": reports,
        "failures": failed,
        "exit_code": code,
    });
    let mut writer = ArchiveWriter::create(&dest, &root)?;
    let mut total_bytes = 0;
    for report in reports.iter().filter(|r| r.outcome == Outcome::Ok) {
        writer.append_file(report.member, &spool_path.join(report.member))?;
        total_bytes += report.bytes;
    }
    let manifest_text = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
    writer.append_bytes("manifest.json", &manifest_text)?;
    writer.finish(args.force)?;
    drop(spool);

    if args.json {
        let items: Vec<Value> = reports
            .iter()
            .map(|r| json!({"name": r.name, "outcome": r.outcome, "bytes": r.bytes, "error": r.error}))
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({
                "path": dest,
                "context": client.target.context,
                "items": items,
                "failures": failed,
                "exit_code": code,
                "result": if failed > 0 { "partial" } else { "complete" },
            }))
            .unwrap_or_default()
        );
    } else {
        println!("{}", dest.display());
    }
    ui::info(format!(
        "Archive written: {} items ({}), {} failed, in {:.1} s",
        ok,
        human_bytes(total_bytes),
        failed,
        finished
            .duration_since(started)
            .unwrap_or_default()
            .as_secs_f64()
    ));
    ui::warn(
        "the archive may still contain sensitive data (host names, queries, paths); review it before sharing",
    );
    Ok(code)
}

async fn fetch_one(
    client: &FleetClient,
    item: &'static Item,
    settings: &FetchSettings,
    spool: &Path,
    progress: &Progress,
) -> ItemReport {
    let endpoint = item.request_path(settings.profile_seconds, settings.trace_seconds);
    fetch::fetch_item(
        client,
        item,
        endpoint,
        settings,
        &spool.join(item.member),
        progress,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_folder_drops_the_extension() {
        assert_eq!(archive_root(Path::new("/x/fleet-a.tar.gz")), "fleet-a");
        assert_eq!(archive_root(Path::new("b.tgz")), "b");
        assert_eq!(archive_root(Path::new("c")), "c");
    }
}
