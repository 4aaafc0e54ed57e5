"""
The one way HTML becomes PDF (WeasyPrint), with a URL fetcher that reads only
the app's own static files.

WeasyPrint fetches every URL a document names: images, stylesheets, fonts,
<object>, and <a rel="attachment">, which embeds the target file inside the
PDF. Letters carry text typed by staff and citizens, so a URL that slipped
past the sanitiser must never read the server's files (file:///etc/passwd,
the .env) nor reach the network (the metadata service, 127.0.0.1:6379).
StaticOnlyFetcher answers data: URIs (photos and signatures are embedded that
way) and the app's static files, found by django.contrib.staticfiles on disk
under SITE_URL + STATIC_URL; anything else is refused without any I/O.
"""

from __future__ import annotations

import logging
import mimetypes
from urllib.parse import unquote, urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)


class FetchRefused(ValueError):
    """A URL the PDF renderer may not read (WeasyPrint logs it and goes on without it)."""


def _static_path(url: str) -> str | None:
    """Return the static file `url` names under SITE_URL + STATIC_URL, or None."""
    from django.contrib.staticfiles import finders

    parts, site = urlsplit(url), urlsplit(settings.SITE_URL)
    if (parts.scheme, parts.netloc) != (site.scheme, site.netloc) or parts.query:
        return None
    static = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else (
        "/" + settings.STATIC_URL)
    path = unquote(parts.path)
    if not path.startswith(static):
        return None
    relative = path[len(static):]
    if not relative or ".." in relative.split("/") or "\\" in relative or "\x00" in relative:
        return None
    found = finders.find(relative)
    return found if isinstance(found, str) else None


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """data: URIs and the app's static files; nothing else, no network, no file://."""

        def __init__(self, **kwargs):
            super().__init__(allowed_protocols=("data", "http", "https"),
                             allow_redirects=False, **kwargs)

        def fetch(self, url, headers=None):
            if url[:5].lower() == "data:":
                return super().fetch(url, headers)  # decoded in memory, no I/O
            path = _static_path(url)
            if path is None:
                logger.warning("PDF rendering refused to fetch %.200s", url)
                raise FetchRefused(f"not fetched: {url[:200]}")
            with open(path, "rb") as fh:
                body = fh.read()
            mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": mime})

    return StaticOnlyFetcher


def url_fetcher():
    """Return the fetcher every PDF rendering uses."""
    return _fetcher_class()()


def html_to_pdf(html: str) -> bytes:
    """Render `html` to PDF bytes; relative URLs resolve against SITE_URL (static files only)."""
    import weasyprint

    base_url = settings.SITE_URL.rstrip("/") + "/"
    return weasyprint.HTML(string=html, base_url=base_url,
                           url_fetcher=url_fetcher()).write_pdf()
