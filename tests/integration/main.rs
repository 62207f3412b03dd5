//! Integration tests: the built `fleetctl` binary against real servers on 127.0.0.1.
// Test and tool code prints directly; the clippy.toml print rule guards the library.
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]
// A scenario test runs one story end to end; the one-screen rule is for src/.
#![allow(clippy::too_many_lines)]

#[path = "../support/mod.rs"]
mod support;

mod api;
mod archive;
mod backends;
mod browser;
mod completions;
mod config;
mod contract;
// strace, Unix paths.
#[cfg(target_os = "linux")]
mod durable;
mod faults;
mod go_compat;
mod harness;
mod hostile;
#[cfg(unix)]
mod inputs;
mod integrity;
mod loopback;
mod masking;
mod mfa;
mod migration;
mod operator;
mod pprof_reader;
mod progress;
mod real_go;
mod report;
// Unix modes, uids, setpriv and kill -9.
#[cfg(unix)]
mod robustness;
mod session;
// kill -HUP and friends.
#[cfg(unix)]
mod signals;
// tmux gives the terminal tests a real pseudo-terminal.
#[cfg(unix)]
mod terminal;
mod timeline;
mod trigger;
