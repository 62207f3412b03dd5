//! `fleetctl config ...`: create, inspect and switch named contexts.

use std::ffi::OsString;
use std::path::Path;

use clap::{Args, Subcommand};
use serde_json::json;

use crate::config::{self, ConfigFile, ConfigStore, Context};
use crate::error::{Error, ExitStatus, Result};
use crate::settings::Settings;
use crate::validate::AddressProblem;
use crate::{ui, validate};

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Create or update a context; fields not given keep their value (an empty value clears one)
    Set(SetArgs),
    /// Print one field, or the whole context (the token is masked)
    Get(GetArgs),
    /// Make a context the current one
    UseContext(NameArg),
    /// List the contexts, marking the current one
    GetContexts(JsonArg),
    /// Print the selected context's name, and on stderr where the choice came from
    CurrentContext(JsonArg),
    /// Delete a context
    DeleteContext(NameArg),
    /// Rename a context
    RenameContext(RenameArgs),
    /// Import contexts (tokens included) from the Go fleetctl's config, without printing them
    Import(super::import::ImportArgs),
}

#[derive(Debug, Args)]
pub struct SetArgs {
    /// Fleet server address, e.g. https://fleet.example.com:8080 (its path is ignored: see --url-prefix)
    #[arg(long, value_name = "URL")]
    pub address: Option<String>,

    /// Email used by `fleetctl login`
    #[arg(long, value_name = "EMAIL")]
    pub email: Option<String>,

    /// API token, e.g. an API-only user's (visible in shell history and `ps`; prefer --token-stdin)
    #[arg(long, value_name = "TOKEN", conflicts_with = "token_stdin")]
    pub token: Option<String>,

    /// Read the API token from standard input (on a terminal: a prompt that does not echo it)
    #[arg(long)]
    pub token_stdin: bool,

    /// Skip TLS certificate verification (insecure); --tls-skip-verify=false turns it off again
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true", require_equals = true)]
    pub tls_skip_verify: Option<bool>,

    /// PEM file of CA certificates that replaces the system trust store for this context ('' removes it)
    #[arg(long, value_name = "PATH", value_parser = clap::builder::OsStringValueParser::new())]
    pub rootca: Option<OsString>,

    /// Path prefix the server is mounted under, e.g. /fleet ('' removes it)
    #[arg(long, value_name = "PREFIX")]
    pub url_prefix: Option<String>,

    /// Header sent with every request, as 'Name: Value' (repeatable); replaces every stored
    /// custom header, as in the Go fleetctl ('' removes them all; --add-header adds one)
    #[arg(long = "custom-header", value_name = "NAME:VALUE")]
    pub custom_headers: Vec<String>,

    /// Add (or replace by name) one custom header, keeping the others (repeatable)
    #[arg(long = "add-header", value_name = "NAME:VALUE")]
    pub add_headers: Vec<String>,

    /// User for the server's /metrics Basic auth (the password is read at use, never stored)
    #[arg(long, value_name = "USER")]
    pub metrics_username: Option<String>,

    /// Remove a custom header by name (repeatable)
    #[arg(long = "remove-header", value_name = "NAME")]
    pub remove_headers: Vec<String>,
}

#[derive(Debug, Args)]
pub struct GetArgs {
    /// Field to print: address, email, token, tls-skip-verify, rootca, url-prefix, custom-headers, metrics-username
    #[arg(value_parser = clap::builder::PossibleValuesParser::new(FIELDS))]
    pub key: Option<String>,

