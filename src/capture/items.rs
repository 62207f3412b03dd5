//! The debug items a Fleet server serves, as in the spec's table.

/// How an item's body is checked and post-processed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// gzipped pprof protobuf
    Pprof,
    /// Go execution trace (binary, not pprof)
    Trace,
    /// NUL-separated argv, scrubbed
    Cmdline,
    /// JSON document
    Json,
    /// Prometheus text exposition format
    PromText,
}

/// How an item authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// The session or API token (global admin for /debug).
    Bearer,
    /// HTTP Basic with the context's metrics-username and a password given at run time.
    MetricsBasic,
}

/// Every debug item, by kind: `kind.item()` is its row of the spec's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemKind {
    Allocs,
    Block,
    Cmdline,
    Errors,
    Goroutine,
    Heap,
    Mutex,
    Profile,
    Threadcreate,
    Trace,
    DbLocks,
    DbInnodbStatus,
    DbProcessList,
    Agentws,
    Metrics,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    pub kind: ItemKind,
    pub name: &'static str,
    pub path: &'static str,
    pub member: &'static str,
    pub format: Format,
    /// Older servers lack it (404 means "not supported here", not a failure).
    pub newer_servers_only: bool,
    pub auth: Auth,
}

const fn item(
    kind: ItemKind,
    name: &'static str,
    path: &'static str,
    member: &'static str,
    format: Format,
) -> Item {
    Item {
        kind,
        name,
        path,
        member,
        format,
        newer_servers_only: false,
        auth: Auth::Bearer,
    }
}

const fn db_item(
    kind: ItemKind,
    name: &'static str,
    path: &'static str,
    member: &'static str,
) -> Item {
    Item {
        newer_servers_only: true,
        ..item(kind, name, path, member, Format::Json)
    }
}

pub const MIGRATIONS_PATH: &str = "/debug/migrations";

/// Every item, in the order of `ItemKind`'s variants (a unit test checks it).
static ITEMS: [Item; ItemKind::Metrics as usize + 1] = {
    use Format::{Json, Pprof, PromText};
    use ItemKind::*;
    [
        item(
            Allocs,
            "allocs",
            "/debug/pprof/allocs",
            "allocs.prof",
            Pprof,
        ),
        item(Block, "block", "/debug/pprof/block", "block.prof", Pprof),
        item(
            Cmdline,
            "cmdline",
            "/debug/pprof/cmdline",
            "cmdline.prof",
            Format::Cmdline,
        ),
        item(Errors, "errors", "/debug/errors", "errors.json", Json),
        item(
            Goroutine,
            "goroutine",
            "/debug/pprof/goroutine",
            "goroutine.prof",
            Pprof,
        ),
        item(Heap, "heap", "/debug/pprof/heap", "heap.prof", Pprof),
        item(Mutex, "mutex", "/debug/pprof/mutex", "mutex.prof", Pprof),
        item(
            Profile,
            "profile",
            "/debug/pprof/profile",
            "profile.prof",
            Pprof,
        ),
        item(
            Threadcreate,
            "threadcreate",
            "/debug/pprof/threadcreate",
            "threadcreate.prof",
            Pprof,
        ),
        item(
            Trace,
            "trace",
            "/debug/pprof/trace",
            "trace.prof",
            Format::Trace,
        ),
        db_item(DbLocks, "db-locks", "/debug/db/locks", "db-locks.json"),
        db_item(
            DbInnodbStatus,
            "db-innodb-status",
            "/debug/db/innodb-status",
            "db-innodb-status.json",
        ),
        db_item(
            DbProcessList,
            "db-process-list",
            "/debug/db/process-list",
            "db-process-list.json",
        ),
        db_item(Agentws, "agentws", "/debug/agentws", "agentws.json"),
        // Archived as `metrics.txt` when metrics credentials are available.
        Item {
            auth: Auth::MetricsBasic,
            ..item(Metrics, "metrics", "/metrics", "metrics.txt", PromText)
        },
    ]
};

/// Every item `debug archive` collects, in archive order: all but `/metrics`, which needs
/// credentials of its own.
pub fn archive_items() -> impl Iterator<Item = &'static Item> {
    ITEMS.iter().filter(|item| item.kind != ItemKind::Metrics)
}

impl ItemKind {
    /// This kind's row of the spec's table.
    pub fn item(self) -> &'static Item {
        &ITEMS[self as usize]
    }
}

impl Item {
    /// Path with the query string the item needs.
    pub fn request_path(&self, profile_seconds: u64, trace_seconds: u64) -> String {
        match self.kind {
            ItemKind::Profile => format!("{}?seconds={profile_seconds}", self.path),
            ItemKind::Trace => format!("{}?seconds={trace_seconds}", self.path),
            _ => self.path.to_string(),
        }
    }

    /// Seconds the server spends collecting before it answers.
    pub fn collection_seconds(&self, profile_seconds: u64, trace_seconds: u64) -> u64 {
        match self.kind {
            ItemKind::Profile => profile_seconds,
            ItemKind::Trace => trace_seconds,
            _ => 0,
        }
    }

    /// File extension for single-item downloads.
    pub fn extension(&self) -> &'static str {
        match self.format {
            Format::Pprof | Format::Trace | Format::Cmdline => "prof",
            Format::Json => "json",
            Format::PromText => "txt",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_members_are_unique() {
        let mut names: Vec<_> = archive_items().map(|i| i.name).collect();
        let mut members: Vec<_> = archive_items().map(|i| i.member).collect();
        names.sort();
        names.dedup();
        members.sort();
        members.dedup();
        assert_eq!(names.len(), 14);
        assert_eq!(members.len(), 14);
        assert_eq!(
            ItemKind::Profile.item().request_path(5, 1),
            "/debug/pprof/profile?seconds=5"
        );
    }

    #[test]
    fn every_row_is_its_own_kind() {
        for (index, item) in ITEMS.iter().enumerate() {
            assert_eq!(item.kind as usize, index, "{}", item.name);
            assert_eq!(item.kind.item(), item);
        }
        assert_eq!(archive_items().count(), 14);
        assert!(ItemKind::DbLocks.item().newer_servers_only);
        assert_eq!(ItemKind::DbLocks.item().member, "db-locks.json");
        assert_eq!(ItemKind::Metrics.item().auth, Auth::MetricsBasic);
        assert!(!ItemKind::Heap.item().newer_servers_only);
    }
}
