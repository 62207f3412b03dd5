//! The handlers: Fleet's REST API (login, logout, me, version, hosts, labels), /healthz,
//! /metrics, the agent enroll endpoint and every /debug endpoint with Fleet's auth rules.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::{GeneralPurpose, PAD_INDIFFERENT};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::fixtures::{
    self, ADMIN, ADMIN_EMAIL, ADMIN_PASSWORD, MFA_EMAIL, MFA_PASSWORD, OBSERVER, OBSERVER_EMAIL,
    OBSERVER_PASSWORD, RESET_EMAIL, RESET_PASSWORD, SSO_EMAIL, User,
};
use super::transport::{Exchange, Request, Response};
use super::{AgentWs, State};
use crate::support::profiles;

/// Standard base64 for Basic credentials: padded when written, lenient when read (padding
/// optional, stray trailing bits ignored), as the server always was.
const BASIC: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    PAD_INDIFFERENT.with_decode_allow_trailing_bits(true),
);

fn authentication_required() -> Response {
    Response::fleet_error(401, "Authentication required", "Authentication required")
}

/// The normal answer to a request.
pub(super) async fn route(exchange: &Exchange<'_>) -> Response {
    let Exchange {
        state,
        request,
        path,
        route,
    } = *exchange;
    let authed = || {
        let token = request.bearer()?;
        state.user_for(&token).map(|user| (token, user))
    };
    let api = route.replacen("/api/v1/", "/api/latest/", 1);
    match (request.method.as_str(), api.as_str()) {
        ("POST", "/api/latest/fleet/login") => login(state, request),
        ("POST", "/api/latest/fleet/sessions") => mfa_session(state, request),
        ("POST", "/api/latest/fleet/logout") => match authed() {
            Some((token, _)) => {
                state.sessions.lock().unwrap().remove(&token);
                Response::json(200, json!({}))
            }
            None => authentication_required(),
        },
        ("GET", "/api/latest/fleet/me") => match authed() {
            Some((_, user)) => {
                Response::json(200, json!({"user": user.json(), "available_teams": []}))
            }
            None => authentication_required(),
        },
        ("GET", "/api/latest/fleet/version") => match authed() {
            Some(_) => Response::json(200, fixtures::version_json()),
            None => authentication_required(),
        },
        ("GET", "/api/latest/fleet/hosts") => match authed() {
            Some(_) => Response::json(200, hosts_json(path)),
            None => authentication_required(),
        },
        ("POST", "/api/latest/fleet/labels") => match authed() {
            Some((_, user)) if user.role == "admin" => create_label(request),
            Some(_) => Response::fleet_error(403, "Permission Denied", "forbidden"),
            None => authentication_required(),
        },
        ("POST", "/api/latest/fleet/scripts") => match authed() {
            Some((_, user)) if user.role == "admin" => upload_script(request),
            Some(_) => Response::fleet_error(403, "Permission Denied", "forbidden"),
            None => authentication_required(),
        },
        ("GET", "/version") => Response::json(200, fixtures::version_json()),
        ("GET", "/healthz") => healthz(state, path),
        ("GET", "/metrics") => metrics(state, request),
        ("POST", "/api/osquery/enroll") => enroll(state, request),
        ("GET", r) if r.starts_with("/debug/") => {
            debug(state, path, r, state.echoed_token(request).as_deref()).await
        }
        _ => {
            let echoed = state
                .echoed_token(request)
                .map(|t| format!(" (session {t})"))
                .unwrap_or_default();
            Response::fleet_error(
                404,
                "Resource Not Found",
                &format!("no route for {} {route}{echoed}", request.method),
            )
        }
    }
}

fn query_values<'a>(path: &'a str, key: &str) -> Vec<&'a str> {
    path.split_once('?')
        .map(|(_, q)| {
            q.split('&')
                .filter_map(|kv| kv.split_once('='))
                .filter(|(k, _)| *k == key)
                .map(|(_, v)| v)
                .collect()
        })
        .unwrap_or_default()
}