    /// Show the token in clear instead of masked
    #[arg(long)]
    pub show_token: bool,

    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct NameArg {
    /// Context name
    pub name: String,
}

#[derive(Debug, Args)]
pub struct JsonArg {
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RenameArgs {
    /// Current name
    pub old: String,
    /// New name
    pub new: String,
}

const FIELDS: [&str; 8] = [
    "address",
    "email",
    "token",
    "tls-skip-verify",
    "rootca",
    "url-prefix",
    "custom-headers",
    "metrics-username",
];

pub fn run(command: ConfigCommand, settings: &Settings) -> Result<ExitStatus> {
    let store = settings.store.clone();
    match command {
        ConfigCommand::Set(args) => set(args, settings, &store),
        ConfigCommand::Get(args) => get(args, settings, &store),
        ConfigCommand::UseContext(args) => use_context(&args.name, &store),
        ConfigCommand::GetContexts(args) => get_contexts(args.json, settings, &store),
        ConfigCommand::CurrentContext(args) => current_context(args.json, settings, &store),
        ConfigCommand::DeleteContext(args) => delete_context(&args.name, &store),
        ConfigCommand::RenameContext(args) => rename_context(&args.old, &args.new, &store),
        ConfigCommand::Import(args) => super::import::run(args, &store),
    }
}

fn set(mut args: SetArgs, settings: &Settings, store: &ConfigStore) -> Result<ExitStatus> {
    // Validate everything before taking the lock: bad input never touches the file.
    settings.context()?;
    let from_env = fill_from_environment(&mut args, &settings.env)?;
    if args.is_empty() {
        return Err(Error::usage("config set was given nothing to set").with_hint(
            "give at least one field, e.g. `fleetctl config set --address https://fleet.example.com` (or the Go client's ADDRESS, EMAIL, TOKEN, INSECURE, ROOTCA, URL_PREFIX, CUSTOM_HEADER variables)",
        ));
    }
    let skip_verify_on = args.tls_skip_verify == Some(true);
    let changes = ContextChanges::validate(args).map_err(|err| {
        let used: Vec<(String, &str)> = from_env
            .iter()
            .map(|(flag, var)| (flag.trim_start_matches('-').to_string(), *var))
            .collect();
        crate::settings::name_env_source(err, &used)
    })?;
    let (name, created, became_current, changed) = store.update(|file| {
        let (name, _) = settings.select(file)?;
        config::validate_context_name(&name)?;
        let created = !file.contexts.contains_key(&name);
        let ctx = file.contexts.entry(name.clone()).or_default();
        let changed = changes.apply(&name, ctx)?;
        let became_current = file.current_context.is_none();
        if became_current {
            file.current_context = Some(name.clone());
        }
        Ok((name, created, became_current, changed))
    })?;

    let verb = if created { "Created" } else { "Updated" };
    // A field filled from the environment says so: a generic name such as EMAIL may have
    // been set for another tool.
    let named: Vec<String> = changed
        .iter()
        .map(|field| {
            let var = from_env.iter().find(|(flag, _)| {
                flag.trim_start_matches('-') == *field
                    || (*field == "custom-headers" && *flag == "--custom-header")
            });
            match var {
                Some((_, var)) => format!("{field} from {var}"),
                None => (*field).to_string(),
            }
        })
        .collect();
    let what = if named.is_empty() {
        "nothing changed".to_string()
    } else {
        named.join(", ")
    };
    ui::info(format!(
        "{verb} context `{name}` in {} ({what})",
        store.path().display()
    ));
    if became_current {
        ui::info(format!("`{name}` is now the current context"));
    }
    if changed.contains(&"tls-skip-verify") && skip_verify_on {
        ui::warn(format!(
            "TLS certificate verification is off for `{name}`; prefer --rootca with the server's CA"
        ));
    }
    Ok(ExitStatus::Success)
}

impl SetArgs {
    fn is_empty(&self) -> bool {
        self.address.is_none()
            && self.email.is_none()
            && self.token.is_none()
            && !self.token_stdin
            && self.tls_skip_verify.is_none()
            && self.rootca.is_none()
            && self.url_prefix.is_none()
            && self.custom_headers.is_empty()
            && self.add_headers.is_empty()
            && self.metrics_username.is_none()
            && self.remove_headers.is_empty()
    }
}

/// The Go client's `config set` variables, for the fields no flag gave (a flag wins, as in
/// the Go client); which flag each filled, for messages.
fn fill_from_environment(
    args: &mut SetArgs,
    env: &crate::settings::Environment,
) -> Result<Vec<(&'static str, &'static str)>> {
    let mut filled = Vec::new();
    let mut take = |flag: &'static str, var: &'static str, given: bool| {
        let value = env.go(var).filter(|_| !given)?;
        crate::settings::log_env_setting(flag, &value);
        filled.push((flag, var));
        Some(value.value)
    };
    if let Some(v) = take("--address", "ADDRESS", args.address.is_some()) {
        args.address = Some(v);
    }
    if let Some(v) = take("--email", "EMAIL", args.email.is_some()) {
        args.email = Some(v);
    }
    let token_given = args.token.is_some() || args.token_stdin;
    if let Some(v) = take("--token", "TOKEN", token_given) {
        crate::redact::register(&v);
        args.token = Some(v);
    }
    let insecure = take(
        "--tls-skip-verify",
        "INSECURE",
        args.tls_skip_verify.is_some(),
    );
    if let Some(v) = insecure {
        let parsed = crate::settings::parse_go_bool(&v).ok_or_else(|| {
            Error::usage(format!("INSECURE={v} is not a boolean (from INSECURE)"))
                .with_hint("set INSECURE to true or false, or unset it")
        })?;
        args.tls_skip_verify = Some(parsed);
    }
    if let Some(v) = take("--rootca", "ROOTCA", args.rootca.is_some()) {
        args.rootca = Some(v.into());
    }
    if let Some(v) = take("--url-prefix", "URL_PREFIX", args.url_prefix.is_some()) {
        args.url_prefix = Some(v);
    }
    let headers_given = !args.custom_headers.is_empty();
    if let Some(v) = take("--custom-header", "CUSTOM_HEADER", headers_given) {
        // A comma-separated list, as the Go client's flag package splits it.
        args.custom_headers = v.split(',').map(str::to_string).collect();
    }
    Ok(filled)
}

/// What `config set` was asked to change, every value checked (`None`: leave the field).
struct ContextChanges {
    address: Option<String>,
    email: Option<String>,
    token: Option<String>,
    tls_skip_verify: Option<bool>,
    rootca: Option<String>,
    metrics_username: Option<String>,
    url_prefix: Option<String>,
    /// `--custom-header`: the new set of headers (`Some(empty)` removes them all).
    replace_headers: Option<Vec<(String, String)>>,
    headers: Vec<(String, String)>,
    remove_headers: Vec<String>,
}

impl ContextChanges {
    fn validate(args: SetArgs) -> Result<Self> {
        let token = match (args.token_stdin, args.token) {
            (true, _) => Some(read_token_stdin()?),
            // `--token ''` clears the stored token.
            (false, Some(token)) if token.trim().is_empty() => Some(String::new()),
            (false, Some(token)) => Some(checked_token(&token, "--token")?),
            (false, None) => None,
        };
        Ok(ContextChanges {
            address: args.address.as_deref().map(normalize_address).transpose()?,
            email: args.email.map(|e| e.trim().to_string()),
            token,
            tls_skip_verify: args.tls_skip_verify,
            rootca: args
                .rootca
                .as_deref()
                .map(|path| validate_rootca(Path::new(path)))
                .transpose()?,
            metrics_username: args.metrics_username.map(|u| u.trim().to_string()),
            url_prefix: args
                .url_prefix
                .as_deref()
                .map(normalize_prefix)
                .transpose()?,
            replace_headers: replacement_headers(&args.custom_headers)?,
            headers: args
                .add_headers
                .iter()
                .map(|h| parse_header(h))
                .collect::<Result<Vec<_>>>()?,
            remove_headers: args.remove_headers,
        })
    }

