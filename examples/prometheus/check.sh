#!/usr/bin/env bash
# Checks and unit-tests the example alert rules with promtool (Debian's prometheus package).
set -euo pipefail
cd "$(dirname "$0")"
promtool check rules fleet-alerts.yml
promtool test rules fleet-alerts.test.yml
