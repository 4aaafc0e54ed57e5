"""CSV export of the filtered case list, streamed row by row with no cap."""

import csv

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from caserecord.models import DataAccess
from caserecord.services import data_access_stream
from intake.choices import CaseKind, CaseStatus, Channel

COLUMNS = [
    ("radicado", "radicado"), ("filed_at", "radicado_el"), ("kind", "tipo"),
    ("channel", "canal"), ("status", "estado"), ("causal__code", "causal"),
    ("account_number", "cuenta"), ("bill_number", "factura"),
    ("customer__id_type", "tipo_documento"), ("customer__id_number", "documento"),
    ("customer__first_name", "nombres"), ("customer__last_name", "apellidos"),
    ("customer__business_name", "razon_social"), ("assignee__username", "responsable"),
    ("response_term__due_at", "vence"), ("response_term__band", "termino"),
]


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file-like object whose write() returns the line, for csv.writer."""

    def write(self, value):
        return value


def case_export_rows(queryset):
    """The rows of `queryset` as lists of COLUMNS (labels, local times, no formulas), streamed."""
    labels = {"kind": dict(CaseKind.choices), "channel": dict(Channel.choices),
              "status": dict(CaseStatus.choices)}
    fields = [f for f, _ in COLUMNS]
    # values_list + iterator(): server-side cursor on PostgreSQL, constant memory.
    for row in queryset.values_list(*fields).iterator(chunk_size=2000):
        out = []
        for name, value in zip(fields, row, strict=True):
            if name in labels:
                value = str(labels[name].get(value, value))
            elif hasattr(value, "tzinfo") and value is not None:
                value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            if isinstance(value, str) and value.startswith(FORMULA_START):
                value = "'" + value  # typed by citizens: never a formula in Excel
            out.append("" if value is None else value)
        yield out


def _rows(rows):
    writer = csv.writer(_Echo())
    # BOM so that Excel opens the accents right.
    yield "\ufeff" + writer.writerow([header for _, header in COLUMNS])
    for out in rows:
        yield writer.writerow(out)


def cases_csv_response(queryset, *, request, filters: dict) -> StreamingHttpResponse:
    """
    Return the cases of `queryset` as a streamed CSV download; the read is
    logged (DataAccess) with the filters and the rows sent.
    """
    name = _("casos") + timezone.localtime().strftime("-%Y%m%d-%H%M") + ".csv"
    rows = data_access_stream(case_export_rows(queryset), kind=DataAccess.Kind.EXPORT,
                              request=request, data={"list": "casos", "filters": filters,
                                                     "file": name})
    response = StreamingHttpResponse(_rows(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
