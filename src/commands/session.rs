//! `fleetctl login`, `logout` and `whoami`: the session token of a context.

use std::io::{IsTerminal, Read};

use clap::Args;
use reqwest::Method;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::client::{self, FleetClient, TokenSource};
use crate::error::{Error, ErrorKind, ExitStatus, Result};
use crate::settings::Settings;
use crate::{redact, ui};

#[derive(Debug, Args)]
pub struct LoginArgs {
    /// Email to log in with [default: $EMAIL, else the context's email, else a prompt]
    #[arg(long, value_name = "EMAIL")]
    pub email: Option<String>,

    /// Read the password from standard input instead of prompting [default: $FLEETCTL_PASSWORD, else $PASSWORD, else a prompt]
    #[arg(long, conflicts_with = "password")]
    pub password_stdin: bool,

    /// Password, as the Go fleetctl takes it: visible to other local users (ps) and in shell
    /// history, so a warning says so; prefer --password-stdin or FLEETCTL_PASSWORD
    #[arg(long, value_name = "PASSWORD")]
    pub password: Option<String>,

    /// Email two-factor: read the link from the email (or its token alone) from standard
    /// input once the server has sent it, instead of prompting for it
    #[arg(long, conflicts_with = "password_stdin")]
    pub mfa_link_stdin: bool,
}

/// The password for `login`, from the environment (for scripts that cannot pipe it).
pub use crate::settings::PASSWORD_ENV;

#[derive(Debug, Args)]
pub struct LogoutArgs {}

#[derive(Debug, Args)]
pub struct WhoamiArgs {
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Deserialize)]
struct LoginAnswer {
    token: String,
    #[serde(default)]
    user: Value,
}

#[derive(Deserialize)]
struct MeAnswer {
    user: Value,
}

pub fn login(args: LoginArgs, settings: &Settings) -> Result<ExitStatus> {
    let store = &settings.store;
    let file = store.load()?;
    let mut target = settings.selected_target(&file)?;
    let context = target.context.clone();
    let stored_email = || file.contexts.get(&context)?.email.clone();
    // The Go client's EMAIL comes after the flag and before the context's stored email.
    let env_email = || {
        let value = settings.env.go("EMAIL")?;
        crate::settings::log_env_setting("login --email", &value);
        Some(value.value)
    };
    let email = match args.email.clone().or_else(env_email).or_else(stored_email) {
        Some(email) => email,
        None => prompt_email(&context)?,
    };
    let password = login_password(&args, settings, &email)?;
    let sources = credential_sources(&args, settings);

    // The login itself carries no token; FLEETCTL_TOKEN must not leak into it.
    target.token = None;
    let mut fleet = FleetClient::new(target)?;
    let first = ui::block_on(request_token(&mut fleet, &email, &password));
    let answer = match first.map_err(|err| name_credential_sources(err, sources.as_deref()))? {
        LoginStep::Done(answer) => answer,
        LoginStep::EmailSent(message) => {
            ui::info(message);
            let link_token = read_mfa_link(args.mfa_link_stdin, &context)?;
            ui::block_on(complete_mfa(&mut fleet, &link_token))?
        }
    };
    // The server's spelling of the email, unless it is no email at all (a hostile answer).
    let saved_email = answer.user["email"]
        .as_str()
        .filter(|e| crate::validate::email(e).is_ok())
        .unwrap_or(&email)
        .to_string();
    store.update(|file| {
        if !file.contexts.contains_key(&context) {
            return Err(crate::config::unknown_context(&context, None, file));
        }
        let ctx = file.contexts.entry(context.clone()).or_default();
        ctx.token = Some(answer.token.clone());
        ctx.email = Some(saved_email.clone());
        Ok(())
    })?;
    ui::info(format!(
        "Logged in as {saved_email} on {context} ({})",
        fleet.target.origin()
    ));
    if settings.env.token.is_some() {
        ui::warn(
            "FLEETCTL_TOKEN is set and overrides the token just stored; unset it to use this login",
        );
    }
    Ok(ExitStatus::Success)
}

/// Which of the credentials came from the environment, for a failed login's message
/// (`email from EMAIL, password from PASSWORD`): a stale variable is an easy trap.
fn credential_sources(args: &LoginArgs, settings: &Settings) -> Option<String> {
    let mut sources = Vec::new();
    if args.email.is_none() && settings.env.go("EMAIL").is_some() {
        sources.push("email from EMAIL".to_string());
    }
    if args.password.is_none() && !args.password_stdin && settings.env.password.is_some() {
        sources.push(format!("password from {}", settings.env.password_var));
    }
    (!sources.is_empty()).then(|| sources.join(", "))
}

