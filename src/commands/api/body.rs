//! The request body of `fleetctl api` from its fields, as the Go fleetctl builds it: `-F` on
//! GET is a query parameter; on any other method a member of a JSON object whose value is
//! parsed as JSON when it is valid JSON, `true` for a bare name, a file's contents for
//! `key=<file`; a `key=@file` makes the whole body a `multipart/form-data` upload instead.

use std::hash::{BuildHasher, Hasher};
use std::io::Read;
use std::path::Path;

use serde_json::{Map, Value};

use crate::client;
use crate::error::{Error, Result};
use crate::ui;

/// One field as given: `-F` (Go semantics) or `-f` (a string, as it is).
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    Typed(String),
    Raw(String),
}

/// A request body and its Content-Type.
#[derive(Debug, PartialEq)]
pub struct Body {
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// What a field's value turned out to be.
enum FieldValue {
    /// A string, parsed as JSON for the JSON body when it is valid JSON.
    Text { text: String, parse_json: bool },
    /// A bare `-F name`: `true`.
    Flag,
    /// `key=@file`: an upload.
    Upload { file_name: String, data: Vec<u8> },
}

/// Query parameters for GET: `-F key=value` as written (a bare name is ignored, as the Go
/// client ignores it, with a warning; `<file` and `@file` are literal text there too).
pub fn query_pairs(fields: &[Field]) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for field in fields {
        let (Field::Typed(raw) | Field::Raw(raw)) = field;
        match raw.split_once('=') {
            Some((key, value)) => pairs.push((key.to_string(), value.to_string())),
            None => ui::warn(format!(
                "field `{raw}` has no `=value` and is ignored on a GET, as the Go fleetctl ignores it"
            )),
        }
    }
    pairs
}

/// The body for any method but GET: JSON, or multipart when a field uploads a file.
pub fn body(fields: &[Field]) -> Result<Body> {
    let mut parsed = Vec::with_capacity(fields.len());
    for field in fields {
        parsed.push(parse(field)?);
    }
    if parsed
        .iter()
        .any(|(_, v)| matches!(v, FieldValue::Upload { .. }))
    {
        return Ok(multipart(&parsed));
    }
    let mut object = Map::new();
    for (key, value) in parsed {
        let value = match value {
            FieldValue::Flag => Value::Bool(true),
            FieldValue::Text { text, parse_json } => parse_json
                .then(|| serde_json::from_str::<Value>(&text).ok())
                .flatten()
                .unwrap_or(Value::String(text)),
            FieldValue::Upload { .. } => unreachable!("uploads make a multipart body"),
        };
        // Later fields replace earlier ones of the same name, as in the Go client.
        object.insert(key, value);
    }
    let bytes = serde_json::to_vec(&Value::Object(object))
        .map_err(|e| Error::general(format!("cannot encode the fields as JSON: {e}")))?;
    Ok(Body {
        content_type: "application/json".into(),
        bytes,
    })
}

fn parse(field: &Field) -> Result<(String, FieldValue)> {
    let (raw, typed) = match field {
        Field::Typed(raw) => (raw, true),
        Field::Raw(raw) => (raw, false),
    };
    let Some((key, value)) = raw.split_once('=') else {
        if !typed || raw.is_empty() {
            return Err(Error::usage(format!("invalid field `{raw}`"))
                .with_hint("write it as -f key=value"));
        }
        return Ok((raw.clone(), FieldValue::Flag));
    };
    let key = key.to_string();
    if !typed {
        return Ok((
            key,
            FieldValue::Text {
                text: value.into(),
                parse_json: false,
            },
        ));
    }
    if let Some(file) = value.strip_prefix('<') {
        let data = read_file(&key, file)?;
        let text = String::from_utf8(data).map_err(|_| {
            Error::usage(format!("-F {key}=<{file}: the file is not UTF-8 text"))
                .with_hint(format!("upload it as a file instead: -F {key}=@{file}"))
        })?;
        return Ok((
            key,
            FieldValue::Text {
                text,
                parse_json: true,
            },
        ));
    }
    if let Some(file) = value.strip_prefix('@') {
        let data = read_file(&key, file)?;
        let file_name = match file {
            "-" => "stdin".to_string(),
            _ => Path::new(file)
                .file_name()
                .map_or_else(|| file.to_string(), |n| n.to_string_lossy().into_owned()),
        };
        return Ok((key, FieldValue::Upload { file_name, data }));
    }
    Ok((
        key,
        FieldValue::Text {
            text: value.into(),
            parse_json: true,
        },
    ))
}

