//! The flags every command takes, the environment, and how they resolve: read once at the
//! start ([`Settings::resolve`]), then handed to the command as one value. Nothing below this
//! layer reads the environment, so context selection is a pure function of a [`Settings`] and
//! a config file, testable without a subprocess.

use std::path::PathBuf;
use std::time::Duration;

use crate::client::Target;
use crate::config::{
    CONFIG_ENV, CONTEXT_ENV, ConfigFile, ConfigStore, ContextSource, GO_CONFIG_ENV, GO_CONTEXT_ENV,
    PathSource, TOKEN_ENV,
};
use crate::error::{Error, Result};
use crate::ui;

pub const PASSWORD_ENV: &str = "FLEETCTL_PASSWORD";
pub const METRICS_PASSWORD_ENV: &str = "FLEETCTL_METRICS_PASSWORD";
pub const STALL_TIMEOUT_ENV: &str = "FLEETCTL_STALL_TIMEOUT_SECS";
pub const DEBUG_ENV: &str = "FLEETCTL_DEBUG";

/// The Go fleetctl's environment names, read where the Go client reads them (a `FLEETCTL_`
/// name, where one exists, wins): global `CONFIG`, `CONTEXT`, `DEBUG`; `config set`'s
/// `ADDRESS`, `EMAIL`, `TOKEN`, `INSECURE`, `ROOTCA`, `URL_PREFIX`, `CUSTOM_HEADER`; `login`'s
/// `EMAIL`, `PASSWORD`; the debug commands' `OUTFILE`, `STDOUT`, `FLUSH`, `FLEET_CERTIFICATE`.
pub const GO_NAMES: [&str; 15] = [
    GO_CONFIG_ENV,
    GO_CONTEXT_ENV,
    "DEBUG",
    "ADDRESS",
    "EMAIL",
    "TOKEN",
    "INSECURE",
    "ROOTCA",
    "URL_PREFIX",
    "CUSTOM_HEADER",
    "PASSWORD",
    "OUTFILE",
    "STDOUT",
    "FLUSH",
    "FLEET_CERTIFICATE",
];
pub const LOCK_TIMEOUT_ENV: &str = "FLEETCTL_LOCK_TIMEOUT_SECS";
/// A body that delivers no bytes for this long is treated as stalled.
pub const DEFAULT_STALL_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, clap::Args)]
pub struct GlobalArgs {
    /// Config file to use [default: $FLEETCTL_CONFIG, else <config dir>/fleetctl/config.toml]
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Context (named server entry) to use [default: $FLEETCTL_CONTEXT, else current-context, else "default"]
    #[arg(long, global = true, value_name = "NAME", action = clap::ArgAction::Append)]
    pub context: Vec<String>,

    /// Log each HTTP request and response status to stderr (tokens are redacted)
    #[arg(long, global = true, env = "FLEETCTL_DEBUG", value_parser = clap::builder::BoolishValueParser::new(), num_args = 0, default_missing_value = "true", hide_env_values = true)]
    pub debug: bool,
}

/// The environment variables fleetctl reads, each non-empty value once. (`FLEETCTL_CONFIG` and
/// `FLEETCTL_CONTEXT` are not clap `env =` values: an empty one must count as unset, and an
/// environment context must not conflict with `--all-contexts` as a flag would.) The Go
/// client's names are kept in `go`, for the commands that read them.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    pub config: Option<PathBuf>,
    /// `CONFIG` rather than `FLEETCTL_CONFIG` gave `config`.
    pub config_from_go: bool,
    pub context: Option<String>,
    /// `CONTEXT` rather than `FLEETCTL_CONTEXT` gave `context`.
    pub context_from_go: bool,
    pub token: Option<String>,
    /// `FLEETCTL_PASSWORD`, else the Go client's `PASSWORD`; and the name that gave it.
    pub password: Option<String>,
    pub password_var: &'static str,
    pub metrics_password: Option<String>,
    pub stall_timeout: Option<String>,
    pub lock_timeout: Option<String>,
    /// Whether `FLEETCTL_DEBUG` is set (then clap has read it, and `DEBUG` is not looked at).
    pub fleetctl_debug_set: bool,
    go: std::collections::BTreeMap<&'static str, String>,
}

