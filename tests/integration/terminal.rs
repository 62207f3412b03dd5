//! What a real terminal shows: hostile text run under tmux (a pseudo-terminal of a fixed size),
//! with every byte fleetctl wrote to the terminal recorded (`pipe-pane`) and the screen captured
//! (`capture-pane -e`). No raw escape sequence of a server or a hand-edited file reaches the
//! terminal, progress lines included: only the escaped form (`\x1b[2J`) and fleetctl's own
//! cursor movements.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::harness::Sandbox;
use crate::support::dev_server::{self as srv, DevServer, DevServerConfig, Fault};

/// What the terminal received and showed for one command.
struct Screen {
    /// Every byte written to the terminal, as written.
    raw: Vec<u8>,
    /// The visible screen at the end (`capture-pane -e -J`: attributes as escape sequences).
    visible: String,
    /// The window title at the end.
    title: String,
    /// The command's exit code.
    exit: i32,
}

/// A private tmux server (its own socket in the sandbox), killed when dropped.
struct Tmux {
    socket: PathBuf,
}

impl Tmux {
    fn command(&self) -> Command {
        let mut cmd = Command::new("tmux");
        cmd.arg("-S").arg(&self.socket).args(["-f", "/dev/null"]);
        cmd
    }

    fn run(&self, args: &[&str]) -> String {
        let out = self.command().args(args).output().unwrap();
        assert!(out.status.success(), "tmux {args:?}: {out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.command().arg("kill-server").output();
    }
}

/// Runs `fleetctl ARGS` in a 160x50 tmux pane with the sandbox's environment. `None` when
/// tmux is missing outside CI (said on stderr); under CI (CI=true) a missing tmux fails.
fn in_tmux(sb: &Sandbox, args: &[&str]) -> Option<Screen> {
    if let Err(e) = Command::new("tmux").arg("-V").output() {
        assert!(
            std::env::var_os("CI").is_none(),
            "tmux is needed for the terminal tests under CI: {e}"
        );
        eprintln!("skipped: cannot run tmux for a terminal test: {e}");
        return None;
    }
    // Each run its own folder and tmux server, so runs never meet a server still exiting.
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = &sb.dir.path().join(format!("tty-{run}"));
    std::fs::create_dir_all(dir).unwrap();
    let (go, done, raw) = (dir.join("go"), dir.join("done"), dir.join("raw"));
    let binary = assert_cmd::cargo::cargo_bin("fleetctl");
    let quoted: Vec<String> = std::iter::once(binary.to_string_lossy().into_owned())
        .chain(args.iter().map(|a| a.to_string()))
        .map(|a| format!("'{}'", a.replace('\'', r"'\''")))
        .collect();
    // The command waits until the pane is recorded, leaves a line that a clear screen would
    // erase, and stays open after it ends so the screen can be read.
    let script = format!(
        "while [ ! -e '{go}' ]; do sleep 0.05; done\nprintf 'BEFORE-MARK\\n'\n{cmd}\necho $? > '{done}.tmp' && mv '{done}.tmp' '{done}'\nexec sleep 600\n",
        go = go.display(),
        done = done.display(),
        cmd = quoted.join(" "),
    );
    let script_path = dir.join("terminal.sh");
    std::fs::write(&script_path, script).unwrap();
    let tmux = Tmux {
        socket: dir.join("tmux.sock"),
    };
    let mut start = tmux.command();
    sb.isolate(&mut start)
        .env("TERM", "xterm-256color")
        .args(["new-session", "-d", "-x", "160", "-y", "50", "-s", "t"])
        .arg(format!("sh '{}'", script_path.display()));
    let started = start.output().unwrap();
    assert!(started.status.success(), "tmux new-session: {started:?}");
    tmux.run(&["set-option", "-t", "t", "allow-rename", "on"]);
    tmux.run(&[
        "pipe-pane",
        "-o",
        "-t",
        "t",
        &format!("cat >> '{}'", raw.display()),
    ]);
    std::fs::write(&go, "").unwrap();
    let exit = wait_for(&done, &tmux);
    // The recording pipe gets the last bytes through tmux: wait for the exit line's echo.
    let raw_bytes = wait_for_bytes(&raw);
    let visible = tmux.run(&["capture-pane", "-p", "-e", "-J", "-t", "t"]);
    let title = tmux.run(&["display-message", "-p", "-t", "t", "#{pane_title}"]);
    Some(Screen {
        raw: raw_bytes,
        visible,
        title: title.trim_end().to_string(),
        exit,
    })
}

fn wait_for(done: &Path, tmux: &Tmux) -> i32 {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if let Ok(code) = std::fs::read_to_string(done) {
            return code.trim().parse().unwrap();
        }
        if Instant::now() > deadline {
            let screen = tmux.run(&["capture-pane", "-p", "-t", "t"]);
            panic!("the command did not end in the terminal:\n{screen}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The recording once it holds the marker line, which comes before the command's output.
fn wait_for_bytes(raw: &Path) -> Vec<u8> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let bytes = std::fs::read(raw).unwrap_or_default();
        if (bytes.windows(11).any(|w| w == b"BEFORE-MARK") && !bytes.ends_with(b"BEFORE-MARK"))
            || Instant::now() > deadline
        {
            return bytes;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The raw bytes without fleetctl's own cursor control (`ESC[nA/B/C/D`, `ESC[2K`): what is
/// left must hold no escape, bell or C1 control at all.
fn without_cursor_control(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i..].starts_with(b"\x1b[") {
            let digits = raw[i + 2..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            if let Some(&end) = raw.get(i + 2 + digits)
                && (b"ABCD".contains(&end) || (end == b'K' && &raw[i + 2..i + 2 + digits] == b"2"))
            {
                i += 3 + digits;
                continue;
            }
        }
        out.push(raw[i]);
        i += 1;
    }
    out
}

#[track_caller]
fn assert_terminal_clean(what: &str, screen: &Screen) {
    let left = without_cursor_control(&screen.raw);
    let text = String::from_utf8_lossy(&left);
    assert!(
        !left.contains(&0x1b),
        "{what}: a raw escape reached the terminal: {text:?}"
    );
    assert!(
        !left.contains(&0x07),
        "{what}: a raw bell reached the terminal: {text:?}"
    );
    assert!(
        !text.contains('\u{9b}'),
        "{what}: a raw CSI reached the terminal: {text:?}"
    );
    assert!(
        !screen.visible.contains('\x1b'),
        "{what}: the screen holds attributes set by someone else: {:?}",
        screen.visible
    );
    assert!(
        screen.visible.contains("BEFORE-MARK"),
        "{what}: the screen was cleared:\n{}",
        screen.visible
    );
    assert_ne!(screen.title, "owned", "{what}: the window was retitled");
}

/// A server whose 500 answer holds a screen clear, a window title (OSC) and a bell: at a
/// terminal, the progress lines and the messages show it escaped, and the echoed token masked.
#[test]
fn a_hostile_error_text_is_shown_escaped_at_a_real_terminal() {
    let server = DevServer::start(
        DevServerConfig::default()
            .with_fault("/debug/pprof/heap", Fault::EchoAuth(500))
            .with_fault("/debug/pprof/goroutine", Fault::EchoAuth(500)),
    );
    let sb = Sandbox::with_context("a", &server.url);
    sb.store_token("a", srv::API_ONLY_ADMIN_TOKEN);
    let Some(screen) = in_tmux(
        &sb,
        &[
            "debug",
            "archive",
            "--context",
            "a",
            "--profile-seconds",
            "1",
        ],
    ) else {
        return;
    };
    assert_eq!(screen.exit, 3, "{}", screen.visible);
    assert_terminal_clean("debug archive", &screen);
    let raw = String::from_utf8_lossy(&screen.raw);
    assert!(raw.contains(r"\x1b[2J"), "shown escaped: {raw:?}");
    assert!(raw.contains(r"\x1b]0;owned\x07"), "shown escaped: {raw:?}");
    assert!(
        !raw.contains(srv::API_ONLY_ADMIN_TOKEN),
        "the echoed token reached the terminal"
    );
    assert!(screen.visible.contains(r"\x1b[2J"), "{}", screen.visible);
}

/// A context name from a hand-edited file with a newline, a screen clear and a window title:
/// every message naming it shows it escaped, on one line.
#[test]
fn a_hostile_context_name_is_shown_escaped_at_a_real_terminal() {
    let sb = Sandbox::new();
    let name = "evil\u{1b}]0;owned\u{7}\u{1b}[2J\nname";
    let toml_name = serde_json::to_string(name).unwrap();
    sb.write_config(format!(
        "current-context = {toml_name}\n[contexts.{toml_name}]\naddress = \"http://127.0.0.1:9\"\ntoken = \"tok-hostile-0123456789\"\n"
    ));
    for args in [
        &["whoami"][..],
        &["config", "get"],
        &["config", "get-contexts"],
    ] {
        let Some(screen) = in_tmux(&sb, args) else {
            return;
        };
        assert_terminal_clean(&format!("{args:?}"), &screen);
        let raw = String::from_utf8_lossy(&screen.raw);
        // Escaped as `\x1b` by the printer, or as `\u{1b}` where the name is quoted as invalid.
        assert!(
            raw.contains(r"\x1b[2J") || raw.contains(r"\u{1b}[2J"),
            "{args:?} shown escaped: {raw:?}"
        );
        if args == ["whoami"] {
            assert!(
                raw.contains(r"[2J\nname"),
                "the name in a message stays on one line: {raw:?}"
            );
        }
        assert!(
            !raw.contains("tok-hostile-0123456789"),
            "{args:?} showed the token"
        );
    }
}
