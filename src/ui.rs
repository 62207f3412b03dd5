//! Messages for people go to stderr; data goes to stdout.

use std::io::IsTerminal;

use crate::error::Error;

pub fn print_error(err: &Error) {
    eprintln!("error: {}", err.message);
    if let Some(hint) = &err.hint {
        eprintln!("hint: {hint}");
    }
}

pub fn warn(message: impl std::fmt::Display) {
    eprintln!("warning: {message}");
}

pub fn info(message: impl std::fmt::Display) {
    eprintln!("{message}");
}

pub fn stderr_is_tty() -> bool {
    std::io::stderr().is_terminal()
}

/// Run a future on a fresh runtime; network commands only, so `config` stays instant.
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("cannot start the async runtime")
        .block_on(future)
}
