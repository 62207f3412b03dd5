//! Write: the fetched members from the spool and the manifest, into a `.tar.gz` renamed into
//! place only once complete.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::SystemTime;

use super::record::Collected;
use super::run::StopReason;
use super::schedule::Schedule;
use crate::archive::ArchiveWriter;
use crate::error::{Error, ExitStatus, Result};
use crate::manifest::{
    FORMAT_VERSION, FolderRecord, Manifest, Outcome, RoundRecord, Servers, Timeline, Trigger,
};
use crate::timefmt;

/// What went into the archive.
#[derive(Debug, Default)]
pub struct Written {
    pub items: usize,
    pub bytes: u64,
}

/// What the manifest says about the run itself.
pub struct RunInfo {
    pub started: SystemTime,
    pub finished: SystemTime,
    pub profile_seconds: u64,
    pub trace_seconds: u64,
    pub cmdline_scrubbed: bool,
    pub strict: bool,
    /// The rounds, when a timeline.
    pub schedule: Schedule,
    /// Why the capture ended early, if it did.
    pub stopped: Option<StopReason>,
    pub trigger: Option<Trigger>,
}

/// The manifest, assembled from the records in this one place: each server's count is its
/// failed records, the top-level count their sum, the exit code follows from it.
pub fn manifest(results: &[Collected], run: &RunInfo) -> Manifest {
    let failures: usize = results.iter().map(|r| r.failures(run.strict)).sum();
    let status = match (run.stopped, failures) {
        (Some(StopReason::Interrupted), _) => ExitStatus::Interrupted,
        (Some(StopReason::ArchiveFull), _) | (None, 1..) => ExitStatus::Partial,
        (None, 0) => ExitStatus::Success,
    };
    Manifest {
        format_version: FORMAT_VERSION,
        timeline: run.schedule.is_timeline().then(|| timeline(results, run)),
        trigger: run.trigger.clone(),
        interrupted: run.stopped == Some(StopReason::Interrupted),
        tool: "fleetctl-rs".to_string(),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        started_at: timefmt::rfc3339(run.started),
        finished_at: timefmt::rfc3339(run.finished),
        profile_seconds: run.profile_seconds,
        trace_seconds: run.trace_seconds,
        cmdline_scrubbed: run.cmdline_scrubbed,
        failures,
        exit_code: status.code(),
        report: None,
        servers: servers(results, run.strict),
    }
}

/// Each round that started: when it was due, when its last capture (of every server) ended,
/// what its captures came to.
fn timeline(results: &[Collected], run: &RunInfo) -> Timeline {
    let schedule = &run.schedule;
    let mut rounds = Vec::new();
    for round in 0..schedule.rounds {
        let states: Vec<_> = results
            .iter()
            .filter_map(|r| r.rounds.get(&round))
            .collect();
        if states.iter().all(|s| s.ended == 0) {
            continue;
        }
        let complete = states.iter().all(|s| s.complete());
        let last_end = states.iter().filter_map(|s| s.last_end).max();
        let items = results
            .iter()
            .flat_map(|r| r.record.items.iter())
            .filter(|i| i.round == Some(round));
        let (mut captured, mut failed, mut skipped) = (0, 0, 0);
        for item in items {
            match item.outcome {
                Outcome::Ok => captured += 1,
                Outcome::Failed => failed += 1,
                Outcome::Skipped => skipped += 1,
                Outcome::Unsupported => {}
            }
        }
        rounds.push(RoundRecord {
            round,
            started_at: timefmt::rfc3339(schedule.round_start_wall(round)),
            finished_at: last_end.filter(|_| complete).map(timefmt::rfc3339),
            captured,
            failed,
            skipped,
        });
    }
    Timeline {
        interval_seconds: schedule.interval.unwrap_or_default().as_secs(),
        duration_seconds: schedule.duration.as_secs(),
        planned_rounds: schedule.rounds,
        rounds,
        ended_early: match run.stopped {
            Some(StopReason::ArchiveFull) => Some("--max-archive-mib reached".to_string()),
            Some(StopReason::Interrupted) => Some("interrupted".to_string()),
            None => None,
        },
    }
}

/// The servers' part of the manifest: one server at the top level, several in folders.
fn servers(results: &[Collected], strict: bool) -> Servers {
    match results {
        [only] => Servers::One(only.record.clone()),
        _ => Servers::Many {
            servers: results
                .iter()
                .map(|r| FolderRecord {
                    folder: r.slot.folder.clone().unwrap_or_default(),
                    failures: r.failures(strict),
                    server: r.record.clone(),
                })
                .collect(),
        },
    }
}

