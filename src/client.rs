//! The HTTP client every command uses: TLS options, url-prefix, custom headers, credentials
//! rules, timeouts, `--debug` logging and the mapping of failures into one-line errors.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;
use url::Url;

use crate::config::{self, ConfigFile};
use crate::error::{Error, Result};
use crate::validate::{is_loopback_by_spelling, is_loopback_host};
use crate::{redact, tls, ui, validate};

pub const USER_AGENT: &str = concat!("fleetctl-rs/", env!("CARGO_PKG_VERSION"));
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Whole-request bound for ordinary API calls.
pub const API_TIMEOUT: Duration = Duration::from_secs(60);
/// JSON answers larger than this are refused rather than held in memory.
pub const MAX_JSON_BYTES: usize = 64 * 1024 * 1024;

/// Where the token came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenSource {
    Env,
    Context,
}

/// Everything needed to talk to one server, resolved from the config and the environment.
#[derive(Debug, Clone)]
pub struct Target {
    pub context: String,
    pub address: Url,
    pub url_prefix: String,
    pub token: Option<String>,
    pub token_source: Option<TokenSource>,
    pub tls_skip_verify: bool,
    pub rootca: Option<PathBuf>,
    pub custom_headers: BTreeMap<String, String>,
    pub metrics_username: Option<String>,
    /// A body that delivers no bytes for this long is abandoned.
    pub stall_timeout: Duration,
}

impl Target {
    /// The named context, with `token_override` (`FLEETCTL_TOKEN`) replacing its token. The
    /// context's values get the same checks as `config set` gives them: a hand-edited file
    /// cannot send requests (and the token) anywhere but the address. Every secret it holds is
    /// registered for masking.
    pub fn resolve(
        file: &ConfigFile,
        name: &str,
        token_override: Option<&str>,
        stall_timeout: Duration,
    ) -> Result<Target> {
        let ctx = file.context(name)?;
        let raw = ctx.address.as_deref().ok_or_else(|| {
            Error::general(format!("context `{name}` has no address")).with_hint(format!(
                "set one with `fleetctl config set --context {name} --address https://fleet.example.com`"
            ))
        })?;
        let invalid = |key: &str, shown: &str, why: &str, example: &str| {
            Error::general(format!(
                "{}: context `{name}` has an invalid {key}{shown}: {why}",
                file.describe_path()
            ))
            .with_hint(format!(
                "fix it with `fleetctl config set --context {name} --{example}`"
            ))
        };
        let address = validate::address(raw)
            .map_err(|why| invalid("address", &format!(" `{raw}`"), &why, "address https://..."))?;
        let raw_prefix = ctx.url_prefix.as_deref().unwrap_or_default();
        let url_prefix = validate::url_prefix(raw_prefix).map_err(|why| {
            invalid(
                "url-prefix",
                &format!(" `{raw_prefix}`"),
                why,
                "url-prefix /fleet` (or `--url-prefix ''` to remove it",
            )
        })?;
        for (header, value) in &ctx.custom_headers {
            validate::header(header, value).map_err(|why| {
                invalid(
                    "custom header",
                    &format!(" `{header}`"),
                    why,
                    &format!("remove-header {header}"),
                )
            })?;
            redact::register(value);
        }
        let (token, token_source) = match token_override {
            Some(t) => (Some(t.to_string()), Some(TokenSource::Env)),
            None => match &ctx.token {
                Some(t) => (Some(t.clone()), Some(TokenSource::Context)),
                None => (None, None),
            },
        };
        if let Some(token) = &token {
            redact::register(token);
        }
        Ok(Target {
            context: name.to_string(),
            address,
            url_prefix,
            token,
            token_source,
            tls_skip_verify: ctx.tls_skip_verify,
            rootca: ctx.rootca.as_ref().map(PathBuf::from),
            custom_headers: ctx.custom_headers.clone(),
            metrics_username: ctx.metrics_username.clone(),
            stall_timeout,
        })
    }

    /// A server known only by its address (no token, headers or TLS options of a context);
    /// its path is the url-prefix.
    pub fn bare(context: &str, address: Url, stall_timeout: Duration) -> Target {
        Target {
            context: context.to_string(),
            url_prefix: address.path().trim_end_matches('/').to_string(),
            address,
            token: None,
            token_source: None,
            tls_skip_verify: false,
            rootca: None,
            custom_headers: BTreeMap::new(),
            metrics_username: None,
            stall_timeout,
        }
    }

