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
    let _ = write!(tty, "{prompt}");
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
