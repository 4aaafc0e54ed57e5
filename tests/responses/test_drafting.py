"""Drafting, review and approval: safe templates, checks, versions, no term met."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from compliance.models import Term
from intake.choices import CaseStatus
from responses import services
from responses.models import AnswerKind, Response, ResponseTemplate
from responses.pdf import pdf_text
from responses.templating import merge, render_template_text
from tests.factories import make_case
from tests.responses.conftest import approved_response, working

pytestmark = pytest.mark.django_db

EVIL = "{{ radicado }} {% load static %}{% debug %} <script>alert('x')</script> <b>negrilla</b>"
TEMPLATE = "Reclamo por alto consumo: no accede (consumo verificado)"


def test_merge_inserts_values_as_inert_escaped_text():
    out = merge("<p>{{descripcion}} / {{radicado}}</p>", {"descripcion": EVIL, "radicado": "R-1"})
    assert "&lt;script&gt;" in out
    assert "<script>" not in out
    # The value's own placeholders are not expanded: one pass over the template only.
    assert "{{ radicado }}" in out and out.endswith("/ R-1</p>")
    assert "{% load static %}" in out


def test_template_html_is_sanitised():
    out = render_template_text('<p onclick="x()">Hola</p><script>bad()</script><img src=x>', {})
    assert out == "<p>Hola</p>"


def test_citizen_text_is_inert_in_draft_page_and_pdf(client, back_office, coordinador):
    case = make_case(actor=back_office, description=EVIL)
    working(case, back_office)
    response = services.response_create(case=case, actor=back_office,
                                        template=ResponseTemplate.objects.get(name=TEMPLATE))
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in response.body_html \
        or "&lt;script&gt;alert('x')&lt;/script&gt;" in response.body_html
    assert "<script>" not in response.body_html
    assert "{% debug %}" in response.body_html

    client.force_login(back_office)
    page = client.get(reverse("responses:edit", args=[response.pk])).content.decode()
    assert "<script>alert(" not in page
    assert "{% debug %}" in page  # shown literally, never evaluated

    services.response_submit(response=response, actor=back_office)
    services.response_approve(response=response, actor=coordinador)
    letter = services.response_issue(response=response, actor=back_office)
    text = pdf_text(letter.attachment.file.read())
    assert "<script>alert('x')</script>" in text
    assert "{% load static %}{% debug %}" in text
    assert "{{ radicado }}" in text


def test_drafter_html_is_sanitised_on_save(back_office):
    case = make_case(actor=back_office)
    working(case, back_office)
    response = services.response_create(case=case, actor=back_office)
    response = services.response_save(
        response=response, actor=back_office, answer_kind=AnswerKind.NO_ACCEDE,
        body_html='<p>Texto <strong>fuerte</strong></p><script>x()</script><a href="javascript:x">l</a>',
        decision="No.", admits_recursos=True, recursos_text="", payment_reminder="")
    assert response.body_html == "<p>Texto <strong>fuerte</strong></p>l"


def test_checks_block_approval_until_fixed(back_office, coordinador):
    case = make_case(actor=back_office)  # causal 127: billing (group F)
    working(case, back_office)
    response = services.response_create(case=case, actor=back_office)
    response = services.response_save(
        response=response, actor=back_office, answer_kind="", body_html="<p>Cuerpo</p>",
        decision="Decisión", admits_recursos=True, recursos_text="Puede recurrir.",
        payment_reminder="")
    services.response_submit(response=response, actor=back_office)
    with pytest.raises(ValidationError) as exc:
        services.response_approve(response=response, actor=coordinador)
    text = " ".join(exc.value.messages)
    assert "tipo de respuesta" in text
    assert "reposición" in text
    assert "apelación" in text
    assert "cinco (5) días hábiles" in text
    assert "art. 155" in text
    # An adverse decision on a claim cannot drop the recursos.
    response.refresh_from_db()
    assert response.status == Response.Status.EN_REVISION
    services.response_return(response=response, actor=coordinador, comment="Complete.")
    response = services.response_save(
        response=response, actor=back_office, answer_kind=AnswerKind.NO_ACCEDE,
        body_html="<p>Cuerpo</p>", decision="No se accede.", admits_recursos=False,
        recursos_text="", payment_reminder=services.default_payment_reminder())
    assert any("admite recursos" in p for p in services.response_problems(response))
    response = services.response_save(
        response=response, actor=back_office, answer_kind=AnswerKind.NO_ACCEDE,
        body_html="<p>Cuerpo</p>", decision="No se accede.", admits_recursos=True,
        recursos_text=services.default_recursos_text(),
        payment_reminder=services.default_payment_reminder())
    assert services.response_problems(response) == []
    services.response_submit(response=response, actor=back_office)
    assert services.response_approve(response=response, actor=coordinador).status == "aprobada"


def test_return_with_comments_keeps_version_history(back_office, coordinador):
    case = make_case(actor=back_office)
    working(case, back_office)
    response = services.response_create(case=case, actor=back_office,
                                        template=ResponseTemplate.objects.get(name=TEMPLATE))
    services.response_submit(response=response, actor=back_office)
    case.refresh_from_db()
    assert case.status == CaseStatus.RESPUESTA_EN_REVISION
    with pytest.raises(ValidationError):
        services.response_return(response=response, actor=coordinador, comment="  ")
    services.response_return(response=response, actor=coordinador,
                             comment="Cite el acta de la visita.")
    case.refresh_from_db()
    assert case.status == CaseStatus.DEVUELTA
    services.response_save(
        response=response, actor=back_office, answer_kind=AnswerKind.NO_ACCEDE,
        body_html=response.body_html + "<p>Según el acta de revisión…</p>",
        decision=response.decision, admits_recursos=True, recursos_text=response.recursos_text,
        payment_reminder=response.payment_reminder)
    services.response_submit(response=response, actor=back_office)
    services.response_approve(response=response, actor=coordinador)
    versions = list(response.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert "acta de revisión" not in versions[0].body_html
    assert "acta de revisión" in versions[1].body_html
    actions = list(response.reviews.values_list("action", flat=True))
    assert actions == ["submitted", "returned", "submitted", "approved"]


def test_evidence_must_belong_to_the_case(back_office):
    from intake.services import attachment_add_bytes

    other = make_case(actor=back_office)
    foreign = attachment_add_bytes(case=other, name="acta.pdf", content=b"%PDF-1.4 x",
                                   mime="application/pdf", actor=back_office, kind="acta")
    case = make_case(actor=back_office)
    working(case, back_office)
    response = services.response_create(case=case, actor=back_office)
    with pytest.raises(ValidationError):
        services.response_save(response=response, actor=back_office, answer_kind="accede",
                               body_html="x", decision="y", admits_recursos=False,
                               recursos_text="", evidence=[foreign])


def test_drafting_and_approval_never_meet_the_response_term(back_office, coordinador):
    case = make_case(actor=back_office)
    working(case, back_office)
    response = approved_response(case, back_office, coordinador)
    term = Term.objects.get(case=case, purpose=Term.Purpose.RESPUESTA)
    assert term.met_at is None
    # Issuing a letter to be notified personally is not dispatch either.
    services.response_issue(response=response, actor=back_office)
    term.refresh_from_db()
    assert term.met_at is None


def test_only_coordinator_reviews(client, back_office, coordinador):
    case = make_case(actor=back_office)
    working(case, back_office)
    response = services.response_create(case=case, actor=back_office)
    client.force_login(back_office)
    assert client.get(reverse("responses:review", args=[response.pk])).status_code == 403
    client.force_login(coordinador)
    assert client.get(reverse("responses:review", args=[response.pk])).status_code == 200


def test_merge_fields_include_visit_findings_and_amounts(back_office):
    from caserecord.services import event_record
    from responses.templating import merge_values

    case = make_case(actor=back_office)
    event_record(case=case, kind="visit.completed", actor=back_office,
                 data={"acta_number": "A-7", "anomalies": ["medidor_frenado"],
                       "meter_serial": "M-99"})
    values = merge_values(case, amounts={"valor_reclamado": "1250000"})
    assert values["hallazgos_visita"] == ("Visita técnica realizada; acta A-7. Anomalías "
                                          "encontradas: medidor frenado. Medidor serie M-99.")
    assert values["valor_reclamado"] == "$ 1.250.000"
    assert values["radicado"] == case.radicado
