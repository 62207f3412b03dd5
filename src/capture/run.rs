//! Fetch and record: every server's items at once into the spool, each recorded as its
//! manifest entry as soon as it is done.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use reqwest::Method;
use serde_json::Value;
use tokio::task::JoinSet;

use super::fetch::{self, Fetch, FetchSettings, ItemError};
use super::items::{Item, ItemKind, archive_items};
use super::plan::{Plan, Server};
use super::progress::{Progress, ServerProgress};
use super::record::Collected;
use crate::client::FleetClient;
use crate::error::{Error, Result};
use crate::manifest::{ItemRecord, Outcome};
use crate::settings::METRICS_PASSWORD_ENV;
use crate::{fsutil, ui};

/// Every server's items, fetched at once into `spool`, with progress lines on a terminal;
/// the unusable contexts of the plan come back as they were.
pub async fn fetch_all(
    plan: Plan,
    settings: &Arc<FetchSettings>,
    spool: &Path,
) -> Result<Vec<Collected>> {
    for server in &plan.servers {
        warn_if_metrics_left_out(&server.client, settings);
    }
    let mut rows = Vec::new();
    for server in &plan.servers {
        for item in items_for(&server.client, settings) {
            let seconds = item.collection_seconds(settings.profile_seconds, settings.trace_seconds);
            let label = server.slot.member(item.name);
            rows.push(((server.slot.index, item.kind), label, seconds));
        }
    }
    let progress = Arc::new(Progress::new(ui::stderr_is_tty(), &rows));
    let mut tasks = JoinSet::new();
    for server in plan.servers {
        let server_spool = server.slot.spool(spool);
        fsutil::create_private_dir_all(&server_spool)?;
        let observer = ServerProgress {
            progress: Arc::clone(&progress),
            server: server.slot.index,
        };
        let settings = Arc::clone(settings);
        tasks.spawn(collect_server(server, settings, server_spool, observer));
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

/// Every item of one server: the cheap, fully-authorised cmdline first (so a bad token or a
/// dead server fails in milliseconds, not after the CPU profile), then the rest at once.
async fn collect_server(
    server: Server,
    settings: Arc<FetchSettings>,
    spool: PathBuf,
    observer: ServerProgress,
) -> Collected {
    let Server { slot, client } = server;
    let target = &client.target;
    let mut collected = Collected::new(slot, target.origin(), target.url_prefix.clone());
    let items = items_for(&client, &settings);
    let first = ItemKind::Cmdline.item();
    let (record, fatal) = fetch_one(&client, first, &settings, &spool, &observer).await;
    if let Some(err) = fatal {
        observer.abandon(&err.message);
        collected.record.items.push(record);
        collected.fail(err);
        return collected;
    }
    let version = tokio::spawn(server_version(Arc::clone(&client)));
    let mut tasks = JoinSet::new();
    for (position, &item) in items
        .iter()
        .enumerate()
        .filter(|(_, i)| i.kind != first.kind)
    {
        let (client, settings, observer, spool) = (
            Arc::clone(&client),
            Arc::clone(&settings),
            observer.clone(),
            spool.clone(),
        );
        tasks.spawn(async move {
            let (record, fatal) = fetch_one(&client, item, &settings, &spool, &observer).await;
            (position, record, fatal)
        });
    }
    let position = items.iter().position(|i| i.kind == first.kind);
    let mut done = vec![(position.unwrap_or(0), record, None)];
    while let Some(joined) = tasks.join_next().await {
        done.extend(joined.ok());
    }
    collected.record.server_version = version.await.ok().flatten();
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
    item: &'static Item,
    settings: &FetchSettings,
    spool: &Path,
    observer: &ServerProgress,
) -> (ItemRecord, Option<Error>) {
    let endpoint = item.request_path(settings.profile_seconds, settings.trace_seconds);
    let dest = spool.join(item.member);
    let fetched = fetch::fetch_item(client, item, endpoint, settings, &dest, observer).await;
    let (record, fatal) = record(fetched);
    observer.finish(item.kind, &record);
    (record, fatal)
}

/// An item's manifest entry, and the error that ends its server's collection if it was one.
fn record(fetched: Fetch) -> (ItemRecord, Option<Error>) {
    let item = fetched.item;
    let mut record = ItemRecord {
        name: item.name.to_string(),
        member: item.member.to_string(),
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
