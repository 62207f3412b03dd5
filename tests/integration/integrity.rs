//! `debug inspect ARCHIVE` checks every member against the manifest: one removed, one changed
//! (same size, other bytes; or another size) and one added are each named, exit 3; an
//! untouched archive reads clean, exit 0.

use std::path::Path;

use crate::harness::{Members, Sandbox, assert_exit, read_archive, stdout_of};
use crate::support::dev_server::{self as srv, DevServer, DevServerConfig};

/// A new `.tar.gz` at `path` holding `members` (name -> mode, bytes), directories for names
/// ending in `/`.
fn write_archive(path: &Path, members: &Members) {
    let file = std::fs::File::create(path).unwrap();
    let gz = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
    let mut tar = tar::Builder::new(gz);
    for (name, (mode, bytes)) in members {
        let mut header = tar::Header::new_gnu();
        header.set_mode(*mode);
        header.set_size(bytes.len() as u64);
        if name.ends_with('/') {
            header.set_entry_type(tar::EntryType::Directory);
        }
        tar.append_data(&mut header, name, &bytes[..]).unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap();
}

#[test]
fn inspect_names_missing_extra_and_altered_members() {
    let server = DevServer::start(DevServerConfig::default());
    let sb = Sandbox::with_context("a", &server.url);
    sb.store_token("a", srv::API_ONLY_ADMIN_TOKEN);
    assert_exit(&sb.archive(&["-o", "orig.tar.gz"]), 0);
    let original = sb.work.join("orig.tar.gz");

    let out = sb
        .cmd()
        .args(["debug", "inspect"])
        .arg(&original)
        .output()
        .unwrap();
    assert_exit(&out, 0);
    assert!(!stdout_of(&out).contains("\n! "), "{}", stdout_of(&out));

    let members = read_archive(&original);
    assert!(
        members.contains_key("orig/heap.prof"),
        "{:?}",
        members.keys()
    );
    let mut changed = members.clone();
    changed.remove("orig/goroutine.prof");
    let errors = &mut changed.get_mut("orig/errors.json").unwrap().1;
    let last = errors.len() - 2;
    errors[last] ^= 0x20; // same size, other bytes
    changed.get_mut("orig/cmdline.prof").unwrap().1.push(b'x');
    changed.insert("orig/notes.txt".into(), (0o600, b"added".to_vec()));
    let tampered = sb.work.join("tampered.tar.gz");
    write_archive(&tampered, &changed);

    let out = sb
        .cmd()
        .args(["debug", "inspect"])
        .arg(&tampered)
        .output()
        .unwrap();
    assert_exit(&out, 3);
    let text = stdout_of(&out);
    for line in [
        "! orig/goroutine.prof: missing (the manifest lists it)",
        "! orig/errors.json: altered (its SHA-256 differs from the manifest's)",
        "! orig/notes.txt: extra (not in the manifest)",
    ] {
        assert!(text.contains(line), "{line} in:\n{text}");
    }
    assert!(
        text.contains("! orig/cmdline.prof: altered (")
            && text.contains("bytes, the manifest says"),
        "{text}"
    );

    let out = sb
        .cmd()
        .args(["debug", "inspect", "--json"])
        .arg(&tampered)
        .output()
        .unwrap();
    assert_exit(&out, 3);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let problems = json["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 4, "{problems:?}");
}
