//! `fleetctl debug connection`: DNS, TCP, TLS and the agent enroll endpoint, one line a step.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use clap::Args;
use reqwest::Method;
use serde::Serialize;
use tokio_rustls::rustls::pki_types::ServerName;
use url::Url;

use crate::client::{FleetClient, Target};
use crate::error::{Error, ExitStatus, Result};
use crate::settings::Settings;
use crate::validate::AddressProblem;
use crate::{ui, x509};

const STEP_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Args)]
pub struct ConnectionArgs {
    /// Address to check, e.g. https://fleet.example.com:8080 [default: the context's address]
    pub address: Option<String>,

    /// PEM certificate(s) the agents trust (osquery's --tls_server_certs), used as the only roots
    #[arg(long, value_name = "PEM")]
    pub fleet_certificate: Option<PathBuf>,

    /// Print the steps as JSON ({address, ok, steps: [{step, ok, detail}]}) instead of lines
    #[arg(long)]
    pub json: bool,

    /// Run the TCP, TLS and enroll steps against every address the host name resolves to
    /// (each backend behind the load balancer), keeping the name for TLS and `Host`
    #[arg(long)]
    pub each_server: bool,
}

#[derive(Serialize)]
struct StepResult {
    /// dns, tcp, tls or enroll
    step: &'static str,
    ok: bool,
    detail: String,
    /// The backend this step ran against, with --each-server.
    #[serde(skip_serializing_if = "Option::is_none")]
    endpoint: Option<String>,
}

/// The checks' results: printed as they happen, or collected for --json.
struct Steps {
    json: bool,
    failed: bool,
    results: Vec<StepResult>,
    /// The backend the next steps run against, with --each-server.
    endpoint: Option<String>,
    /// A failed write to stdout (a closed pipe), reported when the steps are done.
    output_error: Option<Error>,
}

impl Steps {
    fn success(&mut self, step: &'static str, text: impl std::fmt::Display) {
        self.record(step, true, text.to_string());
    }

    fn fail(&mut self, step: &'static str, text: impl std::fmt::Display) {
        self.failed = true;
        self.record(step, false, text.to_string());
    }

    fn record(&mut self, step: &'static str, ok: bool, detail: String) {
        if !self.json
            && let Err(e) = ui::out(format!("{}: {detail}", if ok { "Success" } else { "Fail" }))
        {
            self.output_error.get_or_insert(e);
        }
        let endpoint = self.endpoint.clone();
        self.results.push(StepResult {
            step,
            ok,
            detail,
            endpoint,
        });
    }
}

/// The ADDRESS argument, checked like `config set --address`: an http(s) URL with a host and
/// no credentials. Its path is the url-prefix.
fn parse_address(raw: &str) -> Result<Url> {
    let raw = raw.trim();
    let bad = |why: &str, hint: String| {
        Error::usage(format!("invalid address `{raw}`: {why}")).with_hint(hint)
    };
    let example = "give an http(s) URL, e.g. https://fleet.example.com:8080".to_string();
    // `host:port` means https, as in the Go fleetctl (`localhost:8080` would otherwise parse
    // as a URL whose scheme is `localhost`).
    let url = if raw.contains("://") {
        Url::parse(raw)
    } else {
        let assumed = format!("https://{}", raw.trim_start_matches('/'));
        crate::ui::info(format!("No scheme given: checking {assumed}"));
        Url::parse(&assumed)
    }
    .map_err(|e| bad(&e.to_string(), example.clone()))?;
    let Some(problem) = AddressProblem::of(&url) else {
        return Ok(url);
    };
    let hint = match problem {
        AddressProblem::Scheme => {
            let rest = &raw[raw.find("://").map_or(0, |i| i + 3)..];
            format!("write it as https://{rest}")
        }
        AddressProblem::Credentials => "remove the user and password from it".to_string(),
        AddressProblem::NoHost | AddressProblem::QueryOrFragment => example,
    };
    Err(bad(problem.reason(), hint))
}