/// A field's file (`-` is stdin), bounded like `--input` (a pipe such as `<(jq ...)` is
/// allowed); a missing or unreadable file, or a folder, is an error (the Go client would send
/// the literal `<file` text with a warning).
fn read_file(key: &str, file: &str) -> Result<Vec<u8>> {
    let limit = client::MAX_JSON_BYTES as u64;
    let what = format!("-F {key}: cannot read {file}");
    let hint = "give a readable file (or - for stdin)";
    let fail = |why: String| Error::usage(format!("{what}: {why}")).with_hint(hint);
    let mut data = Vec::new();
    if file == "-" {
        std::io::stdin()
            .take(limit + 1)
            .read_to_end(&mut data)
            .map_err(|e| fail(crate::error::io_reason(&e)))?;
    } else {
        let path = Path::new(file);
        if path.is_dir() {
            return Err(fail("it is a directory, not a file".into()));
        }
        std::fs::File::open(path)
            .and_then(|f| f.take(limit + 1).read_to_end(&mut data))
            .map_err(|e| fail(crate::error::io_reason(&e)))?;
    }
    if data.len() as u64 > limit {
        return Err(fail(format!("it is larger than {limit} bytes")));
    }
    Ok(data)
}

/// `multipart/form-data` by hand (RFC 7578), in the order the fields were given: every field
/// a form field (a bare name is `true`), every upload a file part named after the field with
/// the file's base name, as Go's `mime/multipart` writes them. Built here rather than with
/// reqwest's `multipart` feature: the body stays one buffer (bounded, logged and sent like
/// the JSON body, with a Content-Length) and no MIME-guessing crate joins the tree.
fn multipart(fields: &[(String, FieldValue)]) -> Body {
    let boundary = boundary(fields);
    let mut out = Vec::new();
    for (key, value) in fields {
        out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        let name = quote(key);
        match value {
            FieldValue::Upload { file_name, data } => {
                out.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
                        quote(file_name)
                    )
                    .as_bytes(),
                );
                out.extend_from_slice(data);
            }
            FieldValue::Text { text, .. } => {
                out.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n{text}")
                        .as_bytes(),
                );
            }
            FieldValue::Flag => out.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\ntrue").as_bytes(),
            ),
        }
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Body {
        content_type: format!("multipart/form-data; boundary={boundary}"),
        bytes: out,
    }
}

/// `\` and `"` escaped in a quoted parameter, as Go's multipart writer does; line breaks
/// cannot end the header line.
fn quote(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace(['\r', '\n'], " ")
}

/// A random boundary that occurs in none of the parts (checked, not hoped for).
fn boundary(fields: &[(String, FieldValue)]) -> String {
    loop {
        let mut candidate = String::from("fleetctl-");
        for round in 0..2u64 {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u64(round);
            candidate.push_str(&format!("{:016x}", h.finish()));
        }
        let clash = fields.iter().any(|(key, value)| {
            let data: &[u8] = match value {
                FieldValue::Upload { data, .. } => data,
                FieldValue::Text { text, .. } => text.as_bytes(),
                FieldValue::Flag => b"",
            };
            contains(data, candidate.as_bytes()) || key.contains(&candidate)
        });
        if !clash {
            return candidate;
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(list: &[&str]) -> Vec<Field> {
        list.iter()
            .map(|f| Field::Typed((*f).to_string()))
            .collect()
    }

    #[test]
    fn values_are_json_when_they_are_valid_json() {
        let body = body(&typed(&[
            "n=3",
            "critical=false",
            "name=web",
            "ids=[1,2]",
            "team={\"id\":1}",
            "quoted=\"x\"",
            "dry_run",
            "n=4",
            "empty=",
            "nul=null",
        ]))
        .unwrap();
        assert_eq!(body.content_type, "application/json");
        let value: Value = serde_json::from_slice(&body.bytes).unwrap();
        assert_eq!(
            value,
            serde_json::json!({"n": 4, "critical": false, "name": "web", "ids": [1, 2],
                "team": {"id": 1}, "quoted": "x", "dry_run": true, "empty": "", "nul": null})
        );
        let raw = super::body(&[Field::Raw("n=3".into())]).unwrap();
        assert_eq!(raw.bytes, br#"{"n":"3"}"#);
        assert!(super::body(&[Field::Raw("bare".into())]).is_err());
    }

    #[test]
    fn get_fields_are_query_pairs_and_bare_names_are_ignored() {
        assert_eq!(
            query_pairs(&typed(&["per_page=10", "flag", "q=<file", "a=b=c"])),
            vec![
                ("per_page".to_string(), "10".to_string()),
                ("q".to_string(), "<file".to_string()),
                ("a".to_string(), "b=c".to_string())
            ]
        );
    }

    #[test]
    fn a_multipart_boundary_never_occurs_in_the_data() {
        let fields = vec![(
            "script".to_string(),
            FieldValue::Upload {
                file_name: "a\"b.sh".into(),
                data: b"echo hi".to_vec(),
            },
        )];
        let body = multipart(&fields);
        let boundary = body.content_type.split("boundary=").nth(1).unwrap();
        let text = String::from_utf8(body.bytes.clone()).unwrap();
        assert!(text.contains("filename=\"a\\\"b.sh\""), "{text}");
        assert_eq!(text.matches(boundary).count(), 2, "{text}");
        assert!(text.ends_with(&format!("--{boundary}--\r\n")));
    }
}
