//! The flags every command takes, and how they resolve.

use std::path::PathBuf;

use crate::error::{Error, Result};

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
