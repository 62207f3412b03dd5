//! Plan: the selected contexts, one per server, each in its slot, with a client or the reason
//! it has none.

use std::sync::Arc;

use super::record::{Collected, Slot};
use crate::client::FleetClient;
use crate::error::Result;
use crate::settings::Settings;
use crate::settings::{SelectedContext, fail_if_only_unusable, selected_contexts};
use crate::ui;

/// A server to archive.
pub struct Server {
    pub slot: Slot,
    pub client: Arc<FleetClient>,
}

pub struct Plan {
    pub servers: Vec<Server>,
    /// Contexts that cannot be used (no address, bad TLS settings), already failed: they fail
    /// alone when there are others to archive.
    pub unusable: Vec<Collected>,
}

/// The servers of this run: `--context` (repeated), `--all-contexts` or the selected context,
/// each server once. With one server, its config problem is the run's error.
pub fn plan(settings: &Settings, all_contexts: bool) -> Result<Plan> {
    let mut selected = selected_contexts(settings, all_contexts)?;
    fail_if_only_unusable(&mut selected)?;
    dedupe_servers(&mut selected);
    let multi = selected.len() > 1;
    let mut plan = Plan {
        servers: Vec::new(),
        unusable: Vec::new(),
    };
    let mut folders: Vec<String> = Vec::new();
    for (index, context) in selected.into_iter().enumerate() {
        let folder = multi.then(|| unique_folder(&context.name, &folders));
        folders.extend(folder.clone());
        let slot = Slot {
            index,
            context: context.name,
            folder,
        };
        let client = context.target.and_then(FleetClient::new);
        match client {
            Ok(client) => plan.servers.push(Server {
                slot,
                client: Arc::new(client),
            }),
            Err(e) if multi => {
                let mut failed = Collected::new(slot, context.address, String::new());
                failed.fail(e);
                plan.unusable.push(failed);
            }
            Err(e) => return Err(e),
        }
    }
    Ok(plan)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_safe_and_distinct() {
        assert_eq!(unique_folder("server-a", &[]), "server-a");
        assert_eq!(unique_folder("..", &[]), "_..");
        assert_eq!(unique_folder("a", &["a".to_string()]), "a-2");
    }
}
