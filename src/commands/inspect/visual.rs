//! `debug inspect --html`, `--flamegraph` and `--base`: the report, the flame graph and the
//! comparison of two profiles (or of the profiles two archives share).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::{InspectArgs, input_error, is_tar_gz, refuse_trace};
use crate::error::{Error, ExitStatus, Result};
use crate::flame::{self, FlameGraph};
use crate::pprof::{self, Profile, format_value};
use crate::report::{self, Contents};
use crate::ui;
use crate::{fsutil, input};

pub fn run(args: &InspectArgs) -> Result<ExitStatus> {
    refuse_trace(&args.path)?;
    for (out, flag) in [(&args.html, "--html"), (&args.flamegraph, "--flamegraph")] {
        if let Some(out) = out {
            // fsutil's hints name the archive's --outfile; here the file is the flag's value.
            fsutil::check_can_create(out, args.force).map_err(|mut e| {
                e.hint = e
                    .hint
                    .map(|h| h.replace("--outfile", &format!("{flag} FILE")));
                e
            })?;
        }
    }
    if let Some(html) = &args.html {
        return write_report(&args.path, html, args.force);
    }
    if let Some(base) = &args.base {
        refuse_trace(base)?;
        return compare(args, base);
    }
    let Some(out) = &args.flamegraph else {
        return Ok(ExitStatus::Success);
    };
    let profile = read_profile(&args.path, "--flamegraph")?;
    let index = profile.main_sample_index();
    let title = format!(
        "{}: {}",
        file_name(&args.path),
        profile
            .sample_type_names()
            .get(index)
            .map_or("", String::as_str)
    );
    let svg = flame::profile_svg(&profile, index, &title, 0.0).map_err(Error::general)?;
    write_output(out, &svg, args.force)?;
    Ok(ExitStatus::Success)
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

fn write_output(out: &Path, bytes: &[u8], force: bool) -> Result<()> {
    fsutil::write_atomic(out, bytes, force)?;
    ui::info(format!(
        "wrote {} ({} KiB)",
        out.display(),
        bytes.len().div_ceil(1024)
    ));
    Ok(())
}

/// One profile, for a command that draws or compares profiles (`flag`), not archives.
fn read_profile(path: &Path, flag: &str) -> Result<Profile> {
    let name = path.display();
    if is_tar_gz(path)? {
        return Err(Error::general(format!(
            "{name} is a debug archive: {flag} takes a pprof profile"
        ))
        .with_hint("for an archive use --html FILE (or compare two archives with --base, and --member to draw one profile)"));
    }
    let bytes = input::read_file(path, input::Kind::Profile).map_err(|e| input_error(path, &e))?;
    pprof::decode(&bytes).map_err(|e| Error::general(format!("{name} is not a pprof profile: {e}")))
}

fn write_report(path: &Path, out: &Path, force: bool) -> Result<ExitStatus> {
    let contents = if is_tar_gz(path)? {
        let mut contents = report::read_archive(path)?;
        // Members against the manifest's sizes and SHA-256s, as the text summary checks them.
        contents.problems.extend(crate::integrity::verify(path)?);
        contents
    } else {
        let profile = read_profile(path, "--html")?;
        Contents {
            profiles: vec![(file_name(path), Ok(profile))],
            ..Contents::default()
        }
    };
    let html = report::render(
        &contents,
        &format!("fleetctl-rs report: {}", file_name(path)),
    );
    write_output(out, html.as_bytes(), force)?;
    for problem in &contents.problems {
        ui::warn(problem);
    }
    Ok(if contents.problems.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Partial
    })
}

/// A function's flat share (%) of the total, in NEW and in OLD.
#[derive(Debug, Serialize)]
struct Change {
    function: String,
    share: f64,
    base_share: f64,
    /// `share - base_share`, in percentage points.
    delta: f64,
}

