//! Plan: the selected contexts, each an identity resolved into its endpoints (name resolution
//! is I/O, so planning is async), each endpoint a server of the run in its slot, with a client
//! or the reason it has none, and the captures to take from it.

use std::collections::HashSet;
use std::sync::Arc;

use reqwest::Method;
use tokio::task::JoinSet;

use super::endpoint::{self, Endpoint, Targeting};
use super::items::Item;
use super::record::{Collected, Slot};
use crate::client::FleetClient;
use crate::error::{Error, ErrorKind, Result};
use crate::settings::{SelectedContext, Settings, fail_if_only_unusable, selected_contexts};
use crate::ui;

/// A server to archive: one endpoint.
pub struct Server {
    pub slot: Slot,
    pub endpoint: Endpoint,
    pub client: Arc<FleetClient>,
}

/// One capture: an item taken from one server in one round, written to one member.
#[derive(Debug, Clone)]
pub struct Capture {
    pub item: &'static Item,
    /// 0 for a snapshot; a timeline's interval number.
    pub round: u32,
    /// Seconds the server spends collecting (CPU profile, trace), else 0.
    pub seconds: u64,
    /// The path inside the server's folder (and spool): `heap.prof` for a snapshot; a
    /// timeline's rounds get a folder each.
    pub file: String,
    /// The member's path in the archive, unique per (server, item, round).
    pub member: String,
}

pub struct Plan {
    pub servers: Vec<Server>,
    /// Contexts and backends that cannot be used (no address, bad TLS settings, a token the
    /// server refused), already failed: they fail alone when there are others to archive.
    pub unusable: Vec<Collected>,
}

/// The servers of this run: `--context` (repeated), `--all-contexts` or the selected context,
/// each expanded into its backends when `targeting` asks, each server once. With one server,
/// its config problem is the run's error.
pub async fn plan(settings: &Settings, all_contexts: bool, targeting: &Targeting) -> Result<Plan> {
    let mut selected = selected_contexts(settings, all_contexts)?;
    if !targeting.servers.is_empty() && selected.len() > 1 {
        return Err(Error::usage(
            "--server and --servers-from name the backends of one context, but several were selected",
        )
        .with_hint("give one --context with --server, or use --each-server with several contexts"));
    }
    if targeting.pins()
        && let [only] = selected.as_slice()
        && only.target.is_err()
        && only.address.is_empty()
    {
        return Err(Error::usage(format!(
            "context `{}` has no address to take the scheme, host name and token from for its backends",
            only.name
        ))
        .with_hint(format!(
            "set the load balancer's address first: `fleetctl config set --context {} --address https://fleet.example.com`",
            only.name
        )));
    }
    fail_if_only_unusable(&mut selected)?;
    dedupe_servers(&mut selected);
    let contexts = expand(selected, targeting).await?;
    let multi_context = contexts.len() > 1;
    let backends = targeting.pins();
    let single = !multi_context && !backends;
    let mut plan = Plan {
        servers: Vec::new(),
        unusable: Vec::new(),
    };
    let mut folders: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    for (name, address, endpoints) in contexts {
        let context_folder = unique_folder(&name, &folders);
        folders.push(context_folder.clone());
        let endpoints = match endpoints {
            Ok(endpoints) => endpoints,
            Err(e) => {
                let slot = slot(
                    plan.len(),
                    &name,
                    multi_context.then(|| context_folder.clone()),
                    None,
                );
                plan.unusable.push(failed(slot, address, e));
                continue;
            }
        };
        for endpoint in endpoints {
            if !seen.insert(endpoint.key()) {
                ui::warn(format!(
                    "{} of context `{name}` is already archived; archiving it once",
                    endpoint.address()
                ));
                continue;
            }
            let folder = match (single, multi_context, endpoint.label()) {
                (true, _, _) => None,
                (_, true, Some(backend)) => Some(format!("{context_folder}/{backend}")),
                (_, false, Some(backend)) => Some(backend),
                (_, _, None) => Some(context_folder.clone()),
            };
            let slot = slot(plan.len(), &name, folder, endpoint.label());
            plan.add(slot, endpoint, single)?;
        }
    }
    check_tokens(&mut plan).await;
    Ok(plan)
}

/// A selected context with its endpoints, or why it has none.
type Expanded = (String, String, Result<Vec<Endpoint>>);

/// Every context's endpoints, resolved concurrently, in the order selected. With one context,
/// its problem (a name that resolves to nothing, too) is the run's error.
async fn expand(selected: Vec<SelectedContext>, targeting: &Targeting) -> Result<Vec<Expanded>> {
    let mut tasks = JoinSet::new();
    for (index, context) in selected.into_iter().enumerate() {
        let targeting = targeting.clone();
        tasks.spawn(async move {
            let endpoints = match context.target {
                Ok(target) => endpoint::endpoints(Arc::new(target), &targeting).await,
                Err(e) => Err(e),
            };
            (index, (context.name, context.address, endpoints))
        });
    }
    let mut done = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        done.push(joined.map_err(|e| Error::general(format!("internal error in planning: {e}")))?);
    }
    done.sort_by_key(|(index, _)| *index);
    let mut done: Vec<Expanded> = done.into_iter().map(|(_, expanded)| expanded).collect();
    if done.len() == 1
        && done[0].2.is_err()
        && let Some((_, _, Err(e))) = done.pop()
    {
        return Err(e);
    }
    Ok(done)
}

