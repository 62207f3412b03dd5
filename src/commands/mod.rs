//! One module per command group; each holds its clap arguments beside its handler.

pub mod completion;
pub mod config;
pub mod connection;
pub mod debug;
pub mod health;
pub mod import;
pub mod inspect;
pub mod session;

use crate::cli::{Cli, Command, GlobalArgs};
use crate::client::Target;
use crate::config::ConfigStore;
use crate::error::{Error, Result};

/// Run the parsed command; returns the exit code for a run that did not fail outright.
pub fn dispatch(cli: Cli) -> Result<u8> {
    let global = cli.global;
    match cli.command {
        Command::Config(cmd) => config::run(cmd, &global),
        Command::Login(args) => session::login(args, &global),
        Command::Logout(args) => session::logout(args, &global),
        Command::Whoami(args) => session::whoami(args, &global),
        Command::Debug(cmd) => debug::run(cmd, &global),
        Command::Health(args) => health::run(args, &global),
        Command::Completion(args) => completion::run(args),
    }
}

/// Contexts named by `--context` (repeatable) or `--all-contexts`, else the selected one.
pub fn selected_contexts(
    global: &GlobalArgs,
    all: bool,
    store: &ConfigStore,
) -> Result<Vec<Target>> {
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
    } else if global.context.is_empty() {
        vec![file.select_context(None).0]
    } else {
        let mut names: Vec<String> = Vec::new();
        for name in &global.context {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
        names
    };
    names.iter().map(|n| Target::resolve(&file, n)).collect()
}
