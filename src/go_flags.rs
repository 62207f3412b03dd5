//! Single-dash long flags, as Go's flag package accepts them (`-context x`, `-address=URL`):
//! rewritten to `--context x`, `--address=URL` before clap parses the command line. Only the
//! long names the Go fleetctl has are rewritten; short flags (`-o`, `-v`, `-X`, `-F`, ...) are
//! never touched, nor is a flag's value (`-F -context` keeps `-context` as the value), nor
//! anything after `--`.

use std::collections::BTreeSet;
use std::ffi::OsString;

/// The Go fleetctl's long flag names for the commands this tool shares with it.
pub const GO_LONG_FLAGS: [&str; 20] = [
    "config",
    "context",
    "debug",
    "address",
    "email",
    "token",
    "tls-skip-verify",
    "rootca",
    "url-prefix",
    "custom-header",
    "password",
    "outfile",
    "stdout",
    "flush",
    "fleet-certificate",
    "field",
    "header",
    "json",
    "help",
    "version",
];

/// Which flags of the command tree take a value: long names and short letters.
struct ValueFlags {
    long: BTreeSet<String>,
    short: BTreeSet<char>,
    known_long: BTreeSet<String>,
}

impl ValueFlags {
    fn of(command: &clap::Command) -> Self {
        let mut flags = ValueFlags {
            long: BTreeSet::new(),
            short: BTreeSet::new(),
            known_long: BTreeSet::new(),
        };
        flags.collect(command);
        flags
    }

    fn collect(&mut self, command: &clap::Command) {
        for arg in command.get_arguments() {
            let takes_value = arg.get_action().takes_values()
                && arg.get_num_args().is_none_or(|n| n.min_values() > 0);
            let longs = arg
                .get_long()
                .into_iter()
                .chain(arg.get_all_aliases().unwrap_or_default());
            for long in longs {
                self.known_long.insert(long.to_string());
                if takes_value {
                    self.long.insert(long.to_string());
                }
            }
            let shorts = arg
                .get_short()
                .into_iter()
                .chain(arg.get_all_short_aliases().unwrap_or_default());
            for short in shorts {
                if takes_value {
                    self.short.insert(short);
                }
            }
        }
        for sub in command.get_subcommands() {
            self.collect(sub);
        }
    }
}

/// Whether any argument could be a single-dash long flag (`-name...`): only then is the
/// command tree built to rewrite them, so start-up stays as fast as before for the rest.
pub fn may_need_rewrite(args: &[OsString]) -> bool {
    args.iter().skip(1).any(|arg| {
        arg.to_str().is_some_and(|text| {
            let name = text.strip_prefix('-').unwrap_or_default();
            let name = name.split_once('=').map_or(name, |(n, _)| n);
            GO_LONG_FLAGS.contains(&name)
        })
    })
}

/// argv with the Go client's single-dash long flags written with two dashes.
pub fn rewrite(command: &clap::Command, args: impl IntoIterator<Item = OsString>) -> Vec<OsString> {
    let flags = ValueFlags::of(command);
    let mut out = Vec::new();
    let mut args = args.into_iter();
    out.extend(args.next());
    let mut value_expected = false;
    let mut rest_verbatim = false;
    for arg in args {
        // `--` ends the options even where a value was expected (no value is `--`).
        if rest_verbatim || arg == "--" {
            rest_verbatim = true;
            out.push(arg);
            continue;
        }
        if std::mem::take(&mut value_expected) {
            out.push(arg);
            continue;
        }
        let Some(text) = arg.to_str() else {
            out.push(arg);
            continue;
        };
        if let Some(long) = text.strip_prefix("--") {
            value_expected = !long.contains('=') && flags.long.contains(long);
        } else if let Some(body) = text.strip_prefix('-').filter(|b| !b.is_empty()) {
            let name = body.split_once('=').map_or(body, |(n, _)| n);
            if name.len() > 1 && GO_LONG_FLAGS.contains(&name) && flags.known_long.contains(name) {
                value_expected = !body.contains('=') && flags.long.contains(name);
                out.push(OsString::from(format!("-{text}")));
                continue;
            }
            // A short flag (or a cluster ending in one) whose value is the next argument.
            value_expected = body.chars().count() == 1
                && body
                    .chars()
                    .next()
                    .is_some_and(|c| flags.short.contains(&c));
        }
        out.push(arg);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn run(line: &str) -> String {
        let args = std::iter::once("fleetctl")
            .chain(line.split(' '))
            .map(OsString::from);
        let out = rewrite(&crate::cli::Cli::command(), args);
        out[1..]
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn go_long_flags_get_two_dashes_and_nothing_else_changes() {
        assert_eq!(
            run("-context prod debug archive"),
            "--context prod debug archive"
        );
        assert_eq!(
            run("config set -address=https://x -tls-skip-verify=false -custom-header A:b"),
            "config set --address=https://x --tls-skip-verify=false --custom-header A:b"
        );
        assert_eq!(
            run("debug heap -outfile h.prof"),
            "debug heap --outfile h.prof"
        );
        assert_eq!(
            run("debug errors -stdout -flush"),
            "debug errors --stdout --flush"
        );
        // Short flags and their values are left alone, also values that look like Go flags.
        assert_eq!(run("debug heap -o -context"), "debug heap -o -context");
        assert_eq!(
            run("api -X POST -F -debug -H -header -f -email=x -i hosts"),
            "api -X POST -F -debug -H -header -f -email=x -i hosts"
        );
        assert_eq!(run("-v"), "-v");
        assert_eq!(
            run("--context -context whoami"),
            "--context -context whoami"
        );
        assert_eq!(run("-context=-debug whoami"), "--context=-debug whoami");
        // Names the Go client does not have, and everything after --, stay.
        assert_eq!(run("health -all-contexts"), "health -all-contexts");
        assert_eq!(run("api -- -context"), "api -- -context");
        assert_eq!(run("debug profile -seconds 5"), "debug profile -seconds 5");
    }

    proptest::proptest! {
        /// Whatever the argv: only single-dash Go long names gain a dash, nothing else
        /// changes, nothing after `--` changes, and a second rewrite changes nothing.
        #[test]
        fn only_go_long_names_gain_a_dash(words in proptest::collection::vec(
            proptest::sample::select(vec![
                "-context", "-context=a", "--context", "-config", "-o", "-v", "-X", "-F",
                "-H", "-f", "-i", "--", "-", "x", "api", "debug", "heap", "-outfile",
                "-debug", "-address=https://a", "-stdout", "-seconds", "-all-contexts",
                "--seconds", "-json", "config", "set", "-tls-skip-verify=false",
            ]),
            0..12,
        )) {
            let command = crate::cli::Cli::command();
            let args: Vec<OsString> = std::iter::once("fleetctl")
                .chain(words.iter().copied())
                .map(OsString::from)
                .collect();
            let out = rewrite(&command, args.clone());
            proptest::prop_assert_eq!(out.len(), args.len());
            let mut after_separator = false;
            for (before, after) in args.iter().zip(&out).skip(1) {
                let (before, after) = (before.to_str().unwrap(), after.to_str().unwrap());
                if after_separator {
                    proptest::prop_assert_eq!(before, after);
                }
                if before != after {
                    proptest::prop_assert_eq!(after, format!("-{before}"));
                    let name = before[1..].split('=').next().unwrap();
                    proptest::prop_assert!(GO_LONG_FLAGS.contains(&name), "{}", before);
                }
                after_separator |= before == "--" && after == "--";
            }
            proptest::prop_assert_eq!(rewrite(&command, out.clone()), out);
        }
    }
}