fn name_credential_sources(err: Error, sources: Option<&str>) -> Error {
    match sources {
        Some(sources) if err.kind == ErrorKind::Auth => {
            let mut named = Error::new(err.kind, format!("{} ({sources})", err.message));
            named.hint = err.hint;
            named
        }
        _ => err,
    }
}

/// `--password` (with a warning), else `FLEETCTL_PASSWORD` unless `--password-stdin`, else
/// stdin or a prompt.
fn login_password(args: &LoginArgs, settings: &Settings, email: &str) -> Result<String> {
    let password = match (&args.password, &settings.env.password) {
        (Some(password), _) => {
            ui::warn(format!(
                "a password on the command line is visible to other local users (ps, /proc) and stays in shell history; use --password-stdin or {PASSWORD_ENV} instead"
            ));
            non_empty_password(password.clone())?
        }
        (None, Some(password)) if !args.password_stdin => {
            if ui::debug_enabled() {
                ui::debug(format!(
                    "login password from the environment ({})",
                    settings.env.password_var
                ));
            }
            password.clone()
        }
        _ => read_password(args.password_stdin, email)?,
    };
    redact::register(&password);
    Ok(password)
}

/// What the login answer asks for next.
enum LoginStep {
    Done(LoginAnswer),
    /// Email two-factor (202): the server's message; the link in the email completes it.
    EmailSent(String),
}

/// POST the credentials (saying this client can complete email two-factor), then prove the new
/// token works (`/me`) before anything stores it.
async fn request_token(fleet: &mut FleetClient, email: &str, password: &str) -> Result<LoginStep> {
    let req = fleet
        .request(Method::POST, "/api/latest/fleet/login", false)?
        .json(&json!({"email": email, "password": password, "supports_email_verification": true}));
    let resp = fleet.send(req).await?;
    if resp.status() == reqwest::StatusCode::ACCEPTED {
        let raw: Value = fleet.decode_json(resp).await.unwrap_or(Value::Null);
        let message = raw["message"]
            .as_str()
            .unwrap_or("The server sent you an email with a login link.")
            .to_string();
        return Ok(LoginStep::EmailSent(message));
    }
    if !resp.status().is_success() {
        let status = resp.status();
        let content_type = client::content_type(&resp);
        let body = fleet
            .read_limited(resp, 64 * 1024)
            .await
            .unwrap_or_default();
        return Err(login_error(fleet, status, &content_type, &body, email));
    }
    verified_answer(fleet, resp).await.map(LoginStep::Done)
}

/// Email two-factor, second step: the link's token for a session, as Fleet's web UI does it.
async fn complete_mfa(fleet: &mut FleetClient, link_token: &str) -> Result<LoginAnswer> {
    let req = fleet
        .request(Method::POST, "/api/latest/fleet/sessions", false)?
        .json(&json!({"token": link_token}));
    let resp = fleet.send(req).await?;
    let status = resp.status();
    if status.is_success() {
        return verified_answer(fleet, resp).await;
    }
    let content_type = client::content_type(&resp);
    let body = fleet
        .read_limited(resp, 64 * 1024)
        .await
        .unwrap_or_default();
    if matches!(status.as_u16(), 400 | 401 | 403 | 404) {
        return Err(Error::auth(format!(
            "the login link was not accepted: it has expired, was already used (opening it in a browser uses it), or is not from the latest email ({})",
            client::fleet_error_text(&body)
        ))
        .with_hint(
            "run `fleetctl login` again for a new email, and paste its link here without opening it",
        ));
    }
    Err(fleet.status_error(status, &content_type, &body, "/api/latest/fleet/sessions"))
}

/// A login answer's token, registered as a secret and checked with `/me`.
async fn verified_answer(fleet: &mut FleetClient, resp: reqwest::Response) -> Result<LoginAnswer> {
    // The new token is a secret from the moment it arrives, also in errors about this answer.
    let raw: Value = fleet.decode_json(resp).await?;
    if let Some(token) = raw.get("token").and_then(Value::as_str) {
        redact::register(token);
    }
    let answer: LoginAnswer = serde_json::from_value(raw).map_err(|e| {
        Error::unreachable(format!(
            "{} sent an unexpected login answer: {e}",
            fleet.target.origin()
        ))
    })?;
    // Checked before it is used or stored: an empty or huge token would be stored and useless.
    let answer = LoginAnswer {
        token: crate::validate::token(&answer.token).map_err(|why| {
            Error::unreachable(format!(
                "{} sent an unusable token in its login answer: {why}; nothing was stored",
                fleet.target.origin()
            ))
        })?,
        ..answer
    };
    fleet.target.token = Some(answer.token.clone());
    let _: MeAnswer = fleet
        .json(fleet.request(Method::GET, "/api/latest/fleet/me", true)?)
        .await?;
    fleet.target.token = None;
    Ok(answer)
}

