//! The output contract: a `--json` command prints JSON on stdout for its failures too, with
//! the same exit code and the `error:` line on stderr.

use crate::harness::{Sandbox, assert_exit, json_stdout, stderr_of};

#[test]
fn json_commands_print_json_for_their_errors() {
    let sb = Sandbox::with_context("a", "https://fleet.example.com");
    for args in [
        &["whoami", "--json", "--context", "nope"][..],
        &["config", "get", "--json", "--context", "nope"],
        &["debug", "migrations", "--json", "--context", "nope"],
        &["debug", "connection", "--json", "--context", "nope"],
        &["health", "--json", "--context", "nope"],
    ] {
        let out = sb.cmd().args(args).output().unwrap();
        assert_exit(&out, 1);
        let v = json_stdout(&out);
        assert_eq!(v["exit_code"], 1, "{args:?}: {v}");
        assert!(
            v["error"]
                .as_str()
                .unwrap()
                .contains("context `nope` does not exist"),
            "{args:?}: {v}"
        );
        assert!(v["hint"].is_string(), "{args:?}: {v}");
        assert!(stderr_of(&out).starts_with("error: "), "{args:?}");
    }
    // Usage errors found after parsing are JSON too.
    let out = sb
        .cmd()
        .args(["whoami", "--json", "--context", "a", "--context", "b"])
        .output()
        .unwrap();
    assert_exit(&out, 2);
    assert_eq!(json_stdout(&out)["exit_code"], 2);
    // Without --json, stdout stays empty.
    let out = sb
        .cmd()
        .args(["whoami", "--context", "nope"])
        .output()
        .unwrap();
    assert_exit(&out, 1);
    assert!(out.stdout.is_empty());
}
