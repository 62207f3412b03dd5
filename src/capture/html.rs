//! `debug archive --report`: the `debug inspect --html` report of what is being archived, built
//! from the spooled members and the manifest, to go inside the archive as `report.html`.

use std::path::Path;

use sha2::{Digest, Sha256};

use super::record::Collected;
use crate::input::{self, Kind};
use crate::manifest::ReportRecord;
use crate::report::{self, Contents};

/// The report's name at the archive's top.
pub const MEMBER: &str = "report.html";

/// The manifest's record of the report `html`.
pub fn record(html: &[u8]) -> ReportRecord {
    ReportRecord {
        member: MEMBER.to_string(),
        bytes: html.len() as u64,
        sha256: format!("{:x}", Sha256::digest(html)),
    }
}

/// The report's HTML, masked like every other member. `manifest` is the manifest's JSON as
/// written; `title` names the archive.
pub fn report(results: &[Collected], spool: &Path, manifest: &[u8], title: &str) -> Vec<u8> {
    let mut members: Vec<(String, Vec<u8>)> =
        vec![("manifest.json".to_string(), manifest.to_vec())];
    let mut problems = Vec::new();
    for result in results {
        let server_spool = result.slot.spool(spool);
        for item in result.fetched().filter(|i| i.member.ends_with(".prof")) {
            let name = result.slot.member(&item.member);
            match input::read_file(&server_spool.join(&item.member), Kind::Profile) {
                Ok(bytes) => members.push((name, bytes)),
                Err(e) => problems.push(format!("{name}: cannot read it for the report: {e}")),
            }
        }
    }
    let mut contents = Contents::from_members(members.iter().map(|(n, b)| (n.as_str(), &b[..])));
    contents.problems.extend(problems);
    let html = report::render(&contents, &format!("fleetctl-rs report: {title}"));
    crate::redact::redact_bytes(html.as_bytes()).0.into_owned()
}
