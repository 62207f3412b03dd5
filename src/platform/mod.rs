//! Everything that differs between Unix (Linux, macOS) and Windows, one function each, with
//! the same name and signature in `unix.rs` and `windows.rs`:
//!
//! - owner-only files and folders: [`owner_only_file`], [`owner_only_temp`],
//!   [`private_dir_builder`], [`exposed_mode`]. On Unix these are modes 0600 / 0700 whatever
//!   the umask. Windows has no modes: a new file or folder inherits the ACL of the folder it is
//!   created in, which under the user's profile (`%APPDATA%`, where the config lives) grants
//!   only that user, SYSTEM and Administrators.
//! - the no-echo secret prompt: [`read_secret`]. Ctrl-C while typing restores the terminal and
//!   gives `None`, which the caller turns into exit 130.
//! - interruption: [`interrupted`] resolves on Ctrl-C, SIGTERM, SIGHUP or SIGQUIT on Unix, and on Ctrl-C,
//!   Ctrl-Break or closing the console window on Windows.
//! - locking: std's `File::lock`/`try_lock` (flock on Unix, LockFileEx on Windows) on a handle
//!   from [`open_for_lock`], which opens folders too.
//!
//! `set_umask` exists on Unix only: Windows has no umask, and only tests need it.

mod line_editor;

#[cfg(unix)]
mod unix;
#[cfg(unix)]
pub use unix::*;

#[cfg(windows)]
mod windows;
#[cfg(windows)]
pub use windows::*;
