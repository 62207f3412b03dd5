//! What the dev server knows and serves: users and tokens, the cmdline with planted secrets,
//! the profile bodies and the canned JSON of the /api and /debug endpoints.

use serde_json::{Value, json};

use crate::support::profiles::{
    PROFILE_KINDS, gzipped_profile, gzipped_profile_with_secret, trace_bytes,
    trace_bytes_with_secret,
};

pub const ADMIN_EMAIL: &str = "admin@example.com";
pub const ADMIN_PASSWORD: &str = "admin-password-1!";
pub const OBSERVER_EMAIL: &str = "observer@example.com";
pub const OBSERVER_PASSWORD: &str = "observer-password-1!";
pub const SSO_EMAIL: &str = "sso@example.com";
pub const MFA_EMAIL: &str = "mfa@example.com";
pub const MFA_PASSWORD: &str = "mfa-password-1!";
pub const RESET_EMAIL: &str = "reset@example.com";
pub const RESET_PASSWORD: &str = "reset-password-1!";
pub const API_ONLY_ADMIN_TOKEN: &str = "apionly-admin-4f1c2b7e9d0a6c3f8e5b2a1d7c4e9f0b3a6d8c1e";
pub const API_ONLY_OBSERVER_TOKEN: &str =
    "apionly-observer-9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d";
/// A restricted API-only global admin (an endpoint allowlist): recent servers answer 403 on
/// every /debug/ endpoint to it.
pub const API_ONLY_RESTRICTED_ADMIN_TOKEN: &str =
    "apionly-restricted-1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b";

/// Secret values planted in the cmdline; none may survive scrubbing.
pub const PLANTED_SECRETS: &[&str] = &[
    "Pl4nted-mysql-pw-7781",
    "Pl4nted-redis-pw-2290",
    "Pl4nted-redis-url-pw-5512",
    "Pl4nted-server-key-0042",
    "Pl4nted-s3-secret-9931",
    "Pl4nted-license-jwt-6618",
    "Pl4nted-sentry-key-4406",
    "Pl4nted-replica-pw-3317",
    "Pl4nted-webhook-pw-8824",
    "Pl4nted-enroll-secret-1175",
    "Pl4nted-jwt-key-5530",
];

/// The argv of a believable `fleet serve`, NUL-joined as /debug/pprof/cmdline serves it.
pub fn cmdline_bytes() -> Vec<u8> {
    let s = PLANTED_SECRETS;
    let argv = [
        "/usr/bin/fleet".to_string(),
        "serve".to_string(),
        format!("--mysql_password={}", s[0]),
        "--mysql_address=db:3306".to_string(),
        "--mysql_username=fleet".to_string(),
        "--redis_password".to_string(),
        s[1].to_string(),
        format!("--redis_address=redis://fleetuser:{}@redis:6379", s[2]),
        format!("--server_private_key={}", s[3]),
        "--s3_secret_access_key".to_string(),
        s[4].to_string(),
        "--s3_access_key_id=AKIAEXAMPLEKEYID".to_string(),
        format!("--license_key={}", s[5]),
        format!("--sentry_dsn=https://{}@sentry.example.com/4", s[6]),
        "--mysql_tls_key".to_string(),
        "/etc/fleet/mysql-client.key".to_string(),
        "--server_address=0.0.0.0:8080".to_string(),
        "-logging_debug".to_string(),
        format!("FLEET_MYSQL_READ_REPLICA_PASSWORD={}", s[7]),
        format!("--webhook_url=https://alice:{}@hooks.example.com/x", s[8]),
        format!(
            "--osquery_enroll_secret={}\n--auth_jwt_key={}\n--logging_json",
            s[9], s[10]
        ),
    ];
    argv.join("\0").into_bytes()
}

/// The cmdline as served, with the caller's token in it when the server leaks it: as
/// `--api-token=TOKEN`, a free-standing word and inside a non-secret flag's value.
pub(super) fn cmdline_body(echo: Option<&str>) -> Vec<u8> {
    let mut body = cmdline_bytes();
    if let Some(token) = echo {
        for word in [
            format!("--api-token={token}"),
            "--bearer".to_string(),
            token.to_string(),
            format!("--logging_tag=session-{token}-end"),
        ] {
            body.push(0);
            body.extend_from_slice(word.as_bytes());
        }
    }
    body
}