    /// Apply to context `name`; returns the names of the fields changed, in a fixed order.
    fn apply(self, name: &str, ctx: &mut Context) -> Result<Vec<&'static str>> {
        let replace = |field: &mut Option<String>, value: Option<String>| {
            value.map(|value| *field = non_empty(value)).is_some()
        };
        let skip_verify = self.tls_skip_verify.map(|skip| ctx.tls_skip_verify = skip);
        let fields = [
            ("address", replace(&mut ctx.address, self.address)),
            ("email", replace(&mut ctx.email, self.email)),
            ("token", replace(&mut ctx.token, self.token)),
            ("tls-skip-verify", skip_verify.is_some()),
            ("rootca", replace(&mut ctx.rootca, self.rootca)),
            (
                "metrics-username",
                replace(&mut ctx.metrics_username, self.metrics_username),
            ),
            ("url-prefix", replace(&mut ctx.url_prefix, self.url_prefix)),
        ];
        let mut changed: Vec<&'static str> = fields
            .into_iter()
            .filter_map(|(key, done)| done.then_some(key))
            .collect();
        let touches_headers = self.replace_headers.is_some()
            || !self.headers.is_empty()
            || !self.remove_headers.is_empty();
        if let Some(replacement) = self.replace_headers {
            ctx.custom_headers.clear();
            ctx.custom_headers.extend(replacement);
        }
        for (header, value) in self.headers {
            ctx.custom_headers
                .retain(|existing, _| !existing.eq_ignore_ascii_case(&header));
            ctx.custom_headers.insert(header, value);
        }
        for header in &self.remove_headers {
            let before = ctx.custom_headers.len();
            ctx.custom_headers
                .retain(|existing, _| !existing.eq_ignore_ascii_case(header));
            if ctx.custom_headers.len() == before {
                return Err(Error::usage(format!(
                    "context `{name}` has no custom header `{header}`"
                ))
                .with_hint(format!(
                    "see them with `fleetctl config get custom-headers --context {name}`"
                )));
            }
        }
        if touches_headers {
            changed.push("custom-headers");
        }
        Ok(changed)
    }
}

/// `--custom-header` values: every header the context will have, or none for one `''`.
fn replacement_headers(raw: &[String]) -> Result<Option<Vec<(String, String)>>> {
    match raw {
        [] => Ok(None),
        [one] if one.trim().is_empty() => Ok(Some(Vec::new())),
        many => many
            .iter()
            .map(|h| parse_header(h))
            .collect::<Result<_>>()
            .map(Some),
    }
}

fn non_empty(value: String) -> Option<String> {
    if value.is_empty() { None } else { Some(value) }
}

/// Checks an address and returns it without a trailing slash (empty clears the field).
pub fn normalize_address(raw: &str) -> Result<String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(String::new());
    }
    let bad = |why: &str| {
        Error::usage(format!("invalid --address `{raw}`: {why}"))
            .with_hint("give an http(s) URL, e.g. --address https://fleet.example.com:8080")
    };
    let url = url::Url::parse(raw).map_err(|e| bad(&e.to_string()))?;
    match AddressProblem::of(&url) {
        Some(AddressProblem::Credentials) => {
            return Err(bad(&format!(
                "{}; use `fleetctl login` or --token-stdin",
                AddressProblem::Credentials.reason()
            )));
        }
        Some(problem) => return Err(bad(problem.reason())),
        None => {}
    }
    if url.path() != "/" && !url.path().is_empty() {
        ui::warn(format!(
            "the path `{}` of --address is ignored; use --url-prefix {} if the server is mounted there",
            url.path(),
            url.path().trim_end_matches('/')
        ));
    }
    Ok(raw.trim_end_matches('/').to_string())
}

