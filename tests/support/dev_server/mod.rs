//! A Fleet-compatible server for tests, benchmarks and the demo: a small hand-written HTTP/1.1
//! server on tokio (so faults can be injected at the byte level), optional TLS, optional
//! url-prefix, Fleet's users, login/logout/me/version, every /debug endpoint with Fleet's exact
//! 401/401/403 rules, /healthz, /metrics and the agent enroll endpoint.
//!
//! [`transport`] reads requests and writes responses, [`routes`] answers them, [`faults`]
//! replaces or breaks an answer, [`fixtures`] holds the users, tokens and bodies.

mod faults;
mod fixtures;
mod routes;
mod transport;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::Value;

pub use faults::Fault;
pub use transport::SharedTls;
// Not every program that includes tests/support uses every name.
#[allow(unused_imports)]
pub use fixtures::{
    ADMIN_EMAIL, ADMIN_PASSWORD, API_ONLY_ADMIN_TOKEN, API_ONLY_OBSERVER_TOKEN,
    API_ONLY_RESTRICTED_ADMIN_TOKEN, MFA_EMAIL, MFA_PASSWORD, OBSERVER_EMAIL, OBSERVER_PASSWORD,
    PLANTED_SECRETS, RESET_EMAIL, RESET_PASSWORD, SSO_EMAIL, cmdline_bytes,
};

use fixtures::{ADMIN, OBSERVER, User};

/// A magic link the server "emailed" (email two-factor): its token, and whether it is spent.
#[derive(Clone, Debug)]
struct MfaLink {
    token: String,
    used: bool,
    expired: bool,
}
use transport::Request;

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
    /// Serve this certificate instead (wins over `tls`): one for several servers.
    pub shared_tls: Option<SharedTls>,
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
    /// Print each email two-factor link on stderr instead of emailing it (the example server).
    pub print_mfa_links: bool,
    /// What `/debug/agentws` answers.
    pub agentws: AgentWs,
    /// A server that grows (a leak, a runaway job): each heap, goroutine and CPU profile has
    /// more samples of one function than the one before.
    pub growing: bool,
}

/// The dev server's `/debug/agentws`: enabled with this instance's id (a fresh one per
/// server unless given), `{"enabled": false}`, or absent (404, an older server).
#[derive(Clone, Debug)]
pub enum AgentWs {
    Enabled { instance_id: Option<String> },
    Disabled,
    Absent,
}

