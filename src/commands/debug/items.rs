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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    pub name: &'static str,
    pub path: &'static str,
    pub member: &'static str,
    pub format: Format,
    /// Older servers lack it (404 means "not supported here", not a failure).
    pub newer_servers_only: bool,
    pub auth: Auth,
}

const fn item(
    name: &'static str,
    path: &'static str,
    member: &'static str,
    format: Format,
) -> Item {
    Item {
        name,
        path,
        member,
        format,
        newer_servers_only: false,
        auth: Auth::Bearer,
    }
}

const fn db_item(name: &'static str, path: &'static str, member: &'static str) -> Item {
    Item {
        name,
        path,
        member,
        format: Format::Json,
        newer_servers_only: true,
        auth: Auth::Bearer,
    }
}

/// Every item `debug archive` collects, in archive order.
pub const ARCHIVE_ITEMS: [Item; 13] = [
    item(
        "allocs",
        "/debug/pprof/allocs",
        "allocs.prof",
        Format::Pprof,
    ),
    item("block", "/debug/pprof/block", "block.prof", Format::Pprof),
    item(
        "cmdline",
        "/debug/pprof/cmdline",
        "cmdline.prof",
        Format::Cmdline,
    ),
    item("errors", "/debug/errors", "errors.json", Format::Json),
    item(
        "goroutine",
        "/debug/pprof/goroutine",
        "goroutine.prof",
        Format::Pprof,
    ),
    item("heap", "/debug/pprof/heap", "heap.prof", Format::Pprof),
    item("mutex", "/debug/pprof/mutex", "mutex.prof", Format::Pprof),
    item(
        "profile",
        "/debug/pprof/profile",
        "profile.prof",
        Format::Pprof,
    ),
    item(
        "threadcreate",
        "/debug/pprof/threadcreate",
        "threadcreate.prof",
        Format::Pprof,
    ),
    item("trace", "/debug/pprof/trace", "trace.prof", Format::Trace),
    db_item("db-locks", "/debug/db/locks", "db-locks.json"),
    db_item(
        "db-innodb-status",
        "/debug/db/innodb-status",
        "db-innodb-status.json",
    ),
    db_item(
        "db-process-list",
        "/debug/db/process-list",
        "db-process-list.json",
    ),
];

/// `/metrics`, archived as `metrics.txt` when metrics credentials are available.
pub const METRICS_ITEM: Item = Item {
    name: "metrics",
    path: "/metrics",
    member: "metrics.txt",
    format: Format::PromText,
    newer_servers_only: false,
    auth: Auth::MetricsBasic,
};

pub const MIGRATIONS_PATH: &str = "/debug/migrations";

pub fn by_name(name: &str) -> &'static Item {
    ARCHIVE_ITEMS
        .iter()
        .find(|i| i.name == name)
        .unwrap_or_else(|| panic!("unknown debug item {name}"))
}

impl Item {
    /// Path with the query string the item needs.
    pub fn request_path(&self, profile_seconds: u64, trace_seconds: u64) -> String {
        match self.name {
            "profile" => format!("{}?seconds={profile_seconds}", self.path),
            "trace" => format!("{}?seconds={trace_seconds}", self.path),
            _ => self.path.to_string(),
        }
    }

    /// Seconds the server spends collecting before it answers.
    pub fn collection_seconds(&self, profile_seconds: u64, trace_seconds: u64) -> u64 {
        match self.name {
            "profile" => profile_seconds,
            "trace" => trace_seconds,
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
        let mut names: Vec<_> = ARCHIVE_ITEMS.iter().map(|i| i.name).collect();
        let mut members: Vec<_> = ARCHIVE_ITEMS.iter().map(|i| i.member).collect();
        names.sort();
        names.dedup();
        members.sort();
        members.dedup();
        assert_eq!(names.len(), 13);
        assert_eq!(members.len(), 13);
        assert_eq!(
            by_name("profile").request_path(5, 1),
            "/debug/pprof/profile?seconds=5"
        );
    }
}
