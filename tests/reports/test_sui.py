"""The SUI Formato A file: a known month gives exactly the expected rows and codes."""

import csv
import hashlib
from datetime import date, datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from intake.choices import CaseKind, CaseStatus
from intake.models import Case
from pqr_portal.roles import Role
from reports.models import SuiFile
from reports.sui import HEADER, sui_generate
from responses.models import AnswerKind, Notification
from tests.factories import CustomerFactory, make_case, make_user
from tests.reports.test_indicators import _letter

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()
MARCH = date(2025, 3, 1)


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2025, month, day, hour, tzinfo=TZ)


def _notify(letter, method, when):
    Notification.objects.create(letter=letter, channel="personal", method=method, notified_at=when)


@pytest.fixture
def march():
    pending = make_case(filed_at=at(2, 10))                               # pending from February
    old = make_case(filed_at=at(2, 11))                                   # answered in February
    _notify(_letter(old, AnswerKind.NO_ACCEDE, 20, month=2), "personal", at(2, 21))
    done = make_case(kind=CaseKind.QUEJA, filed_at=at(3, 3), causal_code="303")
    _notify(_letter(done, AnswerKind.ACCEDE, 10), "electronica", at(3, 11))
    unnotified = make_case(filed_at=at(3, 4))                             # answer, no notification
    _letter(unnotified, AnswerKind.NO_ACCEDE, 20)
    no_causal = make_case(filed_at=at(3, 5), causal_code=None)
    nowhere = make_case(customer=CustomerFactory(municipality=None), filed_at=at(3, 6))
    closed = make_case(filed_at=at(2, 12))                                # closed in February
    Case.objects.filter(pk=closed.pk).update(status=CaseStatus.CERRADO,
                                             status_changed_at=at(2, 13))
    make_case(filed_at=at(4, 1))                                          # April
    make_case(kind=CaseKind.TUTELA, filed_at=at(3, 7), causal_code=None,  # not a SUI kind
              hand_deadline_at=at(3, 9))
    january = make_case(kind=CaseKind.PETICION_DOCUMENTOS, filed_at=at(1, 20))
    _notify(_letter(january, AnswerKind.ACCEDE_PARCIALMENTE, 25), "aviso", at(3, 28))
    return {"pending": pending, "done": done, "unnotified": unnotified, "no_causal": no_causal,
            "nowhere": nowhere, "january": january}


def _expected(c):
    return {
        c["january"].radicado: ["08", "08001", "000", c["january"].radicado, "20-01-2025", "6",
                                "F", "127", c["january"].account_number, "", "2", "25-03-2025",
                                "S-", "28-03-2025", "4", ""],
        c["pending"].radicado: ["08", "08001", "000", c["pending"].radicado, "10-02-2025", "1",
                                "F", "127", c["pending"].account_number, "", "9", "", "", "", "3",
                                ""],
        c["done"].radicado: ["08", "08001", "000", c["done"].radicado, "03-03-2025", "2", "P",
                             "303", c["done"].account_number, "", "1", "10-03-2025", "S-",
                             "11-03-2025", "1", ""],
        c["unnotified"].radicado: ["08", "08001", "000", c["unnotified"].radicado, "04-03-2025",
                                   "1", "F", "127", c["unnotified"].account_number, "", "3",
                                   "20-03-2025", "S-", "", "3", ""],
        c["no_causal"].radicado: ["08", "08001", "000", c["no_causal"].radicado, "05-03-2025",
                                  "1", "", "", c["no_causal"].account_number, "", "9", "", "", "",
                                  "3", ""],
        c["nowhere"].radicado: ["", "", "", c["nowhere"].radicado, "06-03-2025", "1", "F", "127",
                                c["nowhere"].account_number, "", "9", "", "", "", "3", ""],
    }


def _read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def test_export_sui_writes_the_expected_rows_and_fails_on_invalid_ones(march, tmp_path, capsys):
    out = tmp_path / "sui.csv"
    with pytest.raises(CommandError, match="3 rows cannot be reported"):
        call_command("export_sui", month="2025-03", output=str(out))
    rows = _read(out)
    assert rows[0] == HEADER and len(HEADER) == 16
    body = {r[3]: r for r in rows[1:]}
    expected = _expected(march)
    assert set(body) == set(expected)  # nothing else, nothing dropped
    for radicado, row in body.items():
        row[12] = row[12][:2]  # the answer radicado: its series is enough here
        assert row == expected[radicado], radicado
    # In radicado (filing) order: January, February, then March.
    assert [r[3] for r in rows[1:3]] == [march["january"].radicado, march["pending"].radicado]
    errors = capsys.readouterr().err
    assert f"{march['unnotified'].radicado}: Respuesta sin fecha de notificación." in errors
    assert f"{march['no_causal'].radicado}: Falta la causal." in errors
    assert f"{march['nowhere'].radicado}: Falta el código DANE del municipio." in errors


def test_a_valid_month_exits_zero(tmp_path):
    make_case(filed_at=at(5, 5))
    out = tmp_path / "may.csv"
    call_command("export_sui", month="2025-05", output=str(out))
    assert len(_read(out)) == 2


def test_generated_file_is_kept_with_who_when_rows_and_hash(march, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    coord = make_user(Role.COORDINADOR, username="coord-sui")
    record, result = sui_generate(month=MARCH, actor=coord)
    content = record.file.read()
    assert record.rows == 6 == result.rows and record.invalid_rows == 3
    assert record.sha256 == hashlib.sha256(content).hexdigest()
    assert record.generated_by == coord and record.generated_at is not None
    assert content.decode("utf-8").splitlines()[0] == ",".join(HEADER)


def test_the_sui_page_lists_problems_generates_and_downloads(client, march, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(make_user(Role.COORDINADOR, username="coord-page"))
    html = client.get("/reportes/sui/", {"mes": "2025-03"}).content.decode()
    assert "3 filas no se pueden reportar así:" in html
    assert "Falta la causal." in html
    response = client.post("/reportes/sui/", {"mes": "2025-03"})
    assert response.status_code == 302
    record = SuiFile.objects.get()
    download = client.get(f"/reportes/sui/{record.pk}/descargar/")
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == record.sha256
    client.force_login(make_user(Role.GERENTE, username="ger-sui"))
    assert client.post("/reportes/sui/", {"mes": "2025-03"}).status_code == 403
