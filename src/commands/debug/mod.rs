//! `fleetctl debug ...`: the archive and the single debug items.

pub mod archive;
pub mod metrics;
pub mod stdout;

use std::path::PathBuf;
use std::time::SystemTime;

use clap::{Args, Subcommand};
use reqwest::Method;
use serde::Deserialize;

use self::metrics::{METRICS_PASSWORD_ENV, metrics_password};
use self::stdout::{is_stdout, refuse_binary_on_terminal, stream_to_stdout};
use crate::capture::fetch::{self, Failure, FetchSettings, ItemError, NoProgress};
use crate::capture::items::{self, Format, Item, ItemKind};
use crate::capture::spool;
use crate::client::FleetClient;
use crate::error::{Error, ExitStatus, Result};
use crate::settings::Settings;
use crate::{fsutil, timefmt, ui};

#[derive(Debug, Subcommand)]
pub enum DebugCommand {
    /// Fetch every profile and debug endpoint concurrently into one scrubbed .tar.gz
    Archive(archive::ArchiveArgs),
    /// Save a CPU profile (takes --seconds)
    Profile(ProfileArgs),
    /// Save a heap profile
    Heap(SaveArgs),
    /// Save a goroutine profile
    Goroutine(SaveArgs),
    /// Save a Go execution trace (takes --seconds)
    Trace(ProfileArgs),
    /// Save an allocations profile
    Allocs(SaveArgs),
    /// Save a block profile (empty unless the server enabled block sampling)
    Block(SaveArgs),
    /// Save a mutex profile (empty unless the server enabled mutex sampling)
    Mutex(SaveArgs),
    /// Save a thread-creation profile
    Threadcreate(SaveArgs),
    /// Print the server's command line, scrubbed of secrets
    Cmdline(CmdlineArgs),
    /// Save the server's recent errors (JSON) to ./fleet-errors-<timestamp>Z.json (--stdout: print them)
    Errors(ErrorsArgs),
    /// Show the database migration status
    Migrations(MigrationsArgs),
    /// Save the database locks (JSON) to ./fleet-db-locks-<timestamp>Z.json (--stdout: print them)
    DbLocks(JsonItemArgs),
    /// Save the InnoDB status (JSON) to ./fleet-db-innodb-status-<timestamp>Z.json (--stdout: print it)
    DbInnodbStatus(JsonItemArgs),
    /// Save the database process list (JSON) to ./fleet-db-process-list-<timestamp>Z.json (--stdout: print it)
    DbProcessList(JsonItemArgs),
    /// Print the server's Prometheus metrics (Basic auth: the context's metrics-username)
    Metrics(MetricsArgs),
    /// Check DNS, TCP, the TLS certificate and the agent enroll endpoint, one line a step
    Connection(crate::commands::connection::ConnectionArgs),
    /// Summarise an archive or a profile (manifest, top functions), draw its flame graphs or HTML report, or compare two (no Go needed)
    Inspect(crate::commands::inspect::InspectArgs),
}

#[derive(Debug, Args)]
pub struct MetricsArgs {
    /// Read the metrics password from stdin [default: $FLEETCTL_METRICS_PASSWORD]
    #[arg(long)]
    pub password_stdin: bool,

    #[command(flatten)]
    pub text: TextArgs,
}

#[derive(Debug, Args)]
pub struct SaveArgs {
    /// Output file, or a folder to write the default name in, or `-` for stdout when it is not
    /// a terminal [default: ./fleet-<item>-<YYYYMMDDhhmmss>Z.<ext>]
    #[arg(short = 'o', long, value_name = "PATH")]
    pub outfile: Option<PathBuf>,

    /// Replace the output file if it exists
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ProfileArgs {
    /// How long the server collects, in seconds [default: 30 for profile, 1 for trace]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub seconds: Option<u64>,

    #[command(flatten)]
    pub save: SaveArgs,
}

#[derive(Debug, Args)]
pub struct TextArgs {
    /// Write to this file (or into this folder) instead of stdout; `-` is stdout
    #[arg(short = 'o', long, value_name = "PATH")]
    pub outfile: Option<PathBuf>,

