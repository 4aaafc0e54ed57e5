"""
Bad input answers 4xx, never 500 (issue 11, item 10): a property-based sweep.

hypothesis draws hostile values (NUL bytes, "²" that passes str.isdigit(),
ids past bigint, slashes, dates like 2026-02-30, megabyte-free but long text)
and sends them:
- as the query string of every page of the resolver (staff pages as the
  coordinator and the brigadista, public pages anonymously);
- as the path parameters of every URL that takes one;
- as the fields of every public form (filing, tracking, recurso, survey, login,
  password reset; the notification's button reads no field).

Only the status is checked: anything below 500. Examples are few and the
deadline is off so the sweep stays within seconds on a loaded machine; the
fixed cases found by hand are in test_bad_input.py.
"""

from __future__ import annotations

import string
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pqr_portal.roles import Role
from tests.factories import make_case, make_user

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=20, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

HOSTILE = [
    "\x00", "²", "a/b", "9" * 30, "-1", "1.5", "2026-02-30", "' OR 1=1 --", "٣", "%00",
    "../../etc/passwd", "<script>alert(1)</script>", "", " ", "0", "1e9", "NaN", "None",
    "%", "2026-13-01", "0000-00-00", "31/12/2026", "99999-01-01", "T", "true", "ñandú",
    "🙂", "x" * 3000, "\r\n", "[]", "{}", "a\x00b",
]
NASTY = st.sampled_from(HOSTILE)
TEXT = st.one_of(NASTY, st.text(max_size=40), st.integers(-2**70, 2**70).map(str))

# Every name a view reads from the query string or a filter form (grep
# request.GET in the code, the filter forms' fields), plus any name at all.
PARAM_NAMES = [
    "q", "page", "p", "por_pagina", "fecha", "semana", "zona", "brigadista", "cliente", "caso",
    "code", "nc", "estado", "status", "tipo", "kind", "causal", "asignado", "canal", "banda",
    "desde", "hasta", "year", "month", "mes", "week", "day", "start", "area", "uso", "lista",
    "formato", "periodo", "ordering", "orden", "next", "radicado", "account_number", "visita",
    "fondo", "fallas", "enviada", "index", "term", "reason", "objective", "model_name",
    "field_name", "app_label", "alert_id", "action", "o", "_changelist_filters", "municipio",
]
QUERY = st.dictionaries(st.one_of(st.sampled_from(PARAM_NAMES), st.text(max_size=8)), TEXT,
                        max_size=4)

SKIP_PREFIXES = ("admin:",)  # the admin site is Django's own (and second-factor gated)
# Pages that stream or render PDFs and spreadsheets of the whole office: slow, not input-bound.
SKIP_NAMES = {"logout"}


