//! The committed completion scripts must match what the binary prints.
//! Regenerate with: FLEETCTL_UPDATE_COMPLETIONS=1 cargo test completions

use crate::harness::Sandbox;

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
