//! One server's place in an archive run (its slot), and what came back from it.

use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::manifest::{ItemRecord, Outcome, ServerRecord};

/// Where one server's members go and how its lines are named: a single server is the slot
/// without a folder.
#[derive(Debug, Clone)]
pub struct Slot {
    /// Position on the command line, which orders the manifest.
    pub index: usize,
    pub context: String,
    /// How stderr names this server: the context, the backend, or `context/backend`.
    pub name: String,
    /// Folder inside the archive (`context`, `backend` or `context/backend`); None when
    /// archiving a single server.
    pub folder: Option<String>,
}

impl Slot {
    /// An archive member (or progress line) of this server: `folder/name`, or `name`.
    pub fn member(&self, name: &str) -> String {
        match &self.folder {
            Some(folder) => format!("{folder}/{name}"),
            None => name.to_string(),
        }
    }

    /// How stderr names an item of this server: `name/item`, or `item`.
    pub fn label(&self, item: &str) -> String {
        match &self.folder {
            Some(_) => format!("{}/{item}", self.name),
            None => item.to_string(),
        }
    }

    /// This server's folder in the spool.
    pub fn spool(&self, spool: &Path) -> PathBuf {
        spool.join(self.folder.as_deref().unwrap_or("single"))
    }
}

/// What was collected from one server.
#[derive(Debug)]
pub struct Collected {
    pub slot: Slot,
    /// The server's manifest entry.
    pub record: ServerRecord,
    /// Why nothing could be fetched from this server (authentication, unreachable).
    pub fatal: Option<Error>,
}

impl Collected {
    pub fn new(slot: Slot, address: String, url_prefix: String) -> Self {
        let record = ServerRecord {
            context: slot.context.clone(),
            address,
            url_prefix,
            endpoint: None,
            verified_name: None,
            instance_id: None,
            server_version: None,
            error: None,
            items: Vec::new(),
        };
        Collected {
            slot,
            record,
            fatal: None,
        }
    }

    /// The server failed as a whole: `err` is its manifest entry's error too.
    pub fn fail(&mut self, err: Error) {
        self.record.error = Some(err.one_line());
        self.fatal = Some(err);
    }

    /// The items that were fetched.
    pub fn fetched(&self) -> impl Iterator<Item = &ItemRecord> {
        self.record.items.iter().filter(|item| item.is_ok())
    }

    /// Failed records (unsupported ones too with --strict); a server that failed before any
    /// item was recorded counts one. Every count in the manifest comes from this.
    pub fn failures(&self, strict: bool) -> usize {
        let items = self.record.items.iter();
        let failed = items.filter(|item| is_failure(item, strict)).count();
        failed.max(usize::from(self.fatal.is_some()))
    }
}

/// A failed item, or with --strict one the server does not support.
pub fn is_failure(item: &ItemRecord, strict: bool) -> bool {
    item.outcome == Outcome::Failed || (strict && item.outcome == Outcome::Unsupported)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_prefixes_members_and_the_context_labels() {
        let spool = Path::new("/spool");
        let mut slot = Slot {
            index: 0,
            context: "prod eu".into(),
            name: "prod eu".into(),
            folder: None,
        };
        assert_eq!(slot.member("heap.prof"), "heap.prof");
        assert_eq!(slot.label("heap"), "heap");
        assert_eq!(slot.spool(spool), Path::new("/spool/single"));
        slot.folder = Some("prod_eu".into());
        assert_eq!(slot.member("heap.prof"), "prod_eu/heap.prof");
        assert_eq!(slot.label("heap"), "prod eu/heap");
        assert_eq!(slot.spool(spool), Path::new("/spool/prod_eu"));
    }
}
