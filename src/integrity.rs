//! An archive checked against its own manifest: every member the manifest lists as fetched is
//! there with the size and SHA-256 it records, and nothing else is (`debug inspect`).

use std::collections::{BTreeMap, BTreeSet};
use std::io::{self, Read};
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::manifest::{Manifest, ServerRecord, Servers};

/// The manifest is read into memory; it is small (a few KiB per server).
const MAX_MANIFEST_BYTES: u64 = 16 * 1024 * 1024;

/// A member as found in the archive.
struct Found {
    bytes: u64,
    sha256: String,
}

/// What differs between the archive at `path` and its manifest, one line each: members the
/// manifest lists that are missing, members it does not list, and members whose size or
/// SHA-256 differ. Empty when they agree, or when there is no manifest to compare with (that
/// is reported where the manifest is read).
pub fn verify(path: &Path) -> Result<Vec<String>> {
    let (members, manifest, root) = read_members(path)?;
    let Some(manifest) = manifest else {
        return Ok(Vec::new());
    };
    Ok(compare(
        &members,
        &expected_members(&manifest, &root),
        &root,
    ))
}

type Members = BTreeMap<String, Found>;

/// Every regular member hashed, the manifest parsed, and the archive's top folder.
fn read_members(path: &Path) -> Result<(Members, Option<Manifest>, String)> {
    let file = std::fs::File::open(path).map_err(|e| Error::io("open", path, e))?;
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let entries = archive
        .entries()
        .map_err(|e| Error::general(format!("cannot read {}: {e}", path.display())))?;
    let (mut members, mut manifest, mut root) = (Members::new(), None, String::new());
    // A damaged archive is reported where it is summarised: compare what could be read.
    for entry in entries {
        let Ok(mut entry) = entry else { break };
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        if root.is_empty() {
            root = name.split('/').next().unwrap_or_default().to_string();
        }
        if !entry.header().entry_type().is_file() {
            continue;
        }
        if name == format!("{root}/manifest.json") && entry.size() <= MAX_MANIFEST_BYTES {
            let mut bytes = Vec::new();
            if entry.read_to_end(&mut bytes).is_err() {
                break;
            }
            manifest = Manifest::from_json(&bytes).ok();
            continue;
        }
        let mut hasher = Sha256::new();
        let Ok(bytes) = io::copy(&mut entry, &mut hasher) else {
            break;
        };
        let sha256 = format!("{:x}", hasher.finalize());
        members.insert(name, Found { bytes, sha256 });
    }
    Ok((members, manifest, root))
}

/// Member path -> (size, SHA-256) for every item the manifest records as fetched.
fn expected_members(manifest: &Manifest, root: &str) -> BTreeMap<String, (u64, String)> {
    let mut expected = BTreeMap::new();
    let mut add = |folder: Option<&str>, server: &ServerRecord| {
        for item in &server.items {
            let Some(sha256) = &item.sha256 else { continue };
            let path = match folder {
                Some(folder) => format!("{root}/{folder}/{}", item.member),
                None => format!("{root}/{}", item.member),
            };
            expected.insert(path, (item.bytes, sha256.clone()));
        }
    };
    match &manifest.servers {
        Servers::One(server) => add(None, server),
        Servers::Many { servers } => {
            for record in servers {
                add(Some(&record.folder), &record.server);
            }
        }
    }
    if let Some(report) = &manifest.report {
        let path = format!("{root}/{}", report.member);
        expected.insert(path, (report.bytes, report.sha256.clone()));
    }
    expected
}

fn compare(
    members: &Members,
    expected: &BTreeMap<String, (u64, String)>,
    root: &str,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, (bytes, sha256)) in expected {
        match members.get(name) {
            None => problems.push(format!("{name}: missing (the manifest lists it)")),
            Some(found) if found.bytes != *bytes => problems.push(format!(
                "{name}: altered ({} bytes, the manifest says {bytes})",
                found.bytes
            )),
            Some(found) if found.sha256 != *sha256 => problems.push(format!(
                "{name}: altered (its SHA-256 differs from the manifest's)"
            )),
            Some(_) => {}
        }
    }
    let listed: BTreeSet<&String> = expected.keys().collect();
    for name in members.keys().filter(|name| !listed.contains(name)) {
        let outside = !name.starts_with(&format!("{root}/"));
        let note = if outside {
            ", outside the archive's folder"
        } else {
            ""
        };
        problems.push(format!("{name}: extra (not in the manifest{note})"));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(bytes: u64, sha: &str) -> Found {
        Found {
            bytes,
            sha256: sha.to_string(),
        }
    }

    #[test]
    fn missing_extra_and_altered_members_are_named() {
        let expected: BTreeMap<String, (u64, String)> = [
            ("r/heap.prof", 10, "aa"),
            ("r/errors.json", 5, "bb"),
            ("r/cmdline.prof", 7, "cc"),
            ("r/trace.prof", 3, "dd"),
        ]
        .into_iter()
        .map(|(n, b, s)| (n.to_string(), (b, s.to_string())))
        .collect();
        let members: Members = [
            ("r/heap.prof", found(10, "aa")),
            ("r/errors.json", found(6, "bb")),
            ("r/cmdline.prof", found(7, "zz")),
            ("r/notes.txt", found(1, "ee")),
        ]
        .into_iter()
        .map(|(n, f)| (n.to_string(), f))
        .collect();
        let problems = compare(&members, &expected, "r");
        assert_eq!(
            problems,
            [
                "r/cmdline.prof: altered (its SHA-256 differs from the manifest's)",
                "r/errors.json: altered (6 bytes, the manifest says 5)",
                "r/trace.prof: missing (the manifest lists it)",
                "r/notes.txt: extra (not in the manifest)",
            ]
        );
        let same: Members = expected
            .iter()
            .map(|(n, (b, s))| (n.clone(), found(*b, s)))
            .collect();
        assert!(compare(&same, &expected, "r").is_empty());
    }
}
