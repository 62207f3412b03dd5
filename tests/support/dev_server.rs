//! A Fleet-compatible server for tests, benchmarks and the demo: a small hand-written HTTP/1.1
//! server on tokio (so faults can be injected at the byte level), optional TLS, optional
//! url-prefix, Fleet's users, login/logout/me/version, every /debug endpoint with Fleet's exact
//! 401/401/403 rules, /healthz, /metrics and the agent enroll endpoint.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::profiles::{
    gzipped_profile, gzipped_profile_with_secret, trace_bytes, trace_bytes_with_secret,
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

/// A fault injected instead of the normal handling of one path.
#[derive(Clone, Debug)]
pub enum Fault {
    /// Answer this status with the right kind of body (Fleet JSON for /api, Go text for /debug).
    Status(u16),
    /// A load balancer's HTML page.
    Html(u16),
    /// Sleep before sending anything, then answer normally.
    DelayHeaders(Duration),
    /// Headers with the full Content-Length and half the body, then sleep, then close.
    StallMidBody(Duration),
    /// Headers with Content-Length, half the body, then close.
    DropMidBody,
    /// Close the connection without any response (an RST).
    Reset,
    /// 200 with a body of this many deterministic bytes, streamed.
    LargeBody(u64),
    /// 200 with a valid gzip stream (stored blocks) of this many payload bytes, streamed:
    /// a huge profile that passes the client's gzip checks.
    LargeGzip(u64),
    /// 200 with a body that is not gzip.
    InvalidGzip,
    /// 200 application/json that does not parse.
    MalformedJson,
    /// 307 to this absolute URL.
    RedirectTo(String),
    /// A server or proxy that quotes what it was sent: answer this status with a Fleet JSON
    /// body (and a response header) holding the request's Authorization header and body, as is
    /// and percent-encoded, wrapped in terminal escape sequences (screen clear, window title,
    /// bell). Its `version` field quotes them too, so a 200 lands in a manifest.
    EchoAuth(u16),
    /// 200 with this content type and body (an HTML page, an empty body, a gzip bomb).
    Body(&'static str, Vec<u8>),
}

#[derive(Clone, Debug)]
pub struct TlsOptions {
    pub subject_alt_names: Vec<String>,
    pub expired: bool,
    /// Serve one self-signed certificate marked CA:TRUE, as `openssl req -x509` makes it,
    /// instead of a leaf signed by a separate CA; the PEM handed out is that certificate.
    pub self_signed_ca: bool,
}

#[derive(Clone, Debug)]
pub struct DevServerConfig {
    pub url_prefix: String,
    pub tls: Option<TlsOptions>,
    pub faults: Vec<(String, Fault)>,
    pub max_profile_seconds: u64,
    pub migration_status: u8,
    /// Failing health checks: "mysql", "redis".
    pub unhealthy: Vec<String>,
    pub metrics_basic_auth: Option<(String, String)>,
    pub enroll_secret: String,
    pub listen: SocketAddr,
    /// host:port of a real Go net/http/pprof server; /debug/pprof/* is proxied there after auth.
    pub pprof_upstream: Option<String>,
    /// A leaking server: the caller's bearer token (from the request's Authorization header) is
    /// planted in the /debug bodies (see [`DevServerConfig::with_echo_token`]).
    pub echo_token: bool,
}

impl Default for DevServerConfig {
    fn default() -> Self {
        DevServerConfig {
            url_prefix: String::new(),
            tls: None,
            faults: Vec::new(),
            max_profile_seconds: 100,
            migration_status: 2,
            unhealthy: Vec::new(),
            metrics_basic_auth: None,
            enroll_secret: "dev-enroll-secret".to_string(),
            listen: "127.0.0.1:0".parse().unwrap(),
            pprof_upstream: None,
            echo_token: false,
        }
    }
}

impl DevServerConfig {
    pub fn with_fault(mut self, path: &str, fault: Fault) -> Self {
        self.faults.push((path.to_string(), fault));
        self
    }

    pub fn with_tls(mut self) -> Self {
        self.tls = Some(TlsOptions {
            subject_alt_names: vec!["localhost".into(), "127.0.0.1".into()],
            expired: false,
            self_signed_ca: false,
        });
        self
    }

