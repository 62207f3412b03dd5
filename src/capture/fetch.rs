//! Fetching one debug item into a file: streamed to disk (bounded memory), checked, scrubbed,
//! the token masked, and summarised for the manifest.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use reqwest::Method;
use sha2::{Digest, Sha256};

use super::items::{Auth, Format, Item, ItemKind};
use crate::client::{self, FleetClient};
use crate::error::{Error, ErrorKind};
use crate::redact::{Masker, Replacement};
use crate::scrub;

/// Tokens shorter than this are not searched for: too many false matches in binary data.
/// The cmdline is scrubbed in memory; a process's argv is limited by the kernel to a few MiB.
const CMDLINE_MAX_BYTES: u64 = 16 * 1024 * 1024;

/// What one item may take beyond its collection time (a slow link, a large heap profile).
pub const ITEM_ALLOWANCE_SECS: u64 = 300;

#[derive(Debug, Clone)]
pub struct FetchSettings {
    pub profile_seconds: u64,
    pub trace_seconds: u64,
    pub max_bytes: u64,
    /// The flag that sets `max_bytes`, named in "larger than the limit" errors (`None` where
    /// the command has no such flag).
    pub max_bytes_flag: Option<&'static str>,
    pub scrub: bool,
    /// Password for `/metrics` Basic auth; never stored, masked in every member.
    pub metrics_password: Option<String>,
    /// When every item of this server must be done: one bound for a stalled server, not the
    /// sum of the items' own limits.
    pub deadline: Option<Instant>,
}

/// What fetching one item came to: never a value of a secret.
#[derive(Debug)]
pub struct Fetch {
    pub item: &'static Item,
    pub endpoint: String,
    pub status: Option<u16>,
    pub duration_ms: u64,
    pub result: Result<Fetched, ItemError>,
}

/// An item on disk, checked, scrubbed and hashed.
#[derive(Debug)]
pub struct Fetched {
    pub bytes: u64,
    pub sha256: String,
    /// What the scrubber redacted: flag names (or rule labels) and counts.
    pub redactions: BTreeMap<String, usize>,
}

/// Why an item was not fetched.
#[derive(Debug)]
pub enum ItemError {
    /// Ends the whole server's collection: authentication refused, server unreachable.
    Fatal(Error),
    /// This item failed; the other items go on.
    Failed(Failure),
    /// The server is too old to have this item (404 on a newer-servers-only item).
    Unsupported,
}

#[derive(Debug)]
pub enum Failure {
    /// The server answered with an error status: its kind and hint, for the single commands.
    Status(Error),
    /// The server refused the collection length (400, with its text): the caller knows which
    /// flag sets it.
    Duration(String),
    /// The transfer or the check of the body failed.
    Transfer(String),
}

impl ItemError {
    /// One line for stderr, the progress line and the manifest; `seconds_flag` is the flag that
    /// sets this item's collection length.
    pub fn reason(&self, seconds_flag: &str) -> String {
        match self {
            ItemError::Fatal(err) | ItemError::Failed(Failure::Status(err)) => err.one_line(),
            ItemError::Failed(Failure::Duration(text)) => {
                format!(
                    "the server refused the duration (400: {text}); use a shorter {seconds_flag}"
                )
            }
            ItemError::Failed(Failure::Transfer(message)) => message.clone(),
            ItemError::Unsupported => "not available on this server version (404)".to_string(),
        }
    }
}

impl From<String> for ItemError {
    fn from(message: String) -> Self {
        ItemError::Failed(Failure::Transfer(message))
    }
}

/// Progress callbacks from a fetch; implemented by the progress display.
pub trait FetchObserver: Send + Sync {
    fn started(&self, _item: &Item) {}
    fn headers(&self, _item: &Item) {}
    fn bytes(&self, _item: &Item, _total: u64) {}
}

pub struct NoProgress;
impl FetchObserver for NoProgress {}

