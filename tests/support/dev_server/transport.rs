//! Bytes on the wire: the listener (plain or TLS), reading one HTTP/1.1 request, writing one
//! response, one request per connection. Written by hand so faults can act at the byte level.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::faults::{self, Outcome};
use super::{State, TlsOptions, routes};

pub(super) struct Request {
    pub(super) method: String,
    pub(super) target: String,
    pub(super) headers: Vec<(String, String)>,
    pub(super) body: Vec<u8>,
}

impl Request {
    pub(super) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The bearer token of the Authorization header.
    pub(super) fn bearer(&self) -> Option<String> {
        let value = self.header("authorization")?;
        let (scheme, token) = value.split_once(' ')?;
        (scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty())
            .then(|| token.trim().to_string())
    }
}

/// One request on its way through: the server, the request, its path after the url prefix
/// (with the query) and its route (the path without the query).
pub(super) struct Exchange<'a> {
    pub(super) state: &'a State,
    pub(super) request: &'a Request,
    pub(super) path: &'a str,
    pub(super) route: &'a str,
}

pub(super) struct Response {
    pub(super) status: u16,
    pub(super) content_type: &'static str,
    pub(super) headers: Vec<(String, String)>,
    pub(super) body: Vec<u8>,
}

impl Response {
    pub(super) fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Response {
            status,
            content_type,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    pub(super) fn json(status: u16, value: Value) -> Self {
        Self::new(status, "application/json", value.to_string())
    }

    pub(super) fn text(status: u16, text: &str) -> Self {
        Self::new(status, "text/plain; charset=utf-8", format!("{text}\n"))
    }

    pub(super) fn fleet_error(status: u16, message: &str, reason: &str) -> Self {
        Self::json(
            status,
            json!({"message": message, "errors": [{"name": "base", "reason": reason}], "uuid": "6f1b1f5e-0000-4000-8000-000000000000"}),
        )
    }
}

pub(super) fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        202 => "Accepted",
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

/// Bind, report (address, CA PEM with TLS) through `ready`, then serve until `shutdown`.
pub(super) async fn serve(
    state: Arc<State>,
    ready: std::sync::mpsc::Sender<(SocketAddr, Option<String>)>,
    mut shutdown: tokio::sync::oneshot::Receiver<()>,
) {
    let listener = TcpListener::bind(state.config.listen)
        .await
        .expect("dev server: bind");
    let addr = listener.local_addr().expect("local addr");
    let tls = match (&state.config.shared_tls, &state.config.tls) {
        (Some(shared), _) => Some((acceptor(shared), shared.ca_pem.clone())),
        (None, Some(options)) => Some(make_tls(options)),
        (None, None) => None,
    };
    let ca_pem = tls.as_ref().map(|(_, pem)| pem.clone());
    let acceptor = tls.map(|(acceptor, _)| acceptor);
    ready.send((addr, ca_pem)).expect("ready");
    loop {
        tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                tokio::spawn(connection(stream, acceptor.clone(), Arc::clone(&state)));
            }
        }
    }
}

async fn connection(
    stream: TcpStream,
    acceptor: Option<tokio_rustls::TlsAcceptor>,
    state: Arc<State>,
) {
    let _ = stream.set_nodelay(true);
    match acceptor {
        Some(acceptor) => {
            if let Ok(tls) = acceptor.accept(stream).await {
                handle(tls, None, state).await;
            }
        }
        None => {
            // A clone of the socket, kept to reset the connection (Fault::Reset).
            let raw = stream.into_std().ok();
            if let Some(raw) = raw {
                let linger = raw.try_clone().ok();
                if let Ok(stream) = TcpStream::from_std(raw) {
                    handle(stream, linger, state).await;
                }
            }
        }
    }
}

/// One certificate (and its key) that several dev servers serve, as the backends behind a
/// load balancer all serve the load balancer's certificate.
#[derive(Clone, Debug)]
pub struct SharedTls {
    cert_der: Vec<u8>,
    key_der: Vec<u8>,
    /// PEM of the CA that signed it.
    pub ca_pem: String,
}

impl SharedTls {
    /// A certificate for `names`, signed by a fresh CA.
    pub fn for_names(names: &[&str]) -> SharedTls {
        let options = TlsOptions {
            subject_alt_names: names.iter().map(|n| n.to_string()).collect(),
            expired: false,
            self_signed_ca: false,
        };
        let (cert_der, key_der, ca_pem) = make_cert(&options);
        SharedTls {
            cert_der,
            key_der,
            ca_pem,
        }
    }
}