    /// Plant the caller's bearer token in the debug bodies, as a leaking server would: in
    /// /debug/errors (a message and a data field), /debug/db/process-list (a query), the
    /// cmdline (`--api-token=TOKEN`, a free-standing word, inside a non-secret flag's value),
    /// the heap and goroutine profiles (string table: a function and file name, a sample label,
    /// a comment; see [`gzipped_profile_with_secret`]) and the trace (three times, one straddling
    /// the 128 KiB mark). The Basic-auth password goes into /metrics, and the text of an injected
    /// [`Fault::Status`] on a /debug path quotes the token. Other profiles are left clean.
    pub fn with_echo_token(mut self) -> Self {
        self.echo_token = true;
        self
    }

    pub fn with_prefix(mut self, prefix: &str) -> Self {
        self.url_prefix = prefix.trim_end_matches('/').to_string();
        self
    }
}

#[derive(Clone, Debug)]
pub struct RequestRecord {
    pub method: String,
    /// After the url prefix, with the query.
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub status: u16,
    pub response_body: Option<Vec<u8>>,
    pub started: Instant,
    pub finished: Instant,
}

impl RequestRecord {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Clone, Debug)]
struct User {
    id: u64,
    name: &'static str,
    email: &'static str,
    role: &'static str,
    api_only: bool,
    /// An API-only user with an endpoint allowlist (`api_endpoints`).
    restricted: bool,
}

const ADMIN: User = User {
    id: 1,
    name: "Admin",
    email: ADMIN_EMAIL,
    role: "admin",
    api_only: false,
    restricted: false,
};
const OBSERVER: User = User {
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
    fn json(&self) -> Value {
        let mut user = json!({"id": self.id, "name": self.name, "email": self.email, "global_role": self.role,
               "api_only": self.api_only, "sso_enabled": false, "teams": []});
        if self.restricted {
            user["api_endpoints"] = json!([{"method": "GET", "path": "/api/v1/fleet/version"}, {"method": "GET", "path": "/api/v1/fleet/me"}]);
        }
        user
    }
}

struct State {
    config: DevServerConfig,
    sessions: Mutex<HashMap<String, User>>,
    requests: Mutex<Vec<RequestRecord>>,
    errors: Mutex<Vec<Value>>,
    cpu_busy: AtomicBool,
    trace_busy: AtomicBool,
    counter: AtomicU64,
}

impl State {
    fn new_token(&self) -> String {
        use std::hash::{BuildHasher, Hasher};
        let mut out = String::from("sess-");
        for _ in 0..3 {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u64(self.counter.fetch_add(1, Ordering::Relaxed));
            h.write_u128(
                SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .unwrap_or_default()
                    .as_nanos(),
            );
            out.push_str(&format!("{:016x}", h.finish()));
        }
        out
    }

    fn user_for(&self, token: &str) -> Option<User> {
        match token {
            API_ONLY_ADMIN_TOKEN => Some(API_ADMIN),
            API_ONLY_OBSERVER_TOKEN => Some(API_OBSERVER),
            API_ONLY_RESTRICTED_ADMIN_TOKEN => Some(API_RESTRICTED_ADMIN),
            _ => self.sessions.lock().unwrap().get(token).cloned(),
        }
    }
}

pub struct DevServer {
    pub addr: SocketAddr,
    /// `http://127.0.0.1:PORT`, or `https://localhost:PORT` with TLS; without the prefix.
    pub url: String,
    /// PEM of the CA that signed the server certificate, with TLS.
    pub ca_pem: Option<String>,
    state: Arc<State>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

struct Request {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

struct Response {
    status: u16,
    content_type: &'static str,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Response {
            status,
            content_type,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    fn json(status: u16, value: Value) -> Self {
        Self::new(status, "application/json", value.to_string())
    }

    fn text(status: u16, text: &str) -> Self {
        Self::new(status, "text/plain; charset=utf-8", format!("{text}\n"))
    }

