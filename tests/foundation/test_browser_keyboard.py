"""
Keyboard only (issue 12): one journey per main role done with Tab, Shift+Tab, arrows,
Space, Enter and typing: no click, no fill, no check. Each element the journey reaches
by Tab shows its focus (a ring of at least 2 px, or the focus shadow).

- a citizen files a PQR on the public form (radios, selects, a checkbox, the button);
- the back office logs in, finds a case with the header search and opens it;
- a brigadista logs in, opens the visit assigned to them, starts it with the safety check
  and completes the whole acta, both signatures typed through "Firmar con el teclado";
  the acta's PDF carries both signatures.
"""

from __future__ import annotations

import io
import os
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from PIL import Image
from pypdf import PdfReader

from field_visits.models import Acta
from intake.models import Case
from pqr_portal.roles import Role
from tests.conftest import bogota_context
from tests.factories import make_case, make_user
from tests.field_visits.helpers import make_order, schedule
from tests.foundation.test_browser_pages import axe_serious

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A Tuesday morning in Bogotá (visits are planned on working days).
NOW = datetime(2026, 3, 10, 9, 30, tzinfo=ZoneInfo("America/Bogota"))
PASSWORD = "clave-segura-123"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def keyboard_page(browser):
    context = bogota_context(browser, 1366)
    page = context.new_page()
    yield page
    context.close()


def focused(page) -> str:
    return page.evaluate("""() => { const el = document.activeElement;
        return el ? `${el.tagName.toLowerCase()}#${el.id} ${(el.innerText || el.value || '')
        .trim().slice(0, 40)}` : 'nothing'; }""")