    /// Full URL of a server path such as `/api/latest/fleet/me?x=1`: the parsed address with
    /// the url-prefix and the path as its path, never a string glued onto the host, so
    /// nothing in a path or prefix can point the request (and its token) at another host.
    pub fn url(&self, path: &str) -> Url {
        let (path, query) = match path.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (path, None),
        };
        let mut url = self.address.clone();
        url.set_path(&format!("{}{path}", self.url_prefix));
        url.set_query(query);
        url.set_fragment(None);
        url
    }

    /// `scheme://host:port` of the address (its path is ignored, as in the Go client).
    pub fn origin(&self) -> String {
        self.address.origin().ascii_serialization()
    }

    pub fn host(&self) -> String {
        self.address.host_str().unwrap_or_default().to_string()
    }

    pub fn login_hint(&self) -> String {
        if self.token_source == Some(TokenSource::Env) {
            // Logging in would not help: the environment's token wins over the stored one.
            return format!(
                "the token came from {}: replace it, or unset it and run `fleetctl login --context {}`",
                config::TOKEN_ENV,
                self.context
            );
        }
        format!("run `fleetctl login --context {}`", self.context)
    }

    /// For a session the server rejected: both ways back, since an SSO-only account cannot use
    /// `fleetctl login` (fleetdm/fleet#21818).
    pub fn expired_hint(&self) -> String {
        if self.token_source == Some(TokenSource::Env) {
            return self.login_hint();
        }
        format!(
            "run `fleetctl login --context {ctx}`; for an SSO-only account, create an API token in Fleet's UI (My account > Get API token) and store it with `fleetctl config set --context {ctx} --token-stdin`",
            ctx = self.context
        )
    }
}

/// Header names the client sets itself; custom headers never replace them.
const BUILT_IN_HEADERS: [&str; 6] = [
    "authorization",
    "user-agent",
    "host",
    "content-type",
    "content-length",
    "transfer-encoding",
];

pub struct FleetClient {
    http: reqwest::Client,
    /// Who the server is: the name for TLS and `Host`, token, prefix, headers.
    pub target: Target,
    /// Where to dial, when pinned to one backend (`--server`, `--each-server`): every
    /// connection goes to this socket address, never through a proxy, while TLS verifies the
    /// target's host name and `Host` carries it.
    pub pin: Option<SocketAddr>,
}

impl FleetClient {
    /// A client for unauthenticated endpoints (`/healthz`): no token, so plain http is allowed.
    /// Custom headers may carry credentials too: over plain http to a remote host they stay
    /// home.
    pub fn without_credentials(target: Target) -> Result<Self> {
        Self::without_credentials_at(target, None)
    }

    /// [`FleetClient::without_credentials`], dialing `pin` when given.
    pub fn without_credentials_at(mut target: Target, pin: Option<SocketAddr>) -> Result<Self> {
        target.token = None;
        target.token_source = None;
        if target.address.scheme() == "http"
            && !stays_local(&target, pin)
            && !target.custom_headers.is_empty()
        {
            ui::warn(format!(
                "not sending the custom headers of context `{}` over plain http:// to {}",
                target.context,
                target.origin()
            ));
            target.custom_headers.clear();
        }
        Self::build(target, pin)
    }

    pub fn new(target: Target) -> Result<Self> {
        Self::pinned(target, None)
    }

    /// A client for `target` that dials `pin` when given (see [`FleetClient::pin`]).
    pub fn pinned(target: Target, pin: Option<SocketAddr>) -> Result<Self> {
        Self::refuse_plain_http(&target, pin)?;
        Self::build(target, pin)
    }

    fn refuse_plain_http(target: &Target, pin: Option<SocketAddr>) -> Result<()> {
        if target.address.scheme() == "http" && !stays_local(target, pin) {
            return Err(Error::usage(format!(
                "refusing to send credentials to {} over plain http://: anyone on the network could read them",
                target.origin()
            ))
            .with_hint(format!(
                "use https: `fleetctl config set --context {} --address https://{}`",
                target.context,
                &target.address[url::Position::BeforeHost..url::Position::AfterPort]
            )));
        }
        Ok(())
    }