#[derive(Debug, Serialize)]
struct Diff {
    member: String,
    sample_type: String,
    total: i64,
    base_total: i64,
    grew: Vec<Change>,
    shrank: Vec<Change>,
}

/// Each function's flat share (%) of sample type `index`.
fn shares(profile: &Profile, index: usize) -> BTreeMap<String, f64> {
    let total = profile.total(index);
    profile
        .top_functions(index)
        .into_iter()
        .map(|f| {
            (
                f.name,
                if total == 0 {
                    0.0
                } else {
                    f.flat as f64 * 100.0 / total as f64
                },
            )
        })
        .collect()
}

/// The main sample type of `new` and the same one of `base`, or why they do not compare.
fn indexes(new: &Profile, base: &Profile) -> std::result::Result<(usize, usize, String), String> {
    let index = new.main_sample_index();
    let name = new
        .sample_type_names()
        .get(index)
        .cloned()
        .unwrap_or_default();
    let base_index = base
        .sample_type_names()
        .iter()
        .position(|n| *n == name)
        .ok_or_else(|| format!("the base has no {name} samples: not the same kind of profile"))?;
    Ok((index, base_index, name))
}

fn diff(
    member: &str,
    new: &Profile,
    base: &Profile,
    top: usize,
) -> std::result::Result<Diff, String> {
    let (index, base_index, sample_type) = indexes(new, base)?;
    let (now, before) = (shares(new, index), shares(base, base_index));
    let mut changes: Vec<Change> = now
        .keys()
        .chain(before.keys())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .map(|f| {
            let (share, base_share) = (
                now.get(f).copied().unwrap_or(0.0),
                before.get(f).copied().unwrap_or(0.0),
            );
            Change {
                function: f.clone(),
                share,
                base_share,
                delta: share - base_share,
            }
        })
        .collect();
    changes.sort_by(|a, b| {
        b.delta
            .total_cmp(&a.delta)
            .then(a.function.cmp(&b.function))
    });
    let grew = changes.iter().filter(|c| c.delta > 0.0).count().min(top);
    let shrank_from = changes.len() - changes.iter().filter(|c| c.delta < 0.0).count().min(top);
    let mut shrank = changes.split_off(shrank_from);
    shrank.reverse();
    changes.truncate(grew);
    Ok(Diff {
        member: member.to_string(),
        sample_type,
        total: new.total(index),
        base_total: base.total(base_index),
        grew: changes,
        shrank,
    })
}

/// Profiles to compare (member, NEW, OLD), and what could not be read.
type Pairs = (Vec<(String, Profile, Profile)>, Vec<String>);

/// The profile pairs to compare: NEW and OLD themselves, or the members both archives hold.
fn pairs(args: &InspectArgs, base: &Path) -> Result<Pairs> {
    let (new_archive, old_archive) = (is_tar_gz(&args.path)?, is_tar_gz(base)?);
    if new_archive != old_archive {
        return Err(Error::general(format!(
            "{} and {} are not of the same kind: --base compares two profiles or two archives",
            args.path.display(),
            base.display()
        )));
    }
    if !new_archive {
        let new = read_profile(&args.path, "--base")?;
        let old = read_profile(base, "--base")?;
        return Ok((vec![(file_name(&args.path), new, old)], Vec::new()));
    }
    if args.flamegraph.is_some() && args.member.is_none() {
        return Err(Error::usage(
            "--flamegraph with --base on two archives draws one of their profiles",
        )
        .with_hint("name it with --member, e.g. --member heap.prof"));
    }
    let (new, mut old) = (
        report::read_archive(&args.path)?,
        report::read_archive(base)?,
    );
    let mut problems = new.problems;
    problems.extend(old.problems.drain(..).map(|p| format!("base: {p}")));
    let mut olds: BTreeMap<String, Profile> = old
        .profiles
        .into_iter()
        .filter_map(|(member, p)| p.ok().map(|p| (member, p)))
        .collect();
    let found: Vec<_> = new
        .profiles
        .into_iter()
        .filter_map(|(member, p)| {
            let old = olds.remove(&member)?;
            Some((member, p.ok()?, old))
        })
        .collect();
    match &args.member {
        Some(wanted) => Ok((one_member(found, wanted)?, problems)),
        None => Ok((found, problems)),
    }
}

