//! `fleetctl debug archive`: every debug item from one server, fetched concurrently, into one
//! scrubbed, owner-only `.tar.gz` with a manifest.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use clap::Args;
use indicatif::HumanBytes;
use reqwest::Method;
use serde_json::{Value, json};
use tokio::task::JoinSet;

use super::fetch::{self, FetchSettings, ItemReport, Outcome};
use super::items::{ARCHIVE_ITEMS, Item};
use super::metrics::{METRICS_PASSWORD_ENV, metrics_password};
use super::progress::{Progress, ServerProgress};
use super::stdout::{refuse_binary_on_terminal, stream_to_stdout};
use crate::archive::ArchiveWriter;
use crate::client::FleetClient;
use crate::commands::{SelectedContext, fail_if_only_unusable, selected_contexts};
use crate::config::ConfigStore;
use crate::error::{Error, ErrorKind, Result, exit};
use crate::settings::GlobalArgs;
use crate::{fsutil, platform, timefmt, ui};

/// Upper bound of --max-item-mib: 1 TiB, far above any profile, far below u64 overflow.
const MAX_ITEM_MIB: u64 = 1024 * 1024;

#[derive(Debug, Args)]
pub struct ArchiveArgs {
    /// Archive path, or a folder to write the default name in, or `-` for stdout when it is not
    /// a terminal [default: ./fleet-profiles-archive-<YYYYMMDDhhmmss>Z.tar.gz]
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

    /// Largest answer accepted for one item, in MiB (also what a gzipped profile may inflate
    /// to); at most 1048576 (1 TiB)
    #[arg(long, value_name = "MIB", default_value_t = 1024, value_parser = clap::value_parser!(u64).range(1..=MAX_ITEM_MIB))]
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

    /// Read the /metrics Basic-auth password from stdin (else $FLEETCTL_METRICS_PASSWORD); with
    /// a context's metrics-username set, the archive then includes metrics.txt
    #[arg(long)]
    pub metrics_password_stdin: bool,

    /// Archive every context in the config file, one folder each (or repeat --context)
    #[arg(long, conflicts_with = "context")]
    pub all_contexts: bool,
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
        ui::out(json!({"path": null, "error": err.message, "exit_code": err.exit_code()}))?;
    }
    result
}

/// Where the archive goes: a file, or with `-o -` a temporary file streamed to stdout at the
/// end (the folder holding it is removed on drop).
enum Destination {
    File(PathBuf),
    Stdout(tempfile::TempDir, PathBuf),
}

fn run_inner(args: ArchiveArgs, global: &GlobalArgs) -> Result<u8> {
    let started = SystemTime::now();
    let default_name = default_archive_name(started);
    let destination = if args.outfile.as_deref() == Some(Path::new("-")) {
        if args.json {
            return Err(Error::usage("--json and -o - both write to stdout")
                .with_hint("drop --json, or write the archive to a file with -o PATH"));
        }
        refuse_binary_on_terminal("the archive")?;
        let dir = fsutil::private_tempdir()?;
        let dest = dir.path().join(&default_name);
        Destination::Stdout(dir, dest)
    } else {
        let dest = fsutil::output_path(args.outfile.clone(), &default_name);
        fsutil::check_can_create(&dest, args.force)?;
        Destination::File(dest)
    };
    let store = ConfigStore::locate(global.config.as_deref())?;
    let mut selected = selected_contexts(global, args.all_contexts, &store)?;
    fail_if_only_unusable(&mut selected)?;
    dedupe_servers(&mut selected);
    let multi = selected.len() > 1;
    let mut servers = Vec::new();
    // Contexts that cannot be used (no address, bad TLS settings) fail alone when there are
    // others to archive.
    let mut unusable = Vec::new();
    let mut folders: Vec<String> = Vec::new();
    for (index, context) in selected.into_iter().enumerate() {
        let folder = if multi {
            unique_folder(&context.name, &folders)
        } else {
            String::new()
        };
        folders.push(folder.clone());
        let client = context
            .target
            .and_then(|target| FleetClient::new(target, global.debug));
        match client {
            Ok(client) => servers.push(Server {
                index,
                client: Arc::new(client),
                folder,
            }),
            Err(e) if multi => unusable.push(ServerResult {
                index,
                folder,
                context: context.name,
                address: context.address,
                url_prefix: String::new(),
                server_version: None,
                reports: Vec::new(),
                fatal: Some(e),
            }),
            Err(e) => return Err(e),
        }
    }
    if args.no_scrub {
        ui::warn(
            "--no-scrub: the cmdline in the archive is not scrubbed and may hold the server's passwords and keys",
        );
    }
    let (dest, to_stdout) = match &destination {
        Destination::File(dest) => (dest.clone(), false),
        Destination::Stdout(_, dest) => (dest.clone(), true),
    };
    let code = ui::block_on(async move {
        tokio::select! {
            result = collect(args, servers, unusable, dest, to_stdout, started) => result,
            () = platform::interrupted() => Err(Error::interrupted()),
        }
    })?;
    if let Destination::Stdout(_dir, dest) = &destination {
        stream_to_stdout(dest)?;
    }
    Ok(code)
}

