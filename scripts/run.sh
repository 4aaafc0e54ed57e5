#!/usr/bin/env bash
# The README's first command: set up and run the embedded default
# (SQLite under var/, Celery in process, console mail, demo data).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/venv.sh
mkdir -p var
export DJANGO_SETTINGS_MODULE=pqr_portal.settings
# The es-CO translations (locale/*.po) are compiled here, never committed (.gitignore).
.venv/bin/python manage.py compilemessages --ignore=.venv --ignore=var -v0 \
    || echo "WARNING: install gettext (msgfmt) for the Colombian date and label translations" >&2
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py seed_demo
.venv/bin/python manage.py check_terms || true
echo ">> PQR Portal en http://127.0.0.1:8000/  (Ctrl+C para detener)"
exec .venv/bin/python manage.py runserver 127.0.0.1:8000
