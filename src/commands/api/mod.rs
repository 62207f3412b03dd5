//! `fleetctl api`: any REST call with the context's address, url-prefix, TLS settings, custom
//! headers and token, in the manner of `gh api`. The escape hatch for CI scripts that would
//! otherwise `curl` the API with the token on their command line.

use std::io::Read;
use std::path::{Path, PathBuf};

use clap::Args;
use percent_encoding::percent_decode_str;
use reqwest::Method;
use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use serde_json::Value;
use url::Url;

use crate::client::{self, FleetClient, Target};
use crate::error::{Error, ErrorKind, ExitStatus, Result};
use crate::settings::Settings;
use crate::ui;

mod body;

use body::{Body, Field};

#[derive(Debug, Args)]
pub struct ApiArgs {
    /// API path, as the Go fleetctl reads it: `scripts`, `/scripts` and `/api/v1/fleet/scripts`
    /// all mean /api/v1/fleet/scripts (a path that starts with /api/v1/fleet or
    /// /api/latest/fleet is taken as it is); a query string is allowed, a URL or another host
    /// is not
    #[arg(value_name = "PATH")]
    pub path: String,

    /// HTTP method [default: GET; POST with --input]
    #[arg(short = 'X', long, value_name = "METHOD")]
    pub method: Option<String>,

    /// Field KEY=VALUE, as in the Go fleetctl: a query parameter on GET; otherwise a member of
    /// the JSON body (VALUE parsed as JSON when it is valid JSON, else a string; a bare KEY is
    /// true); KEY=<FILE uses the file's contents, KEY=@FILE uploads the file (multipart)
    #[arg(short = 'F', long = "field", value_name = "KEY=VALUE")]
    pub fields: Vec<String>,

    /// String field KEY=VALUE, sent as it is (never parsed as JSON or read from a file)
    #[arg(short = 'f', long = "raw-field", value_name = "KEY=VALUE")]
    pub raw_fields: Vec<String>,

    /// Request header 'Name:Value' (repeatable; Authorization and Host come from the context)
    #[arg(short = 'H', long = "header", value_name = "NAME:VALUE")]
    pub headers: Vec<String>,

    /// Request body from FILE, or - for stdin (fields then go to the query string)
    #[arg(long, value_name = "FILE")]
    pub input: Option<PathBuf>,

    /// Print the HTTP status line and response headers before the body
    #[arg(short = 'i', long)]
    pub include: bool,

    /// Do not print the response body
    #[arg(long)]
    pub silent: bool,
}

/// Headers a `-H` may not set: the context decides them, or they frame the request.
const REFUSED_HEADERS: [&str; 5] = [
    "authorization",
    "proxy-authorization",
    "host",
    "content-length",
    "transfer-encoding",
];

pub fn run(args: ApiArgs, settings: &Settings) -> Result<ExitStatus> {
    let fields: Vec<Field> = args
        .fields
        .iter()
        .map(|f| Field::Typed(f.clone()))
        .chain(args.raw_fields.iter().map(|f| Field::Raw(f.clone())))
        .collect();
    if args.input.as_deref() == Some(Path::new("-"))
        && args
            .fields
            .iter()
            .any(|f| f.ends_with("=@-") || f.ends_with("=<-"))
    {
        return Err(
            Error::usage("--input - and a -F key=@- (or key=<-) field both read stdin")
                .with_hint("give one of them a file instead: --input FILE or -F key=@FILE"),
        );
    }
    let target = settings.target()?;
    let url = api_url(&target, &args.path)?;
    let method = match &args.method {
        Some(m) => parse_method(m)?,
        None if args.input.is_some() => Method::POST,
        None => Method::GET,
    };
    let headers = parse_headers(&args.headers)?;
    let (url, body) = build_request(url, &method, &fields, args.input.as_deref())?;
    let token = target.token.clone();
    let fleet = if token.is_some() {
        FleetClient::new(target)?
    } else {
        FleetClient::without_credentials(target)?
    };
    let shown = format!("{method} {}", url.path());
    let mut req = fleet.request_url(method, url, token.is_some())?;
    let mut all_headers = HeaderMap::new();
    if let Some(body) = &body {
        let content_type = HeaderValue::from_str(&body.content_type)
            .map_err(|_| Error::general("invalid Content-Type for the body"))?;
        all_headers.insert(header::CONTENT_TYPE, content_type);
    }
    all_headers.extend(headers);
    req = req.headers(all_headers);
    if let Some(body) = body {
        req = req.body(body.bytes);
    }
    let (status, head, content_type, body) = ui::block_on(async {
        let resp = fleet.send(req).await?;
        let status = resp.status();
        let head = include_head(&resp);
        let content_type = client::content_type(&resp);
        let body = fleet
            .read_limited(resp, client::MAX_JSON_BYTES)
            .await
            .map_err(|e| fleet.body_error(e))?;
        Ok::<_, Error>((status, head, content_type, body))
    })?;
    if !status.is_success() {
        // As the Go client: nothing on stdout, the status (and here the server's message) on
        // stderr.
        return Err(status_error(&fleet, status, &content_type, &body, &shown));
    }
    let mut out = Vec::new();
    if args.include {
        out.extend_from_slice(head.as_bytes());
    }
    if !args.silent {
        out.extend(present_body(&body, &content_type));
    }
    // Through the choke point: a body or header that echoes the token shows [REDACTED].
    ui::out_bytes(&out)?;
    Ok(ExitStatus::Success)
}

