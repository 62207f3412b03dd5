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

/// Read a secret from the terminal without echo ([`crate::platform::read_secret`]); Ctrl-C
/// while typing gives the terminal back as it was and ends as [`Error::interrupted`].
pub fn read_secret(prompt: &str) -> Result<String, Error> {
    let failed = |e: std::io::Error| Error::general(format!("cannot read from the terminal: {e}"));
    match crate::platform::read_secret(prompt) {
        Ok(Some(bytes)) => {
            String::from_utf8(bytes).map_err(|_| Error::general("the input is not valid UTF-8"))
        }
        Ok(None) => Err(Error::interrupted()),
        Err(e) => Err(failed(e)),
    }
}
