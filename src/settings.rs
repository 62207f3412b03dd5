//! The flags every command takes, the environment, and how they resolve: read once at the
//! start ([`Settings::resolve`]), then handed to the command as one value. Nothing below this
//! layer reads the environment, so context selection is a pure function of a [`Settings`] and
//! a config file, testable without a subprocess.

use std::path::PathBuf;
use std::time::Duration;

use crate::client::Target;
use crate::config::{
    CONFIG_ENV, CONTEXT_ENV, ConfigFile, ConfigStore, ContextSource, PathSource, TOKEN_ENV,
};
use crate::error::{Error, Result};
use crate::ui;

pub const PASSWORD_ENV: &str = "FLEETCTL_PASSWORD";
pub const METRICS_PASSWORD_ENV: &str = "FLEETCTL_METRICS_PASSWORD";
pub const STALL_TIMEOUT_ENV: &str = "FLEETCTL_STALL_TIMEOUT_SECS";
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
/// environment context must not conflict with `--all-contexts` as a flag would.)
#[derive(Debug, Clone, Default)]
pub struct Environment {
    pub config: Option<PathBuf>,
    pub context: Option<String>,
    pub token: Option<String>,
    pub password: Option<String>,
    pub metrics_password: Option<String>,
    pub stall_timeout: Option<String>,
    pub lock_timeout: Option<String>,
}

impl Environment {
    pub fn read() -> Self {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        Environment {
            config: var(CONFIG_ENV).map(PathBuf::from),
            context: var(CONTEXT_ENV),
            token: var(TOKEN_ENV),
            password: var(PASSWORD_ENV),
            metrics_password: var(METRICS_PASSWORD_ENV),
            stall_timeout: var(STALL_TIMEOUT_ENV),
            lock_timeout: var(LOCK_TIMEOUT_ENV),
        }
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
            (None, Some(path)) => ConfigStore::new(path.clone(), PathSource::Env),
            (None, None) => ConfigStore::new(default_config_path()?, PathSource::Default),
        };
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
            None => self.env.context.as_deref().map(|n| (n, ContextSource::Env)),
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
