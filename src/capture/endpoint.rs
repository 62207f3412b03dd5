//! Endpoints: where to dial a server. A server's identity (a context's [`Target`]: the name
//! for TLS and `Host`, token, prefix, headers) plus, optionally, a pinned socket address: one
//! backend behind a load balancer, from `--server`, `--servers-from` or `--each-server`.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use url::Host;

use crate::client::{FleetClient, Target};
use crate::error::{Error, Result};

/// Which backends of a context to reach; the default is the context's address as it resolves
/// (whichever backend the load balancer picks).
#[derive(Debug, Clone, Default)]
pub struct Targeting {
    /// `--server` values and the lines of `--servers-from`, as given.
    pub servers: Vec<String>,
    /// `--each-server`: every address the context's host name resolves to.
    pub each_server: bool,
}

impl Targeting {
    /// Whether backends are pinned at all.
    pub fn pins(&self) -> bool {
        self.each_server || !self.servers.is_empty()
    }
}

/// One place to dial: a server's identity and, for one backend, its socket address.
#[derive(Debug, Clone)]
pub struct Endpoint {
    pub identity: Arc<Target>,
    pub pin: Option<SocketAddr>,
}

impl Endpoint {
    /// The folder name of a pinned backend: `10.0.3.17_8080`, `fd00--1_8443` (safe on every
    /// file system, never a member name the archive writes itself).
    pub fn label(&self) -> Option<String> {
        self.pin.map(backend_label)
    }

    /// The address reached, as the manifest and the tables show it: the pinned socket
    /// address, else the context's origin.
    pub fn address(&self) -> String {
        match self.pin {
            Some(pin) => pin.to_string(),
            None => self.identity.origin(),
        }
    }

    /// What makes two endpoints the same server: where they dial, and the url-prefix.
    pub fn key(&self) -> (String, String) {
        (self.address(), self.identity.url_prefix.clone())
    }

    /// The host name TLS verifies (and `Host` carries) when it is a name, not an address.
    pub fn verified_name(&self) -> Option<String> {
        match self.identity.address.host() {
            Some(Host::Domain(name)) if self.identity.address.scheme() == "https" => {
                Some(name.to_string())
            }
            _ => None,
        }
    }

    /// A client for this endpoint, under the usual credentials rules.
    pub fn client(&self) -> Result<FleetClient> {
        FleetClient::pinned((*self.identity).clone(), self.pin)
    }
}

/// `10.0.3.17:8080` -> `10.0.3.17_8080`, `[fd00::1]:443` -> `fd00--1_443`.
pub fn backend_label(addr: SocketAddr) -> String {
    format!(
        "{}_{}",
        addr.ip().to_string().replace(':', "-"),
        addr.port()
    )
}

/// The endpoints of one identity: the context's own address, or with pinning every backend
/// asked for, each socket address once (two names for one backend are one endpoint), in
/// address order.
pub async fn endpoints(identity: Arc<Target>, targeting: &Targeting) -> Result<Vec<Endpoint>> {
    if !targeting.pins() {
        return Ok(vec![Endpoint {
            identity,
            pin: None,
        }]);
    }
    let port = identity.address.port_or_known_default().unwrap_or(443);
    let mut pins = Vec::new();
    if targeting.each_server {
        pins.extend(each_server(&identity, port).await?);
    }
    for spec in &targeting.servers {
        pins.extend(resolve_server(spec, port).await?);
    }
    pins.sort();
    pins.dedup();
    Ok(pins
        .into_iter()
        .map(|pin| Endpoint {
            identity: Arc::clone(&identity),
            pin: Some(pin),
        })
        .collect())
}

/// Every address the context's host name has (A and AAAA, through the system resolver).
async fn each_server(identity: &Target, port: u16) -> Result<Vec<SocketAddr>> {
    let context = &identity.context;
    let name = match identity.address.host() {
        Some(Host::Domain(name)) => name.to_string(),
        _ => {
            return Err(Error::usage(format!(
                "--each-server: context `{context}` has the address {}, an IP address: there is no name to expand into backends",
                identity.origin()
            ))
            .with_hint(
                "point the context at the load balancer's host name, or name the backends with --server ADDR",
            ));
        }
    };
    let found = resolve_name(&name, port).await.map_err(|why| {
        Error::unreachable(format!(
            "--each-server: cannot resolve {name} (context `{context}`): {why}"
        ))
        .with_hint(format!(
            "check the name: `fleetctl config get address --context {context}`, or name the backends with --server ADDR"
        ))
    })?;
    Ok(found)
}