/// A non-2xx answer: `METHOD PATH: HTTP <status>: <what the server said>`, exit 4 for 401 and
/// 403, 1 for every other status (the Go client exits 1 for all of them).
fn status_error(
    fleet: &FleetClient,
    status: reqwest::StatusCode,
    content_type: &str,
    body: &[u8],
    shown: &str,
) -> Error {
    let path = shown.split_once(' ').map_or(shown, |(_, p)| p);
    let base = fleet.status_error(status, content_type, body, path);
    let kind = match status.as_u16() {
        401 | 403 => ErrorKind::Auth,
        _ => ErrorKind::General,
    };
    let mut err = Error::new(kind, format!("{shown}: HTTP {status}: {}", base.message));
    err.hint = base.hint;
    err
}

/// The Go client's path rule: a leading `/` is added, and a path that does not start with
/// /api/v1/fleet or /api/latest/fleet gets /api/v1/fleet in front.
pub fn go_api_path(raw: &str) -> String {
    let path = if raw.starts_with('/') {
        raw.to_string()
    } else {
        format!("/{raw}")
    };
    if path.starts_with("/api/v1/fleet") || path.starts_with("/api/latest/fleet") {
        path
    } else {
        format!("/api/v1/fleet{path}")
    }
}

/// The request URL: the context's scheme, host and port, its url-prefix, then PATH (after the
/// Go client's rule). Nothing in PATH can name another host or climb out of the url-prefix:
/// URLs, `//host`, backslashes and `..` segments are refused, also percent-encoded (`%2e%2e`,
/// `%2f..%2f`), since the server's router decodes and cleans the path.
pub fn api_url(target: &Target, raw: &str) -> Result<Url> {
    let bad = |why: &str| {
        Error::usage(format!("invalid API path `{raw}`: {why}")).with_hint(
            "give a path on the context's server, e.g. hosts, /hosts or /api/v1/fleet/hosts",
        )
    };
    if raw.trim().is_empty() {
        return Err(bad("it is empty"));
    }
    if raw.contains("://") || raw.starts_with("//") || raw.contains('\\') {
        return Err(bad(
            "it must be a path, not a URL: requests go to the context's server only",
        ));
    }
    if raw.contains('#') || raw.chars().any(char::is_control) {
        return Err(bad("it must not hold a fragment (#) or control characters"));
    }
    let (path, query) = match raw.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (raw, None),
    };
    if climbs_out(path) {
        return Err(bad(
            "`..` segments (also percent-encoded, or behind an encoded / or \\) are not allowed",
        ));
    }
    let path = go_api_path(path);
    let mut segments: Vec<&str> = target
        .url_prefix
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    segments.extend(path.split('/').filter(|s| !s.is_empty() && *s != "."));
    let mut joined = format!("/{}", segments.join("/"));
    if path.ends_with('/') && !joined.ends_with('/') {
        joined.push('/');
    }
    let mut url = target.address.clone();
    url.set_fragment(None);
    url.set_query(query.filter(|q| !q.is_empty()));
    url.set_path(&joined);
    Ok(url)
}

/// Whether a path holds a `..` segment as written, once decoded or twice decoded (a proxy in
/// front may decode once more), where an encoded `/` or `\` also separates segments.
fn climbs_out(path: &str) -> bool {
    let mut text = path.to_string();
    for _ in 0..3 {
        if text
            .split(['/', '\\'])
            .any(|segment| segment == ".." || segment.chars().any(char::is_control))
        {
            return true;
        }
        let decoded = percent_decode_str(&text).decode_utf8_lossy().into_owned();
        if decoded == text {
            return false;
        }
        text = decoded;
    }
    true
}

