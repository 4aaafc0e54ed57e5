"""Small intake services other apps call: publishing a document, flagging SAP risk."""

import pytest

from intake.models import Attachment, CaseEvent
from intake.services import attachment_add_bytes, attachment_publish, case_flag_sap_risk
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


def test_sap_risk_is_flagged_once_with_its_reason():
    case = make_case()
    assert case_flag_sap_risk(case=case, reason="citación tardía") is True
    assert case_flag_sap_risk(case=case, reason="otra vez") is False
    case.refresh_from_db()
    assert case.sap_risk
    events = CaseEvent.objects.filter(case=case, kind="case.sap_risk")
    assert [e.data["reason"] for e in events] == ["citación tardía"]