    fn fleet_error(status: u16, message: &str, reason: &str) -> Self {
        Self::json(
            status,
            json!({"message": message, "errors": [{"name": "base", "reason": reason}], "uuid": "6f1b1f5e-0000-4000-8000-000000000000"}),
        )
    }
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        307 => "Temporary Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        422 => "Unprocessable Entity",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}

impl DevServer {
    /// Start on a background thread with its own runtime; returns once bound.
    pub fn start(config: DevServerConfig) -> DevServer {
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let (shutdown_tx, shutdown_rx) = tokio::sync::oneshot::channel::<()>();
        let state = Arc::new(State {
            config: config.clone(),
            sessions: Mutex::new(HashMap::new()),
            requests: Mutex::new(Vec::new()),
            errors: Mutex::new(vec![
                json!({"count": 3, "chain": [{"message": "context deadline exceeded"}, {"message": "list hosts", "data": {"timestamp": "2026-11-25T01:00:00Z"}}]}),
                json!({"count": 1, "chain": [{"message": "Error 1213: Deadlock found when trying to get lock"}]}),
            ]),
            cpu_busy: AtomicBool::new(false),
            trace_busy: AtomicBool::new(false),
            counter: AtomicU64::new(0),
        });
        let thread_state = Arc::clone(&state);
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("dev server runtime");
            runtime.block_on(async move {
                let listener = TcpListener::bind(config.listen)
                    .await
                    .expect("dev server: bind");
                let addr = listener.local_addr().expect("local addr");
                let tls = config.tls.as_ref().map(make_tls);
                let ca_pem = tls.as_ref().map(|(_, pem)| pem.clone());
                let acceptor = tls.map(|(acceptor, _)| acceptor);
                ready_tx.send((addr, ca_pem)).expect("ready");
                let mut shutdown_rx = shutdown_rx;
                loop {
                    tokio::select! {
                        _ = &mut shutdown_rx => break,
                        accepted = listener.accept() => {
                            let Ok((stream, _)) = accepted else { continue };
                            let state = Arc::clone(&thread_state);
                            let acceptor = acceptor.clone();
                            tokio::spawn(async move {
                                let _ = stream.set_nodelay(true);
                                match acceptor {
                                    Some(acceptor) => {
                                        if let Ok(tls) = acceptor.accept(stream).await {
                                            handle(tls, None, state).await;
                                        }
                                    }
                                    None => {
                                        let raw = stream.into_std().ok();
                                        if let Some(raw) = raw {
                                            let linger = raw.try_clone().ok();
                                            if let Ok(stream) = TcpStream::from_std(raw) {
                                                handle(stream, linger, state).await;
                                            }
                                        }
                                    }
                                }
                            });
                        }
                    }
                }
            });
            runtime.shutdown_timeout(Duration::from_millis(100));
        });
        let (addr, ca_pem) = ready_rx.recv().expect("dev server did not start");
        let url = if ca_pem.is_some() {
            format!("https://localhost:{}", addr.port())
        } else {
            format!("http://127.0.0.1:{}", addr.port())
        };
        DevServer {
            addr,
            url,
            ca_pem,
            state,
            shutdown: Some(shutdown_tx),
            thread: Some(thread),
        }
    }

    pub fn requests(&self) -> Vec<RequestRecord> {
        self.state.requests.lock().unwrap().clone()
    }

    /// Requests whose path (after the prefix) starts with `path_prefix`.
    pub fn requests_to(&self, path_prefix: &str) -> Vec<RequestRecord> {
        self.requests()
            .into_iter()
            .filter(|r| r.path.starts_with(path_prefix))
            .collect()
    }

    /// A session created directly, as if the user had logged in.
    pub fn login_token(&self, email: &str, password: &str) -> String {
        let user = match (email, password) {
            (ADMIN_EMAIL, ADMIN_PASSWORD) => ADMIN,
            (OBSERVER_EMAIL, OBSERVER_PASSWORD) => OBSERVER,
            _ => panic!("no such dev-server user: {email}"),
        };
        let token = self.state.new_token();
        self.state
            .sessions
            .lock()
            .unwrap()
            .insert(token.clone(), user);
        token
    }

    pub fn shutdown(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for DevServer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn make_tls(options: &TlsOptions) -> (tokio_rustls::TlsAcceptor, String) {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair, KeyUsagePurpose};
    let ca_key = KeyPair::generate().expect("ca key");
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("ca params");
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "fleet dev server CA");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).expect("ca cert");

