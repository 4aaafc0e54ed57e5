"""The benchmark commands run at tiny sizes, so they cannot rot."""

from io import StringIO

import pytest
from django.core.management import call_command

from compliance.models import Term
from intake.models import Case


def test_bench_terms_reports_rates():
    out = StringIO()
    call_command("bench_terms", calls=2000, allow_production=True, stdout=out)
    text = out.getvalue()
    assert "add_business_days: 2000 calls" in text
    assert "response_due_date: 2000 calls" in text


@pytest.mark.django_db
def test_bench_sweep_seeds_sweeps_and_cleans_up():
    before = (Case.objects.count(), Term.objects.count())
    out = StringIO()
    call_command("bench_sweep", terms=3000, assignees=20, allow_production=True,
                 stdout=out)
    text = out.getvalue()
    assert "seed: 3,000 cases" in text
    assert "sweep cold run" in text and "query plans" in text
    # The second run at the same instant changes nothing.
    rerun = next(line for line in text.splitlines() if line.startswith("sweep rerun"))
    assert "'por_vencer': 0" in rerun and "'expired': 0" in rerun
    cold = next(line for line in text.splitlines() if line.startswith("sweep cold run"))
    assert "'expired': 3" in cold  # 0.1 % overdue
    assert (Case.objects.count(), Term.objects.count()) == before