/// The archive at `dest`: every fetched member, `report.html` when asked for, then the manifest
/// (written last, so an archive with a manifest is complete).
pub fn write(
    results: &[Collected],
    manifest: &Manifest,
    dest: &Path,
    overwrite: bool,
    spool: &Path,
    report: bool,
    cancel: &AtomicBool,
) -> Result<Written> {
    let mut writer = ArchiveWriter::create(dest, &archive_root(dest))?;
    let mut written = Written::default();
    for result in results {
        if let Some(folder) = &result.slot.folder
            && result.fetched().next().is_some()
        {
            writer.append_dir(folder)?;
        }
        let server_spool = result.slot.spool(spool);
        for item in result.fetched() {
            if cancel.load(Ordering::Relaxed) {
                return Err(Error::interrupted());
            }
            let source = server_spool.join(&item.member);
            writer.append_file(&result.slot.member(&item.member), &source)?;
            written.bytes += item.bytes;
            written.items += 1;
        }
    }
    // The manifest quotes servers (version, error texts): masked like everything else.
    let mut json = crate::redact::redact_bytes(&manifest.to_json())
        .0
        .into_owned();
    if report {
        let html = super::html::report(results, spool, &json, &archive_root(dest));
        writer.append_bytes(super::html::MEMBER, &html)?;
        // The manifest records the report (size, SHA-256), so `debug inspect` checks it too.
        let mut with_report = manifest.clone();
        with_report.report = Some(super::html::record(&html));
        json = crate::redact::redact_bytes(&with_report.to_json())
            .0
            .into_owned();
    }
    writer.append_bytes("manifest.json", &json)?;
    writer.finish(overwrite)?;
    Ok(written)
}

/// The folder inside the archive: the file name without `.tar.gz`.
fn archive_root(dest: &Path) -> String {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "fleet-profiles-archive".into());
    for suffix in [".tar.gz", ".tgz", ".tar"] {
        if let Some(stem) = name.strip_suffix(suffix).filter(|s| !s.is_empty()) {
            return stem.to_string();
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two servers of a 3-round timeline interrupted in round 2: rounds 0 and 1 complete, round
    /// 2 started but not finished; each round's counts are the sum over the servers' records.
    #[test]
    fn rounds_are_built_from_the_records_of_every_server() {
        use crate::capture::record::{RoundState, Slot};
        use crate::manifest::ItemRecord;
        use std::time::Duration;
        let item = |round: u32, outcome: Outcome| ItemRecord {
            name: "heap".into(),
            round: Some(round),
            started_at: None,
            member: format!("interval/{round:04}/heap.prof"),
            endpoint: "/debug/pprof/heap".into(),
            outcome,
            status: None,
            bytes: 1,
            sha256: None,
            duration_ms: 1,
            error: None,
            redactions: std::collections::BTreeMap::new(),
        };
        let server = |index: usize, outcomes: [Outcome; 3], ended_in_2: usize| {
            let slot = Slot {
                index,
                context: format!("s{index}"),
                name: format!("s{index}"),
                folder: Some(format!("s{index}")),
            };
            let mut collected = Collected::new(slot, "http://x".into(), String::new());
            for (round, outcome) in outcomes.into_iter().enumerate() {
                collected.record.items.push(item(round as u32, outcome));
            }
            let end = SystemTime::UNIX_EPOCH + Duration::from_secs(index as u64 + 10);
            for round in 0..3 {
                let ended = if round == 2 { ended_in_2 } else { 2 };
                collected.rounds.insert(
                    round,
                    RoundState {
                        planned: 2,
                        ended,
                        last_end: (ended > 0).then_some(end),
                    },
                );
            }
            collected
        };
        let results = [
            server(0, [Outcome::Ok, Outcome::Failed, Outcome::Ok], 1),
            server(1, [Outcome::Ok, Outcome::Skipped, Outcome::Ok], 2),
        ];
        let run = RunInfo {
            started: SystemTime::UNIX_EPOCH,
            finished: SystemTime::UNIX_EPOCH,
            profile_seconds: 1,
            trace_seconds: 1,
            cmdline_scrubbed: true,
            strict: false,
            schedule: Schedule::timeline(Duration::from_secs(3), Duration::from_secs(1)).unwrap(),
            stopped: Some(StopReason::Interrupted),
            trigger: None,
        };
        let manifest = manifest(&results, &run);
        assert_eq!(manifest.exit_code, 130);
        assert!(manifest.interrupted);
        assert_eq!(manifest.failures, 1);
        let timeline = manifest.timeline.unwrap();
        assert_eq!(timeline.planned_rounds, 3);
        let counts: Vec<(usize, usize, usize)> = timeline
            .rounds
            .iter()
            .map(|r| (r.captured, r.failed, r.skipped))
            .collect();
        assert_eq!(counts, [(2, 0, 0), (0, 1, 1), (2, 0, 0)]);
        assert!(timeline.rounds[1].finished_at.is_some());
        assert_eq!(timeline.rounds[2].finished_at, None);
        assert_eq!(timeline.ended_early.as_deref(), Some("interrupted"));
    }

    #[test]
    fn root_folder_drops_the_extension() {
        assert_eq!(archive_root(Path::new("/x/fleet-a.tar.gz")), "fleet-a");
        assert_eq!(archive_root(Path::new("b.tgz")), "b");
        assert_eq!(archive_root(Path::new("c")), "c");
    }
}
