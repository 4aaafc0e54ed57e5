"""Pages of field visits: permissions (404 for other people's visits), forms, rendering."""

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from field_visits import services
from field_visits.models import Acta, RevisionOrder, Visit
from pqr_portal.roles import Role
from tests.factories import make_case, make_user
from tests.field_visits.helpers import (
    ACTA_DATA,
    jpeg_upload,
    make_order,
    next_weekday,
    png_data_url,
    schedule,
    submit_acta,
)

pytestmark = pytest.mark.django_db
BOGOTA = ZoneInfo("America/Bogota")


@pytest.fixture
def visit(back_office, brigadista):
    order = make_order(make_case(), back_office)
    v, _ = schedule(order, brigadista, back_office)
    return v


def acta_post(**overrides):
    data = {
        "visit_date": timezone.localdate().isoformat(), "arrived": "08:10", "departed": "09:00",
        **{k: v for k, v in ACTA_DATA.items() if k not in ("anomalies", "copy_delivered")},
        "anomalies": ["sello_roto"], "copy_delivered": "on",
        "signature_attendant": png_data_url(), "signature_brigadista": png_data_url(),
        "sellos-TOTAL_FORMS": "2", "sellos-INITIAL_FORMS": "0", "sellos-MIN_NUM_FORMS": "0",
        "sellos-MAX_NUM_FORMS": "10",
        "sellos-0-kind": "encontrado", "sellos-0-number": "SF-1001", "sellos-0-location": "Tapa",
        "sellos-0-condition": "roto",
        "sellos-1-kind": "instalado", "sellos-1-number": "", "sellos-1-location": "",
        "sellos-1-condition": "nuevo",
    }
    data.update(overrides)
    return data


def test_brigadista_sees_only_their_own_visits(client, visit, brigadista):
    other = make_user(Role.BRIGADISTA, username="brig2")
    client.force_login(other)
    for name in ("field_visits:visit-detail", "field_visits:acta-form", "field_visits:visit-fail"):
        assert client.get(reverse(name, args=[visit.pk])).status_code == 404
    assert client.post(reverse("field_visits:visit-detail", args=[visit.pk]),
                       {k: "on" for k in services.SAFETY_ITEMS}).status_code == 404
    assert client.get(reverse("field_visits:order-detail", args=[visit.order_id])).status_code == 404
    assert client.get(reverse("intake:case-detail", args=[visit.order.case_id])).status_code == 404
    page = client.get(reverse("field_visits:my-visits"))
    assert visit.order.number not in page.content.decode()

    client.force_login(brigadista)
    page = client.get(reverse("field_visits:my-visits"))
    html = page.content.decode()
    assert visit.order.number in html and visit.order.address in html
    assert "geo:0,0?q=" in html
    assert client.get(reverse("field_visits:visit-detail", args=[visit.pk])).status_code == 200
    assert client.get(reverse("intake:case-detail", args=[visit.order.case_id])).status_code == 200


def test_office_roles_cannot_use_the_brigadista_pages(client, visit, coordinador, back_office):
    for user in (coordinador, back_office):
        client.force_login(user)
        assert client.get(reverse("field_visits:my-visits")).status_code == 403
        assert client.get(reverse("field_visits:acta-form", args=[visit.pk])).status_code == 403


def test_programming_page_is_for_coordinator_and_back_office(client, visit, coordinador,
                                                             back_office, brigadista,
                                                             front_office, gerente):
    for user in (coordinador, back_office):
        client.force_login(user)
        page = client.get(reverse("field_visits:programming"))
        assert page.status_code == 200
        assert visit.order.number in page.content.decode()
    for user in (brigadista, front_office, gerente):
        client.force_login(user)
        assert client.get(reverse("field_visits:programming")).status_code == 403


# A Wednesday morning in Bogotá: the next weekday (Thursday) is in the same week, so a
# request that lost its week filter would still show that day (the bug this once hid).
WEDNESDAY = datetime(2026, 11, 18, 10, 0, tzinfo=BOGOTA)