/// The link from the email (or its token alone): from stdin with `--mfa-link-stdin`, else
/// pasted at a no-echo prompt (it is a one-time credential). No terminal: exit 4.
fn read_mfa_link(from_stdin: bool, context: &str) -> Result<String> {
    let raw = if from_stdin {
        let mut line = String::new();
        std::io::stdin()
            .take(64 * 1024)
            .read_to_string(&mut line)
            .map_err(|e| Error::usage(format!("cannot read the login link from stdin: {e}")))?;
        line
    } else if std::io::stdin().is_terminal() {
        ui::info(
            "Copy the link from that email and paste it here. Do not open it in a browser first: opening it uses it up, and this login then fails.",
        );
        ui::read_secret("Link from the email (or its token; input hidden): ")?
    } else {
        return Err(Error::auth(format!(
            "the account uses email two-factor and there is no terminal to paste the emailed link into (context `{context}`)"
        ))
        .with_hint(format!(
            "for scripts use an API token: `fleetctl config set --context {context} --token-stdin`; or pipe the link in with `fleetctl login --mfa-link-stdin`"
        )));
    };
    let token = mfa_token(&raw).ok_or_else(|| {
        Error::usage("that is not a login link or token")
            .with_hint("paste the whole link from the email, which ends in /login/mfa/<token>, or the token alone")
    })?;
    redact::register(&token);
    Ok(token)
}

/// The token of `<server>/login/mfa/<TOKEN>` (or of a bare token), whitespace, quotes and
/// angle brackets around it ignored.
fn mfa_token(raw: &str) -> Option<String> {
    let text = raw
        .trim()
        .trim_matches(|c| matches!(c, '<' | '>' | '"' | '\''));
    let token = match text.rfind("/mfa/") {
        Some(at) => &text[at + "/mfa/".len()..],
        None if text.contains('/') => return None,
        None => text,
    };
    let token = token
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .trim_end_matches('/');
    let ok = !token.is_empty()
        && token.len() <= 4096
        && token.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'=' | b'+' | b'%')
        });
    ok.then(|| token.to_string())
}

fn login_error(
    fleet: &FleetClient,
    status: reqwest::StatusCode,
    content_type: &str,
    body: &[u8],
    email: &str,
) -> Error {
    let detail = client::fleet_error_text(body);
    let lower = detail.to_ascii_lowercase();
    let api_only_hint = format!(
        "API-only users have no password: store their token with `fleetctl config set --context {} --token-stdin`",
        fleet.target.context
    );
    match status.as_u16() {
        401 if lower.contains("password reset required") => Error::auth(format!(
            "{email} must reset their password in the Fleet web UI before logging in ({detail})"
        ))
        .with_hint("reset it in the browser, then run `fleetctl login` again"),
        // Fleet answers a wrong password and an SSO-only account alike, so both are named.
        401 => Error::auth(format!(
            "authentication failed for {email}: wrong email or password, or an SSO-only account ({detail})"
        ))
        .with_hint(format!("check the password; {api_only_hint}")),
        400 if lower.contains("email") || lower.contains("mfa") || lower.contains("verif") => Error::auth(format!(
            "{email} has email two-factor verification enabled, and this server does not offer it to command-line clients ({detail})"
        ))
        .with_hint(api_only_hint),
        _ => fleet.status_error(status, content_type, body, "/api/latest/fleet/login"),
    }
}

fn prompt_email(context: &str) -> Result<String> {
    if !std::io::stdin().is_terminal() {
        return Err(Error::usage(format!("no email for context `{context}`")).with_hint(format!(
            "pass --email, or store it with `fleetctl config set --context {context} --email you@example.com`"
        )));
    }
    ui::prompt("Email: ");
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| Error::general(format!("cannot read the email: {e}")))?;
    let email = line.trim().to_string();
    if email.is_empty() {
        return Err(Error::usage("no email given").with_hint("pass --email"));
    }
    Ok(email)
}

fn read_password(from_stdin: bool, email: &str) -> Result<String> {
    let password = if from_stdin || std::io::stdin().is_terminal() {
        ui::read_secret_input(
            "the password",
            &format!("Password for {email}: "),
            "--password-stdin",
        )?
    } else {
        return Err(
            Error::usage("no password: standard input is not a terminal").with_hint(
                "pipe it in with --password-stdin, e.g. `fleetctl login --password-stdin < pw.txt`, or set FLEETCTL_PASSWORD",
            ),
        );
    };
    non_empty_password(password)
}

fn non_empty_password(password: String) -> Result<String> {
    if password.is_empty() {
        return Err(Error::usage("the password is empty").with_hint("give the account's password"));
    }
    Ok(password)
}

