//! The cmdline scrubber: redacts secret values from a Fleet server's argv (the body of
//! `/debug/pprof/cmdline`, words joined by NUL bytes) while keeping flag names and
//! non-secret values, and reports what it redacted by name and count, never by value.
//!
//! Rules, applied to every whitespace-separated token of every NUL-separated word (arguments
//! read from stdin can put several flags in one word):
//! 1. `--flag=value`, `-flag=value`: the value is redacted when the flag name is secret.
//! 2. `--flag value`, `-flag value`: the next token is redacted when the flag name is secret
//!    and that token is not itself a flag.
//! 3. `FLEET_NAME=value` (environment style): redacted when `name` is secret.
//! 4. `user:password@` in any URL or Go MySQL DSN, anywhere: the password is redacted.
//! 5. Literal extra secrets (the operator's token) are replaced wherever they occur.
//!
//! Names compare case-insensitively with `-` and `_` alike. The tables below are the rule set.

use std::collections::BTreeMap;

/// What replaces a secret value.
pub const REDACTED: &str = "[REDACTED]";

/// A name ending in one of these carries a secret (`mysql_password`, `s3_secret_access_key`).
pub const SECRET_SUFFIXES: &[&str] = &[
    "_password",
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
    "_signing_key",
    "_session_key",
];

/// Whole names that carry a secret.
pub const SECRET_NAMES: &[&str] = &[
    "password",
    "token",
    "secret",
    "api_key",
    "jwt_key",
    "private_key",
    "license_key",
    "app_token_key",
    "auth_jwt_key",
    "server_private_key",
    "session_key",
    "dsn",
];

/// Names ending in one of these never carry a secret: they hold paths, identifiers or
/// durations (`mysql_tls_key` is a file path, `s3_access_key_id` an identifier).
pub const NOT_SECRET_SUFFIXES: &[&str] = &[
    "_key_id",
    "_access_key_id",
    "_tls_key",
    "_tls_cert",
    "_tls_ca",
    "_path",
    "_file",
    "_key_path",
    "_ttl",
    "_size",
    "_duration",
    "_enabled",
];

/// What one scrub removed: for each rule hit, a label and a count. Labels are flag names
/// normalised to lower_snake_case (e.g. `mysql_password`), the env word's name for
/// environment-style words (`FLEET_MYSQL_PASSWORD`), `url-userinfo` for URL/DSN passwords,
/// and `token` for extra secrets. Never values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScrubReport {
    pub redactions: BTreeMap<String, usize>,
}

impl ScrubReport {
    /// Number of values redacted.
    pub fn total(&self) -> usize {
        self.redactions.values().sum()
    }

    pub fn is_empty(&self) -> bool {
        self.redactions.is_empty()
    }

    /// Add another report's counts to this one.
    pub fn merge(&mut self, other: &ScrubReport) {
        for (label, count) in &other.redactions {
            *self.redactions.entry(label.clone()).or_default() += count;
        }
    }

    fn add(&mut self, label: &str) {
        *self.redactions.entry(label.to_string()).or_default() += 1;
    }
}

fn normalize(name: &str) -> String {
    name.trim_start_matches('-')
        .to_ascii_lowercase()
        .replace('-', "_")
}

/// Whether a flag or option name (with or without leading dashes, any case, dashes or
/// underscores) carries a secret.
pub fn is_secret_name(name: &str) -> bool {
    let name = normalize(name);
    if name.is_empty() || NOT_SECRET_SUFFIXES.iter().any(|s| name.ends_with(s)) {
        return false;
    }
    SECRET_NAMES.contains(&name.as_str()) || SECRET_SUFFIXES.iter().any(|s| name.ends_with(s))
}

/// A plausible flag name: letters, digits, `_`, `-`, `.` after one or two dashes.
fn flag_name(token: &str) -> Option<&str> {
    let name = token
        .strip_prefix("--")
        .or_else(|| token.strip_prefix('-'))?;
    let valid = !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    valid.then_some(name)
}

fn is_flag(token: &str) -> bool {
    token.starts_with('-') && token.len() > 1
}