@override_settings(PQR_VISITS_PER_BRIGADISTA_PER_DAY=1)
def test_calendar_marks_overload_and_lists_unscheduled_by_priority(client, back_office,
                                                                   brigadista, time_machine):
    time_machine.move_to(WEDNESDAY, tick=False)
    day = next_weekday()
    for _ in range(2):
        schedule(make_order(make_case(), back_office), brigadista, back_office, day=day)
    low = make_order(make_case(), back_office, priority=4)
    urgent = make_order(make_case(), back_office, priority=1)
    make_order(make_case(), back_office, zone="Norte")
    client.force_login(back_office)
    html = client.get(reverse("field_visits:programming"), {"semana": day.isoformat()}
                      ).content.decode()
    assert "fv-cell-over" in html and "2/1" in html
    assert html.index(urgent.number) < html.index(low.number)
    html = client.get(reverse("field_visits:programming"),
                      {"semana": day.isoformat(), "zona": "Norte"}).content.decode()
    assert "fv-cell-over" not in html and "0/1" in html


def test_an_invalid_filter_is_reported_and_the_other_filters_are_kept(client, back_office,
                                                                      brigadista, time_machine):
    time_machine.move_to(WEDNESDAY, tick=False)
    far = date(2027, 1, 12)  # a Tuesday, weeks away from "today"
    mine, _v = schedule(make_order(make_case(), back_office), brigadista, back_office, day=far)
    other_person = make_user(Role.BRIGADISTA, username="brig2")
    theirs, _v = schedule(make_order(make_case(), back_office), other_person, back_office, day=far)
    client.force_login(back_office)
    url = reverse("field_visits:programming")
    html = client.get(url, {"semana": far.isoformat(), "zona": "Nada",
                            "brigadista": brigadista.pk}).content.decode()
    # The week and the brigadista still apply; the unknown zone is named, not silently dropped.
    assert "Semana del 11/01/2027" in html
    assert mine.order.number in html and theirs.order.number not in html
    assert "Se ignoró el filtro «Zona»" in html and "Nada" in html
    # The week links keep the valid filters and leave the invalid one out.
    assert f'href="?semana=2027-01-18&amp;brigadista={brigadista.pk}"' in html
    # An impossible week falls back to the current one and keeps the brigadista.
    html = client.get(url, {"semana": "2027-02-30", "brigadista": other_person.pk}
                      ).content.decode()
    assert "Se ignoró el filtro «Semana del»" in html
    assert "Semana del 16/11/2026" in html
    html = client.get(url, {"semana": "", "brigadista": other_person.pk}).content.decode()
    assert "Se ignoró" not in html


def test_a_new_order_without_brigadista_opens(client, back_office):
    """Right after creation the order has no brigadista and no visit: the page must open."""
    case = make_case()
    client.force_login(back_office)
    resp = client.post(reverse("field_visits:order-create", args=[case.pk]), {
        "reason": "alto_consumo", "address": "Cra 5 # 6-7", "priority": "2"}, follow=True)
    order = RevisionOrder.objects.get()
    assert order.brigadista is None
    assert resp.status_code == 200 and resp.redirect_chain[-1][0] == order.get_absolute_url()
    html = resp.content.decode()
    assert order.number in html and "Sin asignar" in html and "Aún no se ha programado" in html


