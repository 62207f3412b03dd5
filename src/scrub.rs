//! The cmdline scrubber: redacts secret values from a Fleet server's argv (the body of
//! `/debug/pprof/cmdline`: the words joined by NUL bytes) while keeping flag names and
//! non-secret values, and reports what it redacted by name and count, never by value.
//!
//! Every NUL-separated word is split into whitespace-separated tokens (arguments that
//! `fleet serve` reads from a piped stdin can put several flags in one word). Rules:
//!
//! 1. **Literals.** Each `extra_secrets` string (at least 4 characters, e.g. the operator's
//!    API token) is replaced wherever it occurs, before anything else (label `token`).
//! 2. **Flags.** `--name=value`, `-name=value`, `--name value`, `-name value`: the value is
//!    replaced when [`is_secret_name`] holds for `name` (label: the name in lower_snake_case).
//!    In the two-word form the value is the next token or argv word, unless that looks like a
//!    flag itself (`-x`, `--name`, `--name=...`): a word such as `-----BEGIN` or `-9f#k` is
//!    still taken as the value. An empty value (`--mysql_password=`) is left as it is.
//! 3. **Assignments.** `NAME=value` words, environment style (`FLEET_MYSQL_PASSWORD=...`,
//!    `AWS_SECRET_ACCESS_KEY=...`) or config style (`mysql.password=...`): same name test,
//!    after dropping a `FLEET_` prefix (label: the name as written when upper case).
//! 4. **URL and DSN userinfo.** In every other value or token, the password of
//!    `scheme://user:password@host` and of scheme-less `user:password@host` or Go MySQL DSNs
//!    (`fleet:pw@tcp(db:3306)/fleet`) is replaced, keeping `user:` and `@host` (label
//!    `url-userinfo`). The password ends at the *last* `@` of the URL, so passwords holding
//!    `@`, `/`, `?` or even `://` are covered (at the price of over-redacting a URL with a
//!    port whose path holds `@`). `user@host` and `host:port` have no password.
//! 5. **URL query parameters** with a secret name (`?token=...`, `&api_key=...`) lose their
//!    value (label `url-query`).
//!
//! A redacted value runs to the end of its token and over any following tokens of the same
//! word up to the next flag, so a value with spaces or a multi-line PEM goes as a whole. Names
//! compare case-insensitively, with `-`, `_` and `.` alike. The tables below are the rule set.
//! The scrubber works on bytes: bytes that are not UTF-8 pass through (or are redacted with
//! their value), and the NUL structure and the whitespace between tokens are kept exactly.

use std::collections::BTreeMap;

pub use crate::redact::REDACTED;

/// A (normalised) name ending in one of these carries a secret: `mysql_password`,
/// `mysql_read_replica_password`, `prometheus_basic_auth_password`, `s3_secret_access_key`,
/// `server_private_key`, `mdm_apple_scep_key_bytes`, `mdm_apple_bm_server_token_bytes`,
/// `splunk_token`, `packaging_global_enroll_secret`, `sentry_dsn`, `mdm_apple_scep_challenge`,
/// `MYSQL_PWD`. (A bare `pwd`, the shell's working directory, is not secret.)
const SECRET_SUFFIXES: &[&str] = &[
    "_password",
    "_passwd",
    "_pwd",
    "_passphrase",
    "_secret_access_key",
    "_private_key",
    "_key_bytes",
    "_token_bytes",
    "_token",
    "_secret",
    "_dsn",
    "_challenge",
    "_api_key",
    "_jwt_key",
    "_license_key",
    "_session_key",
    "_signing_key",
    "_encryption_key",
];

/// Whole names that carry a secret. `license_key` (Fleet's `license.key`), `app_token_key`
/// (`app.token_key`, which signs invite tokens), `auth_jwt_key`, `server_private_key`.
const SECRET_NAMES: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "token",
    "secret",
    "dsn",
    "api_key",
    "jwt_key",
    "private_key",
    "license_key",
    "app_token_key",
    "auth_jwt_key",
    "server_private_key",
    "session_key",
    "enroll_secret",
];

/// Words that make a name secret wherever they stand as whole `_`-separated parts of it, so
/// variants such as `redis_password_b64` or `api_token_value` are caught too.
const SECRET_WORDS: &[&str] = &["password", "passwd", "secret", "token", "private_key"];

/// Exceptions, checked first: a name ending in one of these never carries a secret. They hold
/// file paths (`mysql_tls_key`, `mysql_password_path`, `nats_nkey_file`), identifiers
/// (`s3_access_key_id`, `server_private_key_arn`, `..._sts_external_id`), sizes or durations
/// (`app_token_key_size`, `app_invite_token_validity_period`, `redis_host_cache_ttl`) or
/// switches. Names that merely contain `key` are not secret in the first place:
/// `server_key`, `mdm_apple_apns_key` and `mdm_apple_bm_key` are paths to key files.
const NOT_SECRET_SUFFIXES: &[&str] = &[
    "_key_id",
    "_access_key_id",
    "_external_id",
    "_arn",
    "_region",
    "_name",
    "_tls_key",
    "_tls_cert",
    "_tls_ca",
    "_path",
    "_key_path",
    "_file",
    "_dir",
    "_ttl",
    "_size",
    "_length",
    "_duration",
    "_period",
    "_timeout",
    "_interval",
    "_enabled",
    "_disabled",
    // `mdm.apple_bm_server_token` is the path of the token file; the secret itself is
    // `mdm.apple_bm_server_token_bytes`.
    "_bm_server_token",
];

/// URL query parameter names that carry a secret besides the secret names above: API keys and
/// signatures of pre-signed URLs (S3, GCS, Azure SAS). Normalised (lower case, `_` for `-`).
const QUERY_SECRET_NAMES: &[&str] = &[
    "apikey",
    "key",
    "sig",
    "signature",
    "auth",
    "authorization",
    "x_amz_signature",
    "x_amz_security_token",
    "x_amz_credential",
    "x_goog_signature",
    "x_goog_credential",
    "code",
];

/// Shortest extra secret, in characters, that is replaced (shorter ones would mangle the data).
const MIN_LITERAL_CHARS: usize = 4;

/// Report label for URL and DSN passwords.
const LABEL_USERINFO: &str = "url-userinfo";
/// Report label for secret URL query parameters.
const LABEL_QUERY: &str = "url-query";
/// Report label for extra (literal) secrets.
const LABEL_LITERAL: &str = "token";

/// What one scrub removed: for each rule hit, a label and a count. Labels are flag names
/// normalised to lower_snake_case without dashes (e.g. `mysql_password`), the name as written
/// for environment-style words (`FLEET_MYSQL_PASSWORD`), `url-userinfo` for URL/DSN passwords,
/// `url-query` for secret URL query parameters and `token` for extra-secret hits. Never values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScrubReport {
    /// Label → number of values redacted under it.
    pub redactions: BTreeMap<String, usize>,
}

impl ScrubReport {
    /// Number of values redacted, all labels together.
    pub fn total(&self) -> usize {
        self.redactions.values().sum()
    }

    /// Whether nothing was redacted.
    pub fn is_empty(&self) -> bool {
        self.total() == 0
    }

