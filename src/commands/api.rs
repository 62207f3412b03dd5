//! `fleetctl api`: any REST call with the context's address, url-prefix, TLS settings, custom
//! headers and token, in the manner of `gh api`. The escape hatch for CI scripts that would
//! otherwise `curl` the API with the token on their command line.

use std::io::Read;
use std::path::{Path, PathBuf};

use clap::Args;
use reqwest::Method;
use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use serde_json::{Map, Value};
use url::Url;

use crate::client::{self, FleetClient, Target};
use crate::error::{Error, ErrorKind, ExitStatus, Result};
use crate::settings::Settings;
use crate::ui;

#[derive(Debug, Args)]
pub struct ApiArgs {
    /// API path: /api/latest/fleet/version, or fleet/version for /api/latest/fleet/version; a
    /// query string is allowed, a URL or another host is not
    #[arg(value_name = "PATH")]
    pub path: String,

    /// HTTP method [default: GET, or POST with fields or --input]
    #[arg(short = 'X', long, value_name = "METHOD")]
    pub method: Option<String>,

    /// Typed field KEY=VALUE for the JSON body (with GET or --input: a query parameter): true,
    /// false, null and numbers are converted, @FILE reads a file (@- stdin); key[]=v appends to
    /// an array, key[sub]=v nests
    #[arg(short = 'F', long = "field", value_name = "KEY=VALUE")]
    pub fields: Vec<String>,

    /// String field KEY=VALUE, sent as it is
    #[arg(short = 'f', long = "raw-field", value_name = "KEY=VALUE")]
    pub raw_fields: Vec<String>,

    /// Request header 'Name: Value' (repeatable; Authorization and Host come from the context)
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
    if args.input.as_deref() == Some(Path::new("-"))
        && args.fields.iter().any(|f| f.ends_with("=@-"))
    {
        return Err(
            Error::usage("--input - and a -F key=@- field both read stdin")
                .with_hint("give one of them a file instead: --input FILE or -F key=@FILE"),
        );
    }
    let target = settings.target()?;
    let url = api_url(&target, &args.path)?;
    let fields = collect_fields(&args)?;
    let input = args.input.as_deref().map(read_input).transpose()?;
    let method = match &args.method {
        Some(m) => parse_method(m)?,
        None if !fields.is_empty() || input.is_some() => Method::POST,
        None => Method::GET,
    };
    let headers = parse_headers(&args.headers)?;
    let token = target.token.clone();
    let fleet = if token.is_some() {
        FleetClient::new(target)?
    } else {
        FleetClient::without_credentials(target)?
    };
    let (url, body) = build_request(url, &method, fields, input)?;
    let shown_path = url.path().to_string();
    let mut req = fleet.request_url(method, url, token.is_some())?;
    let mut all_headers = HeaderMap::new();
    if body.is_some() {
        all_headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
    }
    all_headers.extend(headers);
    req = req.headers(all_headers);
    if let Some(body) = body {
        req = req.body(body);
    }

    let answer = ui::block_on(async {
        let resp = fleet.send(req).await?;
        let status = resp.status();
        let head = include_head(&resp);
        let content_type = client::content_type(&resp);
        let body = fleet
            .read_limited(resp, client::MAX_JSON_BYTES)
            .await
            .map_err(|e| fleet.body_error(e))?;
        Ok::<_, Error>((status, head, content_type, body))
    });
    let (status, head, content_type, body) = answer?;

    let mut out = Vec::new();
    if args.include {
        out.extend_from_slice(head.as_bytes());
    }
    if !args.silent {
        out.extend(present_body(&body, &content_type));
    }
    // Through the choke point: a body or header that echoes the token shows [REDACTED].
    ui::out_bytes(&out)?;
    if status.is_success() {
        return Ok(ExitStatus::Success);
    }
    let mut err = fleet.status_error(status, &content_type, &body, &shown_path);
    err.kind = match status.as_u16() {
        401 | 403 => ErrorKind::Auth,
        _ => ErrorKind::General,
    };
    Err(err)
}

