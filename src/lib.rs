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
pub mod go_flags;
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

use clap::{CommandFactory, Parser};

/// Parse the command line, run the command, print any error, and return the exit code.
pub fn main_entry() -> ExitCode {
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if go_flags::may_need_rewrite(&args) {
        args = go_flags::rewrite(&cli::Cli::command(), args);
    }
    let cli = cli::Cli::parse_from(args);
    match cli::run(cli) {
        Ok(status) => ExitCode::from(status.code()),
        Err(err) => {
            ui::print_error(&err);
            ExitCode::from(err.exit_code())
        }
    }
}
