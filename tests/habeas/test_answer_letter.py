"""
The answer to a holder's request about personal data admits no recurso before the
company or the SSPD; it tells the holder that, once the request is exhausted, they may
complain to the Superintendencia de Industria y Comercio (Ley 1581 de 2012 art. 16).
Read back from the issued PDF letter.
"""

import io

import pytest
from pypdf import PdfReader

from intake.choices import CaseKind
from responses.models import AnswerKind
from tests.factories import make_case
from tests.responses.conftest import issue, working

pytestmark = pytest.mark.django_db
SIC = "queja ante la Superintendencia de Industria y Comercio (SIC)"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _letter_text(letter) -> str:
    with letter.attachment.file.open("rb") as fh:
        reader = PdfReader(io.BytesIO(fh.read()))
    return " ".join(" ".join(p.extract_text() or "" for p in reader.pages).split())


@pytest.mark.parametrize("kind", [CaseKind.DATOS_CONSULTA, CaseKind.DATOS_RECTIFICACION,
                                  CaseKind.DATOS_SUPRESION])
def test_a_habeas_answer_names_the_sic_after_the_request_is_exhausted(back_office, coordinador,
                                                                      kind):
    case = working(make_case(kind=kind, causal_code=None, actor=back_office), back_office)
    letter = issue(case, back_office, coordinador, answer_kind=AnswerKind.ACCEDE)
    text = _letter_text(letter)
    assert not letter.admits_recursos
    assert "no proceden recursos" in text
    assert SIC in text and "una vez agotado el trámite" in text
    assert "Ley 1581 de 2012, art. 16" in text


def test_an_answer_to_a_pqr_does_not(back_office, coordinador):
    case = working(make_case(actor=back_office), back_office)
    text = _letter_text(issue(case, back_office, coordinador))
    assert "Superintendencia de Industria y Comercio" not in text
    assert "apelación" in text  # its own recursos (Ley 142 art. 154)