/// The request URL: the context's scheme, host and port, its url-prefix, then PATH's segments.
/// Nothing in PATH can name another host: URLs, `//host` and `..` segments are refused.
pub fn api_url(target: &Target, raw: &str) -> Result<Url> {
    let bad = |why: &str| {
        Error::usage(format!("invalid API path `{raw}`: {why}")).with_hint(
            "give a path on the context's server, e.g. /api/latest/fleet/version or fleet/version",
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
    let mut segments: Vec<&str> = target
        .url_prefix
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    if !path.starts_with('/') {
        segments.extend(["api", "latest"]);
    }
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment.to_ascii_lowercase().replace("%2e", ".").as_str() {
            ".." => return Err(bad("`..` segments are not allowed")),
            "." => {}
            _ => segments.push(segment),
        }
    }
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

fn parse_method(raw: &str) -> Result<Method> {
    let upper = raw.trim().to_ascii_uppercase();
    if upper.is_empty() || !upper.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(Error::usage(format!("invalid method `{raw}`"))
            .with_hint("give an HTTP method, e.g. -X GET, -X POST, -X PATCH, -X DELETE"));
    }
    Method::from_bytes(upper.as_bytes())
        .map_err(|_| Error::usage(format!("invalid method `{raw}`")))
}

/// One `-F`/`-f` field: its key as written and its value.
type Field = (String, Value);

fn collect_fields(args: &ApiArgs) -> Result<Vec<Field>> {
    let mut fields = Vec::new();
    for raw in &args.raw_fields {
        let (key, value) = split_field(raw, "-f")?;
        fields.push((key.to_string(), Value::String(value.to_string())));
    }
    for raw in &args.fields {
        let (key, value) = split_field(raw, "-F")?;
        fields.push((key.to_string(), typed_value(value)?));
    }
    Ok(fields)
}

fn split_field<'a>(raw: &'a str, flag: &str) -> Result<(&'a str, &'a str)> {
    match raw.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key, value)),
        _ => Err(Error::usage(format!("invalid field `{raw}`"))
            .with_hint(format!("write it as {flag} key=value"))),
    }
}

/// `-F` values: true, false, null, integers and decimals as JSON; `@FILE` read as a string.
fn typed_value(raw: &str) -> Result<Value> {
    match raw {
        "true" => return Ok(Value::Bool(true)),
        "false" => return Ok(Value::Bool(false)),
        "null" => return Ok(Value::Null),
        _ => {}
    }
    if let Ok(n) = raw.parse::<i64>() {
        return Ok(Value::from(n));
    }
    if let Some(n) = raw
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite() && raw.contains('.'))
        .and_then(serde_json::Number::from_f64)
    {
        return Ok(Value::Number(n));
    }
    if let Some(file) = raw.strip_prefix('@') {
        let bytes = read_input(Path::new(file))?;
        let text = String::from_utf8(bytes).map_err(|_| {
            Error::usage(format!("{file} is not UTF-8 text"))
                .with_hint("send binary data with --input FILE")
        })?;
        return Ok(Value::String(text));
    }
    Ok(Value::String(raw.to_string()))
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

/// Fields become the JSON body, or query parameters with GET/HEAD or when --input is the body.
fn build_request(
    mut url: Url,
    method: &Method,
    fields: Vec<Field>,
    input: Option<Vec<u8>>,
) -> Result<(Url, Option<Vec<u8>>)> {
    if input.is_some() || matches!(*method, Method::GET | Method::HEAD) {
        if !fields.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (key, value) in &fields {
                let text = match value {
                    Value::String(s) => s.clone(),
                    Value::Null => String::new(),
                    other => other.to_string(),
                };
                pairs.append_pair(key, &text);
            }
        }
        return Ok((url, input));
    }
    if fields.is_empty() {
        return Ok((url, None));
    }
    let mut body = Map::new();
    for (key, value) in fields {
        insert_field(&mut body, &key, value)?;
    }
    let bytes = serde_json::to_vec(&Value::Object(body))
        .map_err(|e| Error::general(format!("cannot encode the fields as JSON: {e}")))?;
    Ok((url, Some(bytes)))
}

/// `name`, `name[]` (append), `name[sub]` (nest), and combinations such as `a[b][]`.
fn insert_field(root: &mut Map<String, Value>, key: &str, value: Value) -> Result<()> {
    let bad = || {
        Error::usage(format!("invalid field key `{key}`"))
            .with_hint("write key, key[] (an array) or key[sub] (an object); one shape per key")
    };
    let (base, mut rest) = key.split_once('[').map_or((key, ""), |(b, r)| (b, r));
    if base.is_empty() || base.contains(']') {
        return Err(bad());
    }
    let mut parts: Vec<Option<&str>> = Vec::new();
    if key.contains('[') {
        loop {
            let (part, after) = rest.split_once(']').ok_or_else(bad)?;
            parts.push((!part.is_empty()).then_some(part));
            if after.is_empty() {
                break;
            }
            rest = after.strip_prefix('[').ok_or_else(bad)?;
        }
    }
    let mut slot = root.entry(base.to_string()).or_insert(Value::Null);
    for part in parts {
        if slot.is_null() {
            *slot = match part {
                Some(_) => Value::Object(Map::new()),
                None => Value::Array(Vec::new()),
            };
        }
        slot = match (part, slot) {
            (Some(name), Value::Object(map)) => map.entry(name.to_string()).or_insert(Value::Null),
            (None, Value::Array(list)) => {
                list.push(Value::Null);
                list.last_mut().ok_or_else(bad)?
            }
            _ => return Err(bad()),
        };
    }
    *slot = value;
    Ok(())
}

