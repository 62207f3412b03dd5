//! The committed completion scripts must match what the binary prints.
//! Regenerate with: FLEETCTL_UPDATE_COMPLETIONS=1 cargo test completions

use crate::harness::{Sandbox, assert_stderr_contains};

const SHELLS: [(&str, &str); 5] = [
    ("bash", "fleetctl.bash"),
    ("zsh", "_fleetctl"),
    ("fish", "fleetctl.fish"),
    ("powershell", "_fleetctl.ps1"),
    ("elvish", "fleetctl.elv"),
];

#[test]
fn committed_completions_match_the_binary() {
    let sb = Sandbox::new();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let update = std::env::var_os("FLEETCTL_UPDATE_COMPLETIONS").is_some();
    let mut stale = Vec::new();
    for (shell, file) in SHELLS {
        let out = sb.cmd().args(["completion", shell]).output().unwrap();
        assert!(out.status.success(), "completion {shell}");
        assert!(!out.stdout.is_empty());
        let path = dir.join(file);
        if update {
            std::fs::write(&path, &out.stdout).unwrap();
        } else if std::fs::read(&path).ok().as_deref() != Some(&out.stdout[..]) {
            stale.push(file);
        }
    }
    assert!(
        stale.is_empty(),
        "completions/{stale:?} differ from `fleetctl completion`; regenerate with FLEETCTL_UPDATE_COMPLETIONS=1 cargo test completions"
    );
}

#[test]
fn man_prints_the_page_and_writes_one_per_subcommand() {
    let sb = Sandbox::new();
    let out = sb.cmd().arg("man").output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.starts_with(".ie \\n(.g"), "roff: {}", &page[..40]);
    assert!(page.contains(".TH fleetctl 1") && page.contains("fleetctl\\-debug(1)"));

    let out = sb.cmd().args(["man", "--dir", "pages"]).output().unwrap();
    assert!(out.status.success());
    let mut names: Vec<String> = std::fs::read_dir(sb.work.join("pages"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // One page per visible command of the tree, the top one included.
    fn count(cmd: &clap::Command) -> usize {
        1 + cmd
            .get_subcommands()
            .filter(|s| !s.is_hide_set() && s.get_name() != "help")
            .map(count)
            .sum::<usize>()
    }
    let tree = <fleetctl::cli::Cli as clap::CommandFactory>::command();
    assert_eq!(names.len(), count(&tree), "{names:?}");
    for name in [
        "fleetctl.1",
        "fleetctl-man.1",
        "fleetctl-debug-inspect.1",
        "fleetctl-config-set.1",
    ] {
        assert!(names.iter().any(|n| n == name), "{name} in {names:?}");
    }
    let inspect = std::fs::read_to_string(sb.work.join("pages/fleetctl-debug-inspect.1")).unwrap();
    assert!(inspect.contains("flamegraph") && inspect.contains(".TH fleetctl-debug-inspect 1"));
    assert_stderr_contains(&out, &format!("wrote {} manual pages", names.len()));
}
