#!/usr/bin/env bash
# npm test: lint, typecheck, then the unit, integration and system suites. Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true TZ=UTC
step() { printf '\n== %s ==\n' "$1"; }

step "project graph (for the module-boundary rule)"
npx nx show projects >/dev/null
step "lint"
npx eslint .
step "compose file (docker-compose config)"
if command -v docker-compose >/dev/null; then
  SITREP_ADMIN_TOKEN=compose-check-token-0123456789 docker-compose -f docker/compose.yaml config -q && echo "docker/compose.yaml is valid"
else
  echo "docker-compose is not installed: compose file not validated here (.ci/run installs it)"
fi
step "typecheck"
npx tsc -p tsconfig.json --noEmit
step "unit tests"
npx jest --selectProjects unit
step "integration tests (PostgreSQL at ${TEST_POSTGRES_URL:-127.0.0.1:5432}, NATS at ${TEST_NATS_URL:-127.0.0.1:4222})"
npx jest --selectProjects integration --runInBand
step "system tests (the apps as processes)"
npx jest --selectProjects system --runInBand
