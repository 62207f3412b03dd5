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
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use clap::Args;
use serde_json::json;

use super::metrics::metrics_password;
use super::stdout::{is_stdout, refuse_binary_on_terminal, stream_to_stdout};
use crate::capture::endpoint::Targeting;
use crate::capture::fetch::FetchSettings;
use crate::capture::record::Collected;
use crate::capture::run::{Control, StopReason};
use crate::capture::schedule::{Schedule, parse_duration};
use crate::capture::trigger::{self, TriggerSettings};
use crate::capture::{plan, run as collect, spool, write};
use crate::commands::targeting::TargetingArgs;
use crate::error::{Error, ExitStatus, Result};
use crate::manifest::{Manifest, Trigger};
use crate::settings::Settings;
use crate::{fsutil, platform, timefmt, ui};

/// A --duration capture's --interval when not given.
const DEFAULT_INTERVAL: Duration = Duration::from_secs(30);

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

    /// Capture over time: every --interval for this long (`90s`, `5m`, `1h`), each round into
    /// `interval/0000/`, `interval/0001/`, ...; cmdline and trace once, at the start
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub duration: Option<Duration>,

    /// Time between rounds of a --duration capture (at least 1s, at most 1000 rounds); the CPU
    /// profile of each round is min(--profile-seconds, interval) long [default: 30s]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, requires = "duration")]
    pub interval: Option<Duration>,

    /// End a --duration capture cleanly (writing the rounds completed) once the items fetched
    /// reach this many MiB
    #[arg(long, value_name = "MIB", default_value_t = 10240, value_parser = clap::value_parser!(u64).range(1..=MAX_ITEM_MIB))]
    pub max_archive_mib: u64,

    /// Wait until a server (with --each-server: a backend) answers /healthz unhealthy, not at
    /// all, or slowly --for polls in a row, then capture it at once (a snapshot, or a timeline
    /// with --duration); a server that is down: capture every other one and record its failures
    #[arg(long)]
    pub when_unhealthy: bool,

    /// Time between /healthz polls of --when-unhealthy [default: 10s]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, requires = "when_unhealthy")]
    pub poll: Option<Duration>,

    /// A /healthz answer slower than this counts as unhealthy [default: 2s]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, requires = "when_unhealthy")]
    pub latency_over: Option<Duration>,

    /// Bad polls in a row that trigger the capture [default: 2]
    #[arg(long = "for", value_name = "POLLS", requires = "when_unhealthy",
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub for_polls: Option<u32>,

    /// Give up waiting after this long: exit 6, nothing written [default: 24h]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, requires = "when_unhealthy")]
    pub wait_max: Option<Duration>,

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
    schedule: Schedule,
    max_archive_bytes: u64,
    trigger: Option<TriggerSettings>,
    /// What triggered the capture, once it did.
    fired: Option<Trigger>,
}

impl Run {
    /// Reads the metrics password (stdin or the environment).
    fn resolve(
        args: ArchiveArgs,
        destination: &Destination,
        started: SystemTime,
        settings: &Settings,
    ) -> Result<Self> {
        let schedule = match args.duration {
            Some(duration) => {
                Schedule::timeline(duration, args.interval.unwrap_or(DEFAULT_INTERVAL))?
            }
            None => Schedule::snapshot(),
        };
        let trigger = trigger_settings(&args)?;
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
            schedule,
            max_archive_bytes: args.max_archive_mib.saturating_mul(1024 * 1024),
            trigger,
            fired: None,
        })
    }
}

/// `--when-unhealthy` and its flags, defaults applied; each duration at least a second.
fn trigger_settings(args: &ArchiveArgs) -> Result<Option<TriggerSettings>> {
    if !args.when_unhealthy {
        return Ok(None);
    }
    let at_least_a_second = |flag: &str, value: Duration| {
        if value < Duration::from_secs(1) {
            Err(Error::usage(format!("{flag} must be at least 1s"))
                .with_hint(format!("give {flag} 1s or longer")))
        } else {
            Ok(value)
        }
    };
    Ok(Some(TriggerSettings {
        poll: at_least_a_second("--poll", args.poll.unwrap_or(Duration::from_secs(10)))?,
        latency_over: args.latency_over.unwrap_or(Duration::from_secs(2)),
        polls_in_a_row: args.for_polls.unwrap_or(2),
        wait_max: at_least_a_second(
            "--wait-max",
            args.wait_max.unwrap_or(Duration::from_secs(24 * 3600)),
        )?,
    }))
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
        let mut run = run;
        let plan = tokio::select! {
            plan = planned(settings, all_contexts, &targeting, &mut run) => plan,
            () = platform::interrupted() => Err(Error::interrupted()),
        };
        archive(plan?, run, &spool_path).await
    });
    drop(spool);
    let code = code?;
    if let Destination::Stdout(_dir, dest) = &destination {
        stream_to_stdout(dest)?;
    }
    Ok(code)
}