/// Fetch `item` into a new file at `dest` (created 0600), then check and scrub it.
pub async fn fetch_item(
    client: &FleetClient,
    item: &'static Item,
    endpoint: String,
    settings: &FetchSettings,
    dest: &Path,
    observer: &dyn FetchObserver,
) -> Fetch {
    let started = Instant::now();
    observer.started(item);
    let mut status = None;
    let downloaded = download(
        client,
        item,
        settings,
        &endpoint,
        dest,
        observer,
        &mut status,
    )
    .await;
    let result = match downloaded {
        Ok(None) => finish_in_background(Body::File, dest, item.format, settings).await,
        Ok(Some(cmdline)) => {
            finish_in_background(Body::Memory(cmdline), dest, item.format, settings).await
        }
        Err(err) => Err(err),
    };
    if result.is_err() {
        let _ = fs::remove_file(dest);
    }
    Fetch {
        item,
        endpoint,
        status,
        duration_ms: started.elapsed().as_millis() as u64,
        result,
    }
}

/// Where a downloaded body is: already in its file, or (the cmdline) still in memory, raw.
enum Body {
    File,
    Memory(Vec<u8>),
}

/// `finish_file` (or `finish_cmdline` for a body in memory) off the async threads: it reads
/// the whole item, maybe twice.
async fn finish_in_background(
    body: Body,
    dest: &Path,
    format: Format,
    settings: &FetchSettings,
) -> Result<Fetched, ItemError> {
    // Every secret this run knows, in every encoded form: tokens, header values, passwords.
    let masker = crate::redact::masker();
    let dest = dest.to_path_buf();
    let scrub_on = settings.scrub;
    let limit = (settings.max_bytes, settings.max_bytes_flag);
    match tokio::task::spawn_blocking(move || match body {
        Body::File => finish_file(&dest, format, scrub_on, &masker, limit),
        Body::Memory(raw) => finish_cmdline(raw, &dest, scrub_on, &masker),
    })
    .await
    {
        Ok(finished) => finished.map_err(ItemError::from),
        Err(e) => Err(format!("internal error: {e}").into()),
    }
}

/// How long one item may take: its collection plus 300 s, and never past the deadline.
fn total_timeout(item: &Item, settings: &FetchSettings) -> Duration {
    let collecting = item.collection_seconds(settings.profile_seconds, settings.trace_seconds);
    let own = Duration::from_secs(collecting + ITEM_ALLOWANCE_SECS);
    match settings.deadline {
        Some(deadline) => own.min(deadline.saturating_duration_since(Instant::now())),
        None => own,
    }
}

async fn download(
    client: &FleetClient,
    item: &Item,
    settings: &FetchSettings,
    endpoint: &str,
    dest: &Path,
    observer: &dyn FetchObserver,
    status: &mut Option<u16>,
) -> Result<Option<Vec<u8>>, ItemError> {
    let req = request(client, item, settings, endpoint)
        .map_err(ItemError::Fatal)?
        .timeout(total_timeout(item, settings));
    let resp = client.send(req).await.map_err(ItemError::Fatal)?;
    *status = Some(resp.status().as_u16());
    observer.headers(item);
    if !resp.status().is_success() {
        return Err(refusal(client, item, endpoint, resp).await);
    }
    let stall = client.target.stall_timeout;
    Ok(stream_to_file(resp, item, settings, stall, dest, observer).await?)
}

fn request(
    client: &FleetClient,
    item: &Item,
    settings: &FetchSettings,
    endpoint: &str,
) -> crate::error::Result<reqwest::RequestBuilder> {
    match item.auth {
        Auth::Bearer => client.request(Method::GET, endpoint, true),
        Auth::MetricsBasic => client
            .request(Method::GET, endpoint, false)
            .map(|req| match &client.target.metrics_username {
                Some(user) => {
                    let password = settings.metrics_password.as_deref();
                    crate::redact::register_basic_auth(user, password.unwrap_or_default());
                    req.basic_auth(user, password)
                }
                None => req,
            }),
    }
}