def test_order_create_from_case_and_schedule_with_capacity_warning(client, back_office,
                                                                   brigadista):
    case = make_case()
    client.force_login(back_office)
    url = reverse("field_visits:order-create", args=[case.pk])
    page = client.get(url)
    assert page.status_code == 200 and case.customer.address in page.content.decode()
    bad = client.post(url, {"reason": "alto_consumo", "address": "", "priority": "2"})
    assert bad.status_code == 200 and "Este campo es obligatorio" in bad.content.decode()
    resp = client.post(url, {"reason": "alto_consumo", "address": "Cra 5 # 6-7",
                             "priority": "2", "zone": "Norte", "meter_serial": "M-1"})
    order = RevisionOrder.objects.get()
    assert resp.status_code == 302 and resp.url == order.get_absolute_url()
    day = next_weekday()
    with override_settings(PQR_VISITS_PER_BRIGADISTA_PER_DAY=0):
        resp = client.post(reverse("field_visits:order-schedule", args=[order.pk]), {
            "brigadista": brigadista.pk, "planned_date": day.isoformat(),
            "window_start": "08:00", "window_end": "12:00"}, follow=True)
    html = resp.content.decode()
    assert "capacidad es de 0" in html
    assert Visit.objects.get(order=order).planned_date == day
    # The past is refused next to the field, and what was typed stays.
    resp = client.post(reverse("field_visits:order-schedule", args=[order.pk]), {
        "brigadista": brigadista.pk, "planned_date": "2020-01-01",
        "window_start": "08:00", "window_end": "12:00", "note": "nota escrita"})
    assert resp.status_code == 200 and "fecha pasada" in resp.content.decode()
    assert "nota escrita" in resp.content.decode()


def test_brigadista_cannot_create_orders(client, brigadista, visit):
    client.force_login(brigadista)
    url = reverse("field_visits:order-create", args=[visit.order.case_id])
    assert client.get(url).status_code == 403


def test_safety_check_cannot_be_skipped(client, visit, brigadista):
    client.force_login(brigadista)
    acta_url = reverse("field_visits:acta-form", args=[visit.pk])
    assert client.get(acta_url).status_code == 302
    resp = client.post(acta_url, acta_post())
    assert resp.status_code == 302 and not Acta.objects.exists()
    detail = reverse("field_visits:visit-detail", args=[visit.pk])
    partial = {k: "on" for k in services.SAFETY_ITEMS[:-1]}
    resp = client.post(detail, partial)
    assert resp.status_code == 200 and "Este campo es obligatorio" in resp.content.decode()
    visit.refresh_from_db()
    assert visit.safety_checked_at is None
    resp = client.post(detail, {k: "on" for k in services.SAFETY_ITEMS})
    assert resp.status_code == 302 and resp.url == acta_url
    assert client.get(acta_url).status_code == 200


def test_acta_form_submits_and_redirects_to_acta(client, visit, brigadista):
    services.visit_safety_check(visit=visit, actor=brigadista, items=services.SAFETY_ITEMS)
    client.force_login(brigadista)
    url = reverse("field_visits:acta-form", args=[visit.pk])
    html = client.get(url).content.decode()
    assert 'capture="environment"' in html and 'accept="image/*"' in html
    assert re.search(r'<input type="file" name="photos"[^>]* multiple', html)
    assert 'data-draft-key="fv-acta-%d"' % visit.pk in html
    # The page's script marks a signature typed through "Firmar con el teclado".
    assert 'data-sig-typed-input="id_signature_brigadista_typed"' in html
    resp = client.post(url, {**acta_post(), "signature_brigadista_typed": "1",
                             "signature_attendant_typed": "",
                             "photos": [jpeg_upload(), jpeg_upload("b.jpg")]})
    acta = Acta.objects.get()
    assert resp.status_code == 302 and resp.url.startswith(acta.get_absolute_url())
    assert acta.signature_brigadista_typed and not acta.signature_attendant_typed
    assert acta.photos.count() == 2 and acta.seals.count() == 1
    page = client.get(resp.url).content.decode()
    assert 'data-clear-draft="fv-acta-%d"' % visit.pk in page
    assert client.get(reverse("field_visits:acta-pdf", args=[acta.pk])).status_code == 200
    photo = acta.photos.first()
    assert client.get(reverse("field_visits:acta-photo", args=[photo.pk])).status_code == 200
    # Submitted: the form is closed.
    assert client.get(url).status_code == 302


