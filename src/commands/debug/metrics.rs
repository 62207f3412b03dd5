//! The `/metrics` Basic-auth password: read once, registered for masking, never a flag value.

use crate::error::{Error, Result};

pub const METRICS_PASSWORD_ENV: &str = "FLEETCTL_METRICS_PASSWORD";

/// The /metrics password: stdin when asked, else the environment; never a flag value.
/// `usage` is the command and flag that read it, for the hint (`debug metrics --password-stdin`).
pub fn metrics_password(from_stdin: bool, usage: &str) -> Result<Option<String>> {
    if from_stdin {
        let mut input = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut input).map_err(|e| {
            Error::general(format!("cannot read the metrics password from stdin: {e}"))
        })?;
        let password = input.trim_end_matches(['\n', '\r']).to_string();
        if password.is_empty() {
            return Err(
                Error::usage("no metrics password on standard input").with_hint(format!(
                    "pipe it in: `printf %s \"$PW\" | fleetctl {usage}`"
                )),
            );
        }
        crate::redact::register(&password);
        return Ok(Some(password));
    }
    let password = crate::config::env_var(METRICS_PASSWORD_ENV);
    if let Some(password) = &password {
        crate::redact::register(password);
    }
    Ok(password)
}