/// A value read from the environment, and the variable that held it (for messages).
#[derive(Debug, Clone, PartialEq)]
pub struct EnvValue {
    pub var: &'static str,
    pub value: String,
}

impl Environment {
    pub fn read() -> Self {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let go = GO_NAMES
            .iter()
            .filter_map(|name| var(name).map(|value| (*name, value)))
            .collect();
        Environment {
            fleetctl_debug_set: var(DEBUG_ENV).is_some(),
            ..Self::from_values(
                var(CONFIG_ENV),
                var(CONTEXT_ENV),
                var(TOKEN_ENV),
                var(PASSWORD_ENV),
                [
                    var(METRICS_PASSWORD_ENV),
                    var(STALL_TIMEOUT_ENV),
                    var(LOCK_TIMEOUT_ENV),
                ],
                go,
            )
        }
    }

    /// The environment of the given values: the `FLEETCTL_` ones win over the Go client's.
    fn from_values(
        config: Option<String>,
        context: Option<String>,
        token: Option<String>,
        password: Option<String>,
        [metrics_password, stall_timeout, lock_timeout]: [Option<String>; 3],
        go: std::collections::BTreeMap<&'static str, String>,
    ) -> Self {
        let go_value = |name: &str| go.get(name).cloned();
        Environment {
            config_from_go: config.is_none() && go.contains_key(GO_CONFIG_ENV),
            config: config
                .or_else(|| go_value(GO_CONFIG_ENV))
                .map(PathBuf::from),
            context_from_go: context.is_none() && go.contains_key(GO_CONTEXT_ENV),
            context: context.or_else(|| go_value(GO_CONTEXT_ENV)),
            token,
            password_var: if password.is_some() || !go.contains_key("PASSWORD") {
                PASSWORD_ENV
            } else {
                "PASSWORD"
            },
            password: password.or_else(|| go_value("PASSWORD")),
            metrics_password,
            stall_timeout,
            lock_timeout,
            fleetctl_debug_set: false,
            go,
        }
    }

    /// The Go client's variable `name`, when set (non-empty).
    pub fn go(&self, name: &'static str) -> Option<EnvValue> {
        self.go.get(name).map(|value| EnvValue {
            var: name,
            value: value.clone(),
        })
    }

    /// `DEBUG` (the Go client's) turns request logging on when `FLEETCTL_DEBUG` is unset; a
    /// value that is not a boolean (other tools use `DEBUG=name:*`) is ignored with a warning.
    pub fn go_debug(&self) -> bool {
        if self.fleetctl_debug_set {
            return false;
        }
        self.go("DEBUG")
            .is_some_and(|debug| match parse_go_bool(&debug.value) {
                Some(on) => on,
                None => {
                    ui::warn(format!(
                        "DEBUG={} is not a boolean (1, true, 0, false); not turning on --debug",
                        debug.value
                    ));
                    false
                }
            })
    }
}

/// A boolean as Go's `strconv.ParseBool` reads it.
pub fn parse_go_bool(raw: &str) -> Option<bool> {
    match raw.trim() {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
        _ => None,
    }
}

/// One invocation, resolved: the config file, the contexts asked for and where they came
/// from, the environment's secrets and limits.
#[derive(Debug, Clone)]
pub struct Settings {
    pub store: ConfigStore,
    /// `--context` values, in order (possibly none).
    context_flags: Vec<String>,
    pub env: Environment,
    pub stall_timeout: Duration,
}

impl Settings {
    /// Flags over environment over defaults. An empty `--context` (`--context "$CTX"` with
    /// CTX unset) is refused rather than taken as "not given".
    pub fn resolve(args: &GlobalArgs, env: Environment) -> Result<Settings> {
        if args.context.iter().any(|name| name.trim().is_empty()) {
            return Err(Error::usage("--context was given an empty name").with_hint(
                "give a context name, e.g. --context server-a (is the shell variable unset?), or leave --context out to use the current context",
            ));
        }
        let store = match (&args.config, &env.config) {
            (Some(path), _) => ConfigStore::new(path.clone(), PathSource::Flag),
            (None, Some(path)) if env.config_from_go => {
                ConfigStore::new(path.clone(), PathSource::GoEnv)
            }
            (None, Some(path)) => ConfigStore::new(path.clone(), PathSource::Env),
            (None, None) => ConfigStore::new(default_config_path()?, PathSource::Default),
        };
        log_environment(args, &env);
        let stall_timeout = seconds(
            STALL_TIMEOUT_ENV,
            env.stall_timeout.as_deref(),
            DEFAULT_STALL_TIMEOUT,
        );
        let lock_timeout = seconds(
            LOCK_TIMEOUT_ENV,
            env.lock_timeout.as_deref(),
            crate::config::DEFAULT_LOCK_TIMEOUT,
        );
        let store = store.with_lock_timeout(lock_timeout);
        // The environment's secrets are masked in everything printed from here on.
        for secret in [&env.token, &env.password, &env.metrics_password]
            .into_iter()
            .flatten()
        {
            crate::redact::register(secret);
        }
        Ok(Settings {
            store,
            context_flags: args.context.clone(),
            env,
            stall_timeout,
        })
    }