def test_acta_form_errors_keep_what_was_typed(client, visit, brigadista):
    services.visit_safety_check(visit=visit, actor=brigadista, items=services.SAFETY_ITEMS)
    client.force_login(brigadista)
    url = reverse("field_visits:acta-form", args=[visit.pk])
    resp = client.post(url, acta_post(signature_attendant="data:image/png;base64,AAAA",
                                      attendance="ausente", witness_name=""))
    html = resp.content.decode()
    assert resp.status_code == 200 and not Acta.objects.exists()
    assert "MTR-778899" in html and "52123456" in html
    assert "firma un testigo" in html or "obligatorio" in html
    resp = client.post(url, acta_post(signature_attendant="data:image/png;base64,AAAA"))
    assert "no es una imagen PNG" in resp.content.decode()
    assert not Acta.objects.exists()


def test_other_brigadista_cannot_read_actas_or_photos(client, visit, brigadista, back_office):
    services.visit_safety_check(visit=visit, actor=brigadista, items=services.SAFETY_ITEMS)
    acta = submit_acta(visit, brigadista)
    other = make_user(Role.BRIGADISTA, username="brig2")
    client.force_login(other)
    assert client.get(reverse("field_visits:acta-detail", args=[acta.pk])).status_code == 404
    assert client.get(reverse("field_visits:acta-pdf", args=[acta.pk])).status_code == 404
    photo = acta.photos.first()
    assert client.get(reverse("field_visits:acta-photo", args=[photo.pk])).status_code == 404
    assert client.get(reverse("field_visits:acta-correct", args=[acta.pk])).status_code == 404
    client.force_login(back_office)
    assert client.get(reverse("field_visits:acta-detail", args=[acta.pk])).status_code == 200
    assert client.get(reverse("field_visits:acta-correct", args=[acta.pk])).status_code == 403


def test_correction_through_the_page_creates_a_linked_acta(client, visit, brigadista):
    services.visit_safety_check(visit=visit, actor=brigadista, items=services.SAFETY_ITEMS)
    acta = submit_acta(visit, brigadista)
    client.force_login(brigadista)
    url = reverse("field_visits:acta-correct", args=[acta.pk])
    resp = client.post(url, {"reason": "Lectura mal digitada", "meter_serial": acta.meter_serial,
                             "reading_active": "12345.70", "reading_reactive": "321.50",
                             "anomalies_note": acta.anomalies_note,
                             "tests_performed": acta.tests_performed})
    new = Acta.objects.get(corrects=acta)
    assert resp.status_code == 302 and resp.url == new.get_absolute_url()
    assert str(new.reading_active) == "12345.70"
    assert str(Acta.objects.get(pk=acta.pk).reading_active) == "12345.60"


def test_failed_visit_page(client, visit, brigadista):
    client.force_login(brigadista)
    url = reverse("field_visits:visit-fail", args=[visit.pk])
    resp = client.post(url, {"reason": "otro", "note": ""})
    assert resp.status_code == 200 and "Describa el motivo" in resp.content.decode()
    resp = client.post(url, {"reason": "sin_acceso", "note": "Portón cerrado"})
    assert resp.status_code == 302
    visit.refresh_from_db()
    assert visit.status == Visit.Status.FAILED
    assert RevisionOrder.objects.get(pk=visit.order_id).status == RevisionOrder.Status.PENDING


def test_case_panel_lists_orders_and_offers_the_button_to_back_office(rf, visit, back_office,
                                                                      brigadista, gerente):
    from django.template.loader import render_to_string

    case = visit.order.case
    html = render_to_string("field_visits/_case_panel.html", {"case": case, "user": back_office})
    assert visit.order.number in html
    assert reverse("field_visits:order-create", args=[case.pk]) in html
    html = render_to_string("field_visits/_case_panel.html", {"case": case, "user": gerente})
    assert visit.order.number in html
    assert reverse("field_visits:order-create", args=[case.pk]) not in html
    other = make_user(Role.BRIGADISTA, username="brig2")
    html = render_to_string("field_visits/_case_panel.html", {"case": case, "user": other})
    assert visit.order.number not in html


