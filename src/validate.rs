//! Checks on the values of a context, shared by `config set` (flags), `config import` (the Go
//! client's file) and every command that loads a context from the config file: a hand-edited
//! file gets the same rules as the flags. Each check returns the normalised value or the
//! reason it is refused; callers phrase the error for where the value came from.

use std::net::IpAddr;

use url::Url;

/// An http(s) URL with a host, no credentials, query or fragment. Returns it parsed.
pub fn address(raw: &str) -> Result<Url, String> {
    let url = Url::parse(raw.trim()).map_err(|e| e.to_string())?;
    match AddressProblem::of(&url) {
        Some(problem) => Err(problem.reason().to_string()),
        None => Ok(url),
    }
}

/// A url-prefix as `/path` ("" for none): path segments of letters, digits and `-._~%`, never
/// a URL, a host, `..`, a query or whitespace. Requests are built from the parsed address with
/// this as the path, so a prefix can never move them to another host.
pub fn url_prefix(raw: &str) -> Result<String, &'static str> {
    let trimmed = raw.trim().trim_matches('/');
    if trimmed.is_empty() {
        return Ok(String::new());
    }
    if trimmed.contains("://") {
        return Err("it is a URL, not a path (the scheme and host belong in --address)");
    }
    if trimmed.contains(['?', '#']) {
        return Err("it must not have a query or fragment");
    }
    if trimmed.contains(char::is_whitespace) {
        return Err("it contains whitespace");
    }
    if trimmed
        .split('/')
        .any(|seg| seg.is_empty() || seg == "." || seg == "..")
    {
        return Err("it has an empty, `.` or `..` segment");
    }
    let allowed =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~' | '%' | '/');
    if !trimmed.chars().all(allowed) {
        return Err("a path may hold only letters, digits, `/` and `-._~%`");
    }
    Ok(format!("/{trimmed}"))
}

/// A custom header's name and value: valid HTTP, and not the Authorization header (that one
/// carries the token).
pub fn header(name: &str, value: &str) -> Result<(), &'static str> {
    reqwest::header::HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| "the name is not a valid HTTP header name")?;
    reqwest::header::HeaderValue::from_str(value)
        .map_err(|_| "the value has characters a header cannot carry")?;
    if name.eq_ignore_ascii_case("authorization") {
        return Err("the Authorization header is set from the token");
    }
    Ok(())
}

/// The longest API token stored or sent. Fleet's are 44 characters; 8 KiB is about what an
/// HTTP server takes in one header line, so anything longer could never be used.
pub const MAX_TOKEN_BYTES: usize = 8 * 1024;

/// An API token as it is stored and sent: surrounding whitespace trimmed; never empty, never
/// longer than [`MAX_TOKEN_BYTES`], no whitespace or control characters inside. The reason never
/// quotes the token.
pub fn token(raw: &str) -> Result<String, String> {
    let token = raw.trim();
    if token.is_empty() {
        return Err("it is empty".to_string());
    }
    if token.len() > MAX_TOKEN_BYTES {
        return Err(format!(
            "it is {} bytes long, more than the {} KiB a token may have",
            token.len(),
            MAX_TOKEN_BYTES / 1024
        ));
    }
    if token.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("it contains whitespace or control characters".to_string());
    }
    Ok(token.to_string())
}

/// The longest email address (RFC 5321's path limit).
pub const MAX_EMAIL_BYTES: usize = 254;

/// An email as a server may send it back: not empty, at most [`MAX_EMAIL_BYTES`], no
/// whitespace or control characters.
pub fn email(raw: &str) -> Result<(), &'static str> {
    if raw.is_empty() || raw.len() > MAX_EMAIL_BYTES {
        return Err("it is empty or longer than 254 bytes");
    }
    if raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("it contains whitespace or control characters");
    }
    Ok(())
}

/// What makes a parsed URL unusable as a Fleet server's address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressProblem {
    Scheme,
    NoHost,
    Credentials,
    QueryOrFragment,
}

impl AddressProblem {
    /// Checks shared by `config set --address` and `debug connection ADDRESS`.
    pub fn of(url: &Url) -> Option<Self> {
        if !matches!(url.scheme(), "http" | "https") {
            Some(Self::Scheme)
        } else if url.host_str().is_none_or(str::is_empty) {
            Some(Self::NoHost)
        } else if !url.username().is_empty() || url.password().is_some() {
            Some(Self::Credentials)
        } else if url.query().is_some() || url.fragment().is_some() {
            Some(Self::QueryOrFragment)
        } else {
            None
        }
    }

