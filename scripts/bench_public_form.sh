#!/usr/bin/env bash
# Benchmark: how many PQRs per second the public form files on this machine,
# with gunicorn + PostgreSQL + Redis (broker) as in production, and whether every
# radicado is distinct and gap-free. Receipts are queued for Celery workers
# (not running here: in production they live on their own processes or machines).
# usage: scripts/bench_public_form.sh [seconds] [clients] [gunicorn workers]
set -uo pipefail
cd "$(dirname "$0")/.."
SECONDS_RUN=${1:-20}; CLIENTS=${2:-12}; WORKERS=${3:-4}
scripts/venv.sh dev >/dev/null || exit 1
PY=.venv/bin/python
. scripts/services.sh
gpid=""
cleanup() { [ -n "$gpid" ] && kill "$gpid" 2>/dev/null; wait "$gpid" 2>/dev/null; stop_services; }
trap cleanup EXIT INT TERM
start_services || exit 1
export DJANGO_SETTINGS_MODULE=pqr_portal.settings DJANGO_DEBUG=false DJANGO_SECURE_SSL_REDIRECT=false
export DJANGO_SECRET_KEY="bench-$(openssl rand -hex 30)" DJANGO_ALLOWED_HOSTS=127.0.0.1
export PQR_PUBLIC_RATE_LIMIT="100000000/h" DJANGO_LOG_LEVEL=WARNING
$PY manage.py migrate -v0 && $PY manage.py collectstatic --noinput -v0 || exit 1
MUNI=$($PY manage.py shell -c "from intake.models import Municipality as M; print(M.objects.get(dane_code='08001').pk)" | tail -1)
PORT=$($PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
.venv/bin/gunicorn pqr_portal.wsgi:application --bind 127.0.0.1:$PORT --workers "$WORKERS" \
    --log-level warning ${GUNICORN_EXTRA:-} > "$work/gunicorn.log" 2>&1 &
gpid=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
echo ">> warm-up"; $PY benchmarks/public_form_load.py --port "$PORT" --seconds 3 --clients 4 --municipality "$MUNI" >/dev/null
echo ">> $SECONDS_RUN s, $CLIENTS clients, $WORKERS gunicorn workers, nproc=$(nproc)"
$PY benchmarks/public_form_load.py --port "$PORT" --seconds "$SECONDS_RUN" --clients "$CLIENTS" \
    --municipality "$MUNI" > "$work/result.json" || { tail "$work/gunicorn.log"; exit 1; }
$PY - "$work/result.json" <<'PYEOF'
import json, os, sys
import django
django.setup()
from intake.models import Case
r = json.load(open(sys.argv[1]))
rads = r.pop("radicados")
numbers = sorted(int(x.rsplit("-", 1)[-1]) for x in Case.objects.values_list("radicado", flat=True))
gapfree = numbers == list(range(1, len(numbers) + 1))
r["distinct_radicados_returned"] = len(set(rads))
r["cases_in_db"] = len(numbers)
r["gap_free_consecutive"] = gapfree
print(json.dumps(r, indent=2))
ok = gapfree and len(set(rads)) == len(rads) and r["errors"] == 0
sys.exit(0 if ok else 1)
PYEOF
