//! Fetch and record: every server's items at once into the spool, each recorded as its
//! manifest entry as soon as it is done.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use reqwest::Method;
use serde_json::Value;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;

use super::fetch::{self, Fetch, FetchSettings, ItemError};
use super::items::{Item, ItemKind, archive_items};
use super::plan::{Capture, Plan, Server, captures};
use super::progress::{Progress, Row, ServerProgress};
use super::record::Collected;
use super::schedule::Schedule;
use crate::client::FleetClient;
use crate::error::{Error, Result};
use crate::manifest::{ItemRecord, Outcome};
use crate::settings::METRICS_PASSWORD_ENV;
use crate::{fsutil, timefmt, ui};

/// Every server's captures, fetched at once into `spool` (at most `parallel` servers at a
/// time), with progress lines on a terminal; the unusable contexts of the plan come back as
/// they were.
pub async fn fetch_all(
    plan: Plan,
    settings: &Arc<FetchSettings>,
    spool: &Path,
    parallel: usize,
    control: &Arc<Control>,
) -> Result<Vec<Collected>> {
    let mut warned = Vec::new();
    for server in &plan.servers {
        if !warned.contains(&server.slot.context) {
            warned.push(server.slot.context.clone());
            warn_if_metrics_left_out(&server.client, settings);
        }
    }
    let (work, rows) = every_capture(plan.servers, settings, &control.schedule);
    let names: Vec<(usize, String)> = work
        .iter()
        .map(|(server, _)| (server.slot.index, server.slot.name.clone()))
        .collect();
    let mut progress = Progress::new(ui::stderr_is_tty(), &names, &rows);
    progress.show_timeline(&control.schedule);
    let progress = Arc::new(progress);
    let slots = Arc::new(Semaphore::new(parallel.max(1)));
    let mut limits: HashMap<(String, String), Arc<ItemLocks>> = HashMap::new();
    let mut tasks = JoinSet::new();
    for (server, captures) in work {
        let locks = Arc::clone(limits.entry(server.endpoint.key()).or_default());
        let server_spool = server.slot.spool(spool);
        fsutil::create_private_dir_all(&server_spool)?;
        let observer = ServerProgress {
            progress: Arc::clone(&progress),
            server: server.slot.index,
        };
        let settings = Arc::clone(settings);
        let slots = Arc::clone(&slots);
        let control = Arc::clone(control);
        tasks.spawn(async move {
            let _slot = slots.acquire_owned().await;
            let settings = if control.schedule.is_timeline() {
                settings
            } else {
                let longest = settings.profile_seconds.max(settings.trace_seconds);
                Arc::new(with_deadline(&settings, longest))
            };
            collect_server(
                server,
                captures,
                settings,
                locks,
                server_spool,
                observer,
                control,
            )
            .await
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

/// A progress line: its row, label and seconds collecting.
type ProgressRow = (Row, String, u64);

/// Each server with its captures under `schedule`, and the progress rows (the first round's).
fn every_capture(
    servers: Vec<Server>,
    settings: &FetchSettings,
    schedule: &Schedule,
) -> (Vec<(Server, Vec<Capture>)>, Vec<ProgressRow>) {
    let mut rows = Vec::new();
    let mut work = Vec::new();
    for server in servers {
        let items = items_for(&server.client, settings);
        let captures = captures(
            &server.slot,
            &items,
            settings.profile_seconds,
            settings.trace_seconds,
            schedule,
        );
        for capture in captures.iter().filter(|c| c.round == 0) {
            rows.push((
                (server.slot.index, capture.item.kind),
                server.slot.label(capture.item.name),
                capture.seconds,
            ));
        }
        work.push((server, captures));
    }
    (work, rows)
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

/// `settings` with a deadline from now: the longest collection (`seconds`) plus one item's
/// allowance, so a stalled server holds the run that long at most, whatever the item count.
fn with_deadline(settings: &FetchSettings, longest: u64) -> FetchSettings {
    let budget = Duration::from_secs(longest + fetch::ITEM_ALLOWANCE_SECS);
    FetchSettings {
        deadline: Some(std::time::Instant::now() + budget),
        ..settings.clone()
    }
}

/// Why a capture ends before its last round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopReason {
    /// Ctrl-C or SIGTERM: the archive keeps every completed round.
    Interrupted,
    /// `--max-archive-mib` reached.
    ArchiveFull,
}

/// What every server's capture watches: the schedule, the stop signal, and the bytes fetched
/// so far against the archive's cap.
pub struct Control {
    pub schedule: Schedule,
    stop: watch::Sender<Option<StopReason>>,
    bytes: AtomicU64,
    max_bytes: u64,
}

impl Control {
    pub fn new(schedule: Schedule, max_bytes: u64) -> Self {
        Control {
            schedule,
            stop: watch::channel(None).0,
            bytes: AtomicU64::new(0),
            max_bytes,
        }
    }

    /// End every server's capture: no further round starts; on an interrupt the captures in
    /// flight are abandoned, at the archive's cap they end. An interrupt overrides the cap.
    pub fn stop(&self, reason: StopReason) {
        self.stop.send_if_modified(|now| {
            let change = now.is_none() || reason == StopReason::Interrupted;
            if change {
                *now = Some(reason);
            }
            change
        });
    }

    pub fn stopped(&self) -> Option<StopReason> {
        *self.stop.borrow()
    }

    /// Count `bytes` fetched; a timeline past its cap stops.
    fn fetched(&self, bytes: u64) {
        let total = self.bytes.fetch_add(bytes, Ordering::Relaxed) + bytes;
        if self.schedule.is_timeline() && total > self.max_bytes {
            self.stop(StopReason::ArchiveFull);
        }
    }
}

/// One lock per item kind on one endpoint, shared by every capture that dials it: at most one
/// CPU profile and one trace at a time (a second would fail on the server with "already in
/// use"), and in a timeline no item of a round before the same item of the previous round has
/// ended.
#[derive(Default)]
struct ItemLocks(Mutex<HashMap<ItemKind, Arc<Semaphore>>>);

impl ItemLocks {
    fn of(&self, kind: ItemKind) -> Arc<Semaphore> {
        let mut locks = self.0.lock().unwrap_or_else(|e| e.into_inner());
        Arc::clone(
            locks
                .entry(kind)
                .or_insert_with(|| Arc::new(Semaphore::new(1))),
        )
    }
}

/// What one capture task hands back: its position in the plan, its round, its record, and the
/// error that ends the server's collection if it was one.
type Done = (usize, u32, ItemRecord, Option<Error>);

/// Every capture of one server: the cheap, fully-authorised cmdline first (so a bad token or
/// a dead server fails in milliseconds, not after the CPU profile), then each round's at its
/// scheduled start.
async fn collect_server(
    server: Server,
    captures: Vec<Capture>,
    settings: Arc<FetchSettings>,
    locks: Arc<ItemLocks>,
    spool: PathBuf,
    observer: ServerProgress,
    control: Arc<Control>,
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
    for capture in &captures {
        collected.rounds.entry(capture.round).or_default().planned += 1;
    }
    let first = captures
        .iter()
        .position(|c| c.item.kind == ItemKind::Cmdline);
    let mut done = Vec::new();
    if let Some(position) = first {
        let capture = &captures[position];
        let timeline = control.schedule.is_timeline();
        let (record, fatal) =
            fetch_one(&client, capture, &settings, &spool, &observer, timeline).await;
        if let Some(err) = fatal {
            observer.abandon(&err.message);
            collected.record.items.push(record);
            collected.fail(err);
            return collected;
        }
        ended(&mut collected, &control, &record, capture.round);
        done.push((position, capture.round, record, None));
    }
    let version = tokio::spawn(server_version(Arc::clone(&client)));
    let mut rounds: BTreeMap<u32, Vec<(usize, Capture)>> = BTreeMap::new();
    for (position, capture) in captures.into_iter().enumerate() {
        if Some(position) != first {
            rounds
                .entry(capture.round)
                .or_default()
                .push((position, capture));
        }
    }
    let shared = Shared {
        client: Arc::clone(&client),
        settings,
        spool: spool.clone(),
        observer,
        locks,
        control: Arc::clone(&control),
    };
    run_rounds(&shared, rounds, &mut collected, &mut done).await;
    collected.record.server_version = version.await.ok().flatten();
    collected.record.instance_id = instance_id(&spool, &done);
    done.sort_by_key(|(position, ..)| *position);
    // An expired token or missing rights shows on every item: report it as such.
    let fetched_any = done.iter().any(|(_, _, record, _)| record.is_ok());
    let mut fatal = None;
    for (_, _, record, err) in done {
        fatal = fatal.or(err.filter(|_| !fetched_any));
        collected.record.items.push(record);
    }
    if let Some(err) = fatal {
        collected.fail(err);
    }
    collected
}

/// What every capture task of one server shares.
#[derive(Clone)]
struct Shared {
    client: Arc<FleetClient>,
    settings: Arc<FetchSettings>,
    spool: PathBuf,
    observer: ServerProgress,
    locks: Arc<ItemLocks>,
    control: Arc<Control>,
}

/// Start each round's captures when it is due, record each as it ends; on a stop, start no
/// further round (an interrupt also abandons the captures in flight).
async fn run_rounds(
    shared: &Shared,
    mut rounds: BTreeMap<u32, Vec<(usize, Capture)>>,
    collected: &mut Collected,
    done: &mut Vec<Done>,
) {
    let control = &shared.control;
    let mut stop = control.stop.subscribe();
    let mut tasks: JoinSet<Done> = JoinSet::new();
    loop {
        let due = rounds.keys().next().copied();
        if due.is_none() && tasks.is_empty() {
            break;
        }
        let at = due.map_or_else(Instant::now, |round| control.schedule.round_start(round));
        let draining = rounds.is_empty();
        tokio::select! {
            biased;
            _ = stop.wait_for(|s| match s {
                Some(StopReason::Interrupted) => true,
                Some(StopReason::ArchiveFull) => !draining,
                None => false,
            }) => {
                if control.stopped() == Some(StopReason::Interrupted) {
                    tasks.abort_all();
                    break;
                }
                // At the cap: no further round; the captures in flight end.
                rounds.clear();
            }
            joined = tasks.join_next(), if !tasks.is_empty() => {
                if let Some(Ok(finished)) = joined {
                    ended(collected, control, &finished.2, finished.1);
                    done.push(finished);
                }
            }
            () = tokio::time::sleep_until(at.into()), if due.is_some() => {
                let round = due.unwrap_or_default();
                let captures = rounds.remove(&round).unwrap_or_default();
                let kinds: Vec<ItemKind> = captures.iter().map(|(_, c)| c.item.kind).collect();
                shared.observer.round(round, &kinds);
                for (position, capture) in captures {
                    tasks.spawn(capture_one(shared.clone(), position, capture));
                }
            }
        }
    }
}

/// One capture: it waits its turn behind the same item of the previous round (in a timeline at
/// most the schedule's grace, then it is skipped for its round), then fetches.
async fn capture_one(shared: Shared, position: usize, capture: Capture) -> Done {
    let due = SystemTime::now();
    let lock = shared.locks.of(capture.item.kind);
    let turn = match shared.control.schedule.grace() {
        None => lock.acquire_owned().await.ok(),
        Some(grace) => tokio::time::timeout(grace, lock.acquire_owned())
            .await
            .ok()
            .and_then(std::result::Result::ok),
    };
    let Some(_turn) = turn else {
        let record = skipped(&capture, due);
        shared.observer.finish(capture.item.kind, &record);
        return (position, capture.round, record, None);
    };
    let capture = catch_up(capture, due);
    let settings = if shared.control.schedule.is_timeline() {
        Arc::new(with_deadline(&shared.settings, capture.seconds))
    } else {
        Arc::clone(&shared.settings)
    };
    let (record, fatal) = fetch_one(
        &shared.client,
        &capture,
        &settings,
        &shared.spool,
        &shared.observer,
        shared.control.schedule.is_timeline(),
    )
    .await;
    (position, capture.round, record, fatal)
}

/// A CPU profile or trace that waited for its previous round (each runs a little longer than
/// its seconds) is shortened by the wait, rounded up to whole seconds, so the lag does not add
/// up round after round; at least a second is left.
fn catch_up(mut capture: Capture, due: SystemTime) -> Capture {
    let waited = SystemTime::now().duration_since(due).unwrap_or_default();
    if capture.seconds > 1 && waited >= Duration::from_millis(500) {
        let behind = waited.as_secs() + u64::from(waited.subsec_nanos() > 0);
        capture.seconds = capture.seconds.saturating_sub(behind).max(1);
    }
    capture
}

/// Count a capture's end in its round, and its bytes against the archive's cap.
fn ended(collected: &mut Collected, control: &Control, record: &ItemRecord, round: u32) {
    let state = collected.rounds.entry(round).or_default();
    state.ended += 1;
    state.last_end = Some(SystemTime::now());
    control.fetched(record.bytes);
}

/// The record of a capture skipped because its item's previous round was still running.
fn skipped(capture: &Capture, due: SystemTime) -> ItemRecord {
    let item = capture.item;
    ItemRecord {
        name: item.name.to_string(),
        round: Some(capture.round),
        started_at: Some(timefmt::rfc3339(due)),
        member: capture.file.clone(),
        endpoint: item.request_path(capture.seconds, capture.seconds),
        outcome: Outcome::Skipped,
        status: None,
        bytes: 0,
        sha256: None,
        duration_ms: 0,
        error: Some(format!(
            "skipped: the previous interval's {} was still running",
            item.name
        )),
        redactions: BTreeMap::new(),
    }
}

/// The server process that answered `/debug/agentws` (`instance_id`), when it did.
fn instance_id(spool: &Path, done: &[Done]) -> Option<String> {
    let record = done
        .iter()
        .map(|(_, _, record, _)| record)
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

/// Fetch one capture into the spool and record it; an error that ends the server's collection
/// comes back beside its record.
async fn fetch_one(
    client: &FleetClient,
    capture: &Capture,
    settings: &FetchSettings,
    spool: &Path,
    observer: &ServerProgress,
    timeline: bool,
) -> (ItemRecord, Option<Error>) {
    let started = SystemTime::now();
    let item = capture.item;
    let endpoint = item.request_path(capture.seconds, capture.seconds);
    let dest = spool.join(&capture.file);
    let fetched = match dest.parent().map(fsutil::create_private_dir_all) {
        Some(Err(err)) => fetch::Fetch {
            item,
            endpoint,
            status: None,
            duration_ms: 0,
            result: Err(ItemError::from(err.one_line())),
        },
        _ => fetch::fetch_item(client, item, endpoint, settings, &dest, observer).await,
    };
    let (mut record, fatal) = record(fetched, &capture.file);
    record.started_at = Some(timefmt::rfc3339(started));
    record.round = timeline.then_some(capture.round);
    observer.finish(item.kind, &record);
    (record, fatal)
}

/// An item's manifest entry, and the error that ends its server's collection if it was one.
fn record(fetched: Fetch, file: &str) -> (ItemRecord, Option<Error>) {
    let item = fetched.item;
    let mut record = ItemRecord {
        name: item.name.to_string(),
        round: None,
        started_at: None,
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