/// Two hosts; `?per_page=1` gives one.
fn hosts_json(path: &str) -> Value {
    let mut hosts = fixtures::hosts();
    if let Some(n) = query_values(path, "per_page")
        .first()
        .and_then(|v| v.parse::<usize>().ok())
    {
        hosts.truncate(n);
    }
    json!({"hosts": hosts})
}

/// Fleet's `POST /labels`: a name and a query are required (422 otherwise).
fn create_label(request: &Request) -> Response {
    let Ok(body) = serde_json::from_slice::<Value>(&request.body) else {
        return Response::fleet_error(400, "Bad request", "invalid JSON body");
    };
    for field in ["name", "query"] {
        if body[field].as_str().is_none_or(str::is_empty) {
            return Response::fleet_error(
                422,
                "Validation Failed",
                &format!("{field} must not be empty"),
            );
        }
    }
    Response::json(
        200,
        json!({"label": {"id": 42, "name": body["name"], "query": body["query"],
                         "description": body["description"], "platform": body["platform"],
                         "label_type": "regular", "label_membership_type": "dynamic"}}),
    )
}

/// Fleet's `POST /scripts`: a multipart upload with a `script` file part (400 otherwise).
fn upload_script(request: &Request) -> Response {
    let boundary = request
        .header("content-type")
        .filter(|ct| ct.starts_with("multipart/form-data"))
        .and_then(|ct| ct.split("boundary=").nth(1));
    let Some(boundary) = boundary else {
        return Response::fleet_error(400, "Bad request", "expected a multipart/form-data body");
    };
    let parts = fixtures::form_parts(&request.body, boundary.trim_matches('"'));
    match parts
        .iter()
        .find(|p| p.name == "script" && p.file_name.is_some())
    {
        Some(script) => Response::json(
            200,
            json!({"script_id": 7, "name": script.file_name, "bytes": script.data.len()}),
        ),
        None => Response::fleet_error(422, "Validation Failed", "script file is required"),
    }
}

fn login(state: &State, request: &Request) -> Response {
    let Ok(body) = serde_json::from_slice::<Value>(&request.body) else {
        return Response::fleet_error(400, "Bad request", "invalid JSON body");
    };
    let email = body["email"].as_str().unwrap_or_default();
    let password = body["password"].as_str().unwrap_or_default();
    let failed = || Response::fleet_error(401, "Authentication failed", "Authentication failed");
    let user: User = match email {
        SSO_EMAIL => return failed(),
        MFA_EMAIL if password == MFA_PASSWORD => {
            if body["supports_email_verification"].as_bool() != Some(true) {
                return Response::fleet_error(
                    400,
                    "Bad request",
                    "Your login client does not support MFA. Please log in via the web, then use an API token to authenticate.",
                );
            }
            let token = state.new_mfa_link();
            if state.config.print_mfa_links {
                let scheme = if state.config.tls.is_some() {
                    "https"
                } else {
                    "http"
                };
                let host = request.header("host").unwrap_or("localhost");
                let prefix = &state.config.url_prefix;
                eprintln!(
                    "email two-factor link for {MFA_EMAIL} (paste it into fleetctl login): {scheme}://{host}{prefix}/login/mfa/{token}"
                );
            }
            return Response::json(
                202,
                json!({"message": "We sent an email to you. Please click the magic link in the email to sign in."}),
            );
        }
        RESET_EMAIL if password == RESET_PASSWORD => {
            return Response::fleet_error(401, "Authentication failed", "password reset required");
        }
        ADMIN_EMAIL if password == ADMIN_PASSWORD => ADMIN,
        OBSERVER_EMAIL if password == OBSERVER_PASSWORD => OBSERVER,
        _ => return failed(),
    };
    let token = state.new_session(user.clone());
    Response::json(
        200,
        json!({"user": user.json(), "available_teams": [], "token": token}),
    )
}

/// `POST /sessions` `{"token"}`: a magic link's token for a session, once (401 otherwise).
fn mfa_session(state: &State, request: &Request) -> Response {
    let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
    let token = body["token"].as_str().unwrap_or_default();
    match state.redeem_mfa_link(token) {
        Some(session) => Response::json(
            200,
            json!({"user": fixtures::MFA_USER.json(), "available_teams": [], "token": session}),
        ),
        None => Response::fleet_error(401, "Authentication failed", "Authentication failed"),
    }
}

