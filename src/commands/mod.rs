//! One module per command group; each holds its clap arguments beside its handler.

pub mod api;
pub mod completion;
pub mod config;
pub mod connection;
pub mod debug;
pub mod health;
pub mod import;
pub mod inspect;
pub mod man;
pub mod session;

use crate::client::Target;
use crate::error::{Error, Result};
use crate::settings::Settings;

/// A context chosen for a multi-server command, and whether it is usable.
pub struct SelectedContext {
    pub name: String,
    /// The address as written in the config file ("" when it has none).
    pub address: String,
    /// Why the context cannot be used (no address, invalid address) is this context's
    /// failure, not the whole command's.
    pub target: Result<Target>,
}

/// Contexts named by `--context` (repeatable) or `--all-contexts`, else the selected one. A
/// name that is not in the file is an error for the whole command (a typo); a context that
/// exists but cannot be used is reported in its entry.
pub fn selected_contexts(settings: &Settings, all: bool) -> Result<Vec<SelectedContext>> {
    let store = &settings.store;
    let file = store.load()?;
    let names: Vec<String> = if all {
        if file.contexts.is_empty() {
            return Err(
                Error::usage(format!("no contexts in {}", store.path().display())).with_hint(
                    "create one with `fleetctl config set --context NAME --address URL`",
                ),
            );
        }
        file.contexts.keys().cloned().collect()
    } else if settings.contexts().is_empty() {
        let (name, source) = settings.select(&file)?;
        file.selected_context(&name, source)?;
        vec![name]
    } else {
        let mut names: Vec<String> = Vec::new();
        for name in settings.contexts() {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
        names
    };
    names
        .into_iter()
        .map(|name| {
            let address = file.context(&name)?.address.clone().unwrap_or_default();
            let target = settings.target_of(&file, &name);
            Ok(SelectedContext {
                name,
                address,
                target,
            })
        })
        .collect()
}

/// With a single context, its config problem is the command's error (with its hint).
pub fn fail_if_only_unusable(selected: &mut Vec<SelectedContext>) -> Result<()> {
    if selected.len() == 1
        && selected[0].target.is_err()
        && let Some(SelectedContext { target: Err(e), .. }) = selected.pop()
    {
        return Err(e);
    }
    Ok(())
}
