//! The one printer: messages for people go to stderr, data goes to stdout, and every byte of
//! both passes through [`crate::redact`] (registered secrets masked; control characters escaped
//! where a terminal would act on them). This is the only module allowed to use the printing
//! macros (`clippy.toml` forbids them elsewhere).
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

use std::io::{self, IsTerminal, Write};

use crate::error::{Error, ErrorKind, Result};
use crate::redact;

pub fn print_error(err: &Error) {
    if err.kind == ErrorKind::BrokenPipe {
        return;
    }
    message(&format!("error: {}", err.message));
    if let Some(hint) = &err.hint {
        message(&format!("hint: {hint}"));
    }
}

/// One message line on stderr, masked and escaped; a line break inside it (a hand-edited
/// context name, a server's text) is shown as `\n`, so one message stays one line. A closed
/// stderr is ignored: there is nowhere left to report it.
fn message(line: &str) {
    let mut stderr = io::stderr().lock();
    let _ = writeln!(stderr, "{}", redact::for_terminal_line(line));
}

pub fn warn(message_text: impl std::fmt::Display) {
    message(&format!("warning: {message_text}"));
}

pub fn info(message_text: impl std::fmt::Display) {
    message(&message_text.to_string());
}

static DEBUG: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Turn `--debug` logging on or off for the run (set once, from the settings).
pub fn set_debug(on: bool) {
    DEBUG.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// Whether `--debug` logging is on.
pub fn debug_enabled() -> bool {
    DEBUG.load(std::sync::atomic::Ordering::Relaxed)
}

/// A `--debug` log line.
pub fn debug(message_text: impl std::fmt::Display) {
    message(&format!("debug: {message_text}"));
}

/// A prompt on stderr, without a newline.
pub fn prompt(text: &str) {
    let mut stderr = io::stderr().lock();
    let _ = write!(stderr, "{}", redact::for_terminal(text));
    let _ = stderr.flush();
}

/// A line of data on stdout (masked; control characters escaped on a terminal).
pub fn out(line: impl std::fmt::Display) -> Result<()> {
    let mut text = line.to_string();
    text.push('\n');
    out_bytes(text.as_bytes())
}

/// Data on stdout as it is, but masked (and, on a terminal, with control characters escaped).
pub fn out_bytes(bytes: &[u8]) -> Result<()> {
    let (masked, _) = redact::redact_bytes(bytes);
    if stdout_is_tty() {
        let text = redact::escape_controls(&String::from_utf8_lossy(&masked));
        write_stdout(text.as_bytes())
    } else {
        write_stdout(&masked)
    }
}

/// A line on stdout that deliberately shows a secret (`config get token --show-token`): the
/// one way around the masking.
pub fn out_revealing_secret(line: &str) -> Result<()> {
    write_stdout(format!("{}\n", redact::escape_controls(line)).as_bytes())
}

/// Write to stdout; a closed pipe (`| head -1`) ends the command quietly, as in ripgrep.
pub fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut stdout = io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .map_err(stdout_error)
}

/// Left-aligned columns separated by two spaces.
pub fn table<const N: usize>(header: [&str; N], rows: &[[String; N]]) -> Result<()> {
    out(format_table(header, rows).trim_end_matches('\n'))
}