fn slot(index: usize, context: &str, folder: Option<String>, backend: Option<String>) -> Slot {
    let name = match (&folder, backend) {
        (Some(folder), Some(backend)) if folder.contains('/') => format!("{context}/{backend}"),
        (_, Some(backend)) => backend,
        _ => context.to_string(),
    };
    Slot {
        index,
        context: context.to_string(),
        name,
        folder,
    }
}

fn failed(slot: Slot, address: String, err: Error) -> Collected {
    let mut failed = Collected::new(slot, address, String::new());
    failed.fail(err);
    failed
}

impl Plan {
    fn len(&self) -> usize {
        self.servers.len() + self.unusable.len()
    }

    /// A server with its client; a client that cannot be made fails the server alone, or the
    /// run when it is the only one.
    fn add(&mut self, slot: Slot, endpoint: Endpoint, single: bool) -> Result<()> {
        match endpoint.client() {
            Ok(client) => self.servers.push(Server {
                slot,
                endpoint,
                client: Arc::new(client),
            }),
            Err(e) if !single => {
                let mut failed = failed(slot, endpoint.address(), e);
                failed.record.url_prefix = endpoint.identity.url_prefix.clone();
                self.unusable.push(failed);
            }
            Err(e) => return Err(e),
        }
        Ok(())
    }
}

/// The token of each context with pinned backends, checked once before any backend is
/// asked for anything: a token the server refuses fails all of that context's backends in
/// milliseconds (and, alone, the run, with nothing written). Other errors are left to each
/// backend's own run.
async fn check_tokens(plan: &mut Plan) {
    let mut first: Vec<(String, Arc<FleetClient>)> = Vec::new();
    for server in plan.servers.iter().filter(|s| s.endpoint.pin.is_some()) {
        if !first
            .iter()
            .any(|(context, _)| *context == server.slot.context)
        {
            first.push((server.slot.context.clone(), Arc::clone(&server.client)));
        }
    }
    let mut tasks = JoinSet::new();
    for (context, client) in first {
        tasks.spawn(async move {
            let req = client.request(Method::GET, "/api/latest/fleet/me", true);
            let answer = match req {
                Ok(req) => client.send_ok(req).await.map(drop),
                Err(e) => Err(e),
            };
            (context, answer.err().filter(|e| e.kind == ErrorKind::Auth))
        });
    }
    while let Some(Ok((context, Some(err)))) = tasks.join_next().await {
        let (refused, kept) = std::mem::take(&mut plan.servers)
            .into_iter()
            .partition::<Vec<_>, _>(|s| s.slot.context == context);
        plan.servers = kept;
        for server in refused {
            let mut failed = failed(server.slot, server.endpoint.address(), err.clone());
            failed.record.url_prefix = server.endpoint.identity.url_prefix.clone();
            plan.unusable.push(failed);
        }
    }
}

/// The captures of one snapshot of `server`: every item once, in round 0, each to its
/// member inside the server's folder.
pub fn snapshot(
    server: &Server,
    items: &[&'static Item],
    profile_seconds: u64,
    trace_seconds: u64,
) -> Vec<Capture> {
    items
        .iter()
        .map(|item| Capture {
            item,
            round: 0,
            seconds: item.collection_seconds(profile_seconds, trace_seconds),
            file: item.member.to_string(),
            member: server.slot.member(item.member),
        })
        .collect()
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

/// Names the archive writes at its root, which no folder may take.
const RESERVED: [&str; 1] = ["manifest.json"];

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
    // A folder never equals a member the archive writes itself (`manifest.json`).
    if base.is_empty()
        || base.starts_with('.')
        || RESERVED.contains(&base.to_ascii_lowercase().as_str())
    {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::Target;

    #[test]
    fn one_capture_per_item_and_round_each_with_its_own_member() {
        use crate::capture::items::archive_items;
        let target = Target::bare(
            "lb",
            url::Url::parse("http://fleet.test:8080").unwrap(),
            std::time::Duration::from_secs(30),
        );
        let endpoint = Endpoint {
            identity: Arc::new(target),
            pin: Some("127.0.0.2:8080".parse().unwrap()),
        };
        let server = Server {
            slot: slot(0, "lb", endpoint.label(), endpoint.label()),
            client: Arc::new(endpoint.client().unwrap()),
            endpoint,
        };
        let items: Vec<&'static Item> = archive_items().collect();
        let captures = snapshot(&server, &items, 5, 1);
        let members: HashSet<&str> = captures.iter().map(|c| c.member.as_str()).collect();
        assert_eq!(members.len(), items.len());
        assert!(
            captures
                .iter()
                .all(|c| c.round == 0 && c.member.starts_with("127.0.0.2_8080/"))
        );
        let profile = captures
            .iter()
            .find(|c| c.item.kind == crate::capture::items::ItemKind::Profile);
        assert_eq!(profile.map(|c| c.seconds), Some(5));
        assert_eq!(server.slot.name, "127.0.0.2_8080");
    }

    #[test]
    fn folders_are_safe_and_distinct() {
        assert_eq!(unique_folder("server-a", &[]), "server-a");
        assert_eq!(unique_folder("..", &[]), "_..");
        assert_eq!(unique_folder("a", &["a".to_string()]), "a-2");
        assert_eq!(unique_folder("manifest.json", &[]), "_manifest.json");
        assert_eq!(unique_folder("Manifest.JSON", &[]), "_Manifest.JSON");
    }
}
