"""
The size of a request body, checked before anything reads it.

Every page that takes files declares how many in PQR_UPLOAD_FILES (settings,
keyed by URL name, "namespace:name", or a whole namespace as "namespace:*").
RequestSizeLimitMiddleware compares the declared Content-Length with

    files x PQR_MAX_ATTACHMENT_BYTES + DATA_UPLOAD_MAX_MEMORY_SIZE

(plus a small allowance for the multipart envelope) and answers 413 with a
Spanish page when it is larger. Any other URL takes no file: its limit is the
form-data allowance alone. It runs in process_view before CsrfViewMiddleware,
which would otherwise parse (and spool to disk) the whole upload to find the
CSRF token, and before the login check: no byte of an oversized body is read.

The reverse proxy caps the body too (deploy/nginx/pqr.conf client_max_body_size),
at the largest of these limits.
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _

# Boundaries, part headers and the CSRF token of a multipart body.
ENVELOPE_BYTES = 16 * 1024


def files_allowed(view_name: str | None) -> int:
    """Return how many files the URL named `view_name` takes (0 for any other URL)."""
    limits = settings.PQR_UPLOAD_FILES
    if not view_name:
        return 0
    if view_name in limits:
        return limits[view_name]
    namespace = view_name.rpartition(":")[0]
    return limits.get(f"{namespace}:*", 0) if namespace else 0


def max_request_bytes(view_name: str | None) -> int:
    """Return the largest body the URL named `view_name` accepts."""
    return (files_allowed(view_name) * settings.PQR_MAX_ATTACHMENT_BYTES
            + settings.DATA_UPLOAD_MAX_MEMORY_SIZE + ENVELOPE_BYTES)


def largest_request_bytes() -> int:
    """The largest body any URL accepts (what the reverse proxy must let through)."""
    most = max(settings.PQR_UPLOAD_FILES.values(), default=0)
    return (most * settings.PQR_MAX_ATTACHMENT_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            + ENVELOPE_BYTES)


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django reads no body with an unreadable Content-Length either


class RequestSizeLimitMiddleware:
    """Answer 413 to a body larger than its URL accepts, without reading it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        view_name = match.view_name if match else None
        limit = max_request_bytes(view_name)
        if _declared_length(request) <= limit:
            return None
        files = files_allowed(view_name)
        return render(request, "413.html", {
            "page_title": _("Envío demasiado grande"), "max_files": files,
            "max_mb": settings.PQR_MAX_ATTACHMENT_BYTES // (1024 * 1024),
            "back_url": request.path,
        }, status=413)
