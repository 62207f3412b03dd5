//! `--server`, `--servers-from` and `--each-server`: which backends behind a context's load
//! balancer a multi-server command reaches (`debug archive`, `health`, `debug connection`).

use std::io::Read;
use std::path::PathBuf;

use clap::Args;

use crate::capture::endpoint::{Targeting, server_lines};
use crate::error::{Error, Result};

/// A `--servers-from` list larger than this is not a list of backends.
const MAX_SERVERS_FROM_BYTES: u64 = 1024 * 1024;

#[derive(Debug, Clone, Args)]
pub struct TargetingArgs {
    /// Reach this backend directly (repeatable): `ip`, `ip:port`, `[v6]:port` or `host:port`;
    /// TLS still verifies the context's host name, sent as `Host` too, with the context's
    /// token, url-prefix, rootca and headers; never through a proxy
    #[arg(long = "server", value_name = "ADDR")]
    pub servers: Vec<String>,

    /// Read backends from a file (`-` for stdin), one address a line as for --server, `#`
    /// starts a comment
    #[arg(long, value_name = "FILE")]
    pub servers_from: Option<PathBuf>,

    /// Reach every address the context's host name resolves to (A and AAAA, through the
    /// system resolver), each as its own server
    #[arg(long)]
    pub each_server: bool,
}

impl TargetingArgs {
    /// The backends asked for, with the `--servers-from` list read (bounded).
    pub fn resolve(self) -> Result<Targeting> {
        let mut servers = self.servers;
        if let Some(path) = &self.servers_from {
            let text = read_list(path)?;
            let listed = server_lines(&text);
            if listed.is_empty() {
                return Err(Error::usage(format!(
                    "--servers-from {}: no addresses in it",
                    path.display()
                ))
                .with_hint("one address a line: 10.0.3.17, 10.0.3.17:8080 or host:port"));
            }
            servers.extend(listed);
        }
        Ok(Targeting {
            servers,
            each_server: self.each_server,
        })
    }
}

fn read_list(path: &PathBuf) -> Result<String> {
    let shown = path.display();
    let cannot = |e: std::io::Error| {
        Error::usage(format!("cannot read --servers-from {shown}: {e}"))
            .with_hint("give a readable file of addresses, or `-` for stdin")
    };
    let mut text = String::new();
    let read = if path.as_os_str() == "-" {
        std::io::stdin()
            .take(MAX_SERVERS_FROM_BYTES + 1)
            .read_to_string(&mut text)
    } else {
        let file = std::fs::File::open(path).map_err(cannot)?;
        if !file.metadata().map_err(cannot)?.is_file() {
            return Err(
                Error::usage(format!("--servers-from {shown} is not a regular file"))
                    .with_hint("give a file of addresses, or `-` to read them from stdin"),
            );
        }
        file.take(MAX_SERVERS_FROM_BYTES + 1)
            .read_to_string(&mut text)
    };
    read.map_err(cannot)?;
    if text.len() as u64 > MAX_SERVERS_FROM_BYTES {
        return Err(Error::usage(format!(
            "--servers-from {shown} is larger than 1 MiB: not a list of backends"
        ))
        .with_hint("one address a line"));
    }
    Ok(text)
}
