"""
Upload size: every page that takes files refuses an oversized body with 413 before
reading one byte of it (pqr_portal.uploads, PQR_UPLOAD_FILES), whoever sends it.
"""

import inspect

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from intake.forms_public import MAX_FILES
from pqr_portal import uploads
from pqr_portal.roles import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db


class ExplodingBody:
    """A request body that fails the test if anything reads it."""

    def __init__(self):
        self.reads = 0

    def read(self, *args, **kwargs):
        self.reads += 1
        raise AssertionError("the body of an oversized request was read")

    readline = read

    def __iter__(self):
        self.read()


def named_urls():
    def walk(patterns, ns):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, f"{ns}{p.namespace}:" if p.namespace else ns)
            elif isinstance(p, URLPattern) and p.name:
                yield f"{ns}{p.name}", p

    yield from walk(get_resolver().url_patterns, "")


def url_of(name: str, pattern: URLPattern) -> str:
    kwargs = {}
    for key, converter in pattern.pattern.converters.items():
        kwargs[key] = 1 if converter.regex == "[0-9]+" else "x"
    return reverse(name, kwargs=kwargs)


FILE_URLS = sorted((name, p) for name, p in named_urls() if name in settings.PQR_UPLOAD_FILES)


def post_oversized(client, url: str, length: int):
    body = ExplodingBody()
    response = client.generic("POST", url, b"", content_type="multipart/form-data; boundary=x",
                              CONTENT_LENGTH=str(length), **{"wsgi.input": body})
    return response, body


def test_every_declared_upload_url_exists():
    names = {name for name, _ in named_urls()}
    declared = {n for n in settings.PQR_UPLOAD_FILES if not n.endswith(":*")}
    assert declared <= names, declared - names
    assert len(FILE_URLS) == len(declared) >= 14


def _reads_files(view) -> bool:
    """True when the view, or a helper of its module it calls, reads request.FILES."""
    func = inspect.unwrap(getattr(view, "view_class", view))
    module = inspect.getmodule(func)
    try:
        source = inspect.getsource(func)
    except (OSError, TypeError):
        return False
    if "request.FILES" in source:
        return True
    code = getattr(func, "__code__", None)
    for name in (code.co_names if code else ()):
        helper = getattr(module, name, None)
        if inspect.isfunction(helper) and inspect.getmodule(helper) is module:
            if "request.FILES" in inspect.getsource(helper):
                return True
    return False


def test_every_view_that_reads_files_declares_its_limit():
    readers = {name for name, p in named_urls() if _reads_files(p.callback)}
    assert "public:file" in readers and "compliance:term-suspend" in readers  # the scan works
    missing = {n for n in readers if uploads.files_allowed(n) == 0}
    assert not missing, f"add these URL names to PQR_UPLOAD_FILES: {sorted(missing)}"


@pytest.mark.parametrize("name,pattern", FILE_URLS, ids=[n for n, _ in FILE_URLS])
def test_an_oversized_upload_gets_413_in_spanish_without_its_body_being_read(client, name,
                                                                              pattern):
    client.force_login(make_user(Role.COORDINADOR))
    limit = uploads.max_request_bytes(name)
    response, body = post_oversized(client, url_of(name, pattern), limit + 1)
    assert response.status_code == 413
    html = response.content.decode()
    assert "Envío demasiado grande" in html and "No se guardó nada" in html
    assert body.reads == 0


def test_anonymous_oversized_staff_upload_is_refused_unread_too(client):
    response, body = post_oversized(client, reverse("intake:attachment-upload", args=[1]),
                                    uploads.max_request_bytes("intake:attachment-upload") + 1)
    assert response.status_code == 413 and body.reads == 0


def test_a_url_without_files_takes_only_form_data(client):
    client.force_login(make_user(Role.COORDINADOR))
    length = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + uploads.ENVELOPE_BYTES + 1
    response, body = post_oversized(client, reverse("intake:case-bulk-assign"), length)
    assert response.status_code == 413 and body.reads == 0
    assert "no recibe archivos" in response.content.decode()


def test_limits_follow_the_attachment_size_and_count(settings):
    settings.PQR_MAX_ATTACHMENT_BYTES = 1024
    assert uploads.files_allowed("public:file") == MAX_FILES
    assert uploads.max_request_bytes("public:file") == (
        MAX_FILES * 1024 + settings.DATA_UPLOAD_MAX_MEMORY_SIZE + uploads.ENVELOPE_BYTES)
    assert uploads.files_allowed("admin:intake_attachment_add") == 1
    assert uploads.files_allowed("intake:case-list") == 0


def test_a_body_within_the_limit_reaches_the_view(client, settings):
    """The check refuses only what is too large (the public form answers its own 400)."""
    response = client.post(reverse("public:file"), {"description": "x"})
    assert response.status_code in (400, 403)