fn parse_headers(raw: &[String]) -> Result<HeaderMap> {
    let mut map = HeaderMap::new();
    for line in raw {
        let bad = |why: &str| {
            Error::usage(format!("invalid header `{line}`: {why}"))
                .with_hint("write it as -H 'Name: value'")
        };
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| bad("no `:` between name and value"))?;
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
        map.append(name, value);
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
    fn paths_stay_on_the_contexts_server() {
        let t = target("https://fleet.example.com:8443/ignored", "/fleet");
        let url = |p: &str| api_url(&t, p).map(|u| u.to_string());
        assert_eq!(
            url("fleet/version").unwrap(),
            "https://fleet.example.com:8443/fleet/api/latest/fleet/version"
        );
        assert_eq!(
            url("/api/v1/fleet/hosts?per_page=2&query=a b").unwrap(),
            "https://fleet.example.com:8443/fleet/api/v1/fleet/hosts?per_page=2&query=a%20b"
        );
        assert_eq!(
            url("/healthz").unwrap(),
            "https://fleet.example.com:8443/fleet/healthz"
        );
        assert_eq!(
            url("fleet/./hosts/").unwrap(),
            "https://fleet.example.com:8443/fleet/api/latest/fleet/hosts/"
        );
        for evil in [
            "https://evil.example.com/api",
            "//evil.example.com/api",
            "/api/../../x",
            "fleet/%2e%2E/x",
            "\\\\evil.example.com\\x",
            "fleet/version#frag",
            "",
            "fleet/\nversion",
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
        }
    }

    #[test]
    fn fields_build_json_and_query_parameters() {
        let mut map = Map::new();
        insert_field(&mut map, "name", Value::from("x")).unwrap();
        insert_field(&mut map, "ids[]", Value::from(1)).unwrap();
        insert_field(&mut map, "ids[]", Value::from(2)).unwrap();
        insert_field(&mut map, "team[id]", Value::Null).unwrap();
        assert_eq!(
            Value::Object(map.clone()),
            serde_json::json!({"name": "x", "ids": [1, 2], "team": {"id": null}})
        );
        assert!(insert_field(&mut map, "name[x]", Value::Null).is_err());
        assert!(insert_field(&mut map, "a[b", Value::Null).is_err());
        assert!(insert_field(&mut map, "a]b", Value::Null).is_err());
        assert_eq!(typed_value("12").unwrap(), Value::from(12));
        assert_eq!(typed_value("1.5").unwrap(), Value::from(1.5));
        assert_eq!(typed_value("true").unwrap(), Value::Bool(true));
        assert_eq!(typed_value("null").unwrap(), Value::Null);
        assert_eq!(typed_value("007x").unwrap(), Value::from("007x"));
        assert_eq!(typed_value("NaN").unwrap(), Value::from("NaN"));
        let url = Url::parse("https://f.example.com/api").unwrap();
        let (url, body) = build_request(
            url,
            &Method::GET,
            vec![
                ("per_page".into(), Value::from(2)),
                ("q".into(), Value::from("a&b")),
            ],
            None,
        )
        .unwrap();
        assert_eq!(url.query(), Some("per_page=2&q=a%26b"));
        assert!(body.is_none());
    }

    #[test]
    fn headers_that_carry_the_token_or_frame_the_request_are_refused() {
        for bad in [
            "Authorization: Bearer x",
            "host: evil",
            "Content-Length: 3",
            "nocolon",
        ] {
            assert!(parse_headers(&[bad.to_string()]).is_err(), "{bad}");
        }
        let ok = parse_headers(&["X-Team: ops".into(), "Content-Type: text/plain".into()]).unwrap();
        assert_eq!(ok.len(), 2);
    }
}
