//! Faults injected instead of the normal handling of one path, and how each acts: before the
//! response is made (a status, a delay, a reset, a streamed body) or while it is sent (a stall,
//! a dropped connection).

use std::time::Duration;

use serde_json::json;
use tokio::io::{AsyncWrite, AsyncWriteExt};

use super::routes;
use super::transport::{
    Exchange, Request, Response, reason_phrase, socket_linger_zero, write_head, write_response,
};

/// A fault injected instead of the normal handling of one path.
#[derive(Clone, Debug)]
pub enum Fault {
    /// Answer this status with the right kind of body (Fleet JSON for /api, Go text for /debug).
    Status(u16),
    /// A load balancer's HTML page.
    Html(u16),
    /// Sleep before sending anything, then answer normally.
    DelayHeaders(Duration),
    /// Headers with the full Content-Length and half the body, then sleep, then close.
    StallMidBody(Duration),
    /// Headers with Content-Length, half the body, then close.
    DropMidBody,
    /// Close the connection without any response (an RST).
    Reset,
    /// 200 with a body of this many deterministic bytes, streamed.
    LargeBody(u64),
    /// 200 with a valid gzip stream (stored blocks) of this many payload bytes, streamed:
    /// a huge profile that passes the client's gzip checks.
    LargeGzip(u64),
    /// 200 with a body that is not gzip.
    InvalidGzip,
    /// 200 application/json that does not parse.
    MalformedJson,
    /// 307 to this absolute URL.
    RedirectTo(String),
    /// A server or proxy that quotes what it was sent: answer this status with a Fleet JSON
    /// body (and a response header) holding the request's Authorization header and body, as is
    /// and percent-encoded, wrapped in terminal escape sequences (screen clear, window title,
    /// bell). Its `version` field quotes them too, so a 200 lands in a manifest.
    EchoAuth(u16),
    /// 200 with this content type and body (an HTML page, an empty body, a gzip bomb).
    Body(&'static str, Vec<u8>),
    /// This fault on the requests of the path numbered in the range (1 for the first), the
    /// normal answer on the others: a server that goes bad after N polls, an interval that
    /// fails once.
    Requests(std::ops::RangeInclusive<u64>, Box<Fault>),
}

pub(super) enum Outcome {
    /// Send this response (through [`send`]).
    Respond(Response),
    /// The fault has answered (or hung up) itself; record this status.
    Done { status: u16 },
}

/// The response for a request with `fault` (the normal one when the fault acts later or there
/// is none); streaming faults write to `stream` themselves.
pub(super) async fn before_response<S: AsyncWrite + Unpin>(
    fault: Option<&Fault>,
    exchange: &Exchange<'_>,
    stream: &mut S,
    raw: Option<&std::net::TcpStream>,
) -> Outcome {
    let response = match fault {
        Some(Fault::DelayHeaders(delay)) => {
            tokio::time::sleep(*delay).await;
            routes::route(exchange).await
        }
        Some(Fault::Reset) => {
            if let Some(raw) = raw {
                let _ = socket_linger_zero(raw);
            }
            return Outcome::Done { status: 0 };
        }
        Some(Fault::LargeBody(size)) => {
            stream_large_body(stream, *size).await;
            return Outcome::Done { status: 200 };
        }
        Some(Fault::LargeGzip(size)) => {
            stream_large_gzip(stream, *size).await;
            return Outcome::Done { status: 200 };
        }
        Some(Fault::Status(code)) => injected_status(*code, exchange),
        Some(Fault::Html(code)) => html_page(*code),
        Some(Fault::InvalidGzip) => {
            Response::new(200, "application/octet-stream", "this is not gzip")
        }
        Some(Fault::MalformedJson) => Response::new(200, "application/json", "{\"broken\": "),
        Some(Fault::EchoAuth(code)) => echo_auth(*code, exchange.request),
        Some(Fault::Body(content_type, body)) => Response::new(200, content_type, body.clone()),
        Some(Fault::RedirectTo(location)) => {
            let mut r = Response::new(307, "text/html", "");
            r.headers.push(("Location".into(), location.clone()));
            r
        }
        Some(Fault::StallMidBody(_) | Fault::DropMidBody | Fault::Requests(..)) | None => {
            routes::route(exchange).await
        }
    };
    Outcome::Respond(response)
}

/// Write `response`, cut short by a mid-body fault on a 200 (then `response.body` is cut to
/// what was sent).
pub(super) async fn send<S: AsyncWrite + Unpin>(
    fault: Option<&Fault>,
    stream: &mut S,
    response: &mut Response,
) {
    let stall = match fault {
        Some(Fault::StallMidBody(delay)) if response.status == 200 => Some(*delay),
        Some(Fault::DropMidBody) if response.status == 200 => None,
        _ => return write_response(stream, response).await,
    };
    let half = response.body.len() / 2;
    let _ = write_head(stream, response, response.body.len() as u64).await;
    let _ = stream.write_all(&response.body[..half]).await;
    let _ = stream.flush().await;
    if let Some(delay) = stall {
        tokio::time::sleep(delay).await;
    }
    response.body.truncate(half);
}

/// [`Fault::Status`]: Go's text on /debug (quoting the token on a leaking server), Fleet's
/// JSON error elsewhere.
fn injected_status(code: u16, exchange: &Exchange<'_>) -> Response {
    if exchange.route.starts_with("/debug/") {
        let echoed = exchange
            .state
            .echoed_token(exchange.request)
            .map(|t| format!(": rejected session {t}"))
            .unwrap_or_default();
        Response::text(
            code,
            &format!("{} {}{echoed}", code, reason_phrase(code).to_lowercase()),
        )
    } else {
        Response::fleet_error(code, reason_phrase(code), "injected fault")
    }
}

/// [`Fault::Html`]: nginx's error page.
fn html_page(code: u16) -> Response {
    Response::new(
        code,
        "text/html",
        format!(
            "<html>\r\n<head><title>{code} {r}</title></head>\r\n<body>\r\n<center><h1>{code} {r}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
            r = reason_phrase(code)
        ),
    )
}

/// [`Fault::EchoAuth`]: everything the client sent that could be secret, quoted back.
fn echo_auth(status: u16, request: &Request) -> Response {
    let auth = request.header("authorization").unwrap_or("").to_string();
    let body = String::from_utf8_lossy(&request.body).into_owned();
    let encoded: String = url::form_urlencoded::byte_serialize(auth.as_bytes()).collect();
    let quoted = format!("\x1b[2J\x1b]0;owned\x07you sent {auth} / {body} / {encoded}\x1b[0m");
    let mut response = Response::json(
        status,
        json!({
            "message": quoted,
            "errors": [{"name": "base", "reason": quoted}],
            "version": quoted,
            "token": auth.trim_start_matches("Bearer "),
            "user": {"name": quoted, "email": quoted, "global_role": "admin"},
        }),
    );
    response
        .headers
        .push(("X-Echo-Authorization".to_string(), auth));
    response
}

/// [`Fault::LargeBody`]: `size` deterministic bytes, streamed.
async fn stream_large_body<S: AsyncWrite + Unpin>(stream: &mut S, size: u64) {
    let head = Response::new(200, "application/octet-stream", Vec::new());
    let mut ok = write_head(stream, &head, size).await.is_ok();
    let block: Vec<u8> = (0..64 * 1024).map(|i| (i % 251) as u8).collect();
    let mut left = size;
    while ok && left > 0 {
        let n = left.min(block.len() as u64) as usize;
        ok = stream.write_all(&block[..n]).await.is_ok();
        left -= n as u64;
    }
    let _ = stream.shutdown().await;
}

/// [`Fault::LargeGzip`]: a gzip member made of stored deflate blocks, so any size streams
/// without compressing.
async fn stream_large_gzip<S: AsyncWrite + Unpin>(stream: &mut S, size: u64) {
    const BLOCK: u64 = 65_535;
    let blocks = size.div_ceil(BLOCK).max(1);
    let length = 10 + blocks * 5 + size + 8;
    let head = Response::new(200, "application/octet-stream", Vec::new());
    if write_head(stream, &head, length).await.is_err() {
        return;
    }
    let header = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
    if stream.write_all(&header).await.is_err() {
        return;
    }
    let payload: Vec<u8> = (0..BLOCK).map(|i| (i % 253) as u8).collect();
    let mut crc = flate2::Crc::new();
    let mut left = size;
    for index in 0..blocks {
        let n = left.min(BLOCK) as u16;
        let last = u8::from(index + 1 == blocks);
        let mut block = vec![
            last,
            (n & 0xff) as u8,
            (n >> 8) as u8,
            (!n & 0xff) as u8,
            (!n >> 8) as u8,
        ];
        block.extend_from_slice(&payload[..n as usize]);
        crc.update(&payload[..n as usize]);
        if stream.write_all(&block).await.is_err() {
            return;
        }
        left -= u64::from(n);
    }
    let mut trailer = crc.sum().to_le_bytes().to_vec();
    trailer.extend_from_slice(&(size as u32).to_le_bytes());
    let _ = stream.write_all(&trailer).await;
    let _ = stream.shutdown().await;
}