def focus_is_visible(page) -> bool:
    return page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        const ring = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
        return ring || (s.boxShadow && s.boxShadow !== 'none'); }""")


def tab_to(page, target, *, limit: int = 60, back: bool = False) -> None:
    """Press Tab (Shift+Tab when `back`) until `target` has the focus, which must be visible."""
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            assert focus_is_visible(page), f"focus not visible on {focused(page)}"
            return
        page.keyboard.press("Shift+Tab" if back else "Tab")
    raise AssertionError(f"Tab never reached {target}; focus on {focused(page)}")


def arrow_to(page, target, *, limit: int = 40) -> None:
    """Move through a radio group with the arrow keys until `target` is checked."""
    for _ in range(limit):
        if target.is_checked():
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"the arrows never checked {target}")


def choose(page, select, label: str, *, limit: int = 400) -> None:
    """Pick an option of a focused closed <select> with the arrow keys."""
    for _ in range(limit):
        if select.evaluate("el => el.options[el.selectedIndex].text") == label:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no option {label!r}")


def login_by_keyboard(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/cuenta/login/")
    tab_to(page, page.get_by_label("Nombre de usuario"))
    page.keyboard.type(username)
    tab_to(page, page.get_by_label("Contraseña"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_load_state()


def test_a_citizen_files_a_pqr_with_the_keyboard_only(keyboard_page, live_server, output_dir):
    page = keyboard_page
    page.goto(f"{live_server.url}/pqr/radicar/")
    # The skip link comes first and takes the keyboard past the header.
    page.keyboard.press("Tab")
    assert page.get_by_role("link", name="Saltar al contenido").evaluate(
        "el => el === document.activeElement")
    assert focus_is_visible(page)

    form = page.locator("#pqr-form")
    tab_to(page, form.locator("input[name=kind]").first)
    arrow_to(page, page.get_by_label("Petición: quiero pedir algo sobre mi servicio de energía"))
    tab_to(page, page.get_by_label("Cuéntenos qué pasó y qué solicita"))
    page.keyboard.type("Pido una copia de las facturas de los últimos seis meses.")

    id_type = page.get_by_label("Tipo de documento")
    tab_to(page, id_type)
    choose(page, id_type, "Cédula de ciudadanía")
    tab_to(page, page.get_by_label("Número de documento"))
    page.keyboard.type("52123456")
    tab_to(page, page.get_by_label("Nombres"))
    page.keyboard.type("Marta Lucía")
    tab_to(page, page.get_by_label("Apellidos"))
    page.keyboard.type("Suárez")
    tab_to(page, page.get_by_label("Teléfono celular o fijo"))
    page.keyboard.type("3157778899")
    tab_to(page, page.get_by_label("Correo electrónico", exact=True))
    page.keyboard.type("marta@example.com")
    tab_to(page, page.get_by_label("Dirección", exact=True))
    page.keyboard.type("Calle 72 # 50-10")
    municipality = page.get_by_label("Municipio")
    tab_to(page, municipality)
    page.keyboard.type("Barranquilla")  # a closed select picks by the typed prefix
    assert municipality.evaluate("el => el.options[el.selectedIndex].text").startswith(
        "Barranquilla")

    tab_to(page, form.locator("input[name=notify_by]:checked, input[name=notify_by]").first)
    arrow_to(page, page.get_by_label("Por correo electrónico", exact=True))
    consent = page.get_by_label("Acepto que me notifiquen por correo electrónico")
    tab_to(page, consent)
    page.keyboard.press("Space")
    data = page.get_by_label("Autorizo el tratamiento de mis datos personales")
    tab_to(page, data)
    page.keyboard.press("Space")
    assert consent.is_checked() and data.is_checked()

    tab_to(page, page.get_by_role("button", name="Radicar mi solicitud"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/pqr/radicada/**")
    case = Case.objects.get()
    assert page.locator("#radicado").inner_text().strip() == case.radicado
    assert case.customer.first_name == "Marta Lucía" and case.notify_email == "marta@example.com"
    page.screenshot(path=os.path.join(output_dir, "keyboard-citizen-filed.png"), full_page=True)


def test_the_back_office_finds_and_opens_a_case_with_the_keyboard(
        keyboard_page, live_server, frozen):
    make_user(Role.BACK_OFFICE, username="gestora")
    case = make_case(description="El medidor marca de más desde el cambio.")
    make_case()  # another case: the search must find the right one
    page = keyboard_page
    login_by_keyboard(page, live_server, "gestora")

    search = page.get_by_role("searchbox", name="Buscar un caso")
    tab_to(page, search)
    page.keyboard.type(case.radicado)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    link = page.get_by_role("link", name=case.radicado, exact=True).first
    tab_to(page, link)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/casos?/{case.pk}/"))
    assert case.radicado in page.get_by_role("heading", level=1).inner_text()


def type_into(page, target, text: str) -> None:
    tab_to(page, target)
    page.keyboard.type(text)


def test_a_brigadista_does_the_whole_acta_with_the_keyboard(
        keyboard_page, live_server, frozen, settings, tmp_path, output_dir):
    settings.MEDIA_ROOT = tmp_path / "media"
    office = make_user(Role.BACK_OFFICE, username="gestora")
    brigadista = make_user(Role.BRIGADISTA, username="brigada", first_name="Jhon",
                           last_name="Martínez")
    order = make_order(make_case(), office, address="Calle 72 # 45-10, Barranquilla")
    visit, _ = schedule(order, brigadista, office)
    page = keyboard_page
    login_by_keyboard(page, live_server, "brigada")

    page.wait_for_url("**/mis-visitas/")  # the brigadista's landing page
    tab_to(page, page.get_by_role("link", name="Abrir la visita"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{visit.get_absolute_url()}")

    # The safety check before the acta: every box by Space, the button by Enter.
    boxes = page.locator(".fv-check input[type=checkbox]")
    assert boxes.count() > 0
    for box in boxes.all():
        tab_to(page, box)
        page.keyboard.press("Space")
        assert box.is_checked()
    tab_to(page, page.get_by_role("button", name="Confirmar y comenzar"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/visita/{visit.pk}/acta/")
    assert page.get_by_label("Hora de llegada").input_value()  # now, filled in

    # The acta, top to bottom, by keyboard.
    departed = page.get_by_label("Hora de salida")
    type_into(page, departed, "1015")
    if not departed.input_value():  # a 12-hour field waits for its a. m. / p. m. part
        page.keyboard.type("a")
    assert departed.input_value() == "10:15"
    tab_to(page, page.locator("input[name=attendance]").first)
    arrow_to(page, page.get_by_label("Atendió la visita", exact=True))
    type_into(page, page.get_by_label("Nombre de quien atiende"), "María Fernanda Ortiz")
    type_into(page, page.get_by_label("Cédula de quien atiende"), "52123456")
    type_into(page, page.get_by_label("Relación con el predio", exact=False), "Propietaria")
    type_into(page, page.get_by_label("Marca del medidor"), "Itron")
    type_into(page, page.get_by_label("Serie del medidor"), "MTR-778899")
    meter_type = page.get_by_label("Tipo de medidor")
    tab_to(page, meter_type)
    choose(page, meter_type, "Electrónico monofásico")
    type_into(page, page.get_by_label("Lectura activa (kWh)"), "8765.4")
    none = page.get_by_label("Sin anomalías")
    tab_to(page, none)
    page.keyboard.press("Space")
    assert none.is_checked()

    # The signatures: no finger, no stylus. The button opens a field for the full name,
    # which is drawn on the pad; a screen reader hears that the signature was taken.
    for pad, name in (("sig-attendant", "María Fernanda Ortiz"),
                      ("sig-brigadista", "Jhon Martínez")):
        button = page.locator(f'[data-sig-type="{pad}"]')
        assert button.inner_text() == "Firmar con el teclado"
        tab_to(page, button)
        page.keyboard.press("Enter")
        field = page.locator(f"#{pad}-name")
        assert field.evaluate("el => el === document.activeElement"), focused(page)
        assert focus_is_visible(page)
        assert button.get_attribute("aria-expanded") == "true"
        page.keyboard.type(name)
        hidden = page.locator(f'#{page.locator(f"#{pad}").get_attribute("data-sig-input")}')
        assert hidden.input_value().startswith("data:image/png;base64,")
        assert page.locator(f"#{pad}-status").inner_text() == "Firma registrada."
    type_into(page, page.get_by_label("Su número de documento"), "1045000111")
    # The acta page is not in the page walk (its world's visit lacks the safety check).
    assert not axe_serious(page)
    page.screenshot(path=os.path.join(output_dir, "keyboard-acta-signed.png"), full_page=True)

    tab_to(page, page.get_by_role("button", name="Enviar el acta"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/visitas/actas/*/?enviada=*")
    acta = Acta.objects.get(visit=visit)
    assert acta.meter_serial == "MTR-778899" and acta.attendant_name == "María Fernanda Ortiz"
    # Both signatures are stored as drawn images with ink, and both are in the acta's PDF.
    for stored in (acta.signature_attendant, acta.signature_brigadista):
        assert inked(stored.open("rb").read())
    reader = PdfReader(acta.pdf.file.open("rb"))
    # WeasyPrint shares one resource dictionary between the pages: one entry per image.
    images = {image.name: image for page_ in reader.pages for image in page_.images}
    assert len(images) == 2 and all(inked(image.data) for image in images.values())
    text = " ".join(page_.extract_text() for page_ in reader.pages)
    assert "María Fernanda Ortiz · 52123456" in text and "Brigadista: Jhon Martínez" in text
    # Typed, not drawn: the acta says so under each signature.
    assert acta.signature_attendant_typed and acta.signature_brigadista_typed
    assert text.count("Firmó escribiendo su nombre en el teclado.") == 2


def inked(data: bytes) -> bool:
    """Whether an image has dark pixels (a signature, not a blank pad)."""
    image = Image.open(io.BytesIO(data)).convert("RGBA")
    white = Image.new("RGBA", image.size, "white")
    grey = Image.alpha_composite(white, image).convert("L")
    return grey.point(lambda v: 255 if v < 128 else 0).getbbox() is not None
