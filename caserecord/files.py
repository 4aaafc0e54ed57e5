"""Upload validation: by content (magic bytes), never by the file name."""

import hashlib
import re
import unicodedata

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

ALLOWED_MIME = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
    "image/heic": "heic",
    "image/tiff": "tif",
    # Office documents (docx, xlsx are ZIP containers; doc/xls are OLE2).
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/msword": "doc",
    "application/vnd.ms-excel": "xls",
    "application/vnd.oasis.opendocument.text": "odt",
}


def sniff(head: bytes) -> str | None:
    """Return the MIME type the bytes really are, or None when unknown."""
    kind = filetype.guess(head)
    if kind is None:
        return None
    if kind.mime == "application/zip":
        return None  # a bare ZIP is not an office document
    if kind.mime == "application/x-ole-storage":
        return "application/msword"
    return kind.mime


def validate_upload(uploaded) -> tuple[str, str]:
    """
    Check an uploaded file; return (mime type, sha256 hex).

    Raise ValidationError with a Spanish message when it is too large or its
    content is not an allowed type (an executable renamed .pdf is refused).
    """
    limit = settings.PQR_MAX_ATTACHMENT_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            _("El archivo «%(name)s» pesa %(size)s; el máximo es %(limit)s.")
            % {"name": uploaded.name, "size": filesizeformat(uploaded.size),
               "limit": filesizeformat(limit)},
            code="too_large",
        )
    uploaded.seek(0)
    head = uploaded.read(8192)
    mime = sniff(head)
    if mime not in ALLOWED_MIME:
        raise ValidationError(
            _("El archivo «%(name)s» no es un PDF, una imagen ni un documento de oficina "
              "válido.") % {"name": uploaded.name},
            code="bad_type",
        )
    digest = hashlib.sha256()
    uploaded.seek(0)
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return mime, digest.hexdigest()


# Extensions of the documents the system generates itself (never uploaded).
_GENERATED_EXT = {"text/csv": "csv", "application/json": "json", "text/plain": "txt"}
_SAFE_STEM_MAX = 80


def extension_for(mime: str) -> str:
    """Return the file extension of a detected MIME type ("bin" when unknown)."""
    return ALLOWED_MIME.get(mime) or _GENERATED_EXT.get(mime) or "bin"


def safe_filename(name: str, mime: str) -> str:
    """
    Return `<safe name>.<extension of the detected type>` for a file.

    The name keeps only ASCII letters, digits, "-" and "_" (accents folded), and
    whatever extension the sender typed is replaced by the one of the
    content: "cedula.bat" holding a PDF becomes "cedula.pdf", so nobody
    downloads and opens a file as something it is not.
    """
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9_]+", "-", ascii_stem).strip("-_")[:_SAFE_STEM_MAX].strip("-_")
    return f"{stem or 'archivo'}.{extension_for(mime)}"
