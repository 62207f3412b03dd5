#!/usr/bin/env bash
# Regenerates examples/report-screenshot.png, the README's picture of a `debug inspect --html` report:
# a synthetic archive of 3 servers x 4 intervals (examples/synthetic_archive.rs, no servers
# needed), its report, and headless Chromium's screenshot of it (Debian: apt-get install chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome) || {
    echo "error: no chromium on PATH" >&2
    echo "hint: apt-get install chromium" >&2
    exit 1
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo run -q --example synthetic_archive -- "$work/fleet-lab.tar.gz" 3 4
cargo run -q --bin fleetctl -- debug inspect "$work/fleet-lab.tar.gz" --html "$work/report.html"
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,2150 \
    --virtual-time-budget=5000 --user-data-dir="$work/chromium" \
    --screenshot="$PWD/examples/report-screenshot.png" "file://$work/report.html" 2>/dev/null
echo "wrote examples/report-screenshot.png"
