//! The `/metrics` Basic-auth password: read once, registered for masking, never a flag value.

use crate::error::{Error, Result};
use crate::settings::Settings;
use crate::ui;

pub use crate::settings::METRICS_PASSWORD_ENV;

/// The /metrics password: stdin when asked, else the environment; never a flag value.
/// `usage` is the command and flag that read it, for the hint (`debug metrics --password-stdin`).
pub fn metrics_password(
    from_stdin: bool,
    usage: &str,
    settings: &Settings,
) -> Result<Option<String>> {
    if from_stdin {
        let password = ui::read_secret_input("the metrics password", "Metrics password: ", usage)?;
        if password.is_empty() {
            return Err(
                Error::usage("no metrics password on standard input").with_hint(format!(
                    "pipe it in: `printf %s \"$PW\" | fleetctl {usage}`"
                )),
            );
        }
        return Ok(Some(password));
    }
    Ok(settings.env.metrics_password.clone())
}
