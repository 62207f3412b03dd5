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
use std::sync::Mutex;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// What replaces a secret value.
pub const REDACTED: &str = "[REDACTED]";

/// Shorter secrets are not masked in free text: they would mangle ordinary data (a header
/// value `true`, a port number). Real tokens and passwords are longer.
pub const MIN_SECRET_CHARS: usize = 6;

/// Every form of every registered secret, longest first.
static SECRETS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// `NON_ALPHANUMERIC` minus what encoders commonly leave alone.
const URL_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

fn registry() -> std::sync::MutexGuard<'static, Vec<String>> {
    // A panic while holding the lock cannot leave the list half-written: recover it.
    SECRETS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Mask `secret` (and its encoded forms) in everything this process prints or writes from now
/// on. Secrets shorter than [`MIN_SECRET_CHARS`] are ignored.
pub fn register(secret: &str) {
    if secret.chars().count() < MIN_SECRET_CHARS {
        return;
    }
    let mut secrets = registry();
    for form in encoded_forms(secret) {
        if !secrets.contains(&form) {
            secrets.push(form);
        }
    }
    secrets.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
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

/// Every registered form of every secret, longest first (for stream maskers).
pub fn secrets() -> Vec<String> {
    registry().clone()
}

/// `data` with every registered secret replaced by [`REDACTED`], and how many were.
pub fn redact_bytes(data: &[u8]) -> (Cow<'_, [u8]>, usize) {
    let secrets = registry();
    if secrets.is_empty() {
        return (Cow::Borrowed(data), 0);
    }
    let needles: Vec<&str> = secrets.iter().map(String::as_str).collect();
    let (out, count) = replace_literals(data, &needles, 1);
    if count == 0 {
        (Cow::Borrowed(data), 0)
    } else {
        (Cow::Owned(out), count)
    }
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

/// Replace every occurrence of each needle (at least `min_chars` characters) in arbitrary
/// bytes. Where needles overlap, the longest one starting at the leftmost position wins.
/// Returns the new bytes and the number of replacements.
pub fn replace_literals(data: &[u8], needles: &[&str], min_chars: usize) -> (Vec<u8>, usize) {
    let mut needles: Vec<&[u8]> = needles
        .iter()
        .filter(|s| !s.is_empty() && s.chars().count() >= min_chars)
        .map(|s| s.as_bytes())
        .collect();
    if needles.is_empty() {
        return (data.to_vec(), 0);
    }
    needles.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    needles.dedup();
    let mut starts = [false; 256];
    for needle in &needles {
        starts[usize::from(needle[0])] = true;
    }
    let mut out = Vec::with_capacity(data.len());
    let (mut i, mut copied, mut count) = (0, 0, 0);
    while i < data.len() {
        if starts[usize::from(data[i])]
            && let Some(needle) = needles.iter().find(|n| data[i..].starts_with(n))
        {
            out.extend_from_slice(&data[copied..i]);
            out.extend_from_slice(REDACTED.as_bytes());
            i += needle.len();
            copied = i;
            count += 1;
        } else {
            i += 1;
        }
    }
    out.extend_from_slice(&data[copied..]);
    (out, count)
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

    #[test]
    fn literal_replacement_prefers_the_longest_match() {
        let (out, n) = replace_literals(b"xx abcdef abcdefgh", &["abcdef", "abcdefgh"], 4);
        assert_eq!(out, b"xx [REDACTED] [REDACTED]");
        assert_eq!(n, 2);
        let (out, n) = replace_literals(b"abc", &["abc", ""], 4);
        assert_eq!((out.as_slice(), n), (&b"abc"[..], 0));
    }
}