def _patterns():
    def walk(patterns, ns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, f"{ns}{p.namespace}:" if p.namespace else ns,
                                prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and p.name:
                yield f"{ns}{p.name}", p

    return [(n, p) for n, p in walk(get_resolver().url_patterns, "", "")
            if not n.startswith(SKIP_PREFIXES) and n not in SKIP_NAMES]


def _plain_urls():
    """The URLs that take no path parameter (lists, forms, dashboards)."""
    return sorted(reverse(n) for n, p in _patterns() if not p.pattern.regex.groupindex)


def _parametrised():
    """(name, {param: converter}) for the URLs that take path parameters."""
    return sorted((n, dict(p.pattern.converters)) for n, p in _patterns()
                  if p.pattern.regex.groupindex)


def _fill(name: str, converters: dict, values: dict) -> str:
    """Reverse `name` with placeholders, then put the raw (quoted) values in their place."""
    from django.urls.converters import IntConverter

    placeholders, kwargs = {}, {}
    for i, (param, conv) in enumerate(converters.items()):
        token = str(7000 + i) if isinstance(conv, IntConverter) else f"zz{i}zz"
        placeholders[token] = values[param]
        kwargs[param] = token
    url = reverse(name, kwargs=kwargs)
    for token, value in placeholders.items():
        url = url.replace(token, value, 1)
    return url


def _value_for(converter) -> st.SearchStrategy[str]:
    from django.urls.converters import IntConverter

    if isinstance(converter, IntConverter):
        return st.one_of(st.integers(0, 2**80).map(str), st.just("0" * 40))
    safe = st.text(alphabet=st.characters(blacklist_characters="/?#"), min_size=1, max_size=60)
    return st.one_of(NASTY.filter(lambda v: v and "/" not in v), safe).map(
        lambda v: quote(v, safe=""))


@pytest.fixture
def people(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PQR_PUBLIC_RATE_LIMIT = settings.PQR_TRACK_RATE_LIMIT = "100000/h"
    settings.PQR_PASSWORD_RESET_RATE = "100000/h"
    return {"coordinador": make_user(Role.COORDINADOR, username="fuzz-coord"),
            "brigadista": make_user(Role.BRIGADISTA, username="fuzz-brig"),
            "anonymous": None}


def _as(client, people, who):
    client.logout()
    if people[who] is not None:
        client.force_login(people[who])


def _ok(answer, what):
    assert answer.status_code < 500, f"{what} answered {answer.status_code}"


# The values behind the 500s found so far: a digit str.isdigit() accepts and int()
# refuses; a slash (reversing a URL) and a quote. NUL bytes never reach a view
# (pqr_portal.middleware.NulByteMiddleware, test_bad_input.py).
POISON = ["²", "a/b '"]


def test_every_page_survives_hostile_values_in_every_parameter(client, people):
    """
    The deterministic pass: every page with every known parameter poisoned,
    every URL with path parameters once with hostile ones. hypothesis explores
    around it below.
    """
    from django.urls.converters import IntConverter

    wrong = []
    client.raise_request_exception = False  # list every 500, not only the first
    _as(client, people, "coordinador")
    for url in _plain_urls():
        for value in POISON:
            answer = client.get(url, dict.fromkeys(PARAM_NAMES, value))
            if answer.status_code >= 500:
                wrong.append(f"GET {url} with every parameter = {value!r}: {answer.status_code}")
    for name, converters in _parametrised():
        values = {p: str(2**70) if isinstance(c, IntConverter) else quote("a b²'", safe="")
                  for p, c in converters.items()}
        url = _fill(name, converters, values)
        answer = client.get(url)
        if answer.status_code >= 500:
            wrong.append(f"GET {url}: {answer.status_code}")
    assert not wrong, "\n".join(wrong)


@FUZZ
@given(data=st.data())
def test_every_page_survives_any_query_string(client, people, data):
    url = data.draw(st.sampled_from(_plain_urls()), label="url")
    who = data.draw(st.sampled_from(sorted(people)), label="as")
    params = data.draw(QUERY, label="query")
    _as(client, people, who)
    _ok(client.get(url, params), f"GET {url} {params!r} as {who}")


@FUZZ
@given(data=st.data())
def test_every_path_parameter_survives_any_value(client, people, data):
    name, converters = data.draw(st.sampled_from(_parametrised()), label="url")
    values = {p: data.draw(_value_for(c), label=p) for p, c in converters.items()}
    who = data.draw(st.sampled_from(sorted(people)), label="as")
    url = _fill(name, converters, values)
    _as(client, people, who)
    _ok(client.get(url), f"GET {url} as {who}")
    if who != "anonymous":
        _ok(client.post(url, data.draw(QUERY, label="form")), f"POST {url} as {who}")


# --- the public forms ----------------------------------------------------------------

def _form_fields(form_class) -> list[str]:
    return sorted(form_class.base_fields)


def _public_forms():
    from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm

    from intake.forms_public import PublicCaseForm, TrackForm
    from responses.forms import PublicRecursoForm

    return [
        (reverse("public:file"), _form_fields(PublicCaseForm)),
        (reverse("public:track"), _form_fields(TrackForm)),
        (reverse("responses_public:recurso"), _form_fields(PublicRecursoForm)),
        (reverse("login"), _form_fields(AuthenticationForm)),
        (reverse("password_reset"), _form_fields(PasswordResetForm)),
    ]


def _post_data(data, fields):
    chosen = data.draw(st.lists(st.sampled_from(fields), unique=True, max_size=len(fields)),
                       label="fields")
    return {f: data.draw(TEXT, label=f) for f in chosen}


@FUZZ
@given(data=st.data())
def test_every_public_form_survives_any_field_value(client, people, data):
    url, fields = data.draw(st.sampled_from(_public_forms()), label="form")
    payload = _post_data(data, fields)
    _ok(client.post(url, payload), f"POST {url} {payload!r}")


@pytest.fixture
def survey_link(people):
    """A live survey link (signed, single use): its form is only read behind it."""
    from reports.models import SatisfactionSurvey
    from reports.surveys import survey_token

    survey = SatisfactionSurvey.objects.create(
        case=make_case(), email="usuario@example.com",
        expires_at=timezone.now() + timedelta(days=10))
    return reverse("reports_public:survey", args=[survey_token(survey)])


@settings(max_examples=10, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_the_survey_form_survives_any_field_value(client, survey_link, data):
    payload = _post_data(data, ["clarity", "timeliness", "kindness", "overall", "comment"])
    _ok(client.post(survey_link, payload), f"POST {survey_link} {payload!r}")


def test_the_sweep_reaches_the_pages_it_claims():
    """A guard on the sweep itself: the lists are not empty and hold the public forms."""
    plain = _plain_urls()
    assert reverse("public:file") in plain and reverse("intake:case-list") in plain
    assert any(n == "intake:case-detail" for n, _c in _parametrised())
    assert set(string.ascii_lowercase) & set("".join(PARAM_NAMES))
