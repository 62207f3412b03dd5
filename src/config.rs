//! The config store: named contexts in a TOML file.
//!
//! Every save takes an advisory lock on a sibling `.lock` file, re-reads the file, applies the
//! change and writes it atomically (temp file, fsync, rename), so concurrent writers lose
//! nothing. A file that does not parse is never overwritten. Unknown keys are preserved.

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::{fsutil, input, platform, ui};

pub const CONFIG_ENV: &str = "FLEETCTL_CONFIG";
pub const CONTEXT_ENV: &str = "FLEETCTL_CONTEXT";
/// The Go fleetctl's names for the same two, read when the `FLEETCTL_` name is unset.
pub const GO_CONFIG_ENV: &str = "CONFIG";
pub const GO_CONTEXT_ENV: &str = "CONTEXT";
pub const TOKEN_ENV: &str = "FLEETCTL_TOKEN";
pub const DEFAULT_CONTEXT: &str = "default";

/// The whole config file.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "kebab-case")]
pub struct ConfigFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_context: Option<String>,
    #[serde(default)]
    pub contexts: BTreeMap<String, Context>,
    /// Keys this version does not know, kept as they are.
    #[serde(flatten)]
    pub extra: BTreeMap<String, toml::Value>,
    /// Where this was read from: for error messages only.
    #[serde(skip)]
    pub origin: Origin,
}

/// Not part of the file: where a [`ConfigFile`] was read from, so that "context does not
/// exist" can say when the file itself is missing. Two configs with the same contents are
/// equal whatever their origin.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// The path read, where that path came from, and whether the file existed.
    file: Option<(PathBuf, PathSource, bool)>,
}

impl PartialEq for Origin {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// One named context: how to reach and authenticate to one Fleet server.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "kebab-case")]
pub struct Context {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub tls_skip_verify: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rootca: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_prefix: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub custom_headers: BTreeMap<String, String>,
    /// User for the server's `/metrics` Basic auth (the password is never stored).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics_username: Option<String>,
    /// Keys this version does not know, kept as they are.
    #[serde(flatten)]
    pub extra: BTreeMap<String, toml::Value>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// Where the selected context name came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ContextSource {
    Flag,
    Env,
    /// The Go fleetctl's `CONTEXT` variable.
    #[serde(rename = "env")]
    GoEnv,
    File,
    Default,
}

impl ContextSource {
    pub fn describe(self) -> &'static str {
        match self {
            ContextSource::Flag => "--context flag",
            ContextSource::Env => "FLEETCTL_CONTEXT environment variable",
            ContextSource::GoEnv => "CONTEXT environment variable (the Go fleetctl's name)",
            ContextSource::File => "current-context in the config file",
            ContextSource::Default => "built-in default",
        }
    }
}

/// Where the config file path came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathSource {
    Flag,
    Env,
    /// The Go fleetctl's `CONFIG` variable.
    GoEnv,
    Default,
    /// Given by the program itself ([`ConfigStore::at`]).
    Given,
}

impl ConfigFile {
    /// The file this was read from, for messages ("the config file" when not read from disk).
    pub fn describe_path(&self) -> String {
        match &self.origin.file {
            Some((path, _, _)) => path.display().to_string(),
            None => "the config file".to_string(),
        }
    }

    /// Context name by precedence: the one `given` (by flag or environment), else
    /// `current-context`, else `default`.
    pub fn select_context(&self, given: Option<(&str, ContextSource)>) -> (String, ContextSource) {
        if let Some((name, source)) = given.filter(|(n, _)| !n.is_empty()) {
            return (name.to_string(), source);
        }
        if let Some(name) = self.current_context.as_deref().filter(|n| !n.is_empty()) {
            return (name.to_string(), ContextSource::File);
        }
        (DEFAULT_CONTEXT.to_string(), ContextSource::Default)
    }