/// Redact the password of every `user:password@host` in `text` (URLs and Go DSNs). The
/// last `@` of a URL's authority ends the password, so passwords holding `@`, `?` or `/`
/// are covered too (at the price of over-redacting an `@` that sits in a query string).
fn scrub_userinfo(text: &str, report: &mut ScrubReport) -> String {
    if let Some(start) = text.find("://") {
        let start = start + 3;
        let segment_end = text[start..]
            .find("://")
            .and_then(|i| {
                text[start..start + i]
                    .rfind(|c: char| !c.is_ascii_alphanumeric() && c != '+' && c != '.' && c != '-')
            })
            .map_or(text.len(), |i| start + i + 1);
        let segment = &text[start..segment_end];
        let head = &text[..start];
        let tail = scrub_userinfo(&text[segment_end..], report);
        if let Some(at) = segment.rfind('@')
            && let Some(colon) = segment[..at].find(':')
            && colon + 1 < at
            && &segment[colon + 1..at] != REDACTED
        {
            report.add("url-userinfo");
            return format!(
                "{head}{}:{REDACTED}{}{tail}",
                &segment[..colon],
                &segment[at..]
            );
        }
        return format!("{head}{segment}{tail}");
    }
    // Go MySQL DSN: user:password@tcp(host:port)/db or @unix(/path)/db.
    for marker in ["@tcp(", "@unix("] {
        if let Some(at) = text.rfind(marker)
            && let Some(colon) = text[..at].find(':')
            && colon + 1 < at
            && &text[colon + 1..at] != REDACTED
        {
            report.add("url-userinfo");
            return format!("{}:{REDACTED}{}", &text[..colon], &text[at..]);
        }
    }
    text.to_string()
}

/// Scrub one token; `pending` is the secret flag whose value this token is, if any.
fn scrub_token(
    token: &str,
    pending: Option<&str>,
    report: &mut ScrubReport,
) -> (String, Option<String>) {
    if let Some(flag) = pending
        && !is_flag(token)
    {
        report.add(flag);
        return (REDACTED.to_string(), None);
    }
    if let Some(name_value) = token.strip_prefix('-') {
        let (name_part, value) = match name_value.split_once('=') {
            Some((n, v)) => (n, Some(v)),
            None => (name_value, None),
        };
        let full = format!("-{name_part}");
        if let Some(name) = flag_name(&full) {
            let label = normalize(name);
            if is_secret_name(name) {
                return match value {
                    Some("") => (token.to_string(), None),
                    Some(_) => {
                        report.add(&label);
                        (format!("{full}={REDACTED}"), None)
                    }
                    None => (token.to_string(), Some(label)),
                };
            }
            if let Some(value) = value {
                return (format!("{full}={}", scrub_userinfo(value, report)), None);
            }
            return (token.to_string(), None);
        }
    }
    if let Some((name, value)) = token.split_once('=')
        && let Some(option) = name.strip_prefix("FLEET_")
        && name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    {
        if is_secret_name(option) && !value.is_empty() {
            report.add(name);
            return (format!("{name}={REDACTED}"), None);
        }
        return (format!("{name}={}", scrub_userinfo(value, report)), None);
    }
    (scrub_userinfo(token, report), None)
}

/// Scrub a NUL-separated argv (the body of /debug/pprof/cmdline).
pub fn scrub_cmdline(input: &[u8], extra_secrets: &[&str]) -> (Vec<u8>, ScrubReport) {
    let mut report = ScrubReport::default();
    let (input, literal_hits) = redact_literals(input, extra_secrets);
    if literal_hits > 0 {
        *report.redactions.entry("token".to_string()).or_default() += literal_hits;
    }
    let mut out = Vec::with_capacity(input.len());
    let mut pending: Option<String> = None;
    for (i, word) in input.split(|b| *b == 0).enumerate() {
        if i > 0 {
            out.push(0);
        }
        let Ok(text) = std::str::from_utf8(word) else {
            // Not text: leave it, but a secret flag's value is still the next word.
            if let Some(flag) = pending.take() {
                report.add(&flag);
                out.extend_from_slice(REDACTED.as_bytes());
            } else {
                out.extend_from_slice(word);
            }
            continue;
        };
        // Keep the separators exactly: walk tokens and the whitespace between them.
        let mut rest = text;
        while !rest.is_empty() {
            let ws = rest.len() - rest.trim_start().len();
            out.extend_from_slice(&rest.as_bytes()[..ws]);
            rest = &rest[ws..];
            if rest.is_empty() {
                break;
            }
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let (clean, next) = scrub_token(&rest[..end], pending.as_deref(), &mut report);
            out.extend_from_slice(clean.as_bytes());
            pending = next;
            rest = &rest[end..];
        }
    }
    (out, report)
}

