"""
The dependency lock (scripts/lock.sh): every dependency of pyproject.toml is locked at its
pinned version with sha256 hashes, and the installers use --require-hashes.
"""

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement(spec: str) -> tuple[str, set[str], str | None]:
    """Return (name, extras, pinned version or None) of a PEP 508 requirement."""
    spec = spec.split(";")[0].strip()
    m = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?\s*(.*)$", spec)
    name, extras, rest = m.group(1), m.group(2) or "", m.group(3).strip()
    pin = rest[2:].strip() if rest.startswith("==") else None
    return _norm(name), {_norm(e) for e in extras.split(",") if e.strip()}, pin


def _lock(path: Path) -> dict[str, dict]:
    """Parse a hashed requirements file: {name: {"version", "hashes"}}."""
    entries: dict[str, dict] = {}
    current = None
    for line in path.read_text().splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not line.startswith(" "):
            m = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", line)
            assert m, f"{path.name}: not an exact pin: {line}"
            current = entries.setdefault(_norm(m.group(1)), {"version": m.group(2),
                                                             "hashes": []})
        else:
            m = re.match(r"--hash=sha256:([0-9a-f]{64})", stripped)
            if m:
                current["hashes"].append(m.group(1))
    return entries


LOCK = _lock(ROOT / "requirements" / "lock.txt")
LOCK_DEV = _lock(ROOT / "requirements" / "lock-dev.txt")
RUNTIME = [_requirement(s) for s in PYPROJECT["project"]["dependencies"]]
DEV = [_requirement(s) for s in PYPROJECT["project"]["optional-dependencies"]["dev"]]
# Extras that bring packages of another name.
EXTRA_PACKAGES = {("psycopg", "binary"): "psycopg-binary", ("celery", "redis"): "redis"}


@pytest.mark.parametrize("lock,requirements", [(LOCK, RUNTIME), (LOCK_DEV, RUNTIME + DEV)],
                         ids=["lock.txt", "lock-dev.txt"])
def test_the_lock_covers_every_dependency_of_pyproject(lock, requirements):
    missing, wrong = [], []
    for name, extras, pin in requirements:
        if name not in lock:
            missing.append(name)
        elif pin is not None and lock[name]["version"] != pin:
            wrong.append(f"{name}: pyproject {pin}, lock {lock[name]['version']}")
        for extra in extras:
            extra_pkg = EXTRA_PACKAGES.get((name, extra))
            if extra_pkg and extra_pkg not in lock:
                missing.append(f"{name}[{extra}] -> {extra_pkg}")
    assert not missing and not wrong, (
        f"run scripts/lock.sh: missing {missing}, versions differ {wrong}")


def test_every_locked_package_has_hashes_and_the_two_locks_agree():
    for lock in (LOCK, LOCK_DEV):
        assert all(entry["hashes"] for entry in lock.values())
    assert "pqr-portal" not in LOCK_DEV  # the project itself is installed with --no-deps
    for name, entry in LOCK.items():
        assert LOCK_DEV[name]["version"] == entry["version"], name
    # The test tools stay out of the production image.
    assert not {name for name, _e, _p in DEV} & set(LOCK)


def test_the_installers_require_the_hashes():
    venv = (ROOT / "scripts" / "venv.sh").read_text()
    assert "--require-hashes -r \"$lock\"" in venv and "--no-deps" in venv
    assert "requirements/lock-dev.txt" in venv and "requirements/lock.txt" in venv
    # A changed lock file installs again (the stamp is the hash of the lock and pyproject).
    assert 'cat "$lock" pyproject.toml | sha256sum' in venv
    docker = (ROOT / "Dockerfile").read_text()
    assert "pip install --no-cache-dir --require-hashes -r requirements/lock.txt" in docker
    assert "pip install --no-cache-dir --no-deps ." in docker
    lock_sh = (ROOT / "scripts" / "lock.sh").read_text()
    assert "--generate-hashes" in lock_sh and "UV_VERSION=" in lock_sh