    let key = KeyPair::generate().expect("server key");
    let mut params =
        CertificateParams::new(options.subject_alt_names.clone()).expect("server params");
    params
        .distinguished_name
        .push(DnType::CommonName, "fleet-dev-server");
    if options.expired {
        params.not_before = rcgen::date_time_ymd(2020, 1, 1);
        params.not_after = rcgen::date_time_ymd(2021, 1, 1);
    }
    let (cert, trusted_pem) = if options.self_signed_ca {
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        let cert = params.self_signed(&key).expect("self-signed cert");
        let pem = cert.pem();
        (cert, pem)
    } else {
        (params.signed_by(&key, &ca).expect("server cert"), ca.pem())
    };
    let chain = vec![cert.der().clone()];
    let key_der = tokio_rustls::rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into());
    let provider = Arc::new(tokio_rustls::rustls::crypto::aws_lc_rs::default_provider());
    let mut config = tokio_rustls::rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("tls versions")
        .with_no_client_auth()
        .with_single_cert(chain, key_der)
        .expect("server tls config");
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    (
        tokio_rustls::TlsAcceptor::from(Arc::new(config)),
        trusted_pem,
    )
}

async fn read_request<S: AsyncRead + Unpin>(stream: &mut S) -> Option<Request> {
    let mut buf = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos;
        }
        if buf.len() > 64 * 1024 {
            return None;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split_whitespace();
    let method = first.next()?.to_string();
    let target = first.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    body.truncate(length);
    Some(Request {
        method,
        target,
        headers,
        body,
    })
}

async fn write_head<S: AsyncWrite + Unpin>(
    stream: &mut S,
    response: &Response,
    length: u64,
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {length}\r\nConnection: close\r\nServer: fleet-dev-server\r\n",
        response.status,
        reason_phrase(response.status),
        response.content_type
    );
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await
}

async fn handle<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: S,
    raw: Option<std::net::TcpStream>,
    state: Arc<State>,
) {
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    let started = Instant::now();
    let prefix = state.config.url_prefix.clone();
    let path = match request.target.strip_prefix(&prefix) {
        Some(rest) if prefix.is_empty() || rest.starts_with('/') => rest.to_string(),
        _ => String::new(),
    };
    let route = path.split('?').next().unwrap_or("").to_string();
    let fault = state
        .config
        .faults
        .iter()
        .find(|(p, _)| *p == route)
        .map(|(_, f)| f.clone());

    let mut response = if path.is_empty() {
        Response::fleet_error(404, "Resource Not Found", "no route (url prefix expected)")
    } else if let Some(denied) = route
        .starts_with("/debug/")
        .then(|| debug_auth(&state, &request))
        .flatten()
    {
        denied
    } else {
        match &fault {
            Some(Fault::DelayHeaders(delay)) => {
                tokio::time::sleep(*delay).await;
                route_request(&state, &request, &path, &route).await
            }
            Some(Fault::Reset) => {
                if let Some(raw) = raw {
                    let _ = socket_linger_zero(&raw);
                }
                record(&state, &request, &path, 0, None, started);
                return;
            }
            Some(Fault::Status(code)) => {
                if route.starts_with("/debug/") {
                    let echoed = echoed_token(&state, &request)
                        .map(|t| format!(": rejected session {t}"))
                        .unwrap_or_default();
                    Response::text(
                        *code,
                        &format!("{} {}{echoed}", code, reason_phrase(*code).to_lowercase()),
                    )
                } else {
                    Response::fleet_error(*code, reason_phrase(*code), "injected fault")
                }
            }
            Some(Fault::Html(code)) => Response::new(
                *code,
                "text/html",
                format!(
                    "<html>\r\n<head><title>{code} {r}</title></head>\r\n<body>\r\n<center><h1>{code} {r}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
                    r = reason_phrase(*code)
                ),
            ),
            Some(Fault::InvalidGzip) => {
                Response::new(200, "application/octet-stream", "this is not gzip")
            }
            Some(Fault::MalformedJson) => Response::new(200, "application/json", "{\"broken\": "),
            Some(Fault::EchoAuth(code)) => echo_auth(*code, &request),
            Some(Fault::Body(content_type, body)) => Response::new(200, content_type, body.clone()),
            Some(Fault::RedirectTo(location)) => {
                let mut r = Response::new(307, "text/html", "");
                r.headers.push(("Location".into(), location.clone()));
                r
            }
            Some(Fault::LargeBody(size)) => {
                let head = Response::new(200, "application/octet-stream", Vec::new());
                let mut ok = write_head(&mut stream, &head, *size).await.is_ok();
                let block: Vec<u8> = (0..64 * 1024).map(|i| (i % 251) as u8).collect();
                let mut left = *size;
                while ok && left > 0 {
                    let n = left.min(block.len() as u64) as usize;
                    ok = stream.write_all(&block[..n]).await.is_ok();
                    left -= n as u64;
                }
                let _ = stream.shutdown().await;
                record(&state, &request, &path, 200, None, started);
                return;
            }
            Some(Fault::LargeGzip(size)) => {
                stream_large_gzip(&mut stream, *size).await;
                record(&state, &request, &path, 200, None, started);
                return;
            }
            _ => route_request(&state, &request, &path, &route).await,
        }
    };

    if route.starts_with("/api/")
        && let Some(token) = echoed_token(&state, &request)
    {
        // A leaking proxy or server: the credentials come back in response headers.
        response
            .headers
            .push(("Authorization".into(), format!("Bearer {token}")));
        response
            .headers
            .push(("X-Fleet-Session".into(), format!("session={token}; seen")));
    }
    match fault {
        Some(Fault::StallMidBody(delay)) if response.status == 200 => {
            let half = response.body.len() / 2;
            let _ = write_head(&mut stream, &response, response.body.len() as u64).await;
            let _ = stream.write_all(&response.body[..half]).await;
            let _ = stream.flush().await;
            tokio::time::sleep(delay).await;
            response.body.truncate(half);
        }
        Some(Fault::DropMidBody) if response.status == 200 => {
            let half = response.body.len() / 2;
            let _ = write_head(&mut stream, &response, response.body.len() as u64).await;
            let _ = stream.write_all(&response.body[..half]).await;
            let _ = stream.flush().await;
            response.body.truncate(half);
        }
        _ => {
            if write_head(&mut stream, &response, response.body.len() as u64)
                .await
                .is_ok()
            {
                let _ = stream.write_all(&response.body).await;
                let _ = stream.flush().await;
            }
        }
    }
    let _ = stream.shutdown().await;
    let body = (response.body.len() < 16 * 1024 * 1024).then_some(response.body);
    record(&state, &request, &path, response.status, body, started);
}