    /// Replace the output file if it exists
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct CmdlineArgs {
    /// Do not scrub secrets (prints the server's passwords and keys)
    #[arg(long)]
    pub no_scrub: bool,

    #[command(flatten)]
    pub text: TextArgs,
}

#[derive(Debug, Args)]
pub struct ErrorsArgs {
    /// Clear the server's error store after reading it [env: FLUSH]
    #[arg(long)]
    pub flush: bool,

    #[command(flatten)]
    pub item: JsonItemArgs,
}

/// A JSON item (`errors`, `db-*`): written to `./fleet-<item>-<timestamp>Z.json` as the Go
/// fleetctl writes it, unless `--stdout` or `-o`.
#[derive(Debug, Args)]
pub struct JsonItemArgs {
    /// Print to stdout instead of writing a file [env: STDOUT]
    #[arg(long, conflicts_with = "outfile")]
    pub stdout: bool,

    #[command(flatten)]
    pub text: TextArgs,
}

#[derive(Debug, Args)]
pub struct MigrationsArgs {
    /// Print the server's JSON answer
    #[arg(long)]
    pub json: bool,
}

pub fn run(mut command: DebugCommand, settings: &Settings) -> Result<ExitStatus> {
    let used = apply_environment(&mut command, settings)?;
    run_command(command, settings).map_err(|err| crate::settings::name_env_source(err, &used))
}

fn run_command(command: DebugCommand, settings: &Settings) -> Result<ExitStatus> {
    use ItemKind::*;
    match command {
        DebugCommand::Archive(args) => archive::run(args, settings),
        DebugCommand::Profile(args) => {
            save_item(Profile, args.seconds.unwrap_or(30), args.save, settings)
        }
        DebugCommand::Trace(args) => {
            save_item(Trace, args.seconds.unwrap_or(1), args.save, settings)
        }
        DebugCommand::Heap(args) => save_item(Heap, 0, args, settings),
        DebugCommand::Goroutine(args) => save_item(Goroutine, 0, args, settings),
        DebugCommand::Allocs(args) => save_item(Allocs, 0, args, settings),
        DebugCommand::Block(args) => save_item(Block, 0, args, settings),
        DebugCommand::Mutex(args) => save_item(Mutex, 0, args, settings),
        DebugCommand::Threadcreate(args) => save_item(Threadcreate, 0, args, settings),
        DebugCommand::Cmdline(args) => {
            print_item(Cmdline, None, !args.no_scrub, args.text, settings)
        }
        DebugCommand::Errors(args) => {
            let endpoint = args.flush.then(|| "/debug/errors?flush=true".to_string());
            json_item(Errors, endpoint, args.item, settings)
        }
        DebugCommand::DbLocks(args) => json_item(DbLocks, None, args, settings),
        DebugCommand::DbInnodbStatus(args) => json_item(DbInnodbStatus, None, args, settings),
        DebugCommand::DbProcessList(args) => json_item(DbProcessList, None, args, settings),
        DebugCommand::Migrations(args) => migrations(args, settings),
        DebugCommand::Connection(args) => crate::commands::connection::run(args, settings),
        DebugCommand::Inspect(args) if args.wants_visual() => {
            crate::commands::inspect::visual::run(&args)
        }
        DebugCommand::Inspect(args) => crate::commands::inspect::run(args),
        DebugCommand::Metrics(args) => print_metrics(args, settings),
    }
}

/// The Go client's debug variables, for what no flag gave: `OUTFILE` (every command with
/// `-o`), `STDOUT` (errors, db-*), `FLUSH` (errors), `FLEET_CERTIFICATE` (connection).
/// Returns the values taken (text an error would hold, and the variable), so that errors can
/// name them.
fn apply_environment(
    command: &mut DebugCommand,
    settings: &Settings,
) -> Result<Vec<(String, &'static str)>> {
    let env = &settings.env;
    let used = std::cell::RefCell::new(Vec::new());
    let outfile = |slot: &mut Option<PathBuf>| {
        if slot.is_none()
            && let Some(value) = env.go("OUTFILE")
        {
            crate::settings::log_env_setting("--outfile", &value);
            used.borrow_mut().push((value.value.clone(), value.var));
            *slot = Some(PathBuf::from(value.value));
        }
    };
    let flag = |slot: &mut bool, var: &'static str, name: &str| -> Result<()> {
        let Some(value) = env.go(var).filter(|_| !*slot) else {
            return Ok(());
        };
        crate::settings::log_env_setting(name, &value);
        *slot = crate::settings::parse_go_bool(&value.value).ok_or_else(|| {
            Error::usage(format!(
                "{var}={} is not a boolean (from {var})",
                value.value
            ))
            .with_hint(format!("set {var} to true or false, or unset it"))
        })?;
        Ok(())
    };
    match command {
        DebugCommand::Archive(args) => outfile(&mut args.outfile),
        DebugCommand::Profile(args) | DebugCommand::Trace(args) => outfile(&mut args.save.outfile),
        DebugCommand::Heap(args)
        | DebugCommand::Goroutine(args)
        | DebugCommand::Allocs(args)
        | DebugCommand::Block(args)
        | DebugCommand::Mutex(args)
        | DebugCommand::Threadcreate(args) => outfile(&mut args.outfile),
        DebugCommand::Cmdline(args) => outfile(&mut args.text.outfile),
        DebugCommand::Metrics(args) => outfile(&mut args.text.outfile),
        DebugCommand::Errors(args) => {
            flag(&mut args.flush, "FLUSH", "--flush")?;
            json_item_environment(&mut args.item, &outfile, &flag)?;
        }
        DebugCommand::DbLocks(args)
        | DebugCommand::DbInnodbStatus(args)
        | DebugCommand::DbProcessList(args) => {
            json_item_environment(args, &outfile, &flag)?;
        }
        DebugCommand::Connection(args) => {
            if args.fleet_certificate.is_none()
                && let Some(value) = env.go("FLEET_CERTIFICATE")
            {
                crate::settings::log_env_setting("--fleet-certificate", &value);
                used.borrow_mut().push((value.value.clone(), value.var));
                args.fleet_certificate = Some(PathBuf::from(value.value));
            }
        }
        DebugCommand::Migrations(_) | DebugCommand::Inspect(_) => {}
    }
    Ok(used.into_inner())
}

/// `STDOUT` and `OUTFILE` for a JSON item; `--stdout` with an output file is a usage error,
/// whichever of the two came from the environment (the Go client refuses it too).
fn json_item_environment(
    args: &mut JsonItemArgs,
    outfile: &dyn Fn(&mut Option<PathBuf>),
    flag: &dyn Fn(&mut bool, &'static str, &str) -> Result<()>,
) -> Result<()> {
    let outfile_given = args.text.outfile.is_some();
    let stdout_given = args.stdout;
    flag(&mut args.stdout, "STDOUT", "--stdout")?;
    outfile(&mut args.text.outfile);
    if args.stdout && args.text.outfile.is_some() {
        let name = |given: bool, flag: &str, var: &str| {
            if given {
                flag.to_string()
            } else {
                format!("{flag} (from {var})")
            }
        };
        return Err(Error::usage(format!(
            "{} and {} cannot be used together",
            name(stdout_given, "--stdout", "STDOUT"),
            name(outfile_given, "--outfile", "OUTFILE")
        ))
        .with_hint("print to stdout with --stdout, or write a file with -o PATH, not both"));
    }
    Ok(())
}

/// `errors` and the `db-*` items: a file named as the Go client names it, unless `--stdout`
/// (or `-o -`) prints them or `-o` names the file.
fn json_item(
    kind: ItemKind,
    endpoint: Option<String>,
    mut args: JsonItemArgs,
    settings: &Settings,
) -> Result<ExitStatus> {
    if !args.stdout && args.text.outfile.is_none() {
        args.text.outfile = Some(PathBuf::from(default_item_name(kind.item())));
    }
    print_item(kind, endpoint, true, args.text, settings)
}

fn print_metrics(args: MetricsArgs, settings: &Settings) -> Result<ExitStatus> {
    let password = metrics_password(
        args.password_stdin,
        "debug metrics --password-stdin",
        settings,
    )?;
    let target = settings.target()?;
    if target.metrics_username.is_some() && password.is_none() {
        return Err(Error::usage(format!(
            "context `{}` has a metrics-username but no password was given",
            target.context
        ))
        .with_hint(format!(
            "pipe it in with --password-stdin or set {METRICS_PASSWORD_ENV}"
        )));
    }
    print_item_with(ItemKind::Metrics, None, true, password, args.text, settings)
}

/// `seconds` is the length of a CPU profile or a trace (`--seconds`).
fn fetch_settings(item: &Item, seconds: u64, scrub: bool) -> FetchSettings {
    let (profile_seconds, trace_seconds) = match item.kind {
        ItemKind::Profile => (seconds, 1),
        ItemKind::Trace => (30, seconds),
        _ => (30, 1),
    };
    FetchSettings {
        deadline: None,
        profile_seconds,
        trace_seconds,
        max_bytes: 1024 * 1024 * 1024,
        max_bytes_flag: None,
        scrub,
        metrics_password: None,
    }
}

/// Fetch into a spool file under `spool_dir`; the item's error becomes the command's error.
fn fetch_to_spool(
    item: &'static Item,
    endpoint: Option<String>,
    fetch: &FetchSettings,
    spool_dir: &std::path::Path,
    settings: &Settings,
) -> Result<PathBuf> {
    let target = settings.target()?;
    let client = FleetClient::new(target)?;
    let endpoint =
        endpoint.unwrap_or_else(|| item.request_path(fetch.profile_seconds, fetch.trace_seconds));
    let spooled = spool_dir.join(item.member);
    let seconds = item.collection_seconds(fetch.profile_seconds, fetch.trace_seconds);
    if seconds > 0 {
        ui::info(format!("Collecting {} for {seconds} s...", item.name));
    }
    let fetched = ui::block_on(async {
        tokio::select! {
            fetched = fetch::fetch_item(&client, item, endpoint, fetch, &spooled, &NoProgress) => Ok(fetched),
            () = crate::platform::interrupted() => Err(Error::interrupted()),
        }
    })?;
    match fetched.result {
        Ok(_) => Ok(spooled),
        Err(ItemError::Fatal(err) | ItemError::Failed(Failure::Status(err))) => Err(err),
        Err(ItemError::Unsupported) => Err(Error::general(format!(
            "{} is not available on this server: it needs a newer Fleet version",
            item.name
        ))),
        Err(err) => Err(Error::unreachable(format!(
            "cannot fetch {}: {}",
            item.name,
            err.reason("--seconds")
        ))),
    }
}

fn default_item_name(item: &Item) -> String {
    format!(
        "fleet-{}-{}Z.{}",
        item.name,
        timefmt::compact(SystemTime::now()),
        item.extension()
    )
}

/// Binary items go to a file, or with `-o -` to stdout when it is not a terminal.
fn save_item(
    kind: ItemKind,
    seconds: u64,
    args: SaveArgs,
    settings: &Settings,
) -> Result<ExitStatus> {
    let item = kind.item();
    let fetch = fetch_settings(item, seconds, true);
    if is_stdout(&args.outfile) {
        let what = if kind == ItemKind::Trace {
            "the execution trace".to_string()
        } else {
            format!("the {} profile", item.name)
        };
        refuse_binary_on_terminal(&what)?;
        let spool = fsutil::private_tempdir()?;
        let spooled = fetch_to_spool(item, None, &fetch, spool.path(), settings)?;
        stream_to_stdout(&spooled)?;
        return Ok(ExitStatus::Success);
    }
    let dest = fsutil::output_path(args.outfile, &default_item_name(item));
    fsutil::check_can_create(&dest, args.force)?;
    let spool = spool::beside(&dest)?;
    let spooled = fetch_to_spool(item, None, &fetch, spool.path(), settings)?;
    fsutil::AtomicFile::adopt(&spooled, &dest)?.commit(args.force)?;
    ui::out(dest.display())?;
    Ok(ExitStatus::Success)
}

/// Text items print to stdout, or go to a file with --outfile.
fn print_item(
    item: ItemKind,
    endpoint: Option<String>,
    scrub: bool,
    args: TextArgs,
    settings: &Settings,
) -> Result<ExitStatus> {
    print_item_with(item, endpoint, scrub, None, args, settings)
}

fn print_item_with(
    kind: ItemKind,
    endpoint: Option<String>,
    scrub: bool,
    metrics_password: Option<String>,
    args: TextArgs,
    settings: &Settings,
) -> Result<ExitStatus> {
    let item = kind.item();
    if !scrub {
        ui::warn("--no-scrub: the output holds the server's secrets in clear");
    }
    let mut fetch = fetch_settings(item, 0, scrub);
    fetch.metrics_password = metrics_password;
    if let Some(dest) = args.outfile.filter(|o| o.as_os_str() != "-") {
        let dest = fsutil::output_path(Some(dest), &default_item_name(item));
        fsutil::check_can_create(&dest, args.force)?;
        let spool = spool::beside(&dest)?;
        let spooled = fetch_to_spool(item, endpoint, &fetch, spool.path(), settings)?;
        fsutil::AtomicFile::adopt(&spooled, &dest)?.commit(args.force)?;
        ui::info(format!("Output written to {}", dest.display()));
        return Ok(ExitStatus::Success);
    }
    let spool = fsutil::private_tempdir()?;
    let spooled = fetch_to_spool(item, endpoint, &fetch, spool.path(), settings)?;
    let body = std::fs::read(&spooled).map_err(|e| Error::io("read", &spooled, e))?;
    let text = if item.format == Format::Cmdline {
        let words: Vec<String> = body
            .split(|b| *b == 0)
            .filter(|w| !w.is_empty())
            .map(|w| String::from_utf8_lossy(w).into_owned())
            .collect();
        format!("{}\n", words.join(" "))
    } else if item.format == Format::PromText {
        String::from_utf8_lossy(&body).into_owned()
    } else {
        match serde_json::from_slice::<serde_json::Value>(&body) {
            Ok(value) => format!(
                "{}\n",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            ),
            Err(_) => String::from_utf8_lossy(&body).into_owned(),
        }
    };
    ui::out_bytes(text.as_bytes())?;
    Ok(ExitStatus::Success)
}

#[derive(Debug, Deserialize, serde::Serialize)]
struct MigrationStatus {
    status_code: u8,
    #[serde(default)]
    missing_table: Vec<i64>,
    #[serde(default)]
    missing_data: Vec<i64>,
    #[serde(default)]
    unknown_table: Vec<i64>,
    #[serde(default)]
    unknown_data: Vec<i64>,
}

/// What a migration status code means, and whether it is healthy.
pub fn describe_migrations(code: u8) -> (&'static str, bool) {
    match code {
        0 => (
            "no migrations completed: the database is not initialised (run `fleet prepare db`)",
            false,
        ),
        1 => ("some migrations are missing: run `fleet prepare db`", false),
        2 => ("all migrations completed", true),
        3 => (
            "unknown migrations present: the database was migrated by a newer Fleet version",
            false,
        ),
        _ => ("unknown migration status", false),
    }
}

fn migrations(args: MigrationsArgs, settings: &Settings) -> Result<ExitStatus> {
    let target = settings.target()?;
    let client = FleetClient::new(target)?;
    let status: MigrationStatus = ui::block_on(async {
        client
            .json(client.request(Method::GET, items::MIGRATIONS_PATH, true)?)
            .await
    })?;
    let (text, healthy) = describe_migrations(status.status_code);
    if args.json {
        ui::out(serde_json::to_string_pretty(&status).unwrap_or_default())?;
    } else {
        ui::out(format!("migration status {}: {text}", status.status_code))?;
        for (label, list) in [
            ("missing table migrations", &status.missing_table),
            ("missing data migrations", &status.missing_data),
            ("unknown table migrations", &status.unknown_table),
            ("unknown data migrations", &status.unknown_data),
        ] {
            if !list.is_empty() {
                let ids: Vec<String> = list.iter().map(i64::to_string).collect();
                ui::out(format!("{label}: {}", ids.join(", ")))?;
            }
        }
    }
    Ok(if healthy {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}