    /// A warning when the config file may be read by other users (it may hold tokens).
    pub fn warn_if_config_exposed(&self) {
        if let Some(mode) = self.store.exposed_mode() {
            let path = self.store.path().display();
            ui::warn(format!(
                "config file {path} is accessible by other users (mode {mode:04o}) and may hold tokens; run `chmod 600 {path}`"
            ));
        }
    }

    /// The named context of `file`, with this invocation's token override and limits; a
    /// context that turns TLS verification off says so on every run.
    pub fn target_of(&self, file: &ConfigFile, name: &str) -> Result<Target> {
        let target = Target::resolve(file, name, self.env.token.as_deref(), self.stall_timeout)?;
        if target.tls_skip_verify {
            ui::warn(format!(
                "TLS certificate verification is disabled for context `{name}` (tls-skip-verify)"
            ));
        }
        Ok(target)
    }

    /// Every `--context` given (none: the selected context).
    pub fn contexts(&self) -> &[String] {
        &self.context_flags
    }

    /// The one `--context` given, if any; commands that act on one server refuse several.
    pub fn context(&self) -> Result<Option<&str>> {
        match self.context_flags.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(one.as_str())),
            many => Err(Error::usage(format!(
                "--context was given {} times, but this command acts on one context",
                many.len()
            ))
            .with_hint("give --context once")),
        }
    }

    /// The context to act on: `--context`, else `FLEETCTL_CONTEXT`, else the file's
    /// current-context, else `default`; and where the name came from.
    pub fn select(&self, file: &ConfigFile) -> Result<(String, ContextSource)> {
        let given = match self.context()? {
            Some(name) => Some((name, ContextSource::Flag)),
            None => self.env.context.as_deref().map(|n| {
                let source = if self.env.context_from_go {
                    ContextSource::GoEnv
                } else {
                    ContextSource::Env
                };
                (n, source)
            }),
        };
        Ok(file.select_context(given))
    }

    /// The selected context of the config file, resolved into a [`Target`] (which must exist).
    pub fn target(&self) -> Result<Target> {
        self.selected_target(&self.store.load()?)
    }

    /// The selected context of an already loaded `file`, resolved (it must exist).
    pub fn selected_target(&self, file: &ConfigFile) -> Result<Target> {
        let (name, source) = self.select(file)?;
        file.selected_context(&name, source)?;
        self.target_of(file, &name)
    }
}

/// `--debug`: which of the global settings came from the environment.
fn log_environment(args: &GlobalArgs, env: &Environment) {
    if !ui::debug_enabled() {
        return;
    }
    let name = |from_go: bool, fleetctl: &'static str, go: &'static str| {
        if from_go { go } else { fleetctl }
    };
    if args.config.is_none() && env.config.is_some() {
        let var = name(env.config_from_go, CONFIG_ENV, GO_CONFIG_ENV);
        ui::debug(format!("config file path from the environment ({var})"));
    }
    if args.context.is_empty() && env.context.is_some() {
        let var = name(env.context_from_go, CONTEXT_ENV, GO_CONTEXT_ENV);
        ui::debug(format!("context name from the environment ({var})"));
    }
    if env.fleetctl_debug_set {
        ui::debug(format!("--debug from the environment ({DEBUG_ENV})"));
    } else if env.go("DEBUG").is_some() && !args.debug {
        ui::debug("--debug from the environment (DEBUG)");
    }
    if env.token.is_some() {
        ui::debug(format!("API token from the environment ({TOKEN_ENV})"));
    }
}

