//! Fetch and record: every server's items at once into the spool, each recorded as its
//! manifest entry as soon as it is done.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use reqwest::Method;
use serde_json::Value;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::fetch::{self, Fetch, FetchSettings, ItemError};
use super::items::{Item, ItemKind, archive_items};
use super::plan::{Capture, Plan, Server, snapshot};
use super::progress::{Progress, ServerProgress};
use super::record::Collected;
use crate::client::FleetClient;
use crate::error::{Error, Result};
use crate::manifest::{ItemRecord, Outcome};
use crate::settings::METRICS_PASSWORD_ENV;
use crate::{fsutil, ui};

/// Every server's captures, fetched at once into `spool` (at most `parallel` servers at a
/// time), with progress lines on a terminal; the unusable contexts of the plan come back as
/// they were.
pub async fn fetch_all(
    plan: Plan,
    settings: &Arc<FetchSettings>,
    spool: &Path,
    parallel: usize,
) -> Result<Vec<Collected>> {
    let mut warned = Vec::new();
    for server in &plan.servers {
        if !warned.contains(&server.slot.context) {
            warned.push(server.slot.context.clone());
            warn_if_metrics_left_out(&server.client, settings);
        }
    }
    let mut rows = Vec::new();
    let mut work = Vec::new();
    for server in plan.servers {
        let items = items_for(&server.client, settings);
        let captures = snapshot(
            &server,
            &items,
            settings.profile_seconds,
            settings.trace_seconds,
        );
        for capture in &captures {
            rows.push((
                (server.slot.index, capture.item.kind),
                server.slot.label(capture.item.name),
                capture.seconds,
            ));
        }
        work.push((server, captures));
    }
    let names: Vec<(usize, String)> = work
        .iter()
        .map(|(server, _)| (server.slot.index, server.slot.name.clone()))
        .collect();
    let progress = Arc::new(Progress::new(ui::stderr_is_tty(), &names, &rows));
    let slots = Arc::new(Semaphore::new(parallel.max(1)));
    let mut limits: HashMap<(String, String), Arc<EndpointLimits>> = HashMap::new();
    let mut tasks = JoinSet::new();
    for (server, captures) in work {
        let limits = Arc::clone(
            limits
                .entry(server.endpoint.key())
                .or_insert_with(|| Arc::new(EndpointLimits::new())),
        );
        let server_spool = server.slot.spool(spool);
        fsutil::create_private_dir_all(&server_spool)?;
        let observer = ServerProgress {
            progress: Arc::clone(&progress),
            server: server.slot.index,
        };
        let settings = Arc::clone(settings);
        let slots = Arc::clone(&slots);
        tasks.spawn(async move {
            let _slot = slots.acquire_owned().await;
            let settings = Arc::new(with_deadline(&settings));
            collect_server(server, captures, settings, limits, server_spool, observer).await
        });
    }
    let mut results = plan.unusable;
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
    results.sort_by_key(|r| r.slot.index);
    Ok(results)
}

/// Open files one server's capture can hold at once: a connection and a spool file per item,
/// with room to spare.
const FILES_PER_SERVER: u64 = 40;
/// Kept for everything else (the archive, the config, stdio, the resolver).
const FILES_RESERVED: u64 = 64;

/// How many servers to capture at once: as many as the open-files limit allows (raised to its
/// hard limit first, as Go programs do), so that many servers never fail with "Too many open
/// files" that is this machine's limit, not theirs.
pub fn servers_at_once() -> usize {
    let limit = crate::platform::raise_open_files_limit().unwrap_or(4096);
    let servers = limit.saturating_sub(FILES_RESERVED) / FILES_PER_SERVER;
    usize::try_from(servers.clamp(1, 4096)).unwrap_or(4096)
}

/// `settings` with this server's deadline from now: the longest collection plus one item's
/// allowance, so a stalled server holds the run that long at most, whatever the item count.
fn with_deadline(settings: &FetchSettings) -> FetchSettings {
    let longest = settings.profile_seconds.max(settings.trace_seconds);
    let budget = Duration::from_secs(longest + fetch::ITEM_ALLOWANCE_SECS);
    FetchSettings {
        deadline: Some(std::time::Instant::now() + budget),
        ..settings.clone()
    }
}

/// At most one CPU profile and one trace at a time on one endpoint, shared by every capture
/// that dials it (a second would fail on
/// the server with "already in use").
struct EndpointLimits {
    cpu: Semaphore,
    trace: Semaphore,
}

impl EndpointLimits {
    fn new() -> Self {
        EndpointLimits {
            cpu: Semaphore::new(1),
            trace: Semaphore::new(1),
        }
    }

    fn for_item(&self, kind: ItemKind) -> Option<&Semaphore> {
        match kind {
            ItemKind::Profile => Some(&self.cpu),
            ItemKind::Trace => Some(&self.trace),
            _ => None,
        }
    }
}