/// Two contexts for one server would start two CPU profiles on it at once (the second
/// fails): archive each server (address and url-prefix) once, with the context best able to
/// reach it: one with a token over one without, then one with a rootca, then the first named.
fn dedupe_servers(selected: &mut Vec<SelectedContext>) {
    let key = |c: &SelectedContext| {
        c.target
            .as_ref()
            .ok()
            .map(|t| (t.origin(), t.url_prefix.clone()))
    };
    let rank = |c: &SelectedContext| {
        c.target
            .as_ref()
            .map(|t| (t.token.is_some(), t.rootca.is_some()))
            .unwrap_or_default()
    };
    let mut keep = vec![true; selected.len()];
    for i in 0..selected.len() {
        let Some(server) = key(&selected[i]) else {
            continue;
        };
        // The best of this server's contexts; the first named wins a tie.
        let mut best: Option<usize> = None;
        for (j, other) in selected.iter().enumerate() {
            if key(other).as_ref() == Some(&server)
                && best.is_none_or(|b| rank(other) > rank(&selected[b]))
            {
                best = Some(j);
            }
        }
        let best = best.unwrap_or(i);
        if best != i {
            keep[i] = false;
            let why = match (rank(&selected[best]), rank(&selected[i])) {
                ((true, _), (false, _)) => ", which has a token",
                ((_, true), (_, false)) => ", which has a rootca",
                _ => "",
            };
            ui::warn(format!(
                "context `{}` points at the same server as `{}`; archiving it once, with `{}`{why}",
                selected[i].name, selected[best].name, selected[best].name
            ));
        }
    }
    let mut flags = keep.into_iter();
    selected.retain(|_| flags.next().unwrap_or(true));
}

struct Server {
    /// Position on the command line, which orders the manifest.
    index: usize,
    client: Arc<FleetClient>,
    /// Folder inside the archive ("" when archiving a single server).
    folder: String,
}

/// What was collected from one server.
struct ServerResult {
    index: usize,
    folder: String,
    context: String,
    address: String,
    url_prefix: String,
    server_version: Option<Value>,
    reports: Vec<ItemReport>,
    /// Why nothing could be fetched from this server (auth, unreachable).
    fatal: Option<Error>,
}

/// A folder name safe on every file system, distinct from the ones already taken.
fn unique_folder(context: &str, taken: &[String]) -> String {
    let mut base: String = context
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '@') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if base.is_empty() || base.starts_with('.') {
        base.insert(0, '_');
    }
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}-{n}");
        n += 1;
    }
    name
}