/// A local certificate file that cannot be used is the caller's error, found before any
/// network step: a usage error (exit 2) for a flag's file, else a config error (exit 1);
/// `fix` is the hint.
fn check_certificate_file(path: &std::path::Path, usage: bool, fix: &str) -> Result<()> {
    let error = |message: String| {
        let err = if usage {
            Error::usage(message)
        } else {
            Error::general(message)
        };
        err.with_hint(fix.to_string())
    };
    let pem = crate::input::read_file(path, crate::input::Kind::Pem)
        .map_err(|e| error(format!("cannot read {}: {e}", path.display())))?;
    if crate::tls::certificates(&pem).is_none() {
        return Err(error(format!(
            "{} holds no PEM certificate",
            path.display()
        )));
    }
    Ok(())
}

pub fn run(args: ConnectionArgs, settings: &Settings) -> Result<ExitStatus> {
    let address = args.address.as_deref().map(parse_address).transpose()?;
    if let Some(pem) = &args.fleet_certificate {
        check_certificate_file(
            pem,
            true,
            "give the PEM file the agents trust (osquery's --tls_server_certs) with --fleet-certificate",
        )?;
    }
    let mut target = connection_target(address, settings)?;
    match &args.fleet_certificate {
        Some(pem) => target.rootca = Some(pem.clone()),
        None => {
            if let Some(rootca) = &target.rootca {
                check_certificate_file(
                    rootca,
                    false,
                    &format!(
                        "fix it with `fleetctl config set --context {} --rootca PATH`",
                        target.context
                    ),
                )?;
            }
        }
    }
    // The point is to check the certificate: never skip verification here.
    target.tls_skip_verify = false;
    let address = format!("{}{}", target.origin(), target.url_prefix);
    let mut steps = Steps {
        json: args.json,
        failed: false,
        results: Vec::new(),
        endpoint: None,
        output_error: None,
    };
    crate::ui::block_on(check(&mut steps, target, args.each_server))?;
    if let Some(err) = steps.output_error.take() {
        return Err(err);
    }
    if args.json {
        let summary = serde_json::json!({
            "address": address,
            "ok": !steps.failed,
            "steps": steps.results,
        });
        ui::out(serde_json::to_string_pretty(&summary).unwrap_or_default())?;
    }
    Ok(if steps.failed {
        ExitStatus::Unreachable
    } else {
        ExitStatus::Success
    })
}

/// What the steps run against: the selected context, or ADDRESS. An ADDRESS on the context's
/// server keeps its url-prefix, headers and rootca; another server gets none of the context
/// (a path in ADDRESS is its url-prefix).
fn connection_target(address: Option<Url>, settings: &Settings) -> Result<Target> {
    let file = settings.store.load()?;
    let Some(address) = address else {
        return settings.selected_target(&file);
    };
    let (name, _) = settings.select(&file)?;
    match settings.target_of(&file, &name) {
        Ok(mut target) if target.origin() == address.origin().ascii_serialization() => {
            target.address = address;
            Ok(target)
        }
        _ => Ok(Target::bare(&name, address, settings.stall_timeout)),
    }
}

async fn check(steps: &mut Steps, target: Target, each_server: bool) -> Result<()> {
    let host = target.host();
    let port = target.address.port_or_known_default().unwrap_or(443);
    if each_server && !matches!(target.address.host(), Some(url::Host::Domain(_))) {
        return Err(Error::usage(format!(
            "--each-server: {} is an IP address: there is no name to expand into backends",
            target.origin()
        ))
        .with_hint("give the load balancer's host name"));
    }
    let Some(addrs) = dns_step(steps, &host, port).await else {
        return Ok(());
    };
    if !each_server {
        return check_backend(steps, target, &addrs, None).await;
    }
    let mut backends = addrs;
    backends.sort();
    backends.dedup();
    for addr in backends {
        if !steps.json {
            ui::out(format!("Backend {addr}:"))?;
        }
        steps.endpoint = Some(addr.to_string());
        check_backend(steps, target.clone(), &[addr], Some(addr)).await?;
    }
    Ok(())
}