/// The gzipped profile of a kind other than `profile` (CPU) and `trace`, or None for an
/// unknown kind. A leaking server plants the token in heap and goroutine profiles only.
pub(super) fn profile_body(kind: &str, echo: Option<&str>) -> Option<Vec<u8>> {
    if !PROFILE_KINDS.contains(&kind) || kind == "profile" {
        return None;
    }
    Some(match echo {
        Some(token) if matches!(kind, "heap" | "goroutine") => {
            gzipped_profile_with_secret(kind, 0, token)
        }
        _ => gzipped_profile(kind, 0),
    })
}

/// The body of a CPU profile or a trace of `seconds`.
pub(super) fn sampled_body(is_cpu: bool, seconds: u64, echo: Option<&str>) -> Vec<u8> {
    match (is_cpu, echo) {
        (true, _) => gzipped_profile("profile", seconds),
        (false, Some(token)) => trace_bytes_with_secret(seconds, token),
        (false, None) => trace_bytes(seconds),
    }
}

#[derive(Clone, Debug)]
pub(super) struct User {
    pub(super) id: u64,
    pub(super) name: &'static str,
    pub(super) email: &'static str,
    pub(super) role: &'static str,
    pub(super) api_only: bool,
    /// An API-only user with an endpoint allowlist (`api_endpoints`).
    pub(super) restricted: bool,
}

pub(super) const ADMIN: User = User {
    id: 1,
    name: "Admin",
    email: ADMIN_EMAIL,
    role: "admin",
    api_only: false,
    restricted: false,
};
pub(super) const MFA_USER: User = User {
    id: 6,
    name: "Two-factor admin",
    email: MFA_EMAIL,
    role: "admin",
    api_only: false,
    restricted: false,
};
pub(super) const OBSERVER: User = User {
    id: 2,
    name: "Observer",
    email: OBSERVER_EMAIL,
    role: "observer",
    api_only: false,
    restricted: false,
};
const API_ADMIN: User = User {
    id: 3,
    name: "CI bot",
    email: "api-only@example.com",
    role: "admin",
    api_only: true,
    restricted: false,
};
const API_OBSERVER: User = User {
    id: 4,
    name: "Read-only bot",
    email: "api-observer@example.com",
    role: "observer",
    api_only: true,
    restricted: false,
};
const API_RESTRICTED_ADMIN: User = User {
    id: 5,
    name: "Allowlisted bot",
    email: "",
    role: "admin",
    api_only: true,
    restricted: true,
};

impl User {
    pub(super) fn json(&self) -> Value {
        let mut user = json!({"id": self.id, "name": self.name, "email": self.email, "global_role": self.role,
               "api_only": self.api_only, "sso_enabled": false, "teams": []});
        if self.restricted {
            user["api_endpoints"] = json!([{"method": "GET", "path": "/api/v1/fleet/version"}, {"method": "GET", "path": "/api/v1/fleet/me"}]);
        }
        user
    }
}

/// The API-only user a fixed token belongs to.
pub(super) fn api_only_user(token: &str) -> Option<User> {
    match token {
        API_ONLY_ADMIN_TOKEN => Some(API_ADMIN),
        API_ONLY_OBSERVER_TOKEN => Some(API_OBSERVER),
        API_ONLY_RESTRICTED_ADMIN_TOKEN => Some(API_RESTRICTED_ADMIN),
        _ => None,
    }
}

pub(super) fn version_json() -> Value {
    json!({"version": "4.60.0-dev", "branch": "main", "revision": "0123abcd", "go_version": "go1.23.4",
           "build_date": "2026-11-01", "build_user": "fleet"})
}

pub(super) fn hosts() -> Vec<Value> {
    vec![
        json!({"id": 1, "hostname": "mac-01.example.com", "platform": "darwin", "status": "online"}),
        json!({"id": 2, "hostname": "web-01.example.com", "platform": "ubuntu", "status": "offline"}),
    ]
}

/// /debug/errors before anything is flushed.
pub(super) fn initial_errors() -> Vec<Value> {
    vec![
        json!({"count": 3, "chain": [{"message": "context deadline exceeded"}, {"message": "list hosts", "data": {"timestamp": "2026-11-25T01:00:00Z"}}]}),
        json!({"count": 1, "chain": [{"message": "Error 1213: Deadlock found when trying to get lock"}]}),
    ]
}