impl Default for DevServerConfig {
    fn default() -> Self {
        DevServerConfig {
            url_prefix: String::new(),
            tls: None,
            shared_tls: None,
            faults: Vec::new(),
            max_profile_seconds: 100,
            migration_status: 2,
            unhealthy: Vec::new(),
            metrics_basic_auth: None,
            enroll_secret: "dev-enroll-secret".to_string(),
            listen: "127.0.0.1:0".parse().unwrap(),
            pprof_upstream: None,
            echo_token: false,
            print_mfa_links: false,
            agentws: AgentWs::Enabled { instance_id: None },
            growing: false,
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
    ///
    /// [`gzipped_profile_with_secret`]: crate::support::profiles::gzipped_profile_with_secret
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

/// One part of a `multipart/form-data` body as the server received it.
#[derive(Clone, Debug, PartialEq)]
pub struct FormPart {
    pub name: String,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub data: Vec<u8>,
}

impl RequestRecord {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The path without the query.
    pub fn route(&self) -> &str {
        self.path.split('?').next().unwrap_or_default()
    }

    /// The query parameters, decoded, in order.
    pub fn query(&self) -> Vec<(String, String)> {
        let query = self
            .path
            .split_once('?')
            .map(|(_, q)| q)
            .unwrap_or_default();
        url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect()
    }

    /// The parts of a `multipart/form-data` body (none for any other body).
    pub fn form_parts(&self) -> Vec<FormPart> {
        let Some(boundary) = self
            .header("content-type")
            .filter(|ct| ct.starts_with("multipart/form-data"))
            .and_then(|ct| ct.split("boundary=").nth(1))
        else {
            return Vec::new();
        };
        fixtures::form_parts(&self.body, boundary.trim_matches('"'))
    }
}

/// Dev servers started by this process, for distinct instance ids.
static INSTANCES: AtomicU64 = AtomicU64::new(1);

/// What the server remembers between requests.
struct State {
    config: DevServerConfig,
    sessions: Mutex<HashMap<String, User>>,
    requests: Mutex<Vec<RequestRecord>>,
    errors: Mutex<Vec<Value>>,
    mfa_links: Mutex<Vec<MfaLink>>,
    /// Requests read but not yet recorded (a request is recorded after its answer is sent).
    in_flight: AtomicU64,
    cpu_busy: AtomicBool,
    /// CPU profile requests in flight now, and the most ever at once.
    sampling_now: AtomicU64,
    sampling_peak: AtomicU64,
    /// This process's id in `/debug/agentws`.
    instance_id: String,
    trace_busy: AtomicBool,
    counter: AtomicU64,
    /// Requests per route so far.
    hits: Mutex<HashMap<String, u64>>,
}

impl State {
    fn new(config: DevServerConfig) -> Self {
        let instance_id = match &config.agentws {
            AgentWs::Enabled {
                instance_id: Some(id),
            } => id.clone(),
            _ => format!(
                "dev-{}-{}",
                std::process::id(),
                INSTANCES.fetch_add(1, Ordering::Relaxed)
            ),
        };
        State {
            sampling_now: AtomicU64::new(0),
            sampling_peak: AtomicU64::new(0),
            instance_id,
            config,
            sessions: Mutex::new(HashMap::new()),
            requests: Mutex::new(Vec::new()),
            errors: Mutex::new(fixtures::initial_errors()),
            mfa_links: Mutex::new(Vec::new()),
            in_flight: AtomicU64::new(0),
            cpu_busy: AtomicBool::new(false),
            trace_busy: AtomicBool::new(false),
            counter: AtomicU64::new(0),
            hits: Mutex::new(HashMap::new()),
        }
    }

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

    /// A new session of `user`; its token.
    fn new_session(&self, user: User) -> String {
        let token = self.new_token();
        self.sessions.lock().unwrap().insert(token.clone(), user);
        token
    }

    /// Email two-factor: a new magic link for the MFA user; its token.
    fn new_mfa_link(&self) -> String {
        let token = self.new_token().replace("sess-", "mfa-");
        self.mfa_links.lock().unwrap().push(MfaLink {
            token: token.clone(),
            used: false,
            expired: false,
        });
        token
    }

    /// Spend a magic link: a session for the MFA user, or None when the token is unknown,
    /// used or expired (Fleet answers all three with 401).
    fn redeem_mfa_link(&self, token: &str) -> Option<String> {
        let mut links = self.mfa_links.lock().unwrap();
        let link = links
            .iter_mut()
            .find(|l| l.token == token && !l.used && !l.expired)?;
        link.used = true;
        drop(links);
        Some(self.new_session(fixtures::MFA_USER))
    }

    fn user_for(&self, token: &str) -> Option<User> {
        fixtures::api_only_user(token).or_else(|| self.sessions.lock().unwrap().get(token).cloned())
    }

    /// The fault configured for a route (a path without its query), counting the route's
    /// requests for [`Fault::Requests`].
    fn fault_for(&self, route: &str) -> Option<Fault> {
        let hit = {
            let mut hits = self.hits.lock().unwrap();
            let count = hits.entry(route.to_string()).or_insert(0);
            *count += 1;
            *count
        };
        let fault = self
            .config
            .faults
            .iter()
            .find(|(p, _)| p == route)
            .map(|(_, f)| f.clone())?;
        match fault {
            Fault::Requests(range, inner) => range.contains(&hit).then_some(*inner),
            other => Some(other),
        }
    }

    /// How many requests a route (a path without its query) has had.
    fn hits_of(&self, route: &str) -> u64 {
        self.hits.lock().unwrap().get(route).copied().unwrap_or(0)
    }

    /// The caller's bearer token when the server plants it in its answers (`echo_token`).
    fn echoed_token(&self, request: &Request) -> Option<String> {
        self.config.echo_token.then(|| request.bearer()).flatten()
    }

    fn record(
        &self,
        request: &Request,
        path: &str,
        status: u16,
        body: Option<Vec<u8>>,
        started: Instant,
    ) {
        self.requests.lock().unwrap().push(RequestRecord {
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

impl DevServer {
    /// Start on a background thread with its own runtime; returns once bound.
    pub fn start(config: DevServerConfig) -> DevServer {
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let (shutdown_tx, shutdown_rx) = tokio::sync::oneshot::channel::<()>();
        let state = Arc::new(State::new(config));
        let thread_state = Arc::clone(&state);
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("dev server runtime");
            runtime.block_on(transport::serve(thread_state, ready_tx, shutdown_rx));
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

    /// [`DevServer::requests`] once every request read so far is recorded (a request is
    /// recorded just after its answer is written, which can be after the client has exited);
    /// waits at most 20 s.
    pub fn settled_requests(&self) -> Vec<RequestRecord> {
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.state.in_flight.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        self.requests()
    }

    /// [`DevServer::requests_to`] once every request read so far is recorded.
    pub fn settled_requests_to(&self, path_prefix: &str) -> Vec<RequestRecord> {
        self.settled_requests()
            .into_iter()
            .filter(|r| r.path.starts_with(path_prefix))
            .collect()
    }

    /// Requests whose path (after the prefix) starts with `path_prefix`.
    pub fn requests_to(&self, path_prefix: &str) -> Vec<RequestRecord> {
        self.requests()
            .into_iter()
            .filter(|r| r.path.starts_with(path_prefix))
            .collect()
    }

    /// The link of the last email two-factor login, as the email would carry it
    /// (`<server_url><url-prefix>/login/mfa/<TOKEN>`), instead of emailing it.
    pub fn last_mfa_link(&self) -> Option<String> {
        let links = self.state.mfa_links.lock().unwrap();
        links.last().map(|l| {
            format!(
                "{}{}/login/mfa/{}",
                self.url, self.state.config.url_prefix, l.token
            )
        })
    }

    /// Let every magic link sent so far expire (they live for minutes on a real server).
    pub fn expire_mfa_links(&self) {
        for link in self.state.mfa_links.lock().unwrap().iter_mut() {
            link.expired = true;
        }
    }

    /// A session created directly, as if the user had logged in.
    pub fn login_token(&self, email: &str, password: &str) -> String {
        let user = match (email, password) {
            (ADMIN_EMAIL, ADMIN_PASSWORD) => ADMIN,
            (OBSERVER_EMAIL, OBSERVER_PASSWORD) => OBSERVER,
            _ => panic!("no such dev-server user: {email}"),
        };
        self.state.new_session(user)
    }

    /// This server's instance id in `/debug/agentws`.
    pub fn instance_id(&self) -> String {
        self.state.instance_id.clone()
    }

    /// The most CPU profiles at once this server has run (more than 1 never succeeds).
    pub fn cpu_profiles_at_once(&self) -> u64 {
        self.state.sampling_peak.load(Ordering::SeqCst)
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