    /// Add another report's counts to this one.
    pub fn merge(&mut self, other: &ScrubReport) {
        for (label, count) in &other.redactions {
            *self.redactions.entry(label.clone()).or_default() += count;
        }
    }

    fn add(&mut self, label: &str, count: usize) {
        if count > 0 {
            *self.redactions.entry(label.to_string()).or_default() += count;
        }
    }
}

/// Scrub a NUL-separated argv (the body of /debug/pprof/cmdline).
///
/// The output has the same NUL-separated words, with secret values replaced by [`REDACTED`];
/// `extra_secrets` are replaced anywhere, in all their forms, by the one masker
/// ([`crate::redact::Masker`]; at least 4 characters).
pub fn scrub_cmdline(input: &[u8], extra_secrets: &[&str]) -> (Vec<u8>, ScrubReport) {
    let masker = crate::redact::Masker::for_secrets(extra_secrets, MIN_LITERAL_CHARS);
    scrub_cmdline_masking(input, &masker)
}

/// [`scrub_cmdline`] with the secrets of `masker` (the run's registered ones).
pub fn scrub_cmdline_masking(
    input: &[u8],
    masker: &crate::redact::Masker,
) -> (Vec<u8>, ScrubReport) {
    let (data, literal_hits) = masker.mask(input, crate::redact::Replacement::Redacted);
    let mut scrubber = Scrubber {
        pending: None,
        report: ScrubReport::default(),
        out: Vec::with_capacity(data.len() + 64),
    };
    scrubber.report.add(LABEL_LITERAL, literal_hits);
    for (i, word) in data.split(|&b| b == 0).enumerate() {
        if i > 0 {
            scrubber.out.push(0);
        }
        scrubber.word(word);
    }
    (scrubber.out, scrubber.report)
}

/// Whether a flag or option name (with or without leading dashes, any case, dashes or
/// underscores) carries a secret.
///
/// `--mysql_password`, `MYSQL-PASSWORD`, `license_key`, `FLEET_LICENSE_KEY` do;
/// `mysql_tls_key`, `s3_access_key_id`, `mysql_password_path`, `server_key` do not.
pub fn is_secret_name(name: &str) -> bool {
    let name = normalize(name);
    secret_normalized(&name) || name.strip_prefix("fleet_").is_some_and(secret_normalized)
}

/// Lower case, no leading dashes, `-` and `.` as `_`.
fn normalize(name: &str) -> String {
    name.trim_start_matches('-')
        .chars()
        .map(|c| match c {
            '-' | '.' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

fn secret_normalized(name: &str) -> bool {
    if name.is_empty() || NOT_SECRET_SUFFIXES.iter().any(|s| name.ends_with(s)) {
        return false;
    }
    if SECRET_NAMES.contains(&name) || SECRET_SUFFIXES.iter().any(|s| name.ends_with(s)) {
        return true;
    }
    let padded = format!("_{name}_");
    SECRET_WORDS
        .iter()
        .any(|word| padded.contains(&format!("_{word}_")))
}

/// Bytes of a flag or option name.
fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
}

/// A flag token: `-name` or `--name`, optionally followed by `=value`.
struct Flag {
    /// Where the name starts (after the dashes).
    name_start: usize,
    /// Where the name ends: the `=` or the end of the token.
    name_end: usize,
    /// Whether `=value` follows.
    has_value: bool,
}

/// Parse `-name`, `--name`, `-name=value` or `--name=value`; the name starts with a letter.
fn parse_flag(token: &[u8]) -> Option<Flag> {
    let dashes = if token.starts_with(b"--") {
        2
    } else if token.starts_with(b"-") {
        1
    } else {
        return None;
    };
    let rest = &token[dashes..];
    if !rest.first().is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let end = rest.iter().position(|&b| b == b'=').unwrap_or(rest.len());
    if !rest[..end].iter().all(|&b| is_name_byte(b)) {
        return None;
    }
    Some(Flag {
        name_start: dashes,
        name_end: dashes + end,
        has_value: end < rest.len(),
    })
}

/// `NAME=value` with a name that starts with a letter or `_`: the index of the `=`.
fn parse_assignment(token: &[u8]) -> Option<usize> {
    let eq = token.iter().position(|&b| b == b'=')?;
    let name = &token[..eq];
    let first = *name.first()?;
    let valid =
        (first.is_ascii_alphabetic() || first == b'_') && name.iter().all(|&b| is_name_byte(b));
    valid.then_some(eq)
}

/// The byte ranges of the whitespace-separated tokens of a word.
fn tokens(word: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < word.len() {
        if word[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        while i < word.len() && !word[i].is_ascii_whitespace() {
            i += 1;
        }
        out.push((start, i));
    }
    out
}

/// The index of the last token of a value that starts in token `first`: the value runs over
/// the following tokens of the word up to, not including, the next flag.
fn value_last_token(word: &[u8], toks: &[(usize, usize)], first: usize) -> usize {
    let mut last = first;
    while let Some(&(s, e)) = toks.get(last + 1) {
        if parse_flag(&word[s..e]).is_some() {
            break;
        }
        last += 1;
    }
    last
}

/// Write a secret value: `[REDACTED]` unless it is empty or already redacted.
fn redact_value(value: &[u8], label: &str, report: &mut ScrubReport, out: &mut Vec<u8>) {
    if value.is_empty() || value == REDACTED.as_bytes() {
        out.extend_from_slice(value);
    } else {
        out.extend_from_slice(REDACTED.as_bytes());
        report.add(label, 1);
    }
}

/// The label of an assignment: the name as written when it is upper case (an environment
/// variable), else normalised.
fn assignment_label(name: &str) -> String {
    if name.bytes().any(|b| b.is_ascii_lowercase()) {
        normalize(name)
    } else {
        name.to_string()
    }
}

/// The scrub of one argv, word by word.
struct Scrubber {
    /// The label of a secret flag whose value is the next token, possibly in the next word.
    pending: Option<String>,
    report: ScrubReport,
    out: Vec<u8>,
}

impl Scrubber {
    /// Scrub one NUL-separated word into `out`.
    fn word(&mut self, word: &[u8]) {
        let toks = tokens(word);
        if toks.is_empty() {
            // An empty or blank word is the pending flag's (empty) value: nothing to redact.
            self.pending = None;
            self.out.extend_from_slice(word);
            return;
        }
        let mut cursor = 0; // `word[..cursor]` is written
        let mut i = 0;
        while i < toks.len() {
            self.out.extend_from_slice(&word[cursor..toks[i].0]);
            i = match self.pending.take() {
                Some(label) => self.pending_value(word, &toks, i, &label),
                None => self.token(word, &toks, i),
            };
            cursor = toks[i - 1].1;
        }
        self.out.extend_from_slice(&word[cursor..]);
    }

    /// Token `i` (and maybe those after it) as the value of a secret flag given as
    /// `--name value`: Go's flag package takes the next word as a non-boolean flag's value even
    /// when it starts with `-` (`-abc`, `--x`). Returns the index of the next token to scrub.
    fn pending_value(
        &mut self,
        word: &[u8],
        toks: &[(usize, usize)],
        i: usize,
        label: &str,
    ) -> usize {
        let (start, end) = toks[i];
        let token = &word[start..end];
        let flag = parse_flag(token);
        if let Some(flag) = &flag
            && !flag.has_value
        {
            // `--mysql_password --redis_password x`: redacted as a value, and if it names a
            // secret itself, what follows is redacted too (never under-redact).
            let name = String::from_utf8_lossy(&token[flag.name_start..flag.name_end]);
            redact_value(token, label, &mut self.report, &mut self.out);
            self.pending = is_secret_name(&name).then(|| normalize(&name));
            return i + 1;
        }
        let last = if flag.is_some() {
            i
        } else {
            value_last_token(word, toks, i)
        };
        let value = &word[start..toks[last].1];
        redact_value(value, label, &mut self.report, &mut self.out);
        last + 1
    }

    /// Token `i` on its own: a flag, an assignment or plain text. Returns the index of the next
    /// token to scrub.
    fn token(&mut self, word: &[u8], toks: &[(usize, usize)], i: usize) -> usize {
        let (start, end) = toks[i];
        let token = &word[start..end];
        // `eq`: where `=` sits in the token; `secret_label`: set when the value is secret.
        let (eq, secret_label) = if let Some(flag) = parse_flag(token) {
            // Flag names are ASCII by construction.
            let name = String::from_utf8_lossy(&token[flag.name_start..flag.name_end]);
            let secret = is_secret_name(&name).then(|| normalize(&name));
            if !flag.has_value {
                self.pending = secret;
                self.out.extend_from_slice(token);
                return i + 1;
            }
            (flag.name_end, secret)
        } else if let Some(eq) = parse_assignment(token) {
            let name = String::from_utf8_lossy(&token[..eq]);
            (eq, is_secret_name(&name).then(|| assignment_label(&name)))
        } else {
            scrub_text(token, &mut self.report, &mut self.out);
            return i + 1;
        };
        self.out.extend_from_slice(&token[..=eq]);
        let value_start = start + eq + 1;
        match secret_label {
            // `--mysql_password=`: nothing to redact, and the value is not extended.
            Some(_) if value_start == end => i + 1,
            Some(label) => {
                let last = value_last_token(word, toks, i);
                let value = &word[value_start..toks[last].1];
                redact_value(value, &label, &mut self.report, &mut self.out);
                last + 1
            }
            None => {
                scrub_text(&token[eq + 1..], &mut self.report, &mut self.out);
                i + 1
            }
        }
    }
}

/// Bytes of a URL scheme.
fn is_scheme_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-')
}

/// Bytes that may precede a URL's scheme: a `://` after anything else (say inside a
/// password, `u:ab://c@host`) does not start a new URL.
fn is_url_boundary(b: u8) -> bool {
    b.is_ascii_whitespace()
        || matches!(
            b,
            b',' | b';' | b'=' | b'(' | b'[' | b'{' | b'<' | b'"' | b'\'' | b'|' | b'>'
        )
}

/// The URLs in `text`: (where the scheme starts, where the authority starts).
fn url_starts(text: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 3 <= text.len() {
        if &text[i..i + 3] != b"://" {
            i += 1;
            continue;
        }
        let mut scheme = i;
        while scheme > 0 && is_scheme_byte(text[scheme - 1]) {
            scheme -= 1;
        }
        if scheme < i
            && text[scheme].is_ascii_alphabetic()
            && (scheme == 0 || is_url_boundary(text[scheme - 1]))
        {
            out.push((scheme, i + 3));
        }
        i += 3;
    }
    out
}

/// A plain user name for scheme-less userinfo (possibly empty).
fn is_plain_user(user: &[u8]) -> bool {
    user.iter()
        .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'%' | b'+' | b'~'))
}