/// The error a leaking server records about the caller's session.
pub(super) fn echoed_error(token: &str) -> Value {
    json!({"count": 2, "chain": [
        {"message": format!("authentication failed for Bearer {token}")},
        {"message": "load session", "data": {"authorization": format!("Bearer {token}"), "timestamp": "2026-11-25T01:30:00Z"}}
    ]})
}

pub(super) fn db_locks() -> Value {
    json!([{"waiting_trx_id": "421", "waiting_thread": 17, "waiting_query": "UPDATE hosts SET detail_updated_at = ? WHERE id = ?", "blocking_trx_id": "420", "blocking_thread": 12, "blocking_query": "DELETE FROM host_software WHERE host_id = ?"}])
}

pub(super) fn innodb_status() -> Value {
    json!(
        "=====================================\n2026-11-25 02:00:00 INNODB MONITOR OUTPUT\n=====================================\nLATEST DETECTED DEADLOCK\n..."
    )
}

/// MySQL's process list; a leaking server shows a query holding the caller's token.
pub(super) fn process_list(echo: Option<&str>) -> Value {
    let mut list = vec![
        json!({"id": 12, "user": "fleet", "host": "10.0.0.7:51234", "db": "fleet", "command": "Query", "time": 3, "state": "updating", "info": "DELETE FROM host_software WHERE host_id = ?"}),
    ];
    if let Some(token) = echo {
        list.push(json!({"id": 13, "user": "fleet", "host": "10.0.0.7:51240", "db": "fleet", "command": "Query", "time": 0, "state": "executing", "info": format!("SELECT user_id FROM sessions WHERE `key` = '{token}'")}));
    }
    Value::Array(list)
}

pub(super) fn migrations(status: u8) -> Value {
    json!({"status_code": status, "missing_table": [], "missing_data": [], "unknown_table": [], "unknown_data": []})
}

/// Prometheus text of /metrics; a leaking server adds the Basic-auth password it was sent.
pub(super) fn metrics_body(echoed_password: Option<&str>) -> String {
    let mut body = String::from(
        "# HELP go_goroutines Number of goroutines that currently exist.\n# TYPE go_goroutines gauge\ngo_goroutines 112\n\
         # HELP http_request_duration_seconds Total duration of requests.\n# TYPE http_request_duration_seconds histogram\n\
         http_request_duration_seconds_bucket{handler=\"get_host\",method=\"GET\",code=\"200\",le=\"0.1\"} 40\n\
         http_request_duration_seconds_bucket{handler=\"get_host\",method=\"GET\",code=\"200\",le=\"+Inf\"} 42\n\
         http_request_duration_seconds_sum{handler=\"get_host\",method=\"GET\",code=\"200\"} 2.5\n\
         http_request_duration_seconds_count{handler=\"get_host\",method=\"GET\",code=\"200\"} 42\n",
    );
    if let Some(password) = echoed_password {
        body.push_str(&format!(
            "# HELP fleet_last_login Last credentials seen.\n# TYPE fleet_last_login gauge\nfleet_last_login{{credential=\"{password}\"}} 1\n"
        ));
    }
    body
}

/// The parts of a multipart body with `boundary` (RFC 7578), parsed by hand.
pub(super) fn form_parts(body: &[u8], boundary: &str) -> Vec<super::FormPart> {
    let delimiter = format!("--{boundary}");
    let mut parts = Vec::new();
    let mut rest = body;
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).position(|w| w == needle);
    let Some(first) = find(rest, delimiter.as_bytes()) else {
        return parts;
    };
    rest = &rest[first + delimiter.len()..];
    while rest.starts_with(b"\r\n") {
        rest = &rest[2..];
        let Some(end) = find(rest, format!("\r\n{delimiter}").as_bytes()) else {
            break;
        };
        let part = &rest[..end];
        rest = &rest[end + 2 + delimiter.len()..];
        let Some(split) = find(part, b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&part[..split]).into_owned();
        let param = |name: &str| {
            let key = format!("{name}=\"");
            head.find(&key).map(|at| {
                let value = &head[at + key.len()..];
                let mut out = String::new();
                let mut chars = value.chars();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => out.extend(chars.next()),
                        '"' => break,
                        c => out.push(c),
                    }
                }
                out
            })
        };
        let content_type = head
            .lines()
            .find_map(|l| l.strip_prefix("Content-Type: "))
            .map(String::from);
        parts.push(super::FormPart {
            name: param(" name").unwrap_or_default(),
            file_name: param("filename"),
            content_type,
            data: part[split + 4..].to_vec(),
        });
    }
    parts
}
