"""The acta PDF, read back with pypdf: meter, readings, seals, names, photos."""

import io

import pytest
from pypdf import PdfReader

from field_visits import services
from field_visits.pdf import render_acta_pdf
from tests.factories import make_case
from tests.field_visits.helpers import jpeg_upload, make_order, schedule, submit_acta

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def images_in(content: bytes) -> int:
    reader = PdfReader(io.BytesIO(content))
    return sum(len(page.images) for page in reader.pages)


def test_acta_pdf_contains_meter_readings_seals_names_and_photos(back_office, brigadista):
    brigadista.first_name, brigadista.last_name = "Jhon Jairo", "Pérez"
    brigadista.save()
    case = make_case()
    order = make_order(case, back_office)
    visit, _ = schedule(order, brigadista, back_office)
    services.visit_safety_check(visit=visit, actor=brigadista, items=services.SAFETY_ITEMS)
    acta = submit_acta(visit, brigadista, photos=[jpeg_upload(), jpeg_upload("b.jpg")])
    with acta.pdf.file.open("rb") as fh:
        stored = fh.read()
    text = pdf_text(stored)
    for expected in ("MTR-778899", "Itron", "12345,60", "321,50", "SF-1001", "SI-2002",
                     "María Fernanda Ortiz", "52123456", "Jhon Jairo Pérez", acta.number,
                     order.number, case.radicado, "Sello roto, adulterado o ausente",
                     "Se entregó copia"):
        assert expected in text, expected
    # Two photos and two signatures are embedded.
    assert images_in(stored) == 4


def test_refused_signature_states_the_witness(back_office, brigadista):
    visit, _ = schedule(make_order(make_case(), back_office), brigadista, back_office)
    services.visit_safety_check(visit=visit, actor=brigadista, items=services.SAFETY_ITEMS)
    acta = submit_acta(visit, brigadista, photos=[], attendance="se_nego",
                       witness_name="Pedro Vecino Gómez", witness_id_number="7222333")
    text = pdf_text(render_acta_pdf(acta))
    assert "Pedro Vecino Gómez" in text and "7222333" in text
    assert "se negó a firmar" in text


def test_removed_meter_is_recorded_with_bag_seal_and_laboratory(back_office, brigadista):
    from django.core.exceptions import ValidationError

    visit, _ = schedule(make_order(make_case(), back_office), brigadista, back_office)
    services.visit_safety_check(visit=visit, actor=brigadista, items=services.SAFETY_ITEMS)
    with pytest.raises(ValidationError) as err:
        submit_acta(visit, brigadista, photos=[], meter_removed=True)
    assert set(err.value.message_dict) == {"removal_bag_seal", "lab_name", "lab_test_when"}
    acta = submit_acta(visit, brigadista, photos=[], meter_removed=True,
                       removal_bag_seal="BOLSA-5566", lab_name="Laboratorio Metrológico ABC",
                       lab_test_when="3/12/2026 9:00, Cra 50 # 10-20")
    text = pdf_text(render_acta_pdf(acta))
    assert "BOLSA-5566" in text and "Laboratorio Metrológico ABC" in text


def test_a_typed_signature_is_said_on_the_acta_and_kept_by_its_correction(back_office,
                                                                          brigadista):
    visit, _ = schedule(make_order(make_case(), back_office), brigadista, back_office)
    services.visit_safety_check(visit=visit, actor=brigadista, items=services.SAFETY_ITEMS)
    acta = submit_acta(visit, brigadista, photos=[], signatures_typed={"attendant": True})
    assert acta.signature_attendant_typed and not acta.signature_brigadista_typed
    text = pdf_text(render_acta_pdf(acta))
    # Once, under the attendant's name: the brigadista drew theirs.
    assert text.count("Firmó escribiendo su nombre en el teclado.") == 1
    assert text.index("María Fernanda Ortiz · 52123456") < text.index("Firmó escribiendo") \
        < text.index("Brigadista:", text.index("María Fernanda Ortiz · 52123456"))
    event = acta.order.case.events.get(kind="visit.completed")
    assert event.data["signatures_typed"] == ["attendant"]
    fixed = services.acta_correct(acta=acta, actor=brigadista, reason="Serie mal digitada",
                                  changes={"meter_serial": "MTR-000111"})
    assert fixed.signature_attendant_typed and not fixed.signature_brigadista_typed
    assert "Firmó escribiendo su nombre en el teclado." in pdf_text(render_acta_pdf(fixed))


def test_drawn_signatures_say_nothing_of_a_keyboard(back_office, brigadista):
    visit, _ = schedule(make_order(make_case(), back_office), brigadista, back_office)
    services.visit_safety_check(visit=visit, actor=brigadista, items=services.SAFETY_ITEMS)
    acta = submit_acta(visit, brigadista, photos=[])
    assert "teclado" not in pdf_text(render_acta_pdf(acta))
