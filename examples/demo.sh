#!/usr/bin/env bash
# The main job end to end against the bundled Fleet-compatible server:
# config set -> login -> debug archive, with a throwaway config; the archive lands in the
# current directory and its listing is printed.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cargo build --quiet --manifest-path "$repo/Cargo.toml" --bin fleetctl --example fleet_dev_server
# Wherever cargo puts its builds (CARGO_TARGET_DIR or build.target-dir may move them).
target_dir=$(cargo metadata --format-version 1 --no-deps --manifest-path "$repo/Cargo.toml" |
    sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
bin="${target_dir:-$repo/target}/debug"
fleetctl="$bin/fleetctl"

work=$(mktemp -d)
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
export FLEETCTL_CONFIG="$work/config.toml"
unset FLEETCTL_CONTEXT FLEETCTL_TOKEN

"$bin/examples/fleet_dev_server" --listen 127.0.0.1:0 >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 1 100); do
    grep -q '^listening on ' "$work/server.out" 2>/dev/null && break
    sleep 0.1
done
url=$(sed -n 's/^listening on //p' "$work/server.out")
[ -n "$url" ] || { echo "the dev server did not start:" >&2; cat "$work/server.err" >&2; exit 1; }
echo "dev server: $url" >&2

set -x
"$fleetctl" config set --context demo --address "$url"
printf '%s' 'admin-password-1!' | "$fleetctl" login --context demo --email admin@example.com --password-stdin
archive=$("$fleetctl" debug archive --context demo --profile-seconds "${PROFILE_SECONDS:-5}")
tar -tzvf "$archive"