/// The password of `user:password@host` at the start of `seg` (a URL's authority, running
/// to the next URL or the end, or for `bare` the text before the first URL): from the first
/// `:` to the last `@`. A URL's user may not hold `/`, `?` or `#` (then the `:` is a port
/// or sits in a path); a scheme-less user must be a plain name, and a host must follow the
/// `@`, so that `user@host` and `host:port` have no password.
fn userinfo_password(seg: &[u8], bare: bool) -> Option<(usize, usize)> {
    let colon = seg.iter().position(|&b| b == b':')?;
    let at = colon + 1 + seg[colon + 1..].iter().rposition(|&b| b == b'@')?;
    let user = &seg[..colon];
    let user_ok = if bare {
        let host_ok = seg
            .get(at + 1)
            .is_some_and(|&b| b.is_ascii_alphanumeric() || matches!(b, b'[' | b'(' | b'/' | b'_'));
        host_ok && is_plain_user(user)
    } else {
        !user.iter().any(|&b| matches!(b, b'/' | b'?' | b'#'))
    };
    user_ok.then_some((colon + 1, at))
}

/// A URL's user name without a password (`https://TOKEN@host/`): tokens are often sent this
/// way, so the whole user goes. Returns where it ends (the `@`). Only within the authority.
fn userinfo_user_only(seg: &[u8]) -> Option<usize> {
    let authority_end = seg
        .iter()
        .position(|&b| matches!(b, b'/' | b'?' | b'#') || b.is_ascii_whitespace())
        .unwrap_or(seg.len());
    let at = seg[..authority_end].iter().rposition(|&b| b == b'@')?;
    (at > 0 && !seg[..at].contains(&b':')).then_some(at)
}

/// Whether `seg` (see [`userinfo_password`]) ends inside a password: a `:` after the user and
/// no `@` yet. A `://` that follows then belongs to the password (`u:ab,c://d@host`).
fn userinfo_open(seg: &[u8], bare: bool) -> bool {
    if seg.contains(&b'@') {
        return false;
    }
    match seg
        .iter()
        .position(|&b| matches!(b, b':' | b'/' | b'?' | b'#'))
    {
        Some(colon) if seg[colon] == b':' => !bare || is_plain_user(&seg[..colon]),
        _ => false,
    }
}

/// The password of a Go MySQL DSN, `user:password@net(address)/db` or `user:password@/db`:
/// the last `@` is followed by `net(` or `/`; the password runs from the first `:`, after a
/// plain user. (A URL can hold `:`, `@` and `(` in its password, but not a host like `tcp(`.)
fn dsn_password(text: &[u8]) -> Option<(usize, usize)> {
    let at = text.iter().rposition(|&b| b == b'@')?;
    let rest = &text[at + 1..];
    let net = rest
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if !(net > 0 && rest.get(net) == Some(&b'(') || rest.first() == Some(&b'/')) {
        return None;
    }
    let colon = text[..at].iter().position(|&b| b == b':')?;
    is_plain_user(&text[..colon]).then_some((colon + 1, at))
}

