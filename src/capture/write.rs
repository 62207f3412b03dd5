//! Write: the fetched members from the spool and the manifest, into a `.tar.gz` renamed into
//! place only once complete.

use std::path::Path;
use std::time::SystemTime;

use super::record::Collected;
use crate::archive::ArchiveWriter;
use crate::error::{ExitStatus, Result};
use crate::manifest::{FolderRecord, Manifest, Servers};
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
}

/// The manifest, assembled from the records in this one place: each server's count is its
/// failed records, the top-level count their sum, the exit code follows from it.
pub fn manifest(results: &[Collected], run: &RunInfo) -> Manifest {
    let failures: usize = results.iter().map(|r| r.failures(run.strict)).sum();
    let status = if failures > 0 {
        ExitStatus::Partial
    } else {
        ExitStatus::Success
    };
    Manifest {
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

    #[test]
    fn root_folder_drops_the_extension() {
        assert_eq!(archive_root(Path::new("/x/fleet-a.tar.gz")), "fleet-a");
        assert_eq!(archive_root(Path::new("b.tgz")), "b");
        assert_eq!(archive_root(Path::new("c")), "c");
    }
}