fn enroll(state: &State, request: &Request) -> Response {
    let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
    if body["enroll_secret"].as_str() == Some(state.config.enroll_secret.as_str()) {
        Response::json(200, json!({"node_key": state.new_token()}))
    } else {
        Response::json(
            401,
            json!({"error": "enroll failed: no matching secret found", "node_invalid": true}),
        )
    }
}

fn healthz(state: &State, path: &str) -> Response {
    let checks = query_values(path, "check");
    for check in &checks {
        if !matches!(*check, "mysql" | "redis") {
            return Response::text(400, &format!("{check} is not a valid check"));
        }
    }
    let selected: Vec<&str> = if checks.is_empty() {
        vec!["mysql", "redis"]
    } else {
        checks
    };
    if selected
        .iter()
        .any(|c| state.config.unhealthy.iter().any(|u| u == c))
    {
        Response::new(500, "text/plain", "")
    } else {
        Response::new(200, "text/plain", "")
    }
}

/// The password of the request's Basic credentials.
fn basic_password(request: &Request) -> Option<String> {
    let value = request.header("authorization")?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = BASIC.decode(encoded.trim()).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    text.split_once(':').map(|(_, pw)| pw.to_string())
}

fn metrics(state: &State, request: &Request) -> Response {
    let Some((user, password)) = &state.config.metrics_basic_auth else {
        return Response::fleet_error(404, "Resource Not Found", "metrics are not enabled");
    };
    let credentials = BASIC.encode(format!("{user}:{password}"));
    if request.header("authorization") != Some(format!("Basic {credentials}").as_str()) {
        let mut r = Response::text(401, "Unauthorized");
        r.headers
            .push(("WWW-Authenticate".into(), "Basic realm=\"fleet\"".into()));
        return r;
    }
    let echoed = state
        .config
        .echo_token
        .then(|| basic_password(request))
        .flatten();
    Response::new(
        200,
        "text/plain; version=0.0.4",
        fixtures::metrics_body(echoed.as_deref()),
    )
}

/// Fleet's /debug rules: 401 `Please authenticate`, 401 `Invalid authentication`, 403 `Forbidden`.
pub(super) fn debug_auth(state: &State, request: &Request) -> Option<Response> {
    let Some(token) = request.bearer() else {
        return Some(Response::text(401, "Please authenticate"));
    };
    match state.user_for(&token) {
        None => Some(Response::text(401, "Invalid authentication")),
        Some(user) if user.role != "admin" || user.restricted => {
            Some(Response::text(403, "Forbidden"))
        }
        Some(_) => None,
    }
}

async fn debug(state: &State, path: &str, route: &str, echo: Option<&str>) -> Response {
    if let (Some(upstream), true) = (
        &state.config.pprof_upstream,
        route.starts_with("/debug/pprof/"),
    ) {
        return proxy(upstream, path).await;
    }
    match route {
        "/debug/pprof/profile" | "/debug/pprof/trace" => {
            sampled(state, path, route.ends_with("profile"), echo).await
        }
        "/debug/pprof/cmdline" => Response::new(
            200,
            "text/plain; charset=utf-8",
            fixtures::cmdline_body(echo),
        ),
        "/debug/pprof/heap" | "/debug/pprof/goroutine" if state.config.growing => {
            let kind = &route["/debug/pprof/".len()..];
            let body = profiles::gzipped_profile_grown(kind, 0, state.hits_of(route));
            Response::new(200, "application/octet-stream", body)
        }
        r if r.starts_with("/debug/pprof/") => {
            match fixtures::profile_body(&r["/debug/pprof/".len()..], echo) {
                Some(body) => Response::new(200, "application/octet-stream", body),
                None => Response::text(404, "Unknown profile"),
            }
        }
        "/debug/errors" => errors(state, path, echo),
        "/debug/db/locks" => Response::json(200, fixtures::db_locks()),
        "/debug/db/innodb-status" => Response::json(200, fixtures::innodb_status()),
        "/debug/db/process-list" => Response::json(200, fixtures::process_list(echo)),
        "/debug/agentws" => agentws(state),
        "/debug/migrations" => {
            Response::json(200, fixtures::migrations(state.config.migration_status))
        }
        _ => Response::text(404, "404 page not found"),
    }
}