/// A gzip member made of stored deflate blocks, so any size streams without compressing.
async fn stream_large_gzip<S: AsyncWrite + Unpin>(stream: &mut S, size: u64) {
    const BLOCK: u64 = 65_535;
    let blocks = size.div_ceil(BLOCK).max(1);
    let length = 10 + blocks * 5 + size + 8;
    let head = Response::new(200, "application/octet-stream", Vec::new());
    if write_head(stream, &head, length).await.is_err() {
        return;
    }
    let header = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
    if stream.write_all(&header).await.is_err() {
        return;
    }
    let payload: Vec<u8> = (0..BLOCK).map(|i| (i % 253) as u8).collect();
    let mut crc = flate2::Crc::new();
    let mut left = size;
    for index in 0..blocks {
        let n = left.min(BLOCK) as u16;
        let last = u8::from(index + 1 == blocks);
        let mut block = vec![
            last,
            (n & 0xff) as u8,
            (n >> 8) as u8,
            (!n & 0xff) as u8,
            (!n >> 8) as u8,
        ];
        block.extend_from_slice(&payload[..n as usize]);
        crc.update(&payload[..n as usize]);
        if stream.write_all(&block).await.is_err() {
            return;
        }
        left -= u64::from(n);
    }
    let mut trailer = crc.sum().to_le_bytes().to_vec();
    trailer.extend_from_slice(&(size as u32).to_le_bytes());
    let _ = stream.write_all(&trailer).await;
    let _ = stream.shutdown().await;
}

fn socket_linger_zero(raw: &std::net::TcpStream) -> std::io::Result<()> {
    // SO_LINGER 0 makes close() send an RST: set through the std socket, then drop it.
    socket2::SockRef::from(raw).set_linger(Some(Duration::ZERO))
}

fn record(
    state: &State,
    request: &Request,
    path: &str,
    status: u16,
    body: Option<Vec<u8>>,
    started: Instant,
) {
    state.requests.lock().unwrap().push(RequestRecord {
        method: request.method.clone(),
        path: path.to_string(),
        headers: request.headers.clone(),
        body: request.body.clone(),
        status,
        response_body: body,
        started,
        finished: Instant::now(),
    });
}

