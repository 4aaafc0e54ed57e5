"""
{% export_links "casos" query %}: the CSV and XLSX links of an exportable list,
carrying the page's current filters; nothing for a user the reports policy
does not let export that list (reports.policy.can_export_list decides, not the template).
"""

from django import template
from django.http import QueryDict
from django.urls import reverse

from reports import export_lists, policy

register = template.Library()


@register.inclusion_tag("reports/_export_links.html", takes_context=True)
def export_links(context, lista: str, query: str = ""):
    request = context.get("request")
    user = getattr(request, "user", None)
    spec = export_lists.spec_get(lista)
    # The list's own rule: a list with a row per person or case is the coordinator's alone.
    if user is None or spec is None or not policy.can_export_list(user, spec):
        return {"links": []}
    params = QueryDict(query or "", mutable=True)
    for control in ("lista", "formato", "fondo", "page"):
        params.pop(control, None)
    base = reverse("reports:export")
    links = []
    for fmt, label in (("csv", "CSV"), ("xlsx", "XLSX")):
        q = params.copy()
        q["lista"], q["formato"] = lista, fmt
        links.append({"url": f"{base}?{q.urlencode()}", "label": label, "fmt": fmt})
    return {"links": links}