    pub fn reason(self) -> &'static str {
        match self {
            Self::Scheme => "the scheme must be https:// (or http:// for a local server)",
            Self::NoHost => "it has no host",
            Self::Credentials => "credentials do not belong in the address",
            Self::QueryOrFragment => "it must not have a query or fragment",
        }
    }
}

/// Loopback hosts are the only ones credentials may be sent to over plain http. `localhost`
/// and loopback addresses count by their spelling; any other name (`app.localhost` too) only
/// when it resolves, and every address it resolves to is loopback: a name is only a name.
pub fn is_loopback_host(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if is_loopback_by_spelling(host) {
        return true;
    }
    if host.parse::<IpAddr>().is_ok() {
        return false;
    }
    use std::net::ToSocketAddrs;
    match (host, 0).to_socket_addrs() {
        Ok(addresses) => {
            let addresses: Vec<_> = addresses.collect();
            !addresses.is_empty() && addresses.iter().all(|a| a.ip().is_loopback())
        }
        Err(_) => false,
    }
}

/// `localhost` itself or a loopback address, without asking a resolver.
pub fn is_loopback_by_spelling(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.eq_ignore_ascii_case("localhost.")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        for host in [
            "localhost",
            "127.0.0.1",
            "127.8.9.1",
            "[::1]",
            "::1",
            "LocalHost",
        ] {
            assert!(is_loopback_host(host), "{host}");
            assert!(is_loopback_by_spelling(host), "{host}");
        }
        // Other names count only by where they resolve.
        for host in ["app.localhost", "fleet.invalid", "localhost.localdomain"] {
            use std::net::ToSocketAddrs;
            let resolved: Vec<_> = (host, 0)
                .to_socket_addrs()
                .map(Iterator::collect)
                .unwrap_or_default();
            let all_loopback =
                !resolved.is_empty() && resolved.iter().all(|a| a.ip().is_loopback());
            assert_eq!(is_loopback_host(host), all_loopback, "{host}: {resolved:?}");
            assert!(!is_loopback_by_spelling(host), "{host}");
        }
        assert!(
            !is_loopback_host("fleet.invalid"),
            "a name that does not resolve"
        );
        for host in [
            "example.com",
            "10.0.0.1",
            "localhost.example.com",
            "128.0.0.1",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }

    #[test]
    fn tokens_are_trimmed_bounded_and_single_words() {
        assert_eq!(token("  abc-123_x=\n").unwrap(), "abc-123_x=");
        let longest = "t".repeat(MAX_TOKEN_BYTES);
        assert_eq!(token(&longest).unwrap(), longest);
        for bad in ["", " \n\t ", "ab cd", "ab\u{1b}cd", "ab\ncd"] {
            assert!(token(bad).is_err(), "{bad:?}");
        }
        let too_long = token(&"t".repeat(MAX_TOKEN_BYTES + 1)).unwrap_err();
        assert!(too_long.contains("8 KiB"), "{too_long}");
        assert!(
            !too_long.contains("ttt"),
            "the reason quotes the token: {too_long}"
        );
    }

    #[test]
    fn emails_from_a_server_are_short_single_words() {
        assert!(email("admin@example.com").is_ok());
        for bad in ["", "a b@x", "a\u{1b}]0;x\u{7}@x", &"e".repeat(255)] {
            assert!(email(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn prefixes_are_paths_only() {
        assert_eq!(url_prefix("fleet/").unwrap(), "/fleet");
        assert_eq!(url_prefix("/a/b-c_d.e~f%20").unwrap(), "/a/b-c_d.e~f%20");
        assert_eq!(url_prefix("/").unwrap(), "");
        for bad in [
            "@evil.example:8080",
            "/x@evil",
            "https://evil",
            "/a/../b",
            "/a//b",
            "/a?b",
            "a b",
            "/a\\b",
            "/fleet:80",
        ] {
            assert!(url_prefix(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn addresses_need_scheme_host_and_no_credentials() {
        assert!(address("https://fleet.example.com:8080").is_ok());
        assert!(address("http://127.0.0.1:1").is_ok());
        for bad in [
            "ftp://x",
            "https://u:p@x",
            "https://x/?q",
            "localhost:8080",
            "",
        ] {
            assert!(address(bad).is_err(), "{bad}");
        }
    }
}
