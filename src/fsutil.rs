//! Crash-safe, owner-only file writes: every final file (config, archive, single item) is
//! written to a temporary file in the target directory, and finished by [`AtomicFile::commit`]:
//! the data fsynced, the file renamed into place, the directory fsynced. A crash, a power loss
//! or Ctrl-C never leaves a truncated file under the final name.
//!
//! A run killed outright (`kill -9`, power loss) cannot clean up after itself, so every
//! temporary file and spool folder is held under an advisory lock while in use; the next run
//! that writes into the same directory removes the ones nobody holds any more.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use tempfile::NamedTempFile;

use crate::error::{Error, Result};
use crate::platform;

/// Create `dir` and any missing parents with mode 0700.
pub fn create_private_dir_all(dir: &Path) -> Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    platform::private_dir_builder()
        .create(dir)
        .map_err(|e| Error::io("create directory", dir, e))
}

/// The directory a file lives in ("." for a bare file name).
pub fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A file being written under a temporary name beside its destination (mode 0600).
/// Dropping it without [`AtomicFile::commit`] removes the temporary file.
pub struct AtomicFile {
    temp: NamedTempFile,
    dest: PathBuf,
}

/// Marks our temporary names, so that [`sweep_abandoned`] never touches anyone else's files.
const TEMP_MARK: &str = ".fleetctl-";
const SPOOL_PREFIX: &str = ".fleetctl-spool-";
/// Entries younger than this are never swept: a live run creates its file or folder a moment
/// before it takes the lock on it.
const SWEEP_MIN_AGE: Duration = Duration::from_secs(60);

impl AtomicFile {
    pub fn create(dest: &Path) -> Result<Self> {
        let dir = parent_dir(dest);
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut builder = tempfile::Builder::new();
        platform::owner_only_temp(&mut builder, false);
        let temp = builder
            .prefix(&format!(".{name}{TEMP_MARK}"))
            .suffix(".tmp")
            .tempfile_in(&dir)
            .map_err(|e| Error::io("create a temporary file in", &dir, e))?;
        // Held until the file is closed; tells a later sweep that this file is in use.
        let _ = temp.as_file().try_lock();
        Ok(AtomicFile {
            temp,
            dest: dest.to_path_buf(),
        })
    }

    /// A finished file in a spool folder beside `dest` (the same file system), taken over to be
    /// committed like one written through [`AtomicFile::create`]: one way to a final name.
    pub fn adopt(spooled: &Path, dest: &Path) -> Result<Self> {
        let file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(spooled)
            .map_err(|e| Error::io("open", spooled, e))?;
        let path = tempfile::TempPath::try_from_path(spooled)
            .map_err(|e| Error::io("open", spooled, e))?;
        let temp = NamedTempFile::from_parts(file, path);
        Ok(AtomicFile {
            temp,
            dest: dest.to_path_buf(),
        })
    }

    pub fn file(&mut self) -> &mut File {
        self.temp.as_file_mut()
    }

    pub fn temp_path(&self) -> &Path {
        self.temp.path()
    }

    /// The one durable finish: fsync the data, rename into place, fsync the folder (so the new
    /// name survives a power loss too). With `overwrite` false an existing destination is an
    /// error and is left untouched; with it, only a regular file is ever replaced.
    pub fn commit(self, overwrite: bool) -> Result<()> {
        let dest = self.dest;
        self.temp
            .as_file()
            .sync_all()
            .map_err(|e| Error::io("write", &dest, e))?;
        if overwrite {
            check_replaceable(&dest)?;
            self.temp
                .persist(&dest)
                .map_err(|e| Error::io("write", &dest, e.error))?;
        } else {
            self.temp.persist_noclobber(&dest).map_err(|e| {
                if e.error.kind() == io::ErrorKind::AlreadyExists {
                    already_exists(&dest)
                } else {
                    Error::io("write", &dest, e.error)
                }
            })?;
        }
        let dir = parent_dir(&dest);
        platform::sync_dir(&dir).map_err(|e| Error::io("sync the folder", &dir, e))
    }
}

pub fn already_exists(path: &Path) -> Error {
    Error::general(format!(
        "{} already exists; not overwriting it",
        path.display()
    ))
    .with_hint("pass --force to replace it, or choose another name with --outfile")
}

/// Where `-o PATH` writes: PATH itself, or, when PATH is an existing directory, a file with the
/// default name inside it (like `cp FILE DIR`). Without `-o`, the default name.
pub fn output_path(outfile: Option<PathBuf>, default_name: &str) -> PathBuf {
    match outfile {
        Some(dir) if dir.is_dir() => dir.join(default_name),
        Some(path) => path,
        None => PathBuf::from(default_name),
    }
}