fn make_tls(options: &TlsOptions) -> (tokio_rustls::TlsAcceptor, String) {
    let (cert_der, key_der, ca_pem) = make_cert(options);
    let shared = SharedTls {
        cert_der,
        key_der,
        ca_pem,
    };
    (acceptor(&shared), shared.ca_pem)
}

/// (certificate DER, key DER, PEM of what a client must trust).
fn make_cert(options: &TlsOptions) -> (Vec<u8>, Vec<u8>, String) {
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
    (cert.der().to_vec(), key.serialize_der(), trusted_pem)
}

fn acceptor(shared: &SharedTls) -> tokio_rustls::TlsAcceptor {
    use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let chain = vec![CertificateDer::from(shared.cert_der.clone())];
    let key_der = PrivateKeyDer::Pkcs8(shared.key_der.clone().into());
    let provider = Arc::new(tokio_rustls::rustls::crypto::aws_lc_rs::default_provider());
    let mut config = tokio_rustls::rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("tls versions")
        .with_no_client_auth()
        .with_single_cert(chain, key_der)
        .expect("server tls config");
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    tokio_rustls::TlsAcceptor::from(Arc::new(config))
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

/// The status line and headers, announcing `length` body bytes.
pub(super) async fn write_head<S: AsyncWrite + Unpin>(
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

/// The whole response: head and body.
pub(super) async fn write_response<S: AsyncWrite + Unpin>(stream: &mut S, response: &Response) {
    if write_head(stream, response, response.body.len() as u64)
        .await
        .is_ok()
    {
        let _ = stream.write_all(&response.body).await;
        let _ = stream.flush().await;
    }
}

/// One connection: read the request, answer it (or let its fault act), record it.
async fn handle<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: S,
    raw: Option<std::net::TcpStream>,
    state: Arc<State>,
) {
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    // Counted until recorded, so tests can wait for the record (`settled_requests`).
    let _in_flight = InFlight::new(&state);
    let started = Instant::now();
    let prefix = &state.config.url_prefix;
    let path = match request.target.strip_prefix(prefix.as_str()) {
        Some(rest) if prefix.is_empty() || rest.starts_with('/') => rest.to_string(),
        _ => String::new(),
    };
    let route = path.split('?').next().unwrap_or("").to_string();
    let fault = state.fault_for(&route);

    let outcome = if path.is_empty() {
        Outcome::Respond(Response::fleet_error(
            404,
            "Resource Not Found",
            "no route (url prefix expected)",
        ))
    } else if let Some(denied) = route
        .starts_with("/debug/")
        .then(|| routes::debug_auth(&state, &request))
        .flatten()
    {
        Outcome::Respond(denied)
    } else {
        let exchange = Exchange {
            state: &state,
            request: &request,
            path: &path,
            route: &route,
        };
        faults::before_response(fault.as_ref(), &exchange, &mut stream, raw.as_ref()).await
    };
    let mut response = match outcome {
        Outcome::Respond(response) => response,
        Outcome::Done { status } => {
            state.record(&request, &path, status, None, started);
            return;
        }
    };
    if route.starts_with("/api/")
        && let Some(token) = state.echoed_token(&request)
    {
        // A leaking proxy or server: the credentials come back in response headers.
        response
            .headers
            .push(("Authorization".into(), format!("Bearer {token}")));
        response
            .headers
            .push(("X-Fleet-Session".into(), format!("session={token}; seen")));
    }
    faults::send(fault.as_ref(), &mut stream, &mut response).await;
    let _ = stream.shutdown().await;
    let body = (response.body.len() < 16 * 1024 * 1024).then_some(response.body);
    state.record(&request, &path, response.status, body, started);
}

/// One request between being read and being recorded.
struct InFlight<'a>(&'a State);

impl<'a> InFlight<'a> {
    fn new(state: &'a State) -> Self {
        state
            .in_flight
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        InFlight(state)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0
            .in_flight
            .fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

/// SO_LINGER 0 makes close() send an RST: set through the std socket, then drop it.
pub(super) fn socket_linger_zero(raw: &std::net::TcpStream) -> std::io::Result<()> {
    socket2::SockRef::from(raw).set_linger(Some(Duration::ZERO))
}
