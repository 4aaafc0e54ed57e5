#!/usr/bin/env bash
# The README's second command: install what the tests need, start a throwaway
# PostgreSQL and Redis on 127.0.0.1, lint, check, and run the whole suite.
# usage: scripts/test.sh [pytest args...]
set -uo pipefail
cd "$(dirname "$0")/.."

need=()
for pkg in postgresql redis-server chromium chromium-driver libpango-1.0-0 libpangoft2-1.0-0 \
           libharfbuzz-subset0 fonts-dejavu-core poppler-utils gettext; do
    # Only what is missing: reinstalling would upgrade packages under our feet.
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
    echo ">> apt-get install ${need[*]}"
    if [ "$(id -u)" != 0 ]; then echo "ERROR: run as root to install: ${need[*]}" >&2; exit 1; fi
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
        || { echo "ERROR: apt-get install failed" >&2; exit 1; }
fi

scripts/venv.sh dev || exit 1
PY=.venv/bin/python
# The es-CO translations (locale/*.po) are compiled here, never committed (.gitignore).
DJANGO_SETTINGS_MODULE=pqr_portal.settings_test $PY manage.py compilemessages --ignore=.venv --ignore=var -v0 || exit 1

. scripts/services.sh
trap stop_services EXIT INT TERM
start_services || exit 1

export TEST_OUTPUT_DIR="${TEST_OUTPUT_DIR:-$PWD/var/test-output}"
mkdir -p "$TEST_OUTPUT_DIR"

status=0
if [ $# -eq 0 ]; then
    echo ">> [${SECONDS}s] ruff"
    .venv/bin/ruff check . || status=1
    echo ">> [${SECONDS}s] lint-imports (the layering contracts of pyproject.toml)"
    .venv/bin/lint-imports --no-cache >/dev/null || { .venv/bin/lint-imports --no-cache | tail -20; status=1; }
    echo ">> [${SECONDS}s] makemigrations --check"
    DJANGO_SETTINGS_MODULE=pqr_portal.settings_test $PY manage.py makemigrations --check --dry-run >/dev/null \
        || { echo "ERROR: models changed without migrations"; status=1; }
    echo ">> [${SECONDS}s] check --deploy (production shape)"
    DJANGO_SETTINGS_MODULE=pqr_portal.settings DJANGO_DEBUG=false DJANGO_SECRET_KEY="$(openssl rand -hex 40)" \
        DJANGO_ALLOWED_HOSTS=pqr.example.co SMTP_HOST=smtp.example.co \
        $PY manage.py check --deploy --fail-level WARNING || status=1
fi
# The suite runs in two parts, each on parallel workers (pytest-xdist; every worker gets
# its own test database from pytest-django and its own Redis databases from settings_test):
#  1. the browser journeys and the page walk in Chromium, on the real clock (Chromium and
#     PostgreSQL keep their own clocks anyway; the walk freezes the server at its NOW);
#  2. every other test with the clock of the test processes moved (tests/conftest.py
#     --clock: time-machine, ticking) to an instant where date bugs show, a different one
#     each day in turn (scripts/clock_instant.py: the eve of the next holiday at 23:30 in
#     Bogotá, 31 December 23:59, the last day of a month at 19:30 (00:30 UTC of the next),
#     a Saturday noon), so tests that only pass on some days or hours, and UTC/Bogotá date
#     slips, fail here and not on a holiday eve in production. Tests that freeze their own
#     clock nest inside it. `scripts/clock_instant.py --all` lists the instants.
#     SHIFTED_CLOCK=<ISO instant with offset> picks one, SHIFTED_CLOCK=off the real clock.
# With arguments (paths, -k, -m) both parts are one run of those arguments: on the real
# clock, then again on the moved clock unless SHIFTED_CLOCK=off.
# Fast lane (no Chromium journeys): scripts/test.sh -m "not browser"
WORKERS=(-n "${PYTEST_WORKERS:-auto}" --maxprocesses=8)
SHIFTED_CLOCK="${SHIFTED_CLOCK:-$($PY scripts/clock_instant.py)}" || exit 1

run_pytest() {  # run_pytest LABEL [pytest args...]
    local label=$1 rc
    shift
    echo ">> [${SECONDS}s] pytest ($label)"
    # live_server + Playwright run sync code in an event loop thread: allowed for tests only.
    DJANGO_ALLOW_ASYNC_UNSAFE=true $PY -m pytest "${WORKERS[@]}" "$@"
    rc=$?
    if [ $rc -eq 5 ]; then
        # pytest's "no tests collected": a wrong path or marker must not pass as green.
        echo "ERROR: pytest ($label) collected no tests" >&2
    elif [ $rc -ne 0 ]; then
        echo "ERROR: pytest ($label) failed with exit code $rc" >&2
    fi
    return $rc
}

record() { [ "$1" -ne 0 ] && status=$1; return 0; }
if [ $# -eq 0 ]; then
    run_pytest "browser, real clock" -m browser; record $?
    if [ "$SHIFTED_CLOCK" = off ]; then
        run_pytest "not browser, real clock" -m "not browser"; record $?
    else
        run_pytest "not browser, clock at $SHIFTED_CLOCK" --clock="$SHIFTED_CLOCK" -m "not browser"
        record $?
    fi
else
    run_pytest "real clock" "$@"; record $?
    if [ "$SHIFTED_CLOCK" != off ]; then
        run_pytest "clock at $SHIFTED_CLOCK" --clock="$SHIFTED_CLOCK" "$@"; record $?
    fi
fi
echo ">> [${SECONDS}s] done"
exit $status
