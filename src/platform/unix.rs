//! Unix (Linux, macOS): modes, termios through rustix, SIGINT/SIGTERM/SIGHUP/SIGQUIT through tokio.

use std::fs::{self, File, OpenOptions, Permissions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

use rustix::termios::{self, LocalModes, OptionalActions, SpecialCodeIndex};

/// Files this tool creates are readable and writable by their owner only.
const FILE_MODE: u32 = 0o600;
/// Folders this tool creates are usable by their owner only.
const DIR_MODE: u32 = 0o700;

/// Make `options` create the file owner-only (0600).
pub fn owner_only_file(options: &mut OpenOptions) -> &mut OpenOptions {
    options.mode(FILE_MODE)
}

/// Make a `tempfile` builder create owner-only files (0600) or folders (0700).
pub fn owner_only_temp(builder: &mut tempfile::Builder<'_, '_>, folder: bool) {
    let mode = if folder { DIR_MODE } else { FILE_MODE };
    builder.permissions(Permissions::from_mode(mode));
}

/// A builder that creates a folder and its missing parents owner-only (0700).
pub fn private_dir_builder() -> fs::DirBuilder {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true).mode(DIR_MODE);
    builder
}

/// The file's mode when others than its owner may use it (`None` when private or unreadable).
pub fn exposed_mode(path: &Path) -> Option<u32> {
    // Only a regular file holds tokens: `/dev/null` as a config is 0666 by nature.
    let meta = fs::metadata(path).ok().filter(|m| m.is_file())?;
    let mode = meta.permissions().mode() & 0o777;
    (mode & 0o077 != 0).then_some(mode)
}

/// Set the process's umask, returning the previous one.
pub fn set_umask(mask: u32) -> u32 {
    let old = rustix::process::umask(rustix::fs::Mode::from_raw_mode(mask as _));
    old.as_raw_mode() as u32
}

/// A handle to lock with `File::lock`/`try_lock`: a file or a folder.
pub fn open_for_lock(path: &Path) -> io::Result<File> {
    File::open(path)
}

/// Make a rename in `dir` durable: fsync the folder. A file system that cannot sync folders
/// (EINVAL) has nothing more to make durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    match File::open(dir)?.sync_all() {
        Err(e) if e.kind() == io::ErrorKind::InvalidInput => Ok(()),
        other => other,
    }
}

/// Open a file to read without blocking: a named pipe with no writer would block `open`
/// itself. The caller checks the opened file's type before reading anything.
pub fn open_to_read(path: &Path) -> io::Result<File> {
    OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)
}

/// Whether `meta` is the null device (`/dev/null`, or a link to it), which reads as empty.
pub fn is_null_device(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    meta.file_type().is_char_device()
        && fs::metadata("/dev/null").is_ok_and(|null| null.rdev() == meta.rdev())
}

/// Prompt on the terminal and read one line without echo. The terminal is put in
/// non-canonical mode with signals off, so Ctrl-C arrives as a byte: the settings are restored
/// and the result is `None`, never leaving the operator's terminal with echo off.
pub fn read_secret(prompt: &str) -> io::Result<Option<Vec<u8>>> {
    let mut tty = OpenOptions::new().read(true).write(true).open("/dev/tty")?;
    let saved = termios::tcgetattr(&tty)?;
    let mut raw = saved.clone();
    raw.local_modes -= LocalModes::ECHO | LocalModes::ICANON | LocalModes::ISIG;
    raw.special_codes[SpecialCodeIndex::VMIN] = 1;
    raw.special_codes[SpecialCodeIndex::VTIME] = 0;
    termios::tcsetattr(&tty, OptionalActions::Flush, &raw)?;
    let _ = write!(tty, "{prompt}");
    let _ = tty.flush();
    let result = super::line_editor::read_secret_bytes(&mut tty);
    let _ = termios::tcsetattr(&tty, OptionalActions::Flush, &saved);
    let _ = writeln!(tty);
    result
}

/// Resolves on Ctrl-C (SIGINT), SIGTERM, SIGHUP (the terminal closed, an ssh session dropped)
/// or SIGQUIT (Ctrl-\\): each ends a run the same way, its temporary files removed.
pub async fn interrupted() {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut term), Ok(mut hangup), Ok(mut quit)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::hangup()),
        signal(SignalKind::quit()),
    ) else {
        return std::future::pending().await;
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
        _ = hangup.recv() => {}
        _ = quit.recv() => {}
    }
}

/// Raise the soft limit of open files to the hard one, as Go programs do at start, and return
/// the limit now in force (None when it cannot be read).
pub fn raise_open_files_limit() -> Option<u64> {
    use rustix::process::{Resource, getrlimit, setrlimit};
    // None is "unlimited" in both fields.
    let mut limit = getrlimit(Resource::Nofile);
    if let Some(current) = limit.current
        && limit.maximum.is_none_or(|max| max > current)
    {
        let raised = rustix::process::Rlimit {
            current: limit.maximum,
            maximum: limit.maximum,
        };
        // macOS refuses more than OPEN_MAX (10240) through setrlimit, even under an unlimited
        // hard limit: ask for that much then.
        let open_max = rustix::process::Rlimit {
            current: Some(limit.maximum.map_or(10240, |max| max.min(10240))),
            maximum: limit.maximum,
        };
        if setrlimit(Resource::Nofile, raised).is_ok()
            || setrlimit(Resource::Nofile, open_max).is_ok()
        {
            limit = getrlimit(Resource::Nofile);
        }
    }
    Some(limit.current.unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owner_only_rules_hold_whatever_the_umask() {
        let dir = tempfile::tempdir().unwrap();
        let old = set_umask(0o022);
        let folder = dir.path().join("a/b");
        let built = private_dir_builder().create(&folder);
        let file = dir.path().join("f");
        let opened = owner_only_file(OpenOptions::new().write(true).create_new(true)).open(&file);
        let mut builder = tempfile::Builder::new();
        owner_only_temp(&mut builder, false);
        let temp_file = builder.tempfile_in(dir.path());
        owner_only_temp(&mut builder, true);
        let temp_dir = builder.tempdir_in(dir.path());
        set_umask(old);
        built.unwrap();
        opened.unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&folder), 0o700);
        assert_eq!(mode(&dir.path().join("a")), 0o700);
        assert_eq!(mode(&file), 0o600);
        assert_eq!(mode(temp_file.unwrap().path()), 0o600);
        assert_eq!(mode(temp_dir.unwrap().path()), 0o700);
    }

    #[test]
    fn only_files_others_can_use_are_exposed() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config.toml");
        fs::write(&file, "").unwrap();
        for (mode, exposed) in [
            (0o600, None),
            (0o400, None),
            (0o640, Some(0o640)),
            (0o604, Some(0o604)),
        ] {
            fs::set_permissions(&file, Permissions::from_mode(mode)).unwrap();
            assert_eq!(exposed_mode(&file), exposed);
        }
    }

    #[test]
    fn folders_open_for_locking() {
        let dir = tempfile::tempdir().unwrap();
        let held = open_for_lock(dir.path()).unwrap();
        held.try_lock().unwrap();
        let other = open_for_lock(dir.path()).unwrap();
        assert!(other.try_lock().is_err());
        drop(held);
        assert!(other.try_lock().is_ok());
    }
}