/// The table as text. Padding is written out, not left to `format!` widths, which are limited
/// to 65,535 (a hand-edited 70,000-character email must not panic).
fn format_table<const N: usize>(header: [&str; N], rows: &[[String; N]]) -> String {
    let mut widths = header.map(|h| h.chars().count());
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut text = String::new();
    let header = header.map(str::to_string);
    for cells in std::iter::once(&header).chain(rows) {
        let mut line = String::new();
        for (i, cell) in cells.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < N {
                line.push_str(&" ".repeat(widths[i] - cell.chars().count() + 2));
            }
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

/// Copy a finished file (already masked when it was written: an archive, a profile) to stdout.
pub fn copy_to_stdout(mut input: impl io::Read) -> Result<()> {
    let mut stdout = io::stdout().lock();
    io::copy(&mut input, &mut stdout)
        .and_then(|_| stdout.flush())
        .map(|_| ())
        .map_err(stdout_error)
}

pub fn stdout_is_tty() -> bool {
    io::stdout().is_terminal()
}

/// A failed write to stdout: quiet for a closed pipe, else an error.
pub fn stdout_error(err: io::Error) -> Error {
    if err.kind() == io::ErrorKind::BrokenPipe {
        Error::broken_pipe()
    } else {
        Error::general(format!(
            "cannot write to standard output: {}",
            crate::error::io_reason(&err)
        ))
    }
}

pub fn stderr_is_tty() -> bool {
    std::io::stderr().is_terminal()
}

/// The height of the terminal on stderr, in rows, for progress that fits it.
pub fn stderr_rows() -> u16 {
    ProgressTerminal::size().0
}

/// Where progress bars draw: stderr, through this printer. indicatif decides what the lines
/// say; the text it writes is masked and escaped like every message, and the only control
/// sequences that reach the terminal are the cursor movements written here.
pub fn progress_draw_target() -> indicatif::ProgressDrawTarget {
    indicatif::ProgressDrawTarget::term_like_with_hz(Box::new(ProgressTerminal), 20)
}

#[derive(Debug)]
struct ProgressTerminal;

impl ProgressTerminal {
    fn control(sequence: &str) -> io::Result<()> {
        io::stderr().lock().write_all(sequence.as_bytes())
    }

    fn text(text: &str) -> io::Result<()> {
        io::stderr()
            .lock()
            .write_all(redact::for_terminal_line(text).as_bytes())
    }

    fn size() -> (u16, u16) {
        let (rows, columns) = console::Term::stderr().size();
        (rows.max(1), columns.max(1))
    }
}

impl indicatif::TermLike for ProgressTerminal {
    fn width(&self) -> u16 {
        Self::size().1
    }

    fn height(&self) -> u16 {
        Self::size().0
    }

    fn move_cursor_up(&self, n: usize) -> io::Result<()> {
        match n {
            0 => Ok(()),
            n => Self::control(&format!("\x1b[{n}A")),
        }
    }

    fn move_cursor_down(&self, n: usize) -> io::Result<()> {
        match n {
            0 => Ok(()),
            n => Self::control(&format!("\x1b[{n}B")),
        }
    }

    fn move_cursor_right(&self, n: usize) -> io::Result<()> {
        match n {
            0 => Ok(()),
            n => Self::control(&format!("\x1b[{n}C")),
        }
    }

    fn move_cursor_left(&self, n: usize) -> io::Result<()> {
        match n {
            0 => Ok(()),
            n => Self::control(&format!("\x1b[{n}D")),
        }
    }

    fn write_line(&self, line: &str) -> io::Result<()> {
        Self::text(line)?;
        Self::control("\n")
    }

    fn write_str(&self, text: &str) -> io::Result<()> {
        // indicatif returns to the start of the line with a lone "\r" before redrawing.
        if text == "\r" {
            return Self::control("\r");
        }
        Self::text(text)
    }

    fn clear_line(&self) -> io::Result<()> {
        Self::control("\r\x1b[2K")
    }

    fn flush(&self) -> io::Result<()> {
        io::stderr().lock().flush()
    }
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

/// The one way a secret (password, token) comes in: a no-echo prompt when stdin is a terminal,
/// else stdin read to its end with its trailing line break removed. More than the limit for
/// secrets ([`crate::input::Kind::Secret`]) is an error naming `flag`, never a truncation. The
/// result is registered for masking. `what` names it in errors ("the password").
pub fn read_secret_input(what: &str, prompt: &str, flag: &str) -> Result<String, Error> {
    use crate::input::{self, Kind};
    let secret = if io::stdin().is_terminal() {
        read_secret(prompt)?
    } else {
        let input = input::read_stream(io::stdin().lock(), Kind::Secret).map_err(|e| {
            Error::usage(format!(
                "cannot read {what} from standard input ({flag}): {e}"
            ))
            .with_hint(format!("pipe {what} alone into {flag}"))
        })?;
        let text = String::from_utf8(input)
            .map_err(|_| Error::general(format!("{what} on stdin is not valid UTF-8")))?;
        text.trim_end_matches(['\n', '\r']).to_string()
    };
    redact::register(&secret);
    Ok(secret)
}

/// Read a secret from the terminal without echo ([`crate::platform::read_secret`]); Ctrl-C
/// while typing gives the terminal back as it was and ends as [`Error::interrupted`].
pub fn read_secret(prompt: &str) -> Result<String, Error> {
    let failed = |e: std::io::Error| Error::general(format!("cannot read from the terminal: {e}"));
    match crate::platform::read_secret(&redact::for_terminal(prompt)) {
        Ok(Some(bytes)) => {
            String::from_utf8(bytes).map_err(|_| Error::general("the input is not valid UTF-8"))
        }
        Ok(None) => Err(Error::interrupted()),
        Err(e) => Err(failed(e)),
    }
}
