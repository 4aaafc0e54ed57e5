"""
Probes for tests/conftest.py's --clock option, run by test_clock_option.py in a child
pytest (never collected on their own: the name does not start with test_).
"""

from datetime import UTC, date, datetime

from django.utils import timezone


def test_the_session_runs_on_the_shifted_clock():
    now = timezone.localtime()
    # 2026-12-08T04:30:00Z is Monday 7 December, 23:30 in Bogotá; the clock ticks.
    assert now.date() == date(2026, 12, 7) and now.weekday() == 0
    assert now.hour == 23 and 30 <= now.minute < 59  # ticking since the session started
    # The process keeps Django's TZ (America/Bogota): the option does not switch it to UTC.
    assert date.today() == date(2026, 12, 7)  # noqa: DTZ011


def test_a_test_that_freezes_its_own_clock_wins(time_machine):
    time_machine.move_to(datetime(2027, 3, 3, 15, 0, tzinfo=UTC), tick=False)
    assert timezone.now() == datetime(2027, 3, 3, 15, 0, tzinfo=UTC)


def test_the_shifted_clock_comes_back_after_a_frozen_test():
    assert timezone.localdate() == date(2026, 12, 7)
