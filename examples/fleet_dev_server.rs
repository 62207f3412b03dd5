//! The bundled Fleet-compatible server, standalone: for the README's demo and for trying
//! fleetctl by hand. `cargo run --example fleet_dev_server -- --help`
// Test and tool code prints directly; the clippy.toml print rule guards the library.
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

#[path = "../tests/support/mod.rs"]
mod support;

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use support::dev_server::{self as srv, DevServer, DevServerConfig, Fault};

/// fleet_dev_server: a local Fleet-compatible server (users, login, /debug endpoints, faults)
#[derive(Parser)]
#[command(
    name = "fleet_dev_server",
    after_help = "Prints `listening on <URL>` on stdout; users and tokens on stderr. Stops on Ctrl-C."
)]
struct Args {
    /// address to bind; port 0 picks one
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8412")]
    listen: SocketAddr,
    /// serve https with a freshly generated CA and certificate
    #[arg(long)]
    tls: bool,
    /// with --tls, write the CA certificate (PEM) here for --rootca
    #[arg(long, value_name = "PATH")]
    ca_out: Option<PathBuf>,
    /// mount every route under PREFIX, e.g. /fleet
    #[arg(long, value_name = "PREFIX")]
    url_prefix: Option<String>,
    /// inject a fault on a path (repeatable); SPEC is one of status:500 html:502 delay:5s
    /// stall:5s drop reset large:200MiB invalid-gzip malformed-json redirect:https://other.example/,
    /// or from:N:SPEC for that fault from the Nth request of the path on (`/healthz=from:4:status:500`:
    /// a server that turns unhealthy after 3 polls)
    #[arg(long, value_name = "PATH=SPEC", value_parser = parse_path_fault)]
    fault: Vec<(String, Fault)>,
    /// longest CPU profile accepted
    #[arg(long, value_name = "N", default_value_t = 100)]
    max_profile_seconds: u64,
    /// make /healthz fail for mysql or redis (repeatable)
    #[arg(long, value_name = "CHECK")]
    unhealthy: Vec<String>,
    /// serve /metrics behind this Basic auth
    #[arg(long, value_name = "USER:PASS", value_parser = parse_credentials)]
    metrics_auth: Option<(String, String)>,
    /// a growing server (a leak, a runaway job): every heap, goroutine and CPU profile has
    /// more samples of one function than the one before
    #[arg(long)]
    growing: bool,
}

impl Args {
    fn config(self) -> DevServerConfig {
        let mut config = DevServerConfig {
            listen: self.listen,
            max_profile_seconds: self.max_profile_seconds,
            unhealthy: self.unhealthy,
            metrics_basic_auth: self.metrics_auth,
            faults: self.fault,
            growing: self.growing,
            print_mfa_links: true,
            ..DevServerConfig::default()
        };
        if self.tls {
            config = config.with_tls();
        }
        if let Some(prefix) = &self.url_prefix {
            config = config.with_prefix(prefix);
        }
        config
    }
}

fn parse_size(text: &str) -> Option<u64> {
    let (number, unit) = text.split_at(
        text.find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len()),
    );
    let n: u64 = number.parse().ok()?;
    let factor = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kib" | "k" => 1024,
        "mib" | "m" => 1024 * 1024,
        "gib" | "g" => 1024 * 1024 * 1024,
        _ => return None,
    };
    Some(n * factor)
}

fn parse_seconds(text: &str) -> Option<Duration> {
    text.trim_end_matches('s')
        .parse()
        .ok()
        .map(Duration::from_secs)
}

fn parse_fault(spec: &str) -> Option<Fault> {
    let (kind, arg) = spec.split_once(':').unwrap_or((spec, ""));
    Some(match kind {
        "status" => Fault::Status(arg.parse().ok()?),
        "html" => Fault::Html(arg.parse().ok()?),
        "delay" => Fault::DelayHeaders(parse_seconds(arg)?),
        "stall" => Fault::StallMidBody(parse_seconds(arg)?),
        "drop" => Fault::DropMidBody,
        "reset" => Fault::Reset,
        "large" => Fault::LargeBody(parse_size(arg)?),
        "invalid-gzip" => Fault::InvalidGzip,
        "malformed-json" => Fault::MalformedJson,
        "redirect" => Fault::RedirectTo(arg.to_string()),
        "from" => {
            let (first, rest) = arg.split_once(':')?;
            Fault::Requests(first.parse().ok()?..=u64::MAX, Box::new(parse_fault(rest)?))
        }
        _ => return None,
    })
}

/// `--fault PATH=SPEC`.
fn parse_path_fault(text: &str) -> Result<(String, Fault), String> {
    let (path, spec) = text
        .split_once('=')
        .ok_or("--fault takes PATH=SPEC".to_string())?;
    let fault = parse_fault(spec).ok_or_else(|| format!("unknown fault `{spec}`"))?;
    Ok((path.to_string(), fault))
}

/// `--metrics-auth USER:PASS`.
fn parse_credentials(text: &str) -> Result<(String, String), String> {
    let (user, pass) = text
        .split_once(':')
        .ok_or("--metrics-auth takes USER:PASS".to_string())?;
    Ok((user.to_string(), pass.to_string()))
}

fn main() {
    let args = Args::parse();
    let ca_out = args.ca_out.clone();
    let config = args.config();
    let prefix = config.url_prefix.clone();
    let server = DevServer::start(config);
    if let (Some(path), Some(pem)) = (&ca_out, &server.ca_pem)
        && let Err(e) = std::fs::write(path, pem)
    {
        eprintln!("error: cannot write {}: {e}", path.display());
        std::process::exit(2);
    }
    eprintln!(
        "users: {} / {} (global admin), {} / {} (observer)",
        srv::ADMIN_EMAIL,
        srv::ADMIN_PASSWORD,
        srv::OBSERVER_EMAIL,
        srv::OBSERVER_PASSWORD
    );
    eprintln!(
        "email two-factor: {} / {} (global admin); its login link is printed here, not emailed",
        srv::MFA_EMAIL,
        srv::MFA_PASSWORD
    );
    eprintln!("API-only global admin token: {}", srv::API_ONLY_ADMIN_TOKEN);
    eprintln!(
        "restricted API-only global admin token (endpoint allowlist; 403 on /debug/): {}",
        srv::API_ONLY_RESTRICTED_ADMIN_TOKEN
    );
    let mut stdout = std::io::stdout();
    let _ = writeln!(stdout, "listening on {}{prefix}", server.url);
    let _ = stdout.flush();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(fleetctl::platform::interrupted());
    eprintln!("stopping");
    server.shutdown();
}
