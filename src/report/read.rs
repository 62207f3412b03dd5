//! What a report is made of: the manifests (as plain JSON) and the profiles of an archive or of
//! members handed over by the archive writer, and what could not be read.

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};
use crate::input;
use crate::pprof::{self, Profile};

/// A member read whole is capped: larger ones are skipped with a problem noted.
const MAX_MEMBER_BYTES: u64 = pprof::MAX_INFLATED_BYTES;

#[derive(Default)]
pub struct Contents {
    /// Each `manifest.json` (its member path, its JSON, or why it is not JSON).
    pub manifests: Vec<(String, std::result::Result<serde_json::Value, String>)>,
    /// Each profile by its member path below the archive's folder.
    pub profiles: Vec<(String, std::result::Result<Profile, String>)>,
    pub problems: Vec<String>,
}

/// Whether a member is read for the report: the manifest, and every pprof profile (the cmdline
/// and the execution trace are not pprof).
fn wanted(name: &str) -> bool {
    let base = name.rsplit('/').next().unwrap_or("");
    base == "manifest.json"
        || (base.ends_with(".prof") && base != "cmdline.prof" && base != "trace.prof")
}

impl Contents {
    /// Add one member; `name` is `/`-separated.
    pub fn add(&mut self, name: &str, bytes: &[u8]) {
        if name.rsplit('/').next() == Some("manifest.json") {
            let value = serde_json::from_slice(bytes).map_err(|e| format!("invalid JSON: {e}"));
            if let Err(e) = &value {
                self.problems.push(format!("{name}: {e}"));
            }
            self.manifests.push((name.to_string(), value));
        } else if wanted(name) {
            let profile = pprof::decode(bytes).map_err(|e| e.to_string());
            if let Err(e) = &profile {
                self.problems.push(format!("{name}: {e}"));
            }
            self.profiles.push((name.to_string(), profile));
        }
    }

    /// Member paths made relative to the archive's folder (the folder of the top-level
    /// manifest, or the one folder every member is in).
    fn strip_root(&mut self) {
        let names = self
            .manifests
            .iter()
            .map(|m| &m.0)
            .chain(self.profiles.iter().map(|p| &p.0));
        let mut roots = names.map(|n| n.split_once('/').map(|(root, _)| root));
        let Some(Some(root)) = roots.next() else {
            return;
        };
        let root = root.to_string();
        if !roots.all(|r| r == Some(root.as_str())) {
            return;
        }
        let prefix = format!("{root}/");
        for name in self
            .manifests
            .iter_mut()
            .map(|m| &mut m.0)
            .chain(self.profiles.iter_mut().map(|p| &mut p.0))
        {
            if let Some(rest) = name.strip_prefix(&prefix) {
                *name = rest.to_string();
            }
        }
    }

    /// The report's contents from members handed over whole (the archive writer).
    pub fn from_members<'a>(members: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Self {
        let mut contents = Contents::default();
        for (name, bytes) in members {
            contents.add(name, bytes);
        }
        contents.strip_root();
        contents
    }
}

/// Read a `debug archive` tar.gz; a truncated or damaged archive is read up to the damage.
pub fn read_archive(path: &Path) -> Result<Contents> {
    let mut contents = Contents::default();
    let (file, _) = input::open_regular(path)
        .map_err(|e| Error::general(format!("cannot read {}: {e}", path.display())))?;
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let entries = archive
        .entries()
        .map_err(|e| Error::general(format!("cannot read {}: {e}", path.display())))?;
    for entry in entries {
        let mut entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let at = path.display();
                contents
                    .problems
                    .push(format!("{at}: cannot read past this point: {e}"));
                break;
            }
        };
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        if !wanted(&name) {
            continue;
        }
        if entry.size() > MAX_MEMBER_BYTES {
            let limit = MAX_MEMBER_BYTES >> 20;
            contents
                .problems
                .push(format!("{name}: skipped, larger than {limit} MiB"));
            continue;
        }
        let mut bytes = Vec::new();
        if let Err(e) = entry.read_to_end(&mut bytes) {
            contents
                .problems
                .push(format!("{name}: cannot read it: {e}"));
            break;
        }
        contents.add(&name, &bytes);
    }
    if contents.manifests.is_empty() {
        contents.problems.push(format!(
            "{}: no manifest.json (written last): the archive is incomplete or not from `debug archive`",
            path.display()
        ));
    }
    contents.strip_root();
    Ok(contents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_relative_to_the_archive_folder_and_bad_ones_are_problems() {
        let contents = Contents::from_members([
            ("root/a/heap.prof", &b"not a profile"[..]),
            ("root/a/cmdline.prof", b"fleet serve"),
            ("root/manifest.json", b"{\"tool\": \"fleetctl-rs\"}"),
        ]);
        assert_eq!(contents.profiles.len(), 1);
        assert_eq!(contents.profiles[0].0, "a/heap.prof");
        assert_eq!(contents.manifests[0].0, "manifest.json");
        assert_eq!(contents.problems.len(), 1, "{:?}", contents.problems);
        assert!(contents.problems[0].starts_with("root/a/heap.prof: "));
    }
}