/// Checks a url-prefix and returns it as `/path` (empty, or only slashes, clears the field).
pub fn normalize_prefix(raw: &str) -> Result<String> {
    validate::url_prefix(raw).map_err(|why| {
        Error::usage(format!("invalid --url-prefix `{raw}`: {why}"))
            .with_hint("give the path the server is mounted under, e.g. --url-prefix /fleet")
    })
}

/// Checks a rootca file and returns its absolute path (empty, or only blanks, clears the field).
fn validate_rootca(path: &Path) -> Result<String> {
    if path.to_string_lossy().trim().is_empty() {
        return Ok(String::new());
    }
    let pem = crate::input::read_file(path, crate::input::Kind::Pem).map_err(|e| {
        Error::general(format!("cannot read --rootca {}: {e}", path.display()))
            .with_hint("give a PEM file of CA certificates")
    })?;
    if crate::tls::certificates(&pem).is_none() {
        return Err(Error::usage(format!(
            "--rootca {} holds no PEM certificate",
            path.display()
        ))
        .with_hint("give a PEM file with -----BEGIN CERTIFICATE----- blocks"));
    }
    let absolute = std::fs::canonicalize(path).map_err(|e| Error::io("resolve", path, e))?;
    Ok(absolute.to_string_lossy().into_owned())
}

/// `Name: Value` into a validated pair.
pub fn parse_header(raw: &str) -> Result<(String, String)> {
    let bad = |why: &str| {
        Error::usage(format!("invalid --custom-header `{raw}`: {why}"))
            .with_hint("write it as --custom-header 'X-Name: value'")
    };
    let (name, value) = raw
        .split_once(':')
        .ok_or_else(|| bad("no `:` between name and value"))?;
    let (name, value) = (name.trim(), value.trim());
    validate::header(name, value).map_err(|why| {
        let err = bad(why);
        if name.eq_ignore_ascii_case("authorization") {
            err.with_hint("store a token with `fleetctl config set --token-stdin`")
        } else {
            err
        }
    })?;
    Ok((name.to_string(), value.to_string()))
}

/// A token given by `flag`, checked by [`validate::token`] before anything stores it.
fn checked_token(raw: &str, flag: &str) -> Result<String> {
    validate::token(raw).map_err(|why| {
        Error::usage(format!("invalid token from {flag}: {why}")).with_hint(
            "pass the token alone, e.g. `printf %s \"$TOKEN\" | fleetctl config set --token-stdin`",
        )
    })
}

