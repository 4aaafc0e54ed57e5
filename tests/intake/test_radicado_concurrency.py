"""Radicado numbering under real concurrency (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection, connections

from caserecord.models import DocumentCounter as RadicadoCounter
from intake.choices import CaseKind, Channel, NotifyBy
from intake.models import Case
from intake.services import INCOMING_SERIES, case_register
from tests.factories import CustomerFactory

WORKERS = 50


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_registrations_get_fifty_gap_free_numbers():
    # SQLite serialises writers with a file lock and proves nothing here; the
    # suite of record runs on PostgreSQL, where this must hold.
    assert connection.vendor == "postgresql", "run with scripts/test.sh (PostgreSQL)"
    customer = CustomerFactory()
    start = threading.Barrier(WORKERS)
    radicados, errors = [], []
    lock = threading.Lock()

    def register(i):
        try:
            start.wait(timeout=30)
            case = case_register(kind=CaseKind.RECLAMO, channel=Channel.WEB, customer=customer,
                                 description=f"Solicitud concurrente {i}", data_consent=True,
                                 notify_by=NotifyBy.POSTAL, notify_address="Calle 1")
            with lock:
                radicados.append(case.radicado)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            with lock:
                errors.append(repr(exc))
        finally:
            connections.close_all()  # each thread had its own connection

    threads = [threading.Thread(target=register, args=(i,)) for i in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert errors == []
    assert len(radicados) == WORKERS
    assert len(set(radicados)) == WORKERS
    numbers = sorted(int(r.rsplit("-", 1)[1]) for r in radicados)
    assert numbers == list(range(1, WORKERS + 1))  # consecutive, nothing skipped
    assert Case.objects.count() == WORKERS
    counter = RadicadoCounter.objects.get(series=INCOMING_SERIES)
    assert counter.last_number == WORKERS
    # Strict order of receipt: a higher number was never committed before a lower one's row.
    by_number = list(Case.objects.order_by("radicado").values_list("pk", flat=True))
    assert by_number == sorted(by_number)
