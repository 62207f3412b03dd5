//! Integration tests: the built `fleetctl` binary against real servers on 127.0.0.1.

#[path = "../support/mod.rs"]
mod support;

mod archive;
mod completions;
mod config;
mod faults;
mod harness;
mod masking;
mod operator;
mod real_go;
// Unix modes, uids, setpriv and kill -9.
#[cfg(unix)]
mod robustness;
mod session;