/// The token from a pipe or file; on a terminal, from a prompt that does not echo it.
fn read_token_stdin() -> Result<String> {
    let token = ui::read_secret_input("the token", "Token: ", "--token-stdin")?;
    if token.trim().is_empty() {
        return Err(Error::usage("no token on standard input")
            .with_hint("pipe it in: `printf %s \"$TOKEN\" | fleetctl config set --token-stdin`"));
    }
    checked_token(&token, "--token-stdin")
}

/// `****` plus the last 4 characters for long tokens; never more.
pub fn mask_token(token: &str) -> String {
    let chars: Vec<char> = token.chars().collect();
    if chars.len() >= 16 {
        let tail: String = chars[chars.len() - 4..].iter().collect();
        format!("****{tail}")
    } else {
        "****".to_string()
    }
}

fn get(args: GetArgs, settings: &Settings, store: &ConfigStore) -> Result<ExitStatus> {
    let file = store.load()?;
    let (name, source) = settings.select(&file)?;
    let ctx = file.selected_context(&name, source)?;
    if settings.env.token.is_some() {
        ui::info("note: FLEETCTL_TOKEN is set and overrides this context's token");
    }
    let value = context_json(&name, ctx, args.show_token);
    let lines = match args.key {
        Some(key) if args.json => vec![value[key.as_str()].to_string()],
        Some(key) => field_lines(&value[key.as_str()], ""),
        None if args.json => vec![serde_json::to_string_pretty(&value).unwrap_or_default()],
        None => {
            let mut lines = vec![format!("context: {name}")];
            for key in FIELDS {
                let field = &value[key];
                match field {
                    serde_json::Value::Object(_) => {
                        lines.push(format!("{key}:"));
                        lines.extend(field_lines(field, "  "));
                    }
                    serde_json::Value::Null => lines.push(format!("{key}:")),
                    _ => lines.push(format!("{key}: {}", field_lines(field, "").join(""))),
                }
            }
            lines
        }
    };
    for line in lines {
        if args.show_token {
            ui::out_revealing_secret(&line)?;
        } else {
            ui::out(line)?;
        }
    }
    Ok(ExitStatus::Success)
}

/// A field as text lines: a string as it is, a map as `name: value` lines.
fn field_lines(field: &serde_json::Value, indent: &str) -> Vec<String> {
    match field {
        serde_json::Value::Null => Vec::new(),
        serde_json::Value::String(s) => vec![s.clone()],
        serde_json::Value::Object(map) => map
            .iter()
            .map(|(k, v)| format!("{indent}{k}: {}", v.as_str().unwrap_or_default()))
            .collect(),
        other => vec![other.to_string()],
    }
}

/// The context as shown by `config get`: the token and custom header values masked unless
/// `reveal` (`--show-token`).
fn context_json(name: &str, ctx: &Context, reveal: bool) -> serde_json::Value {
    let token = ctx
        .token
        .as_deref()
        .map(|t| if reveal { t.to_string() } else { mask_token(t) });
    let headers: std::collections::BTreeMap<&str, &str> = ctx
        .custom_headers
        .iter()
        .map(|(k, v)| {
            let shown = if reveal {
                v.as_str()
            } else {
                crate::redact::REDACTED
            };
            (k.as_str(), shown)
        })
        .collect();
    json!({
        "name": name,
        "address": ctx.address,
        "email": ctx.email,
        "token": token,
        "tls-skip-verify": ctx.tls_skip_verify,
        "rootca": ctx.rootca,
        "url-prefix": ctx.url_prefix,
        "custom-headers": headers,
        "metrics-username": ctx.metrics_username,
    })
}

fn use_context(name: &str, store: &ConfigStore) -> Result<ExitStatus> {
    config::validate_context_name(name)?;
    // Checked before the locked update too, which would create the config's folder first.
    store.load()?.context(name)?;
    store.update(|file| {
        file.context(name)?;
        file.current_context = Some(name.to_string());
        Ok(())
    })?;
    ui::info(format!("Switched to context `{name}`"));
    Ok(ExitStatus::Success)
}

