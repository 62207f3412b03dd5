//! One module per command group; each holds its clap arguments beside its handler.

pub mod completion;
pub mod config;
pub mod connection;
pub mod debug;
pub mod health;
pub mod import;
pub mod inspect;
pub mod session;

use crate::cli::{Cli, Command};
use crate::error::Result;

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