/// One `--server` value: `ip`, `ip:port`, `[v6]` or `[v6]:port`, or `host:port` (resolved;
/// every address it has counts). Without a port, the context's.
pub async fn resolve_server(spec: &str, default_port: u16) -> Result<Vec<SocketAddr>> {
    match parse_server(spec, default_port)? {
        ServerAddr::Socket(addr) => Ok(vec![addr]),
        ServerAddr::Name(name, port) => resolve_name(&name, port).await.map_err(|why| {
            Error::unreachable(format!("--server {spec}: cannot resolve {name}: {why}"))
                .with_hint("give the backend's IP address, or a host name the resolver knows")
        }),
    }
}

/// A `--server` value, parsed.
#[derive(Debug, PartialEq, Eq)]
pub enum ServerAddr {
    Socket(SocketAddr),
    Name(String, u16),
}

pub fn parse_server(spec: &str, default_port: u16) -> Result<ServerAddr> {
    let spec = spec.trim();
    let invalid = || {
        Error::usage(format!(
            "--server `{spec}` is neither an IP address nor host:port"
        ))
        .with_hint("write 10.0.3.17, 10.0.3.17:8080, [fd00::1]:8080 or fleet-1.internal:8080")
    };
    if let Ok(ip) = spec.parse::<IpAddr>() {
        return Ok(ServerAddr::Socket(SocketAddr::new(ip, default_port)));
    }
    if let Ok(addr) = spec.parse::<SocketAddr>() {
        return Ok(ServerAddr::Socket(addr));
    }
    if let Some(v6) = spec.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
        let ip = v6.parse::<IpAddr>().map_err(|_| invalid())?;
        return Ok(ServerAddr::Socket(SocketAddr::new(ip, default_port)));
    }
    let (host, port) = spec.rsplit_once(':').ok_or_else(invalid)?;
    let port = port
        .parse::<u16>()
        .ok()
        .filter(|p| *p > 0)
        .ok_or_else(invalid)?;
    let valid_name = !host.is_empty()
        && host.len() <= 253
        && host
            .split('.')
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    if !valid_name {
        return Err(invalid());
    }
    Ok(ServerAddr::Name(host.to_ascii_lowercase(), port))
}

/// Every address of `name` from the system resolver (so /etc/hosts, round-robin DNS and
/// Kubernetes headless services all count), each once.
async fn resolve_name(name: &str, port: u16) -> std::result::Result<Vec<SocketAddr>, String> {
    let found = tokio::net::lookup_host((name, port))
        .await
        .map_err(|e| e.to_string())?;
    let mut addrs: Vec<SocketAddr> = found.collect();
    addrs.sort();
    addrs.dedup();
    if addrs.is_empty() {
        return Err("the name has no addresses".into());
    }
    Ok(addrs)
}

/// The lines of a `--servers-from` file: one address a line, `#` starts a comment.
pub fn server_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| line.split('#').next().unwrap_or_default().trim())
        .filter(|line| !line.is_empty())
        .map(String::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_addresses_parse_or_say_why() {
        let sock = |s: &str| ServerAddr::Socket(s.parse().unwrap());
        assert_eq!(
            parse_server("10.0.3.17", 8080).unwrap(),
            sock("10.0.3.17:8080")
        );
        assert_eq!(
            parse_server("10.0.3.17:9", 8080).unwrap(),
            sock("10.0.3.17:9")
        );
        assert_eq!(parse_server("[fd00::1]:9", 1).unwrap(), sock("[fd00::1]:9"));
        assert_eq!(parse_server("[fd00::1]", 7).unwrap(), sock("[fd00::1]:7"));
        assert_eq!(parse_server("fd00::1", 7).unwrap(), sock("[fd00::1]:7"));
        assert_eq!(
            parse_server("Fleet-1.internal:8080", 1).unwrap(),
            ServerAddr::Name("fleet-1.internal".into(), 8080)
        );
        for bad in [
            "fleet-1.internal",
            "https://x:1",
            "a b:1",
            "x:0",
            "x:99999",
            ":80",
            "[x]:1",
        ] {
            let err = parse_server(bad, 443).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{bad}");
            assert!(
                err.message.contains("neither an IP address nor host:port"),
                "{bad}"
            );
        }
    }

    #[test]
    fn labels_are_folder_safe() {
        assert_eq!(
            backend_label("10.0.3.17:8080".parse().unwrap()),
            "10.0.3.17_8080"
        );
        assert_eq!(
            backend_label("[fd00::1]:443".parse().unwrap()),
            "fd00--1_443"
        );
    }

    #[test]
    fn server_lines_skip_comments_and_blanks() {
        let text = "# backends\n10.0.0.1\n\n 10.0.0.2:8080 # b\n#x\n";
        assert_eq!(server_lines(text), ["10.0.0.1", "10.0.0.2:8080"]);
    }
}