/// URL, scheme-less and DSN passwords in `text`.
fn userinfo_secrets(text: &[u8], ranges: &mut Vec<(usize, usize, &'static str)>) {
    if let Some((s, e)) = dsn_password(text) {
        ranges.push((s, e, LABEL_USERINFO));
        return;
    }
    // Regions (scheme start, authority start, scheme-less): the text before the first URL,
    // then every URL. A region runs to the next one, unless it ends inside a password.
    let mut regions = vec![(0, 0, true)];
    regions.extend(url_starts(text).into_iter().map(|(s, a)| (s, a, false)));
    let mut k = 0;
    while k < regions.len() {
        let (_, authority, bare) = regions[k];
        let mut next = k + 1;
        while let Some(&(scheme, _, _)) = regions.get(next)
            && userinfo_open(&text[authority..scheme], bare)
        {
            next += 1;
        }
        let end = regions.get(next).map_or(text.len(), |r| r.0);
        if let Some((s, e)) = userinfo_password(&text[authority..end], bare) {
            ranges.push((authority + s, authority + e, LABEL_USERINFO));
        } else if !bare && let Some(e) = userinfo_user_only(&text[authority..end]) {
            ranges.push((authority, authority + e, LABEL_USERINFO));
        }
        k = next;
    }
}

/// Secret-named query parameters (`?token=...`, `&password=...`, `;api_key=...`).
fn query_secrets(text: &[u8], ranges: &mut Vec<(usize, usize, &'static str)>) {
    for (i, &b) in text.iter().enumerate() {
        if !matches!(b, b'?' | b'&' | b';') {
            continue;
        }
        let name_start = i + 1;
        let name_len = text[name_start..]
            .iter()
            .take_while(|&&b| is_name_byte(b))
            .count();
        let eq = name_start + name_len;
        if name_len == 0 || text.get(eq) != Some(&b'=') {
            continue;
        }
        let name = String::from_utf8_lossy(&text[name_start..eq]);
        if !is_secret_name(&name) && !QUERY_SECRET_NAMES.contains(&normalize(&name).as_str()) {
            continue;
        }
        let value_start = eq + 1;
        let value_len = text[value_start..]
            .iter()
            .take_while(|&&b| !matches!(b, b'&' | b';' | b'#'))
            .count();
        ranges.push((value_start, value_start + value_len, LABEL_QUERY));
    }
}

/// Redact URL/DSN passwords and secret query parameters in a non-secret value or token.
fn scrub_text(text: &[u8], report: &mut ScrubReport, out: &mut Vec<u8>) {
    let mut ranges: Vec<(usize, usize, &'static str)> = Vec::new();
    userinfo_secrets(text, &mut ranges);
    query_secrets(text, &mut ranges);

    ranges.retain(|&(s, e, _)| s < e && &text[s..e] != REDACTED.as_bytes());
    ranges.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
    let mut cursor = 0;
    for (s, e, label) in ranges {
        if s < cursor {
            // Overlaps the previous redaction: redact the union, counted once.
            cursor = cursor.max(e);
            continue;
        }
        out.extend_from_slice(&text[cursor..s]);
        out.extend_from_slice(REDACTED.as_bytes());
        report.add(label, 1);
        cursor = e;
    }
    out.extend_from_slice(&text[cursor..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One argv case: input words, expected output words, extra secrets.
    struct Case {
        input: Vec<Vec<u8>>,
        expected: Vec<Vec<u8>>,
        extra: &'static [&'static str],
    }

    fn words(ws: &[&str]) -> Vec<Vec<u8>> {
        ws.iter().map(|w| w.as_bytes().to_vec()).collect()
    }

    /// A case over text words.
    fn c(input: &[&str], expected: &[&str]) -> Case {
        cx(input, expected, &[])
    }

    /// A case with extra secrets.
    fn cx(input: &[&str], expected: &[&str], extra: &'static [&'static str]) -> Case {
        Case {
            input: words(input),
            expected: words(expected),
            extra,
        }
    }

    /// A case over raw byte words.
    fn cb(input: &[&[u8]], expected: &[&[u8]]) -> Case {
        Case {
            input: input.iter().map(|w| w.to_vec()).collect(),
            expected: expected.iter().map(|w| w.to_vec()).collect(),
            extra: &[],
        }
    }

    fn join(ws: &[Vec<u8>]) -> Vec<u8> {
        ws.join(&0u8)
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
    }

    /// The rule set as cases, one rule each: a table, longer than a screen on purpose.
    #[test]
    #[allow(clippy::too_many_lines)]
    fn argv_table() {
        let cases = vec![
            // Both flag forms, both dash styles.
            c(
                &["--mysql_password=hunter2"],
                &["--mysql_password=[REDACTED]"],
            ),
            c(
                &["--mysql_password", "hunter2"],
                &["--mysql_password", "[REDACTED]"],
            ),
            c(
                &["-mysql_password=hunter2"],
                &["-mysql_password=[REDACTED]"],
            ),
            c(
                &["-mysql_password", "hunter2"],
                &["-mysql_password", "[REDACTED]"],
            ),
            // Case, dash and dot variants.
            c(
                &["--mysql-password=hunter2"],
                &["--mysql-password=[REDACTED]"],
            ),
            c(
                &["--MYSQL_PASSWORD=hunter2"],
                &["--MYSQL_PASSWORD=[REDACTED]"],
            ),
            c(
                &["--Mysql-Password", "hunter2"],
                &["--Mysql-Password", "[REDACTED]"],
            ),
            c(
                &["--prometheus.basic_auth.password=pw"],
                &["--prometheus.basic_auth.password=[REDACTED]"],
            ),
            // Every suffix.
            c(
                &["--redis_password", "pw1234"],
                &["--redis_password", "[REDACTED]"],
            ),
            c(
                &["--s3_secret_access_key", "wJalr/K7MDENG+bPxRfiCY=="],
                &["--s3_secret_access_key", "[REDACTED]"],
            ),
            c(
                &["--server_private_key=0123456789abcdef0123456789abcdef"],
                &["--server_private_key=[REDACTED]"],
            ),
            c(
                &["--mdm_apple_apns_key_bytes=LS0tLS1CRUdJTg=="],
                &["--mdm_apple_apns_key_bytes=[REDACTED]"],
            ),
            c(
                &["--mdm_apple_bm_server_token_bytes", "MIAGCSqGSIb3"],
                &["--mdm_apple_bm_server_token_bytes", "[REDACTED]"],
            ),
            c(&["--splunk_token=0f1e2d3c"], &["--splunk_token=[REDACTED]"]),
            c(
                &["--packaging_global_enroll_secret=enr0ll"],
                &["--packaging_global_enroll_secret=[REDACTED]"],
            ),
            c(
                &["--osquery_enroll_secret", "enr0ll"],
                &["--osquery_enroll_secret", "[REDACTED]"],
            ),
            c(
                &["--sentry_dsn=https://pubkey@o1.ingest.sentry.io/2"],
                &["--sentry_dsn=[REDACTED]"],
            ),
            c(
                &["--mdm_apple_scep_challenge", "ch4ll"],
                &["--mdm_apple_scep_challenge", "[REDACTED]"],
            ),
            c(
                &["--mdm_apple_vpp_app_metadata_api_bearer_token=eyJhbGciOi.x.y"],
                &["--mdm_apple_vpp_app_metadata_api_bearer_token=[REDACTED]"],
            ),
            c(
                &[
                    "--s3_software_installers_cloudfront_url_signing_private_key=PEMDATA",
                    "--s3_software_installers_cloudfront_url_signing_public_key_id=K2JCJMDEHXQW5F",
                ],
                &[
                    "--s3_software_installers_cloudfront_url_signing_private_key=[REDACTED]",
                    "--s3_software_installers_cloudfront_url_signing_public_key_id=K2JCJMDEHXQW5F",
                ],
            ),
            // Whole names.
            c(
                &["--license_key=eyJhbGciOiJFUzI1NiJ9"],
                &["--license_key=[REDACTED]"],
            ),
            c(
                &["--app_token_key=CHANGEME"],
                &["--app_token_key=[REDACTED]"],
            ),
            c(
                &["--auth_jwt_key", "jwtk3y"],
                &["--auth_jwt_key", "[REDACTED]"],
            ),
            c(&["-session_key=s3ss"], &["-session_key=[REDACTED]"]),
            c(&["--password=p4ss"], &["--password=[REDACTED]"]),
            c(&["--token", "t0ken"], &["--token", "[REDACTED]"]),
            c(&["--secret=s3cr3t"], &["--secret=[REDACTED]"]),
            c(&["--api_key=k3y1"], &["--api_key=[REDACTED]"]),
            c(&["--jwt-key=k3y2"], &["--jwt-key=[REDACTED]"]),
            c(&["--private_key", "k3y3"], &["--private_key", "[REDACTED]"]),
            // Environment-style words.
            c(
                &["FLEET_MYSQL_PASSWORD=hunter2"],
                &["FLEET_MYSQL_PASSWORD=[REDACTED]"],
            ),
            c(
                &["FLEET_LICENSE_KEY=eyJhbGci"],
                &["FLEET_LICENSE_KEY=[REDACTED]"],
            ),
            c(
                &["FLEET_MYSQL_ADDRESS=db:3306"],
                &["FLEET_MYSQL_ADDRESS=db:3306"],
            ),
            c(
                &["FLEET_SERVER_KEY=/etc/fleet/key.pem"],
                &["FLEET_SERVER_KEY=/etc/fleet/key.pem"],
            ),
            c(
                &["FLEET_REDIS_ADDRESS=redis://u:pw@r:6379"],
                &["FLEET_REDIS_ADDRESS=redis://u:[REDACTED]@r:6379"],
            ),
            c(&["FLEET_MYSQL_PASSWORD="], &["FLEET_MYSQL_PASSWORD="]),
            c(
                &["AWS_SECRET_ACCESS_KEY=wJalrXUt"],
                &["AWS_SECRET_ACCESS_KEY=[REDACTED]"],
            ),
            c(&["PWD=/root", "HOME=/root"], &["PWD=/root", "HOME=/root"]),
            c(&["mysql.password=hunter2"], &["mysql.password=[REDACTED]"]),
            // URLs with userinfo, as values of non-secret flags and as bare words.
            c(
                &["--redis_address=redis://user:pw@host:6379"],
                &["--redis_address=redis://user:[REDACTED]@host:6379"],
            ),
            c(
                &["--redis_address", "redis://:pw@host:6379/0"],
                &["--redis_address", "redis://:[REDACTED]@host:6379/0"],
            ),
            c(
                &["--mysql_address=mysql://fleet:pw@db:3306/fleet"],
                &["--mysql_address=mysql://fleet:[REDACTED]@db:3306/fleet"],
            ),
            c(
                &["amqp://guest:guest@rabbit:5672/"],
                &["amqp://guest:[REDACTED]@rabbit:5672/"],
            ),
            c(
                &["--webhook_url=https://alice:s3cr3t@hooks.example.com/x"],
                &["--webhook_url=https://alice:[REDACTED]@hooks.example.com/x"],
            ),
            c(
                &["--kafkarest_proxyhost", "https://u:p@proxy:8082"],
                &["--kafkarest_proxyhost", "https://u:[REDACTED]@proxy:8082"],
            ),
            c(
                &["--kafka_brokers=kafka://svc:k1@b1:9092,kafka://svc:k2@b2:9092"],
                &["--kafka_brokers=kafka://svc:[REDACTED]@b1:9092,kafka://svc:[REDACTED]@b2:9092"],
            ),
            c(
                &["--nats_server=nats://u:p@nats:4222"],
                &["--nats_server=nats://u:[REDACTED]@nats:4222"],
            ),
            c(&["https://u:p@ss@host/x"], &["https://u:[REDACTED]@host/x"]),
            c(
                &["redis://u:ab://c@h:6379"],
                &["redis://u:[REDACTED]@h:6379"],
            ),
            c(
                &["https://a;token=x:p&w@h/"],
                &["https://a;token=[REDACTED]@h/"],
            ),
            c(
                &["amqp://alice:a@b(c@rabbit/"],
                &["amqp://alice:[REDACTED]@rabbit/"],
            ),
            c(&["u:ab,c://d@host:1"], &["u:[REDACTED]@host:1"]),
            c(
                &[
                    "--x=https://h1,https://u:p@h2",
                    "https://h/a:b,https://u:p@h2",
                ],
                &[
                    "--x=https://h1,https://u:[REDACTED]@h2",
                    "https://h/a:b,https://u:[REDACTED]@h2",
                ],
            ),
            c(
                &["rediss://default:a/b+c==@cache:6380"],
                &["rediss://default:[REDACTED]@cache:6380"],
            ),
            c(
                &["--webhook_result_url=https://hooks.example.com/x?token=abc123&team=1"],
                &["--webhook_result_url=https://hooks.example.com/x?token=[REDACTED]&team=1"],
            ),
            // Go MySQL DSNs without a scheme.
            c(
                &["fleet:pw@tcp(db:3306)/fleet"],
                &["fleet:[REDACTED]@tcp(db:3306)/fleet"],
            ),
            c(
                &["--mysql_address=fleet:p@ss@tcp(db:3306)/fleet?tls=true"],
                &["--mysql_address=fleet:[REDACTED]@tcp(db:3306)/fleet?tls=true"],
            ),
            c(
                &["root:pw@unix(/var/run/mysqld/mysqld.sock)/fleet"],
                &["root:[REDACTED]@unix(/var/run/mysqld/mysqld.sock)/fleet"],
            ),
            c(&["fleet:pw@/fleet"], &["fleet:[REDACTED]@/fleet"]),
            c(
                &["--mysql_address=fleet://pw@tcp(db:3306)/fleet"],
                &["--mysql_address=fleet:[REDACTED]@tcp(db:3306)/fleet"],
            ),
            // Lookalikes that are kept.
            c(
                &["--mysql_tls_key", "/etc/fleet/mysql.key"],
                &["--mysql_tls_key", "/etc/fleet/mysql.key"],
            ),
            c(
                &["--s3_access_key_id", "AKIAIOSFODNN7EXAMPLE"],
                &["--s3_access_key_id", "AKIAIOSFODNN7EXAMPLE"],
            ),
            c(
                &["--mysql_password_path", "/run/secrets/mysql"],
                &["--mysql_password_path", "/run/secrets/mysql"],
            ),
            c(
                &["--server_key", "/etc/key.pem"],
                &["--server_key", "/etc/key.pem"],
            ),
            c(&["--logging_debug"], &["--logging_debug"]),
            c(
                &["--server_address=0.0.0.0:8080"],
                &["--server_address=0.0.0.0:8080"],
            ),
            c(&["admin@example.com"], &["admin@example.com"]),
            c(&["db.internal:3306"], &["db.internal:3306"]),
            c(
                &["git@github.com:fleetdm/fleet.git"],
                &["git@github.com:fleetdm/fleet.git"],
            ),
            c(
                &["https://fleet.example.com:8080/path?team_id=1"],
                &["https://fleet.example.com:8080/path?team_id=1"],
            ),
            c(
                &[
                    "--auth_salt_key_size=24",
                    "--session_duration=24h",
                    "--app_invite_token_validity_period=120h",
                    "--server_private_key_arn=arn:aws:secretsmanager:us-east-1:1:secret:k",
                    "--mdm_apple_apns_key=/etc/apns.key",
                    "--nats_nkey_file=/etc/nats.nk",
                ],
                &[
                    "--auth_salt_key_size=24",
                    "--session_duration=24h",
                    "--app_invite_token_validity_period=120h",
                    "--server_private_key_arn=arn:aws:secretsmanager:us-east-1:1:secret:k",
                    "--mdm_apple_apns_key=/etc/apns.key",
                    "--nats_nkey_file=/etc/nats.nk",
                ],
            ),
            // Go's flag package takes the next word as the value even when it starts with a
            // dash, so it is redacted; when it names a secret flag, what follows goes too.
            c(
                &["--mysql_password", "--mysql_address=db"],
                &["--mysql_password", "[REDACTED]"],
            ),
            c(
                &["--mysql_password", "-logging_debug", "serve"],
                &["--mysql_password", "[REDACTED]", "serve"],
            ),
            c(
                &["--mysql_password", "-abc-def", "--redis_password", "--xyz"],
                &[
                    "--mysql_password",
                    "[REDACTED]",
                    "--redis_password",
                    "[REDACTED]",
                ],
            ),
            c(
                &["--mysql_password", "--redis_password", "hunter2"],
                &["--mysql_password", "[REDACTED]", "[REDACTED]"],
            ),
            c(
                &["--mysql_password --abc123 --logging_debug"],
                &["--mysql_password [REDACTED] --logging_debug"],
            ),
            // URL user names (tokens), pre-signed URL signatures and API keys in queries.
            c(
                &["--webhook_url=https://ghp_0123456789abcdef@hooks.example.com/x"],
                &["--webhook_url=https://[REDACTED]@hooks.example.com/x"],
            ),
            c(
                &[
                    "--s3_url=https://b.s3.amazonaws.com/k?X-Amz-Credential=AKIA%2F1&X-Amz-Signature=abc123&x=1",
                ],
                &[
                    "--s3_url=https://b.s3.amazonaws.com/k?X-Amz-Credential=[REDACTED]&X-Amz-Signature=[REDACTED]&x=1",
                ],
            ),
            c(
                &[
                    "--hook=https://h.example.com/p?apikey=k1k1k1&sig=s2s2&signature=s3&key=k4&keep=v",
                ],
                &[
                    "--hook=https://h.example.com/p?apikey=[REDACTED]&sig=[REDACTED]&signature=[REDACTED]&key=[REDACTED]&keep=v",
                ],
            ),
            // A path to the Apple Business Manager token file is kept; its bytes are secret.
            c(
                &[
                    "--mdm_apple_bm_server_token",
                    "/etc/fleet/bm.p7m",
                    "--mdm_apple_bm_server_token_bytes=abcdef",
                ],
                &[
                    "--mdm_apple_bm_server_token",
                    "/etc/fleet/bm.p7m",
                    "--mdm_apple_bm_server_token_bytes=[REDACTED]",
                ],
            ),
            // Where no user name sits before the @, nothing is taken.
            c(
                &["--addr=https://host.example.com/@me"],
                &["--addr=https://host.example.com/@me"],
            ),
            c(
                &["serve", "--mysql_password"],
                &["serve", "--mysql_password"],
            ),
            c(&["--mysql_password="], &["--mysql_password="]),
            c(
                &["--mysql_password", "", "serve"],
                &["--mysql_password", "", "serve"],
            ),
            // A dash that does not start a flag name is a value.
            c(
                &["--mysql_password", "-9f#kq"],
                &["--mysql_password", "[REDACTED]"],
            ),
            c(&["--mysql_password=--x"], &["--mysql_password=[REDACTED]"]),
            // Values with `=`, spaces, several lines.
            c(
                &["--mysql_password=a=b=c"],
                &["--mysql_password=[REDACTED]"],
            ),
            c(
                &["--mysql_password", "has spaces"],
                &["--mysql_password", "[REDACTED]"],
            ),
            c(
                &["--mysql_password=has spaces"],
                &["--mysql_password=[REDACTED]"],
            ),
            c(
                &[
                    "--mdm_apple_scep_key_bytes=-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----",
                ],
                &["--mdm_apple_scep_key_bytes=[REDACTED]"],
            ),
            // Several tokens in one word (arguments read from stdin).
            c(
                &["--a=1\n--mysql_password=x\n--b=2"],
                &["--a=1\n--mysql_password=[REDACTED]\n--b=2"],
            ),
            c(
                &["--logging_json\n--redis_password\nsecretvalue\n--logging_debug"],
                &["--logging_json\n--redis_password\n[REDACTED]\n--logging_debug"],
            ),
            c(
                &["--mysql_password=x\r\n\t--license_key y\r\n"],
                &["--mysql_password=[REDACTED]\r\n\t--license_key [REDACTED]\r\n"],
            ),
            c(
                &["serve --mysql_password", "pw --logging_debug"],
                &["serve --mysql_password", "[REDACTED] --logging_debug"],
            ),
            // Bytes that are not UTF-8.
            cb(
                &[b"\xff\xfe", b"--mysql_password", b"\xc3\x28pw", b"--x=\xff"],
                &[b"\xff\xfe", b"--mysql_password", b"[REDACTED]", b"--x=\xff"],
            ),
            cb(
                &[b"--redis_address=redis://u:p\xffw@h:6379"],
                &[b"--redis_address=redis://u:[REDACTED]@h:6379"],
            ),
            cb(
                &[b"--mysql_password=\x80\x81"],
                &[b"--mysql_password=[REDACTED]"],
            ),
            // Extra secrets, anywhere; short ones are ignored.
            cx(
                &["--header", "Authorization: Bearer tok-ABCDEF123"],
                &["--header", "Authorization: Bearer [REDACTED]"],
                &["tok-ABCDEF123"],
            ),
            cx(
                &["--server_url=https://x.example.com/?k=tok-ABCDEF123&z=1"],
                &["--server_url=https://x.example.com/?k=[REDACTED]&z=1"],
                &["tok-ABCDEF123"],
            ),
            cx(
                &["abc", "--x=abcd"],
                &["abc", "--x=[REDACTED]"],
                &["abc", "", "abcd"],
            ),
            cx(
                &["--mysql_password=tok-ABCDEF123"],
                &["--mysql_password=[REDACTED]"],
                &["tok-ABCDEF123"],
            ),
            // Already redacted stays as is.
            c(
                &["--mysql_password=[REDACTED]"],
                &["--mysql_password=[REDACTED]"],
            ),
        ];
        assert!(cases.len() >= 45, "{} cases", cases.len());
        for (n, case) in cases.iter().enumerate() {
            let input = join(&case.input);
            let (out, _) = scrub_cmdline(&input, case.extra);
            let got: Vec<Vec<u8>> = out.split(|&b| b == 0).map(<[u8]>::to_vec).collect();
            assert_eq!(
                got,
                case.expected,
                "case {n}: {:?} -> {:?}",
                String::from_utf8_lossy(&input),
                String::from_utf8_lossy(&out)
            );
        }
    }

    #[test]
    fn report_counts_names_and_never_values() {
        let input =
            b"/usr/bin/fleet\0serve\0--mysql_password=v1-secret\0--mysql-password\0v2-secret\0\
--redis_address=redis://u:v3-secret@h\0FLEET_REDIS_PASSWORD=v4-secret\0tok-v5-secret\0\
--webhook_url=https://h/?api_key=v6-secret\0--license_key=\0--mysql_tls_key\0/k.pem";
        let (out, report) = scrub_cmdline(input, &["tok-v5-secret"]);
        let expected: BTreeMap<String, usize> = [
            ("mysql_password", 2),
            ("url-userinfo", 1),
            ("FLEET_REDIS_PASSWORD", 1),
            ("token", 1),
            ("url-query", 1),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        assert_eq!(report.redactions, expected);
        assert_eq!(report.total(), 6);
        assert!(!report.is_empty());
        let shown = format!("{report:?}");
        for value in ["v1", "v2", "v3", "v4", "v5", "v6", "secret", "k.pem"] {
            assert!(!shown.contains(value), "{value} in {shown}");
        }
        for value in ["v1-", "v2-", "v3-", "v4-", "v5-", "v6-"] {
            assert!(!contains(&out, value.as_bytes()), "{value}");
        }

        let mut merged = ScrubReport::default();
        assert!(merged.is_empty());
        merged.merge(&report);
        merged.merge(&report);
        assert_eq!(merged.total(), 12);
        assert_eq!(merged.redactions["mysql_password"], 4);

        let (_, clean) = scrub_cmdline(b"fleet\0serve\0--logging_debug", &["unused-token"]);
        assert!(clean.is_empty());
        assert_eq!(clean.total(), 0);
    }

    #[test]
    fn literals_are_replaced_anywhere() {
        let data = b"\xffa secret-token b\0secret-token-long c secret-tok \x80";
        let secrets = ["secret-token", "", "ab", "secret-token-long"];
        let (out, report) = scrub_cmdline(data, &secrets);
        assert_eq!(report.redactions[LABEL_LITERAL], 2);
        assert_eq!(
            out,
            b"\xffa [REDACTED] b\0[REDACTED] c secret-tok \x80".to_vec()
        );
        let (same, report) = scrub_cmdline(b"abc \x80", &["abc", "", "\u{e9}"]);
        assert_eq!((same.as_slice(), report.total()), (&b"abc \x80"[..], 0));
    }

    #[test]
    fn nul_structure_is_preserved() {
        let inputs: [&[u8]; 6] = [
            b"",
            b"\0",
            b"/usr/bin/fleet\0serve\0--mysql_password\0\0\0--redis_password=x\0",
            b"--mysql_password\0hunter2 --a=b\n--license_key\0\xff\0FLEET_TOKEN=z\0\0",
            b"\0\0\0--mysql_password",
            b"a b  c\t\0 \0--x=redis://u:p@h\0   \0",
        ];
        for input in inputs {
            let (out, _) = scrub_cmdline(input, &["hunter2"]);
            let nuls = |b: &[u8]| b.iter().filter(|&&x| x == 0).count();
            assert_eq!(nuls(&out), nuls(input), "{input:?} -> {out:?}");
            assert_eq!(
                out.split(|&b| b == 0).count(),
                input.split(|&b| b == 0).count()
            );
        }
        let (out, report) = scrub_cmdline(b"a b  c\t\0 \0", &[]);
        assert_eq!(out, b"a b  c\t\0 \0".to_vec());
        assert!(report.is_empty());
    }

    #[test]
    fn names_classify() {
        for name in [
            "--mysql_password",
            "mysql-password",
            "MYSQL_READ_REPLICA_PASSWORD",
            "LICENSE_KEY",
            "FLEET_LICENSE_KEY",
            "-auth_jwt_key",
            "s3_secret_access_key",
            "s3.carves.secret_access_key",
            "server_private_key",
            "app_token_key",
            "session_key",
            "sentry_dsn",
            "mdm_apple_scep_challenge",
            "mdm_apple_scep_key_bytes",
            "mdm_apple_bm_server_token_bytes",
            "splunk_token",
            "osquery_enroll_secret",
            "prometheus_basic_auth_password",
            "redis_password_b64",
            "password",
            "token",
            "api_key",
            "mysql_pwd",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "",
            "--",
            "mysql_tls_key",
            "redis_tls_key",
            "s3_access_key_id",
            "s3_software_installers_cloudfront_url_signing_public_key_id",
            "server_key",
            "server_private_key_arn",
            "server_private_key_sts_external_id",
            "mysql_password_path",
            "mysql_password_file",
            "logging_debug",
            "auth_salt_key_size",
            "app_token_key_size",
            "session_key_size",
            "session_duration",
            "app_invite_token_validity_period",
            "some_token_ttl",
            "mdm_apple_apns_key",
            "nats_nkey_file",
            "redis_address",
            "mysql_username",
            "pwd",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    /// Random choices from proptest's deterministic generator (the same runs every time).
    struct Rng(proptest::test_runner::TestRng);

    impl Rng {
        fn new() -> Self {
            use proptest::test_runner::{RngAlgorithm, TestRng};
            Rng(TestRng::deterministic_rng(RngAlgorithm::ChaCha))
        }

        fn below(&mut self, n: usize) -> usize {
            use proptest::prelude::Rng as _;
            (self.0.next_u64() % n as u64) as usize
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len())]
        }

        /// Printable ASCII without space, `len` in 6..=30.
        fn value(&mut self, avoid_leading_dash: bool) -> String {
            let len = 6 + self.below(25);
            let mut s: String = (0..len)
                .map(|_| char::from(b'!' + self.below(94) as u8))
                .collect();
            if avoid_leading_dash && s.starts_with('-') {
                s.replace_range(..1, "x");
            }
            s
        }
    }

    /// Property: no generated secret value survives, in any form (one match arm per argv form,
    /// hence the length). (Values are printable
    /// ASCII without whitespace; a two-word value does not start with `-`, which would make
    /// it a flag.)
    #[test]
    #[allow(clippy::too_many_lines)]
    fn generated_secrets_never_survive() {
        let mut rng = Rng::new();
        let prefixes = ["mysql", "redis", "s3_carves", "x", "mdm_apple", "kinesis"];
        let mut names: Vec<String> = Vec::new();
        for suffix in SECRET_SUFFIXES {
            for prefix in prefixes {
                names.push(format!("{prefix}{suffix}"));
            }
        }
        names.extend(SECRET_NAMES.iter().map(|n| n.to_string()));
        names.extend(SECRET_WORDS.iter().map(|w| format!("my_{w}_value")));
        for name in &names {
            assert!(is_secret_name(name), "{name}");
        }
        let decoys = [
            "--logging_json",
            "--server_address=0.0.0.0:8080",
            "--mysql_tls_key",
            "/etc/fleet/mysql.key",
            "serve",
        ];
        let schemes = ["redis", "rediss", "mysql", "amqp", "https", "kafka", "nats"];
        let mut checked = 0;
        for _ in 0..2_000 {
            let mut argv: Vec<String> = vec!["/usr/bin/fleet".into(), "serve".into()];
            let mut secrets: Vec<String> = Vec::new();
            let mut extra: Vec<String> = Vec::new();
            for _ in 0..1 + rng.below(6) {
                let base = names[rng.below(names.len())].clone();
                let mut name = match rng.below(3) {
                    0 => base.to_uppercase(),
                    1 => base.replace('_', "-"),
                    _ => base.clone(),
                };
                if rng.below(5) == 0 {
                    name = name.replace('_', ".");
                }
                let dashes = if rng.below(2) == 0 { "--" } else { "-" };
                let other = rng.pick(&decoys);
                let value = match rng.below(9) {
                    0 => {
                        let v = rng.value(false);
                        argv.push(format!("{dashes}{name}={v}"));
                        v
                    }
                    1 => {
                        let v = rng.value(true);
                        argv.push(format!("{dashes}{name}"));
                        argv.push(v.clone());
                        v
                    }
                    2 => {
                        let v = rng.value(false);
                        argv.push(format!("{other}\n{dashes}{name}={v}\n--logging_debug"));
                        v
                    }
                    3 => {
                        let v = rng.value(true);
                        argv.push(format!("{dashes}{name} {v}\t--logging_json"));
                        v
                    }
                    4 => {
                        let v = rng.value(false);
                        let env = base.to_uppercase().replace(['-', '.'], "_");
                        argv.push(format!("FLEET_{env}={v}"));
                        v
                    }
                    5 => {
                        let v = rng.value(false);
                        let scheme = rng.pick(&schemes);
                        let user = rng.pick(&["", "fleet", "alice"]);
                        argv.push(format!(
                            "--redis_address={scheme}://{user}:{v}@h.example:6379/0"
                        ));
                        v
                    }
                    6 => {
                        let v = rng.value(false);
                        argv.push(format!("--mysql_address=fleet:{v}@tcp(db:3306)/fleet"));
                        v
                    }
                    7 => {
                        let v = rng.value(false);
                        argv.push("--kafkarest_proxyhost".into());
                        argv.push(format!("https://svc:{v}@proxy:8082"));
                        v
                    }
                    _ => {
                        let v = rng.value(false);
                        argv.push(format!("--header=Authorization: Bearer {v}"));
                        extra.push(v.clone());
                        v
                    }
                };
                if rng.below(3) == 0 {
                    argv.push(other.to_string());
                }
                secrets.push(value);
            }
            let input = argv.join("\0");
            let extra_refs: Vec<&str> = extra.iter().map(String::as_str).collect();
            let (out, report) = scrub_cmdline(input.as_bytes(), &extra_refs);
            assert_eq!(
                out.split(|&b| b == 0).count(),
                argv.len(),
                "{argv:?} -> {:?}",
                String::from_utf8_lossy(&out)
            );
            assert!(report.total() >= 1, "{argv:?}");
            for secret in &secrets {
                // Not the value, and not any 6-byte piece of it.
                for piece in secret.as_bytes().windows(6) {
                    assert!(
                        !contains(&out, piece),
                        "{:?} of {secret:?} survived: {argv:?} -> {:?}",
                        String::from_utf8_lossy(piece),
                        String::from_utf8_lossy(&out)
                    );
                }
                checked += 1;
            }
        }
        assert!(checked >= 2_000);
    }
}

/// Generated argv: no secret value survives in any of the forms a Fleet server's command line
/// can hold it.
#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::scrub_cmdline;

    const SECRET_FLAGS: &[&str] = &[
        "mysql_password",
        "redis_password",
        "server_private_key",
        "s3_secret_access_key",
        "license_key",
        "sentry_dsn",
        "osquery_enroll_secret",
        "auth_jwt_key",
        "mdm_apple_scep_challenge",
        "mdm_apple_bm_server_token_bytes",
    ];

    /// A secret value: a recognisable core, sometimes behind one or two dashes (Go takes it as
    /// the value all the same).
    fn secret_value() -> impl Strategy<Value = String> {
        ("[A-Za-z0-9_.~+=]{6,20}", 0usize..3)
            .prop_map(|(core, dashes)| format!("{}Zq{core}", "-".repeat(dashes)))
    }

    /// The secret placed in one argv form; returns the words and the text that must vanish.
    fn placed() -> impl Strategy<Value = (Vec<String>, String)> {
        (0usize..SECRET_FLAGS.len(), secret_value(), 0u8..9).prop_map(|(i, value, form)| {
            let name = SECRET_FLAGS[i];
            let url_safe: String = value
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~'))
                .collect();
            let url_safe = format!("Zq{url_safe}x");
            match form {
                0 => (vec![format!("--{name}={value}")], value),
                1 => (vec![format!("--{name}"), value.clone()], value),
                2 => (vec![format!("-{name}"), value.clone()], value),
                3 => (
                    vec![format!("FLEET_{}={value}", name.to_uppercase())],
                    value,
                ),
                4 => (
                    vec![format!(
                        "--redis_address=redis://fleet:{url_safe}@redis:6379"
                    )],
                    url_safe,
                ),
                5 => (
                    vec![format!(
                        "--webhook_url=https://{url_safe}@hooks.example.com/x"
                    )],
                    url_safe,
                ),
                6 => (
                    vec![format!(
                        "--hook=https://h.example.com/p?apikey={url_safe}&x=1"
                    )],
                    url_safe,
                ),
                7 => (
                    vec![format!(
                        "--s3_url=https://b.example.com/k?X-Amz-Signature={url_safe}"
                    )],
                    url_safe,
                ),
                _ => (vec![format!("--{name} {value} --logging_debug")], value),
            }
        })
    }

    fn noise() -> impl Strategy<Value = Vec<String>> {
        proptest::collection::vec(
            prop_oneof![
                Just("--logging_debug".to_string()),
                Just("--server_address=0.0.0.0:8080".to_string()),
                Just("--mysql_address=db:3306".to_string()),
                Just("serve".to_string()),
                "[a-z]{1,8}".prop_map(|w| format!("--{w}=x")),
            ],
            0..4,
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn no_secret_value_survives(
            before in noise(),
            (words, secret) in placed(),
            after in noise(),
        ) {
            let argv: Vec<String> = ["/usr/bin/fleet".to_string()]
                .into_iter()
                .chain(before)
                .chain(words)
                .chain(after)
                .collect();
            let input = argv.join("\0");
            let (out, report) = scrub_cmdline(input.as_bytes(), &[]);
            let text = String::from_utf8_lossy(&out);
            prop_assert!(!text.contains(&secret), "{secret} in {text:?}");
            prop_assert!(report.total() >= 1);
        }

        #[test]
        fn the_operators_token_goes_in_every_encoding(core in "[A-Za-z0-9]{8,16}") {
            let token = format!("tok/{core}+=");
            let encoded: String = url::form_urlencoded::byte_serialize(token.as_bytes()).collect();
            let lower = encoded.to_lowercase();
            let input = format!("fleet\0--logging_tag=a{encoded}b\0--x={lower}\0{token}");
            // As a registered token is: every form of it, through the one masker.
            let (out, _) = scrub_cmdline(input.as_bytes(), &[&token]);
            let text = String::from_utf8_lossy(&out);
            prop_assert!(!text.contains(&core), "{text:?}");
        }
    }
}