    /// The named context, or an error listing the ones that exist.
    pub fn context(&self, name: &str) -> Result<&Context> {
        self.contexts
            .get(name)
            .ok_or_else(|| unknown_context(name, None, self))
    }

    /// The context [`ConfigFile::select_context`] chose; when it does not exist, the error
    /// names where its name came from (FLEETCTL_CONTEXT, current-context).
    pub fn selected_context(&self, name: &str, source: ContextSource) -> Result<&Context> {
        self.contexts
            .get(name)
            .ok_or_else(|| unknown_context(name, Some(source), self))
    }
}

/// "Context does not exist", with the fix that fits: the config file itself is missing, the
/// name came from FLEETCTL_CONTEXT or current-context (`source`, when the name was selected
/// rather than given), or it is a typo of an existing name.
pub fn unknown_context(name: &str, source: Option<ContextSource>, file: &ConfigFile) -> Error {
    if file.contexts.is_empty()
        && let Some((path, path_source, false)) = &file.origin.file
    {
        return missing_config_file(path, *path_source, name);
    }
    let existing = if file.contexts.is_empty() {
        "no contexts exist yet".to_string()
    } else {
        let names: Vec<&str> = file.contexts.keys().map(String::as_str).collect();
        format!("existing contexts: {}", names.join(", "))
    };
    let create = format!(
        "create it with `fleetctl config set --context {name} --address https://fleet.example.com`"
    );
    let closest = closest_name(name, file.contexts.keys().map(String::as_str));
    let did_you_mean = |then: &str| match closest {
        Some(close) => format!("did you mean `{close}`? {then}"),
        None => then.to_string(),
    };
    match source {
        Some(source @ (ContextSource::Env | ContextSource::GoEnv)) => {
            let var = if source == ContextSource::Env {
                CONTEXT_ENV
            } else {
                GO_CONTEXT_ENV
            };
            let hint = match closest {
                Some(close) => format!(
                    "unset {var}, or set it to an existing context (did you mean `{close}`? `export {var}={close}`)"
                ),
                None if file.contexts.is_empty() => {
                    format!("unset {var}, or {create}")
                }
                None => format!("unset {var}, or set it to an existing context"),
            };
            Error::general(format!(
                "context `{name}` (from {var}) does not exist ({existing})"
            ))
            .with_hint(hint)
        }
        Some(ContextSource::File) if !file.contexts.is_empty() => Error::general(format!(
            "context `{name}`, the current-context in the config file, does not exist ({existing})"
        ))
        .with_hint(did_you_mean(
            "pick an existing one with `fleetctl config use-context NAME`, or pass --context NAME",
        )),
        _ => Error::general(format!("context `{name}` does not exist ({existing})")).with_hint(
            match closest {
                Some(close) => format!("did you mean `{close}`? Otherwise {create}"),
                None => create,
            },
        ),
    }
}

/// A command needs a context, but there is no config file at all.
fn missing_config_file(path: &Path, source: PathSource, name: &str) -> Error {
    let shown = path.display();
    let (whence, hint) = match source {
        PathSource::Flag => (
            " (given by --config)",
            format!(
                "check the --config path; to create a config file there, run `fleetctl --config {shown} config set --context {name} --address URL`"
            ),
        ),
        PathSource::Env => (
            " (given by FLEETCTL_CONFIG)",
            format!(
                "check FLEETCTL_CONFIG; to create a config file there, run `fleetctl config set --context {name} --address URL`"
            ),
        ),
        PathSource::GoEnv => (
            " (given by CONFIG, the Go fleetctl's variable; FLEETCTL_CONFIG is unset)",
            format!(
                "check CONFIG (or set FLEETCTL_CONFIG, which wins); to create a config file there, run `fleetctl config set --context {name} --address URL`"
            ),
        ),
        PathSource::Default | PathSource::Given => (
            if source == PathSource::Default {
                " (the default location)"
            } else {
                ""
            },
            format!("create one with `fleetctl config set --context {name} --address URL`"),
        ),
    };
    let err = Error::general(format!("config file {shown}{whence} does not exist"));
    match go_config_path().filter(|go| go.is_file()) {
        // Someone coming from the Go client: their contexts are one command away.
        Some(go) => Error::general(format!(
            "{}, but the Go fleetctl's {} does",
            err.message,
            go.display()
        ))
        .with_hint(format!(
            "import its contexts with `fleetctl config import` (tokens included, never printed); or {hint}"
        )),
        None => err.with_hint(hint),
    }
}

