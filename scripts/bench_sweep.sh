#!/usr/bin/env bash
# Benchmark: the terms sweep over N open terms on a throwaway PostgreSQL.
# usage: scripts/bench_sweep.sh [terms=1000000]
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/venv.sh dev >/dev/null || exit 1
PY=.venv/bin/python
. scripts/services.sh
trap stop_services EXIT INT TERM
start_services || exit 1
export DJANGO_SETTINGS_MODULE=pqr_portal.settings_test
$PY manage.py migrate -v0 || exit 1
$PY manage.py bench_sweep --terms "${1:-1000000}" --assignees 2000 --no-explain --allow-production