/// TCP, TLS and enroll against `addrs` (the first that answers); with `pin`, the enroll call
/// dials that backend.
async fn check_backend(
    steps: &mut Steps,
    target: Target,
    addrs: &[SocketAddr],
    pin: Option<SocketAddr>,
) -> Result<()> {
    let failed_before = steps.failed;
    steps.failed = false;
    let result = backend_steps(steps, target, addrs, pin).await;
    steps.failed |= failed_before;
    result
}

async fn backend_steps(
    steps: &mut Steps,
    target: Target,
    addrs: &[SocketAddr],
    pin: Option<SocketAddr>,
) -> Result<()> {
    let host = target.host();
    let Some(stream) = tcp_step(steps, addrs).await else {
        return Ok(());
    };
    if target.address.scheme() == "https" {
        tls_step(steps, &target, &host, stream).await;
        if steps.failed {
            return Ok(());
        }
    } else {
        drop(stream);
        if !steps.json {
            ui::out(format!(
                "Note: {} is plain http; agents should use https",
                target.origin()
            ))?;
        }
    }
    enroll_step(steps, target, pin).await
}

async fn dns_step(steps: &mut Steps, host: &str, port: u16) -> Option<Vec<SocketAddr>> {
    let started = Instant::now();
    let lookup = tokio::time::timeout(
        STEP_TIMEOUT,
        tokio::net::lookup_host((host.trim_matches(['[', ']']), port)),
    )
    .await;
    let addrs: Vec<SocketAddr> = match lookup {
        Ok(Ok(addrs)) => addrs.collect(),
        Ok(Err(e)) => {
            steps.fail("dns", format!("cannot resolve {host}: {e}"));
            return None;
        }
        Err(_) => {
            let secs = STEP_TIMEOUT.as_secs();
            steps.fail("dns", format!("resolving {host} took more than {secs} s"));
            return None;
        }
    };
    let shown: Vec<String> = addrs.iter().map(|a| a.ip().to_string()).collect();
    steps.success(
        "dns",
        format!(
            "resolved {host} to {} ({} ms)",
            shown.join(", "),
            started.elapsed().as_millis()
        ),
    );
    Some(addrs)
}

async fn tcp_step(steps: &mut Steps, addrs: &[SocketAddr]) -> Option<tokio::net::TcpStream> {
    let mut last_error = String::new();
    for addr in addrs {
        let started = Instant::now();
        match tokio::time::timeout(STEP_TIMEOUT, tokio::net::TcpStream::connect(addr)).await {
            Ok(Ok(stream)) => {
                let ms = started.elapsed().as_millis();
                steps.success("tcp", format!("TCP connection to {addr} ({ms} ms)"));
                return Some(stream);
            }
            Ok(Err(e)) => last_error = format!("{addr}: {e}"),
            Err(_) => last_error = format!("{addr}: no answer within {} s", STEP_TIMEOUT.as_secs()),
        }
    }
    steps.fail("tcp", format!("cannot open a TCP connection: {last_error}"));
    None
}

/// The agent enroll endpoint with an invalid secret must answer Fleet's 401 `node_invalid`.
async fn enroll_step(steps: &mut Steps, target: Target, pin: Option<SocketAddr>) -> Result<()> {
    let client = FleetClient::without_credentials_at(target, pin)?;
    let req = client
        .request(Method::POST, "/api/osquery/enroll", false)?
        .timeout(STEP_TIMEOUT)
        .json(&serde_json::json!({
            "enroll_secret": "fleetctl-connection-check-invalid-secret",
            "host_identifier": "fleetctl-connection-check",
        }));
    let resp = match client.send(req).await {
        Ok(resp) => resp,
        Err(e) => {
            steps.fail("enroll", format!("agent enroll endpoint: {}", e.one_line()));
            return Ok(());
        }
    };
    let status = resp.status().as_u16();
    let body = client
        .read_limited(resp, 64 * 1024)
        .await
        .unwrap_or_default();
    let node_invalid = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v["node_invalid"].as_bool())
        == Some(true);
    if status == 401 && node_invalid {
        steps.success(
            "enroll",
            "agent enroll endpoint answers like Fleet (401 node_invalid for a wrong secret)",
        );
    } else {
        // Masked before the cut, so no prefix of a secret survives it.
        let body = crate::redact::redact_bytes(&body).0;
        let snippet: String = String::from_utf8_lossy(&body).chars().take(120).collect();
        steps.fail(
            "enroll",
            format!(
                "agent enroll endpoint answered {status} without node_invalid (is this Fleet? a proxy?): {snippet}"
            ),
        );
    }
    Ok(())
}

