#!/usr/bin/env bash
# Create .venv with a Python 3.12+ interpreter and install the project.
# usage: scripts/venv.sh [dev]   (dev adds the test tools)
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
    local root candidates=()
    if command -v pyenv >/dev/null 2>&1; then root=$(pyenv root); else root="$HOME/.pyenv"; fi
    # The pyenv shim for python3.12 fails while the global version is 3.11,
    # so the interpreters are called by their full path.
    candidates+=($(ls -d "$root"/versions/3.12.*/bin/python 2>/dev/null | sort -V | tail -1))
    candidates+=($(ls -d "$root"/versions/3.13.*/bin/python 2>/dev/null | sort -V | tail -1))
    candidates+=(python3.12 python3.13 python3)
    for py in "${candidates[@]}"; do
        if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
            echo "$py"; return 0
        fi
    done
    return 1
}

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then
    if ! PY=$(find_python); then
        echo "ERROR: PQR Portal needs Python 3.12 or newer (Django 6)." >&2
        echo "Install one (e.g. 'pyenv install 3.12' or 'apt-get install python3.12') and retry." >&2
        exit 1
    fi
    echo ">> creating .venv with $PY"
    rm -rf .venv
    "$PY" -m venv .venv
    .venv/bin/pip install -q --upgrade pip
fi

# Dependencies come from the lock files (exact versions and sha256 hashes, written by
# scripts/lock.sh from pyproject.toml), installed with --require-hashes; then the project
# itself with --no-deps. The stamp holds the hash of what was installed: a changed lock
# file or pyproject.toml (a pull, a merge, a checkout) installs again.
extra=""
lock=requirements/lock.txt
if [ "${1:-}" = "dev" ]; then extra="[dev]"; lock=requirements/lock-dev.txt; fi
stamp=".venv/.installed${extra:+-dev}"
want=$(cat "$lock" pyproject.toml | sha256sum | cut -d' ' -f1)

pip_quiet() {  # pip's own exit status; the mirror's "is ignored" notes filtered out
    local rc
    .venv/bin/pip "$@" 2>&1 | grep -v "is ignored"
    rc=${PIPESTATUS[0]}
    return "$rc"
}

if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo ">> installing the locked dependencies${extra:+ (with test tools)}: $lock"
    pip_quiet install -q --disable-pip-version-check --require-hashes -r "$lock" || {
        echo "ERROR: pip could not install $lock (re-run scripts/lock.sh after editing" \
             "pyproject.toml)" >&2; exit 1; }
    pip_quiet install -q --disable-pip-version-check --no-deps -e ".${extra}" || exit 1
    .venv/bin/python -c 'import django' && echo "$want" > "$stamp"
fi