/// The one replacement rule: only a regular file (or a symlink to one) is ever replaced. A
/// device (`/dev/null`, as root in every CI container), a pipe, a socket or a folder is
/// refused, whatever `--force` says. A path that does not exist may be created.
pub fn check_replaceable(path: &Path) -> Result<()> {
    match fs::metadata(path) {
        Ok(meta) if !meta.is_file() => Err(Error::general(format!(
            "refusing to replace {}: it is not a regular file ({})",
            path.display(),
            crate::input::describe_file_type(&meta)
        ))
        .with_hint("write to a regular file: give another path")),
        _ => Ok(()),
    }
}

/// Refuse early (before any slow work) when the destination exists and may not be replaced.
pub fn check_can_create(path: &Path, overwrite: bool) -> Result<()> {
    if path.is_dir() {
        return Err(Error::general(format!(
            "cannot write {}: it is a directory",
            path.display()
        ))
        .with_hint(format!(
            "give a file name inside it, such as {}",
            path.join("NAME").display()
        )));
    }
    if !overwrite && fs::symlink_metadata(path).is_ok() {
        return Err(already_exists(path));
    }
    check_replaceable(path)?;
    let dir = parent_dir(path);
    if !dir.is_dir() {
        return Err(Error::general(format!(
            "cannot write {}: directory {} does not exist",
            path.display(),
            dir.display()
        ))
        .with_hint("create it first, or choose another path with --outfile"));
    }
    Ok(())
}

/// Write `bytes` to `dest` atomically with mode 0600.
pub fn write_atomic(dest: &Path, bytes: &[u8], overwrite: bool) -> Result<()> {
    let mut file = AtomicFile::create(dest)?;
    file.file()
        .write_all(bytes)
        .map_err(|e| Error::io("write", dest, e))?;
    file.commit(overwrite)
}

/// A private (0700) scratch folder, removed on drop and locked while it lives.
pub struct SpoolDir {
    // Field order matters: the lock is released only after the folder is gone.
    dir: tempfile::TempDir,
    _lock: Option<File>,
    /// How many leftovers of killed runs were removed from the directory first.
    pub swept: usize,
}

impl SpoolDir {
    pub fn path(&self) -> &Path {
        self.dir.path()
    }
}

/// A spool folder beside `dest`, after removing what killed runs left in that directory.
pub fn spool_dir_beside(dest: &Path) -> Result<SpoolDir> {
    let dir = parent_dir(dest);
    let swept = sweep_abandoned(&dir);
    let spool = spool_builder()
        .tempdir_in(&dir)
        .map_err(|e| Error::io("create a temporary folder in", &dir, e))?;
    let lock = platform::open_for_lock(spool.path())
        .ok()
        .filter(|f| f.try_lock().is_ok());
    Ok(SpoolDir {
        dir: spool,
        _lock: lock,
        swept,
    })
}

/// Our spool folders: named for [`sweep_abandoned`], mode 0700 whatever the umask.
fn spool_builder() -> tempfile::Builder<'static, 'static> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(SPOOL_PREFIX);
    platform::owner_only_temp(&mut builder, true);
    builder
}

/// A private (0700) scratch folder in the system's temporary directory, removed on drop.
pub fn private_tempdir() -> Result<tempfile::TempDir> {
    spool_builder()
        .tempdir()
        .map_err(|e| Error::general(format!("cannot create a temporary folder: {e}")))
}

/// Remove the spool folders and temporary files in `dir` that runs killed outright left
/// behind: ours by name, older than a minute, and not locked by a live run. Returns how many.
pub fn sweep_abandoned(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(meta) = entry.metadata() else { continue };
        let is_spool = meta.is_dir() && name.starts_with(SPOOL_PREFIX);
        let is_temp = meta.is_file()
            && name.starts_with('.')
            && name.contains(TEMP_MARK)
            && name.ends_with(".tmp");
        if !(is_spool || is_temp) || !is_old(&meta) {
            continue;
        }
        let path = entry.path();
        let Ok(handle) = platform::open_for_lock(&path) else {
            continue;
        };
        if handle.try_lock().is_err() {
            continue; // a live run holds it
        }
        let gone = if is_spool {
            fs::remove_dir_all(&path)
        } else {
            fs::remove_file(&path)
        };
        if gone.is_ok() {
            removed += 1;
        }
    }
    removed
}

