//! `fleetctl debug archive`: every debug item from one or more servers, fetched concurrently,
//! into one scrubbed, owner-only `.tar.gz` with a manifest.
//!
//! A run is plan -> fetch -> record -> write -> report: [`plan`] gives each server a slot (its
//! folder, labels and spool), [`collect`] fetches every item at once and records each as its
//! manifest entry, [`write`] packs the members and the manifest, [`report`] prints failures
//! and the summary; the engine is [`crate::capture`].

mod report;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use clap::Args;
use serde_json::json;

use super::metrics::metrics_password;
use super::stdout::{is_stdout, refuse_binary_on_terminal, stream_to_stdout};
use crate::capture::fetch::FetchSettings;
use crate::capture::{plan, run as collect, spool, write};
use crate::commands::targeting::TargetingArgs;
use crate::error::{Error, ExitStatus, Result};
use crate::settings::Settings;
use crate::{fsutil, platform, timefmt, ui};

/// Upper bound of --max-item-mib: 1 TiB, far above any profile, far below u64 overflow.
const MAX_ITEM_MIB: u64 = 1024 * 1024;

#[derive(Debug, Args)]
pub struct ArchiveArgs {
    /// Archive path, or a folder to write the default name in, or `-` for stdout when it is not
    /// a terminal [default: ./fleet-profiles-archive-<YYYYMMDDhhmmss>Z.tar.gz]
    #[arg(short = 'o', long, value_name = "PATH")]
    pub outfile: Option<PathBuf>,

    /// Replace the output file if it exists
    #[arg(long)]
    pub force: bool,

    /// Length of the CPU profile, in seconds (the server refuses more than its write timeout, about 100 s)
    #[arg(long, value_name = "N", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub profile_seconds: u64,

    /// Length of the execution trace, in seconds
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub trace_seconds: u64,

    /// Largest answer accepted for one item, in MiB (also what a gzipped profile may inflate
    /// to); at most 1048576 (1 TiB)
    #[arg(long, value_name = "MIB", default_value_t = 1024, value_parser = clap::value_parser!(u64).range(1..=MAX_ITEM_MIB))]
    pub max_item_mib: u64,

    /// Print a JSON summary on stdout instead of the archive path
    #[arg(long)]
    pub json: bool,

    /// Also count items the server does not support (404 on the /debug/db endpoints of older servers) as failures
    #[arg(long)]
    pub strict: bool,

    /// Do not scrub secrets from the cmdline (the archive will hold the server's passwords and keys)
    #[arg(long)]
    pub no_scrub: bool,

    /// Read the /metrics Basic-auth password from stdin (else $FLEETCTL_METRICS_PASSWORD); with
    /// a context's metrics-username set, the archive then includes metrics.txt
    #[arg(long)]
    pub metrics_password_stdin: bool,

    /// Archive every context in the config file, one folder each (or repeat --context)
    #[arg(long, conflicts_with = "context")]
    pub all_contexts: bool,

    /// Also put report.html in the archive: the `debug inspect --html` report (flame graphs, tables), for a browser
    #[arg(long)]
    pub report: bool,

    #[command(flatten)]
    pub targeting: TargetingArgs,
}

/// Default archive name for a run started at `now`.
pub fn default_archive_name(now: SystemTime) -> String {
    format!("fleet-profiles-archive-{}Z.tar.gz", timefmt::compact(now))
}

pub fn run(args: ArchiveArgs, settings: &Settings) -> Result<ExitStatus> {
    let json_out = args.json;
    let result = run_inner(args, settings);
    if json_out && let Err(err) = &result {
        ui::out(json!({"path": null, "error": err.message, "exit_code": err.exit_code()}))?;
    }
    result
}

/// Where the archive goes: a file, or with `-o -` a temporary file streamed to stdout at the
/// end (the folder holding it is removed on drop).
enum Destination {
    File(PathBuf),
    Stdout(tempfile::TempDir, PathBuf),
}