/// An error about a value that came from the environment names the variable: the first of
/// `used` (text the message would hold, such as the flag's name or the value; the variable)
/// found in the message gets ` (from VAR)` after it.
pub fn name_env_source(err: Error, used: &[(String, &str)]) -> Error {
    match used
        .iter()
        .find(|(needle, _)| !needle.is_empty() && err.message.contains(needle.as_str()))
    {
        Some((_, var)) => {
            let mut named = Error::new(err.kind, format!("{} (from {var})", err.message));
            named.hint = err.hint;
            named
        }
        None => err,
    }
}

/// `--debug`: a command-level setting taken from the environment.
pub fn log_env_setting(setting: &str, value: &EnvValue) {
    if !ui::debug_enabled() {
        return;
    }
    ui::debug(format!("{setting} from the environment ({})", value.var));
}

fn default_config_path() -> Result<PathBuf> {
    let dir = dirs::config_dir().ok_or_else(|| {
        Error::general("cannot find the user config directory")
            .with_hint("pass --config PATH or set FLEETCTL_CONFIG")
    })?;
    Ok(dir.join("fleetctl").join("config.toml"))
}

/// A number of seconds from the environment variable `name` (`FLEETCTL_STALL_TIMEOUT_SECS`
/// for slow links, `FLEETCTL_LOCK_TIMEOUT_SECS`); an invalid value warns once and `default`
/// applies.
fn seconds(name: &str, raw: Option<&str>, default: Duration) -> Duration {
    match raw.map(|v| v.trim().parse::<u64>()) {
        None => default,
        Some(Ok(secs)) if secs > 0 => Duration::from_secs(secs),
        Some(_) => {
            ui::warn(format!(
                "{name}={} is not a whole number of seconds above 0; using {} s",
                raw.unwrap_or_default(),
                default.as_secs()
            ));
            default
        }
    }
}

/// A context chosen for a multi-server command, and whether it is usable.
pub struct SelectedContext {
    pub name: String,
    /// The address as written in the config file ("" when it has none).
    pub address: String,
    /// Why the context cannot be used (no address, invalid address) is this context's
    /// failure, not the whole command's.
    pub target: Result<Target>,
}

