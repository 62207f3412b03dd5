#!/usr/bin/env bash
# A CI job against a Fleet server with fleetctl-rs: store the token from a secret without putting
# it on a command line, check the server's version and health, and take a debug archive (kept as
# a build artifact) when health fails.
#
# Needs, from the CI's secret store and settings:
#   FLEET_URL        e.g. https://fleet.example.com
#   FLEET_API_TOKEN  an API-only user's token (a global admin for the debug archive; an
#                    unrestricted one: recent servers refuse /debug/ to allowlisted users)
# Optional: FLEETCTL (the binary, default `fleetctl`), ARTIFACTS_DIR (default .),
#           FLEET_PROFILE_SECONDS (CPU profile length in the archive, default 30).
#
# Exit code: 0 healthy, else fleetctl's (3 unhealthy, 4 bad token, 5 unreachable).
set -euo pipefail

fleetctl=${FLEETCTL:-fleetctl}
context=ci

# A throwaway config for this job unless the runner already set one: nothing outlives the job.
if [[ -z ${FLEETCTL_CONFIG:-} ]]; then
    FLEETCTL_CONFIG="$(mktemp -d)/config.toml"
    export FLEETCTL_CONFIG
fi

# 1. The token goes through a pipe: never in argv (ps, /proc) or the job log. (Alternatively,
#    export FLEETCTL_TOKEN="$FLEET_API_TOKEN" and skip --token-stdin.)
printf %s "$FLEET_API_TOKEN" |
    "$fleetctl" config set --context "$context" --address "$FLEET_URL" --token-stdin

# 2. Which server is this? `fleetctl api` calls any REST path with the context's token.
version_json=$("$fleetctl" api --context "$context" version)
echo "Fleet server version: $(printf '%s' "$version_json" | grep -o '"version": *"[^"]*"' | cut -d'"' -f4)"

# 3. Health; 4. a debug archive for Fleet's support engineers when it fails.
status=0
"$fleetctl" health --context "$context" || status=$?
if [[ $status -ne 0 ]]; then
    echo "Fleet is unhealthy (exit $status): taking a debug archive" >&2
    "$fleetctl" debug archive --context "$context" -o "${ARTIFACTS_DIR:-.}" \
        --profile-seconds "${FLEET_PROFILE_SECONDS:-30}" || true
fi
exit "$status"
