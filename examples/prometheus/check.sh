#!/usr/bin/env bash
# Checks the example Prometheus files in this folder: the scrape config, the
# alert rules, and the rules' unit tests. Exits non-zero if any check fails or
# promtool is missing. Usage: examples/prometheus/check.sh (from anywhere).
#
# promtool comes with Debian's `prometheus` package; set PROMTOOL to use
# another binary.
set -euo pipefail
cd "$(dirname "$0")"

promtool="${PROMTOOL:-promtool}"
if ! command -v "$promtool" >/dev/null 2>&1; then
    echo "check.sh: '$promtool' not found; install Debian's prometheus package (apt-get install prometheus) or set PROMTOOL" >&2
    exit 127
fi

"$promtool" --version 2>&1 | head -n 1

# The config check also checks the rule files it lists. It does not read
# password_file, so no password is needed here.
"$promtool" check config prometheus.yml
"$promtool" check rules fleet-alerts.yml
"$promtool" test rules fleet-alerts.test.yml

echo "check.sh: all Prometheus checks passed"