/// The plan; with `--when-unhealthy`, once a server triggers, and reduced to it (all servers
/// when it is down).
async fn planned(
    settings: &Settings,
    all_contexts: bool,
    targeting: &Targeting,
    run: &mut Run,
) -> Result<plan::Plan> {
    let mut plan = plan::plan(settings, all_contexts, targeting).await?;
    let Some(trigger) = &run.trigger else {
        return Ok(plan);
    };
    trigger::check_credentials(&plan).await?;
    let fired = trigger::wait(&plan, trigger).await?;
    if !fired.down {
        plan.servers.retain(|s| s.slot.index == fired.server);
        plan.unusable.clear();
    }
    run.started = SystemTime::now();
    run.fired = Some(fired.record);
    Ok(plan)
}

/// Every server's captures under the schedule. A snapshot interrupted is abandoned; a
/// timeline interrupted ends its rounds and keeps those completed.
async fn capture(
    plan: plan::Plan,
    run: &mut Run,
    spool: &Path,
) -> Result<(Vec<Collected>, Option<StopReason>)> {
    run.schedule.start_now();
    let control = Arc::new(Control::new(run.schedule.clone(), run.max_archive_bytes));
    let parallel = collect::servers_at_once();
    let fetching = collect::fetch_all(plan, &run.fetch, spool, parallel, &control);
    tokio::pin!(fetching);
    let results = tokio::select! {
        results = &mut fetching => results?,
        () = platform::interrupted() => {
            if !run.schedule.is_timeline() {
                return Err(Error::interrupted());
            }
            control.stop(StopReason::Interrupted);
            ui::info("Interrupted: writing the archive with the completed intervals (Ctrl-C again abandons it)");
            tokio::select! {
                results = &mut fetching => results?,
                () = platform::interrupted() => return Err(Error::interrupted()),
            }
        }
    };
    if control.stopped() == Some(StopReason::ArchiveFull) {
        ui::warn(format!(
            "--max-archive-mib {} reached: the capture ended after the intervals completed so far",
            run.max_archive_bytes / (1024 * 1024)
        ));
    }
    Ok((results, control.stopped()))
}

/// Fetch and record every server's items, write the archive, report.
async fn archive(plan: plan::Plan, mut run: Run, spool: &Path) -> Result<ExitStatus> {
    let dest = run.output.dest.clone();
    let (mut results, stopped) = capture(plan, &mut run, spool).await?;
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
            schedule: run.schedule.clone(),
            stopped,
            trigger: run.fired.clone(),
        },
    );
    let status = match manifest.exit_code {
        0 => ExitStatus::Success,
        130 => ExitStatus::Interrupted,
        _ => ExitStatus::Partial,
    };
    let written = write_cancellable(
        results,
        manifest,
        dest,
        run.force,
        spool.to_path_buf(),
        run.report,
    )
    .await?;
    let (results, manifest, written) = written;
    let elapsed = finished.duration_since(run.started).unwrap_or_default();
    report::written(&results, &manifest, &written, &run.output, elapsed)?;
    Ok(status)
}

type WriteOutcome = (Vec<Collected>, Manifest, write::Written);

/// Write the archive on a blocking thread; Ctrl-C meanwhile abandons it (the temporary archive
/// and the spool are removed).
async fn write_cancellable(
    results: Vec<Collected>,
    manifest: Manifest,
    dest: PathBuf,
    force: bool,
    spool: PathBuf,
    report: bool,
) -> Result<WriteOutcome> {
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&cancel);
    let writing = tokio::task::spawn_blocking(move || {
        let written = write::write(&results, &manifest, &dest, force, &spool, report, &flag);
        written.map(|written| (results, manifest, written))
    });
    tokio::pin!(writing);
    let joined = tokio::select! {
        joined = &mut writing => joined,
        () = platform::interrupted() => {
            cancel.store(true, Ordering::Relaxed);
            let _ = writing.await;
            return Err(Error::interrupted());
        }
    };
    joined.map_err(|e| Error::general(format!("internal error writing the archive: {e}")))?
}
