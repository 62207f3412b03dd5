//! `manifest.json`, the last member of a `debug archive`: what was fetched from which server,
//! and how it went. Written by the archive, read back by `debug inspect`.
//!
//! One server's fields sit at the top level; several servers are a `servers` list, each with
//! its folder and its own failure count.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub tool: String,
    pub tool_version: String,
    /// RFC 3339, UTC.
    pub started_at: String,
    pub finished_at: String,
    pub profile_seconds: u64,
    pub trace_seconds: u64,
    pub cmdline_scrubbed: bool,
    /// Failed items (and servers) of the whole run, as printed on stderr.
    pub failures: usize,
    pub exit_code: u8,
    /// `report.html` at the archive's top (`debug archive --report`), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<ReportRecord>,
    #[serde(flatten)]
    pub servers: Servers,
}

/// The report inside the archive, so that it is checked like every member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRecord {
    pub member: String,
    pub bytes: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Servers {
    /// Several servers, one folder each.
    Many { servers: Vec<FolderRecord> },
    /// A single server, its members at the archive's root.
    One(ServerRecord),
}

/// A server of a multi-server archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FolderRecord {
    /// The folder inside the archive holding this server's members.
    pub folder: String,
    /// This server's failed records (one when it failed before any item was recorded); the
    /// manifest's top-level count is the sum of these.
    pub failures: usize,
    #[serde(flatten)]
    pub server: ServerRecord,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerRecord {
    pub context: String,
    pub address: String,
    pub url_prefix: String,
    /// The backend's socket address dialed, when pinned (`--server`, `--each-server`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    /// The host name TLS verified on a pinned backend (the context's, not the address's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_name: Option<String>,
    /// The server process that answered, from `/debug/agentws` (recent servers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    /// The server's own answer to /api/latest/fleet/version, as it sent it.
    pub server_version: Option<serde_json::Value>,
    /// Why nothing could be fetched from this server (authentication, unreachable).
    pub error: Option<String>,
    pub items: Vec<ItemRecord>,
}

/// One item's entry: never a value of a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemRecord {
    pub name: String,
    pub member: String,
    pub endpoint: String,
    pub outcome: Outcome,
    pub status: Option<u16>,
    pub bytes: u64,
    pub sha256: Option<String>,
    pub duration_ms: u64,
    pub error: Option<String>,
    /// What the scrubber redacted: flag names (or rule labels) and counts.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub redactions: BTreeMap<String, usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Ok,
    Failed,
    /// The server is too old to have this endpoint (404 on a newer-servers-only item).
    Unsupported,
}

impl Manifest {
    /// Pretty JSON with its keys sorted, as manifests have always been written.
    pub fn to_json(&self) -> Vec<u8> {
        // Through a Value, whose map is ordered by key: a flattened struct cannot be.
        serde_json::to_value(self)
            .and_then(|value| serde_json::to_vec_pretty(&value))
            .unwrap_or_default()
    }

    pub fn from_json(bytes: &[u8]) -> serde_json::Result<Self> {
        serde_json::from_slice(bytes)
    }

    /// Every server, whichever the shape.
    pub fn servers(&self) -> Vec<&ServerRecord> {
        match &self.servers {
            Servers::Many { servers } => servers.iter().map(|s| &s.server).collect(),
            Servers::One(server) => vec![server],
        }
    }
}

impl ItemRecord {
    pub fn is_ok(&self) -> bool {
        self.outcome == Outcome::Ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(context: &str) -> ServerRecord {
        ServerRecord {
            context: context.into(),
            address: "https://fleet.example:8080".into(),
            url_prefix: String::new(),
            endpoint: None,
            verified_name: None,
            instance_id: None,
            server_version: Some(serde_json::json!({"version": "4.60.0"})),
            error: None,
            items: vec![ItemRecord {
                name: "cmdline".into(),
                member: "cmdline.prof".into(),
                endpoint: "/debug/pprof/cmdline".into(),
                outcome: Outcome::Ok,
                status: Some(200),
                bytes: 12,
                sha256: Some("ab".into()),
                duration_ms: 3,
                error: None,
                redactions: BTreeMap::from([("mysql_password".to_string(), 1)]),
            }],
        }
    }

    fn manifest(servers: Servers) -> Manifest {
        Manifest {
            tool: "fleetctl-rs".into(),
            tool_version: "0.1.0".into(),
            started_at: "2026-01-01T00:00:00Z".into(),
            finished_at: "2026-01-01T00:00:31Z".into(),
            profile_seconds: 30,
            trace_seconds: 1,
            cmdline_scrubbed: true,
            failures: 0,
            exit_code: 0,
            report: None,
            servers,
        }
    }

    #[test]
    fn one_server_sits_at_the_top_level_and_reads_back() {
        let written = manifest(Servers::One(server("a")));
        let value: serde_json::Value = serde_json::from_slice(&written.to_json()).unwrap();
        assert_eq!(value["context"], "a");
        assert_eq!(value["items"][0]["redactions"]["mysql_password"], 1);
        assert!(value.get("servers").is_none() && value.get("folder").is_none());
        let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
        assert!(keys.is_sorted(), "{keys:?}");
        assert_eq!(Manifest::from_json(&written.to_json()).unwrap(), written);
    }

    #[test]
    fn several_servers_are_a_list_with_folders_and_read_back() {
        let folder = |name: &str| FolderRecord {
            folder: name.into(),
            failures: 1,
            server: server(name),
        };
        let written = manifest(Servers::Many {
            servers: vec![folder("a"), folder("b")],
        });
        let value: serde_json::Value = serde_json::from_slice(&written.to_json()).unwrap();
        assert_eq!(value["servers"][1]["folder"], "b");
        assert_eq!(value["servers"][1]["failures"], 1);
        assert_eq!(value["servers"][1]["context"], "b");
        assert!(value.get("context").is_none());
        let read = Manifest::from_json(&written.to_json()).unwrap();
        assert_eq!(read, written);
        assert_eq!(read.servers().len(), 2);
    }
}