/// The one pair `--member` names: the member itself, or the only one ending in `/MEMBER`.
fn one_member(
    pairs: Vec<(String, Profile, Profile)>,
    wanted: &str,
) -> Result<Vec<(String, Profile, Profile)>> {
    let names: Vec<String> = pairs.iter().map(|(m, _, _)| m.clone()).collect();
    let suffix = format!("/{wanted}");
    let mut matching: Vec<_> = pairs
        .into_iter()
        .filter(|(m, _, _)| m == wanted || m.ends_with(&suffix))
        .collect();
    if let Some(exact) = matching.iter().position(|(m, _, _)| m == wanted) {
        return Ok(vec![matching.swap_remove(exact)]);
    }
    if matching.len() == 1 {
        return Ok(matching);
    }
    let (what, candidates) = if matching.is_empty() {
        ("no profile in both archives is", names)
    } else {
        (
            "several profiles in both archives are",
            matching.into_iter().map(|(m, _, _)| m).collect(),
        )
    };
    Err(Error::usage(format!("--member {wanted}: {what} named so"))
        .with_hint(format!("use one of: {}", candidates.join(", "))))
}

fn compare(args: &InspectArgs, base: &Path) -> Result<ExitStatus> {
    let (pairs, mut problems) = pairs(args, base)?;
    let mut diffs = Vec::new();
    for (member, new, old) in &pairs {
        match diff(member, new, old, args.top) {
            Ok(d) => diffs.push(d),
            Err(e) => problems.push(format!("{member}: {e}")),
        }
    }
    if let (Some(out), [(member, new, old)]) = (&args.flamegraph, pairs.as_slice()) {
        let (index, base_index, sample_type) = indexes(new, old).map_err(Error::general)?;
        let unit = sample_type.rsplit('/').next().unwrap_or("");
        let title = format!("{member}: {sample_type}, compared with {}", file_name(base));
        let graph = FlameGraph {
            title: &title,
            unit,
            min_fraction: 0.0,
        };
        let svg = flame::differential_svg(
            &old.folded_stacks(base_index),
            &new.folded_stacks(index),
            &graph,
        )
        .map_err(Error::general)?;
        write_output(out, &svg, args.force)?;
    }
    if pairs.is_empty() {
        problems.push("no profile is in both archives".to_string());
    }
    print_diffs(&diffs, &problems, args.json)?;
    Ok(if problems.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Partial
    })
}

fn print_diffs(diffs: &[Diff], problems: &[String], json: bool) -> Result<()> {
    if json {
        let out = serde_json::json!({ "diffs": diffs, "problems": problems });
        return ui::out(serde_json::to_string_pretty(&out).unwrap_or_default());
    }
    for d in diffs {
        let unit = d.sample_type.rsplit('/').next().unwrap_or("");
        ui::out(format!(
            "{}: {} total {} (base {})",
            d.member,
            d.sample_type,
            format_value(d.total, unit),
            format_value(d.base_total, unit)
        ))?;
        for (label, changes) in [("grew", &d.grew), ("shrank", &d.shrank)] {
            ui::out(format!(
                "  {label} (flat share of the total, percentage points):"
            ))?;
            if changes.is_empty() {
                ui::out("    (none)")?;
            }
            for c in changes {
                ui::out(format!(
                    "    {:>+7.1}  {:>5.1}% (base {:>5.1}%)  {}",
                    c.delta, c.share, c.base_share, c.function
                ))?;
            }
        }
        ui::out("")?;
    }
    for problem in problems {
        ui::out(format!("! {problem}"))?;
    }
    Ok(())
}
