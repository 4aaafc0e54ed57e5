"""
Photos and signatures of an acta: checked by content and normalised with Pillow.

No ORM here. Photos are re-encoded as JPEG no wider or taller than
PHOTO_MAX_SIDE, which drops every EXIF tag; the two facts worth keeping
(when the photo was taken and where) are read first and returned as data.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

PHOTO_MAX_SIDE = 1600
PHOTO_QUALITY = 80
PHOTO_MAX_BYTES = 15 * 1024 * 1024
PHOTO_MAX_PIXELS = 50_000_000
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP", "MPO"}
SIGNATURE_MAX_BYTES = 600 * 1024
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class ImageRejected(ValueError):
    """The bytes are not an acceptable image; `code` says why (views translate it)."""

    def __init__(self, code: str):
        self.code = code
        super().__init__(code)


@dataclass(frozen=True)
class ProcessedPhoto:
    content: bytes
    sha256: str
    width: int
    height: int
    taken_at: datetime | None  # naive: the phone's local clock, as EXIF stores it
    latitude: Decimal | None
    longitude: Decimal | None


def _gps_to_decimal(values, ref) -> Decimal | None:
    try:
        deg, minutes, seconds = (float(v) for v in values)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    value = deg + minutes / 60 + seconds / 3600
    if ref in ("S", "W", b"S", b"W"):
        value = -value
    return Decimal(f"{value:.6f}")


def _exif_facts(img: Image.Image) -> tuple[datetime | None, Decimal | None, Decimal | None]:
    """Return (taken_at, latitude, longitude) from the EXIF of `img`, when present."""
    try:
        exif = img.getexif()
    except Exception:  # noqa: BLE001 - broken EXIF is common; the photo is still good
        return None, None, None
    taken_at = None
    sub = exif.get_ifd(ExifTags.IFD.Exif)
    raw = sub.get(ExifTags.Base.DateTimeOriginal) or exif.get(ExifTags.Base.DateTime)
    if raw:
        try:
            taken_at = datetime.strptime(str(raw).strip("\x00 "), "%Y:%m:%d %H:%M:%S")  # noqa: DTZ007
        except ValueError:
            taken_at = None
    lat = lon = None
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    if gps:
        lat = _gps_to_decimal(gps.get(ExifTags.GPS.GPSLatitude), gps.get(ExifTags.GPS.GPSLatitudeRef))
        lon = _gps_to_decimal(gps.get(ExifTags.GPS.GPSLongitude),
                              gps.get(ExifTags.GPS.GPSLongitudeRef))
        if lat is not None and not (-90 <= lat <= 90):
            lat = None
        if lon is not None and not (-180 <= lon <= 180):
            lon = None
        if lat is None or lon is None:
            lat = lon = None
    return taken_at, lat, lon


def process_photo(data: bytes) -> ProcessedPhoto:
    """Check that `data` is a photo, read its time and place, and return it resized as JPEG."""
    if len(data) > PHOTO_MAX_BYTES:
        raise ImageRejected("too_large")
    try:
        img = Image.open(io.BytesIO(data))
        if img.format not in PHOTO_FORMATS:
            raise ImageRejected("not_photo")
        if img.width * img.height > PHOTO_MAX_PIXELS:
            raise ImageRejected("too_large")
        taken_at, lat, lon = _exif_facts(img)
        img = ImageOps.exif_transpose(img)
        img.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
        if img.mode not in ("RGB", "L"):
            img = img.convert("RGB")
        out = io.BytesIO()
        img.save(out, format="JPEG", quality=PHOTO_QUALITY, optimize=True)
    except ImageRejected:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ImageRejected("not_photo")
    content = out.getvalue()
    return ProcessedPhoto(content=content, sha256=hashlib.sha256(content).hexdigest(),
                          width=img.width, height=img.height, taken_at=taken_at,
                          latitude=lat, longitude=lon)


def decode_signature(data_url: str) -> bytes:
    """
    Return the PNG bytes of a canvas signature posted as a data URL.

    Refuse anything that is not a real PNG, is too large, or is blank (a
    canvas nobody drew on).
    """
    prefix = "data:image/png;base64,"
    if not data_url or not data_url.startswith(prefix):
        raise ImageRejected("missing")
    try:
        raw = base64.b64decode(data_url[len(prefix):], validate=True)
    except (binascii.Error, ValueError):
        raise ImageRejected("not_png")
    if len(raw) > SIGNATURE_MAX_BYTES:
        raise ImageRejected("too_large")
    if not raw.startswith(PNG_MAGIC):
        raise ImageRejected("not_png")
    try:
        img = Image.open(io.BytesIO(raw))
        img.verify()
        img = Image.open(io.BytesIO(raw))
        if img.format != "PNG" or img.width > 3000 or img.height > 2000:
            raise ImageRejected("not_png")
        rgba = img.convert("RGBA")
    except ImageRejected:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ImageRejected("not_png")
    # Drawn strokes are opaque, non-white pixels; a blank canvas has none.
    alpha = rgba.getchannel("A")
    ink = Image.eval(rgba.convert("L"), lambda v: 255 if v < 200 else 0)
    drawn = Image.composite(ink, Image.new("L", rgba.size, 0), alpha)
    if drawn.getbbox() is None:
        raise ImageRejected("blank")
    return raw