/// Where the Go fleetctl keeps its contexts: `~/.fleet/config` (YAML).
pub fn go_config_path() -> Option<PathBuf> {
    dirs::home_dir().map(|home| home.join(".fleet").join("config"))
}

/// The existing name nearest to a mistyped one, if it is near enough to be a typo.
pub fn closest_name<'a>(name: &str, existing: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = name.to_lowercase();
    // Short names are near every other short name: a single-letter one gets no suggestion
    // (beyond a difference in case).
    let allowed = match wanted.chars().count() {
        0..=1 => 0,
        2..=4 => 1,
        5..=7 => 2,
        _ => 3,
    };
    existing
        .filter(|candidate| *candidate != name)
        .map(|candidate| {
            (
                strsim::osa_distance(&wanted, &candidate.to_lowercase()),
                candidate,
            )
        })
        .filter(|(distance, _)| *distance <= allowed)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// What a context name may hold, for messages; [`validate_context_name`] checks it.
pub const CONTEXT_NAME_RULE: &str = "letters, digits and - _ . @ only, not starting with `.` nor holding `..`, at most 128 characters";
const MAX_CONTEXT_NAME: usize = 128;

/// Why `name` cannot name a context, or `None`. A name becomes a folder in multi-server
/// archives and is printed in messages, so it never holds a path separator, `..`, a leading
/// dot, whitespace or control characters.
pub fn context_name_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some("it is empty")
    } else if name.len() > MAX_CONTEXT_NAME {
        Some("it is longer than 128 characters")
    } else if name.starts_with('.') || name.contains("..") {
        Some("it starts with `.` or holds `..`")
    } else if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '@'))
    {
        Some("it holds a character other than letters, digits and - _ . @")
    } else {
        None
    }
}

/// A context name given on the command line (`--context`, `use-context`, `rename-context`).
pub fn validate_context_name(name: &str) -> Result<()> {
    match context_name_problem(name) {
        None => Ok(()),
        Some(why) => Err(Error::usage(format!(
            "invalid context name `{}`: {why}",
            name.escape_debug()
        ))
        .with_hint(format!("use {CONTEXT_NAME_RULE}, e.g. --context server-a"))),
    }
}

/// A context name read from the config file: a hand-edited file gets the same rule.
fn check_stored_name(name: &str, path: &Path) -> Result<()> {
    let Some(why) = context_name_problem(name) else {
        return Ok(());
    };
    Err(Error::general(format!(
        "config file {} has an invalid context name `{}`: {why}",
        path.display(),
        name.escape_debug()
    ))
    .with_hint(format!(
        "rename that [contexts.\"...\"] table in the file by hand ({CONTEXT_NAME_RULE})"
    )))
}

/// The config file on disk.
#[derive(Debug, Clone)]
pub struct ConfigStore {
    path: PathBuf,
    source: PathSource,
    /// How long a save waits for another process's lock before giving up.
    lock_timeout: Duration,
}

/// How long a save waits for the lock by default ([`ConfigStore::with_lock_timeout`]).
pub const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(60);
/// A wait longer than this is announced on stderr, so that a stuck save is never silent.
const LOCK_WAIT_NOTICE: Duration = Duration::from_secs(1);