/// Replace every occurrence of each secret (at least 4 characters) with `[REDACTED]`.
pub fn redact_literals(data: &[u8], secrets: &[&str]) -> (Vec<u8>, usize) {
    let mut current = data.to_vec();
    let mut count = 0;
    for secret in secrets.iter().filter(|s| s.len() >= 4) {
        let needle = secret.as_bytes();
        let mut out = Vec::with_capacity(current.len());
        let mut i = 0;
        while i < current.len() {
            if current[i..].starts_with(needle) {
                out.extend_from_slice(REDACTED.as_bytes());
                i += needle.len();
                count += 1;
            } else {
                out.push(current[i]);
                i += 1;
            }
        }
        current = out;
    }
    (current, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scrub_words(words: &[&str]) -> Vec<String> {
        let joined = words.join("\0");
        let (out, _) = scrub_cmdline(joined.as_bytes(), &[]);
        String::from_utf8(out)
            .unwrap()
            .split('\0')
            .map(String::from)
            .collect()
    }

    const R: &str = REDACTED;

    #[test]
    fn argv_table() {
        let r = |s: &str| s.replace("{R}", R);
        let cases: Vec<(Vec<&str>, Vec<String>)> = vec![
            (
                vec!["--mysql_password=hunter2"],
                vec![r("--mysql_password={R}")],
            ),
            (
                vec!["--mysql_password", "hunter2"],
                vec![r("--mysql_password"), r("{R}")],
            ),
            (
                vec!["-mysql_password=hunter2"],
                vec![r("-mysql_password={R}")],
            ),
            (
                vec!["-mysql_password", "hunter2"],
                vec![r("-mysql_password"), r("{R}")],
            ),
            (
                vec!["--mysql-password=hunter2"],
                vec![r("--mysql-password={R}")],
            ),
            (
                vec!["--MYSQL_PASSWORD=hunter2"],
                vec![r("--MYSQL_PASSWORD={R}")],
            ),
            (vec!["--redis_password=pw"], vec![r("--redis_password={R}")]),
            (
                vec!["--s3_secret_access_key", "abc/def+ghi"],
                vec![r("--s3_secret_access_key"), r("{R}")],
            ),
            (
                vec!["--server_private_key=k3y"],
                vec![r("--server_private_key={R}")],
            ),
            (
                vec!["--vulnerabilities_key_bytes=zzz"],
                vec![r("--vulnerabilities_key_bytes={R}")],
            ),
            (
                vec!["--auth_token_bytes=32x"],
                vec![r("--auth_token_bytes={R}")],
            ),
            (vec!["--sso_token=abc"], vec![r("--sso_token={R}")]),
            (
                vec!["--osquery_enroll_secret=s"],
                vec![r("--osquery_enroll_secret={R}")],
            ),
            (
                vec!["--sentry_dsn=https://k@sentry.io/1"],
                vec![r("--sentry_dsn={R}")],
            ),
            (
                vec!["--mdm_scep_challenge", "c"],
                vec![r("--mdm_scep_challenge"), r("{R}")],
            ),
            (
                vec!["--license_key=eyJhbGciOi"],
                vec![r("--license_key={R}")],
            ),
            (vec!["--app_token_key=xyz"], vec![r("--app_token_key={R}")]),
            (
                vec!["--auth_jwt_key", "jwt"],
                vec![r("--auth_jwt_key"), r("{R}")],
            ),
            (vec!["--password=p"], vec![r("--password={R}")]),
            (
                vec!["FLEET_MYSQL_PASSWORD=hunter2"],
                vec![r("FLEET_MYSQL_PASSWORD={R}")],
            ),
            (
                vec!["FLEET_REDIS_PASSWORD=x"],
                vec![r("FLEET_REDIS_PASSWORD={R}")],
            ),
            (
                vec!["FLEET_MYSQL_ADDRESS=db:3306"],
                vec![r("FLEET_MYSQL_ADDRESS=db:3306")],
            ),
            (
                vec!["FLEET_REDIS_ADDRESS=redis://u:pw@r:6379"],
                vec![r("FLEET_REDIS_ADDRESS=redis://u:{R}@r:6379")],
            ),
            (
                vec!["--redis_address=redis://user:pw@host:6379"],
                vec![r("--redis_address=redis://user:{R}@host:6379")],
            ),
            (
                vec!["--redis_address", "redis://:pw@host:6379/0"],
                vec![r("--redis_address"), r("redis://:{R}@host:6379/0")],
            ),
            (
                vec!["--mysql_address=mysql://fleet:pw@db/fleet"],
                vec![r("--mysql_address=mysql://fleet:{R}@db/fleet")],
            ),
            (
                vec!["--rabbit=amqp://guest:guest@rabbit:5672/"],
                vec![r("--rabbit=amqp://guest:{R}@rabbit:5672/")],
            ),
            (
                vec!["--webhook_url=https://alice:s3cr3t@hooks.example.com/x"],
                vec![r("--webhook_url=https://alice:{R}@hooks.example.com/x")],
            ),
            (
                vec!["--kafkarest_proxyhost", "https://u:p@proxy:8082"],
                vec![r("--kafkarest_proxyhost"), r("https://u:{R}@proxy:8082")],
            ),
            (
                vec!["--nats_server=nats://u:p@nats:4222"],
                vec![r("--nats_server=nats://u:{R}@nats:4222")],
            ),
            (
                vec!["fleet:pw@tcp(db:3306)/fleet"],
                vec![r("fleet:{R}@tcp(db:3306)/fleet")],
            ),
            (
                vec!["https://u:p@ss@host/x"],
                vec![r("https://u:{R}@host/x")],
            ),
            (
                vec!["--mysql_tls_key", "/etc/fleet/key.pem"],
                vec![r("--mysql_tls_key"), r("/etc/fleet/key.pem")],
            ),
            (
                vec!["--s3_access_key_id", "AKIAEXAMPLE"],
                vec![r("--s3_access_key_id"), r("AKIAEXAMPLE")],
            ),
            (
                vec!["--s3_access_key_id=AKIAEXAMPLE"],
                vec![r("--s3_access_key_id=AKIAEXAMPLE")],
            ),
            (
                vec!["--mysql_password_path", "/run/secrets/pw"],
                vec![r("--mysql_password_path"), r("/run/secrets/pw")],
            ),
            (
                vec!["--server_key", "/etc/key.pem"],
                vec![r("--server_key"), r("/etc/key.pem")],
            ),
            (vec!["--logging_debug"], vec![r("--logging_debug")]),
            (
                vec!["--server_address=0.0.0.0:8080"],
                vec![r("--server_address=0.0.0.0:8080")],
            ),
            (vec!["admin@example.com"], vec![r("admin@example.com")]),
            (vec!["db:3306"], vec![r("db:3306")]),
            (
                vec!["https://host.example.com:8080/path"],
                vec![r("https://host.example.com:8080/path")],
            ),
            (
                vec!["--mysql_password", "--mysql_address=db"],
                vec![r("--mysql_password"), r("--mysql_address=db")],
            ),
            (
                vec!["serve", "--mysql_password"],
                vec![r("serve"), r("--mysql_password")],
            ),
            (vec!["--mysql_password="], vec![r("--mysql_password=")]),
            (
                vec!["--mysql_password=a=b=c"],
                vec![r("--mysql_password={R}")],
            ),
            (
                vec!["--mysql_password", "has spaces"],
                vec![r("--mysql_password"), r("{R} spaces")],
            ),
            (
                vec!["--a=1\n--mysql_password=x\n--b=2"],
                vec![r("--a=1\n--mysql_password={R}\n--b=2")],
            ),
            (
                vec!["--redis_password\nsecretvalue"],
                vec![r("--redis_password\n{R}")],
            ),
            (
                vec!["--session_duration=24h", "--auth_salt_key_size=24"],
                vec![r("--session_duration=24h"), r("--auth_salt_key_size=24")],
            ),
        ];
        assert!(cases.len() >= 45);
        for (input, expected) in cases {
            assert_eq!(scrub_words(&input), expected, "input {input:?}");
        }
    }

    #[test]
    fn secret_value_after_a_flag_in_the_next_word_with_spaces_is_redacted_whole_token() {
        // A value that is its own argv word is one token per whitespace split; the first token
        // after the flag is the value.
        assert_eq!(
            scrub_words(&["--mysql_password", "p@ss"]),
            vec!["--mysql_password", R]
        );
    }

    #[test]
    fn non_utf8_words_pass_through_and_structure_is_kept() {
        let input = b"/usr/bin/fleet\0\xff\xfe\0--mysql_password\0\xc3\x28\0--x=1\0";
        let (out, report) = scrub_cmdline(input, &[]);
        assert_eq!(
            out.iter().filter(|b| **b == 0).count(),
            input.iter().filter(|b| **b == 0).count()
        );
        assert!(out.starts_with(b"/usr/bin/fleet\0\xff\xfe\0--mysql_password\0[REDACTED]\0--x=1"));
        assert_eq!(report.redactions["mysql_password"], 1);
    }

    #[test]
    fn report_counts_names_and_never_values() {
        let input = b"serve\0--mysql_password=v1\0--mysql_password\0v2\0--redis_address=redis://u:v3@h\0FLEET_REDIS_PASSWORD=v4\0tok-abcdef";
        let (out, report) = scrub_cmdline(input, &["tok-abcdef"]);
        assert_eq!(report.redactions["mysql_password"], 2);
        assert_eq!(report.redactions["url-userinfo"], 1);
        assert_eq!(report.redactions["FLEET_REDIS_PASSWORD"], 1);
        assert_eq!(report.redactions["token"], 1);
        assert_eq!(report.total(), 5);
        let labels = format!("{:?}", report);
        for v in ["v1", "v2", "v3", "v4", "tok-abcdef"] {
            assert!(!labels.contains(v));
            assert!(!String::from_utf8_lossy(&out).contains(v), "{v}");
        }
        let mut merged = ScrubReport::default();
        merged.merge(&report);
        merged.merge(&report);
        assert_eq!(merged.total(), 10);
    }

    #[test]
    fn literals_are_replaced_anywhere() {
        let (out, n) = redact_literals(
            b"a secret-token b secret-token",
            &["secret-token", "", "ab"],
        );
        assert_eq!(n, 2);
        assert_eq!(out, b"a [REDACTED] b [REDACTED]");
    }

    #[test]
    fn names_classify() {
        for name in [
            "--mysql_password",
            "mysql-password",
            "LICENSE_KEY",
            "-auth_jwt_key",
            "s3_secret_access_key",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "mysql_tls_key",
            "s3_access_key_id",
            "server_key",
            "mysql_password_path",
            "logging_debug",
            "",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    /// Property: no value of a generated secret flag survives, in any form.
    #[test]
    fn generated_secrets_never_survive() {
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let names: Vec<String> = SECRET_SUFFIXES
            .iter()
            .map(|s| format!("db{s}"))
            .chain(SECRET_NAMES.iter().map(|s| s.to_string()))
            .collect();
        let value_chars: Vec<char> =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#%&*+,.;<>?^_~"
                .chars()
                .collect();
        for _ in 0..2_000 {
            let mut words: Vec<String> = vec!["/usr/bin/fleet".into(), "serve".into()];
            let mut secrets = Vec::new();
            for _ in 0..(next() % 6 + 1) {
                let name = names[(next() as usize) % names.len()].clone();
                let name = if next() % 2 == 0 {
                    name.replace('_', "-")
                } else {
                    name
                };
                let name = if next() % 3 == 0 {
                    name.to_uppercase()
                } else {
                    name
                };
                let len = 6 + (next() % 20) as usize;
                let value: String = (0..len)
                    .map(|_| value_chars[(next() as usize) % value_chars.len()])
                    .collect();
                let dashes = if next() % 2 == 0 { "--" } else { "-" };
                match next() % 4 {
                    0 => words.push(format!("{dashes}{name}={value}")),
                    1 => {
                        words.push(format!("{dashes}{name}"));
                        words.push(value.clone());
                    }
                    2 => words.push(format!(
                        "FLEET_{}={value}",
                        name.to_uppercase().replace('-', "_")
                    )),
                    _ => words.push(format!("--redis_address=redis://user:{value}@h:6379")),
                }
                if next() % 3 == 0 {
                    words.push("--logging_json".into());
                }
                secrets.push(value);
            }
            let joined = words.join("\0");
            let (out, _) = scrub_cmdline(joined.as_bytes(), &[]);
            let text = String::from_utf8(out).unwrap();
            for secret in &secrets {
                assert!(
                    !text.contains(secret.as_str()),
                    "{secret} survived in {words:?} -> {text:?}"
                );
            }
        }
    }
}
