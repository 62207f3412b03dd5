//! Crash-safe, owner-only file writes: everything is written to a temporary file in the target
//! directory, fsynced, then renamed into place, so a crash or Ctrl-C never leaves a truncated
//! file under the final name.

use std::fs::{self, File};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::error::{Error, Result};

/// Create `dir` and any missing parents with mode 0700.
pub fn create_private_dir_all(dir: &Path) -> Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
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

impl AtomicFile {
    pub fn create(dest: &Path) -> Result<Self> {
        let dir = parent_dir(dest);
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .permissions(fs::Permissions::from_mode(0o600))
            .tempfile_in(&dir)
            .map_err(|e| Error::io("create a temporary file in", &dir, e))?;
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

    /// Flush to disk and move into place. With `overwrite` false an existing destination is an
    /// error and is left untouched.
    pub fn commit(self, overwrite: bool) -> Result<()> {
        let dest = self.dest;
        self.temp
            .as_file()
            .sync_all()
            .map_err(|e| Error::io("write", &dest, e))?;
        if overwrite {
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
        sync_dir(&parent_dir(&dest));
        Ok(())
    }
}

pub fn already_exists(path: &Path) -> Error {
    Error::general(format!(
        "{} already exists; not overwriting it",
        path.display()
    ))
    .with_hint("pass --force to replace it, or choose another name with --outfile")
}

/// Refuse early (before any slow work) when the destination exists and may not be replaced.
pub fn check_can_create(path: &Path, overwrite: bool) -> Result<()> {
    if !overwrite && fs::symlink_metadata(path).is_ok() {
        return Err(already_exists(path));
    }
    let dir = parent_dir(path);
    if !dir.is_dir() {
        return Err(Error::general(format!(
            "cannot write {}: directory {} does not exist",
            path.display(),
            dir.display()
        )));
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

/// Best effort: make the rename itself durable.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Move a finished file into place; without `overwrite` an existing destination is an error.
pub fn rename_into_place(src: &Path, dest: &Path, overwrite: bool) -> Result<()> {
    if overwrite {
        fs::rename(src, dest).map_err(|e| Error::io("write", dest, e))?;
    } else {
        // link(2) fails when the destination exists, so nothing is ever clobbered.
        fs::hard_link(src, dest).map_err(|e| {
            if e.kind() == io::ErrorKind::AlreadyExists {
                already_exists(dest)
            } else {
                Error::io("write", dest, e)
            }
        })?;
        let _ = fs::remove_file(src);
    }
    sync_dir(&parent_dir(dest));
    Ok(())
}

/// A private (0700) scratch folder beside `dest`, removed on drop.
pub fn spool_dir_beside(dest: &Path) -> Result<tempfile::TempDir> {
    let dir = parent_dir(dest);
    tempfile::Builder::new()
        .prefix(".fleetctl-spool-")
        .tempdir_in(&dir)
        .map_err(|e| Error::io("create a temporary folder in", &dir, e))
}
