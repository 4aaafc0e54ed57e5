"""
{% export_links "casos" query %}: the CSV and XLSX links of an exportable list,
carrying the page's current filters; nothing for a user who may not export it.
{% export_links_for "casos" query as links %} gives the same links as a list
(a page that also words a message on whether the user may export).

The links come from pqr_portal.export_links (reports registers there): a page
of any app loads this library, never the reports app's own.
"""

from django import template

from pqr_portal import export_links as registry

register = template.Library()


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None)


@register.simple_tag(takes_context=True)
def export_links_for(context, lista: str, query: str = "") -> list[dict]:
    return registry.export_links(_user(context), lista, query)


@register.inclusion_tag("includes/export_links.html", takes_context=True)
def export_links(context, lista: str, query: str = ""):
    return {"links": registry.export_links(_user(context), lista, query)}
