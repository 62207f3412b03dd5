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

/// One message line on stderr, masked and escaped. A closed stderr is ignored: there is
/// nowhere left to report it.
fn message(line: &str) {
    let mut stderr = io::stderr().lock();
    let _ = writeln!(stderr, "{}", redact::for_terminal(line));
}

pub fn warn(message_text: impl std::fmt::Display) {
    message(&format!("warning: {message_text}"));
}

pub fn info(message_text: impl std::fmt::Display) {
    message(&message_text.to_string());
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
    if io::stdout().is_terminal() {
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

/// Run a future on a fresh runtime; network commands only, so `config` stays instant.
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("cannot start the async runtime")
        .block_on(future)
}

/// Read a secret from the terminal without echo. The terminal is put in non-canonical mode
/// with signals off, so Ctrl-C arrives as a byte: the settings are restored and the read ends
/// as [`Error::interrupted`], never leaving the operator's terminal with echo off.
pub fn read_secret(prompt: &str) -> Result<String, Error> {
    use std::fs::OpenOptions;
    use std::io::Write;
    use std::os::fd::AsRawFd;

    let failed = |e: std::io::Error| Error::general(format!("cannot read from the terminal: {e}"));
    let mut tty = OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .map_err(failed)?;
    let fd = tty.as_raw_fd();
    // SAFETY: termios is plain data; tcgetattr fills it for a valid fd.
    let mut saved: libc::termios = unsafe { std::mem::zeroed() };
    if unsafe { libc::tcgetattr(fd, &mut saved) } != 0 {
        return Err(failed(std::io::Error::last_os_error()));
    }
    let mut raw = saved;
    raw.c_lflag &= !(libc::ECHO | libc::ICANON | libc::ISIG);
    raw.c_cc[libc::VMIN] = 1;
    raw.c_cc[libc::VTIME] = 0;
    // SAFETY: a valid fd and an initialised termios.
    if unsafe { libc::tcsetattr(fd, libc::TCSAFLUSH, &raw) } != 0 {
        return Err(failed(std::io::Error::last_os_error()));
    }
    let _ = write!(tty, "{}", redact::for_terminal(prompt));
    let _ = tty.flush();
    let result = read_secret_bytes(&mut tty);
    // SAFETY: as above; restores what tcgetattr returned.
    unsafe { libc::tcsetattr(fd, libc::TCSAFLUSH, &saved) };
    let _ = writeln!(tty);
    match result {
        Ok(Some(bytes)) => {
            String::from_utf8(bytes).map_err(|_| Error::general("the input is not valid UTF-8"))
        }
        Ok(None) => Err(Error::interrupted()),
        Err(e) => Err(failed(e)),
    }
}

/// Bytes up to Enter, with backspace and Ctrl-U editing; `None` on Ctrl-C.
fn read_secret_bytes(input: &mut impl std::io::Read) -> std::io::Result<Option<Vec<u8>>> {
    let mut secret = Vec::new();
    let mut byte = [0u8; 1];
    loop {
        if input.read(&mut byte)? == 0 {
            return Ok(Some(secret));
        }
        match byte[0] {
            b'\r' | b'\n' => return Ok(Some(secret)),
            0x03 => return Ok(None),
            0x04 if secret.is_empty() => return Ok(Some(secret)),
            0x7f | 0x08 => {
                // Remove one whole UTF-8 character.
                while let Some(b) = secret.pop() {
                    if b & 0xC0 != 0x80 {
                        break;
                    }
                }
            }
            0x15 => secret.clear(),
            b => secret.push(b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::read_secret_bytes;

    #[test]
    fn secret_input_is_edited_like_a_terminal_line() {
        let read = |bytes: &[u8]| read_secret_bytes(&mut &bytes[..]).unwrap();
        assert_eq!(read(b"hunter2\r"), Some(b"hunter2".to_vec()));
        assert_eq!(read(b"huntx\x7fer2\n"), Some(b"hunter2".to_vec()));
        assert_eq!(read("pä\x7fa\n".as_bytes()), Some(b"pa".to_vec()));
        assert_eq!(read(b"wrong\x15right\r"), Some(b"right".to_vec()));
        assert_eq!(read(b"half\x03rest\r"), None);
        assert_eq!(read(b"\x04"), Some(Vec::new()));
        assert_eq!(read(b"no newline"), Some(b"no newline".to_vec()));
    }
}
