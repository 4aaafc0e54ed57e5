"""scripts/test.sh's second run: `pytest --clock=...` really moves the test processes' clock."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import _clock_instant

ROOT = Path(__file__).resolve().parents[2]
# Not this process's xdist identity (gw0...): the child is a pytest session of its own.
CHILD_ENV = {**{k: v for k, v in os.environ.items() if not k.startswith("PYTEST_XDIST")},
             "PYTEST_ADDOPTS": ""}


def test_the_clock_option_moves_every_xdist_worker():
    # A child pytest on two workers runs the probes: shifted date and hour in Bogotá,
    # a test's own frozen clock wins, and the shifted clock comes back after it.
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-n", "2", "--clock=2026-12-08T04:30:00Z",
         "tests/foundation/clock_probe.py"],
        cwd=ROOT, env=CHILD_ENV, capture_output=True, text=True,
        timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout


def test_a_clock_without_offset_is_refused():
    with pytest.raises(pytest.UsageError, match="offset"):
        _clock_instant("2026-12-07T23:30:00")
    assert _clock_instant("2026-12-07T23:30:00-05:00").isoformat() == "2026-12-08T04:30:00+00:00"
