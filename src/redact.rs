//! The one choke point for secrets: every secret this run learns (the token, a token just
//! issued by login, a password, the metrics password, custom header values) is registered here,
//! and everything that leaves the process (stdout, stderr, `--debug` logs, files written by
//! single commands, archive members, the manifest) is masked with it, as is and in its encoded
//! forms (percent-encoded, form-encoded, JSON-escaped). Text for a terminal also has its
//! control characters escaped, so a server cannot clear the screen or retitle the window.
//!
//! The registry is process-wide on purpose: a secret registered anywhere is masked everywhere,
//! so adding an output path cannot forget to pass it along. Printing itself goes through
//! [`crate::ui`], the only module allowed to use `println!`/`eprintln!` (see `clippy.toml`).

use std::borrow::Cow;
use std::io::{self, Read, Write};
use std::ops::Range;
use std::sync::{Arc, Mutex};

use aho_corasick::{AhoCorasick, MatchKind};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// What replaces a secret value.
pub const REDACTED: &str = "[REDACTED]";

/// Shorter secrets are not masked in free text: they would mangle ordinary data (a header
/// value `true`, a port number). Real tokens and passwords are longer.
pub const MIN_SECRET_CHARS: usize = 6;

/// Every registered secret, and the masker built from them (rebuilt when one is added).
static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    secrets: Vec::new(),
    masker: None,
});

struct Registry {
    secrets: Vec<String>,
    masker: Option<Arc<Masker>>,
}

/// `NON_ALPHANUMERIC` minus what encoders commonly leave alone.
const URL_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

fn registry() -> std::sync::MutexGuard<'static, Registry> {
    // A panic while holding the lock cannot leave the list half-written: recover it.
    REGISTRY
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Mask `secret` (and its encoded forms) in everything this process prints or writes from now
/// on. Secrets shorter than [`MIN_SECRET_CHARS`] are ignored.
pub fn register(secret: &str) {
    if secret.chars().count() < MIN_SECRET_CHARS {
        return;
    }
    let mut registry = registry();
    if !registry.secrets.iter().any(|s| s == secret) {
        registry.secrets.push(secret.to_string());
        registry.masker = None;
    }
}

/// The masker for every secret registered so far.
pub fn masker() -> Arc<Masker> {
    let mut registry = registry();
    if let Some(masker) = &registry.masker {
        return Arc::clone(masker);
    }
    let secrets: Vec<&str> = registry.secrets.iter().map(String::as_str).collect();
    let masker = Arc::new(Masker::for_secrets(&secrets, MIN_SECRET_CHARS));
    registry.masker = Some(Arc::clone(&masker));
    masker
}

/// HTTP Basic credentials: the password, and the header value a proxy could echo
/// (`base64(user:password)`).
pub fn register_basic_auth(user: &str, password: &str) {
    use base64::Engine;
    register(password);
    register(&base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}")));
}

/// The secret as it may appear in text: raw, percent-encoded (upper- and lower-case hex, and
/// every byte encoded), form-encoded and JSON-escaped.
fn encoded_forms(secret: &str) -> Vec<String> {
    let component = utf8_percent_encode(secret, URL_COMPONENT).to_string();
    let every = utf8_percent_encode(secret, NON_ALPHANUMERIC).to_string();
    let form: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
    let json = serde_json::to_string(secret).unwrap_or_default();
    let json = json.trim_matches('"').to_string();
    let mut forms = vec![secret.to_string()];
    for form in [
        component.clone(),
        lower_hex(&component),
        every.clone(),
        lower_hex(&every),
        form,
        json,
        secret.replace('/', "\\/"),
    ] {
        if !forms.contains(&form) {
            forms.push(form);
        }
    }
    forms
}

