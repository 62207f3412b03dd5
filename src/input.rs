//! Bounded reads of everything the tool takes in from the local machine: the config file, the
//! Go client's YAML (`config import`), PEM files (`--rootca`, a context's rootca,
//! `--fleet-certificate`), files given to `debug inspect`, and secrets on standard input.
//!
//! Each [`Kind`] has a documented limit (README, Security model). A file must be a regular file
//! (or a symlink to one): it is opened without blocking and its type is checked on the opened
//! handle before a byte is read, so a named pipe, `/dev/zero` or a link to it is refused at
//! once instead of blocking or filling memory. More than the limit is an error, never a silent
//! truncation.

use std::fmt;
use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::Path;

use crate::platform;

const KIB: u64 = 1 << 10;
const MIB: u64 = 1 << 20;

/// What is being read, which decides its limit and how errors name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// This tool's TOML config (the null device reads as an empty one).
    Config,
    /// The Go fleetctl's YAML config, read by `config import`.
    GoConfig,
    /// A PEM certificate file: `--rootca`, a context's `rootca`, `--fleet-certificate`.
    Pem,
    /// A profile (not an archive) given to `debug inspect`.
    Profile,
    /// A secret piped to standard input: `--token-stdin`, `--password-stdin`,
    /// `--metrics-password-stdin`.
    Secret,
    /// A list of backends: `--servers-from FILE` or `-`.
    ServerList,
}

impl Kind {
    /// The most bytes accepted.
    pub const fn limit(self) -> u64 {
        match self {
            Kind::Config => 16 * MIB,
            Kind::GoConfig => 4 * MIB,
            Kind::Pem => 4 * MIB,
            Kind::Profile => 256 * MIB,
            Kind::Secret => 64 * KIB,
            Kind::ServerList => MIB,
        }
    }

    /// The kind in the plural, for "the limit for ...".
    pub const fn plural(self) -> &'static str {
        match self {
            Kind::Config => "config files",
            Kind::GoConfig => "Go fleetctl config files",
            Kind::Pem => "PEM files",
            Kind::Profile => "profiles given to `debug inspect`",
            Kind::Secret => "secrets on standard input",
            Kind::ServerList => "--servers-from lists",
        }
    }
}

/// A size in the largest whole unit: `16 MiB`, `64 KiB`, `100 bytes`.
pub fn human_size(bytes: u64) -> String {
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// Why a file or stream was not read; callers put it after "cannot read <what> <path>: ".
#[derive(Debug)]
pub enum ReadError {
    Io(io::Error),
    /// Not a regular file: what it is instead ("a named pipe").
    NotRegular(&'static str),
    TooLarge(Kind),
}

impl ReadError {
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::Io(e) if e.kind() == io::ErrorKind::NotFound)
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) => f.write_str(&crate::error::io_reason(e)),
            ReadError::NotRegular(what) => write!(f, "it is not a regular file ({what})"),
            ReadError::TooLarge(kind) => write!(
                f,
                "it is larger than {}, the limit for {}",
                human_size(kind.limit()),
                kind.plural()
            ),
        }
    }
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> Self {
        ReadError::Io(e)
    }
}

/// Open `path` to read, refusing anything but a regular file (a symlink to one is followed)
/// before reading a byte. Returns the file and its metadata.
pub fn open_regular(path: &Path) -> Result<(File, Metadata), ReadError> {
    let file = platform::open_to_read(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(describe_file_type(&meta)));
    }
    Ok((file, meta))
}

/// A regular file read whole, at most `kind`'s limit. A config may also be the null device
/// (`--config /dev/null`), which reads as empty.
pub fn read_file(path: &Path, kind: Kind) -> Result<Vec<u8>, ReadError> {
    let file = platform::open_to_read(path)?;
    let meta = file.metadata()?;
    if kind == Kind::Config && platform::is_null_device(&meta) {
        return Ok(Vec::new());
    }
    if !meta.is_file() {
        return Err(ReadError::NotRegular(describe_file_type(&meta)));
    }
    if meta.len() > kind.limit() {
        return Err(ReadError::TooLarge(kind));
    }
    // The file may grow while it is read: the bound holds on what is read, too.
    read_stream(file, kind)
}

/// A stream (standard input) read to its end, at most `kind`'s limit.
pub fn read_stream(stream: impl Read, kind: Kind) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    stream.take(kind.limit() + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > kind.limit() {
        return Err(ReadError::TooLarge(kind));
    }
    Ok(bytes)
}

/// What a file that is not a regular file is, for messages.
pub fn describe_file_type(meta: &Metadata) -> &'static str {
    let kind = meta.file_type();
    if kind.is_dir() {
        return "a directory";
    }
    special_file_type(&kind)
}

#[cfg(not(unix))]
fn special_file_type(_: &std::fs::FileType) -> &'static str {
    "a device or other special file"
}

#[cfg(unix)]
fn special_file_type(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_fifo() {
        "a named pipe"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "not a file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Kind; 6] = [
        Kind::Config,
        Kind::GoConfig,
        Kind::Pem,
        Kind::Profile,
        Kind::Secret,
        Kind::ServerList,
    ];

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_size(16 * MIB), "16 MiB");
        assert_eq!(human_size(64 * KIB), "64 KiB");
        assert_eq!(human_size(100), "100 bytes");
    }

    #[test]
    fn an_oversized_file_is_refused_before_it_is_read_and_names_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        for kind in ALL {
            let path = dir.path().join("big");
            let file = File::create(&path).unwrap();
            // Sparse: one byte over the limit costs no disk.
            file.set_len(kind.limit() + 1).unwrap();
            let err = read_file(&path, kind).unwrap_err();
            assert!(matches!(err, ReadError::TooLarge(k) if k == kind), "{err}");
            assert!(err.to_string().contains(&human_size(kind.limit())), "{err}");
            file.set_len(kind.limit().min(MIB)).unwrap();
            assert!(read_file(&path, kind).is_ok(), "{kind:?} at its limit");
        }
    }

    #[test]
    fn a_stream_over_its_limit_is_an_error_not_a_truncation() {
        let over = vec![b'x'; Kind::Secret.limit() as usize + 1];
        assert!(matches!(
            read_stream(&over[..], Kind::Secret),
            Err(ReadError::TooLarge(Kind::Secret))
        ));
        let at = &over[..Kind::Secret.limit() as usize];
        assert_eq!(read_stream(at, Kind::Secret).unwrap().len(), at.len());
    }

    #[cfg(unix)]
    #[test]
    fn devices_pipes_and_links_to_them_are_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.unwrap().success(), "mkfifo");
        let link = dir.path().join("zero-link");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        for kind in ALL {
            for (path, what) in [
                (Path::new("/dev/zero"), "a device"),
                (link.as_path(), "a device"),
                (fifo.as_path(), "a named pipe"),
                (dir.path(), "a directory"),
            ] {
                let err = read_file(path, kind).unwrap_err();
                assert!(
                    matches!(err, ReadError::NotRegular(w) if w == what),
                    "{kind:?} {}: {err}",
                    path.display()
                );
            }
        }
        assert_eq!(
            read_file(Path::new("/dev/null"), Kind::Config).unwrap(),
            b""
        );
        assert!(read_file(Path::new("/dev/null"), Kind::Pem).is_err());
    }
}
