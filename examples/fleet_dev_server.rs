//! The bundled Fleet-compatible server, standalone: for the README's demo and for trying
//! fleetctl by hand. `cargo run --example fleet_dev_server -- --help`
// Test and tool code prints directly; the clippy.toml print rule guards the library.
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

#[path = "../tests/support/mod.rs"]
mod support;

use std::io::Write;
use std::time::Duration;

use support::dev_server::{self as srv, DevServer, DevServerConfig, Fault, TlsOptions};

const USAGE: &str = "\
fleet_dev_server: a local Fleet-compatible server (users, login, /debug endpoints, faults)

Usage: fleet_dev_server [OPTIONS]

Options:
  --listen ADDR              address to bind [default: 127.0.0.1:8412; port 0 picks one]
  --tls                      serve https with a freshly generated CA and certificate
  --ca-out PATH              with --tls, write the CA certificate (PEM) here for --rootca
  --url-prefix PREFIX        mount every route under PREFIX, e.g. /fleet
  --fault PATH=SPEC          inject a fault on a path (repeatable); SPEC is one of
                             status:500 html:502 delay:5s stall:5s drop reset large:200MiB
                             invalid-gzip malformed-json redirect:https://other.example/
  --max-profile-seconds N    longest CPU profile accepted [default: 100]
  --unhealthy CHECK          make /healthz fail for mysql or redis (repeatable)
  --metrics-auth USER:PASS   serve /metrics behind this Basic auth
  -h, --help                 print this help

Prints `listening on <URL>` on stdout; users and tokens on stderr. Stops on Ctrl-C.";

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
        _ => return None,
    })
}

fn fail(message: &str) -> ! {
    eprintln!("error: {message}\n\n{USAGE}");
    std::process::exit(2);
}

fn main() {
    let mut config = DevServerConfig {
        listen: "127.0.0.1:8412".parse().unwrap(),
        ..DevServerConfig::default()
    };
    let mut ca_out = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .unwrap_or_else(|| fail(&format!("{name} needs a value")))
        };
        match arg.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return;
            }
            "--listen" => {
                config.listen = value("--listen")
                    .parse()
                    .unwrap_or_else(|_| fail("--listen takes HOST:PORT"))
            }
            "--tls" => {
                config.tls = Some(TlsOptions {
                    subject_alt_names: vec!["localhost".into(), "127.0.0.1".into()],
                    expired: false,
                    self_signed_ca: false,
                })
            }
            "--ca-out" => ca_out = Some(value("--ca-out")),
            "--url-prefix" => config = config.with_prefix(&value("--url-prefix")),
            "--fault" => {
                let spec = value("--fault");
                let (path, fault) = spec
                    .split_once('=')
                    .unwrap_or_else(|| fail("--fault takes PATH=SPEC"));
                let fault =
                    parse_fault(fault).unwrap_or_else(|| fail(&format!("unknown fault `{fault}`")));
                config = config.with_fault(path, fault);
            }
            "--max-profile-seconds" => {
                config.max_profile_seconds = value("--max-profile-seconds")
                    .parse()
                    .unwrap_or_else(|_| fail("--max-profile-seconds takes a number"))
            }
            "--unhealthy" => config.unhealthy.push(value("--unhealthy")),
            "--metrics-auth" => {
                let pair = value("--metrics-auth");
                let (user, pass) = pair
                    .split_once(':')
                    .unwrap_or_else(|| fail("--metrics-auth takes USER:PASS"));
                config.metrics_basic_auth = Some((user.to_string(), pass.to_string()));
            }
            other => fail(&format!("unknown argument `{other}`")),
        }
    }
    let prefix = config.url_prefix.clone();
    let server = DevServer::start(config);
    if let (Some(path), Some(pem)) = (&ca_out, &server.ca_pem) {
        std::fs::write(path, pem).unwrap_or_else(|e| fail(&format!("cannot write {path}: {e}")));
    }
    eprintln!(
        "users: {} / {} (global admin), {} / {} (observer)",
        srv::ADMIN_EMAIL,
        srv::ADMIN_PASSWORD,
        srv::OBSERVER_EMAIL,
        srv::OBSERVER_PASSWORD
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