impl ConfigStore {
    /// The file at `path`, which came from `source` (for messages).
    pub fn new(path: PathBuf, source: PathSource) -> Self {
        ConfigStore {
            path,
            source,
            lock_timeout: DEFAULT_LOCK_TIMEOUT,
        }
    }

    pub fn at(path: impl Into<PathBuf>) -> Self {
        Self::new(path.into(), PathSource::Given)
    }

    /// Give up waiting for the lock after `timeout`.
    pub fn with_lock_timeout(mut self, timeout: Duration) -> Self {
        self.lock_timeout = timeout;
        self
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The real file written to: a symlinked config is updated at its target, so the link
    /// stays, also when the target does not exist yet (a dangling link).
    fn write_target(&self) -> Result<PathBuf> {
        let mut path = self.path.clone();
        // As many links as Linux follows before ELOOP.
        for _ in 0..40 {
            match fs::symlink_metadata(&path) {
                Ok(meta) if meta.file_type().is_symlink() => {
                    let link =
                        fs::read_link(&path).map_err(|e| Error::io("read link", &path, e))?;
                    path = if link.is_absolute() {
                        link
                    } else {
                        fsutil::parent_dir(&path).join(link)
                    };
                }
                _ => return Ok(path),
            }
        }
        Err(Error::general(format!(
            "config file {} is a symlink loop",
            self.path.display()
        ))
        .with_hint("point the link at a file, or remove it"))
    }

    /// A file named by the Go client's `CONFIG` that does not parse is most likely the Go
    /// client's own YAML config: say so.
    fn go_config_hint(&self, err: Error) -> Error {
        if self.source != PathSource::GoEnv {
            return err;
        }
        let message = format!(
            "{} (the path came from CONFIG, the Go fleetctl's variable)",
            err.message
        );
        Error::new(err.kind, message).with_hint(format!(
            "if it is the Go fleetctl's YAML config, import it once with `fleetctl config import {}` and set FLEETCTL_CONFIG (which wins over CONFIG) to this tool's config",
            self.path.display()
        ))
    }

    /// Read the file; a missing file is an empty config. Every context name in it is checked
    /// ([`validate_context_name`]): a hand-edited name never reaches a path or a terminal.
    pub fn load(&self) -> Result<ConfigFile> {
        let (mut config, exists) = match input::read_file(&self.path, input::Kind::Config) {
            Ok(bytes) => {
                let text = String::from_utf8(bytes).map_err(|_| {
                    Error::general(format!(
                        "cannot parse config file {}: it is not UTF-8 text",
                        self.path.display()
                    ))
                    .with_hint("fix or remove the file")
                })?;
                (
                    parse(&text, &self.path).map_err(|e| self.go_config_hint(e))?,
                    true,
                )
            }
            Err(e) if e.is_not_found() => (ConfigFile::default(), false),
            Err(e) => {
                return Err(Error::general(format!(
                    "cannot read config file {}: {e}",
                    self.path.display()
                ))
                .with_hint(
                    "check --config or FLEETCTL_CONFIG: a config file is a regular file of a few KiB",
                ));
            }
        };
        for name in config.contexts.keys() {
            check_stored_name(name, &self.path)?;
        }
        config.origin.file = Some((self.path.clone(), self.source, exists));
        Ok(config)
    }

    /// Lock, re-read, apply `change`, write atomically. The file is untouched when `change`
    /// fails or the current file does not parse.
    pub fn update<R>(&self, change: impl FnOnce(&mut ConfigFile) -> Result<R>) -> Result<R> {
        let target = self.write_target()?;
        // Before the lock file is made beside it: `--config /dev/null` must leave /dev alone.
        fsutil::check_replaceable(&target)?;
        let dir = fsutil::parent_dir(&target);
        if target != self.path && !dir.is_dir() {
            return Err(Error::general(format!(
                "config file {} is a symlink to {}, whose directory does not exist",
                self.path.display(),
                target.display()
            ))
            .with_hint(format!(
                "create {} (mode 700), or replace the link",
                dir.display()
            )));
        }
        fsutil::create_private_dir_all(&dir)?;
        let _lock = self.lock(&target)?;
        remove_stale_temp_files(&target);
        let mut config = self.load()?;
        let result = change(&mut config)?;
        let text = toml::to_string_pretty(&config)
            .map_err(|e| Error::general(format!("cannot serialize the config: {e}")))?;
        // Never write a file that the next command would refuse to read.
        if text.len() as u64 > input::Kind::Config.limit() {
            return Err(Error::general(format!(
                "not saving {}: the config would be larger than {}, the limit for config files",
                self.path.display(),
                input::human_size(input::Kind::Config.limit())
            ))
            .with_hint("the file is unchanged; store fewer or smaller values"));
        }
        fsutil::write_atomic(&target, text.as_bytes(), true)?;
        Ok(result)
    }

    fn lock(&self, target: &Path) -> Result<File> {
        let mut lock_path = target.as_os_str().to_owned();
        lock_path.push(".lock");
        let lock_path = PathBuf::from(lock_path);
        let file =
            platform::owner_only_file(OpenOptions::new().create(true).truncate(false).write(true))
                .open(&lock_path)
                .map_err(|e| Error::io("create lock file", &lock_path, e))?;
        let started = Instant::now();
        let mut pause = Duration::from_millis(5);
        let mut announced = false;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(file),
                Err(TryLockError::WouldBlock) => {}
                Err(TryLockError::Error(e)) => return Err(Error::io("lock", &lock_path, e)),
            }
            let waited = started.elapsed();
            if waited >= self.lock_timeout {
                return Err(lock_timeout_error(&lock_path, waited));
            }
            if !announced && waited >= LOCK_WAIT_NOTICE {
                announced = true;
                ui::info(format!(
                    "waiting for the config lock {} (another fleetctl is saving the config; giving up after {} s)",
                    lock_path.display(),
                    self.lock_timeout.as_secs()
                ));
            }
            std::thread::sleep(pause);
            pause = (pause * 2).min(Duration::from_millis(50));
        }
    }

    /// Why the file may be readable by other users: its mode, when it gives them access.
    pub fn exposed_mode(&self) -> Option<u32> {
        platform::exposed_mode(&self.path)
    }
}

