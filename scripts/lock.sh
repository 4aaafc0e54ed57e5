#!/usr/bin/env bash
# Lock the dependencies of pyproject.toml, with their sha256 hashes, into
#   requirements/lock.txt      the app (what the Docker image installs)
#   requirements/lock-dev.txt  the app and the test tools (what scripts/venv.sh dev installs)
# Both are installed with `pip install --require-hashes`, then the project with --no-deps.
#
# usage: scripts/lock.sh              after editing the dependencies of pyproject.toml
#        scripts/lock.sh --upgrade    move every unpinned (transitive) package to its newest
#
# Deterministic: a pinned uv, one resolution for every platform (--universal) and Python 3.12,
# and the versions already in the lock files preferred (uv reads the output file), so a re-run
# with no change to pyproject.toml rewrites the same files, and a new dependency changes only
# the lines it needs. Commit the lock files with the pyproject.toml change.
set -euo pipefail
cd "$(dirname "$0")/.."

UV_VERSION=0.13.8
TOOLS=var/tools/lock
if [ ! -x "$TOOLS/bin/uv" ] || [ "$("$TOOLS/bin/uv" --version | cut -d' ' -f2)" != "$UV_VERSION" ]; then
    echo ">> installing uv $UV_VERSION into $TOOLS"
    rm -rf "$TOOLS"
    python3 -m venv "$TOOLS"
    "$TOOLS/bin/pip" install -q --disable-pip-version-check "uv==$UV_VERSION" 2>&1 | grep -v "is ignored" || true
fi

mkdir -p requirements
compile() {  # compile OUTPUT [uv args...]
    local out=$1
    shift
    # uv reads no pip configuration: hashes come from the public index, one per published file.
    "$TOOLS/bin/uv" pip compile pyproject.toml --quiet --universal --python-version 3.12 \
        --generate-hashes --no-emit-package pqr-portal --custom-compile-command "scripts/lock.sh" \
        --output-file "$out" "$@"
}
compile requirements/lock.txt "${@}"
compile requirements/lock-dev.txt --extra dev "${@}"
echo ">> requirements/lock.txt: $(grep -c '==' requirements/lock.txt) packages;" \
     "requirements/lock-dev.txt: $(grep -c '==' requirements/lock-dev.txt)"