/// What an error status means for this item.
async fn refusal(
    client: &FleetClient,
    item: &Item,
    endpoint: &str,
    resp: reqwest::Response,
) -> ItemError {
    let status = resp.status();
    let content_type = client::content_type(&resp);
    let body = client
        .read_limited(resp, 64 * 1024)
        .await
        .unwrap_or_default();
    let text = client::fleet_error_text(&body);
    let lower = text.to_ascii_lowercase();
    match status.as_u16() {
        404 if item.newer_servers_only => return ItemError::Unsupported,
        500 if lower.contains("already in use") => {
            let what = match item.kind {
                ItemKind::Trace => "trace",
                _ => "CPU profile",
            };
            return format!(
                "another {what} is already running on the server (500: {text}); try again when it finishes"
            )
            .into();
        }
        400 if lower.contains("exceeds") || lower.contains("timeout") => {
            return ItemError::Failed(Failure::Duration(text));
        }
        401 if item.auth == Auth::MetricsBasic => {
            return ItemError::Failed(Failure::Status(
                Error::auth("the server refused the metrics credentials (401)").with_hint(
                    format!(
                        "check `fleetctl config set --context {} --metrics-username USER` and the password",
                        client.target.context
                    ),
                ),
            ));
        }
        _ => {}
    }
    let err = client.status_error(status, &content_type, &body, endpoint);
    if err.kind == ErrorKind::Auth {
        ItemError::Fatal(err)
    } else {
        ItemError::Failed(Failure::Status(err))
    }
}

/// The body of a 200 answer, streamed to a new private file, within the size limits; the
/// cmdline (small, and raw secrets until scrubbed) is kept in memory and returned instead, so
/// that only its scrubbed form is ever written.
async fn stream_to_file(
    mut resp: reqwest::Response,
    item: &Item,
    settings: &FetchSettings,
    stall: Duration,
    dest: &Path,
    observer: &dyn FetchObserver,
) -> Result<Option<Vec<u8>>, String> {
    let mut memory = (item.format == Format::Cmdline).then(Vec::new);
    let mut file = match memory {
        Some(_) => None,
        None => Some(
            create_private(dest).map_err(|e| format!("cannot create {}: {e}", dest.display()))?,
        ),
    };
    let mut written: u64 = 0;
    loop {
        let chunk = match tokio::time::timeout(stall, resp.chunk()).await {
            Err(_) => {
                return Err(format!(
                    "the server stopped sending after {written} bytes (no data for {} s)",
                    stall.as_secs()
                ));
            }
            Ok(Err(e)) => {
                return Err(format!(
                    "connection broke after {written} bytes: {}",
                    client::error_chain(&e)
                ));
            }
            Ok(Ok(None)) => break,
            Ok(Ok(Some(chunk))) => chunk,
        };
        written += chunk.len() as u64;
        if item.format == Format::Cmdline && written > CMDLINE_MAX_BYTES {
            return Err(format!(
                "cmdline larger than {} MiB: no real command line is, so this is not Fleet's",
                CMDLINE_MAX_BYTES / (1024 * 1024)
            ));
        }
        if written > settings.max_bytes {
            return Err(format!(
                "answer larger than {}",
                limit_text(settings.max_bytes, settings.max_bytes_flag)
            ));
        }
        match (&mut memory, &mut file) {
            (Some(memory), _) => memory.extend_from_slice(&chunk),
            (None, Some(file)) => file
                .write_all(&chunk)
                .map_err(|e| format!("cannot write {}: {e}", dest.display()))?,
            (None, None) => unreachable!("a body goes to memory or to a file"),
        }
        observer.bytes(item, written);
    }
    if let Some(file) = &mut file {
        file.flush()
            .map_err(|e| format!("cannot write {}: {e}", dest.display()))?;
    }
    Ok(memory)
}

pub fn create_private(path: &Path) -> io::Result<File> {
    crate::platform::owner_only_file(fs::OpenOptions::new().write(true).create_new(true)).open(path)
}