/// [`Fault::EchoAuth`]: everything the client sent that could be secret, quoted back.
fn echo_auth(status: u16, request: &Request) -> Response {
    let auth = request.header("authorization").unwrap_or("").to_string();
    let body = String::from_utf8_lossy(&request.body).into_owned();
    let encoded: String = url::form_urlencoded::byte_serialize(auth.as_bytes()).collect();
    let quoted = format!("\x1b[2J\x1b]0;owned\x07you sent {auth} / {body} / {encoded}\x1b[0m");
    let mut response = Response::json(
        status,
        json!({
            "message": quoted,
            "errors": [{"name": "base", "reason": quoted}],
            "version": quoted,
            "token": auth.trim_start_matches("Bearer "),
            "user": {"name": quoted, "email": quoted, "global_role": "admin"},
        }),
    );
    response
        .headers
        .push(("X-Echo-Authorization".to_string(), auth));
    response
}

/// The caller's bearer token when the server plants it in its answers (`echo_token`).
fn echoed_token(state: &State, request: &Request) -> Option<String> {
    state.config.echo_token.then(|| bearer(request)).flatten()
}

/// The password of the request's Basic credentials.
fn basic_password(request: &Request) -> Option<String> {
    let value = request.header("authorization")?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64_lite::decode(encoded.trim())?;
    let text = String::from_utf8(decoded).ok()?;
    text.split_once(':').map(|(_, pw)| pw.to_string())
}

fn bearer(request: &Request) -> Option<String> {
    let value = request.header("authorization")?;
    let (scheme, token) = value.split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty())
        .then(|| token.trim().to_string())
}

