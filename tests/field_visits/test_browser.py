"""Chromium, phone-sized: a brigadista does today's visit and submits the acta."""

import os

import pytest

from field_visits.models import Acta
from pqr_portal.roles import Role
from tests.conftest import login
from tests.factories import make_case, make_user
from tests.field_visits.helpers import jpeg_bytes, make_order, next_weekday, schedule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def draw(page, selector, offset=0):
    canvas = page.locator(selector)
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    x, y = box["x"], box["y"]
    page.mouse.move(x + 20, y + 30 + offset)
    page.mouse.down()
    for i in range(1, 12):
        page.mouse.move(x + 20 + i * 22, y + 30 + offset + (25 if i % 2 else -10), steps=2)
    page.mouse.up()


def test_brigadista_fills_and_submits_acta_on_a_phone(phone_page, live_server, output_dir):
    page = phone_page
    office = make_user(Role.BACK_OFFICE, username="gestora")
    brig = make_user(Role.BRIGADISTA, username="brigada", first_name="Jhon", last_name="Pérez")
    case = make_case()
    order = make_order(case, office, address="Calle 72 # 45-10, Barranquilla")
    visit, _ = schedule(order, brig, office)

    login(page, live_server, "brigada")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/visitas/mis-visitas/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mis visitas de hoy"
    card = page.locator(".fv-visit").first
    assert "Calle 72 # 45-10" in card.inner_text()
    assert "geo:0,0?q=" in card.get_by_role("link", name="Abrir en el mapa").get_attribute("href")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=os.path.join(output_dir, "field-visits-today.png"), full_page=True)
    card.get_by_role("link", name="Abrir la visita").click()

    # The safety check cannot be skipped: the acta page sends the brigadista back.
    page.goto(f"{live_server.url}/visitas/visita/{visit.pk}/acta/")
    assert "chequeo de seguridad" in page.locator(".messages").inner_text()
    for box in page.locator(".fv-check input[type=checkbox]").all():
        box.check()
    page.get_by_role("button", name="Confirmar y comenzar").click()
    page.wait_for_url(f"**/visita/{visit.pk}/acta/")

    page.get_by_label("Hora de llegada").fill("08:10")
    page.get_by_label("Hora de salida").fill("09:05")
    page.get_by_label("Atendió la visita").check()
    page.get_by_label("Nombre de quien atiende").fill("María Fernanda Ortiz")
    page.get_by_label("Cédula de quien atiende").fill("52123456")
    page.get_by_label("Relación con el predio").fill("Propietaria")
    page.get_by_label("Marca del medidor").fill("Itron")
    page.get_by_label("Serie del medidor").fill("MTR-445566")
    page.get_by_label("Tipo de medidor").select_option("electronico_monofasico")
    page.get_by_label("Lectura activa (kWh)").fill("8765.4")
    # Fields that do not apply stay out of the way on a small screen.
    lab = page.get_by_label("Laboratorio acreditado (ONAC)")
    assert not lab.is_visible()
    page.get_by_label("Se retiró el medidor para ensayo de laboratorio").check()
    assert lab.is_visible()
    page.get_by_label("Se retiró el medidor para ensayo de laboratorio").uncheck()
    assert not page.get_by_label("Nombre del testigo").is_visible()
    page.locator("#id_sellos-0-number").fill("SF-3003")
    page.locator("#id_sellos-0-condition").select_option("roto")
    page.locator("#id_sellos-2-number").fill("SI-4004")
    page.get_by_label("Sello roto, adulterado o ausente").check()
    page.get_by_label("Descripción de las anomalías").fill("Sello de tapa roto.")
    page.get_by_label("Pruebas realizadas y resultados").fill("Prueba de carga: error 0,8 %.")
    page.get_by_label("Observaciones del usuario").fill("Solicita revisar la factura.")
    page.locator("input[type=file]").set_input_files(
        [{"name": "medidor.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}])

    # The draft is kept in the phone while the form is filled.
    draft = page.evaluate(f"localStorage.getItem('fv-acta-{visit.pk}')")
    assert draft and "MTR-445566" in draft
    draw(page, "#sig-attendant")
    draw(page, "#sig-brigadista", offset=10)
    assert page.input_value("#id_signature_attendant").startswith("data:image/png;base64,")
    assert page.input_value("#id_signature_brigadista").startswith("data:image/png;base64,")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=os.path.join(output_dir, "field-visits-acta-form.png"), full_page=True)

    page.get_by_role("button", name="Enviar el acta").click()
    page.wait_for_url("**/visitas/actas/*/?enviada=*")
    acta = Acta.objects.get(visit=visit)
    assert "enviada y anexada" in page.locator(".messages").inner_text()
    assert acta.meter_serial == "MTR-445566" and acta.photos.count() == 1
    assert acta.seals.count() == 2
    # Drawn with the pointer: the acta does not say the names were typed.
    assert not acta.signature_attendant_typed and not acta.signature_brigadista_typed
    # The draft is cleared once the acta is on the server.
    assert page.evaluate(f"localStorage.getItem('fv-acta-{visit.pk}')") is None

    # The visit is done, and with it the brigadista's access to the case (separation of
    # duties): the acta page no longer links it; the acta is on the case for the office.
    assert page.get_by_role("link", name="Ver el caso").count() == 0
    assert case.attachments.filter(original_name__contains=acta.number).exists()
    page.screenshot(path=os.path.join(output_dir, "field-visits-acta-sent.png"), full_page=True)


def test_offline_acta_is_kept_and_marked_pending(phone_page, live_server):
    page = phone_page
    office = make_user(Role.BACK_OFFICE, username="gestora")
    brig = make_user(Role.BRIGADISTA, username="brigada")
    visit, _ = schedule(make_order(make_case(), office), brig, office)
    from field_visits import services

    services.visit_safety_check(visit=visit, actor=brig, items=services.SAFETY_ITEMS)
    login(page, live_server, "brigada")
    page.wait_for_load_state()
    url = f"{live_server.url}/visitas/visita/{visit.pk}/acta/"
    page.goto(url)
    page.get_by_label("Marca del medidor").fill("Elster")
    page.context.set_offline(True)
    page.get_by_label("Serie del medidor").fill("OFF-123")
    page.get_by_role("button", name="Enviar el acta").click()
    banner = page.locator("#fv-pending")
    assert banner.is_visible() and "Sin conexión" in banner.inner_text()
    near_button = page.locator("[data-pending-copy]")
    assert near_button.is_visible() and "pendiente de envío" in near_button.inner_text()
    assert not Acta.objects.exists()
    page.context.set_offline(False)
    page.goto(url)
    assert page.get_by_label("Serie del medidor").input_value() == "OFF-123"
    assert page.get_by_label("Marca del medidor").input_value() == "Elster"
    assert "pendiente de envío" in page.locator("#fv-pending").inner_text()
    page.goto(f"{live_server.url}/visitas/mis-visitas/")
    assert page.locator(f"[data-draft-badge='fv-acta-{visit.pk}']").is_visible()


def test_coordinator_drags_a_visit_to_another_brigadista(page, live_server, output_dir):
    from field_visits.models import Visit

    coord = make_user(Role.COORDINADOR, username="coordina")
    ana = make_user(Role.BRIGADISTA, username="ana", first_name="Ana", last_name="Ríos")
    make_user(Role.BRIGADISTA, username="beto", first_name="Beto", last_name="Zapata")
    day = next_weekday(1)
    visit, _ = schedule(make_order(make_case(), coord), ana, coord, day=day)
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, live_server, "coordina")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/visitas/?semana={day.isoformat()}")
    chip = page.locator(f"[data-visit='{visit.pk}']")
    beto_row = page.locator("#fv-week tbody tr", has_text="Beto Zapata")
    target = beto_row.locator(f"td[data-date='{day.isoformat()}']")
    chip.drag_to(target)
    page.wait_for_url("**/visitas/?semana=*")
    assert "movida" in page.locator(".messages").inner_text()
    moved = Visit.objects.get(order=visit.order, status=Visit.Status.SCHEDULED)
    assert moved.brigadista.username == "beto" and moved.planned_date == day
    assert beto_row.locator(".fv-chip").count() == 1
    page.screenshot(path=os.path.join(output_dir, "field-visits-programming.png"), full_page=True)
