//! Writes a `debug archive`-shaped tar.gz of synthetic profiles, no servers needed: for the
//! report's screenshot (examples/report_screenshot.sh) and for trying `debug inspect --html`.
//! `cargo run --example synthetic_archive -- OUT.tar.gz SERVERS INTERVALS`
// Test and tool code prints directly; the clippy.toml print rule guards the library.
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

#[path = "../tests/support/mod.rs"]
mod support;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(out), servers, intervals) = (
        args.first(),
        args.get(1).and_then(|s| s.parse().ok()).unwrap_or(3),
        args.get(2).and_then(|s| s.parse().ok()).unwrap_or(0),
    ) else {
        eprintln!("usage: synthetic_archive OUT.tar.gz [SERVERS [INTERVALS]]");
        std::process::exit(2);
    };
    let path = std::path::Path::new(out);
    let root = path
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_suffix(".tar.gz"))
        .unwrap_or("archive");
    support::synthetic_archive::write(path, root, servers, intervals);
    println!("{out}: {servers} servers, {intervals} intervals");
}