fn parse_method(raw: &str) -> Result<Method> {
    let upper = raw.trim().to_ascii_uppercase();
    if upper.is_empty() || !upper.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(Error::usage(format!("invalid method `{raw}`"))
            .with_hint("give an HTTP method, e.g. -X GET, -X POST, -X PATCH, -X DELETE"));
    }
    Method::from_bytes(upper.as_bytes())
        .map_err(|_| Error::usage(format!("invalid method `{raw}`")))
}

/// A file's bytes, or stdin's for `-`, refusing more than the client's JSON limit.
fn read_input(path: &Path) -> Result<Vec<u8>> {
    let limit = client::MAX_JSON_BYTES as u64;
    let mut bytes = Vec::new();
    let read = if path == Path::new("-") {
        std::io::stdin().take(limit + 1).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
    };
    read.map_err(|e| Error::io("read", path, e))?;
    if bytes.len() as u64 > limit {
        return Err(Error::usage(format!(
            "{} is larger than {} bytes",
            path.display(),
            limit
        )));
    }
    Ok(bytes)
}

/// GET and HEAD: fields are query parameters (also with --input, whose file is the body);
/// any other method: the fields' JSON or multipart body.
fn build_request(
    mut url: Url,
    method: &Method,
    fields: &[Field],
    input: Option<&Path>,
) -> Result<(Url, Option<Body>)> {
    let input = input.map(read_input).transpose()?;
    if input.is_some() || matches!(*method, Method::GET | Method::HEAD) {
        let pairs = body::query_pairs(fields);
        if !pairs.is_empty() {
            url.query_pairs_mut().extend_pairs(pairs);
        }
        let body = input.map(|bytes| Body {
            content_type: "application/json".into(),
            bytes,
        });
        return Ok((url, body));
    }
    if fields.is_empty() {
        return Ok((url, None));
    }
    Ok((url, Some(body::body(fields)?)))
}

fn parse_headers(raw: &[String]) -> Result<HeaderMap> {
    let mut map = HeaderMap::new();
    for line in raw {
        let bad = |why: &str| {
            Error::usage(format!("invalid header `{line}`: {why}"))
                .with_hint("write it as -H 'Name: value'")
        };
        let Some((name, value)) = line.split_once(':') else {
            // The Go client skips such a header; say so rather than fail its scripts.
            ui::warn(format!(
                "header `{line}` has no `:` between name and value and is ignored, as the Go fleetctl ignores it"
            ));
            continue;
        };
        let name = HeaderName::from_bytes(name.trim().as_bytes())
            .map_err(|_| bad("the name is not a valid HTTP header name"))?;
        if REFUSED_HEADERS.contains(&name.as_str()) {
            return Err(bad("fleetctl sets this header itself").with_hint(
                "the token comes from the context or FLEETCTL_TOKEN, the host from the context's address",
            ));
        }
        let mut value = HeaderValue::from_str(value.trim())
            .map_err(|_| bad("the value has characters a header cannot carry"))?;
        // Values may be credentials: --debug shows them as [REDACTED], and every output masks
        // them.
        value.set_sensitive(true);
        crate::redact::register(value.to_str().unwrap_or_default());
        // A later -H of the same name replaces an earlier one, as in the Go client.
        map.insert(name, value);
    }
    Ok(map)
}

