//! The command tree. Each command's arguments live beside its handler in `commands/`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::commands;
use crate::error::{Error, Result};

const AFTER_HELP: &str = "\
Environment:
  FLEETCTL_CONFIG   config file path (instead of --config)
  FLEETCTL_CONTEXT  context name (instead of --context)
  FLEETCTL_TOKEN    API token used for every request, overriding the context's token
  FLEETCTL_PASSWORD password for `fleetctl login` (instead of a prompt or --password-stdin)
  FLEETCTL_DEBUG    set to 1 to log requests on stderr (like --debug)
  FLEETCTL_METRICS_PASSWORD  password for the server's /metrics Basic auth

Exit codes: 0 ok, 1 error, 2 usage (bad flag or value), 3 partial (archive written with
failed items, or a server unhealthy), 4 authentication/permission failure, 5 server
unreachable or invalid answer, 130 interrupted.";

/// Operate Fleet servers: named contexts, login, and scrubbed debug archives.
#[derive(Debug, Parser)]
#[command(
    name = "fleetctl",
    version,
    propagate_version = true,
    disable_version_flag = true,
    about,
    after_help = AFTER_HELP,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    /// Print version (`-v` as in the Go fleetctl)
    #[arg(short = 'V', long, visible_short_alias = 'v', action = clap::ArgAction::Version, global = true)]
    pub version: Option<bool>,

    #[command(subcommand)]
    pub command: Command,
}

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

impl GlobalArgs {
    /// The one `--context` given, if any; commands that act on one server refuse several.
    pub fn context(&self) -> Result<Option<&str>> {
        match self.contexts()? {
            [] => Ok(None),
            [one] => Ok(Some(one.as_str())),
            many => Err(Error::usage(format!(
                "--context was given {} times, but this command acts on one context",
                many.len()
            ))
            .with_hint("give --context once")),
        }
    }

    /// Every `--context` given (none: the selected context). An empty one is refused rather
    /// than taken as "not given": `--context "$CTX"` with CTX unset must not act on whatever
    /// context happens to be current.
    pub fn contexts(&self) -> Result<&[String]> {
        if self.context.iter().any(|name| name.trim().is_empty()) {
            return Err(Error::usage("--context was given an empty name").with_hint(
                "give a context name, e.g. --context server-a (is the shell variable unset?), or leave --context out to use the current context",
            ));
        }
        Ok(&self.context)
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Manage named contexts in the config file
    #[command(subcommand)]
    Config(commands::config::ConfigCommand),

    /// Log in with email and password and store the session token in the context
    Login(commands::session::LoginArgs),

    /// Log out: end the server session and remove the stored token
    Logout(commands::session::LogoutArgs),

    /// Show which user the stored token belongs to, and the server version
    #[command(visible_alias = "status")]
    Whoami(commands::session::WhoamiArgs),

    /// Fetch profiles and debug information from Fleet servers, and diagnose connections
    #[command(subcommand)]
    Debug(commands::debug::DebugCommand),

    /// Check the health endpoint of one or many servers (exit 0 only when all are healthy)
    Health(commands::health::HealthArgs),

    /// Call any REST API path with the context's address, TLS settings, headers and token (like `gh api`)
    Api(commands::api::ApiArgs),

    /// Print a shell completion script
    Completion(commands::completion::CompletionArgs),
}