/// `%2F` as `%2f`.
fn lower_hex(encoded: &str) -> String {
    let mut out = String::with_capacity(encoded.len());
    let mut hex_left = 0;
    for c in encoded.chars() {
        if c == '%' {
            hex_left = 2;
            out.push(c);
        } else if hex_left > 0 {
            hex_left -= 1;
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `data` with every registered secret replaced by [`REDACTED`], and how many were.
pub fn redact_bytes(data: &[u8]) -> (Cow<'_, [u8]>, usize) {
    masker().mask(data, Replacement::Redacted)
}

/// `text` with every registered secret replaced by [`REDACTED`].
pub fn redact(text: &str) -> Cow<'_, str> {
    match redact_bytes(text.as_bytes()) {
        (Cow::Borrowed(_), _) => Cow::Borrowed(text),
        (Cow::Owned(bytes), _) => Cow::Owned(String::from_utf8_lossy(&bytes).into_owned()),
    }
}

/// Text for a terminal: secrets masked and control characters (escape sequences, bells,
/// carriage returns, bidirectional overrides) shown escaped as `\x1b` / `\u{202e}`. Newlines
/// and tabs stay.
pub fn for_terminal(text: &str) -> String {
    escape_controls(&redact(text))
}

/// Text for one line of a terminal: as [`for_terminal`], and line breaks and tabs escaped too
/// (`\n`), so that a name or a server's text cannot start a line of its own.
pub fn for_terminal_line(text: &str) -> String {
    escape(&redact(text), false)
}

/// Control characters other than newline and tab, escaped.
pub fn escape_controls(text: &str) -> String {
    escape(text, true)
}

fn escape(text: &str, keep_line_breaks: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if keep_line_breaks && (c == '\n' || c == '\t') {
            out.push(c);
        } else if c == '\n' {
            out.push_str("\\n");
        } else if c == '\t' {
            out.push_str("\\t");
        } else if (c as u32) < 0x80 && c.is_control() {
            out.push_str(&format!("\\x{:02x}", c as u32));
        } else if c.is_control() || is_bidi_control(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// What takes a masked secret's place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Replacement {
    /// [`REDACTED`] (text).
    Redacted,
    /// `*` as many times as the bytes it replaces, so that binary formats (a protobuf
    /// profile's length-prefixed strings) stay valid.
    SameLength,
}

/// The one masker: finds every registered form of every secret in one pass over the bytes
/// (an Aho-Corasick automaton of the raw, percent-encoded, form-encoded and JSON-escaped forms),
/// and, around JSON escapes (`\u0041`, `\/`, `\"`), the secrets in the decoded text, so a
/// JSON string whose decoded value holds a secret is masked however the server escaped it
/// (one character, every character, Go's `\u003c \u003e \u0026`).
#[derive(Debug)]
pub struct Masker {
    /// Every form of every secret, as it may appear in the bytes.
    forms: Option<Finder>,
    /// The secrets themselves, as they read once JSON escapes are decoded.
    decoded: Option<Finder>,
    /// How far around an escape a decoded secret may reach (6 input bytes per byte).
    decoded_span: usize,
    /// The most input bytes one match can cover.
    max_span: usize,
}

/// Bytes read at a time when masking a stream.
const STREAM_CHUNK: usize = 128 * 1024;

impl Masker {
    /// A masker for `secrets` in all their forms; secrets shorter than `min_chars`
    /// characters are left out.
    pub fn for_secrets(secrets: &[&str], min_chars: usize) -> Masker {
        let secrets: Vec<&str> = secrets
            .iter()
            .copied()
            .filter(|s| !s.is_empty() && s.chars().count() >= min_chars)
            .collect();
        let mut forms: Vec<String> = Vec::new();
        for secret in &secrets {
            for form in encoded_forms(secret) {
                if !forms.contains(&form) {
                    forms.push(form);
                }
            }
        }
        let longest_form = forms.iter().map(String::len).max().unwrap_or(0);
        let longest_secret = secrets.iter().map(|s| s.len()).max().unwrap_or(0);
        let form_refs: Vec<&str> = forms.iter().map(String::as_str).collect();
        Masker {
            forms: Finder::new(&form_refs),
            decoded: Finder::new(&secrets),
            decoded_span: 6 * longest_secret,
            max_span: longest_form.max(6 * longest_secret),
        }
    }

    /// The input ranges that hold a secret, sorted, overlapping ones merged.
    pub fn find(&self, data: &[u8]) -> Vec<Range<usize>> {
        let mut spans = Vec::new();
        if let Some(forms) = &self.forms {
            forms.find_into(data, 0, &mut spans);
        }
        if let Some(decoded) = &self.decoded {
            for region in escape_regions(data, self.decoded_span) {
                let (text, offsets) = decode_json_escapes(&data[region.clone()]);
                let mut found = Vec::new();
                decoded.find_into(&text, 0, &mut found);
                for m in found {
                    spans.push(region.start + offsets[m.start]..region.start + offsets[m.end]);
                }
            }
        }
        merge(spans)
    }

    /// `data` with every secret replaced, and how many were.
    pub fn mask<'a>(&self, data: &'a [u8], replacement: Replacement) -> (Cow<'a, [u8]>, usize) {
        let spans = self.find(data);
        if spans.is_empty() {
            return (Cow::Borrowed(data), 0);
        }
        let mut out = Vec::with_capacity(data.len());
        let mut copied = 0;
        for span in &spans {
            out.extend_from_slice(&data[copied..span.start]);
            push_replacement(&mut out, span.len(), replacement);
            copied = span.end;
        }
        out.extend_from_slice(&data[copied..]);
        (Cow::Owned(out), spans.len())
    }

    /// Count the secrets in a stream; when `output` is given, copy the stream there with each
    /// one replaced. A secret cut across two reads is found whole: the last bytes of each
    /// window are searched again with the next.
    pub fn mask_stream<W: Write>(
        &self,
        mut input: impl Read,
        mut output: Option<&mut W>,
        replacement: Replacement,
    ) -> io::Result<usize> {
        let keep = self.max_span.saturating_sub(1);
        let mut window: Vec<u8> = Vec::with_capacity(STREAM_CHUNK + keep);
        let mut chunk = vec![0u8; STREAM_CHUNK];
        let mut found = 0;
        let mut piece = Vec::new();
        loop {
            let n = match input.read(&mut chunk) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                result => result?,
            };
            let eof = n == 0;
            window.extend_from_slice(&chunk[..n]);
            let mut emit = if eof {
                window.len()
            } else {
                window.len().saturating_sub(keep)
            };
            let (mut copied, spans) = (0, self.find(&window));
            piece.clear();
            for span in spans {
                if span.start >= emit {
                    break;
                }
                // A match that starts in what is emitted goes out whole.
                emit = emit.max(span.end);
                found += 1;
                piece.extend_from_slice(&window[copied..span.start]);
                push_replacement(&mut piece, span.len(), replacement);
                copied = span.end;
            }
            if let Some(out) = output.as_deref_mut() {
                out.write_all(&piece)?;
                out.write_all(&window[copied..emit])?;
            }
            window.drain(..emit);
            if eof {
                return Ok(found);
            }
        }
    }
}

/// One search for many patterns, leftmost-longest: Teddy (SIMD, up to 64 patterns) where the
/// CPU has it, else an Aho-Corasick automaton.
#[derive(Debug)]
enum Finder {
    Packed(aho_corasick::packed::Searcher),
    Automaton(AhoCorasick),
}

impl Finder {
    fn new(patterns: &[&str]) -> Option<Finder> {
        if patterns.is_empty() {
            return None;
        }
        let packed = aho_corasick::packed::Config::new()
            .match_kind(aho_corasick::packed::MatchKind::LeftmostLongest)
            .builder()
            .extend(patterns)
            .build();
        Some(match packed {
            Some(searcher) => Finder::Packed(searcher),
            None => Finder::Automaton(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(patterns)
                    .expect("secret patterns are small enough for an automaton"),
            ),
        })
    }

    /// Every match in `data`, as ranges shifted by `offset`, appended to `out`.
    fn find_into(&self, data: &[u8], offset: usize, out: &mut Vec<Range<usize>>) {
        let shifted = |m: aho_corasick::Match| m.start() + offset..m.end() + offset;
        match self {
            Finder::Packed(searcher) => out.extend(searcher.find_iter(data).map(shifted)),
            Finder::Automaton(automaton) => out.extend(automaton.find_iter(data).map(shifted)),
        }
    }
}

fn push_replacement(out: &mut Vec<u8>, len: usize, replacement: Replacement) {
    match replacement {
        Replacement::Redacted => out.extend_from_slice(REDACTED.as_bytes()),
        Replacement::SameLength => out.resize(out.len() + len, b'*'),
    }
}

/// Sorted ranges with overlapping ones joined.
fn merge(mut spans: Vec<Range<usize>>) -> Vec<Range<usize>> {
    spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(spans.len());
    for span in spans {
        match merged.last_mut() {
            Some(last) if span.start < last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    merged
}

/// The stretches of `data` within `span` bytes of a JSON escape, joined where they touch.
/// A secret that was escaped lies inside one; elsewhere the raw forms find it.
fn escape_regions(data: &[u8], span: usize) -> Vec<Range<usize>> {
    let mut regions: Vec<Range<usize>> = Vec::new();
    for at in memchr::memchr_iter(b'\\', data) {
        if json_escape_at(data, at).is_none() {
            continue;
        }
        let region = at.saturating_sub(span)..(at + span).min(data.len());
        match regions.last_mut() {
            Some(last) if region.start <= last.end => last.end = region.end,
            _ => regions.push(region),
        }
    }
    regions
}

/// `data` with JSON escapes decoded, and for every decoded byte (and the end) the offset in
/// `data` where it came from.
fn decode_json_escapes(data: &[u8]) -> (Vec<u8>, Vec<usize>) {
    let mut text = Vec::with_capacity(data.len());
    let mut offsets = Vec::with_capacity(data.len() + 1);
    let mut at = 0;
    while at < data.len() {
        match json_escape_at(data, at) {
            Some((c, len)) => {
                let mut utf8 = [0u8; 4];
                for &b in c.encode_utf8(&mut utf8).as_bytes() {
                    text.push(b);
                    offsets.push(at);
                }
                at += len;
            }
            None => {
                text.push(data[at]);
                offsets.push(at);
                at += 1;
            }
        }
    }
    offsets.push(data.len());
    (text, offsets)
}

/// The JSON escape at `at` (`\n`, `\/`, `\u00e9`, a surrogate pair) as its character and length.
fn json_escape_at(data: &[u8], at: usize) -> Option<(char, usize)> {
    if data.get(at) != Some(&b'\\') {
        return None;
    }
    let simple = match data.get(at + 1)? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => return unicode_escape_at(data, at),
        _ => return None,
    };
    Some((simple, 2))
}

fn unicode_escape_at(data: &[u8], at: usize) -> Option<(char, usize)> {
    let hex4 = |from: usize| -> Option<u32> {
        let digits = std::str::from_utf8(data.get(from..from + 4)?).ok()?;
        u32::from_str_radix(digits, 16)
            .ok()
            .filter(|_| digits.bytes().all(|b| b.is_ascii_hexdigit()))
    };
    let high = hex4(at + 2)?;
    if (0xD800..0xDC00).contains(&high) {
        if data.get(at + 6..at + 8) != Some(b"\\u") {
            return None;
        }
        let low = hex4(at + 8).filter(|low| (0xDC00..0xE000).contains(low))?;
        let c = char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))?;
        return Some((c, 12));
    }
    Some((char::from_u32(high)?, 6))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_forms_cover_percent_form_and_json() {
        let forms = encoded_forms("a+b/c=d e");
        for form in [
            "a+b/c=d e",
            "a%2Bb%2Fc%3Dd%20e",
            "a%2bb%2fc%3dd%20e",
            "a%2Bb%2Fc%3Dd+e",
            "a+b\\/c=d e",
        ] {
            assert!(forms.contains(&form.to_string()), "{form} in {forms:?}");
        }
    }

    #[test]
    fn registered_secrets_are_masked_in_every_form() {
        register("sess/0123+456789==");
        let text = "a sess/0123+456789== b sess%2F0123%2B456789%3D%3D c sess%2f0123%2b456789%3d%3d";
        let masked = redact(text);
        assert!(!masked.contains("0123"), "{masked}");
        assert_eq!(masked.matches(REDACTED).count(), 3, "{masked}");
        register("abc");
        assert_eq!(redact("abc"), "abc", "short secrets are not registered");
    }

    #[test]
    fn terminal_text_has_control_characters_escaped() {
        assert_eq!(
            escape_controls("a\x1b[2Jb\x1b]0;title\x07c\r\n\td\u{202e}e\u{9b}"),
            "a\\x1b[2Jb\\x1b]0;title\\x07c\\x0d\n\td\\u{202e}e\\u{9b}"
        );
    }

    fn masked(secrets: &[&str], data: &str) -> String {
        let masker = Masker::for_secrets(secrets, 4);
        String::from_utf8(
            masker
                .mask(data.as_bytes(), Replacement::Redacted)
                .0
                .into_owned(),
        )
        .unwrap()
    }

    #[test]
    fn the_longest_form_wins_and_short_secrets_are_left_out() {
        let masker = Masker::for_secrets(&["abcdef", "abcdefgh", "abc", ""], 4);
        let (out, n) = masker.mask(b"xx abcdef abcdefgh abc", Replacement::Redacted);
        assert_eq!((&out[..], n), (&b"xx [REDACTED] [REDACTED] abc"[..], 2));
        let (out, n) = masker.mask(b"\xff abcdefgh \x80", Replacement::SameLength);
        assert_eq!((&out[..], n), (&b"\xff ******** \x80"[..], 1));
        let (same, n) = Masker::for_secrets(&[], 4).mask(b"abc", Replacement::Redacted);
        assert!(matches!(same, Cow::Borrowed(_)) && n == 0);
    }

    #[test]
    fn a_json_string_is_masked_however_it_is_escaped() {
        let secret = "tok<&>/0123456789";
        for escaped in [
            r"tok<&>\/0123456789",
            r"tok\u003c\u0026\u003e/0123456789",
            r"\u0074ok<&>/0123456789",
            r"tok<&>/012345678\u0039",
            r"\u0074\u006F\u006b\u003C\u0026\u003e\u002f\u0030\u0031\u0032\u0033\u0034\u0035\u0036\u0037\u0038\u0039",
        ] {
            let json = format!(r#"{{"message":"bad token {escaped} given"}}"#);
            let out = masked(&[secret], &json);
            assert_eq!(
                out, r#"{"message":"bad token [REDACTED] given"}"#,
                "{escaped}"
            );
            // And what a JSON decoder makes of the masked text holds no secret.
            let decoded: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert!(!decoded.to_string().contains("0123456789"));
        }
        // Non-ASCII characters and surrogate pairs.
        let out = masked(&["pässwörd-😀-x"], r#""p\u00e4ssw\u00F6rd-\ud83d\ude00-x""#);
        assert_eq!(out, r#""[REDACTED]""#);
        // Escapes that decode to something else, or are not escapes, are left alone.
        let text = r#""tok\u003e0123456789 \q \u12 \ud83d\u0041""#;
        assert_eq!(masked(&[secret], text), text);
    }

    #[test]
    fn a_stream_is_masked_across_chunk_boundaries() {
        let secret = "tok-0123456789abcdef";
        let masker = Masker::for_secrets(&[secret], 4);
        let escaped = r"tok-\u0030123456789abcdef";
        for cut in [
            STREAM_CHUNK - 30,
            STREAM_CHUNK - 5,
            STREAM_CHUNK - 1,
            STREAM_CHUNK,
        ] {
            let mut data = vec![b'x'; cut];
            data.extend_from_slice(secret.as_bytes());
            data.extend_from_slice(b"tail");
            data.extend_from_slice(escaped.as_bytes());
            data.extend_from_slice(&vec![b'\\'; STREAM_CHUNK]);
            data.extend_from_slice(secret.as_bytes());
            let mut out = Vec::new();
            let found = masker
                .mask_stream(&data[..], Some(&mut out), Replacement::SameLength)
                .unwrap();
            assert_eq!(found, 3, "cut at {cut}");
            assert_eq!(out.len(), data.len());
            let (whole, _) = masker.mask(&data, Replacement::SameLength);
            assert_eq!(out, whole.into_owned(), "cut at {cut}");
            let text = String::from_utf8_lossy(&out);
            assert!(!text.contains("tok-") && !text.contains("abcdef"));
            let counted = masker
                .mask_stream(&data[..], None::<&mut io::Sink>, Replacement::SameLength)
                .unwrap();
            assert_eq!(counted, 3);
        }
    }
}
