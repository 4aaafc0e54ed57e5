"""
The coordinator's page of the access log: who read or exported personal
data, when, what and how many rows (issue 11, item 6). Exporting the log is
itself a read of personal data, and is logged.
"""

import csv

from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from caserecord import policy
from caserecord.forms import AccessLogFilterForm
from caserecord.models import DataAccess
from caserecord.selectors import data_access_list
from caserecord.services import data_access_stream
from pqr_portal.access import policy_required
from pqr_portal.filtering import filter_values

PER_PAGE = 50
CITIZEN = "ciudadano"  # the actor column of a read made on the public pages


def _filtered(request):
    form = AccessLogFilterForm(request.GET or None)
    values = filter_values(request, form)
    query = request.GET.copy()
    query.pop("page", None)
    for name in form.errors:
        query.pop(name, None)
    return form, values, data_access_list(**AccessLogFilterForm.selector_args(values)), query


def _who(access: DataAccess) -> str:
    if access.actor is None:
        return _("Ciudadano (páginas públicas)")
    return access.actor.get_full_name() or access.actor.username


@policy_required(policy.can_view_access_log)
@require_GET
def access_log(request):
    form, _values, accesses, query = _filtered(request)
    page = Paginator(accesses, PER_PAGE).get_page(request.GET.get("page"))
    for access in page.object_list:
        access.who = _who(access)
    return render(request, "caserecord/access_log.html", {
        "page_title": _("Registro de accesos a datos personales"), "form": form,
        "page": page, "query": query.urlencode()})


def _log_rows(accesses):
    kinds = {k: str(v) for k, v in DataAccess.Kind.choices}
    for a in accesses.iterator(chunk_size=2000):
        yield [timezone.localtime(a.created_at).strftime("%Y-%m-%d %H:%M:%S"),
               a.actor.username if a.actor else CITIZEN, _who(a), kinds.get(a.kind, a.kind),
               a.source, a.case.radicado if a.case else "",
               f"{a.record_type}:{a.record_id}" if a.record_type else "",
               "" if a.rows is None else a.rows, a.ip or ""]


@policy_required(policy.can_view_access_log)
@require_GET
def access_log_export(request):
    """The filtered log as CSV; the export is a read of personal data too (logged)."""
    _form, _values, accesses, query = _filtered(request)
    name = "registro-accesos" + timezone.localtime().strftime("-%Y%m%d-%H%M") + ".csv"
    header = [_("fecha"), _("usuario"), _("nombre"), _("qué"), _("página"), _("radicado"),
              _("registro"), _("filas"), _("dirección IP")]
    # The trace is written when the stream ends: after the query ran, so the
    # export does not list itself.
    rows = data_access_stream(_log_rows(accesses), kind=DataAccess.Kind.ACCESS_LOG, request=request,
                              data={"filters": dict(query.lists()), "file": name})
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class _Echo:
    def write(self, value):
        return value