def test_indicators(client, coordinador, back_office, brigadista):
    done, _ = schedule(make_order(make_case(), back_office), brigadista, back_office)
    services.visit_safety_check(visit=done, actor=brigadista, items=services.SAFETY_ITEMS)
    submit_acta(done, brigadista)
    failed, _ = schedule(make_order(make_case(), back_office), brigadista, back_office)
    services.visit_fail(visit=failed, actor=brigadista, reason="nadie_en_casa")
    schedule(make_order(make_case(), back_office), brigadista, back_office, start=time(13),
             end=time(15))
    from field_visits.selectors import visit_indicators

    today = timezone.localdate()
    data = visit_indicators(start=today, end=today)
    row = data["rows"][0]
    assert (row["programmed"], row["executed"], row["failed"], row["pending"]) == (3, 1, 1, 1)
    assert row["avg_days_to_visit"] == 0
    client.force_login(coordinador)
    assert client.get(reverse("field_visits:indicators")).status_code == 200
    # A mistyped date is named and falls back alone; the other date is kept.
    html = client.get(reverse("field_visits:indicators"),
                      {"desde": "2026-02-30", "hasta": today.isoformat()}).content.decode()
    assert "Se ignoró la fecha «2026-02-30»" in html
    client.force_login(brigadista)
    assert client.get(reverse("field_visits:indicators")).status_code == 403


def test_moving_a_visit_on_the_calendar_reprogrammes_it(client, visit, back_office, brigadista):
    other = make_user(Role.BRIGADISTA, username="brig2")
    day = next_weekday(2)
    client.force_login(back_office)
    back = reverse("field_visits:programming") + f"?semana={day.isoformat()}"
    resp = client.post(reverse("field_visits:visit-move", args=[visit.pk]),
                       {"brigadista": other.pk, "planned_date": day.isoformat(), "next": back})
    assert resp.status_code == 302 and resp.url == back
    visit.refresh_from_db()
    new = Visit.objects.get(order=visit.order, status=Visit.Status.SCHEDULED)
    assert visit.status == Visit.Status.RESCHEDULED and visit.replaced_by == new
    assert (new.brigadista, new.planned_date, new.window_start) == (other, day, visit.window_start)
    # The old visit can no longer be moved; a foreign "next" is not followed.
    resp = client.post(reverse("field_visits:visit-move", args=[visit.pk]),
                       {"brigadista": brigadista.pk, "planned_date": day.isoformat(),
                        "next": "https://evil.example/"})
    assert resp.url == reverse("field_visits:programming")
    assert Visit.objects.filter(order=visit.order).count() == 2
    client.force_login(brigadista)
    assert client.post(reverse("field_visits:visit-move", args=[new.pk]),
                       {"brigadista": brigadista.pk, "planned_date": day.isoformat()}
                       ).status_code == 403


def test_a_file_that_is_not_a_photo_is_refused(client, visit, brigadista):
    from django.core.files.uploadedfile import SimpleUploadedFile

    services.visit_safety_check(visit=visit, actor=brigadista, items=services.SAFETY_ITEMS)
    client.force_login(brigadista)
    fake = SimpleUploadedFile("foto.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    resp = client.post(reverse("field_visits:acta-form", args=[visit.pk]),
                       {**acta_post(), "photos": [fake]})
    assert resp.status_code == 200
    assert "no es una imagen válida" in resp.content.decode()
    assert not Acta.objects.exists()
    visit.refresh_from_db()
    assert visit.status == Visit.Status.SCHEDULED


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_lists_do_not_grow_queries_with_the_number_of_visits(client, back_office, brigadista):
    day = timezone.localdate()
    schedule(make_order(make_case(), back_office), brigadista, back_office, day=day)
    make_order(make_case(), back_office)
    counts = {}
    for user, url in ((back_office, reverse("field_visits:programming")),
                      (brigadista, reverse("field_visits:my-visits"))):
        client.force_login(user)
        counts[url] = _queries(client, url)
    for _ in range(4):
        schedule(make_order(make_case(), back_office), brigadista, back_office, day=day)
        make_order(make_case(), back_office)
    for user, url in ((back_office, reverse("field_visits:programming")),
                      (brigadista, reverse("field_visits:my-visits"))):
        client.force_login(user)
        assert _queries(client, url) == counts[url], url
