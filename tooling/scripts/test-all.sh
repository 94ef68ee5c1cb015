#!/usr/bin/env bash
# The README's test command: installs dependencies, starts every service the tests need, builds, type-checks, lints,
# checks the layering and runs every test (unit, integration against the real services, tooling tests).
set -euo pipefail
cd "$(dirname "$0")/../.."
started=$(date +%s)
export TURBO_TELEMETRY_DISABLED=1
bash tooling/scripts/setup.sh
bash tooling/services/services.sh start

# Where the integration tests find the real services (the defaults the test helpers use too).
export ONEX_TEST_KAFKA_BROKERS=${ONEX_TEST_KAFKA_BROKERS:-127.0.0.1:9092}
export ONEX_TEST_POSTGRES_URL=${ONEX_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}
export ONEX_TEST_VALKEY_URL=${ONEX_TEST_VALKEY_URL:-redis://127.0.0.1:6379}
export KAFKAJS_NO_PARTITIONER_WARNING=1

rm -rf packages/*/.vitest apps/*/.vitest tooling/*/.vitest
status=0
pnpm exec turbo run build typecheck lint depcruise test --concurrency=2 --continue || status=$?
# Generated contract models must match their contracts (fails when a contract changed without `pnpm onex codegen`).
pnpm run -s codegen:check || status=$?
node tooling/scripts/summarize-tests.mjs || status=1
echo "test:all finished in $(( $(date +%s) - started ))s (exit $status)"
exit $status
