"""
The templates keep the house plan too: an app's templates load no template-tag
library of an app its code may not import (the forbidden contracts of
import-linter in pyproject.toml), and the list pages take their export links
from the neutral registry (pqr_portal.export_links), so a page below reports
never loads a reports library.
"""

import re
import tomllib
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.template.backends.django import get_installed_libraries
from django.test import RequestFactory

from pqr_portal import export_links

ROOT = Path(settings.BASE_DIR)
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"][
    "contracts"]
LOAD = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")


def _forbidden() -> dict[str, set[str]]:
    """App -> the packages its code (so its templates) may not import."""
    out: dict[str, set[str]] = {}
    for contract in CONTRACTS:
        if contract["type"] != "forbidden":
            continue
        for source in contract["source_modules"]:
            out.setdefault(source, set()).update(contract["forbidden_modules"])
    return out


def _loads(path: Path) -> set[str]:
    return {name for match in LOAD.findall(path.read_text()) for name in match.split()
            if name != "from"}


def test_no_template_loads_a_library_its_app_may_not_import():
    libraries = get_installed_libraries()  # {"name": "package.templatetags.module"}
    wrong = []
    for app, forbidden in _forbidden().items():
        for path in sorted((ROOT / "templates" / app).rglob("*.html")):
            for name in _loads(path):
                module = libraries.get(name, "")
                if any(module == f or module.startswith(f"{f}.") for f in forbidden):
                    wrong.append(f"{path.relative_to(ROOT)} loads {name} ({module})")
    assert not wrong, "\n".join(wrong)


def test_the_case_list_loads_the_neutral_export_library():
    libraries = get_installed_libraries()
    page = ROOT / "templates" / "intake" / "staff" / "case_list.html"
    assert "list_exports" in _loads(page)
    assert libraries["list_exports"] == "pqr_portal.templatetags.list_exports"


@pytest.mark.django_db
def test_without_a_registered_builder_a_page_shows_no_export_links(monkeypatch,
                                                                  django_user_model):
    user = django_user_model.objects.create_user("alguien")
    request = RequestFactory().get("/")
    request.user = user
    html = ('{% load list_exports %}{% export_links_for "casos" "" as links %}'
            '[{{ links|length }}]{% export_links "casos" "" %}')
    monkeypatch.setattr(export_links, "BUILDERS", [])
    assert Template(html).render(Context({"request": request})).strip() == "[0]"
    # A builder registered: the page shows what it returns, for that user and list.
    seen = []

    def builder(u, lista, query):
        seen.append((u, lista, query))
        return [{"url": "/x?lista=casos&formato=csv", "label": "CSV", "fmt": "csv"}]

    export_links.register(builder)
    export_links.register(builder)  # twice: kept once
    out = Template(html).render(Context({"request": request}))
    assert out.startswith("[1]") and 'data-export="csv"' in out
    assert seen == [(user, "casos", "")] * 2


def test_reports_registers_its_links_at_start_up():
    from reports.export_lists import links_for

    assert links_for in export_links.BUILDERS
