"""Small intake services other apps call: publishing a document."""

import pytest

from caserecord.models import Event as CaseEvent
from intake.models import Attachment
from intake.services import attachment_add_bytes, attachment_publish
from tests.factories import make_case

pytestmark = pytest.mark.django_db


def test_publishing_a_document_is_recorded_once(back_office):
    case = make_case()
    att = attachment_add_bytes(case=case, name="respuesta.pdf", content=b"%PDF-1.4 x",
                               mime="application/pdf", actor=back_office, kind=Attachment.Kind.RESPUESTA)
    assert not att.public
    attachment_publish(attachment=att, actor=back_office)
    attachment_publish(attachment=att, actor=back_office)
    att.refresh_from_db()
    assert att.public
    assert CaseEvent.objects.filter(case=case, kind="attachment.published").count() == 1