/// Contexts named by `--context` (repeatable) or `--all-contexts`, else the selected one. A
/// name that is not in the file is an error for the whole command (a typo); a context that
/// exists but cannot be used is reported in its entry.
pub fn selected_contexts(settings: &Settings, all: bool) -> Result<Vec<SelectedContext>> {
    let store = &settings.store;
    let file = store.load()?;
    let names: Vec<String> = if all {
        if file.contexts.is_empty() {
            return Err(
                Error::usage(format!("no contexts in {}", store.path().display())).with_hint(
                    "create one with `fleetctl config set --context NAME --address URL`",
                ),
            );
        }
        file.contexts.keys().cloned().collect()
    } else if settings.contexts().is_empty() {
        let (name, source) = settings.select(&file)?;
        file.selected_context(&name, source)?;
        vec![name]
    } else {
        let mut names: Vec<String> = Vec::new();
        for name in settings.contexts() {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
        names
    };
    names
        .into_iter()
        .map(|name| {
            let address = file.context(&name)?.address.clone().unwrap_or_default();
            let target = settings.target_of(&file, &name);
            Ok(SelectedContext {
                name,
                address,
                target,
            })
        })
        .collect()
}

/// With a single context, its config problem is the command's error (with its hint).
pub fn fail_if_only_unusable(selected: &mut Vec<SelectedContext>) -> Result<()> {
    if selected.len() == 1
        && selected[0].target.is_err()
        && let Some(SelectedContext { target: Err(e), .. }) = selected.pop()
    {
        return Err(e);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config;

    fn args(contexts: &[&str]) -> GlobalArgs {
        GlobalArgs {
            config: Some(PathBuf::from("/nonexistent/c.toml")),
            context: contexts.iter().map(|c| c.to_string()).collect(),
            debug: false,
        }
    }

    fn file(current: Option<&str>) -> ConfigFile {
        let mut text = String::new();
        if let Some(c) = current {
            text.push_str(&format!("current-context = \"{c}\"\n"));
        }
        text.push_str("[contexts.a]\naddress = \"https://a.example\"\ntoken = \"stored-token-1\"\n[contexts.b]\naddress = \"https://b.example\"\n");
        config::parse(&text, std::path::Path::new("c.toml")).unwrap()
    }

    #[test]
    fn fleetctl_names_win_over_the_go_clients() {
        let go = |pairs: &[(&'static str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| (*k, (*v).to_string()))
                .collect::<std::collections::BTreeMap<_, _>>()
        };
        let all_go = go(&[
            ("CONFIG", "/go.toml"),
            ("CONTEXT", "go"),
            ("PASSWORD", "go-pw"),
        ]);
        let env =
            Environment::from_values(None, None, None, None, [None, None, None], all_go.clone());
        assert_eq!(env.config, Some(PathBuf::from("/go.toml")));
        assert!(env.config_from_go && env.context_from_go);
        assert_eq!(env.context.as_deref(), Some("go"));
        assert_eq!(
            (env.password.as_deref(), env.password_var),
            (Some("go-pw"), "PASSWORD")
        );
        let both = Environment::from_values(
            Some("/f.toml".into()),
            Some("f".into()),
            None,
            Some("f-pw".into()),
            [None, None, None],
            all_go,
        );
        assert_eq!(both.config, Some(PathBuf::from("/f.toml")));
        assert!(!both.config_from_go && !both.context_from_go);
        assert_eq!(both.context.as_deref(), Some("f"));
        assert_eq!(
            (both.password.as_deref(), both.password_var),
            (Some("f-pw"), PASSWORD_ENV)
        );
        let settings = Settings::resolve(&args(&[]), env.clone()).unwrap();
        assert_eq!(
            settings.select(&file(None)).unwrap(),
            ("go".into(), ContextSource::GoEnv)
        );
        for (raw, value) in [("1", Some(true)), ("False", Some(false)), ("yes", None)] {
            assert_eq!(parse_go_bool(raw), value, "{raw}");
        }
    }

    #[test]
    fn context_selection_precedence() {
        let env = |ctx: Option<&str>| Environment {
            context: ctx.map(String::from),
            ..Environment::default()
        };
        let pick = |flags: &[&str], env_ctx, current| {
            Settings::resolve(&args(flags), env(env_ctx))
                .unwrap()
                .select(&file(current))
                .unwrap()
        };
        assert_eq!(
            pick(&["b"], Some("a"), Some("a")),
            ("b".into(), ContextSource::Flag)
        );
        assert_eq!(
            pick(&[], Some("a"), Some("b")),
            ("a".into(), ContextSource::Env)
        );
        assert_eq!(
            pick(&[], None, Some("b")),
            ("b".into(), ContextSource::File)
        );
        assert_eq!(
            pick(&[], None, None),
            ("default".into(), ContextSource::Default)
        );
        assert!(Settings::resolve(&args(&[""]), Environment::default()).is_err());
        let two = Settings::resolve(&args(&["a", "b"]), Environment::default()).unwrap();
        assert!(two.context().is_err());
        assert_eq!(two.contexts().len(), 2);
    }

    #[test]
    fn the_environment_token_wins_and_paths_come_from_flag_env_default() {
        let env = Environment {
            token: Some("env-token-123".into()),
            config: Some(PathBuf::from("/env/c.toml")),
            stall_timeout: Some("nope".into()),
            ..Environment::default()
        };
        let mut no_flag = args(&[]);
        no_flag.config = None;
        let settings = Settings::resolve(&no_flag, env.clone()).unwrap();
        assert_eq!(settings.store.path(), std::path::Path::new("/env/c.toml"));
        assert_eq!(settings.stall_timeout, DEFAULT_STALL_TIMEOUT);
        let target = settings.target_of(&file(None), "a").unwrap();
        assert_eq!(target.token.as_deref(), Some("env-token-123"));
        let flagged = Settings::resolve(&args(&[]), env).unwrap();
        assert_eq!(
            flagged.store.path(),
            std::path::Path::new("/nonexistent/c.toml")
        );
        let plain = Settings::resolve(&args(&[]), Environment::default()).unwrap();
        let target = plain.target_of(&file(None), "a").unwrap();
        assert_eq!(target.token.as_deref(), Some("stored-token-1"));
    }
}
