#!/usr/bin/env bash
# The README's run command: sets up the workspace, builds it and starts the runtime on embedded defaults
# (in-memory bus, embedded database, in-process discovery, cache and secrets: no external service).
set -euo pipefail
cd "$(dirname "$0")/../.."
export TURBO_TELEMETRY_DISABLED=1
bash tooling/scripts/setup.sh
pnpm exec turbo run build --output-logs=errors-only
exec node apps/runtime/dist/main.js "$@"
