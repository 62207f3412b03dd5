//! Windows: inherited ACLs instead of modes, the console through crossterm, Ctrl-C, Ctrl-Break
//! and console close through tokio.

use std::collections::VecDeque;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::windows::fs::OpenOptionsExt;
use std::path::Path;

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use crossterm::terminal;

/// Lets `CreateFileW` open a folder, so that a folder can be locked like a file.
const FILE_FLAG_BACKUP_SEMANTICS: u32 = 0x0200_0000;

/// Owner-only by inheritance: the file gets the ACL of its folder (see the module docs).
pub fn owner_only_file(options: &mut OpenOptions) -> &mut OpenOptions {
    options
}

/// Owner-only by inheritance, as [`owner_only_file`]; `tempfile` rejects Unix modes here.
pub fn owner_only_temp(_builder: &mut tempfile::Builder<'_, '_>, _folder: bool) {}

/// A builder that creates a folder and its missing parents, with the inherited ACL.
pub fn private_dir_builder() -> fs::DirBuilder {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    builder
}

/// Windows files have no mode to check; the ACL is the folder's.
pub fn exposed_mode(_path: &Path) -> Option<u32> {
    None
}

/// A handle to lock with `File::lock`/`try_lock`: a file or a folder.
pub fn open_for_lock(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .read(true)
        .custom_flags(FILE_FLAG_BACKUP_SEMANTICS)
        .open(path)
}

/// Windows cannot fsync a folder handle; NTFS journals the rename itself.
pub fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

/// Open a file to read (the caller checks its type before reading anything).
pub fn open_to_read(path: &Path) -> io::Result<File> {
    File::open(path)
}

/// The null device is only recognised on Unix; here every device is refused as a config.
pub fn is_null_device(_meta: &fs::Metadata) -> bool {
    false
}

/// Puts the console back in its normal mode however the prompt ends.
struct RawMode;

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = terminal::disable_raw_mode();
    }
}

/// Prompt on the console and read one line without echo. In raw mode Ctrl-C arrives as a key,
/// not as a console control event: the console mode is restored and the result is `None`.
pub fn read_secret(prompt: &str) -> io::Result<Option<Vec<u8>>> {
    let mut console = OpenOptions::new().write(true).open("CONOUT$")?;
    terminal::enable_raw_mode()?;
    let raw = RawMode;
    let _ = write!(console, "{prompt}");
    let _ = console.flush();
    let result = super::line_editor::read_secret_bytes(&mut ConsoleKeys::default());
    drop(raw);
    let _ = writeln!(console);
    result
}

/// Console keys as the bytes a Unix terminal in raw mode sends for them.
#[derive(Default)]
struct ConsoleKeys {
    pending: VecDeque<u8>,
}

impl Read for ConsoleKeys {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.pending.is_empty() {
            if let Event::Key(key) = event::read()? {
                self.pending.extend(key_bytes(&key));
            }
        }
        let n = buf.len().min(self.pending.len());
        for (slot, byte) in buf.iter_mut().zip(self.pending.drain(..n)) {
            *slot = byte;
        }
        Ok(n)
    }
}

fn key_bytes(key: &KeyEvent) -> Vec<u8> {
    if key.kind == KeyEventKind::Release {
        return Vec::new();
    }
    // AltGr arrives as Ctrl+Alt: characters typed with it belong to the secret.
    let ctrl =
        key.modifiers.contains(KeyModifiers::CONTROL) && !key.modifiers.contains(KeyModifiers::ALT);
    match key.code {
        KeyCode::Enter => vec![b'\r'],
        KeyCode::Backspace => vec![0x7f],
        KeyCode::Char(c) if ctrl => match c.to_ascii_lowercase() {
            'c' => vec![0x03],
            'd' => vec![0x04],
            'u' => vec![0x15],
            _ => Vec::new(),
        },
        KeyCode::Char(c) => c.to_string().into_bytes(),
        _ => Vec::new(),
    }
}

/// Resolves on Ctrl-C, Ctrl-Break, or the console window being closed.
pub async fn interrupted() {
    use tokio::signal::windows::{ctrl_break, ctrl_close};
    let (Ok(mut brk), Ok(mut close)) = (ctrl_break(), ctrl_close()) else {
        return std::future::pending().await;
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = brk.recv() => {}
        _ = close.recv() => {}
    }
}

/// Windows has no descriptor limit of this kind (sockets and handles are not capped per
/// process the same way): None, and the caller's default applies.
pub fn raise_open_files_limit() -> Option<u64> {
    None
}