fn get_contexts(json_out: bool, settings: &Settings, store: &ConfigStore) -> Result<ExitStatus> {
    let file = store.load()?;
    let (current, _) = settings.select(&file)?;
    if json_out {
        let list: Vec<_> = file
            .contexts
            .iter()
            .map(|(name, ctx)| {
                json!({
                    "name": name,
                    "current": *name == current,
                    "address": ctx.address,
                    "email": ctx.email,
                    "has-token": ctx.token.is_some(),
                })
            })
            .collect();
        ui::out(serde_json::to_string_pretty(&list).unwrap_or_default())?;
        return Ok(ExitStatus::Success);
    }
    if file.contexts.is_empty() {
        let go = config::go_config_path()
            .filter(|go| go.is_file())
            .map(|go| {
                format!(
                    ", or import the Go fleetctl's from {} with `fleetctl config import`",
                    go.display()
                )
            })
            .unwrap_or_default();
        ui::info(format!(
            "no contexts in {}; create one with `fleetctl config set --context NAME --address URL`{go}",
            store.path().display()
        ));
        return Ok(ExitStatus::Success);
    }
    let rows: Vec<[String; 5]> = file
        .contexts
        .iter()
        .map(|(name, ctx)| {
            [
                if *name == current { "*" } else { "" }.to_string(),
                name.clone(),
                ctx.address.clone().unwrap_or_default(),
                ctx.email.clone().unwrap_or_default(),
                if ctx.token.is_some() { "yes" } else { "no" }.to_string(),
            ]
        })
        .collect();
    ui::table(["CURRENT", "NAME", "ADDRESS", "EMAIL", "TOKEN"], &rows)?;
    Ok(ExitStatus::Success)
}

fn current_context(json_out: bool, settings: &Settings, store: &ConfigStore) -> Result<ExitStatus> {
    let file = store.load()?;
    let (name, source) = settings.select(&file)?;
    let exists = file.contexts.contains_key(&name);
    if json_out {
        ui::out(json!({"name": name, "source": source, "exists": exists, "config": store.path()}))?;
    } else {
        ui::out(&name)?;
        ui::info(format!("(from the {})", source.describe()));
        if !exists {
            ui::warn(config::unknown_context(&name, Some(source), &file).message);
        }
    }
    Ok(ExitStatus::Success)
}

fn delete_context(name: &str, store: &ConfigStore) -> Result<ExitStatus> {
    store.load()?.context(name)?;
    let was_current = store.update(|file| {
        file.context(name)?;
        file.contexts.remove(name);
        let was_current = file.current_context.as_deref() == Some(name);
        if was_current {
            file.current_context = None;
        }
        Ok(was_current)
    })?;
    ui::info(format!("Deleted context `{name}`"));
    if was_current {
        ui::info(
            "There is no current context now; pick one with `fleetctl config use-context NAME`",
        );
    }
    Ok(ExitStatus::Success)
}

fn rename_context(old: &str, new: &str, store: &ConfigStore) -> Result<ExitStatus> {
    config::validate_context_name(new)?;
    store.load()?.context(old)?;
    store.update(|file: &mut ConfigFile| {
        file.context(old)?;
        if old == new {
            return Err(
                Error::usage(format!("cannot rename context `{old}` to itself")).with_hint(
                    format!("give a different new name: `fleetctl config rename-context {old} NEW`"),
                ),
            );
        }
        if file.contexts.contains_key(new) {
            return Err(Error::usage(format!("context `{new}` already exists"))
                .with_hint(format!("delete it first with `fleetctl config delete-context {new}`, or pick another name")));
        }
        let ctx = file.contexts.remove(old).unwrap_or_default();
        file.contexts.insert(new.to_string(), ctx);
        if file.current_context.as_deref() == Some(old) {
            file.current_context = Some(new.to_string());
        }
        Ok(())
    })?;
    ui::info(format!("Renamed context `{old}` to `{new}`"));
    Ok(ExitStatus::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_tokens() {
        assert_eq!(mask_token("abcdefghijklmnopqrstuvwxyz"), "****wxyz");
        assert_eq!(mask_token("short"), "****");
    }

    #[test]
    fn normalizes_addresses_and_prefixes() {
        assert_eq!(
            normalize_address("https://a:8080/").unwrap(),
            "https://a:8080"
        );
        assert!(normalize_address("ftp://a").is_err());
        assert!(normalize_address("a:8080").is_err());
        assert!(normalize_address("https://u:p@a").is_err());
        assert_eq!(normalize_prefix("fleet/").unwrap(), "/fleet");
        assert_eq!(normalize_prefix("/").unwrap(), "");
    }

    #[test]
    fn parses_headers() {
        assert_eq!(
            parse_header("X-Team: ops ").unwrap(),
            ("X-Team".to_string(), "ops".to_string())
        );
        assert!(parse_header("no-colon").is_err());
        assert!(parse_header("Bad Name: v").is_err());
        assert!(parse_header("Authorization: Bearer x").is_err());
    }
}