    fn build(target: Target, pin: Option<SocketAddr>) -> Result<Self> {
        let origin = dial_url(&target.address, pin);
        let mut builder = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .default_headers(custom_headers(&target)?)
            .connect_timeout(CONNECT_TIMEOUT)
            .tls_version_min(reqwest::tls::Version::TLS_1_2)
            .redirect(reqwest::redirect::Policy::custom(move |attempt| {
                if attempt.previous().len() >= 10 {
                    attempt.error("too many redirects")
                } else if same_origin(attempt.url(), &origin) {
                    attempt.follow()
                } else {
                    attempt.stop()
                }
            }));
        let host = target.host();
        let plain_http = target.address.scheme() == "http";
        if let Some(pin) = pin {
            // A proxy would resolve the name itself and defeat the pin.
            builder = builder.no_proxy();
            if let Some(url::Host::Domain(name)) = target.address.host() {
                builder = builder.resolve(name, pin);
            }
        } else if is_loopback_by_spelling(&host) || (plain_http && is_loopback_host(&host)) {
            // As Go's ProxyFromEnvironment: a proxy is never used for this machine, so a
            // plain-http token to a local server cannot reach a proxy in clear. A name other
            // than `localhost` is resolved (only for plain http: over https the proxy sees
            // nothing) and counts when every address is loopback.
            builder = builder.no_proxy();
        }
        // tls-skip-verify wins over a rootca (its danger flag does not apply to a preconfigured
        // TLS setup).
        if let Some(path) = target.rootca.as_ref().filter(|_| !target.tls_skip_verify) {
            builder = builder.tls_backend_preconfigured(rootca_tls(&target, path)?);
        }
        if target.tls_skip_verify {
            builder = builder.tls_danger_accept_invalid_certs(true);
        }
        let http = builder.build().map_err(|e| {
            let chain = error_chain(&e);
            let err = Error::general(format!("cannot set up the HTTP client: {chain}"));
            if chain.contains("No CA certificates") || chain.contains("Too many open files") {
                // Loading the system roots fails this way when this machine is out of open
                // files: a local cause, never the server's.
                return err.with_hint(
                    "this machine could not load its CA certificates: raise the open-files limit (`ulimit -n`), or install the system's CA bundle (ca-certificates)",
                );
            }
            err
        })?;
        Ok(FleetClient { http, target, pin })
    }

    /// Full URL of a server path (see [`Target::url`]); when pinned, on the pinned port (and
    /// address, when the target's host is an IP address).
    pub fn url(&self, path: &str) -> Url {
        dial_url(&self.target.url(path), self.pin)
    }

    /// The `Host` header for a pinned request whose URL left the target's port or IP address:
    /// the target's own `host[:port]`, as the load balancer would have passed it on.
    fn host_header(&self, url: &Url) -> Option<HeaderValue> {
        let authority =
            |u: &Url| u[url::Position::BeforeHost..url::Position::AfterPort].to_string();
        let own = authority(&self.target.address);
        (self.pin.is_some() && authority(url) != own)
            .then(|| HeaderValue::from_str(&own).ok())
            .flatten()
    }

    /// How messages name the server: its origin, and the backend dialed when pinned.
    pub fn origin(&self) -> String {
        match self.pin {
            Some(pin) => format!("{} at {pin}", self.target.origin()),
            None => self.target.origin(),
        }
    }

    /// A request for a server path, with the bearer token when `auth` is set.
    pub fn request(&self, method: Method, path: &str, auth: bool) -> Result<RequestBuilder> {
        self.request_url(method, self.url(path), auth)
    }