pub fn logout(_args: LogoutArgs, settings: &Settings) -> Result<ExitStatus> {
    let (store, target) = (&settings.store, settings.target()?);
    let context = target.context.clone();
    let Some(source) = target.token_source else {
        ui::info(format!(
            "Not logged in to context `{context}`; nothing to do"
        ));
        return Ok(ExitStatus::Success);
    };
    let fleet = FleetClient::new(target)?;
    let outcome = ui::block_on(async {
        let req = fleet.request(Method::POST, "/api/latest/fleet/logout", true)?;
        fleet.send_ok(req).await.map(|_| ())
    });
    if source == TokenSource::Context {
        store.update(|file| {
            if let Some(ctx) = file.contexts.get_mut(&context) {
                ctx.token = None;
            }
            Ok(())
        })?;
    }
    let removed = if source == TokenSource::Context {
        "removed the stored token"
    } else {
        "the token came from FLEETCTL_TOKEN, so nothing was removed from the config"
    };
    match outcome {
        Ok(()) => {
            ui::info(format!(
                "Logged out of {context} ({}); {removed}",
                fleet.target.origin()
            ));
            Ok(ExitStatus::Success)
        }
        Err(err) if err.kind == ErrorKind::Auth => {
            ui::info(format!(
                "The server had already ended this session; {removed}"
            ));
            Ok(ExitStatus::Success)
        }
        Err(err) => {
            ui::warn(format!(
                "could not end the session on the server ({}); {removed}, but the server may still accept the old token until it expires",
                err.message
            ));
            Ok(err.exit_status())
        }
    }
}

pub fn whoami(args: WhoamiArgs, settings: &Settings) -> Result<ExitStatus> {
    let target = settings.target()?;
    let token_source = target.token_source;
    let fleet = FleetClient::new(target)?;
    let (me, version) = ui::block_on(async {
        let me = async {
            fleet
                .json::<MeAnswer>(fleet.request(Method::GET, "/api/latest/fleet/me", true)?)
                .await
        };
        let version = async {
            fleet
                .json::<Value>(fleet.request(Method::GET, "/api/latest/fleet/version", true)?)
                .await
        };
        let (me, version) = tokio::join!(me, version);
        Ok::<_, Error>((me?, version.ok()))
    })?;
    let user = &me.user;
    let server_version = version
        .as_ref()
        .and_then(|v| v["version"].as_str())
        .unwrap_or("unknown")
        .to_string();
    let token_from = match token_source {
        Some(TokenSource::Env) => "FLEETCTL_TOKEN",
        _ => "context",
    };
    if args.json {
        let out = json!({
            "context": fleet.target.context,
            "address": fleet.target.origin(),
            "user": {
                "name": user["name"],
                "email": user["email"],
                "global_role": user["global_role"],
                "api_only": user["api_only"],
                "teams": user["teams"],
            },
            "server_version": server_version,
            "token_source": token_from,
        });
        ui::out(serde_json::to_string_pretty(&out).unwrap_or_default())?;
        return Ok(ExitStatus::Success);
    }
    let role = user["global_role"]
        .as_str()
        .unwrap_or("none (team roles only)");
    let api_only = if user["api_only"].as_bool() == Some(true) {
        " (API-only)"
    } else {
        ""
    };
    ui::out(format!("context: {}", fleet.target.context))?;
    ui::out(format!(
        "address: {}{}",
        fleet.target.origin(),
        fleet.target.url_prefix
    ))?;
    ui::out(format!(
        "user:    {} <{}>",
        user["name"].as_str().unwrap_or(""),
        user["email"].as_str().unwrap_or("")
    ))?;
    ui::out(format!("role:    {role}{api_only}"))?;
    ui::out(format!("server:  {server_version}"))?;
    ui::out(format!("token:   from {token_from}"))?;
    Ok(ExitStatus::Success)
}

#[cfg(test)]
mod tests {
    use super::mfa_token;

    #[test]
    fn a_link_or_its_token_alone_gives_the_token() {
        for raw in [
            "https://fleet.example.com/login/mfa/abc-123_X\n",
            "  <https://fleet.example.com/fleet/login/mfa/abc-123_X>  ",
            "\"abc-123_X\"",
            "abc-123_X",
            "http://127.0.0.1:8080/login/mfa/abc-123_X/",
        ] {
            assert_eq!(mfa_token(raw).as_deref(), Some("abc-123_X"), "{raw:?}");
        }
        for bad in [
            "",
            "https://fleet.example.com/login",
            "a b",
            "https://x/login/mfa/",
        ] {
            assert_eq!(mfa_token(bad), None, "{bad:?}");
        }
    }
}