async fn collect(
    args: ArchiveArgs,
    servers: Vec<Server>,
    unusable: Vec<ServerResult>,
    dest: PathBuf,
    to_stdout: bool,
    started: SystemTime,
) -> Result<u8> {
    let settings = Arc::new(FetchSettings {
        profile_seconds: args.profile_seconds,
        trace_seconds: args.trace_seconds,
        max_bytes: args.max_item_mib.saturating_mul(1024 * 1024),
        scrub: !args.no_scrub,
        metrics_password: metrics_password(
            args.metrics_password_stdin,
            "debug archive --metrics-password-stdin",
        )?,
        seconds_flags: ["--profile-seconds", "--trace-seconds"],
    });
    for server in &servers {
        warn_if_metrics_left_out(&server.client, &settings);
    }
    let spool = fsutil::spool_dir_beside(&dest)?;
    let mut rows = Vec::new();
    for server in &servers {
        for item in items_for(&server.client, &settings) {
            let prefix = if server.folder.is_empty() {
                String::new()
            } else {
                format!("{}/", server.folder)
            };
            rows.push((
                format!("{prefix}{}", item.name),
                item.collection_seconds(settings.profile_seconds, settings.trace_seconds),
            ));
        }
    }
    let progress = Arc::new(Progress::new(ui::stderr_is_tty(), &rows));

    let mut tasks = JoinSet::new();
    for server in servers {
        let server_spool = spool.path().join(if server.folder.is_empty() {
            "single"
        } else {
            &server.folder
        });
        fsutil::create_private_dir_all(&server_spool)?;
        let observer = ServerProgress {
            progress: Arc::clone(&progress),
            prefix: if server.folder.is_empty() {
                String::new()
            } else {
                format!("{}/", server.folder)
            },
        };
        let settings = Arc::clone(&settings);
        tasks.spawn(collect_server(server, settings, server_spool, observer));
    }
    let mut results = unusable;
    let mut ticker = tokio::time::interval(Duration::from_millis(500));
    loop {
        tokio::select! {
            joined = tasks.join_next() => match joined {
                Some(Ok(done)) => results.push(done),
                Some(Err(e)) => return Err(Error::general(format!("internal error in a fetch task: {e}"))),
                None => break,
            },
            _ = ticker.tick() => progress.tick(),
        }
    }
    progress.clear();
    results.sort_by_key(|r| r.index);
    let multi = results.len() > 1;

    let nothing_fetched = results
        .iter()
        .all(|r| r.reports.iter().all(|i| i.outcome != Outcome::Ok));
    if nothing_fetched
        && !multi
        && let Some(err) = results[0].fatal.take()
    {
        return Err(err);
    }
    let mut failed = 0;
    for result in &results {
        let label = |item: &str| {
            if multi {
                format!("{}/{item}", result.context)
            } else {
                item.to_string()
            }
        };
        if let Some(err) = &result.fatal {
            ui::info(format!("failed {}: {}", result.context, err.one_line()));
            failed += 1;
            continue;
        }
        for report in &result.reports {
            let why = report.error.as_deref().unwrap_or("unknown error");
            match report.outcome {
                Outcome::Failed => {
                    ui::info(format!("failed {}: {why}", label(report.name)));
                    failed += 1;
                }
                Outcome::Unsupported if args.strict => {
                    ui::info(format!("failed {}: {why} (--strict)", label(report.name)));
                    failed += 1;
                }
                Outcome::Unsupported => {
                    ui::info(format!("skipped {}: {why}", label(report.name)));
                }
                Outcome::Ok => {}
            }
        }
    }
    // Nothing fetched anywhere: write nothing; the reasons are printed above.
    if nothing_fetched {
        let kind = results
            .iter()
            .find_map(|r| r.fatal.as_ref().map(|e| e.kind))
            .unwrap_or(ErrorKind::Unreachable);
        let what = if multi {
            format!("none of the {} servers could be archived", results.len())
        } else {
            format!("no item could be fetched from {}", results[0].address)
        };
        return Err(Error::new(kind, format!("{what}; nothing was written"))
            .with_hint("the reasons are listed above; `fleetctl health` checks each server"));
    }
    let code = if failed > 0 { exit::PARTIAL } else { exit::OK };
    let finished = SystemTime::now();

    let server_manifest = |r: &ServerResult| {
        json!({
            "context": r.context,
            "address": r.address,
            "url_prefix": r.url_prefix,
            "server_version": r.server_version,
            "error": r.fatal.as_ref().map(Error::one_line),
            "items": r.reports,
            "failures": r.reports.iter().filter(|i| i.outcome == Outcome::Failed || (args.strict && i.outcome == Outcome::Unsupported)).count()
                + usize::from(r.fatal.is_some()),
        })
    };
    let mut manifest = json!({
        "tool": "fleetctl-rs",
        "tool_version": env!("CARGO_PKG_VERSION"),
        "started_at": timefmt::rfc3339(started),
        "finished_at": timefmt::rfc3339(finished),
        "profile_seconds": args.profile_seconds,
        "trace_seconds": args.trace_seconds,
        "cmdline_scrubbed": !args.no_scrub,
        "failures": failed,
        "exit_code": code,
    });
    if multi {
        manifest["servers"] = results
            .iter()
            .map(|r| {
                let mut m = server_manifest(r);
                m["folder"] = json!(r.folder);
                m
            })
            .collect();
    } else if let (Some(object), Value::Object(single)) =
        (manifest.as_object_mut(), server_manifest(&results[0]))
    {
        for (key, value) in single {
            if key != "failures" {
                object.insert(key, value);
            }
        }
    }

    let root = archive_root(&dest);
    let mut writer = ArchiveWriter::create(&dest, &root)?;
    let mut total_bytes = 0;
    let mut ok = 0;
    for result in &results {
        if multi && result.reports.iter().any(|r| r.outcome == Outcome::Ok) {
            writer.append_dir(&result.folder)?;
        }
        let server_spool = spool.path().join(if result.folder.is_empty() {
            "single"
        } else {
            &result.folder
        });
        for report in result.reports.iter().filter(|r| r.outcome == Outcome::Ok) {
            let name = if multi {
                format!("{}/{}", result.folder, report.member)
            } else {
                report.member.to_string()
            };
            writer.append_file(&name, &server_spool.join(report.member))?;
            total_bytes += report.bytes;
            ok += 1;
        }
    }
    // The manifest quotes servers (version, error texts): masked like everything else.
    let manifest_text = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
    let (manifest_text, _) = crate::redact::redact_bytes(&manifest_text);
    writer.append_bytes("manifest.json", &manifest_text)?;
    writer.finish(args.force)?;
    drop(spool);

    if args.json {
        let servers: Vec<Value> = results
            .iter()
            .map(|r| {
                json!({
                    "context": r.context,
                    "error": r.fatal.as_ref().map(Error::one_line),
                    "items": r.reports.iter().map(|i| json!({"name": i.name, "outcome": i.outcome, "bytes": i.bytes, "error": i.error})).collect::<Vec<_>>(),
                })
            })
            .collect();
        let mut summary = json!({
            "path": dest,
            "failures": failed,
            "exit_code": code,
            "result": if failed > 0 { "partial" } else { "complete" },
        });
        if multi {
            summary["servers"] = json!(servers);
        } else {
            summary["context"] = servers[0]["context"].clone();
            summary["items"] = servers[0]["items"].clone();
        }
        ui::out(serde_json::to_string_pretty(&summary).unwrap_or_default())?;
    } else if !to_stdout {
        ui::out(dest.display())?;
    }
    ui::info(format!(
        "Archive written: {ok} items ({}) from {} server(s), {failed} failed, in {:.1} s",
        HumanBytes(total_bytes),
        results.len(),
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

/// Every item of one server: the cheap, fully-authorised cmdline first (so a bad token or a
/// dead server fails in milliseconds, not after the CPU profile), then the rest at once.
async fn collect_server(
    server: Server,
    settings: Arc<FetchSettings>,
    spool: PathBuf,
    observer: ServerProgress,
) -> ServerResult {
    let client = server.client;
    let mut result = ServerResult {
        index: server.index,
        folder: server.folder,
        context: client.target.context.clone(),
        address: client.target.origin(),
        url_prefix: client.target.url_prefix.clone(),
        server_version: None,
        reports: Vec::new(),
        fatal: None,
    };
    let first = super::items::by_name("cmdline");
    let mut first_report = fetch_one(&client, first, &settings, &spool, &observer).await;
    observer.finish(&first_report);
    if let Some(err) = first_report.fatal.take() {
        observer.progress.abandon(&observer.prefix, &err.message);
        result.fatal = Some(err);
        result.reports.push(first_report);
        return result;
    }

    let version_client = Arc::clone(&client);
    let version = tokio::spawn(async move {
        let req = version_client
            .request(Method::GET, "/api/latest/fleet/version", true)
            .ok()?;
        version_client.json::<Value>(req).await.ok()
    });
    let mut tasks = JoinSet::new();
    let items = items_for(&client, &settings);
    for item in items.iter().copied().filter(|i| i.name != first.name) {
        let (client, settings, observer, spool) = (
            Arc::clone(&client),
            Arc::clone(&settings),
            observer.clone(),
            spool.clone(),
        );
        tasks.spawn(async move {
            let report = fetch_one(&client, item, &settings, &spool, &observer).await;
            observer.finish(&report);
            report
        });
    }
    let mut reports = vec![first_report];
    while let Some(joined) = tasks.join_next().await {
        if let Ok(report) = joined {
            reports.push(report);
        }
    }
    result.server_version = version.await.ok().flatten();
    reports.sort_by_key(|r| items.iter().position(|i| i.name == r.name));
    // An expired token or missing rights shows on every item: report it as such.
    if reports.iter().all(|r| r.outcome != Outcome::Ok) {
        result.fatal = reports.iter_mut().find_map(|r| r.fatal.take());
    }
    result.reports = reports;
    result
}

/// Metrics are archived only with both a context's metrics-username and a password: say so
/// when only one of them is there, rather than leave metrics.txt out silently.
fn warn_if_metrics_left_out(client: &FleetClient, settings: &FetchSettings) {
    let context = &client.target.context;
    match (
        &client.target.metrics_username,
        settings.metrics_password.is_some(),
    ) {
        (Some(_), false) => ui::warn(format!(
            "context `{context}` has a metrics-username but no metrics password was given: metrics.txt is left out (pass --metrics-password-stdin or set {})",
            METRICS_PASSWORD_ENV
        )),
        (None, true) => ui::warn(format!(
            "a metrics password was given but context `{context}` has no metrics-username: metrics.txt is left out (set one with `fleetctl config set --context {context} --metrics-username USER`)"
        )),
        _ => {}
    }
}

/// The items archived from one server: all 13, plus `/metrics` when credentials are at hand.
fn items_for(client: &FleetClient, settings: &FetchSettings) -> Vec<&'static Item> {
    let mut items: Vec<&'static Item> = ARCHIVE_ITEMS.iter().collect();
    if client.target.metrics_username.is_some() && settings.metrics_password.is_some() {
        items.push(&super::items::METRICS_ITEM);
    }
    items
}

async fn fetch_one(
    client: &FleetClient,
    item: &'static Item,
    settings: &FetchSettings,
    spool: &Path,
    observer: &ServerProgress,
) -> ItemReport {
    let endpoint = item.request_path(settings.profile_seconds, settings.trace_seconds);
    fetch::fetch_item(
        client,
        item,
        endpoint,
        settings,
        &spool.join(item.member),
        observer,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_safe_and_distinct() {
        assert_eq!(unique_folder("server-a", &[]), "server-a");
        assert_eq!(unique_folder("..", &[]), "_..");
        assert_eq!(unique_folder("a", &["a".to_string()]), "a-2");
    }

    #[test]
    fn root_folder_drops_the_extension() {
        assert_eq!(archive_root(Path::new("/x/fleet-a.tar.gz")), "fleet-a");
        assert_eq!(archive_root(Path::new("b.tgz")), "b");
        assert_eq!(archive_root(Path::new("c")), "c");
    }
}