fn is_old(meta: &fs::Metadata) -> bool {
    meta.modified()
        .ok()
        .and_then(|m| SystemTime::now().duration_since(m).ok())
        .is_some_and(|age| age >= SWEEP_MIN_AGE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::FileTimes;

    fn backdate(path: &Path) {
        let old = SystemTime::now() - Duration::from_secs(3600);
        File::open(path)
            .unwrap()
            .set_times(FileTimes::new().set_modified(old))
            .unwrap();
    }

    #[test]
    fn sweep_removes_only_old_unlocked_leftovers_of_ours() {
        let dir = tempfile::tempdir().unwrap();
        let at = |name: &str| dir.path().join(name);
        fs::create_dir(at(".fleetctl-spool-dead")).unwrap();
        fs::write(at(".fleetctl-spool-dead/heap.prof"), b"x").unwrap();
        fs::write(at(".a.tar.gz.fleetctl-dead.tmp"), b"x").unwrap();
        fs::create_dir(at(".fleetctl-spool-live")).unwrap();
        fs::write(at(".a.tar.gz.fleetctl-live.tmp"), b"x").unwrap();
        fs::create_dir(at(".fleetctl-spool-young")).unwrap();
        fs::write(at(".someone-elses.tmp"), b"x").unwrap();
        fs::write(at(".fleetctl-spool-file"), b"x").unwrap();
        for name in [
            ".fleetctl-spool-dead/heap.prof",
            ".fleetctl-spool-dead",
            ".a.tar.gz.fleetctl-dead.tmp",
            ".fleetctl-spool-live",
            ".a.tar.gz.fleetctl-live.tmp",
            ".someone-elses.tmp",
            ".fleetctl-spool-file",
        ] {
            backdate(&at(name));
        }
        let live_dir = File::open(at(".fleetctl-spool-live")).unwrap();
        live_dir.lock().unwrap();
        let live_file = File::open(at(".a.tar.gz.fleetctl-live.tmp")).unwrap();
        live_file.lock().unwrap();

        assert_eq!(sweep_abandoned(dir.path()), 2);
        assert!(!at(".fleetctl-spool-dead").exists());
        assert!(!at(".a.tar.gz.fleetctl-dead.tmp").exists());
        for kept in [
            ".fleetctl-spool-live",
            ".a.tar.gz.fleetctl-live.tmp",
            ".fleetctl-spool-young",
            ".someone-elses.tmp",
            ".fleetctl-spool-file",
        ] {
            assert!(at(kept).exists(), "{kept} was removed");
        }
    }

    #[cfg(unix)]
    #[test]
    fn spool_folders_are_private_whatever_the_umask() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        // The usual umask, under which folders are 0755 unless created 0700.
        let old = platform::set_umask(0o022);
        let spool = spool_dir_beside(&dir.path().join("out.tar.gz")).unwrap();
        let sub = spool.path().join("server-a");
        create_private_dir_all(&sub).unwrap();
        let scratch = private_tempdir().unwrap();
        platform::set_umask(old);
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(spool.path()), 0o700);
        assert_eq!(mode(&sub), 0o700);
        assert_eq!(mode(scratch.path()), 0o700);
    }

    #[test]
    fn a_directory_destination_gets_the_default_name_inside_it() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_path_buf();
        assert_eq!(output_path(Some(d.clone()), "x.tar.gz"), d.join("x.tar.gz"));
        assert_eq!(output_path(None, "x.tar.gz"), PathBuf::from("x.tar.gz"));
        let err = check_can_create(&d, true).unwrap_err();
        assert!(err.message.contains("is a directory"), "{}", err.message);
        assert!(err.hint.is_some());
    }

    #[test]
    fn an_adopted_spool_file_is_committed_like_a_written_one() {
        let dir = tempfile::tempdir().unwrap();
        let spool = spool_dir_beside(&dir.path().join("h.prof")).unwrap();
        let spooled = |bytes: &[u8]| {
            let path = spool.path().join("heap.prof");
            fs::write(&path, bytes).unwrap();
            path
        };
        let dest = dir.path().join("h.prof");
        AtomicFile::adopt(&spooled(b"new"), &dest)
            .unwrap()
            .commit(false)
            .unwrap();
        assert_eq!(fs::read(&dest).unwrap(), b"new");
        // Without overwrite an existing file stays as it is, and the spooled one goes.
        let again = spooled(b"newer");
        let err = AtomicFile::adopt(&again, &dest)
            .unwrap()
            .commit(false)
            .unwrap_err();
        assert!(err.message.contains("already exists"), "{}", err.message);
        assert_eq!(fs::read(&dest).unwrap(), b"new");
        assert!(!again.exists());
        AtomicFile::adopt(&spooled(b"newer"), &dest)
            .unwrap()
            .commit(true)
            .unwrap();
        assert_eq!(fs::read(&dest).unwrap(), b"newer");
    }

    #[test]
    fn files_and_spools_in_use_are_locked_against_the_sweep() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out.tar.gz");
        let file = AtomicFile::create(&dest).unwrap();
        let spool = spool_dir_beside(&dest).unwrap();
        backdate(file.temp_path());
        backdate(spool.path());
        assert_eq!(sweep_abandoned(dir.path()), 0);
        assert!(file.temp_path().exists() && spool.path().exists());
        let temp = file.temp_path().to_path_buf();
        let spool_path = spool.path().to_path_buf();
        drop(file);
        drop(spool);
        assert!(!temp.exists() && !spool_path.exists());
    }
}
