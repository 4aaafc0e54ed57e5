#!/usr/bin/env bash
# Benchmark: the reports pages and the landing pages over HTTP, as the issue measured them:
# gunicorn with 2 workers on the bench database, 8 concurrent clients with real sessions.
# Needs DATABASE_URL of a database prepared as in docs/benchmarks-reports.md (a million
# cases, the roll-up built, the attention snapshot fresh); leaves its data as it was
# (but for the bench users, their sessions and the bench team).
# usage: DATABASE_URL=postgres://... scripts/bench_reports_http.sh [seconds] [clients] [workers]
set -uo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-60}; CLIENTS=${2:-8}; WORKERS=${3:-2}
: "${DATABASE_URL:?set DATABASE_URL to the bench database}"
PY=.venv/bin/python
export DJANGO_SETTINGS_MODULE=pqr_portal.settings DJANGO_DEBUG=false DJANGO_SECURE_SSL_REDIRECT=false
export DJANGO_SECRET_KEY="${DJANGO_SECRET_KEY:-bench-$(openssl rand -hex 30)}" DJANGO_ALLOWED_HOSTS=127.0.0.1
export PQR_OTP_REQUIRED=false DJANGO_LOG_LEVEL=WARNING
# The run may outlast the attention snapshot's five minutes, and no beat refreshes it here.
export REPORTS_ATTENTION_MAX_AGE="${REPORTS_ATTENTION_MAX_AGE:-7200}"
work=$(mktemp -d /tmp/pqr-bench-http.XXXXXX)
gpid=""
cleanup() { [ -n "$gpid" ] && kill "$gpid" 2>/dev/null; wait "$gpid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT INT TERM
$PY manage.py collectstatic --noinput -v0 || exit 1
PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
.venv/bin/gunicorn pqr_portal.wsgi:application --bind 127.0.0.1:$PORT --workers "$WORKERS" \
    --log-level warning > "$work/gunicorn.log" 2>&1 &
gpid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
echo ">> $SECONDS_RUN s, $CLIENTS clients, $WORKERS gunicorn workers, nproc=$(nproc), $(uptime)"
$PY manage.py bench_reports --http "http://127.0.0.1:$PORT" --clients "$CLIENTS" \
    --seconds "$SECONDS_RUN" --skip-sui --allow-production || { tail -20 "$work/gunicorn.log"; exit 1; }
echo ">> done, $(uptime)"
