//! Running the binary in an isolated home: its own config file and working directory.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

pub struct Sandbox {
    pub dir: TempDir,
    pub config: PathBuf,
    pub work: PathBuf,
}

impl Sandbox {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let config = dir.path().join("cfg").join("fleetctl").join("config.toml");
        let work = dir.path().join("work");
        std::fs::create_dir_all(&work).unwrap();
        Sandbox { dir, config, work }
    }

    /// `fleetctl` with this sandbox's config, run in its work folder, with a clean environment.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("fleetctl").expect("binary");
        for var in [
            "FLEETCTL_CONTEXT",
            "FLEETCTL_TOKEN",
            "FLEETCTL_DEBUG",
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "ALL_PROXY",
            "http_proxy",
            "https_proxy",
            "all_proxy",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("FLEETCTL_CONFIG", &self.config)
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("xdg"))
            .current_dir(&self.work);
        cmd
    }

    /// `config set --context NAME --address URL`, which must succeed.
    pub fn add_context(&self, name: &str, url: &str) {
        self.cmd()
            .args(["config", "set", "--context", name, "--address", url])
            .assert()
            .success();
    }

    pub fn config_text(&self) -> String {
        std::fs::read_to_string(&self.config).unwrap_or_default()
    }

    pub fn config_toml(&self) -> toml::Table {
        self.config_text().parse().expect("config parses")
    }

    /// Files in the work folder (names only), sorted.
    pub fn work_files(&self) -> Vec<String> {
        list(&self.work)
    }
}

/// Members of a .tar.gz: name -> (mode, bytes).
pub fn read_archive(path: &Path) -> BTreeMap<String, (u32, Vec<u8>)> {
    let file = std::fs::File::open(path).unwrap();
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut members = BTreeMap::new();
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        let name = entry.path().unwrap().to_string_lossy().into_owned();
        let mode = entry.header().mode().unwrap();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).unwrap();
        members.insert(name, (mode, bytes));
    }
    members
}

pub fn list(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

pub fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
