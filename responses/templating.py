"""
Merge fields for letter templates, done by plain substitution.

A template is HTML written by the coordinator with placeholders such as
{{radicado}}. Each placeholder is replaced once, in a single pass, by the
HTML-escaped value: a value that itself contains "{{ x }}", "{% ... %}" or
"<script>" is inserted as inert text and is never evaluated (the Django
template engine never sees citizen text). The result is then sanitised with
nh3, so even the coordinator's own HTML is limited to a safe subset.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import nh3
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h3", "h4",
                "blockquote", "table", "thead", "tbody", "tr", "th", "td", "span"}

# name -> Spanish description (shown to whoever writes templates).
FIELDS = {
    "radicado": "Radicado de entrada",
    "fecha_radicacion": "Fecha de radicación",
    "nombre": "Nombre del usuario",
    "documento": "Tipo y número de documento",
    "cuenta": "Cuenta (NIU)",
    "direccion": "Dirección de notificación",
    "municipio": "Municipio",
    "factura": "Número de factura",
    "asunto": "Asunto",
    "descripcion": "Texto de la solicitud (tal como la escribió el usuario)",
    "causal": "Causal",
    "tipo_solicitud": "Tipo de solicitud",
    "fecha_hoy": "Fecha de hoy",
    "empresa": "Nombre de la empresa",
    "valor_reclamado": "Valor reclamado",
    "valor_reconocido": "Valor reconocido o ajustado",
    "hallazgos_visita": "Hallazgos de la visita técnica",
    "radicado_recurrido": "Radicado de la decisión recurrida",
}


def sanitize_html(html: str) -> str:
    """Return `html` limited to the tags a letter may use (no scripts, no styles)."""
    return nh3.clean(html or "", tags=ALLOWED_TAGS, attributes={}, link_rel=None)


def unknown_fields(text: str) -> list[str]:
    """Return the placeholders of `text` that are not merge fields."""
    return sorted({m.group(1) for m in PLACEHOLDER.finditer(text or "")} - set(FIELDS))


def _money(value) -> str:
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return "$ " + f"{amount:,.0f}".replace(",", ".")


def merge(text: str, values: dict[str, str]) -> str:
    """
    Replace each {{field}} of `text` with the escaped value, in one pass.

    Unknown fields are left as they are (escaped), so a typo shows in review.
    """

    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            return escape(match.group(0))
        return escape(str(values[name] or "")).replace("\n", "<br>")

    return PLACEHOLDER.sub(replace, text or "")


def render_template_text(text: str, values: dict[str, str]) -> str:
    """Merge and sanitise: the HTML a draft starts from."""
    return sanitize_html(merge(text, values))


def _visit_findings(case) -> str:
    # field_visits records its outcome on the case timeline ("visit.completed");
    # read it from there instead of importing that app (responses may import
    # caserecord, intake and compliance only). The sentence is rendered from
    # the kind's registry entry.
    event = case.events.filter(kind="visit.completed").order_by("-created_at").first()
    if event is None:
        return ""
    data = event.data or {}
    parts = [event.summary.rstrip(".") + "."] if event.summary else []
    anomalies = data.get("anomalies") or []
    if isinstance(anomalies, list | tuple):
        anomalies = ", ".join(str(a).replace("_", " ") for a in anomalies)
    parts.append(f"Anomalías encontradas: {anomalies}." if anomalies
                 else "No se encontraron anomalías.")
    if data.get("meter_serial"):
        parts.append(f"Medidor serie {data['meter_serial']}.")
    return " ".join(parts)


def merge_values(case, *, amounts: dict | None = None, when=None) -> dict[str, str]:
    """Return the merge values of `case` (plain text; merge() escapes them)."""
    when = when or timezone.now()
    customer = case.customer
    amounts = amounts or {}
    return {
        "radicado": case.radicado,
        "fecha_radicacion": date_format(timezone.localtime(case.filed_at), "j \\d\\e F \\d\\e Y").lower(),
        "nombre": case.filer_name,  # typed on a web filing, never the record's
        "documento": f"{customer.id_type} {customer.id_number}",
        "cuenta": case.account_number,
        "direccion": case.postal_address,
        "municipio": str(case.municipality.name) if case.municipality_id else "",
        "factura": case.bill_number,
        "asunto": case.subject,
        "descripcion": case.description,
        "causal": case.causal.name if case.causal_id else "",
        "tipo_solicitud": str(case.get_kind_display()),
        "fecha_hoy": date_format(timezone.localtime(when), "j \\d\\e F \\d\\e Y").lower(),
        "empresa": settings.PQR_COMPANY_NAME,
        "valor_reclamado": _money(amounts.get("valor_reclamado")),
        "valor_reconocido": _money(amounts.get("valor_reconocido")),
        "hallazgos_visita": _visit_findings(case),
        "radicado_recurrido": case.parent.radicado if case.parent_id else "",
    }


def merge_plain(text: str, values: dict[str, str]) -> str:
    """Replace each {{field}} of plain `text` (escaped later, when it is rendered)."""

    def replace(match: re.Match) -> str:
        name = match.group(1)
        return str(values.get(name) or "") if name in values else match.group(0)

    return PLACEHOLDER.sub(replace, text or "")