    /// A request to a full URL, which must be on the target's scheme, host and port (the token
    /// never goes anywhere else); with the bearer token when `auth` is set.
    pub fn request_url(&self, method: Method, url: Url, auth: bool) -> Result<RequestBuilder> {
        if !same_origin(&url, &self.url("/")) {
            return Err(Error::usage(format!(
                "refusing to send a request for context `{}` to {}",
                self.target.context,
                url.origin().ascii_serialization()
            ))
            .with_hint(format!("paths go to {} only", self.target.origin())));
        }
        let host = self.host_header(&url);
        let mut req = self.http.request(method, url).timeout(API_TIMEOUT);
        if let Some(host) = host {
            req = req.header(header::HOST, host);
        }
        if auth {
            let token = self.target.token.as_deref().ok_or_else(|| {
                Error::auth(format!("not logged in to context `{}`", self.target.context)).with_hint(
                    format!(
                        "{}, or store an API token with `fleetctl config set --context {} --token-stdin`",
                        self.target.login_hint(),
                        self.target.context
                    ),
                )
            })?;
            let mut value = HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
                Error::general("the stored token has characters a header cannot carry")
                    .with_hint(self.target.login_hint())
            })?;
            value.set_sensitive(true);
            req = req.header(header::AUTHORIZATION, value);
        }
        Ok(req)
    }

    /// Send a request; transport failures become one-line errors. Any status is returned.
    pub async fn send(&self, req: RequestBuilder) -> Result<Response> {
        let req = req.build().map_err(|e| {
            Error::general(format!("cannot build the request: {}", error_chain(&e)))
        })?;
        let (method, url) = (req.method().clone(), req.url().clone());
        if ui::debug_enabled() {
            let headers: Vec<String> = req
                .headers()
                .iter()
                .map(|(name, value)| {
                    if value.is_sensitive() {
                        format!("{name}: [REDACTED]")
                    } else {
                        format!("{name}: {}", value.to_str().unwrap_or("<binary>"))
                    }
                })
                .collect();
            ui::debug(format!("-> {method} {url} [{}]", headers.join(", ")));
        }
        let started = Instant::now();
        let result = self.http.execute(req).await;
        let elapsed = started.elapsed();
        match result {
            Ok(resp) => {
                if ui::debug_enabled() {
                    ui::debug(format!(
                        "<- {method} {url} {} ({} ms)",
                        resp.status(),
                        elapsed.as_millis()
                    ));
                }
                if resp.status().is_redirection() {
                    let location = resp
                        .headers()
                        .get(header::LOCATION)
                        .map_or_else(|| "?".to_string(), |v| shown_location(v.as_bytes()));
                    return Err(Error::unreachable(format!(
                        "{} redirected to another host ({location}); not following it with credentials",
                        self.target.origin()
                    ))
                    .with_hint(format!(
                        "point the context at the server's real address: `fleetctl config set --context {} --address URL`",
                        self.target.context
                    )));
                }
                Ok(resp)
            }
            Err(err) => {
                if ui::debug_enabled() {
                    ui::debug(format!(
                        "<- {method} {url} failed after {} ms",
                        elapsed.as_millis()
                    ));
                }
                Err(self.transport_error(&err))
            }
        }
    }

    /// Send and require a 2xx status; anything else becomes an error naming the fix.
    pub async fn send_ok(&self, req: RequestBuilder) -> Result<Response> {
        let resp = self.send(req).await?;
        if resp.status().is_success() {
            return Ok(resp);
        }
        let status = resp.status();
        let path = resp.url().path().to_string();
        let content_type = content_type(&resp);
        let body = self.read_limited(resp, 64 * 1024).await.unwrap_or_default();
        Err(self.status_error(status, &content_type, &body, &path))
    }

    /// GET (or POST) a JSON API path and decode the answer.
    pub async fn json<T: DeserializeOwned>(&self, req: RequestBuilder) -> Result<T> {
        let resp = self.send_ok(req).await?;
        self.decode_json(resp).await
    }

    pub async fn decode_json<T: DeserializeOwned>(&self, resp: Response) -> Result<T> {
        let status = resp.status();
        let content_type = content_type(&resp);
        let body = self
            .read_limited(resp, MAX_JSON_BYTES)
            .await
            .map_err(|e| self.body_error(e))?;
        if looks_like_html(&content_type, &body) {
            return Err(html_error(status, &body));
        }
        serde_json::from_slice(&body).map_err(|e| {
            Error::unreachable(format!(
                "{} sent invalid JSON (status {}): {e}",
                self.target.origin(),
                status.as_u16()
            ))
        })
    }

    /// Error for a non-2xx answer, from Fleet's JSON error body, a Go text body or HTML.
    pub fn status_error(
        &self,
        status: StatusCode,
        content_type: &str,
        body: &[u8],
        path: &str,
    ) -> Error {
        if looks_like_html(content_type, body) {
            return html_error(status, body);
        }
        let detail = fleet_error_text(body);
        let is_debug = path.contains("/debug/");
        match status.as_u16() {
            401 => Error::auth(format!(
                "not logged in or session expired on context `{}` ({detail})",
                self.target.context
            ))
            .with_hint(self.target.expired_hint()),
            403 if is_debug => Error::auth(format!(
                "permission denied on context `{}`: the user is not a global admin, or is a restricted API-only user (one with an API endpoint allowlist), which recent servers refuse on every /debug/ endpoint even a global admin (server said: {detail})",
                self.target.context
            ))
            .with_hint(format!(
                "log in as a global admin (`fleetctl login --context {0}`), or store the token of an unrestricted API-only global admin (`fleetctl config set --context {0} --token-stdin`)",
                self.target.context
            )),
            403 => Error::auth(format!("permission denied: {detail}")).with_hint(format!(
                "log in as a user whose role allows this: `fleetctl login --context {}` (an API-only user with an endpoint allowlist may call only the endpoints it lists)",
                self.target.context
            )),
            404 => Error::general(format!("{path} not found on {} ({detail})", self.origin()))
                .with_hint(format!(
                    "check the address and url-prefix: `fleetctl config get --context {}`",
                    self.target.context
                )),
            code if code >= 500 => Error::unreachable(format!("server error {code} on {path}: {detail}"))
                .with_hint(format!(
                    "the server is failing: check its logs and `fleetctl health --context {}`",
                    self.target.context
                )),
            code => Error::general(format!("request to {path} failed with status {code}: {detail}"))
                .with_hint(format!(
                    "check the address and url-prefix: `fleetctl config get --context {}`",
                    self.target.context
                )),
        }
    }

    pub fn transport_error(&self, err: &reqwest::Error) -> Error {
        let chain = error_chain(err);
        let lower = chain.to_ascii_lowercase();
        let origin = self.origin();
        let ctx = &self.target.context;
        let diagnose = format!("diagnose with `fleetctl debug connection --context {ctx}`");
        if lower.contains("too many open files") {
            // EMFILE is this machine's limit, not the server's fault.
            return Error::general(format!(
                "this machine ran out of open files while connecting to {origin}: {chain}"
            ))
            .with_hint(
                "raise the limit (`ulimit -n`), or select fewer contexts or servers at once",
            );
        }
        if err.is_timeout() {
            return Error::unreachable(format!("timed out talking to {origin}: {chain}"))
                .with_hint(diagnose);
        }
        if lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake") {
            return Error::unreachable(format!("TLS handshake with {origin} failed: {chain}")).with_hint(
                format!("if the server uses a private CA: `fleetctl config set --context {ctx} --rootca ca.pem`"),
            );
        }
        if lower.contains("dns error")
            || lower.contains("failed to lookup")
            || lower.contains("name or service not known")
        {
            return Error::unreachable(format!(
                "cannot resolve host {}: {chain}",
                self.target.host()
            ))
            .with_hint(format!(
                "check the address: `fleetctl config get address --context {ctx}`"
            ));
        }
        if lower.contains("connection refused") {
            return Error::unreachable(format!(
                "connection refused by {origin}: is the Fleet server running there?"
            ))
            .with_hint(format!(
                "check the address: `fleetctl config get address --context {ctx}`"
            ));
        }
        if err.is_body() || err.is_decode() {
            return self.body_error(chain);
        }
        Error::unreachable(format!("cannot talk to {origin}: {chain}")).with_hint(diagnose)
    }

    /// Read a whole body, refusing more than `limit` bytes and giving up on a stalled
    /// connection.
    pub async fn read_limited(
        &self,
        mut resp: Response,
        limit: usize,
    ) -> std::result::Result<Vec<u8>, String> {
        let stall = self.target.stall_timeout;
        let mut body = Vec::new();
        loop {
            match tokio::time::timeout(stall, resp.chunk()).await {
                Err(_) => return Err(format!("no data for {} s", stall.as_secs())),
                Ok(Err(e)) => return Err(error_chain(&e)),
                Ok(Ok(None)) => return Ok(body),
                Ok(Ok(Some(chunk))) => {
                    if body.len() + chunk.len() > limit {
                        return Err(format!("answer larger than {limit} bytes"));
                    }
                    body.extend_from_slice(&chunk);
                }
            }
        }
    }

    pub fn body_error(&self, message: String) -> Error {
        Error::unreachable(format!(
            "connection to {} broke while reading the answer: {message}",
            self.origin()
        ))
    }
}

