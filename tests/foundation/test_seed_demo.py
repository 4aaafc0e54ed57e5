"""seed_demo: one login per role, catalogues, demo work; idempotent."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from field_visits.models import Visit
from intake.choices import HABEAS_DATA_KINDS, OPEN_STATUSES
from intake.models import Case, Causal, Municipality
from pqr_portal.access import roles_for
from pqr_portal.management.commands.seed_demo import DEMO_PASSWORD, DEMO_USERS
from responses.models import Response
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def test_seed_demo_twice_gives_one_login_per_role_and_the_same_data(capsys):
    call_command("seed_demo", allow_production=True)
    counts = (Case.objects.count(), Visit.objects.count(), Response.objects.count())
    call_command("seed_demo", allow_production=True)
    assert (Case.objects.count(), Visit.objects.count(), Response.objects.count()) == counts
    assert counts[0] >= 4 and counts[1] == 1 and counts[2] == 1
    for username, _first, _last, role in DEMO_USERS:
        # django-axes counts logins per request: authenticate as the login form does.
        user = authenticate(RequestFactory().post("/cuenta/login/"), username=username,
                            password=DEMO_PASSWORD)
        assert user is not None, username
        assert roles_for(user) == {role}
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out and "coordinador" in out and "Gerente general" in out
    assert Causal.objects.filter(code="127").exists() and Municipality.objects.exists()
    # The auxiliar's archive has files, one of them lent, and closed cases still to archive.
    from django.contrib.auth import get_user_model

    from archive.models import ArchivedFile, FileLoan
    from archive.selectors import cases_pending_archive

    auxiliar = get_user_model().objects.get(username="auxiliar")
    assert ArchivedFile.objects.count() == 3 and FileLoan.objects.filter(returned_at=None).count() == 1
    assert cases_pending_archive(auxiliar).count() == 2
    # One holder's request (Ley 1581) of each kind, filed with an earlier case's radicado
    # and tracking code, waiting in the back office.
    requests = Case.objects.filter(kind__in=HABEAS_DATA_KINDS)
    assert sorted(requests.values_list("kind", flat=True)) == sorted(HABEAS_DATA_KINDS)
    for case in requests:
        assert case.assignee.username == "backoffice" and case.status in OPEN_STATUSES
        source = Case.objects.get(radicado=case.events.get(kind="habeas.filed").data[
            "identified_by"])
        assert source.customer_id == case.customer_id


def _demo_counts(auxiliar):
    from archive.models import ArchivedFile, FileLoan
    from archive.selectors import cases_pending_archive

    return {"cases": Case.objects.count(), "archived": ArchivedFile.objects.count(),
            "lent": FileLoan.objects.filter(returned_at=None).count(),
            "pending": cases_pending_archive(auxiliar).count(),
            "habeas": Case.objects.filter(kind__in=HABEAS_DATA_KINDS).count()}


def test_an_existing_database_gets_the_archive_and_the_holders_requests_once(capsys):
    """A database that had cases before the archive and the habeas requests were demoed."""
    from django.contrib.auth import get_user_model

    make_case(description="Un caso de antes")
    call_command("seed_demo", allow_production=True)
    auxiliar = get_user_model().objects.get(username="auxiliar")
    first = _demo_counts(auxiliar)
    assert first == {"cases": 1 + 5 + 3, "archived": 3, "lent": 1, "pending": 2, "habeas": 3}
    assert "agregados: archivo, datos personales" in capsys.readouterr().out
    call_command("seed_demo", allow_production=True)
    assert _demo_counts(auxiliar) == first
    assert "agregados" not in capsys.readouterr().out


@pytest.mark.parametrize("command", ["seed_demo", "bench_sweep", "bench_terms", "bench_intake",
                                     "bench_reports"])
def test_demo_and_benchmark_commands_refuse_the_production_shape(command, settings):
    from django.contrib.auth import get_user_model
    from django.core.management.base import CommandError

    settings.DEBUG = False  # the test settings are the production shape: DATABASE_URL set
    with pytest.raises(CommandError, match="--allow-production"):
        call_command(command)
    assert not get_user_model().objects.filter(username="coordinador").exists()
    assert Case.objects.count() == 0


def test_the_embedded_default_runs_them_without_the_flag(settings):
    from io import StringIO

    settings.DEBUG, settings.EMBEDDED = True, True
    out = StringIO()
    call_command("bench_terms", calls=100, stdout=out)
    assert "add_business_days: 100 calls" in out.getvalue()
