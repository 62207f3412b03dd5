//! One error type for the whole tool: a one-line message, an optional hint that names the fix,
//! and the exit code the failure maps to.

use std::fmt;

/// Exit codes, documented in README.md ("Exit codes").
pub mod exit {
    /// Everything asked for was done.
    pub const OK: u8 = 0;
    /// Bad input, config or local I/O problem.
    pub const ERROR: u8 = 1;
    /// The command line did not parse, a flag value is invalid, or required input is missing.
    pub const USAGE: u8 = 2;
    /// The archive was written, but some items failed (see stderr and the manifest).
    pub const PARTIAL: u8 = 3;
    /// Authentication or authorization failed: nothing was written.
    pub const AUTH: u8 = 4;
    /// The server could not be reached or answered garbage: nothing was written.
    pub const UNREACHABLE: u8 = 5;
    /// Interrupted by Ctrl-C or SIGTERM; temporary files were removed.
    pub const INTERRUPTED: u8 = 130;
}

/// How a command ended: every command returns one (or an [`Error`], whose kind maps to one),
/// and `main` turns it into the process's exit code. The numbers are in [`exit`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    Success,
    Failure,
    Usage,
    Partial,
    Auth,
    Unreachable,
    Interrupted,
}

impl ExitStatus {
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => exit::OK,
            ExitStatus::Failure => exit::ERROR,
            ExitStatus::Usage => exit::USAGE,
            ExitStatus::Partial => exit::PARTIAL,
            ExitStatus::Auth => exit::AUTH,
            ExitStatus::Unreachable => exit::UNREACHABLE,
            ExitStatus::Interrupted => exit::INTERRUPTED,
        }
    }
}

/// What kind of failure happened, which decides the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    General,
    Usage,
    Auth,
    Unreachable,
    Interrupted,
    /// Standard output was closed by its reader (`| head -1`): end quietly, as ripgrep does.
    BrokenPipe,
}

#[derive(Debug, Clone)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    pub hint: Option<String>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            hint: None,
        }
    }

    pub fn general(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::General, message)
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Usage, message)
    }

    pub fn auth(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Auth, message)
    }

    pub fn unreachable(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unreachable, message)
    }

    pub fn interrupted() -> Self {
        Self::new(ErrorKind::Interrupted, "interrupted")
    }

    pub fn broken_pipe() -> Self {
        Self::new(ErrorKind::BrokenPipe, "standard output was closed")
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Message and hint on one line, for tables, manifests and per-item failure lines.
    pub fn one_line(&self) -> String {
        match &self.hint {
            Some(hint) => format!("{}; {hint}", self.message),
            None => self.message.clone(),
        }
    }

    pub fn exit_status(&self) -> ExitStatus {
        match self.kind {
            ErrorKind::General => ExitStatus::Failure,
            ErrorKind::Usage => ExitStatus::Usage,
            ErrorKind::Auth => ExitStatus::Auth,
            ErrorKind::Unreachable => ExitStatus::Unreachable,
            ErrorKind::Interrupted => ExitStatus::Interrupted,
            // A closed stdout ends the command quietly, as ripgrep does.
            ErrorKind::BrokenPipe => ExitStatus::Success,
        }
    }

    pub fn exit_code(&self) -> u8 {
        self.exit_status().code()
    }

    /// An I/O error on a named file, phrased as "cannot <action> <path>: <cause>".
    pub fn io(action: &str, path: &std::path::Path, err: std::io::Error) -> Self {
        Self::general(format!(
            "cannot {action} {}: {}",
            path.display(),
            io_reason(&err)
        ))
    }
}

/// The io::Error text without Rust's " (os error N)" suffix.
pub fn io_reason(err: &std::io::Error) -> String {
    let text = err.to_string();
    match text.find(" (os error") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}
