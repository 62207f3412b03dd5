//! fleetctl-rs: a command-line client for operators of Fleet servers.
//!
//! `main.rs` only calls [`main_entry`]; everything else lives in this library so that tests and
//! benchmarks can use it.

pub mod archive;
pub mod capture;
pub mod cli;
pub mod client;
pub mod commands;
pub mod config;
pub mod error;
pub mod flame;
pub mod fsutil;
pub mod input;
pub mod integrity;
pub mod manifest;
pub mod platform;
pub mod pprof;
pub mod redact;
pub mod report;
pub mod scrub;
pub mod settings;
pub mod timefmt;
pub mod tls;
pub mod ui;
pub mod validate;
pub mod x509;

use std::process::ExitCode;

use clap::Parser;

/// Parse the command line, run the command, print any error, and return the exit code.
pub fn main_entry() -> ExitCode {
    let cli = cli::Cli::parse();
    match cli::run(cli) {
        Ok(status) => ExitCode::from(status.code()),
        Err(err) => {
            ui::print_error(&err);
            ExitCode::from(err.exit_code())
        }
    }
}