/// `-i`: the status line and the response headers, never an Authorization header (a header
/// that echoes the token is masked on its way out, like everything printed).
fn include_head(resp: &reqwest::Response) -> String {
    let mut head = format!("{:?} {}\r\n", resp.version(), resp.status());
    for (name, value) in resp.headers() {
        if name == header::AUTHORIZATION || name == header::PROXY_AUTHORIZATION {
            continue;
        }
        let value = String::from_utf8_lossy(value.as_bytes());
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    head
}

/// The body as it came; JSON is pretty-printed when stdout is a terminal.
fn present_body(body: &[u8], content_type: &str) -> Vec<u8> {
    if ui::stdout_is_tty()
        && (content_type.contains("json") || content_type.is_empty())
        && let Ok(value) = serde_json::from_slice::<Value>(body)
        && let Ok(mut pretty) = serde_json::to_vec_pretty(&value)
    {
        pretty.push(b'\n');
        return pretty;
    }
    body.to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(address: &str, prefix: &str) -> Target {
        let mut target = Target::bare(
            "a",
            Url::parse(address).unwrap(),
            crate::settings::DEFAULT_STALL_TIMEOUT,
        );
        target.url_prefix = prefix.into();
        target
    }

    #[test]
    fn paths_follow_the_go_rule_and_stay_on_the_contexts_server() {
        let t = target("https://fleet.example.com:8443/ignored", "/fleet");
        let url = |p: &str| api_url(&t, p).map(|u| u.to_string());
        let base = "https://fleet.example.com:8443/fleet";
        for same in [
            "scripts",
            "/scripts",
            "api/v1/fleet/scripts",
            "/api/v1/fleet/scripts",
        ] {
            assert_eq!(
                url(same).unwrap(),
                format!("{base}/api/v1/fleet/scripts"),
                "{same}"
            );
        }
        assert_eq!(
            url("/api/latest/fleet/hosts?per_page=2&query=a b").unwrap(),
            format!("{base}/api/latest/fleet/hosts?per_page=2&query=a%20b")
        );
        assert_eq!(
            url("/healthz").unwrap(),
            format!("{base}/api/v1/fleet/healthz")
        );
        assert_eq!(
            url("./hosts/").unwrap(),
            format!("{base}/api/v1/fleet/hosts/")
        );
        for evil in [
            "https://evil.example.com/api",
            "//evil.example.com/api",
            "/api/../../x",
            "fleet/%2e%2E/x",
            "hosts/%2f..%2f..%2fdebug",
            "hosts%2F%2E%2E%2F%2E%2E%2Fx",
            "hosts/%252e%252e/x",
            "hosts/%5c..%5cx",
            "\\\\evil.example.com\\x",
            "fleet/version#frag",
            "",
            "fleet/\nversion",
            "hosts/%0a",
        ] {
            assert!(url(evil).is_err(), "{evil:?} accepted");
        }
        // `@` and `:` in a path are path characters, never a host.
        for odd in [
            "@evil.example.com/x",
            "/:8080@evil.example.com",
            "/%2F%2Fevil.example.com",
        ] {
            let u = api_url(&t, odd).unwrap();
            assert_eq!(u.host_str(), Some("fleet.example.com"), "{odd}");
            assert_eq!(u.port(), Some(8443), "{odd}");
            assert!(u.path().starts_with("/fleet/api/v1/fleet/"), "{odd}");
        }
    }

    #[test]
    fn get_fields_are_query_parameters_and_other_methods_a_body() {
        let url = Url::parse("https://f.example.com/api").unwrap();
        let fields = [
            Field::Typed("per_page=2".into()),
            Field::Raw("q=a&b".into()),
        ];
        let (get, body) = build_request(url.clone(), &Method::GET, &fields, None).unwrap();
        assert_eq!(get.query(), Some("per_page=2&q=a%26b"));
        assert!(body.is_none());
        let (post, body) = build_request(url, &Method::POST, &fields, None).unwrap();
        assert_eq!(post.query(), None);
        assert_eq!(body.unwrap().bytes, br#"{"per_page":2,"q":"a&b"}"#);
    }

    #[test]
    fn headers_that_carry_the_token_or_frame_the_request_are_refused() {
        for bad in ["Authorization: Bearer x", "host: evil", "Content-Length: 3"] {
            assert!(parse_headers(&[bad.to_string()]).is_err(), "{bad}");
        }
        let ok = parse_headers(&[
            "X-Team: ops".into(),
            "Content-Type:text/plain".into(),
            "X-Team:dev".into(),
            "nocolon".into(),
        ])
        .unwrap();
        assert_eq!(ok.len(), 2);
        assert_eq!(ok["x-team"], "dev");
    }

    /// The path a server reaches after decoding (as often as a proxy and a router may) and
    /// cleaning `.` and `..` segments.
    fn cleaned(path: &str) -> String {
        let mut text = path.to_string();
        for _ in 0..4 {
            text = percent_decode_str(&text).decode_utf8_lossy().into_owned();
        }
        let mut out: Vec<&str> = Vec::new();
        for segment in text.split(['/', '\\']) {
            match segment {
                "" | "." => {}
                ".." => {
                    out.pop();
                }
                s => out.push(s),
            }
        }
        format!("/{}", out.join("/"))
    }

    proptest::proptest! {
        /// Whatever PATH is made of (dots, encoded dots, slashes and backslashes, encoded
        /// percent signs), an accepted one stays under the url-prefix once decoded and cleaned.
        #[test]
        fn an_accepted_path_never_leaves_the_prefix(pieces in proptest::collection::vec(
            proptest::sample::select(vec![
                "a", "..", ".", "%2e", "%2E", "%2f", "%2F", "/", "%25", "%5c", "%5C", "x", "%",
                "2e", "2f", "e",
            ]),
            0..14,
        )) {
            let t = target("https://fleet.example.com", "/fleet");
            let raw: String = pieces.concat();
            if let Ok(url) = api_url(&t, &raw) {
                proptest::prop_assert_eq!(url.host_str(), Some("fleet.example.com"));
                let path = cleaned(url.path());
                proptest::prop_assert!(
                    path.starts_with("/fleet/api/"),
                    "{:?} reaches {}",
                    raw,
                    path
                );
            }
        }
    }
}