async fn tls_step(steps: &mut Steps, target: &Target, host: &str, stream: tokio::net::TcpStream) {
    let provider = crate::tls::provider();
    let verifier = match &target.rootca {
        Some(path) => {
            let pem = match crate::input::read_file(path, crate::input::Kind::Pem) {
                Ok(p) => p,
                Err(e) => return steps.fail("tls", format!("cannot read {}: {e}", path.display())),
            };
            match crate::tls::rootca_verifier(&pem, Arc::clone(&provider)) {
                Ok(v) => v,
                Err(e) => return steps.fail("tls", format!("cannot use {}: {e}", path.display())),
            }
        }
        None => match crate::tls::platform_verifier(Arc::clone(&provider)) {
            Ok(v) => v,
            Err(e) => return steps.fail("tls", format!("cannot load the system trust store: {e}")),
        },
    };
    let mut config = match crate::tls::client_config(verifier.clone(), provider) {
        Ok(config) => config,
        Err(e) => return steps.fail("tls", format!("TLS setup: {e}")),
    };
    config.alpn_protocols.clear();
    let name = match ServerName::try_from(host.trim_matches(['[', ']']).to_string()) {
        Ok(n) => n,
        Err(e) => return steps.fail("tls", format!("{host} is not a valid TLS server name: {e}")),
    };
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let started = Instant::now();
    let result = tokio::time::timeout(STEP_TIMEOUT, connector.connect(name, stream)).await;
    let chain = verifier.chain();
    let described = chain
        .first()
        .and_then(|der| x509::summarize(der))
        .map(|s| describe(&s, chain.len()));
    match result {
        Ok(Ok(_)) => {
            steps.success(
                "tls",
                format!(
                    "TLS certificate for {host} verified ({} ms): {}",
                    started.elapsed().as_millis(),
                    described.as_deref().unwrap_or("no details")
                ),
            );
        }
        Ok(Err(e)) => steps.fail(
            "tls",
            format!(
                "TLS certificate for {host} rejected: {e}{}; {}",
                described.map(|d| format!(" ({d})")).unwrap_or_default(),
                if target.rootca.is_some() {
                    "check that the PEM given holds the CA that signed it"
                } else {
                    "if a private CA signed it, pass its PEM with --fleet-certificate"
                }
            ),
        ),
        Err(_) => steps.fail(
            "tls",
            format!(
                "TLS handshake with {host} took more than {} s",
                STEP_TIMEOUT.as_secs()
            ),
        ),
    }
}

fn describe(summary: &x509::CertSummary, chain_len: usize) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let days_left = (summary.not_after - now).div_euclid(86_400);
    let expiry =
        crate::timefmt::rfc3339(UNIX_EPOCH + Duration::from_secs(summary.not_after.max(0) as u64));
    let when = if days_left < 0 {
        format!("EXPIRED {} days ago ({})", -days_left, &expiry[..10])
    } else {
        format!("expires {} ({days_left} days left)", &expiry[..10])
    };
    format!(
        "subject CN={}, names [{}], {when}, chain of {chain_len}",
        summary.subject_cn.as_deref().unwrap_or("-"),
        summary.names.join(", ")
    )
}