/// Every capture of one server: the cheap, fully-authorised cmdline first (so a bad token or
/// a dead server fails in milliseconds, not after the CPU profile), then the rest at once.
async fn collect_server(
    server: Server,
    captures: Vec<Capture>,
    settings: Arc<FetchSettings>,
    limits: Arc<EndpointLimits>,
    spool: PathBuf,
    observer: ServerProgress,
) -> Collected {
    let Server {
        slot,
        endpoint,
        client,
    } = server;
    let target = &client.target;
    let mut collected = Collected::new(slot, target.origin(), target.url_prefix.clone());
    if endpoint.pin.is_some() {
        collected.record.endpoint = Some(endpoint.address());
        collected.record.verified_name = endpoint.verified_name();
    }
    let first = captures
        .iter()
        .position(|c| c.item.kind == ItemKind::Cmdline);
    let mut done = Vec::new();
    if let Some(position) = first {
        let capture = &captures[position];
        let (record, fatal) = fetch_one(&client, capture, &settings, &spool, &observer).await;
        if let Some(err) = fatal {
            observer.abandon(&err.message);
            collected.record.items.push(record);
            collected.fail(err);
            return collected;
        }
        done.push((position, record, None));
    }
    let version = tokio::spawn(server_version(Arc::clone(&client)));
    let mut tasks = JoinSet::new();
    for (position, capture) in captures
        .into_iter()
        .enumerate()
        .filter(|(p, _)| Some(*p) != first)
    {
        let (client, settings, observer, spool, limits) = (
            Arc::clone(&client),
            Arc::clone(&settings),
            observer.clone(),
            spool.clone(),
            Arc::clone(&limits),
        );
        tasks.spawn(async move {
            let _turn = match limits.for_item(capture.item.kind) {
                Some(limit) => limit.acquire().await.ok(),
                None => None,
            };
            let (record, fatal) = fetch_one(&client, &capture, &settings, &spool, &observer).await;
            (position, record, fatal)
        });
    }
    while let Some(joined) = tasks.join_next().await {
        done.extend(joined.ok());
    }
    collected.record.server_version = version.await.ok().flatten();
    collected.record.instance_id = instance_id(&spool, &done);
    done.sort_by_key(|(position, _, _)| *position);
    // An expired token or missing rights shows on every item: report it as such.
    let fetched_any = done.iter().any(|(_, record, _)| record.is_ok());
    let mut fatal = None;
    for (_, record, err) in done {
        fatal = fatal.or(err.filter(|_| !fetched_any));
        collected.record.items.push(record);
    }
    if let Some(err) = fatal {
        collected.fail(err);
    }
    collected
}

/// The server process that answered `/debug/agentws` (`instance_id`), when it did.
fn instance_id(spool: &Path, done: &[(usize, ItemRecord, Option<Error>)]) -> Option<String> {
    let record = done
        .iter()
        .map(|(_, record, _)| record)
        .find(|r| r.name == ItemKind::Agentws.item().name && r.is_ok())?;
    let file = std::fs::File::open(spool.join(&record.member)).ok()?;
    let answer: Value =
        serde_json::from_reader(std::io::BufReader::new(file).take(1 << 20)).ok()?;
    let id = answer.get("instance_id")?.as_str()?;
    Some(id.chars().filter(|c| !c.is_control()).take(200).collect())
}

async fn server_version(client: Arc<FleetClient>) -> Option<Value> {
    let req = client
        .request(Method::GET, "/api/latest/fleet/version", true)
        .ok()?;
    client.json::<Value>(req).await.ok()
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
            "context `{context}` has a metrics-username but no metrics password was given: metrics.txt is left out (pass --metrics-password-stdin or set {METRICS_PASSWORD_ENV})",
        )),
        (None, true) => ui::warn(format!(
            "a metrics password was given but context `{context}` has no metrics-username: metrics.txt is left out (set one with `fleetctl config set --context {context} --metrics-username USER`)"
        )),
        _ => {}
    }
}

/// The items archived from one server: all 13, plus `/metrics` when credentials are at hand.
fn items_for(client: &FleetClient, settings: &FetchSettings) -> Vec<&'static Item> {
    let mut items: Vec<&'static Item> = archive_items().collect();
    if client.target.metrics_username.is_some() && settings.metrics_password.is_some() {
        items.push(ItemKind::Metrics.item());
    }
    items
}

/// Fetch one item into the spool and record it; an error that ends the server's collection
/// comes back beside its record.
async fn fetch_one(
    client: &FleetClient,
    capture: &Capture,
    settings: &FetchSettings,
    spool: &Path,
    observer: &ServerProgress,
) -> (ItemRecord, Option<Error>) {
    let item = capture.item;
    let endpoint = item.request_path(capture.seconds, capture.seconds);
    let dest = spool.join(&capture.file);
    let fetched = fetch::fetch_item(client, item, endpoint, settings, &dest, observer).await;
    let (record, fatal) = record(fetched, &capture.file);
    observer.finish(item.kind, &record);
    (record, fatal)
}

/// An item's manifest entry, and the error that ends its server's collection if it was one.
fn record(fetched: Fetch, file: &str) -> (ItemRecord, Option<Error>) {
    let item = fetched.item;
    let mut record = ItemRecord {
        name: item.name.to_string(),
        member: file.to_string(),
        endpoint: fetched.endpoint,
        outcome: Outcome::Ok,
        status: fetched.status,
        bytes: 0,
        sha256: None,
        duration_ms: fetched.duration_ms,
        error: None,
        redactions: BTreeMap::new(),
    };
    match fetched.result {
        Ok(done) => {
            record.bytes = done.bytes;
            record.sha256 = Some(done.sha256);
            record.redactions = done.redactions;
            (record, None)
        }
        Err(err) => {
            record.error = Some(err.reason(seconds_flag(item.kind)));
            record.outcome = match err {
                ItemError::Unsupported => Outcome::Unsupported,
                _ => Outcome::Failed,
            };
            let fatal = match err {
                ItemError::Fatal(err) => Some(err),
                _ => None,
            };
            (record, fatal)
        }
    }
}

/// The `debug archive` flag that sets an item's collection length.
fn seconds_flag(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Trace => "--trace-seconds",
        _ => "--profile-seconds",
    }
}
