"""Small generated images and a ready-to-visit order for the field_visits tests."""

import base64
import io
from datetime import date, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from field_visits import services
from field_visits.models import Acta, Seal


def png_data_url(blank: bool = False) -> str:
    img = Image.new("RGBA", (300, 120), (255, 255, 255, 0))
    if not blank:
        ImageDraw.Draw(img).line([(10, 100), (80, 20), (150, 90), (290, 15)], fill=(0, 0, 0, 255),
                                 width=4)
    out = io.BytesIO()
    img.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def jpeg_bytes(*, size=(2400, 1800), gps=True) -> bytes:
    img = Image.new("RGB", size, (200, 120, 40))
    ImageDraw.Draw(img).rectangle([100, 100, 900, 700], fill=(20, 60, 200))
    exif = Image.Exif()
    exif[0x0132] = "2026:11:20 09:15:00"
    exif.get_ifd(0x8769)[0x9003] = "2026:11:20 09:14:30"
    if gps:
        exif.get_ifd(0x8825).update({
            1: "N", 2: (10.0, 59.0, 24.0), 3: "W", 4: (74.0, 47.0, 42.0)})
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif, quality=90)
    return out.getvalue()


def jpeg_upload(name="medidor.jpg", **kw):
    return SimpleUploadedFile(name, jpeg_bytes(**kw), content_type="image/jpeg")


def next_weekday(days_ahead: int = 1) -> date:
    d = timezone.localdate() + timedelta(days=days_ahead)
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d


def make_order(case, actor, **kw):
    params = dict(case=case, actor=actor, reason="alto_consumo", address="Calle 10 # 20-30",
                  account_number=case.account_number, meter_serial="", priority=3,
                  instructions="Revisar medidor y acometida.", zone="Centro")
    params.update(kw)
    return services.order_create(**params)


def schedule(order, brigadista, actor, day=None, start=time(8), end=time(10), **kw):
    return services.visit_schedule(order=order, brigadista=brigadista,
                                   planned_date=day or timezone.localdate(), window_start=start,
                                   window_end=end, actor=actor, **kw)


ACTA_DATA = {
    "attendance": Acta.Attendance.PRESENT,
    "attendant_name": "María Fernanda Ortiz",
    "attendant_id_number": "52123456",
    "attendant_relation": "Propietaria",
    "meter_brand": "Itron",
    "meter_serial": "MTR-778899",
    "meter_type": "electronico_monofasico",
    "reading_active": "12345.60",
    "reading_reactive": "321.50",
    "anomalies": [Acta.Anomaly.SEAL_BROKEN],
    "anomalies_note": "Sello de la tapa principal roto.",
    "tests_performed": "Prueba de carga con 1 kW: error +1,2 %, dentro de la clase.",
    "user_observations": "La usuaria no está de acuerdo con el consumo facturado.",
    "copy_delivered": True,
    "brigadista_id_number": "80111222",
}
SEALS = [
    {"kind": Seal.Kind.FOUND, "number": "SF-1001", "location": "Tapa", "condition": "roto"},
    {"kind": Seal.Kind.INSTALLED, "number": "SI-2002", "location": "Tapa", "condition": "nuevo"},
]


def submit_acta(visit, brigadista, photos=None, signatures_typed=None, **overrides):
    data = {**ACTA_DATA, **overrides}
    return services.acta_submit(
        visit=visit, actor=brigadista, visit_date=visit.planned_date, arrived=time(8, 15),
        departed=time(9, 5), data=data, seals=SEALS,
        photos=[jpeg_upload()] if photos is None else photos,
        signature_attendant=png_data_url(), signature_brigadista=png_data_url(),
        signatures_typed=signatures_typed,
    )