impl Destination {
    fn resolve(args: &ArchiveArgs, default_name: &str) -> Result<Self> {
        if is_stdout(&args.outfile) {
            if args.json {
                return Err(Error::usage("--json and -o - both write to stdout")
                    .with_hint("drop --json, or write the archive to a file with -o PATH"));
            }
            refuse_binary_on_terminal("the archive")?;
            let dir = fsutil::private_tempdir()?;
            let dest = dir.path().join(default_name);
            return Ok(Destination::Stdout(dir, dest));
        }
        let dest = fsutil::output_path(args.outfile.clone(), default_name);
        fsutil::check_can_create(&dest, args.force)?;
        Ok(Destination::File(dest))
    }

    fn path(&self) -> &Path {
        match self {
            Destination::File(dest) | Destination::Stdout(_, dest) => dest,
        }
    }
}

/// What one archive run was asked for, resolved from the flags once.
struct Run {
    fetch: Arc<FetchSettings>,
    output: report::Output,
    force: bool,
    strict: bool,
    /// Put report.html in the archive.
    report: bool,
    started: SystemTime,
}

impl Run {
    /// Reads the metrics password (stdin or the environment).
    fn resolve(
        args: ArchiveArgs,
        destination: &Destination,
        started: SystemTime,
        settings: &Settings,
    ) -> Result<Self> {
        let password = metrics_password(
            args.metrics_password_stdin,
            "debug archive --metrics-password-stdin",
            settings,
        )?;
        Ok(Run {
            fetch: Arc::new(FetchSettings {
                profile_seconds: args.profile_seconds,
                trace_seconds: args.trace_seconds,
                max_bytes: args.max_item_mib.saturating_mul(1024 * 1024),
                max_bytes_flag: Some("--max-item-mib"),
                scrub: !args.no_scrub,
                metrics_password: password,
                deadline: None,
            }),
            output: report::Output {
                dest: destination.path().to_path_buf(),
                json: args.json,
                to_stdout: matches!(destination, Destination::Stdout(..)),
            },
            force: args.force,
            strict: args.strict,
            report: args.report,
            started,
        })
    }
}

fn run_inner(args: ArchiveArgs, settings: &Settings) -> Result<ExitStatus> {
    let started = SystemTime::now();
    let destination = Destination::resolve(&args, &default_archive_name(started))?;
    let targeting = args.targeting.clone().resolve()?;
    if args.no_scrub {
        ui::warn(
            "--no-scrub: the cmdline in the archive is not scrubbed and may hold the server's passwords and keys",
        );
    }
    let all_contexts = args.all_contexts;
    let run = Run::resolve(args, &destination, started, settings)?;
    // Made (and removed) outside the runtime: when a signal ends the run, the runtime's
    // shutdown waits for the blocking tasks still writing into it before it is removed.
    let spool = spool::beside(&run.output.dest)?;
    let spool_path = spool.path().to_path_buf();
    let code = ui::block_on(async move {
        let planned = async {
            let plan = plan::plan(settings, all_contexts, &targeting).await?;
            archive(plan, run, &spool_path).await
        };
        tokio::select! {
            result = planned => result,
            () = platform::interrupted() => Err(Error::interrupted()),
        }
    });
    drop(spool);
    let code = code?;
    if let Destination::Stdout(_dir, dest) = &destination {
        stream_to_stdout(dest)?;
    }
    Ok(code)
}

/// Fetch and record every server's items, write the archive, report.
async fn archive(plan: plan::Plan, run: Run, spool: &Path) -> Result<ExitStatus> {
    let dest = &run.output.dest;
    let parallel = collect::servers_at_once();
    let mut results = collect::fetch_all(plan, &run.fetch, spool, parallel).await?;
    report::failures(&mut results, run.strict)?;
    report::same_instances(&results);
    let finished = SystemTime::now();
    let manifest = write::manifest(
        &results,
        &write::RunInfo {
            started: run.started,
            finished,
            profile_seconds: run.fetch.profile_seconds,
            trace_seconds: run.fetch.trace_seconds,
            cmdline_scrubbed: run.fetch.scrub,
            strict: run.strict,
        },
    );
    let status = if manifest.failures > 0 {
        ExitStatus::Partial
    } else {
        ExitStatus::Success
    };
    let written = write::write(&results, &manifest, dest, run.force, spool, run.report)?;
    let elapsed = finished.duration_since(run.started).unwrap_or_default();
    report::written(&results, &manifest, &written, &run.output, elapsed)?;
    Ok(status)
}