/// The context's custom headers, marked sensitive (`--debug` shows `[REDACTED]`); names the
/// client sets itself are left out.
fn custom_headers(target: &Target) -> Result<HeaderMap> {
    let mut custom = HeaderMap::new();
    for (name, value) in &target.custom_headers {
        if BUILT_IN_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
            if ui::debug_enabled() {
                ui::debug(format!(
                    "custom header {name} ignored: fleetctl sets it itself"
                ));
            }
            continue;
        }
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| bad_header(&target.context, name))?;
        let mut value =
            HeaderValue::from_str(value).map_err(|_| bad_header(&target.context, name.as_str()))?;
        value.set_sensitive(true);
        custom.insert(name, value);
    }
    Ok(custom)
}

/// A TLS setup trusting the context's rootca (see [`tls`]: pinned self-signed certificates
/// too).
fn rootca_tls(
    target: &Target,
    path: &std::path::Path,
) -> Result<tokio_rustls::rustls::ClientConfig> {
    let fix = format!(
        "fix it with `fleetctl config set --context {} --rootca PATH`",
        target.context
    );
    let pem = crate::input::read_file(path, crate::input::Kind::Pem).map_err(|e| {
        Error::general(format!(
            "cannot read {}, the rootca of context `{}`: {e}",
            path.display(),
            target.context,
        ))
        .with_hint(fix.clone())
    })?;
    let provider = tls::provider();
    tls::rootca_verifier(&pem, provider.clone())
        .and_then(|verifier| tls::client_config(verifier, provider))
        .map_err(|e| {
            Error::general(format!(
                "rootca {} of context `{}` is not a usable PEM certificate bundle: {e}",
                path.display(),
                target.context
            ))
            .with_hint(fix)
        })
}

