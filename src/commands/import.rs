//! `fleetctl config import`: contexts from the Go fleetctl's YAML config (`~/.fleet/config`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::config::{
    CONTEXT_NAME_RULE, ConfigFile, ConfigStore, Context, context_name_problem, go_config_path,
};
use crate::error::{Error, ExitStatus, Result};
use crate::{input, ui, validate};

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
    #[serde(default, deserialize_with = "unique_contexts")]
    contexts: BTreeMap<String, Option<GoContext>>,
}

/// The contexts map (null: none), refusing a name given twice: a map would keep the last one
/// silently, and which of the two the operator meant is not ours to guess.
fn unique_contexts<'de, D>(
    deserializer: D,
) -> std::result::Result<BTreeMap<String, Option<GoContext>>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct Contexts;
    impl<'de> serde::de::Visitor<'de> for Contexts {
        type Value = BTreeMap<String, Option<GoContext>>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a map of contexts")
        }
        fn visit_unit<E>(self) -> std::result::Result<Self::Value, E> {
            Ok(BTreeMap::new())
        }
        fn visit_map<A>(self, mut map: A) -> std::result::Result<Self::Value, A::Error>
        where
            A: serde::de::MapAccess<'de>,
        {
            let mut contexts = BTreeMap::new();
            while let Some(name) = map.next_key::<String>()? {
                if contexts.contains_key(&name) {
                    return Err(serde::de::Error::custom(format!(
                        "context `{}` is defined twice",
                        name.escape_debug()
                    )));
                }
                let context = map.next_value()?;
                contexts.insert(name, context);
            }
            Ok(contexts)
        }
    }
    deserializer.deserialize_any(Contexts)
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
    if let Some(why) = context_name_problem(name) {
        return Err(format!(
            "the name is not valid here: {why} (use {CONTEXT_NAME_RULE}); rename it in that file to import it"
        ));
    }
    let token = non_empty(go.token)
        .map(|token| validate::token(&token).map_err(|why| format!("invalid token: {why}")))
        .transpose()?;
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
        token,
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

/// The deepest nesting accepted in the Go client's YAML. Its file nests 4 deep; parsing time
/// grows with the square of the depth, so a hostile file is refused before it is parsed.
const MAX_YAML_DEPTH: usize = 64;

/// The Go client's YAML, with at least one context. The Go client creates the file empty on
/// first use; `null` is an empty document too. Read bounded ([`input::Kind::GoConfig`]).
fn read_go_config(path: &Path) -> Result<GoConfig> {
    let bytes = input::read_file(path, input::Kind::GoConfig).map_err(|e| {
        Error::general(format!(
            "cannot read the Go fleetctl config {}: {e}",
            path.display()
        ))
        .with_hint("pass the path of a regular file: `fleetctl config import PATH`")
    })?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Error::general(format!(
            "cannot parse {}: it is not UTF-8 text",
            path.display()
        ))
    })?;
    if yaml_depth(&text) > MAX_YAML_DEPTH {
        return Err(Error::general(format!(
            "cannot parse {}: it nests deeper than {MAX_YAML_DEPTH} levels, which no fleetctl config does",
            path.display()
        ))
        .with_hint("check that this is the Go fleetctl's config file (~/.fleet/config)"));
    }
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
                .with_hint(format!("fix {} and import again", path.display()))
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

/// An upper bound of how deep `text` nests, in one pass: block levels (indentation and `- `
/// items) plus flow levels (`[`, `{` outside quotes and comments). Where the scan cannot tell
/// (a bracket inside a plain scalar) it counts, so it may overestimate but never underestimates.
fn yaml_depth(text: &str) -> usize {
    let mut deepest = 0;
    let mut flow = 0usize;
    let mut indents: Vec<usize> = Vec::new();
    let mut quote: Option<char> = None;
    for line in text.lines() {
        let mut chars = line.char_indices().peekable();
        if quote.is_none() && flow == 0 {
            // Block structure: the indentation and each `- ` item opener are one level each.
            let mut column = line.len() - line.trim_start_matches(' ').len();
            let mut rest = &line[column..];
            if rest.is_empty() || rest.starts_with('#') {
                continue;
            }
            loop {
                indents.retain(|&at| at < column);
                indents.push(column);
                match rest
                    .strip_prefix("- ")
                    .or_else(|| (rest == "-").then_some(""))
                {
                    Some(after) => {
                        let skipped = rest.len() - after.trim_start_matches(' ').len();
                        column += skipped;
                        rest = &rest[skipped..];
                    }
                    None => break,
                }
            }
        }
        let mut previous = ' ';
        while let Some((_, c)) = chars.next() {
            match quote {
                Some('"') if c == '\\' => {
                    chars.next();
                }
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None => match c {
                    '"' | '\'' if previous.is_whitespace() || "[{,".contains(previous) => {
                        quote = Some(c);
                    }
                    '#' if previous.is_whitespace() => break,
                    '[' | '{' => flow += 1,
                    ']' | '}' => flow = flow.saturating_sub(1),
                    _ => {}
                },
            }
            previous = c;
            deepest = deepest.max(indents.len() + flow);
        }
    }
    deepest
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_go_clients_files_are_shallow() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/go-config");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let depth = yaml_depth(&text);
            assert!(depth <= 6, "{}: {depth}", path.display());
        }
    }

    #[test]
    fn deep_nesting_is_measured_in_flow_and_block_form() {
        let flow = |n: usize| format!("contexts: {}x{}\n", "{a: ".repeat(n), "}".repeat(n));
        assert!(yaml_depth(&flow(10)) < 16);
        assert!(yaml_depth(&flow(MAX_YAML_DEPTH + 1)) > MAX_YAML_DEPTH);
        let block: String = (0..=MAX_YAML_DEPTH)
            .map(|i| format!("{}a:\n", " ".repeat(i)))
            .collect();
        assert!(yaml_depth(&block) > MAX_YAML_DEPTH);
        let items = format!("{}x\n", "- ".repeat(MAX_YAML_DEPTH + 1));
        assert!(yaml_depth(&items) > MAX_YAML_DEPTH);
        // Quotes and comments cannot hide brackets from the count, only add to it.
        let hidden = format!("a: b'c {}\n", "[".repeat(MAX_YAML_DEPTH + 1));
        assert!(yaml_depth(&hidden) > MAX_YAML_DEPTH);
        let quoted = format!("a: '{}'\n# {}\n", "[".repeat(100), "{".repeat(100));
        assert!(yaml_depth(&quoted) < 4);
    }

    #[test]
    fn a_context_defined_twice_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config");
        std::fs::write(
            &path,
            "contexts:\n  prod:\n    address: https://a\n  prod:\n    address: https://b\n",
        )
        .unwrap();
        let err = read_go_config(&path).unwrap_err();
        assert!(
            err.message.contains("context `prod` is defined twice"),
            "{}",
            err.message
        );
    }
}
