"""
The rows of the case list export: the columns and their values, streamed.

The download itself is the reports export (`reports:export?lista=casos`,
reports.export_lists): one export path, one rule (reports.policy.can_export_list),
one trace (DataAccess). Intake only says what a row of a case is.
"""

from django.utils import timezone

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