fn lock_timeout_error(lock_path: &Path, waited: Duration) -> Error {
    Error::general(format!(
        "gave up after {} s waiting for the config lock {}: another process holds it; the config is unchanged",
        waited.as_secs(),
        lock_path.display()
    ))
    .with_hint(format!(
        "let the other fleetctl finish, or end it (`fuser {}` names it), then run this again",
        lock_path.display()
    ))
}

/// Temporary files of saves that were killed (`kill -9`, power loss). Only called under the
/// lock, when no other save can be writing one.
fn remove_stale_temp_files(target: &Path) {
    let (Some(dir), Some(name)) = (target.parent(), target.file_name()) else {
        return;
    };
    let prefix = format!(".{}.", name.to_string_lossy());
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if file_name.starts_with(&prefix) && file_name.ends_with(".tmp") {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Parse config text; errors name the file, line and column.
pub fn parse(text: &str, path: &Path) -> Result<ConfigFile> {
    toml::from_str(text).map_err(|e| {
        let location = e
            .span()
            .map(|span| {
                let (line, column) = line_column(text, span.start);
                format!(":{line}:{column}")
            })
            .unwrap_or_default();
        Error::general(format!(
            "cannot parse config file {}{location}: {}",
            path.display(),
            e.message().trim()
        ))
        .with_hint("fix the file by hand (fleetctl never overwrites a config file it cannot parse)")
    })
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roundtrip_keeps_unknown_keys() {
        let text = r#"
current-context = "a"
future-setting = 3

[contexts.a]
address = "https://a:8080"
tls-skip-verify = true
colour = "blue"

[contexts.a.custom-headers]
X-Team = "ops"
"#;
        let config = parse(text, Path::new("c.toml")).unwrap();
        assert_eq!(config.extra["future-setting"], toml::Value::Integer(3));
        let a = &config.contexts["a"];
        assert!(a.tls_skip_verify);
        assert_eq!(a.extra["colour"], toml::Value::String("blue".into()));
        let again = parse(&toml::to_string_pretty(&config).unwrap(), Path::new("c")).unwrap();
        assert_eq!(again, config);
    }

    #[test]
    fn parse_error_names_line_and_column() {
        let err = parse("[contexts.a]\naddress = \n", Path::new("/x/c.toml")).unwrap_err();
        assert!(
            err.message
                .starts_with("cannot parse config file /x/c.toml:2:"),
            "{}",
            err.message
        );
    }

    #[test]
    fn closest_name_suggests_only_near_names() {
        let names = ["good", "prod", "staging", "a"];
        let closest = |name: &str| closest_name(name, names.iter().copied());
        assert_eq!(closest("goo"), Some("good"));
        assert_eq!(closest("prdo"), Some("prod"));
        assert_eq!(closest("stagign"), Some("staging"));
        assert_eq!(closest("PROD"), Some("prod"));
        assert_eq!(closest("b"), None, "single letters are near everything");
        assert_eq!(closest("gamma"), None);
        assert_eq!(closest("good"), None, "the name itself is no suggestion");
    }

    #[test]
    fn line_column_counts_from_one() {
        assert_eq!(line_column("ab\ncd", 0), (1, 1));
        assert_eq!(line_column("ab\ncd", 4), (2, 2));
    }

    /// Mutated config texts (bytes flipped, dropped, duplicated, spliced) never panic the parser,
    /// and whatever parses serialises back to text that parses to the same value.
    #[test]
    fn parser_survives_mutations() {
        let seed_text = "current-context = \"a\"\nfuture = [1, {x = 2}]\n\n[contexts.a]\naddress = \"https://a:8080\"\nemail = \"e@x\"\ntoken = \"t0k\"\ntls-skip-verify = true\nrootca = \"/ca.pem\"\nurl-prefix = \"/fleet\"\n\n[contexts.a.custom-headers]\nX-A = \"1\"\n\n[contexts.\"b c\"]\naddress = 'https://b'\n";
        let alphabet = b"[]{}=\"'.,#\n \\tf-_azAZ019\x00\xff";
        // Proptest's deterministic generator: the same mutations every run.
        let mut rng = proptest::test_runner::TestRng::deterministic_rng(
            proptest::test_runner::RngAlgorithm::ChaCha,
        );
        let mut next = move || {
            use proptest::prelude::Rng as _;
            rng.next_u64()
        };
        for _ in 0..5_000 {
            let mut bytes = seed_text.as_bytes().to_vec();
            for _ in 0..(next() % 6 + 1) {
                let at = (next() as usize) % (bytes.len() + 1);
                match next() % 4 {
                    0 if at < bytes.len() => {
                        bytes[at] = alphabet[(next() as usize) % alphabet.len()]
                    }
                    1 if at < bytes.len() => {
                        bytes.remove(at);
                    }
                    2 => bytes.insert(at, alphabet[(next() as usize) % alphabet.len()]),
                    _ => {
                        let end = (at + (next() as usize) % 16).min(bytes.len());
                        let piece = bytes[at.min(end)..end].to_vec();
                        let to = (next() as usize) % (bytes.len() + 1);
                        bytes.splice(to..to, piece);
                    }
                }
            }
            let text = String::from_utf8_lossy(&bytes);
            if let Ok(config) = parse(&text, Path::new("fuzz.toml")) {
                let again = toml::to_string_pretty(&config).expect("serialises");
                assert_eq!(
                    parse(&again, Path::new("again.toml")).expect("reparses"),
                    config
                );
            }
        }
    }
}