/// Check the body's format, scrub the cmdline, mask the token anywhere, and hash the result.
/// The item limit also bounds what a gzipped profile may inflate to (a gzip bomb fails the
/// item); `limit` is the bytes and the flag that sets them.
fn finish_file(
    path: &Path,
    format: Format,
    scrub_cmdline: bool,
    masker: &Masker,
    limit: (u64, Option<&'static str>),
) -> Result<Fetched, String> {
    check_body(path, format)?;
    let found = match format {
        Format::Cmdline => {
            let raw = fs::read(path).map_err(|e| e.to_string())?;
            fs::remove_file(path).map_err(|e| e.to_string())?;
            return finish_cmdline(raw, path, scrub_cmdline, masker);
        }
        Format::Pprof => mask_pprof(path, masker, limit)?,
        Format::Json | Format::Trace | Format::PromText => {
            if format == Format::Json {
                let reader = BufReader::new(File::open(path).map_err(|e| e.to_string())?);
                serde_json::from_reader::<_, serde::de::IgnoredAny>(reader)
                    .map_err(|e| format!("the server sent invalid JSON: {e}"))?;
            }
            let open = || File::open(path).map(BufReader::new);
            let found = masker
                .mask_stream(
                    open().map_err(|e| e.to_string())?,
                    None::<&mut io::Sink>,
                    Replacement::SameLength,
                )
                .map_err(|e| e.to_string())?;
            if found > 0 {
                replace_contents(path, |out| {
                    masker
                        .mask_stream(open()?, Some(out), Replacement::SameLength)
                        .map(|_| ())
                })?;
            }
            found
        }
    };
    let mut redactions = BTreeMap::new();
    if found > 0 {
        redactions.insert("token".to_string(), found);
    }
    finished(path, redactions)
}

fn finished(path: &Path, redactions: BTreeMap<String, usize>) -> Result<Fetched, String> {
    let (bytes, sha256) = hash_file(path).map_err(|e| e.to_string())?;
    Ok(Fetched {
        bytes,
        sha256,
        redactions,
    })
}

/// What a 200 answer must look like for its kind: a load balancer's HTML page or an empty
/// body is a failure with the reason, never an item archived as ok.
fn check_body(path: &Path, format: Format) -> Result<(), String> {
    let mut head = Vec::with_capacity(64);
    File::open(path)
        .and_then(|f| f.take(64).read_to_end(&mut head))
        .map_err(|e| e.to_string())?;
    check_head(&head, format)
}

/// [`check_body`] on the first bytes of the body.
fn check_head(head: &[u8], format: Format) -> Result<(), String> {
    let head = &head[..head.len().min(64)];
    if head.is_empty() {
        return Err("the server answered 200 with an empty body".into());
    }
    if client::looks_like_html("", head) {
        return Err("the server returned an HTML page instead of the item (a proxy or load balancer answered?)".into());
    }
    match format {
        Format::Pprof if !head.starts_with(&[0x1f, 0x8b]) => Err(
            "not a gzipped pprof profile (the body does not start with the gzip magic bytes)"
                .into(),
        ),
        Format::Trace if !head.starts_with(b"go 1.") => {
            Err("not a Go execution trace (no `go 1.x trace` header)".into())
        }
        _ => Ok(()),
    }
}

/// Check and scrub a cmdline in memory, then write only its scrubbed form to `path` (new).
fn finish_cmdline(
    raw: Vec<u8>,
    path: &Path,
    scrub_cmdline: bool,
    masker: &Masker,
) -> Result<Fetched, String> {
    check_head(&raw, Format::Cmdline)?;
    let (clean, report) = if scrub_cmdline {
        scrub::scrub_cmdline_masking(&raw, masker)
    } else {
        let (bytes, count) = masker.mask(&raw, Replacement::Redacted);
        let mut report = scrub::ScrubReport::default();
        if count > 0 {
            report.redactions.insert("token".to_string(), count);
        }
        (bytes.into_owned(), report)
    };
    drop(raw);
    let written = create_private(path)
        .and_then(|mut file| file.write_all(&clean).and_then(|()| file.sync_all()));
    written.map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    finished(path, report.redactions)
}

/// Mask secrets inside a gzipped profile (every member), inflating at most the item limit.
fn mask_pprof(
    path: &Path,
    masker: &Masker,
    (max_bytes, flag): (u64, Option<&'static str>),
) -> Result<usize, String> {
    let inflate = || -> io::Result<_> {
        let file = BufReader::new(File::open(path)?);
        Ok(Bounded::new(
            flate2::read::MultiGzDecoder::new(file),
            max_bytes,
            flag,
        ))
    };
    let invalid = |e: io::Error| match e.kind() {
        io::ErrorKind::FileTooLarge => e.to_string(),
        _ => format!("invalid gzip data: {e}"),
    };
    let found = masker
        .mask_stream(
            inflate().map_err(invalid)?,
            None::<&mut io::Sink>,
            Replacement::SameLength,
        )
        .map_err(invalid)?;
    if found > 0 {
        replace_contents(path, |out| {
            let mut encoder = flate2::write::GzEncoder::new(out, flate2::Compression::default());
            masker.mask_stream(inflate()?, Some(&mut encoder), Replacement::SameLength)?;
            encoder.finish()?;
            Ok(())
        })?;
    }
    Ok(found)
}

/// A reader that fails once more than `limit` bytes came through: inflated data is bounded
/// like the download itself.
struct Bounded<R> {
    inner: R,
    left: u64,
    limit: u64,
    flag: Option<&'static str>,
}

impl<R> Bounded<R> {
    fn new(inner: R, limit: u64, flag: Option<&'static str>) -> Self {
        Bounded {
            inner,
            left: limit,
            limit,
            flag,
        }
    }
}

/// "the N MiB limit", with how to raise it where the command has a flag for it.
fn limit_text(max_bytes: u64, flag: Option<&str>) -> String {
    let mib = max_bytes / (1024 * 1024);
    match flag {
        Some(flag) => format!("the {mib} MiB limit; raise it with {flag}"),
        None => format!("the {mib} MiB limit for one item"),
    }
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.left = self.left.checked_sub(n as u64).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::FileTooLarge,
                format!(
                    "the profile inflates to more than {} (a gzip bomb?)",
                    limit_text(self.limit, self.flag)
                ),
            )
        })?;
        Ok(n)
    }
}

