//! `localhost` is loopback by its name; any other name (`*.localhost` too) only when every
//! address it resolves to is loopback: otherwise the token never goes over plain http to it.

use std::net::ToSocketAddrs;

use crate::harness::{Sandbox, assert_exit, assert_stderr_contains};
use crate::support::dev_server::{self as srv, DevServer, DevServerConfig};

#[test]
fn a_name_under_localhost_is_loopback_only_where_it_resolves_to_loopback() {
    let server = DevServer::start(DevServerConfig::default());
    let port = server.url.rsplit(':').next().unwrap().to_string();

    // `localhost` itself: plain http with the token, to the real server.
    let sb = Sandbox::with_context("a", &format!("http://localhost:{port}"));
    sb.store_token("a", srv::API_ONLY_ADMIN_TOKEN);
    let out = sb.cmd().args(["whoami"]).output().unwrap();
    assert_exit(&out, 0);

    for host in ["fleet-evil.localhost", "fleet.invalid"] {
        let resolved: Vec<_> = (host, 0)
            .to_socket_addrs()
            .map(Iterator::collect)
            .unwrap_or_default();
        if !resolved.is_empty() && resolved.iter().all(|a| a.ip().is_loopback()) {
            eprintln!("{host} resolves to loopback here ({resolved:?}): accepted as local");
            continue;
        }
        let sb = Sandbox::with_context("a", &format!("http://{host}:{port}"));
        sb.store_token("a", srv::API_ONLY_ADMIN_TOKEN);
        let out = sb.cmd().args(["whoami"]).output().unwrap();
        assert_exit(&out, 2);
        assert_stderr_contains(&out, "refusing to send credentials");
        assert_stderr_contains(&out, "over plain http://");
    }
}
