//! Report: each failure on stderr as it is counted, then the archive's path (or a JSON
//! summary) on stdout and a one-line summary on stderr.

use std::path::{Path, PathBuf};
use std::time::Duration;

use indicatif::HumanBytes;
use serde_json::{Value, json};

use crate::capture::record::{Collected, is_failure};
use crate::capture::write::Written;
use crate::error::{Error, ErrorKind, Result};
use crate::manifest::{Manifest, Outcome};
use crate::ui;

/// Print each failure (`failed <item>: <reason>`, `skipped <item>: <reason>`); the manifest
/// counts them. Nothing fetched from any server is the run's error: with one server, the
/// error that stopped it, before anything is printed.
pub fn failures(results: &mut [Collected], strict: bool) -> Result<()> {
    let nothing_fetched = results.iter().all(|r| r.fetched().next().is_none());
    if nothing_fetched
        && let [only] = results
        && let Some(err) = only.fatal.take()
    {
        return Err(err);
    }
    for result in results.iter() {
        if let Some(err) = &result.fatal {
            ui::info(format!("failed {}: {}", result.slot.name, err.one_line()));
            continue;
        }
        for item in &result.record.items {
            let label = result.slot.label(&item.name);
            let why = item.error.as_deref().unwrap_or("unknown error");
            if item.outcome == Outcome::Unsupported && !strict {
                ui::info(format!("skipped {label}: {why}"));
            } else if is_failure(item, strict) {
                let strictly = if item.outcome == Outcome::Unsupported {
                    " (--strict)"
                } else {
                    ""
                };
                ui::info(format!("failed {label}: {why}{strictly}"));
            }
        }
    }
    if nothing_fetched {
        return Err(nothing_written(results));
    }
    Ok(())
}

/// Two backends that report one instance id are one server process reached twice (two
/// addresses for one backend): say so, since its profiles are in the archive twice.
pub fn same_instances(results: &[Collected]) {
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for result in results {
        let Some(id) = result.record.instance_id.as_deref() else {
            continue;
        };
        match seen.iter().find(|(other, _)| *other == id) {
            Some((_, first)) => ui::warn(format!(
                "{} and {first} report the same instance id {id}: one server process reached at two addresses",
                result.slot.name
            )),
            None => seen.push((id, &result.slot.name)),
        }
    }
}

/// Nothing fetched anywhere: nothing is written; the reasons are printed already.
fn nothing_written(results: &[Collected]) -> Error {
    let kind = results
        .iter()
        .find_map(|r| r.fatal.as_ref().map(|e| e.kind))
        .unwrap_or(ErrorKind::Unreachable);
    let what = match results {
        [only] => format!("no item could be fetched from {}", only.record.address),
        _ => format!("none of the {} servers could be archived", results.len()),
    };
    Error::new(kind, format!("{what}; nothing was written"))
        .with_hint("the reasons are listed above; `fleetctl health` checks each server")
}

/// Where the archive goes, and where and in which form its summary.
pub struct Output {
    /// The archive's path (a temporary file when it goes to stdout).
    pub dest: PathBuf,
    pub json: bool,
    /// The archive itself goes to stdout: its path is not printed.
    pub to_stdout: bool,
}

/// The archive's path (or the JSON summary) on stdout, the totals and a reminder on stderr.
pub fn written(
    results: &[Collected],
    manifest: &Manifest,
    written: &Written,
    output: &Output,
    elapsed: Duration,
) -> Result<()> {
    if output.json {
        let summary = summary(results, manifest, &output.dest);
        ui::out(serde_json::to_string_pretty(&summary).unwrap_or_default())?;
    } else if !output.to_stdout {
        ui::out(output.dest.display())?;
    }
    ui::info(format!(
        "Archive written: {} items ({}) from {} server(s), {} failed, in {:.1} s",
        written.items,
        HumanBytes(written.bytes),
        results.len(),
        manifest.failures,
        elapsed.as_secs_f64()
    ));
    ui::warn(
        "the archive may still contain sensitive data (host names, queries, paths); review it before sharing",
    );
    Ok(())
}

/// `--json`: the path, the totals and each item's outcome, per server when there are several.
fn summary(results: &[Collected], manifest: &Manifest, dest: &Path) -> Value {
    let server = |r: &Collected| {
        let items = r.record.items.iter().map(
            |i| json!({"name": i.name, "outcome": i.outcome, "bytes": i.bytes, "error": i.error}),
        );
        json!({
            "context": r.slot.context,
            "endpoint": r.record.endpoint,
            "folder": r.slot.folder,
            "error": r.record.error,
            "items": items.collect::<Vec<_>>(),
        })
    };
    let mut summary = json!({
        "path": dest,
        "failures": manifest.failures,
        "exit_code": manifest.exit_code,
        "result": if manifest.failures > 0 { "partial" } else { "complete" },
    });
    match results {
        [only] => {
            let only = server(only);
            summary["context"] = only["context"].clone();
            summary["items"] = only["items"].clone();
        }
        _ => summary["servers"] = results.iter().map(server).collect(),
    }
    summary
}