/// Write new contents beside `path`, then rename over it.
fn replace_contents(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>,
) -> Result<(), String> {
    let mut temp = PathBuf::from(path.as_os_str());
    temp.as_mut_os_string().push(".rewrite");
    let result = (|| {
        let mut out = BufWriter::new(create_private(&temp)?);
        write(&mut out)?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result.map_err(|e| format!("cannot rewrite {}: {e}", path.display()))
}

pub fn hash_file(path: &Path) -> io::Result<(u64, String)> {
    let mut file = File::open(path)?;
    file.seek(SeekFrom::Start(0))?;
    let mut hasher = Sha256::new();
    let bytes = io::copy(&mut file, &mut hasher)?;
    Ok((bytes, format!("{:x}", hasher.finalize())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_deadline_bounds_every_item() {
        let mut settings = FetchSettings {
            profile_seconds: 30,
            trace_seconds: 1,
            max_bytes: 1,
            max_bytes_flag: None,
            scrub: true,
            metrics_password: None,
            deadline: None,
        };
        let profile = ItemKind::Profile.item();
        assert_eq!(total_timeout(profile, &settings), Duration::from_secs(330));
        settings.deadline = Some(Instant::now() + Duration::from_secs(5));
        assert!(total_timeout(profile, &settings) <= Duration::from_secs(5));
        settings.deadline = Some(Instant::now());
        assert_eq!(
            total_timeout(ItemKind::Heap.item(), &settings),
            Duration::ZERO
        );
    }

    #[test]
    fn the_limit_hint_names_a_flag_only_where_the_command_has_it() {
        let over = |flag| {
            let mut bounded = Bounded::new(&[0u8; 64][..], 8, flag);
            bounded
                .read_to_end(&mut Vec::new())
                .unwrap_err()
                .to_string()
        };
        let archive = over(Some("--max-item-mib"));
        assert!(
            archive.contains("raise it with --max-item-mib"),
            "{archive}"
        );
        let single = over(None);
        assert!(!single.contains("--max-item-mib"), "{single}");
        assert!(single.contains("limit for one item"), "{single}");
        assert_eq!(limit_text(3 << 20, None), "the 3 MiB limit for one item");
    }

    #[test]
    fn masks_every_member_of_a_multi_member_gzip() {
        use flate2::{Compression, write::GzEncoder};
        let secret = "sess-0123456789abcdef".to_string();
        let gz = |data: &[u8]| {
            let mut e = GzEncoder::new(Vec::new(), Compression::default());
            e.write_all(data).unwrap();
            e.finish().unwrap()
        };
        let dir = tempfile::tempdir().unwrap();
        for (first, second) in [
            ("clean", "sess-0123456789abcdef"),
            ("sess-0123456789abcdef", "tail"),
        ] {
            let path = dir.path().join(format!("{first}.prof"));
            let mut body = gz(first.as_bytes());
            body.extend(gz(second.as_bytes()));
            fs::write(&path, &body).unwrap();
            let done = finish_file(
                &path,
                Format::Pprof,
                true,
                &Masker::for_secrets(&[&secret], 4),
                (1 << 20, None),
            )
            .unwrap();
            assert_eq!(done.redactions.get("token"), Some(&1), "{first}");
            let mut plain = String::new();
            flate2::read::MultiGzDecoder::new(File::open(&path).unwrap())
                .read_to_string(&mut plain)
                .unwrap();
            let stars = "*".repeat(secret.len());
            let want = format!(
                "{}{}",
                first.replace(&secret, &stars),
                second.replace(&secret, &stars)
            );
            assert_eq!(plain, want, "nothing lost, nothing left");
        }
    }

    #[test]
    fn a_gzip_bomb_fails_at_the_item_limit() {
        use flate2::{Compression, write::GzEncoder};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bomb.prof");
        let mut e = GzEncoder::new(Vec::new(), Compression::best());
        e.write_all(&vec![0u8; 8 << 20]).unwrap();
        let bomb = e.finish().unwrap();
        assert!(bomb.len() < 64 * 1024);
        fs::write(&path, &bomb).unwrap();
        let secrets = Masker::for_secrets(&["sess-0123456789abcdef"], 4);
        let err = finish_file(&path, Format::Pprof, true, &secrets, (1 << 20, None)).unwrap_err();
        assert!(
            err.contains("inflates to more than the 1 MiB limit"),
            "{err}"
        );
        assert!(finish_file(&path, Format::Pprof, true, &secrets, (16 << 20, None)).is_ok());
    }

    #[test]
    fn html_empty_and_wrong_kinds_of_body_fail_the_item() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("item");
        let check = |body: &[u8], format: Format| {
            fs::write(&path, body).unwrap();
            finish_file(
                &path,
                format,
                true,
                &Masker::for_secrets(&[], 4),
                (1 << 20, None),
            )
            .map(|_| ())
        };
        let html = b"<!DOCTYPE html><html><body>502</body></html>";
        for format in [
            Format::Pprof,
            Format::Trace,
            Format::Cmdline,
            Format::Json,
            Format::PromText,
        ] {
            assert!(
                check(html, format).unwrap_err().contains("HTML"),
                "{format:?}"
            );
            assert!(
                check(b"", format).unwrap_err().contains("empty body"),
                "{format:?}"
            );
        }
        assert!(check(b"plain", Format::Pprof).unwrap_err().contains("gzip"));
        assert!(
            check(b"plain", Format::Trace)
                .unwrap_err()
                .contains("trace")
        );
        assert!(
            check(b"{\"a\":", Format::Json)
                .unwrap_err()
                .contains("invalid JSON")
        );
        assert!(check(b"go 1.22 trace\0\0\0\0", Format::Trace).is_ok());
        assert!(check(b"/usr/bin/fleet\0serve", Format::Cmdline).is_ok());
        assert!(check(b"[]", Format::Json).is_ok());
    }
}
