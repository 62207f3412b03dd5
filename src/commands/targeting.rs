//! `--server`, `--servers-from` and `--each-server`: which backends behind a context's load
//! balancer a multi-server command reaches (`debug archive`, `health`, `debug connection`).

use std::path::{Path, PathBuf};

use clap::Args;

use crate::capture::endpoint::{Targeting, server_lines};
use crate::error::{Error, Result};
use crate::input::{self, Kind};

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

fn read_list(path: &Path) -> Result<String> {
    let read = if path.as_os_str() == "-" {
        input::read_stream(std::io::stdin().lock(), Kind::ServerList)
    } else {
        input::read_file(path, Kind::ServerList)
    };
    let bytes = read.map_err(|why| {
        Error::usage(format!(
            "cannot read --servers-from {}: {why}",
            path.display()
        ))
        .with_hint("give a file of addresses, one a line, or `-` to read them from stdin")
    })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
