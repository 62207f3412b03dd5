//! `fleetctl config import`: contexts from the Go fleetctl's YAML config (`~/.fleet/config`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::config::{
    CONTEXT_NAME_RULE, ConfigFile, ConfigStore, Context, go_config_path, validate_context_name,
};
use crate::error::{Error, ExitStatus, Result};
use crate::{ui, validate};

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The Go fleetctl's config file [default: ~/.fleet/config]
    pub path: Option<PathBuf>,

    /// Replace contexts that already exist here (default: keep them and report them)
    #[arg(long)]
    pub overwrite: bool,
}

/// The Go client's file. It marshals its structs without `omitempty` (through JSON, so keys come
/// out sorted), and a nil map or an unset context is written as `null`: every field takes null
/// as "not set". Keys this tool does not know are ignored.
#[derive(Debug, Default, Deserialize)]
struct GoConfig {
    #[serde(default, deserialize_with = "null_as_default")]
    contexts: BTreeMap<String, Option<GoContext>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct GoContext {
    #[serde(default, deserialize_with = "null_as_default")]
    address: String,
    #[serde(default, deserialize_with = "null_as_default")]
    email: String,
    #[serde(default, deserialize_with = "null_as_default")]
    token: String,
    /// `ignore_tls` in the kolide/fleet 2.x client.
    #[serde(default, alias = "ignore_tls", deserialize_with = "null_as_default")]
    tls_skip_verify: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    rootca: String,
    #[serde(default, deserialize_with = "null_as_default")]
    url_prefix: String,
    #[serde(default, deserialize_with = "null_as_default")]
    custom_headers: BTreeMap<String, Option<String>>,
}

fn null_as_default<'de, D, T>(deserializer: D) -> std::result::Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

fn non_empty(s: String) -> Option<String> {
    let s = s.trim().to_string();
    if s.is_empty() { None } else { Some(s) }
}

/// Why a field of the Go config cannot be imported.
fn invalid(field: &str, raw: &str, why: &str) -> String {
    format!("invalid {field} `{raw}`: {why}")
}

/// A Go context as ours, or why it cannot be imported.
fn convert(name: &str, go: GoContext) -> Result<Context, String> {
    if validate_context_name(name).is_err() {
        return Err(format!(
            "the name is not valid here ({CONTEXT_NAME_RULE}); rename it in that file to import it"
        ));
    }
    let raw_address = go.address.trim();
    if !raw_address.is_empty() {
        validate::address(raw_address).map_err(|why| invalid("address", raw_address, &why))?;
    }
    let address = non_empty(raw_address.trim_end_matches('/').to_string());
    let mut custom_headers = BTreeMap::new();
    for (header, value) in go.custom_headers {
        let (header, value) = (header.trim(), value.unwrap_or_default());
        let value = value.trim();
        validate::header(header, value).map_err(|why| invalid("custom header", header, why))?;
        custom_headers.insert(header.to_string(), value.to_string());
    }
    let url_prefix = validate::url_prefix(&go.url_prefix)
        .map_err(|why| invalid("url-prefix", &go.url_prefix, why))?;
    Ok(Context {
        address,
        email: non_empty(go.email),
        token: non_empty(go.token),
        tls_skip_verify: go.tls_skip_verify,
        rootca: non_empty(go.rootca),
        url_prefix: non_empty(url_prefix),
        custom_headers,
        metrics_username: None,
        extra: BTreeMap::new(),
    })
}

pub fn run(args: ImportArgs, store: &ConfigStore) -> Result<ExitStatus> {
    let path = match args.path {
        Some(p) => p,
        None => go_config_path().ok_or_else(|| {
            Error::general("cannot find the home directory")
                .with_hint("pass the path: `fleetctl config import PATH`")
        })?,
    };
    let go = read_go_config(&path)?;
    // A context that cannot be imported is skipped with a warning; the others still are.
    let total = go.contexts.len();
    let mut converted = Vec::new();
    for (name, ctx) in go.contexts {
        match convert(&name, ctx.unwrap_or_default()) {
            Ok(ctx) => converted.push((name, ctx)),
            Err(why) => ui::warn(format!(
                "skipped context `{name}` from {}: {why}",
                path.display()
            )),
        }
    }
    if converted.is_empty() {
        return Err(Error::general(format!(
            "none of the {total} context(s) in {} could be imported (see the warnings above)",
            path.display()
        ))
        .with_hint(format!("fix them in {} and import again", path.display())));
    }
    let (imported, skipped) = store.update(|file| Ok(merge(file, converted, args.overwrite)))?;
    if !imported.is_empty() {
        ui::info(format!(
            "Imported {} context(s) from {} into {}: {}",
            imported.len(),
            path.display(),
            store.path().display(),
            imported.join(", ")
        ));
    }
    if !skipped.is_empty() {
        ui::warn(format!(
            "kept {} existing context(s) unchanged: {} (pass --overwrite to replace them)",
            skipped.len(),
            skipped.join(", ")
        ));
    }
    Ok(ExitStatus::Success)
}

/// The Go client's YAML, with at least one context. The Go client creates the file empty on
/// first use; `null` is an empty document too.
fn read_go_config(path: &Path) -> Result<GoConfig> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::io("read the Go fleetctl config", path, e)
            .with_hint("pass its path: `fleetctl config import PATH`")
    })?;
    let parsed: Option<GoConfig> = if text.trim().is_empty() {
        None
    } else {
        serde_yaml_ng::from_str(&text).map_err(|e| {
            let at = e
                .location()
                .map(|l| format!(":{}:{}", l.line(), l.column()))
                .unwrap_or_default();
            let reason = e.to_string();
            let reason = reason.split(" at line ").next().unwrap_or(&reason);
            Error::general(format!("cannot parse {}{at}: {reason}", path.display()))
        })?
    };
    let go = parsed.unwrap_or_default();
    if go.contexts.is_empty() {
        return Err(Error::general(format!(
            "{} has no contexts to import",
            path.display()
        )));
    }
    Ok(go)
}

/// Add the converted contexts to `file` (existing ones kept unless `overwrite`); the first
/// import sets current-context (`default` if imported). Returns (imported, kept) names.
fn merge(
    file: &mut ConfigFile,
    converted: Vec<(String, Context)>,
    overwrite: bool,
) -> (Vec<String>, Vec<String>) {
    let (mut imported, mut skipped) = (Vec::new(), Vec::new());
    for (name, ctx) in converted {
        if file.contexts.contains_key(&name) && !overwrite {
            skipped.push(name);
            continue;
        }
        file.contexts.insert(name.clone(), ctx);
        imported.push(name);
    }
    if file.current_context.is_none() && !imported.is_empty() {
        let pick = if imported.iter().any(|n| n == "default") {
            "default".to_string()
        } else {
            imported[0].clone()
        };
        file.current_context = Some(pick);
    }
    (imported, skipped)
}
