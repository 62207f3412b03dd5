//! The command tree and its dispatch. Each command's arguments live beside its handler in
//! `commands/`; the flags every command takes are in [`crate::settings`].

use clap::{Parser, Subcommand};

use crate::commands;
use crate::error::{ErrorKind, ExitStatus, Result};
use crate::settings::{Environment, GlobalArgs, Settings};
use crate::ui;

const AFTER_HELP: &str = "\
Environment:
  FLEETCTL_CONFIG   config file path (instead of --config)
  FLEETCTL_CONTEXT  context name (instead of --context)
  FLEETCTL_TOKEN    API token used for every request, overriding the context's token
  FLEETCTL_PASSWORD password for `fleetctl login` (instead of a prompt or --password-stdin)
  FLEETCTL_DEBUG    set to 1 to log requests on stderr (like --debug)
  FLEETCTL_METRICS_PASSWORD  password for the server's /metrics Basic auth
  The Go fleetctl's names are read where it reads them, a FLEETCTL_ name winning: CONFIG,
  CONTEXT, DEBUG; config set: ADDRESS, EMAIL, TOKEN, INSECURE, ROOTCA, URL_PREFIX,
  CUSTOM_HEADER; login: EMAIL, PASSWORD; debug: OUTFILE, STDOUT, FLUSH, FLEET_CERTIFICATE

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

    /// Print the manual page (roff), or write the pages of every subcommand with --dir
    Man(commands::man::ManArgs),
}

impl Command {
    /// Whether the command reads the config file (so its permissions matter).
    fn reads_config(&self) -> bool {
        !matches!(
            self,
            Command::Completion(_)
                | Command::Man(_)
                | Command::Debug(commands::debug::DebugCommand::Inspect(_))
        )
    }

    /// Whether the command was asked for `--json`: its errors are then JSON on stdout too.
    /// (`debug archive --json` prints its own error summary.)
    fn wants_json(&self) -> bool {
        use commands::config::ConfigCommand as C;
        use commands::debug::DebugCommand as D;
        match self {
            Command::Whoami(args) => args.json,
            Command::Health(args) => args.json,
            Command::Config(C::Get(args)) => args.json,
            Command::Config(C::GetContexts(args) | C::CurrentContext(args)) => args.json,
            Command::Debug(D::Migrations(args)) => args.json,
            Command::Debug(D::Connection(args)) => args.json,
            Command::Debug(D::Inspect(args)) => args.json,
            _ => false,
        }
    }
}

/// Run the parsed command; returns the exit code for a run that did not fail outright. A
/// `--json` command's failure is also printed as `{"error", "hint", "exit_code"}` on stdout,
/// so a script parsing stdout always gets JSON.
pub fn run(cli: Cli) -> Result<ExitStatus> {
    let json = cli.command.wants_json();
    let result = dispatch(cli);
    if let Err(err) = &result
        && json
        && err.kind != ErrorKind::BrokenPipe
    {
        let summary = serde_json::json!({
            "error": err.message,
            "hint": err.hint,
            "exit_code": err.exit_code(),
        });
        ui::out(serde_json::to_string_pretty(&summary).unwrap_or_default())?;
    }
    result
}

fn dispatch(cli: Cli) -> Result<ExitStatus> {
    let env = Environment::read();
    ui::set_debug(cli.global.debug || env.go_debug());
    let settings = Settings::resolve(&cli.global, env)?;
    if cli.command.reads_config() {
        settings.warn_if_config_exposed();
    }
    match cli.command {
        Command::Config(cmd) => commands::config::run(cmd, &settings),
        Command::Login(args) => commands::session::login(args, &settings),
        Command::Logout(args) => commands::session::logout(args, &settings),
        Command::Whoami(args) => commands::session::whoami(args, &settings),
        Command::Debug(cmd) => commands::debug::run(cmd, &settings),
        Command::Health(args) => commands::health::run(args, &settings),
        Command::Api(args) => commands::api::run(args, &settings),
        Command::Completion(args) => {
            commands::completion::run(args, <Cli as clap::CommandFactory>::command())
        }
        Command::Man(args) => commands::man::run(args, <Cli as clap::CommandFactory>::command()),
    }
}