/// Fleet's /debug rules: 401 `Please authenticate`, 401 `Invalid authentication`, 403 `Forbidden`.
fn debug_auth(state: &State, request: &Request) -> Option<Response> {
    let Some(token) = bearer(request) else {
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

fn version_json() -> Value {
    json!({"version": "4.60.0-dev", "branch": "main", "revision": "0123abcd", "go_version": "go1.23.4",
           "build_date": "2026-11-01", "build_user": "fleet"})
}

async fn route_request(state: &Arc<State>, request: &Request, path: &str, route: &str) -> Response {
    let authed = || bearer(request).and_then(|t| state.user_for(&t).map(|u| (t, u)));
    let api = route.replacen("/api/v1/", "/api/latest/", 1);
    match (request.method.as_str(), api.as_str()) {
        ("POST", "/api/latest/fleet/login") => login(state, request),
        ("POST", "/api/latest/fleet/logout") => match authed() {
            Some((token, _)) => {
                state.sessions.lock().unwrap().remove(&token);
                Response::json(200, json!({}))
            }
            None => {
                Response::fleet_error(401, "Authentication required", "Authentication required")
            }
        },
        ("GET", "/api/latest/fleet/me") => match authed() {
            Some((_, user)) => {
                Response::json(200, json!({"user": user.json(), "available_teams": []}))
            }
            None => {
                Response::fleet_error(401, "Authentication required", "Authentication required")
            }
        },
        ("GET", "/api/latest/fleet/version") => match authed() {
            Some(_) => Response::json(200, version_json()),
            None => {
                Response::fleet_error(401, "Authentication required", "Authentication required")
            }
        },
        ("GET", "/api/latest/fleet/hosts") => match authed() {
            Some(_) => Response::json(200, hosts_json(path)),
            None => {
                Response::fleet_error(401, "Authentication required", "Authentication required")
            }
        },
        ("POST", "/api/latest/fleet/labels") => match authed() {
            Some((_, user)) if user.role == "admin" => create_label(request),
            Some(_) => Response::fleet_error(403, "Permission Denied", "forbidden"),
            None => {
                Response::fleet_error(401, "Authentication required", "Authentication required")
            }
        },
        ("GET", "/version") => Response::json(200, version_json()),
        ("GET", "/healthz") => healthz(state, path),
        ("GET", "/metrics") => metrics(state, request),
        ("POST", "/api/osquery/enroll") => {
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
        ("GET", r) if r.starts_with("/debug/") => {
            debug(state, path, r, echoed_token(state, request)).await
        }
        _ => {
            let echoed = echoed_token(state, request)
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

/// Two hosts; `?per_page=1` gives one.
fn hosts_json(path: &str) -> Value {
    let mut hosts = vec![
        json!({"id": 1, "hostname": "mac-01.example.com", "platform": "darwin", "status": "online"}),
        json!({"id": 2, "hostname": "web-01.example.com", "platform": "ubuntu", "status": "offline"}),
    ];
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

fn login(state: &State, request: &Request) -> Response {
    let Ok(body) = serde_json::from_slice::<Value>(&request.body) else {
        return Response::fleet_error(400, "Bad request", "invalid JSON body");
    };
    let email = body["email"].as_str().unwrap_or_default();
    let password = body["password"].as_str().unwrap_or_default();
    let failed = || Response::fleet_error(401, "Authentication failed", "Authentication failed");
    let user = match email {
        SSO_EMAIL => return failed(),
        MFA_EMAIL if password == MFA_PASSWORD => {
            return Response::fleet_error(
                400,
                "Bad request",
                "email verification required: check your email for a login link (MFA)",
            );
        }
        RESET_EMAIL if password == RESET_PASSWORD => {
            return Response::fleet_error(401, "Authentication failed", "password reset required");
        }
        ADMIN_EMAIL if password == ADMIN_PASSWORD => ADMIN,
        OBSERVER_EMAIL if password == OBSERVER_PASSWORD => OBSERVER,
        _ => return failed(),
    };
    let token = state.new_token();
    state
        .sessions
        .lock()
        .unwrap()
        .insert(token.clone(), user.clone());
    Response::json(
        200,
        json!({"user": user.json(), "available_teams": [], "token": token}),
    )
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

fn metrics(state: &State, request: &Request) -> Response {
    let Some((user, password)) = &state.config.metrics_basic_auth else {
        return Response::fleet_error(404, "Resource Not Found", "metrics are not enabled");
    };
    use base64_lite::encode;
    let expected = format!("Basic {}", encode(format!("{user}:{password}").as_bytes()));
    if request.header("authorization") != Some(expected.as_str()) {
        let mut r = Response::text(401, "Unauthorized");
        r.headers
            .push(("WWW-Authenticate".into(), "Basic realm=\"fleet\"".into()));
        return r;
    }
    let mut body = String::from(
        "# HELP go_goroutines Number of goroutines that currently exist.\n# TYPE go_goroutines gauge\ngo_goroutines 112\n\
         # HELP http_request_duration_seconds Total duration of requests.\n# TYPE http_request_duration_seconds histogram\n\
         http_request_duration_seconds_bucket{handler=\"get_host\",method=\"GET\",code=\"200\",le=\"0.1\"} 40\n\
         http_request_duration_seconds_bucket{handler=\"get_host\",method=\"GET\",code=\"200\",le=\"+Inf\"} 42\n\
         http_request_duration_seconds_sum{handler=\"get_host\",method=\"GET\",code=\"200\"} 2.5\n\
         http_request_duration_seconds_count{handler=\"get_host\",method=\"GET\",code=\"200\"} 42\n",
    );
    if state.config.echo_token
        && let Some(password) = basic_password(request)
    {
        body.push_str(&format!(
            "# HELP fleet_last_login Last credentials seen.\n# TYPE fleet_last_login gauge\nfleet_last_login{{credential=\"{password}\"}} 1\n"
        ));
    }
    Response::new(200, "text/plain; version=0.0.4", body)
}

/// Minimal base64 for the Basic auth check.
mod base64_lite {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    pub fn encode(input: &[u8]) -> String {
        let mut out = String::new();
        for chunk in input.chunks(3) {
            let b = [
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    /// Standard base64 (padding optional); None when malformed.
    pub fn decode(input: &str) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        let (mut acc, mut bits) = (0u32, 0);
        for c in input.trim_end_matches('=').bytes() {
            let v = ALPHABET.iter().position(|&a| a == c)? as u32;
            acc = (acc << 6) | v;
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((acc >> bits) as u8);
                acc &= (1 << bits) - 1;
            }
        }
        Some(out)
    }
}

/// Resets a busy flag when the profile ends or its task is dropped.
struct BusyGuard<'a>(&'a AtomicBool);

impl Drop for BusyGuard<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::SeqCst);
    }
}

async fn debug(state: &Arc<State>, path: &str, route: &str, echo: Option<String>) -> Response {
    if let (Some(upstream), true) = (
        &state.config.pprof_upstream,
        route.starts_with("/debug/pprof/"),
    ) {
        return proxy(upstream, path).await;
    }
    let seconds = |default: u64| -> Result<u64, Response> {
        match query_values(path, "seconds").first() {
            None => Ok(default),
            Some(v) => v.parse().map_err(|_| Response::text(400, "bad seconds")),
        }
    };
    match route {
        "/debug/pprof/profile" | "/debug/pprof/trace" => {
            let is_cpu = route.ends_with("profile");
            let secs = match seconds(if is_cpu { 30 } else { 1 }) {
                Ok(s) => s,
                Err(r) => return r,
            };
            if secs > state.config.max_profile_seconds {
                return Response::text(400, "profile duration exceeds server's WriteTimeout");
            }
            let flag = if is_cpu {
                &state.cpu_busy
            } else {
                &state.trace_busy
            };
            if flag.swap(true, Ordering::SeqCst) {
                let what = if is_cpu { "CPU profiling" } else { "tracing" };
                return Response::text(
                    500,
                    &format!(
                        "Could not enable {what}: {} already in use",
                        if is_cpu { "cpu profiling" } else { "tracing" }
                    ),
                );
            }
            let _guard = BusyGuard(flag);
            tokio::time::sleep(Duration::from_secs(secs)).await;
            if is_cpu {
                Response::new(
                    200,
                    "application/octet-stream",
                    gzipped_profile("profile", secs),
                )
            } else {
                let body = match &echo {
                    Some(token) => trace_bytes_with_secret(secs, token),
                    None => trace_bytes(secs),
                };
                Response::new(200, "application/octet-stream", body)
            }
        }
        "/debug/pprof/cmdline" => {
            let mut body = cmdline_bytes();
            if let Some(token) = &echo {
                for word in [
                    format!("--api-token={token}"),
                    "--bearer".to_string(),
                    token.clone(),
                    format!("--logging_tag=session-{token}-end"),
                ] {
                    body.push(0);
                    body.extend_from_slice(word.as_bytes());
                }
            }
            Response::new(200, "text/plain; charset=utf-8", body)
        }
        r if r.starts_with("/debug/pprof/") => {
            let kind = &r["/debug/pprof/".len()..];
            if super::profiles::PROFILE_KINDS.contains(&kind) && kind != "profile" {
                let body = match &echo {
                    Some(token) if matches!(kind, "heap" | "goroutine") => {
                        gzipped_profile_with_secret(kind, 0, token)
                    }
                    _ => gzipped_profile(kind, 0),
                };
                Response::new(200, "application/octet-stream", body)
            } else {
                Response::text(404, "Unknown profile")
            }
        }
        "/debug/errors" => {
            let mut errors = state.errors.lock().unwrap();
            let mut list = errors.clone();
            if let Some(token) = &echo {
                list.push(json!({"count": 2, "chain": [
                    {"message": format!("authentication failed for Bearer {token}")},
                    {"message": "load session", "data": {"authorization": format!("Bearer {token}"), "timestamp": "2026-11-25T01:30:00Z"}}
                ]}));
            }
            let body = Value::Array(list);
            if query_values(path, "flush").first() == Some(&"true") {
                errors.clear();
            }
            Response::json(200, body)
        }
        "/debug/db/locks" => Response::json(
            200,
            json!([{"waiting_trx_id": "421", "waiting_thread": 17, "waiting_query": "UPDATE hosts SET detail_updated_at = ? WHERE id = ?", "blocking_trx_id": "420", "blocking_thread": 12, "blocking_query": "DELETE FROM host_software WHERE host_id = ?"}]),
        ),
        "/debug/db/innodb-status" => Response::json(
            200,
            json!(
                "=====================================\n2026-11-25 02:00:00 INNODB MONITOR OUTPUT\n=====================================\nLATEST DETECTED DEADLOCK\n..."
            ),
        ),
        "/debug/db/process-list" => {
            let mut list = vec![
                json!({"id": 12, "user": "fleet", "host": "10.0.0.7:51234", "db": "fleet", "command": "Query", "time": 3, "state": "updating", "info": "DELETE FROM host_software WHERE host_id = ?"}),
            ];
            if let Some(token) = &echo {
                list.push(json!({"id": 13, "user": "fleet", "host": "10.0.0.7:51240", "db": "fleet", "command": "Query", "time": 0, "state": "executing", "info": format!("SELECT user_id FROM sessions WHERE `key` = '{token}'")}));
            }
            Response::json(200, Value::Array(list))
        }
        "/debug/migrations" => Response::json(
            200,
            json!({"status_code": state.config.migration_status, "missing_table": [], "missing_data": [], "unknown_table": [], "unknown_data": []}),
        ),
        _ => Response::text(404, "404 page not found"),
    }
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