fn bad_header(context: &str, name: &str) -> Error {
    Error::general(format!(
        "context `{context}` has an invalid custom header `{name}`"
    ))
    .with_hint(format!(
        "remove it with `fleetctl config set --context {context} --remove-header {name}`"
    ))
}

/// `url` as dialed: with a pin, on the pinned port, and on the pinned address when the host is
/// an IP address (a name is kept, for TLS and `Host`, and resolved to the pin by the client).
fn dial_url(url: &Url, pin: Option<SocketAddr>) -> Url {
    let mut dial = url.clone();
    if let Some(pin) = pin {
        if matches!(url.host(), Some(url::Host::Ipv4(_) | url::Host::Ipv6(_))) {
            let _ = dial.set_ip_host(pin.ip());
        }
        let _ = dial.set_port(Some(pin.port()));
    }
    dial
}

/// Whether requests to `target` (dialing `pin` when given) stay on this machine.
fn stays_local(target: &Target, pin: Option<SocketAddr>) -> bool {
    match pin {
        Some(pin) => pin.ip().is_loopback(),
        None => is_loopback_host(&target.host()),
    }
}

fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

pub fn content_type(resp: &Response) -> String {
    resp.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase()
}

pub fn looks_like_html(content_type: &str, body: &[u8]) -> bool {
    if content_type.starts_with("text/html") {
        return true;
    }
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    let head =
        String::from_utf8_lossy(&body[start..body.len().min(start + 15)]).to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

fn html_error(status: StatusCode, body: &[u8]) -> Error {
    // Masked before the cut, so no prefix of a secret survives it.
    let body = redact::redact_bytes(body).0;
    let snippet: String = String::from_utf8_lossy(&body[..body.len().min(200)])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    Error::unreachable(format!(
        "server returned HTML instead of JSON (status {}): {snippet}",
        status.as_u16()
    ))
    .with_hint("a load balancer or proxy answered instead of Fleet: check the address, url-prefix and the server's health")
}

/// `message: reason` from Fleet's error body, else the (trimmed, first line of the) text body.
/// The body is masked first: a server quoting the token must not leave a prefix of it
/// behind the 200-character cut.
pub fn fleet_error_text(body: &[u8]) -> String {
    let body = &redact::redact_bytes(body).0[..];
    #[derive(serde::Deserialize)]
    struct FleetError {
        message: Option<String>,
        #[serde(default)]
        errors: Vec<FleetErrorItem>,
    }
    #[derive(serde::Deserialize)]
    struct FleetErrorItem {
        reason: Option<String>,
    }
    if let Ok(parsed) = serde_json::from_slice::<FleetError>(body) {
        let message = parsed.message.unwrap_or_default();
        let reasons: Vec<String> = parsed.errors.into_iter().filter_map(|e| e.reason).collect();
        return match (message.is_empty(), reasons.is_empty()) {
            (false, false) => format!("{message}: {}", reasons.join("; ")),
            (false, true) => message,
            (true, false) => reasons.join("; "),
            (true, true) => "no details".to_string(),
        };
    }
    let text = String::from_utf8_lossy(body);
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("no details");
    line.chars().take(200).collect()
}

/// An error and its causes on one line, without repeats.
pub fn error_chain(err: &dyn std::error::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut current: Option<&dyn std::error::Error> = Some(err);
    while let Some(e) = current {
        let text = e.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        current = e.source();
    }
    parts.join(": ")
}

/// A redirect's `Location` as an error message may quote it: credentials in it
/// (`user:password@`) removed, registered secrets masked, control characters escaped, and at
/// most 200 characters.
fn shown_location(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    // `//user:pw@host/path` (scheme-relative) is parsed as what it means: http(s) to that host.
    let (parsed, scheme_relative) = match text.strip_prefix("//") {
        Some(_) => (Url::parse(&format!("http:{text}")), true),
        None => (Url::parse(&text), false),
    };
    let without_credentials = match parsed {
        Ok(mut url) if url.has_authority() => {
            let _ = url.set_username("");
            let _ = url.set_password(None);
            let shown = url.to_string();
            match scheme_relative {
                true => shown.trim_start_matches("http:").to_string(),
                false => shown,
            }
        }
        _ => text.into_owned(),
    };
    let shown = redact::for_terminal_line(&without_credentials);
    match shown.char_indices().nth(200) {
        Some((cut, _)) => format!("{}...", &shown[..cut]),
        None => shown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fleet_errors_read_as_message_and_reason() {
        let body = br#"{"message":"Authentication failed","errors":[{"name":"base","reason":"Authentication failed"}]}"#;
        assert_eq!(
            fleet_error_text(body),
            "Authentication failed: Authentication failed"
        );
        assert_eq!(
            fleet_error_text(b"Please authenticate\n"),
            "Please authenticate"
        );
        assert_eq!(fleet_error_text(b""), "no details");
    }

    #[test]
    fn error_text_quoting_a_secret_is_redacted() {
        let secret = "sess-0123456789abcdef";
        crate::redact::register(secret);
        assert_eq!(
            fleet_error_text(b"500 internal: rejected session sess-0123456789abcdef\n"),
            "500 internal: rejected session [REDACTED]"
        );
        assert_eq!(
            fleet_error_text(
                br#"{"message":"bad","errors":[{"name":"base","reason":"token sess-0123456789abcdef expired"}]}"#
            ),
            "bad: token [REDACTED] expired"
        );
        // Masked before the 200-character cut, so no prefix of the secret survives it.
        let mut long = vec![b'x'; 190];
        long.extend_from_slice(secret.as_bytes());
        assert!(!fleet_error_text(&long).contains("sess-"));
        let mut page = b"<html>".to_vec();
        page.extend_from_slice(&long);
        let err = html_error(StatusCode::BAD_GATEWAY, &page);
        assert!(!err.message.contains("sess-"), "{}", err.message);
    }

    #[test]
    fn a_redirect_location_is_shown_without_credentials_or_controls() {
        assert_eq!(
            shown_location(b"https://user:pa55word@evil.example/x?y=1"),
            "https://evil.example/x?y=1"
        );
        assert_eq!(
            shown_location(b"//admin:pa55word@evil.example/x"),
            "//evil.example/x"
        );
        assert_eq!(
            shown_location(b"https://evil.example/\x1b]0;owned\x07\x1b[2J"),
            "https://evil.example/%1B]0;owned%07%1B[2J"
        );
        assert_eq!(
            shown_location(b"/path\x1b[2J\nnext"),
            "/path\\x1b[2J\\nnext"
        );
        crate::redact::register("loc-secret-0123456789");
        assert_eq!(
            shown_location(b"/x?token=loc-secret-0123456789"),
            "/x?token=[REDACTED]"
        );
        assert!(shown_location(&[b'a'; 5000]).len() < 210);
    }

    #[test]
    fn html_detection() {
        assert!(looks_like_html("text/html; charset=utf-8", b"x"));
        assert!(looks_like_html("", b"\n <!DOCTYPE html><html>"));
        assert!(!looks_like_html("application/json", b"{}"));
    }
}

/// Whatever a hand-edited config file holds, a request goes to the address's host or nowhere.
/// Two generators, so that the assertions are reached: valid values (every case must resolve and
/// keep its host), and hostile prefixes and addresses (every case either resolves and keeps its
/// host, or is refused because `validate` refuses a value). Each test counts the cases that reach
/// the host assertion and fails when too few do.
#[cfg(test)]
mod properties {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

    use super::Target;
    use crate::{config, validate};

    const CASES: u32 = 1000;

    fn toml_string(s: &str) -> String {
        toml::Value::String(s.to_string()).to_string()
    }

    fn valid_address() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("https://fleet.example.com:8080".to_string()),
            Just("http://127.0.0.1:8080".to_string()),
            "https://[a-z]{1,8}\\.example\\.com(:[0-9]{2,4})?",
            "http://\\[::1\\]:[0-9]{2,4}",
        ]
    }

    /// A url-prefix `validate::url_prefix` accepts: segments of `-._~%` and alphanumerics.
    fn valid_prefix() -> impl Strategy<Value = String> {
        prop::collection::vec("[A-Za-z0-9_~%-][A-Za-z0-9._~%-]{0,6}", 0..4)
            .prop_map(|segments| segments.join("/"))
            .prop_filter("not a dot segment", |p| validate::url_prefix(p).is_ok())
    }

    fn valid_header() -> impl Strategy<Value = (String, String)> {
        ("X-[A-Za-z0-9-]{0,10}", "[!-~][ -~]{0,14}[!-~]")
    }

    /// The host of the request for `path`, checked against the address; `None` when the
    /// context is refused.
    fn check(
        address: &str,
        prefix: &str,
        (header, value): &(String, String),
        path: &str,
    ) -> Result<Option<()>, TestCaseError> {
        let text = format!(
            "[contexts.a]\naddress = {}\nurl-prefix = {}\ntoken = \"t0k3n-abcdef\"\n[contexts.a.custom-headers]\n{} = {}\n",
            toml_string(address),
            toml_string(prefix),
            toml_string(header),
            toml_string(value),
        );
        let file = config::parse(&text, std::path::Path::new("c.toml"))
            .map_err(|e| TestCaseError::fail(e.message))?;
        let Ok(target) = Target::resolve(&file, "a", None, std::time::Duration::from_secs(30))
        else {
            return Ok(None);
        };
        let url = target.url(path);
        let expected = url::Url::parse(address).unwrap();
        prop_assert_eq!(
            url.host_str(),
            expected.host_str(),
            "{} from {:?}",
            url,
            prefix
        );
        prop_assert_eq!(
            url.port_or_known_default(),
            expected.port_or_known_default()
        );
        prop_assert_eq!(url.scheme(), expected.scheme());
        prop_assert!(url.username().is_empty() && url.password().is_none());
        Ok(Some(()))
    }

    /// Runs `strategy` for [`CASES`] cases; returns how many reached the host assertion.
    fn run<S: Strategy>(
        strategy: S,
        case: impl Fn(S::Value) -> Result<Option<()>, TestCaseError>,
    ) -> u32 {
        let reached = std::cell::Cell::new(0);
        // A fixed seed: the same cases, and the same count, on every run.
        let rng = TestRng::deterministic_rng(RngAlgorithm::ChaCha);
        TestRunner::new_with_rng(Config::with_cases(CASES), rng)
            .run(&strategy, |value| {
                if case(value)?.is_some() {
                    reached.set(reached.get() + 1);
                }
                Ok(())
            })
            .unwrap();
        reached.get()
    }

    #[test]
    fn a_valid_config_sends_every_request_to_its_address() {
        let strategy = (
            valid_address(),
            valid_prefix(),
            valid_header(),
            "/[a-z/?=&%@.:]{0,24}",
        );
        let reached = run(strategy, |(address, prefix, header, path)| {
            let checked = check(&address, &prefix, &header, &path)?;
            prop_assert!(
                checked.is_some(),
                "a valid context was refused: {address} {prefix:?} {header:?}"
            );
            Ok(checked)
        });
        // Every case: a shrunk failure would have panicked above. Proptest may run a few
        // more than CASES when it rejects none, never fewer.
        assert!(
            reached >= CASES,
            "only {reached} of {CASES} cases reached the assertion"
        );
    }

    #[test]
    fn no_config_sends_a_request_to_another_host() {
        let strategy = (
            prop_oneof![
                "\\PC{0,24}",
                "[@/:.a-z0-9%?#\\\\]{0,24}",
                "@[a-z]{1,8}\\.example:[0-9]{1,5}",
                "//[a-z]{1,8}\\.example/x",
                valid_prefix(),
            ],
            prop_oneof![valid_address(), "\\PC{0,24}", "https://[a-z@:/.]{0,16}"],
            valid_header(),
            "/[a-z/?=&%@.:]{0,24}",
        );
        let reached = run(strategy, |(prefix, address, header, path)| {
            let checked = check(&address, &prefix, &header, &path)?;
            if checked.is_none() {
                // Refused: only because a value breaks a rule, never for no reason.
                prop_assert!(
                    validate::address(&address).is_err() || validate::url_prefix(&prefix).is_err(),
                    "refused without a reason: {address:?} {prefix:?}"
                );
            }
            Ok(checked)
        });
        // With the fixed seed 164 of 1000 resolve; the other 836 reach the refusal assertion.
        assert!(
            reached >= CASES / 10,
            "only {reached} of {CASES} cases reached the host assertion"
        );
    }
}