/// Fleet's `/debug/agentws`: this instance's id and its (here: no) agent WebSocket
/// connections, `{"enabled": false}` with the transport off, or a 404 on an older server.
fn agentws(state: &State) -> Response {
    match &state.config.agentws {
        AgentWs::Absent => Response::text(404, "404 page not found"),
        AgentWs::Disabled => Response::json(200, json!({"enabled": false})),
        AgentWs::Enabled { .. } => Response::json(
            200,
            json!({"enabled": true, "instance_id": state.instance_id, "metrics_enabled": false,
                   "connections": [], "read_stats": {}, "check_interval_seconds": 10}),
        ),
    }
}

/// Resets a busy flag when the profile ends or its task is dropped.
struct BusyGuard<'a>(&'a AtomicBool);

/// Counts one sampling down when it ends.
struct Counted<'a>(&'a std::sync::atomic::AtomicU64);

impl Drop for Counted<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Drop for BusyGuard<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::SeqCst);
    }
}

/// A CPU profile or a trace: `?seconds=` long (30 and 1 by default), one at a time each.
async fn sampled(state: &State, path: &str, is_cpu: bool, echo: Option<&str>) -> Response {
    // CPU profile requests in flight at once, refused ones included.
    let _count = is_cpu.then(|| {
        let now = state.sampling_now.fetch_add(1, Ordering::SeqCst) + 1;
        state.sampling_peak.fetch_max(now, Ordering::SeqCst);
        Counted(&state.sampling_now)
    });
    let seconds = match query_values(path, "seconds").first() {
        None => Ok(if is_cpu { 30 } else { 1 }),
        Some(v) => v.parse::<u64>(),
    };
    let Ok(seconds) = seconds else {
        return Response::text(400, "bad seconds");
    };
    if seconds > state.config.max_profile_seconds {
        return Response::text(400, "profile duration exceeds server's WriteTimeout");
    }
    let (flag, what, busy) = if is_cpu {
        (&state.cpu_busy, "CPU profiling", "cpu profiling")
    } else {
        (&state.trace_busy, "tracing", "tracing")
    };
    if flag.swap(true, Ordering::SeqCst) {
        return Response::text(
            500,
            &format!("Could not enable {what}: {busy} already in use"),
        );
    }
    let _guard = BusyGuard(flag);
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    let body = if is_cpu && state.config.growing {
        let n = state.hits_of("/debug/pprof/profile");
        profiles::gzipped_profile_grown("profile", seconds, n)
    } else {
        fixtures::sampled_body(is_cpu, seconds, echo)
    };
    Response::new(200, "application/octet-stream", body)
}

/// /debug/errors, emptied by `?flush=true`; a leaking server adds one about the caller.
fn errors(state: &State, path: &str, echo: Option<&str>) -> Response {
    let mut errors = state.errors.lock().unwrap();
    let mut list = errors.clone();
    if let Some(token) = echo {
        list.push(fixtures::echoed_error(token));
    }
    if query_values(path, "flush").first() == Some(&"true") {
        errors.clear();
    }
    Response::json(200, Value::Array(list))
}

/// Forward a /debug/pprof request to a real Go server (HTTP/1.0, read to the end).
async fn proxy(upstream: &str, path: &str) -> Response {
    let attempt = async {
        let mut stream = TcpStream::connect(upstream).await?;
        stream
            .write_all(
                format!(
                    "GET {path} HTTP/1.0\r\nHost: {upstream}\r\nAccept-Encoding: identity\r\n\r\n"
                )
                .as_bytes(),
            )
            .await?;
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await?;
        Ok::<_, std::io::Error>(raw)
    };
    let raw = match attempt.await {
        Ok(raw) => raw,
        Err(e) => return Response::text(502, &format!("upstream: {e}")),
    };
    let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return Response::text(502, "upstream: no header end");
    };
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(502);
    Response::new(
        status,
        "application/octet-stream",
        raw[split + 4..].to_vec(),
    )
}
