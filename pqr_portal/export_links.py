"""
The export links of a list page, from whichever app serves the exports.

A list page shows "Exportar: CSV XLSX" with its current filters. The page may
belong to an app below the one that serves the exports (the case list lives in
intake, the exports in reports, and nobody imports reports): so the page asks
this neutral registry, through the template tags of
`pqr_portal/templatetags/list_exports.py`, and the serving app registers its
link builder here in its `AppConfig.ready` (reports: `reports.export_lists.links_for`).

A builder is `builder(user, lista, query) -> [{"url", "label", "fmt"}, ...]`:
it decides who may export (the rule stays in the serving app's policy) and
returns no links for a user who may not, or for a list it does not know.
With no builder registered a page shows no links.
"""

from __future__ import annotations

from collections.abc import Callable

LinkBuilder = Callable[[object, str, str], list[dict]]

BUILDERS: list[LinkBuilder] = []


def register(builder: LinkBuilder) -> None:
    """Add `builder` once (ready() may run twice in tests)."""
    if builder not in BUILDERS:
        BUILDERS.append(builder)


def export_links(user, lista: str, query: str = "") -> list[dict]:
    """The links `user` may follow to export the list `lista` with the filters in `query`."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return [link for builder in BUILDERS for link in builder(user, lista, query or "")]
